/**
 * Theme suggestion for one question's written answers: wink-nlp lemmas → TF-IDF (unigrams and
 * bigrams, pruned vocabulary) → seeded spherical k-means with k chosen by the rule in kmeans.ts.
 * The vocabulary and clusters are fitted on a seeded sample (FIT_SAMPLE answers), then every
 * answer is assigned to its nearest centroids, so 100,000 answers cost one linear pass.
 */
import { chooseK, sphericalKMeans } from './kmeans.ts';
import { sampleIndices, seededRandom } from './random.ts';
import { stanceOf, type Stance } from './stance.ts';
import { Lexicon, rawTokens, terms } from './text.ts';
import { buildVocabulary, dot, vectorise, type SparseVector } from './vectors.ts';

export const METHOD = 'tfidf-bigram-spherical-kmeans';
/** Bump when anything changes what a run would suggest for the same answers. */
export const METHOD_VERSION = '1.2.0 (wink-nlp 2.4.0, wink-eng-lite-web-model 1.8.1)';
export const DEFAULT_SEED = 20261204;
export const FIT_SAMPLE = 6000;
const K_SAMPLE = 2500;
const RESTARTS = 3;
/** A second theme is suggested when its similarity is at least this share of the best one's. */
const SECOND_THEME_SHARE = 0.75;
const MIN_SIMILARITY = 0.08;

export interface AnswerInput {
  id: string;
  text: string;
}

export interface SuggestedTheme {
  label: string;
  words: string[];
  phrases: string[];
  count: number;
  /** Indices into the input of the 3 answers nearest the theme's centre. */
  quotes: number[];
  stances: Record<Stance, number>;
}

export interface AnswerSuggestion {
  answer: number;
  theme: number;
  /** 0–1: similarity to the theme's centre, relative to the theme's most central answer. */
  confidence: number;
  rank: number;
  stance: Stance | null;
}

export interface ThemeRun {
  method: string;
  version: string;
  seed: number;
  k: number;
  silhouettes: { k: number; silhouette: number }[];
  vocabularySize: number;
  fittedOn: number;
  themes: SuggestedTheme[];
  suggestions: AnswerSuggestion[];
  /** Answers with no word in the vocabulary (too short, or only common words). */
  unassigned: number;
}

export type Progress = (fraction: number, stage: string) => Promise<void> | void;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The commonest spelling of each lemma in these answers ("fly tip" reads "fly tipping"), for labels. */
function surfaceForms(texts: string[], lexicon: Lexicon): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const text of texts) {
    for (const token of rawTokens(text)) {
      const word = lexicon.lookup(token);
      if (word.stop) continue;
      const forms = counts.get(word.lemma) ?? new Map<string, number>();
      forms.set(token, (forms.get(token) ?? 0) + 1);
      counts.set(word.lemma, forms);
    }
  }
  const out = new Map<string, string>();
  for (const [lemma, forms] of counts) {
    out.set(lemma, [...forms].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0]);
  }
  return out;
}

export async function suggestThemes(
  answers: AnswerInput[],
  options: { seed?: number; onProgress?: Progress; /** Forces k (splitting a theme in two). */ k?: number } = {},
): Promise<ThemeRun> {
  const seed = options.seed ?? DEFAULT_SEED;
  const progress = options.onProgress ?? (() => undefined);
  const random = seededRandom(seed);
  const lexicon = new Lexicon();

  await progress(0.02, 'Reading the answers');
  // Surface forms: the commonest spelling of each lemma, for labels people recognise.
  const docs: string[][] = new Array<string[]>(answers.length);
  const CHUNK = 5000;
  for (let start = 0; start < answers.length; start += CHUNK) {
    for (let i = start; i < Math.min(answers.length, start + CHUNK); i++) docs[i] = terms(answers[i]!.text, lexicon);
    await progress(0.02 + 0.38 * Math.min(1, (start + CHUNK) / Math.max(1, answers.length)), 'Reading the answers');
  }

  const fitIdx = sampleIndices(answers.length, FIT_SAMPLE, random);
  const vocab = buildVocabulary(fitIdx.map((i) => docs[i]!));
  const dims = vocab.terms.length;
  const fitVectors = fitIdx.map((i) => vectorise(docs[i]!, vocab)).filter((v) => v.idx.length > 0);
  await progress(0.45, 'Choosing the number of themes');

  if (fitVectors.length < 4 || dims < 2) {
    return {
      method: METHOD, version: METHOD_VERSION, seed, k: 0, silhouettes: [], vocabularySize: dims,
      fittedOn: fitVectors.length, themes: [], suggestions: [], unassigned: answers.length,
    };
  }
  const kSample = sampleIndices(fitVectors.length, K_SAMPLE, random).map((i) => fitVectors[i]!);
  const { k, scores } = options.k ? { k: Math.min(options.k, fitVectors.length), scores: [] } : chooseK(kSample, dims, seed);
  await progress(0.6, 'Grouping the answers');

  let best = sphericalKMeans(fitVectors, k, dims, seed);
  for (let r = 1; r < RESTARTS; r++) {
    const fit = sphericalKMeans(fitVectors, k, dims, seed + 1000 * r);
    if (fit.cohesion > best.cohesion) best = fit;
  }
  const centroids = best.centroids;
  await progress(0.7, 'Suggesting themes for every answer');

  // Assign every answer: nearest centroid, and a second theme when nearly as close.
  const primary = new Int32Array(answers.length).fill(-1);
  const sims: Float64Array[] = new Array<Float64Array>(answers.length);
  const vectors: SparseVector[] = new Array<SparseVector>(answers.length);
  const topSim = new Float64Array(k);
  for (let start = 0; start < answers.length; start += CHUNK) {
    for (let i = start; i < Math.min(answers.length, start + CHUNK); i++) {
      const v = vectorise(docs[i]!, vocab);
      vectors[i] = v;
      if (!v.idx.length) continue;
      const s = new Float64Array(k);
      let bj = -1;
      for (let j = 0; j < k; j++) {
        s[j] = dot(v, centroids[j]!);
        if (bj < 0 || s[j]! > s[bj]!) bj = j;
      }
      sims[i] = s;
      if (s[bj]! < MIN_SIMILARITY) continue;
      primary[i] = bj;
      if (s[bj]! > topSim[bj]!) topSim[bj] = s[bj]!;
    }
    await progress(0.7 + 0.2 * Math.min(1, (start + CHUNK) / answers.length), 'Suggesting themes for every answer');
  }

  // Defining terms: weight in this centre minus the mean weight in the others.
  const themes: SuggestedTheme[] = [];
  const ranked: string[][] = [];
  for (let j = 0; j < k; j++) {
    const scored: [number, number][] = [];
    for (let t = 0; t < dims; t++) {
      let others = 0;
      for (let o = 0; o < k; o++) if (o !== j) others += centroids[o]![t]!;
      const score = centroids[j]![t]! - others / Math.max(1, k - 1);
      if (score > 0) scored.push([t, score]);
    }
    scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const top = scored.map(([t]) => vocab.terms[t]!);
    ranked.push(top.slice(0, 12));
    const words = top.filter((t) => !t.includes(' ')).slice(0, 6);
    const phrases = top.filter((t) => t.includes(' ')).slice(0, 4);
    themes.push({ label: '', words, phrases, count: 0, quotes: [], stances: { supports: 0, opposes: 0, mixed: 0 } });
  }

  const suggestions: AnswerSuggestion[] = [];
  const nearest: { i: number; s: number }[][] = Array.from({ length: k }, () => []);
  let unassigned = 0;
  for (let i = 0; i < answers.length; i++) {
    const j = primary[i]!;
    if (j < 0) {
      unassigned++;
      continue;
    }
    const s = sims[i]!;
    themes[j]!.count++;
    nearest[j]!.push({ i, s: s[j]! });
    const picks = [j];
    let second = -1;
    for (let o = 0; o < k; o++) if (o !== j && s[o]! >= SECOND_THEME_SHARE * s[j]! && (second < 0 || s[o]! > s[second]!)) second = o;
    if (second >= 0) picks.push(second);
    picks.forEach((theme, rank) => {
      const t = themes[theme]!;
      const stance = stanceOf(answers[i]!.text, [...t.words.slice(0, 3), ...t.phrases.slice(0, 2)]);
      if (stance && rank === 0) t.stances[stance]++;
      suggestions.push({
        answer: i,
        theme,
        confidence: Math.round(Math.min(1, s[theme]! / (topSim[theme]! || 1)) * 1000) / 1000,
        rank,
        stance,
      });
    });
  }

  // Quotes: the three answers nearest the centre, different in wording, not too long to read.
  for (let j = 0; j < k; j++) {
    const seen = new Set<string>();
    const ordered = nearest[j]!.sort((a, b) => b.s - a.s || a.i - b.i);
    const pick = (maxLength: number) => {
      for (const { i } of ordered) {
        if (themes[j]!.quotes.length >= 3) return;
        const text = answers[i]!.text;
        const key = rawTokens(text).join(' ');
        if (seen.has(key) || text.length > maxLength || rawTokens(text).length < 4) continue;
        seen.add(key);
        themes[j]!.quotes.push(i);
      }
    };
    pick(400);
    pick(Infinity);
    const t = themes[j]!;
    // Label: the leading phrase when it carries a leading word (else the leading word), then the next most
    // distinctive word or phrase that shares no word with it.
    const head = t.phrases[0] && t.words.slice(0, 2).some((w) => t.phrases[0]!.split(' ').includes(w)) ? t.phrases[0] : t.words[0];
    const used = new Set(head?.split(' ') ?? []);
    const next = ranked[j]!.find((term) => term.split(' ').every((w) => !used.has(w)));
    const surface = surfaceForms(ordered.slice(0, 30).map(({ i }) => answers[i]!.text), lexicon);
    const spell = (term: string | undefined) => term?.split(' ').map((w) => surface.get(w) ?? w).join(' ');
    t.label = capitalise([spell(head), spell(next)].filter(Boolean).join(' and ') || `Theme ${j + 1}`);
  }
  await progress(0.95, 'Saving the suggestions');

  // Largest themes first, so theme numbers read in order of weight.
  const order = themes.map((_, j) => j).sort((a, b) => themes[b]!.count - themes[a]!.count || a - b);
  const renumber = new Map(order.map((j, pos) => [j, pos]));
  return {
    method: METHOD,
    version: METHOD_VERSION,
    seed,
    k,
    silhouettes: scores,
    vocabularySize: dims,
    fittedOn: fitVectors.length,
    themes: order.map((j) => themes[j]!),
    suggestions: suggestions.map((s) => ({ ...s, theme: renumber.get(s.theme)! })),
    unassigned,
  };
}
