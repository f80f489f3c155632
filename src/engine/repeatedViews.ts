// ESimCSE in training (Wu et al. 2022; issue 19): the second view of each anchor is its sentence after word
// repetition (data/wordRepetition.ts, the official rule), the first the sentence itself, each with its own
// dropout masks. The repetition is drawn on the host per step, from a stream of the run's own, and travels in
// the step's BatchPlan, so the snapshot's batch view embeds the same views the loss trained on.
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../core/rng';
import { repeatWords } from '../data/wordRepetition';
import type { LossId, TrainConfig } from '../protocol/config';
import { type BatchPlan, longestOf, type ObjectiveContext, rowsOf } from './objectiveTypes';
import { SentenceEncoder } from './textEncoder';

/** Each anchor's second view after repetition: N x maxLen ids ([SEP] last, then [PAD]) and N lengths. */
export interface RepeatedViews {
  readonly ids: Int32Array;
  readonly lengths: Int32Array;
  readonly maxLen: number;
}

/** The objectives whose positive is a second view of the anchor (the rest train on real positives). */
const TWO_VIEW_LOSSES: readonly LossId[] = ['infonce', 'infonce-nxn', 'dcl', 'hcl'];

/** Whether a config's steps repeat words in the second view, on text: dup on and a two-view objective. */
export function usesRepetition(config: TrainConfig): boolean {
  return config.dup && TWO_VIEW_LOSSES.includes(config.loss);
}

/**
 * The repeated second views of `anchors`. features: training rows x maxLen ids (float32, exact), lengths: each
 * row's unpadded length, [CLS] and [SEP] included (the rule's L).
 */
export function repeatAnchors(
  features: Float32Array,
  lengths: Int32Array,
  maxLen: number,
  anchors: Int32Array,
  dupRate: number,
  rng: Rng,
): RepeatedViews {
  const ids = new Int32Array(anchors.length * maxLen);
  const out = new Int32Array(anchors.length);
  anchors.forEach((row, i) => {
    const sentence = Int32Array.from(features.subarray(row * maxLen, (row + 1) * maxLen));
    const repeated = repeatWords(sentence, lengths[row] as number, dupRate, rng, maxLen);
    ids.set(repeated.ids, i * maxLen);
    out[i] = repeated.length;
  });
  return { ids, lengths: out, maxLen };
}

/** The first `pairs` anchors' repeated views. */
export function truncateRepeated(repeated: RepeatedViews, pairs: number): RepeatedViews {
  return {
    ids: repeated.ids.subarray(0, pairs * repeated.maxLen),
    lengths: repeated.lengths.subarray(0, pairs),
    maxLen: repeated.maxLen,
  };
}

/**
 * The anchors' two views, `[a, a', b, b', ...]` (2N x outputDim, raw): the same input twice, or with repetition
 * the sentence then its repeated form, both cut to the longer of the two batches (a repeated row is longer).
 */
export function embedTwoViews(context: ObjectiveContext, plan: BatchPlan): tf.Tensor2D {
  const { repeated } = plan;
  if (!repeated) return context.model.embedTwoViews(rowsOf(context, plan.anchors), plan.dropout);
  const encoder = context.model;
  if (!(encoder instanceof SentenceEncoder))
    throw new Error('invalid plan: word repetition needs the text encoder');
  const n = plan.anchors.length;
  let width = longestOf(context.trainLengths ?? null, plan.anchors);
  for (const length of repeated.lengths) width = Math.max(width, length);
  const second = tf.slice(tf.tensor2d(repeated.ids, [n, repeated.maxLen], 'int32'), [0, 0], [n, width]);
  return encoder.embedViews(rowsOf(context, plan.anchors, width), second as tf.Tensor2D, plan.dropout);
}
