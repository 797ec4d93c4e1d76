/**
 * A deterministic synthetic PB election (seeded PRNG), for the bench and the demo seed: project
 * popularity falls off like Zipf's law, each voter approves 1–8 projects (within the budget, as a
 * knapsack ballot would), and costs run from £2,000 to £150,000.
 */
import type { Election } from './counting.ts';

export function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticElection(voters: number, projectCount: number, budget: number, seed = 1): Election {
  const rand = prng(seed);
  const projects = Array.from({ length: projectCount }, (_, i) => ({
    id: `p${i + 1}`,
    cost: Math.round((2000 + rand() * rand() * 148000) / 100) * 100,
  }));
  const weights = projects.map((_, i) => 1 / (i + 1) ** 0.8);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  weights.reduce((acc, w, i) => (cumulative[i] = acc + w / total), 0);
  const pick = () => {
    const r = rand();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const ballots = Array.from({ length: voters }, () => {
    const want = 1 + Math.floor(rand() * rand() * 8);
    const chosen = new Set<number>();
    let spent = 0;
    for (let tries = 0; chosen.size < want && tries < want * 4; tries++) {
      const i = pick();
      if (chosen.has(i) || spent + projects[i]!.cost > budget) continue;
      chosen.add(i);
      spent += projects[i]!.cost;
    }
    return { projects: [...chosen].map((i) => projects[i]!.id) };
  });
  return { budget, ballotType: 'approval', projects, ballots };
}
