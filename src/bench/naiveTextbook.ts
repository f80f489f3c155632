// The `naive` figure's model and loss, written as a tf.js user writes them first, from a SimCLR/SimCSE tutorial:
// a tfl.sequential MLP of tfl.layers, the two views as two forward passes with dropout on, and NT-Xent as SimCLR's
// reference code has it (z zᵀ / tau over both views, the self-similarity pushed down by a large constant,
// softmax cross-entropy against one-hot positives). Nothing here is tuned for a backend, on purpose.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { deriveSeed } from '../core/rng';
import type { TrainConfig } from '../protocol/config';

/** SimCLR's LARGE_NUM: subtracted from each row's similarity to itself, so the softmax ignores it. */
const LARGE_NUM = 1e9;

/**
 * The engine's default architecture in tfl.layers: inputDim -> hidden (ReLU, dropout) ... -> dim, He-normal
 * kernels seeded from the run's 'init' stream. Dropout is unseeded: a seeded tfl.layers.dropout draws the same
 * mask on every call, which would make both views identical.
 */
export function textbookModel(config: TrainConfig, inputDim: number): tfl.Sequential {
  const seed = deriveSeed(config.seed, 'init');
  const model = tfl.sequential();
  // inputShape on the first layer builds the model now, so its weights exist before minimize collects them
  const first = () => (model.layers.length === 0 ? { inputShape: [inputDim] } : {});
  const kernelInitializer = () => tfl.initializers.heNormal({ seed: seed + model.layers.length });
  for (const units of config.hidden) {
    model.add(
      tfl.layers.dense({ ...first(), units, activation: 'relu', kernelInitializer: kernelInitializer() }),
    );
    model.add(tfl.layers.dropout({ rate: config.dropout }));
  }
  model.add(tfl.layers.dense({ ...first(), units: config.dim, kernelInitializer: kernelInitializer() }));
  return model;
}

/**
 * Unsupervised InfoNCE (NT-Xent) of a batch x (N x inputDim): z = [view 1; view 2] (2N x dim), L2-normalised;
 * the positive of row i is row (i + N) mod 2N; 2N - 2 negatives per anchor; mean over the 2N anchors.
 */
export function textbookLoss(model: tfl.Sequential, x: tf.Tensor2D, tau: number): tf.Scalar {
  const z1 = model.apply(x, { training: true }) as tf.Tensor2D;
  const z2 = model.apply(x, { training: true }) as tf.Tensor2D;
  let z = tf.concat([z1, z2]);
  z = tf.div(z, tf.norm(z, 'euclidean', 1, true));
  const rows = z.shape[0];
  const logits = tf.sub(tf.div(tf.matMul(z, z, false, true), tau), tf.mul(tf.eye(rows), LARGE_NUM));
  const positives = Array.from({ length: rows }, (_, i) => (i + rows / 2) % rows);
  const labels = tf.oneHot(tf.tensor1d(positives, 'int32'), rows);
  return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
}
