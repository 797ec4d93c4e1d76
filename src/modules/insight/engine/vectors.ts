/**
 * TF-IDF over unigrams and bigrams, as sparse unit vectors. The vocabulary is pruned on the
 * fitting sample: a term must be in at least MIN_DF answers (and 0.2% of them) and in at most
 * half; bigrams must be in at least 3; the 4,000 most frequent terms are kept.
 */
export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

export interface Vocabulary {
  terms: string[];
  index: Map<string, number>;
  idf: Float64Array;
}

export const MAX_TERMS = 4000;
const MIN_DF = 2;
const MIN_BIGRAM_DF = 3;

export function buildVocabulary(docs: string[][]): Vocabulary {
  const df = new Map<string, number>();
  for (const doc of docs) for (const t of new Set(doc)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  const minDf = Math.max(MIN_DF, Math.ceil(n * 0.002));
  const maxDf = Math.max(minDf, Math.floor(n * 0.5));
  const kept = [...df]
    .filter(([t, d]) => d >= (t.includes(' ') ? Math.max(MIN_BIGRAM_DF, minDf) : minDf) && d <= maxDf)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_TERMS);
  const terms = kept.map(([t]) => t);
  const idf = new Float64Array(terms.length);
  kept.forEach(([, d], i) => (idf[i] = Math.log((1 + n) / (1 + d)) + 1));
  return { terms, index: new Map(terms.map((t, i) => [t, i])), idf };
}

/** One answer's terms as a unit TF-IDF vector (sublinear tf); empty when no term is in the vocabulary. */
export function vectorise(doc: string[], vocab: Vocabulary): SparseVector {
  const counts = new Map<number, number>();
  for (const t of doc) {
    const i = vocab.index.get(t);
    if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
  }
  const idx = new Int32Array(counts.size);
  const val = new Float32Array(counts.size);
  let j = 0;
  let norm = 0;
  for (const [i, c] of [...counts].sort((a, b) => a[0] - b[0])) {
    const w = (1 + Math.log(c)) * vocab.idf[i]!;
    idx[j] = i;
    val[j] = w;
    norm += w * w;
    j++;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let k = 0; k < val.length; k++) val[k]! /= norm;
  return { idx, val };
}

export function dot(v: SparseVector, dense: Float64Array): number {
  let s = 0;
  for (let k = 0; k < v.idx.length; k++) s += v.val[k]! * dense[v.idx[k]!]!;
  return s;
}
