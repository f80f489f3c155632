import * as tf from '@tensorflow/tfjs-core';
import { type Rng, uniformArray } from '../core/rng';

/** Shape of the encoder: input -> hidden... -> output, ReLU and dropout after each hidden layer. */
export interface EncoderShape {
  readonly inputDim: number;
  readonly hidden: readonly number[];
  readonly outputDim: number;
}

/** One dense layer's parameters: kernel (in x out) and bias (out). */
interface Dense {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
}

/** How the two views of a batch get their dropout masks. */
export interface DropoutPlan {
  readonly rate: number;
  /** true: both views of a row share one mask, so the views are identical */
  readonly sameMask: boolean;
  /** seed of this step's masks, from the run's dropout stream */
  readonly seed: number;
}

/**
 * The MLP encoder. Its raw output is not normalised here: the losses normalise (and so back-propagate through
 * the normalisation), and the snapshot normalises what it shows.
 */
export class Encoder {
  private readonly layers: Dense[];

  constructor(
    readonly shape: EncoderShape,
    rng: Rng,
  ) {
    const widths = [shape.inputDim, ...shape.hidden, shape.outputDim];
    for (const width of widths) {
      if (!Number.isInteger(width) || width < 1) throw new Error(`invalid layer width: ${width}`);
    }
    // He-normal init drawn from the run's 'init' stream, so weights are identical on every backend.
    this.layers = widths.slice(1).map((out, i) => {
      const fanIn = widths[i] as number;
      const values = new Float32Array(fanIn * out);
      const scale = Math.sqrt(2 / fanIn);
      for (let k = 0; k < values.length; k++) values[k] = rng.normal() * scale;
      return {
        // tidy: tf.variable copies its initial value, which must not outlive it
        kernel: tf.tidy(() => tf.variable(tf.tensor2d(values, [fanIn, out]))),
        bias: tf.tidy(() => tf.variable(tf.zeros([out]))),
      };
    });
  }

  /** Itself: a lone encoder is its own query tower (towers.ts). */
  get query(): Encoder {
    return this;
  }

  /** The trainable variables, for the optimiser and for checkpoints. */
  get variables(): tf.Variable[] {
    return this.layers.flatMap((layer) => [layer.kernel, layer.bias]);
  }

  /** Embeds rows without dropout (evaluation). x: rows x inputDim; returns rows x outputDim, raw. */
  embed(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let h = x;
      this.layers.forEach((layer, i) => {
        h = tf.add(tf.matMul(h, layer.kernel), layer.bias);
        if (i < this.layers.length - 1) h = tf.relu(h);
      });
      return h;
    });
  }

  /**
   * Embeds each input row twice, with independent dropout masks (or one shared mask), in `[a, a', b, b', ...]`
   * order. x: N x inputDim; returns 2N x outputDim, raw. The first linear layer runs once per input row, since
   * it is the same for both views; only the masks differ.
   */
  embedTwoViews(x: tf.Tensor2D, dropout: DropoutPlan): tf.Tensor2D {
    return tf.tidy(() => {
      let h: tf.Tensor2D = x;
      let doubled = false;
      this.layers.forEach((layer, i) => {
        h = tf.add(tf.matMul(h, layer.kernel), layer.bias);
        if (i === this.layers.length - 1) return;
        h = tf.relu(h);
        if (!doubled) {
          h = duplicateRows(h);
          doubled = true;
        }
        h = applyDropout(h, dropout, i);
      });
      return doubled ? h : duplicateRows(h);
    });
  }

  /** Embeds rows with one independent dropout mask per row (one view each). x: rows x inputDim. */
  embedOneView(x: tf.Tensor2D, dropout: DropoutPlan): tf.Tensor2D {
    return tf.tidy(() => {
      let h: tf.Tensor2D = x;
      this.layers.forEach((layer, i) => {
        h = tf.add(tf.matMul(h, layer.kernel), layer.bias);
        if (i < this.layers.length - 1) h = applyDropout(tf.relu(h), { ...dropout, sameMask: false }, i);
      });
      return h;
    });
  }

  /** Copies of the weights as plain arrays (row-major), for rewinds and downloads. */
  async readWeights(): Promise<Float32Array[]> {
    return Promise.all(this.variables.map(async (v) => (await v.data()) as Float32Array));
  }

  /** Overwrites the weights with arrays from readWeights (same shapes). */
  writeWeights(weights: readonly Float32Array[]): void {
    const variables = this.variables;
    if (weights.length !== variables.length) throw new Error(`invalid weights: ${weights.length} arrays`);
    variables.forEach((variable, i) => {
      tf.tidy(() => variable.assign(tf.tensor(weights[i] as Float32Array, variable.shape)));
    });
  }

  dispose(): void {
    for (const variable of this.variables) variable.dispose();
  }
}

/**
 * Each row twice, in place: rows a, b -> a, a, b, b. Built from stack and reshape, whose gradients every
 * backend has (gather's needs UnsortedSegmentSum, which tf.js wasm lacks). rows x width -> 2 rows x width.
 */
function duplicateRows(h: tf.Tensor2D): tf.Tensor2D {
  const [rows, width] = h.shape;
  return tf.reshape(tf.stack([h, h], 1), [2 * rows, width]);
}

/**
 * An inverted-dropout mask of `length` units from a seeded uniform (the same numbers on every backend):
 * each unit kept with probability 1 - rate and then scaled by 1 / (1 - rate), else 0.
 */
export function dropoutMask(length: number, rate: number, seed: number): Float32Array {
  const scale = 1 / (1 - rate);
  const mask = uniformArray(seed, 'dropout/mask', length);
  for (let i = 0; i < length; i++) mask[i] = (mask[i] as number) >= rate ? scale : 0;
  return mask;
}

/**
 * Inverted dropout on a layer's activations. With `sameMask` (two-view batches only), one mask per input
 * row is drawn and duplicated onto both views.
 */
function applyDropout(h: tf.Tensor2D, dropout: DropoutPlan, layerIndex: number): tf.Tensor2D {
  if (dropout.rate <= 0) return h;
  const [rows, width] = h.shape;
  const maskRows = dropout.sameMask ? rows / 2 : rows;
  const seed = (dropout.seed + layerIndex * 7919) >>> 0;
  let keep = tf.tensor2d(dropoutMask(maskRows * width, dropout.rate, seed), [maskRows, width]);
  if (dropout.sameMask) keep = duplicateRows(keep);
  return tf.mul(h, keep);
}
