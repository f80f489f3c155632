// Length bias, measured: how the cosine of a pair moves with the difference of the two lengths, fitted by
// ordinary least squares for each kind of pair. A model with length bias gives unrelated pairs of EQUAL length
// a higher cosine than those of unequal length (negative slope for 'unrelated'), and paraphrases of unequal
// length a lower cosine than it should (negative slope for 'paraphrase'); without bias both slopes are ~0.
//
// OLS of y on x over n points: slope = sum (x - mean x)(y - mean y) / sum (x - mean x)^2,
// intercept = mean y - slope * mean x. Here y is the cosine in [-1, 1] and x is |length a - length b| in tokens
// or words (the caller's unit), so the slope is "cosine per unit of length difference".

import { centredSums } from './spearman';

/** One pair: its cosine, the absolute difference of its lengths, and what it is. */
export interface LengthPair {
  /** Cosine similarity of the two embeddings, in [-1, 1]. */
  readonly cosine: number;
  /** |length a - length b| (>= 0). */
  readonly lengthDiff: number;
  /** Paraphrase (same meaning) or unrelated (nothing shared). */
  readonly kind: 'paraphrase' | 'unrelated';
}

/** A least-squares line y = intercept + slope x. */
export interface LineFit {
  /** Change of y per unit of x; NaN with fewer than 2 distinct x. */
  readonly slope: number;
  /** y at x = 0; the mean of y when the slope is NaN (NaN with no points). */
  readonly intercept: number;
  /** Points fitted. */
  readonly n: number;
  /** Mean of x over the points (NaN with none). */
  readonly meanX: number;
}

/** Ordinary least squares of y on x; throws on different lengths. */
export function fitLine(x: ArrayLike<number>, y: ArrayLike<number>): LineFit {
  const { n, mx, my, sxx, sxy } = centredSums(x, y);
  if (n === 0) return { slope: Number.NaN, intercept: Number.NaN, n, meanX: Number.NaN };
  if (sxx === 0) return { slope: Number.NaN, intercept: my, n, meanX: mx };
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, n, meanX: mx };
}

/** The cosine-on-length-difference line of each kind of pair. */
export interface LengthBias {
  /** Fit over the paraphrase pairs. */
  readonly paraphrase: LineFit;
  /** Fit over the unrelated pairs. */
  readonly unrelated: LineFit;
}

/** Fits cosine on |length difference| separately for paraphrase and unrelated pairs (OLS each). */
export function lengthBias(pairs: readonly LengthPair[]): LengthBias {
  const fitKind = (kind: LengthPair['kind']): LineFit => {
    const chosen = pairs.filter((p) => p.kind === kind);
    return fitLine(
      chosen.map((p) => p.lengthDiff),
      chosen.map((p) => p.cosine),
    );
  };
  return { paraphrase: fitKind('paraphrase'), unrelated: fitKind('unrelated') };
}
