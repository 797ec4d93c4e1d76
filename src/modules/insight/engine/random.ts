/** Seeded randomness: the same input and seed give the same themes, run after run. */

/** mulberry32: a small, fast 32-bit generator; good enough for sampling and k-means++ seeding. */
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

/** A deterministic sample of `size` indices out of 0..n-1, in ascending order. */
export function sampleIndices(n: number, size: number, random: () => number): number[] {
  if (size >= n) return Array.from({ length: n }, (_, i) => i);
  const picked = new Set<number>();
  // Floyd's algorithm: exactly `size` draws, no shuffle of the whole range.
  for (let j = n - size; j < n; j++) {
    const t = Math.floor(random() * (j + 1));
    picked.add(picked.has(t) ? j : t);
  }
  return [...picked].sort((a, b) => a - b);
}

/** FNV-1a over a string: stable 32-bit hashes for shingles and signatures. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
