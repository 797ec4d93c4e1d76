/**
 * Seeded spherical k-means (cosine similarity on unit TF-IDF vectors), k-means++ seeding.
 *
 * Choosing k (the stated rule): every k from 2 to K_MAX (12, and at most √(n/2)) is fitted once on
 * the sample; the k with the highest simplified silhouette wins — for each answer, a = 1 − cosine
 * to its own centroid, b = 1 − cosine to the nearest other centroid, s = (b − a) / max(a, b),
 * averaged — after a small penalty of 0.004 per cluster so that a near tie goes to fewer, broader
 * themes an officer can read.
 */
import { seededRandom } from './random.ts';
import { dot, type SparseVector } from './vectors.ts';

export const K_MIN = 2;
export const K_MAX = 12;
export const K_PENALTY = 0.004;
const MAX_ITERATIONS = 25;

export interface KMeansResult {
  k: number;
  centroids: Float64Array[];
  assignment: Int32Array;
  /** Sum of cosine similarities to own centroid: higher is tighter. */
  cohesion: number;
}

function normalise(c: Float64Array) {
  let n = 0;
  for (let i = 0; i < c.length; i++) n += c[i]! * c[i]!;
  n = Math.sqrt(n);
  if (n > 0) for (let i = 0; i < c.length; i++) c[i]! /= n;
}

function toDense(v: SparseVector, dims: number): Float64Array {
  const c = new Float64Array(dims);
  for (let k = 0; k < v.idx.length; k++) c[v.idx[k]!] = v.val[k]!;
  return c;
}

/** k-means++: each next seed drawn with probability proportional to its distance from the seeds so far. */
function seeds(vectors: SparseVector[], k: number, dims: number, random: () => number): Float64Array[] {
  const centroids = [toDense(vectors[Math.floor(random() * vectors.length)]!, dims)];
  const best = new Float64Array(vectors.length).fill(-Infinity);
  while (centroids.length < k) {
    const last = centroids[centroids.length - 1]!;
    let total = 0;
    const dist = new Float64Array(vectors.length);
    for (let i = 0; i < vectors.length; i++) {
      best[i] = Math.max(best[i]!, dot(vectors[i]!, last));
      dist[i] = Math.max(0, 1 - best[i]!);
      total += dist[i]!;
    }
    let r = random() * total;
    let chosen = vectors.length - 1;
    for (let i = 0; i < vectors.length; i++) {
      r -= dist[i]!;
      if (r <= 0) {
        chosen = i;
        break;
      }
    }
    centroids.push(toDense(vectors[chosen]!, dims));
  }
  return centroids;
}

/** Fits k clusters; vectors must be non-empty unit vectors. */
export function sphericalKMeans(vectors: SparseVector[], k: number, dims: number, seed: number): KMeansResult {
  const random = seededRandom(seed);
  let centroids = seeds(vectors, k, dims, random);
  const assignment = new Int32Array(vectors.length).fill(-1);
  let cohesion = 0;
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    let changed = 0;
    cohesion = 0;
    for (let i = 0; i < vectors.length; i++) {
      let bestJ = 0;
      let bestS = -Infinity;
      for (let j = 0; j < k; j++) {
        const s = dot(vectors[i]!, centroids[j]!);
        if (s > bestS) {
          bestS = s;
          bestJ = j;
        }
      }
      cohesion += bestS;
      if (assignment[i] !== bestJ) {
        assignment[i] = bestJ;
        changed++;
      }
    }
    const next: Float64Array[] = Array.from({ length: k }, () => new Float64Array(dims));
    const sizes = new Int32Array(k);
    for (let i = 0; i < vectors.length; i++) {
      const v = vectors[i]!;
      const c = next[assignment[i]!]!;
      sizes[assignment[i]!]!++;
      for (let t = 0; t < v.idx.length; t++) c[v.idx[t]!]! += v.val[t]!;
    }
    // An emptied cluster restarts on the answer its centroid fits worst.
    for (let j = 0; j < k; j++) {
      if (sizes[j] === 0) {
        let worst = 0;
        let worstS = Infinity;
        for (let i = 0; i < vectors.length; i++) {
          const s = dot(vectors[i]!, centroids[assignment[i]!]!);
          if (s < worstS) {
            worstS = s;
            worst = i;
          }
        }
        next[j] = toDense(vectors[worst]!, dims);
      }
      normalise(next[j]!);
    }
    centroids = next;
    if (changed === 0) break;
  }
  return { k, centroids, assignment, cohesion };
}

/** The simplified (centroid) silhouette of a clustering, averaged over the answers. */
export function simplifiedSilhouette(vectors: SparseVector[], result: KMeansResult): number {
  if (result.k < 2) return 0;
  let total = 0;
  for (let i = 0; i < vectors.length; i++) {
    const own = result.assignment[i]!;
    const a = 1 - dot(vectors[i]!, result.centroids[own]!);
    let nearest = Infinity;
    for (let j = 0; j < result.k; j++) if (j !== own) nearest = Math.min(nearest, 1 - dot(vectors[i]!, result.centroids[j]!));
    const m = Math.max(a, nearest);
    total += m > 0 ? (nearest - a) / m : 0;
  }
  return total / vectors.length;
}

/** The rule in the header: the k with the best penalised simplified silhouette. */
export function chooseK(
  vectors: SparseVector[],
  dims: number,
  seed: number,
  onStep?: (done: number, total: number) => void,
): { k: number; scores: { k: number; silhouette: number }[] } {
  const kMax = Math.max(K_MIN, Math.min(K_MAX, Math.floor(Math.sqrt(vectors.length / 2))));
  const scores: { k: number; silhouette: number }[] = [];
  let best = { k: K_MIN, score: -Infinity };
  for (let k = K_MIN; k <= kMax; k++) {
    const fit = sphericalKMeans(vectors, k, dims, seed + k);
    const silhouette = simplifiedSilhouette(vectors, fit);
    scores.push({ k, silhouette });
    const score = silhouette - K_PENALTY * k;
    if (score > best.score) best = { k, score };
    onStep?.(k - K_MIN + 1, kMax - K_MIN + 1);
  }
  return { k: best.k, scores };
}
