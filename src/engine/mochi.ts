// MoCHi's synthetic hard negatives (Kalantidis et al. 2020), mixed per anchor from its hardest kept negatives
// (and from the anchor itself), detached, with draws from the step's seeded stream.
import * as tf from '@tensorflow/tfjs-core';
import { uniformArray } from '../core/rng';
import type { TrainConfig } from '../protocol/config';
import { normalizeRows } from './lossParts';

/**
 * MoCHi (Kalantidis et al. 2020): per anchor, `mochi` points normalize(a n_i + (1 - a) n_j), a ~ U(0, 1), of two
 * of its `mochiHardest` hardest kept negatives, and `mochiQuery` points normalize(b q + (1 - b) n_j),
 * b ~ U(0, 0.5), of the anchor itself and one of them. Draws from the step's seeded stream, so a link reproduces
 * them. unit: A x d and columns: C x d (detached); returns (A * S) x d unit rows, anchor by anchor.
 */
export function synthesise(
  config: TrainConfig,
  seed: number,
  unit: tf.Tensor2D,
  columns: tf.Tensor2D,
  sim: tf.Tensor2D,
  kept: tf.Tensor2D,
  keptCount: number,
): tf.Tensor2D {
  const anchors = unit.shape[0];
  const hardest = Math.min(config.mochiHardest, keptCount);
  const { mochi, mochiQuery } = config;
  const ranked = tf.where(tf.greater(kept, 0), sim, tf.fill(sim.shape, -Infinity));
  const top = tf.reshape(tf.topk(ranked as tf.Tensor2D, hardest).indices, [anchors * hardest]);
  const draws = uniformArray(seed, 'mochi', anchors * (3 * mochi + 2 * mochiQuery));
  let at = 0;
  const next = () => draws[at++] as number;
  // flat positions into `top` (anchor * hardest + rank), then the columns they hold
  const columnAt = (positions: Int32Array) =>
    tf.gather(columns, tf.gather(top, tf.tensor1d(positions, 'int32'))) as tf.Tensor2D;
  const perAnchor = (count: number) =>
    tf.tensor1d(Float32Array.from({ length: anchors * count }, next), 'float32');
  const parts: tf.Tensor3D[] = [];
  if (mochi > 0) {
    const first = new Int32Array(anchors * mochi);
    const second = new Int32Array(anchors * mochi);
    const mix = new Float32Array(anchors * mochi);
    for (let i = 0; i < anchors * mochi; i++) {
      const base = Math.floor(i / mochi) * hardest;
      first[i] = base + Math.min(hardest - 1, Math.floor(next() * hardest));
      second[i] = base + Math.min(hardest - 1, Math.floor(next() * hardest));
      mix[i] = next();
    }
    const a = tf.expandDims(tf.tensor1d(mix), 1);
    const h = tf.add(tf.mul(columnAt(first), a), tf.mul(columnAt(second), tf.sub(1, a)));
    parts.push(tf.reshape(normalizeRows(h as tf.Tensor2D), [anchors, mochi, unit.shape[1]]));
  }
  if (mochiQuery > 0) {
    const source = new Int32Array(anchors * mochiQuery);
    const self = new Int32Array(anchors * mochiQuery);
    for (let i = 0; i < anchors * mochiQuery; i++) {
      const anchor = Math.floor(i / mochiQuery);
      source[i] = anchor * hardest + Math.min(hardest - 1, Math.floor(next() * hardest));
      self[i] = anchor;
    }
    const b = tf.expandDims(tf.mul(perAnchor(mochiQuery), 0.5), 1);
    const q = tf.gather(unit, tf.tensor1d(self, 'int32'));
    const h = tf.add(tf.mul(q, b), tf.mul(columnAt(source), tf.sub(1, b)));
    parts.push(tf.reshape(normalizeRows(h as tf.Tensor2D), [anchors, mochiQuery, unit.shape[1]]));
  }
  const all = parts.length === 1 ? (parts[0] as tf.Tensor3D) : tf.concat(parts, 1);
  return tf.reshape(all, [anchors * (mochi + mochiQuery), unit.shape[1]]);
}

/** Cosines of each anchor with its own S synthetic negatives. unit: A x d; synthetic: (A * S) x d; A x S. */
export function syntheticSimilarity(
  unit: tf.Tensor2D,
  synthetic: tf.Tensor2D,
  perAnchor: number,
): tf.Tensor2D {
  const [anchors, dim] = unit.shape;
  const mixes = tf.reshape(synthetic, [anchors, perAnchor, dim]);
  return tf.sum(tf.mul(tf.expandDims(unit, 1), mixes), 2) as tf.Tensor2D;
}
