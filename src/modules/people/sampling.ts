/**
 * Representative sampling: draw N members whose profile matches population targets on several
 * characteristics at once. Pure functions (no database, no clock), so they are unit-tested against
 * known populations and benchmarked on their own.
 *
 * Method: greedy quota selection over cells. Members are grouped into cells (one per combination of
 * categories on the chosen characteristics), each cell's members shuffled by a seeded PRNG. At each
 * step the cell that most reduces the remaining shortfall against the targets gives its next
 * member. Working on cells rather than members keeps a 1,000-from-100,000 draw to a few milliseconds.
 */
import type { TargetDeviation } from './people.tables.ts';

/** A category the member does not state (no answer, "prefer not to say") never counts towards a target. */
export const UNKNOWN = 'unknown';

export interface SamplingMember {
  id: string;
  /** characteristic → category, e.g. { ward: 'E05014053', age_band: '25_to_34' }. */
  profile: Record<string, string | null | undefined>;
  /** Last time the member was invited to take part (for the exclusion window). */
  lastContactedAt?: Date | null;
}

/** characteristic → category → share of the population (each characteristic sums to about 1). */
export type Targets = Record<string, Record<string, number>>;

export interface SampleRequest {
  size: number;
  seed: number;
  targets: Targets;
  /** Members contacted on or after this instant are left out. */
  excludeContactedSince?: Date | null;
}

export interface SampleResult {
  selected: SamplingMember[];
  deviations: TargetDeviation[];
  eligible: number;
  excluded: number;
  /** Largest |achieved − target| over every target, in proportion (0.02 = 2 percentage points). */
  worstDeviation: number;
}

/**
 * mulberry32: a small, well-known 32-bit PRNG. Written here (not Math.random) so a recorded seed
 * replays exactly the same draw on any machine and Node version.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fresh seed for a new draw; stored with the sample so it can be replayed. */
export function newSeed(random: () => number = Math.random): number {
  return Math.floor(random() * 2 ** 31);
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const categoryOf = (member: SamplingMember, characteristic: string, targets: Targets) => {
  const value = member.profile[characteristic];
  return value && value in targets[characteristic]! ? value : UNKNOWN;
};

/** Achieved share per target for a chosen set of members. */
export function measureDeviations(selected: SamplingMember[], targets: Targets): TargetDeviation[] {
  const deviations: TargetDeviation[] = [];
  const n = selected.length;
  for (const [characteristic, categories] of Object.entries(targets)) {
    const counts = new Map<string, number>();
    for (const member of selected) {
      const category = categoryOf(member, characteristic, targets);
      counts.set(category, (counts.get(category) ?? 0) + 1);
    }
    for (const [category, target] of Object.entries(categories)) {
      const count = counts.get(category) ?? 0;
      deviations.push({ characteristic, category, target, count, achieved: n ? count / n : 0 });
    }
  }
  return deviations;
}

export const worstOf = (deviations: TargetDeviation[]) =>
  deviations.reduce((worst, d) => Math.max(worst, Math.abs(d.achieved - d.target)), 0);

/**
 * Draws a sample. Same members, targets, size and seed → the same sample, whatever order the
 * members arrive in. Members contacted since `excludeContactedSince` are never chosen. When the
 * eligible members cannot meet a target the draw still returns `size` members (or all eligible)
 * and the deviation shows the gap.
 */
export function drawSample(members: SamplingMember[], request: SampleRequest): SampleResult {
  const { targets } = request;
  const characteristics = Object.keys(targets);
  const cutoff = request.excludeContactedSince?.getTime();
  const eligible = members.filter(
    (m) => !(cutoff !== undefined && m.lastContactedAt && m.lastContactedAt.getTime() >= cutoff),
  );
  const random = seededRandom(request.seed);
  const ordered = [...eligible].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const cells = new Map<string, { categories: string[]; members: SamplingMember[]; next: number }>();
  for (const member of ordered) {
    const categories = characteristics.map((c) => categoryOf(member, c, targets));
    const key = categories.join('\u0000');
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { categories, members: [], next: 0 }));
    cell.members.push(member);
  }
  // Shuffling the cell order too means ties are broken by the seed, not by category names.
  const cellList = shuffle([...cells.values()], random);
  for (const cell of cellList) shuffle(cell.members, random);

  const size = Math.min(request.size, eligible.length);
  const quota = characteristics.map((c) => new Map(Object.entries(targets[c]!).map(([k, share]) => [k, share * size])));
  const taken = characteristics.map(() => new Map<string, number>());
  const selected: SamplingMember[] = [];

  for (let step = 0; step < size; step++) {
    let best: (typeof cellList)[number] | undefined;
    let bestScore = -Infinity;
    for (const cell of cellList) {
      if (cell.next >= cell.members.length) continue;
      let score = 0;
      for (let i = 0; i < characteristics.length; i++) {
        const category = cell.categories[i]!;
        // An unknown category has no quota: choosing it only adds to every other category's shortfall.
        const want = category === UNKNOWN ? 0 : quota[i]!.get(category)!;
        const have = taken[i]!.get(category) ?? 0;
        // Shortfall relative to the quota favours small groups that are furthest behind.
        score += want > 0 ? (want - have) / want : -1 - have;
      }
      if (score > bestScore) {
        bestScore = score;
        best = cell;
      }
    }
    if (!best) break;
    selected.push(best.members[best.next++]!);
    best.categories.forEach((category, i) => taken[i]!.set(category, (taken[i]!.get(category) ?? 0) + 1));
  }

  const deviations = measureDeviations(selected, targets);
  return {
    selected,
    deviations,
    eligible: eligible.length,
    excluded: members.length - eligible.length,
    worstDeviation: worstOf(deviations),
  };
}
