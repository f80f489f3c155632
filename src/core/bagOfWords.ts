// The bag-of-words baseline of the STS evaluation: cosine of term-frequency vectors, with or without IDF.
//
// It needs no training, so it is the bar a trained encoder has to clear: on the lab's generated pairs, where
// the gold score is made from shared meaning slots and synonyms are the only paraphrase, word overlap already
// ranks pairs well. Tokens are anything comparable with === (words, or token ids).

/** Raw counts of each token in a list. */
export function termCounts<T>(tokens: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** Cosine of two sparse vectors held as maps; 0 when either is empty (no words, no similarity). */
function sparseCosine<T>(a: Map<T, number>, b: Map<T, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, va] of a) {
    na += va * va;
    const vb = b.get(t);
    if (vb !== undefined) dot += va * vb;
  }
  for (const vb of b.values()) nb += vb * vb;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Cosine in [0, 1] of the raw term-frequency vectors of two token lists. */
export function tfCosine<T>(a: readonly T[], b: readonly T[]): number {
  return sparseCosine(termCounts(a), termCounts(b));
}

/** Inverse document frequencies fitted on a corpus of token lists. */
export interface Idf<T> {
  /** idf(t) = ln((1 + N) / (1 + df(t))) + 1 (scikit-learn's smooth form); unseen tokens get ln(1 + N) + 1. */
  weight(token: T): number;
  /** Number of documents it was fitted on. */
  readonly documents: number;
}

/** Fits smoothed IDF weights on `corpus` (fit it on training text, not on the pairs evaluated). */
export function fitIdf<T>(corpus: readonly (readonly T[])[]): Idf<T> {
  const df = new Map<T, number>();
  for (const doc of corpus) for (const t of new Set(doc)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = corpus.length;
  return { documents: n, weight: (t) => Math.log((1 + n) / (1 + (df.get(t) ?? 0))) + 1 };
}

/** Cosine in [0, 1] of TF-IDF vectors (raw counts times idf) of two token lists. */
export function tfIdfCosine<T>(a: readonly T[], b: readonly T[], idf: Idf<T>): number {
  const weigh = (counts: Map<T, number>): Map<T, number> => {
    for (const [t, c] of counts) counts.set(t, c * idf.weight(t));
    return counts;
  };
  return sparseCosine(weigh(termCounts(a)), weigh(termCounts(b)));
}
