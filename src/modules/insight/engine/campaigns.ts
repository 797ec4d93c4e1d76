/**
 * Campaigns and duplicates among a consultation's responses (pure: no database).
 *
 * - Exact duplicates: the same words once case, punctuation and spacing are ignored.
 * - Near duplicates: word 3-shingles, MinHash (64 hashes) with LSH (16 bands of 4: two answers
 *   with Jaccard 0.8 collide in some band with probability 0.9998), every candidate then checked
 *   exactly: Jaccard ≥ 0.8 joins them.
 * - Form letters: the commonest wording of any exact or near group of at least FORM_LETTER_MIN
 *   answers, if at least MIN_TEMPLATE_WORDS (20) words long, is a template; every answer containing at least 80% of the template's shingles is one
 *   of its letters, whatever the respondent added around it.
 * - Bursts: at least BURST_MIN responses from one network-and-browser marker within 60 seconds.
 * Answers under 6 words are never grouped by text ("No", "Agree") — they are not campaigns.
 */
import { fnv1a, seededRandom } from './random.ts';
import { rawTokens } from './text.ts';

export const NEAR_JACCARD = 0.8;
export const FORM_CONTAINMENT = 0.8;
export const FORM_LETTER_MIN = 5;
export const BURST_MIN = 5;
export const BURST_WINDOW_MS = 60_000;
const MIN_WORDS = 6;
/** A template must be a letter, not a common sentence that many longer answers happen to contain. */
export const MIN_TEMPLATE_WORDS = 20;
const HASHES = 64;
const BANDS = 16;
const ROWS = HASHES / BANDS;

export interface CampaignInput {
  id: string;
  text: string;
  submittedAt: Date;
  marker: string | null;
}

export type CampaignKind = 'exact' | 'near' | 'form_letter' | 'burst';

export interface CampaignGroup {
  kind: CampaignKind;
  signature: string;
  label: string;
  example: string;
  members: string[];
  firstAt: Date;
  lastAt: Date;
}

function shingles(words: string[]): Uint32Array {
  const set = new Set<number>();
  if (words.length < 3) set.add(fnv1a(words.join(' ')));
  for (let i = 0; i + 3 <= words.length; i++) set.add(fnv1a(`${words[i]} ${words[i + 1]} ${words[i + 2]}`));
  return Uint32Array.from(set).sort();
}

function jaccard(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let both = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      both++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return both / (a.length + b.length - both);
}

const random = seededRandom(0x5eed);
const SALTS = Uint32Array.from({ length: HASHES }, () => Math.floor(random() * 0xffffffff));

function minhash(set: Uint32Array): Uint32Array {
  const sig = new Uint32Array(HASHES).fill(0xffffffff);
  for (let s = 0; s < set.length; s++) {
    const x = set[s]!;
    for (let h = 0; h < HASHES; h++) {
      let v = (x ^ SALTS[h]!) >>> 0;
      v = Math.imul(v ^ (v >>> 16), 0x85ebca6b);
      v = Math.imul(v ^ (v >>> 13), 0xc2b2ae35);
      v = (v ^ (v >>> 16)) >>> 0;
      if (v < sig[h]!) sig[h] = v;
    }
  }
  return sig;
}

class UnionFind {
  parent: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
  }
  find(x: number): number {
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]!]!;
      x = this.parent[x]!;
    }
    return x;
  }
  union(a: number, b: number) {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

const excerpt = (text: string, words = 12) => {
  const parts = text.trim().split(/\s+/);
  return parts.length > words ? `${parts.slice(0, words).join(' ')}…` : text.trim();
};

function span(members: CampaignInput[]) {
  let first = members[0]!.submittedAt;
  let last = first;
  for (const m of members) {
    if (m.submittedAt < first) first = m.submittedAt;
    if (m.submittedAt > last) last = m.submittedAt;
  }
  return { firstAt: first, lastAt: last };
}

/** Finds the groups described above. Deterministic for the same responses. */
export function detectCampaigns(responses: CampaignInput[]): CampaignGroup[] {
  // Distinct wordings first: exact duplicates share one entry.
  const byText = new Map<string, number>();
  const texts: { key: string; words: string[]; members: number[] }[] = [];
  responses.forEach((r, i) => {
    const words = rawTokens(r.text);
    if (words.length < MIN_WORDS) return;
    const key = words.join(' ');
    let t = byText.get(key);
    if (t === undefined) {
      t = texts.length;
      byText.set(key, t);
      texts.push({ key, words, members: [] });
    }
    texts[t]!.members.push(i);
  });

  const sets = texts.map((t) => shingles(t.words));
  const uf = new UnionFind(texts.length);
  const buckets = new Map<string, number>();
  for (let t = 0; t < texts.length; t++) {
    const sig = minhash(sets[t]!);
    for (let b = 0; b < BANDS; b++) {
      let h = 0x811c9dc5 ^ b;
      for (let r = 0; r < ROWS; r++) h = Math.imul(h ^ sig[b * ROWS + r]!, 0x01000193);
      const key = `${b}:${h >>> 0}`;
      const leader = buckets.get(key);
      if (leader === undefined) buckets.set(key, t);
      else if (uf.find(leader) !== uf.find(t) && jaccard(sets[leader]!, sets[t]!) >= NEAR_JACCARD) uf.union(leader, t);
    }
  }
  const components = new Map<number, number[]>();
  for (let t = 0; t < texts.length; t++) {
    const root = uf.find(t);
    const list = components.get(root);
    if (list) list.push(t);
    else components.set(root, [t]);
  }

  const size = (ts: number[]) => ts.reduce((a, t) => a + texts[t]!.members.length, 0);
  const commonest = (ts: number[]) =>
    ts.reduce((best, t) => (texts[t]!.members.length > texts[best]!.members.length ? t : best), ts[0]!);

  // Form letters: templates from the larger groups, then containment over every wording.
  const templates = [...components.values()]
    .filter((ts) => size(ts) >= FORM_LETTER_MIN)
    .map(commonest)
    .filter((t) => texts[t]!.words.length >= MIN_TEMPLATE_WORDS);
  const templateOf = new Map<number, number>();
  const shingleToTemplates = new Map<number, number[]>();
  templates.forEach((t, ti) => {
    for (const s of sets[t]!) {
      const list = shingleToTemplates.get(s);
      if (list) list.push(ti);
      else shingleToTemplates.set(s, [ti]);
    }
  });
  if (templates.length) {
    // Only the templates a text shares a shingle with are counted (and reset), never all of them.
    const hits = new Int32Array(templates.length);
    const touched: number[] = [];
    for (let t = 0; t < texts.length; t++) {
      for (const ti of touched) hits[ti] = 0;
      touched.length = 0;
      for (const s of sets[t]!) {
        for (const ti of shingleToTemplates.get(s) ?? []) {
          if (hits[ti] === 0) touched.push(ti);
          hits[ti]!++;
        }
      }
      let best = -1;
      let bestShare = 0;
      for (const ti of touched) {
        const share = hits[ti]! / sets[templates[ti]!]!.length;
        if (share >= FORM_CONTAINMENT && (share > bestShare || (share === bestShare && ti < best))) {
          best = ti;
          bestShare = share;
        }
      }
      if (best >= 0) templateOf.set(t, best);
    }
  }

  const groups: CampaignGroup[] = [];
  const formMembers = new Map<number, number[]>();
  for (const [t, ti] of templateOf) {
    const list = formMembers.get(ti);
    if (list) list.push(t);
    else formMembers.set(ti, [t]);
  }
  const inFormLetter = new Set<number>();
  for (const [ti, ts] of formMembers) {
    if (size(ts) < FORM_LETTER_MIN) continue;
    ts.forEach((t) => inFormLetter.add(t));
    const template = texts[templates[ti]!]!;
    const members = ts.flatMap((t) => texts[t]!.members).sort((a, b) => a - b);
    const rows = members.map((i) => responses[i]!);
    groups.push({
      kind: 'form_letter',
      signature: `form_letter:${fnv1a(template.key).toString(16)}`,
      label: `Form letter: “${excerpt(responses[template.members[0]!]!.text)}”`,
      example: responses[template.members[0]!]!.text,
      members: rows.map((r) => r.id),
      ...span(rows),
    });
  }
  for (const ts of components.values()) {
    const rest = ts.filter((t) => !inFormLetter.has(t));
    const members = rest.flatMap((t) => texts[t]!.members).sort((a, b) => a - b);
    if (members.length < 2) continue;
    const lead = commonest(rest);
    const rows = members.map((i) => responses[i]!);
    const kind: CampaignKind = rest.length > 1 ? 'near' : 'exact';
    groups.push({
      kind,
      signature: `${kind}:${fnv1a(texts[lead]!.key).toString(16)}`,
      label: `${kind === 'exact' ? 'Identical answers' : 'Nearly identical answers'}: “${excerpt(responses[texts[lead]!.members[0]!]!.text)}”`,
      example: responses[texts[lead]!.members[0]!]!.text,
      members: rows.map((r) => r.id),
      ...span(rows),
    });
  }

  // Bursts: one marker, BURST_MIN or more responses inside any 60-second window.
  const byMarker = new Map<string, CampaignInput[]>();
  for (const r of responses) {
    if (!r.marker) continue;
    const list = byMarker.get(r.marker);
    if (list) list.push(r);
    else byMarker.set(r.marker, [r]);
  }
  for (const [marker, list] of [...byMarker].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (list.length < BURST_MIN) continue;
    list.sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime() || (a.id < b.id ? -1 : 1));
    const inBurst = new Set<number>();
    let start = 0;
    for (let end = 0; end < list.length; end++) {
      while (list[end]!.submittedAt.getTime() - list[start]!.submittedAt.getTime() > BURST_WINDOW_MS) start++;
      if (end - start + 1 >= BURST_MIN) for (let i = start; i <= end; i++) inBurst.add(i);
    }
    if (!inBurst.size) continue;
    const rows = [...inBurst].sort((a, b) => a - b).map((i) => list[i]!);
    const { firstAt, lastAt } = span(rows);
    groups.push({
      kind: 'burst',
      signature: `burst:${marker}:${Math.floor(firstAt.getTime() / 60_000)}`,
      label: `${rows.length} responses from one network and browser within a minute`,
      example: rows[0]!.text,
      members: rows.map((r) => r.id),
      firstAt,
      lastAt,
    });
  }
  return groups.sort((a, b) => b.members.length - a.members.length || (a.signature < b.signature ? -1 : 1));
}
