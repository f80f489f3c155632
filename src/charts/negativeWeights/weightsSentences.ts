// Text mode: the anchor's sentence, its positive's, and its heaviest negatives' as sentences, for the weights
// chart to list (the bars are points on an axis; the sentences say what the model finds hard).
import type { RunTexts } from '../../protocol/runTexts';
import type { BatchView } from '../../protocol/snapshot';
import { batchText } from '../sentenceText';

/** One negative of the anchor as a sentence, with its weight r and cosine s. */
export interface NegativeSentence {
  readonly row: number;
  readonly text: string;
  readonly weight: number;
  readonly similarity: number;
}

/** The anchor's sentence, its positive's, and its `count` heaviest negatives that have a sentence. */
export interface WeightsSentences {
  readonly anchor: string | null;
  readonly positive: string | null;
  readonly negatives: readonly NegativeSentence[];
}

/** Heaviest negatives listed. */
export const LISTED_NEGATIVES = 5;

/**
 * The sentences of anchor `anchor`'s row, of its positive, and of the candidates its loss weighs most (r_ij of
 * the batch view, largest first; candidates only, so the positive and the anchor itself are never listed).
 */
export function weightsSentences(
  texts: RunTexts,
  batch: BatchView,
  anchor: number,
  count = LISTED_NEGATIVES,
): WeightsSentences {
  const { rows } = batch;
  const negatives: NegativeSentence[] = [];
  for (let j = 0; j < rows; j++) {
    if (batch.candidates[anchor * rows + j] !== 1) continue;
    const text = batchText(texts, batch, j);
    if (text === null) continue;
    negatives.push({
      row: j,
      text,
      weight: batch.negativeWeights[anchor * rows + j] as number,
      similarity: batch.similarity[anchor * rows + j] as number,
    });
  }
  negatives.sort((a, b) => b.weight - a.weight || a.row - b.row);
  const positive = batch.positives[anchor] ?? -1;
  return {
    anchor: batchText(texts, batch, anchor),
    positive: positive >= 0 ? batchText(texts, batch, positive) : null,
    negatives: negatives.slice(0, count),
  };
}
