// The bars a trained encoder's STS Spearman is read against, computed by the lab on the same held-out pairs:
// bag-of-words cosines (raw counts, and TF-IDF with IDF fitted on the training sentences), which need no training.
// On the generated sentences, where synonyms are the only paraphrase, TF-IDF is the fair yardstick (SimCSE's
// published STS numbers are on human-scored English and not comparable).
import { fitIdf, tfCosine, tfIdfCosine } from '../core/bagOfWords';
import { spearman } from '../core/spearman';
import { textIds } from './tokenizer';

/** 100 x Spearman of each bag-of-words cosine against the gold scores (SentEval's scale, as `stsSpearman`). */
export interface StsBaselines {
  /** raw term-frequency cosine */
  readonly tf: number;
  /** TF-IDF cosine, IDF fitted on the training corpus */
  readonly tfIdf: number;
}

/** A graded pair as text: both sentences and the gold score. */
export interface TextPair {
  readonly a: string;
  readonly b: string;
  readonly score: number;
}

/** The bag-of-words baselines of `pairs`, IDF fitted on `corpus` (the training sentences); null under 2 pairs. */
export function stsBaselines(corpus: readonly string[], pairs: readonly TextPair[]): StsBaselines | null {
  if (pairs.length < 2) return null;
  const idf = fitIdf(corpus.map(textIds));
  const sides = pairs.map((p) => [textIds(p.a), textIds(p.b)] as const);
  const gold = pairs.map((p) => p.score);
  return {
    tf:
      100 *
      spearman(
        sides.map(([a, b]) => tfCosine(a, b)),
        gold,
      ),
    tfIdf:
      100 *
      spearman(
        sides.map(([a, b]) => tfIdfCosine(a, b, idf)),
        gold,
      ),
  };
}
