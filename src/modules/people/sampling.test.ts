import { describe, expect, it } from 'vitest';
import { drawSample, measureDeviations, seededRandom, type SamplingMember, type Targets } from './sampling.ts';

/** The tolerance the sampling promises when the pool holds enough of every group: 2 percentage points. */
const TOLERANCE = 0.02;

const TARGETS: Targets = {
  ward: { north: 0.5, south: 0.3, east: 0.2 },
  age_band: { young: 0.3, middle: 0.45, older: 0.25 },
  sex: { female: 0.52, male: 0.48 },
  ethnic_group: { white: 0.45, asian: 0.25, black: 0.2, mixed: 0.1 },
};

function pick<T extends string>(random: () => number, weights: Record<T, number>): T {
  let r = random() * Object.values<number>(weights).reduce((a, b) => a + b, 0);
  for (const [key, weight] of Object.entries<number>(weights)) {
    if ((r -= weight) <= 0) return key as T;
  }
  return Object.keys(weights)[0] as T;
}

/** A known population that is deliberately skewed away from the targets (more older, white, north). */
function population(size: number, seed = 7): SamplingMember[] {
  const random = seededRandom(seed);
  return Array.from({ length: size }, (_, i) => ({
    id: `m${String(i).padStart(6, '0')}`,
    profile: {
      ward: pick(random, { north: 0.7, south: 0.2, east: 0.1 }),
      age_band: pick(random, { young: 0.1, middle: 0.4, older: 0.5 }),
      sex: pick(random, { female: 0.6, male: 0.38, prefer_not_to_say: 0.02 }),
      ethnic_group: pick(random, { white: 0.7, asian: 0.15, black: 0.1, mixed: 0.05 }),
    },
    lastContactedAt: i % 10 === 0 ? new Date('2026-11-01T10:00:00Z') : null,
  }));
}

describe('seededRandom', () => {
  it('replays the same sequence for the same seed and a different one for another seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(seqA);
    expect(Array.from({ length: 5 }, c)).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('drawSample', () => {
  const members = population(6000);

  it('meets every target on four characteristics at once within 2 percentage points', () => {
    const result = drawSample(members, { size: 500, seed: 1234, targets: TARGETS });
    expect(result.selected).toHaveLength(500);
    expect(result.deviations).toHaveLength(12);
    for (const d of result.deviations) expect(Math.abs(d.achieved - d.target)).toBeLessThanOrEqual(TOLERANCE);
    expect(result.worstDeviation).toBeLessThanOrEqual(TOLERANCE);
    // A simple random sample of the skewed pool would miss badly: proof the targets do the work.
    const naive = measureDeviations(members.slice(0, 500), TARGETS);
    expect(Math.max(...naive.map((d) => Math.abs(d.achieved - d.target)))).toBeGreaterThan(0.15);
  });

  it('is reproducible from its seed whatever order the members come in', () => {
    const first = drawSample(members, { size: 200, seed: 99, targets: TARGETS });
    const again = drawSample([...members].reverse(), { size: 200, seed: 99, targets: TARGETS });
    expect(again.selected.map((m) => m.id)).toEqual(first.selected.map((m) => m.id));
    const other = drawSample(members, { size: 200, seed: 100, targets: TARGETS });
    expect(other.selected.map((m) => m.id)).not.toEqual(first.selected.map((m) => m.id));
  });

  it('never chooses members contacted within the exclusion window', () => {
    const since = new Date('2026-10-25T00:00:00Z');
    const result = drawSample(members, { size: 1000, seed: 5, targets: TARGETS, excludeContactedSince: since });
    expect(result.excluded).toBe(600);
    expect(result.eligible).toBe(5400);
    expect(result.selected.some((m) => m.lastContactedAt && m.lastContactedAt >= since)).toBe(false);
    expect(new Set(result.selected.map((m) => m.id)).size).toBe(1000);
    for (const d of result.deviations) expect(Math.abs(d.achieved - d.target)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('returns every eligible member when asked for more, and shows the gap it cannot close', () => {
    const small = population(40, 3);
    const result = drawSample(small, { size: 100, seed: 1, targets: TARGETS });
    expect(result.selected).toHaveLength(40);
    expect(result.worstDeviation).toBeGreaterThan(0);
  });

  it('prefers members who state a category over those who do not', () => {
    const pool: SamplingMember[] = [
      { id: 'a', profile: { sex: 'female' } },
      { id: 'b', profile: { sex: null } },
      { id: 'c', profile: { sex: 'male' } },
    ];
    const result = drawSample(pool, { size: 2, seed: 8, targets: { sex: { female: 0.5, male: 0.5 } } });
    expect(result.selected.map((m) => m.id).sort()).toEqual(['a', 'c']);
    expect(result.worstDeviation).toBe(0);
  });
});
