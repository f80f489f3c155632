// The false-negative rules InfoNCE trains with: which of an anchor's candidates are false negatives by label (the
// lab's labels as an oracle) and which NV-Retriever's positive-aware filter drops (no labels). Chosen without
// gradient, on the batch's detached cosines; conventions as tests/oracle/README.md.
import * as tf from '@tensorflow/tfjs-core';
import type { FalseNegativeHandling, TrainConfig } from '../protocol/config';
import { labelFalseNegatives, positiveAwareKeep } from './negativeLosses';

/**
 * The rule a config trains with: eliminate and attract read the labels, so with the labels hidden they train as
 * keep (the page says so); keep and filter need none.
 */
export function falseNegativeRule(config: TrainConfig): FalseNegativeHandling {
  const needsLabels = config.falseNegatives === 'eliminate' || config.falseNegatives === 'attract';
  return needsLabels && config.labels === 'hidden' ? 'keep' : config.falseNegatives;
}

/** A x C 0/1: the candidates that carry their anchor's label. anchorLabels: A, columnLabels: C class ids. */
export function falseNegativesByLabel(
  anchorLabels: Int32Array,
  columnLabels: Int32Array,
  candidates: tf.Tensor2D,
): tf.Tensor2D {
  return labelFalseNegatives(
    tf.tensor1d(anchorLabels, 'int32'),
    tf.tensor1d(columnLabels, 'int32'),
    candidates,
  );
}

/**
 * A x C 0/1: the candidates the positive-aware filter drops, those whose cosine to the anchor exceeds perc x the
 * anchor's cosine to its positive. sim: A x C detached cosines; positives: A x C one-hot of the positive's column.
 */
export function positiveAwareDrops(
  sim: tf.Tensor2D,
  positives: tf.Tensor2D,
  candidates: tf.Tensor2D,
  perc: number,
): tf.Tensor2D {
  const positiveSim = tf.sum(tf.mul(sim, positives), 1);
  return tf.mul(candidates, tf.sub(1, positiveAwareKeep(sim, positiveSim, perc))) as tf.Tensor2D;
}
