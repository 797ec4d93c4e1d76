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

  // Categories become small integers and cells a flat array, so the inner loop is arithmetic on
  // typed arrays: a 1,000-from-100,000 draw over thousands of cells stays well under a second.
  const width = characteristics.length;
  const offsets: number[] = [];
  const categoryIndex = characteristics.map((c) => {
    offsets.push(
      offsets.length ? offsets.at(-1)! + Object.keys(targets[characteristics[offsets.length - 1]!]!).length + 1 : 0,
    );
    return new Map([UNKNOWN, ...Object.keys(targets[c]!)].map((k, i) => [k, i]));
  });
  const slots = offsets.at(-1)! + categoryIndex.at(-1)!.size;
  const cells = new Map<number, { key: number; codes: number[]; members: SamplingMember[] }>();
  for (const member of eligible) {
    const codes: number[] = [];
    let key = 0;
    for (let i = 0; i < width; i++) {
      const code = categoryIndex[i]!.get(categoryOf(member, characteristics[i]!, targets))!;
      key = key * categoryIndex[i]!.size + code;
      codes.push(offsets[i]! + code);
    }
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { key, codes, members: [] }));
    cell.members.push(member);
  }
  // Sorting cells by key and members by id makes the draw independent of the order members
  // arrive in (sorting within cells is much cheaper than sorting the whole pool); shuffling the
  // cell order too means ties are broken by the seed, not by category names.
  const byId = (a: SamplingMember, b: SamplingMember) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const cellList = shuffle(
    [...cells.values()].sort((a, b) => a.key - b.key),
    random,
  );
  for (const cell of cellList) shuffle(cell.members.sort(byId), random);
  const cellCodes = new Int32Array(cellList.length * width);
  cellList.forEach((cell, c) => cell.codes.forEach((code, i) => (cellCodes[c * width + i] = code)));
  const next = new Int32Array(cellList.length);

  const size = Math.min(request.size, eligible.length);
  const want = new Float64Array(slots);
  characteristics.forEach((c, i) => {
    for (const [k, share] of Object.entries(targets[c]!)) want[offsets[i]! + categoryIndex[i]!.get(k)!] = share * size;
  });
  const have = new Float64Array(slots);
  // value[slot]: what choosing one more of this category is worth. Shortfall relative to the quota
  // favours small groups furthest behind; a category with no quota (unknown) only adds to every
  // other category's shortfall, so it scores below any category with room left.
  const value = new Float64Array(slots);
  const revalue = (slot: number) => {
    value[slot] = want[slot]! > 0 ? (want[slot]! - have[slot]!) / want[slot]! : -1 - have[slot]!;
  };
  for (let slot = 0; slot < slots; slot++) revalue(slot);
  const selected: SamplingMember[] = [];
  let openCount = cellList.length;
  const openCells = Int32Array.from(cellList.keys());

  for (let step = 0; step < size && openCount > 0; step++) {
    let bestAt = -1;
    let bestScore = -Infinity;
    for (let o = 0; o < openCount; o++) {
      const base = openCells[o]! * width;
      let score = 0;
      for (let i = 0; i < width; i++) score += value[cellCodes[base + i]!]!;
      if (score > bestScore) {
        bestScore = score;
        bestAt = o;
      }
    }
    const c = openCells[bestAt]!;
    const cell = cellList[c]!;
    selected.push(cell.members[next[c]!]!);
    next[c]!++;
    for (let i = 0; i < width; i++) {
      const slot = cellCodes[c * width + i]!;
      have[slot]!++;
      revalue(slot);
    }
    // An empty cell leaves the open list; the order of the rest is kept so ties stay seeded.
    if (next[c]! >= cell.members.length) {
      openCells.copyWithin(bestAt, bestAt + 1, openCount);
      openCount--;
    }
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
