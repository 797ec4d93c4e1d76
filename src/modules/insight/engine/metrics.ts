/** Agreement between suggested clusters and labels: NMI, ARI, and per-theme P/R/F1 after Hungarian matching. */

function contingency(predicted: number[], truth: number[]) {
  const p = Math.max(-1, ...predicted) + 1;
  const t = Math.max(-1, ...truth) + 1;
  const table = Array.from({ length: p }, () => new Array<number>(t).fill(0));
  predicted.forEach((c, i) => table[c]![truth[i]!]!++);
  return table;
}

const choose2 = (n: number) => (n * (n - 1)) / 2;

/** Adjusted Rand index (Hubert and Arabie). */
export function adjustedRand(predicted: number[], truth: number[]): number {
  const table = contingency(predicted, truth);
  const n = predicted.length;
  const rows = table.map((r) => r.reduce((a, b) => a + b, 0));
  const cols = table[0]!.map((_, j) => table.reduce((a, r) => a + r[j]!, 0));
  const index = table.flat().reduce((a, v) => a + choose2(v), 0);
  const sumRows = rows.reduce((a, v) => a + choose2(v), 0);
  const sumCols = cols.reduce((a, v) => a + choose2(v), 0);
  const expected = (sumRows * sumCols) / choose2(n);
  const max = (sumRows + sumCols) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

/** Normalised mutual information, arithmetic-mean normalisation (as scikit-learn's default). */
export function normalisedMutualInformation(predicted: number[], truth: number[]): number {
  const table = contingency(predicted, truth);
  const n = predicted.length;
  const rows = table.map((r) => r.reduce((a, b) => a + b, 0));
  const cols = table[0]!.map((_, j) => table.reduce((a, r) => a + r[j]!, 0));
  let mi = 0;
  table.forEach((r, i) =>
    r.forEach((v, j) => {
      if (v > 0) mi += (v / n) * Math.log((n * v) / (rows[i]! * cols[j]!));
    }),
  );
  const entropy = (xs: number[]) => -xs.reduce((a, v) => (v > 0 ? a + (v / n) * Math.log(v / n) : a), 0);
  const denominator = (entropy(rows) + entropy(cols)) / 2;
  return denominator === 0 ? 1 : mi / denominator;
}

/**
 * Hungarian algorithm (Kuhn–Munkres, O(n³)) on a square cost matrix: the assignment row → column
 * with the least total cost.
 */
export function hungarian(cost: number[][]): number[] {
  const n = cost.length;
  const u = new Array<number>(n + 1).fill(0);
  const v = new Array<number>(n + 1).fill(0);
  const p = new Array<number>(n + 1).fill(0);
  const way = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Array<number>(n + 1).fill(Infinity);
    const used = new Array<boolean>(n + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = p[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost[i0 - 1]![j - 1]! - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[p[j]!]! += delta;
          v[j]! -= delta;
        } else minv[j]! -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0);
  }
  const rowToCol = new Array<number>(n).fill(-1);
  for (let j = 1; j <= n; j++) if (p[j]! > 0) rowToCol[p[j]! - 1] = j - 1;
  return rowToCol;
}

export interface ThemeScore {
  label: string;
  matchedCluster: number | null;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/**
 * Matches each true theme to one cluster (maximising answers in common), then scores each theme:
 * precision = share of the matched cluster's answers that carry the label, recall = share of the
 * label's answers in that cluster. Unmatched themes score 0. Unassigned answers (cluster −1) count
 * against recall.
 */
export function perThemeScores(predicted: number[], truth: number[], labels: string[]): ThemeScore[] {
  const clusters = Math.max(0, ...predicted) + 1;
  const size = Math.max(clusters, labels.length);
  const overlap = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  predicted.forEach((c, i) => {
    if (c >= 0) overlap[c]![truth[i]!]!++;
  });
  const maxOverlap = Math.max(0, ...overlap.flat());
  const match = hungarian(overlap.map((r) => r.map((v) => maxOverlap - v)));
  const clusterOf = new Map<number, number>();
  match.forEach((label, cluster) => {
    if (cluster < clusters && label < labels.length) clusterOf.set(label, cluster);
  });
  return labels.map((label, l) => {
    const support = truth.filter((t) => t === l).length;
    const cluster = clusterOf.get(l);
    if (cluster === undefined) return { label, matchedCluster: null, precision: 0, recall: 0, f1: 0, support };
    const inCluster = predicted.filter((c) => c === cluster).length;
    const both = overlap[cluster]![l]!;
    const precision = inCluster ? both / inCluster : 0;
    const recall = support ? both / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, matchedCluster: cluster, precision, recall, f1, support };
  });
}
