// The parts of the text encoder (textEncoder.ts): BERT's initialisation, dense and LayerNorm layers, GELU, a
// token lookup whose gradient runs on tf.js wasm, and one post-LayerNorm Transformer encoder layer. Activations
// are kept as 2D `(rows * L) x width` blocks (row-major: sentence r, position p is row r * L + p), reshaped to
// 4D only inside the attention.
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../core/rng';
import type { TextDropout } from './textDropout';

/** BERT's initializer_range: std of the truncated normal for embeddings and dense kernels. */
export const INIT_STD = 0.02;

/** BERT's layer_norm_eps. */
const LAYER_NORM_EPS = 1e-12;

/**
 * `count` draws of a normal with std `std`, each redrawn until within 2 std (TF's truncated_normal, which BERT
 * uses), from the run's init stream: the same numbers on every backend, so a link reproduces the weights.
 */
export function truncatedNormal(rng: Rng, count: number, std: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    let z = rng.normal();
    while (Math.abs(z) > 2) z = rng.normal();
    out[i] = z * std;
  }
  return out;
}

/** A trainable variable holding `values` (tidy: tf.variable copies its initial value). */
const variableOf = (values: Float32Array, shape: number[]): tf.Variable =>
  tf.tidy(() => tf.variable(tf.tensor(values, shape)));

/** A table (rows x width) drawn from the init stream as BERT draws embeddings. */
export function embeddingTable(rng: Rng, rows: number, width: number): tf.Variable {
  return variableOf(truncatedNormal(rng, rows * width, INIT_STD), [rows, width]);
}

/**
 * x W + b with the gradient written out: dx = dy W^T, dW = x^T dy with the transposes made as copies, and db =
 * 1^T dy as a matMul. Autograd's matMul gradient passes transposeA / transposeB instead, and tf.js wasm runs
 * those off its XNNPACK path: (4096 x 64)^T (4096 x 256) took 120 ms against ~25 ms for copy plus plain matMul
 * (the same finding as lossParts.matMulTransposeB). x: rows x in, W: in x out, b: out; returns rows x out.
 */
const denseForward = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor2D;
  const kernel = args[1] as tf.Tensor2D;
  const bias = args[2] as tf.Tensor1D;
  const save = args[3] as tf.GradSaveFunc;
  save([x, kernel]);
  return {
    value: tf.add(tf.matMul(x, kernel), bias),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sk] = saved as [tf.Tensor2D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      const ones = tf.ones([1, g.shape[0]]) as tf.Tensor2D;
      return [
        tf.matMul(g, tf.transpose(sk)),
        tf.matMul(tf.transpose(sx), g),
        tf.reshape(tf.matMul(ones, g), [g.shape[1]]),
      ];
    },
  };
}) as (x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D) => tf.Tensor2D;

/** Dense layer: kernel (in x out), truncated normal std 0.02, bias (out), zeros. */
export class Dense {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;

  constructor(rng: Rng, inDim: number, outDim: number) {
    this.kernel = variableOf(truncatedNormal(rng, inDim * outDim, INIT_STD), [inDim, outDim]);
    this.bias = variableOf(new Float32Array(outDim), [outDim]);
  }

  /** x: rows x in; returns rows x out. */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    return denseForward(x, this.kernel as tf.Tensor2D, this.bias as tf.Tensor1D);
  }

  get variables(): tf.Variable[] {
    return [this.kernel, this.bias];
  }
}

/** LayerNorm over the last axis: gamma ones, beta zeros. */
export class LayerNorm {
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;

  constructor(width: number) {
    this.gamma = variableOf(new Float32Array(width).fill(1), [width]);
    this.beta = variableOf(new Float32Array(width), [width]);
  }

  /** x: rows x width; each row to zero mean, unit variance (biased, as BERT), then scaled and shifted. */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    const centred = tf.sub(x, tf.mean(x, 1, true));
    const variance = tf.mean(tf.square(centred), 1, true);
    return tf.add(tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, LAYER_NORM_EPS))), this.gamma), this.beta);
  }

  get variables(): tf.Variable[] {
    return [this.gamma, this.beta];
  }
}

/** BERT's exact GELU, x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2)); tf.js has Erf and its gradient on wasm. */
export const gelu = (x: tf.Tensor2D): tf.Tensor2D =>
  tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));

/**
 * Rows of `table` (V x W) at `ids` (k, int32): returns k x W. Forward is a gather (cheap); its gradient, which
 * tf.js wasm lacks (UnsortedSegmentSum), is written here as a ScatterNd, which wasm has and which sums the
 * updates of repeated ids: dTable[v] = sum of dy over the positions holding v, zero for ids never used. A one-hot
 * matMul would do the same at (k x V) x (V x W) cost each way: 4096 x 2000 x 64 is ~0.5 GFLOP forward and again
 * backward. The ids are not an input of the custom gradient: they take none.
 */
export function lookupRows(table: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  const shape = table.shape;
  const pick = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    // saved, not read from the closure: the caller's tidy may free `ids` before the backward pass runs
    (args[1] as tf.GradSaveFunc)([ids]);
    return {
      value: tf.gather(args[0] as tf.Tensor, ids),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.scatterND(tf.expandDims(saved[0] as tf.Tensor, 1), dy, shape),
    };
  });
  return pick(table) as tf.Tensor2D;
}

/** Shape of one attention block. */
export interface AttentionShape {
  readonly width: number;
  readonly heads: number;
  readonly ffnWidth: number;
}

/**
 * One BERT encoder layer (post-LayerNorm): h1 = LN(h + drop(O(attn(h)))), out = LN(h1 + drop(W2 gelu(W1 h1))),
 * attention probabilities dropped too. Variables in BERT's order: query, key, value, output, LN1, ffn in, ffn
 * out, LN2.
 */
export class TransformerLayer {
  private readonly query: Dense;
  private readonly key: Dense;
  private readonly value: Dense;
  private readonly output: Dense;
  private readonly attentionNorm: LayerNorm;
  private readonly ffnIn: Dense;
  private readonly ffnOut: Dense;
  private readonly ffnNorm: LayerNorm;

  constructor(
    readonly shape: AttentionShape,
    rng: Rng,
  ) {
    const { width, heads, ffnWidth } = shape;
    if (!Number.isInteger(heads) || heads < 1 || width % heads !== 0) {
      throw new Error(`invalid heads: ${heads} (width ${width})`);
    }
    this.query = new Dense(rng, width, width);
    this.key = new Dense(rng, width, width);
    this.value = new Dense(rng, width, width);
    this.output = new Dense(rng, width, width);
    this.attentionNorm = new LayerNorm(width);
    this.ffnIn = new Dense(rng, width, ffnWidth);
    this.ffnOut = new Dense(rng, ffnWidth, width);
    this.ffnNorm = new LayerNorm(width);
  }

  /** Names of `variables`, in order (for tests and messages; tf.js variable names must be unique globally). */
  static readonly variableNames: readonly string[] = [
    'query',
    'key',
    'value',
    'output',
    'attentionNorm',
    'ffnIn',
    'ffnOut',
    'ffnNorm',
  ].flatMap((part) =>
    part.endsWith('Norm') ? [`${part}/gamma`, `${part}/beta`] : [`${part}/kernel`, `${part}/bias`],
  );

  get variables(): tf.Variable[] {
    return [
      this.query,
      this.key,
      this.value,
      this.output,
      this.attentionNorm,
      this.ffnIn,
      this.ffnOut,
      this.ffnNorm,
    ].flatMap((part) => part.variables);
  }

  /**
   * h: (rows * L) x width; keyBias: rows x 1 x 1 x L, 0 at real keys and MASKED_LOGIT at padded ones, so a padded
   * key gets probability exactly 0 and its value adds exactly nothing; drop: this layer's masks (null: none);
   * `site` names this layer's dropout streams. Returns (rows * L) x width.
   */
  apply(h: tf.Tensor2D, rows: number, length: number, keyBias: tf.Tensor4D, drop: TextDropout, site: string) {
    const { width, heads } = this.shape;
    const headWidth = width / heads;
    // (rows * L) x width -> rows x heads x L x headWidth
    const split = (x: tf.Tensor2D) =>
      tf.transpose(tf.reshape(x, [rows, length, heads, headWidth]), [0, 2, 1, 3]);
    const q = split(this.query.apply(h));
    const k = split(this.key.apply(h));
    const v = split(this.value.apply(h));
    // rows x heads x L x L, queries by keys; softmax over the keys
    const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(headWidth)), keyBias);
    const probs = drop.attention(`${site}/attn`, tf.softmax(scores) as tf.Tensor4D);
    // rows x heads x L x headWidth -> (rows * L) x width
    const context = tf.reshape(tf.transpose(tf.matMul(probs, v), [0, 2, 1, 3]), [rows * length, width]);
    const attended = drop.hidden(`${site}/out`, this.output.apply(context as tf.Tensor2D));
    const h1 = this.attentionNorm.apply(tf.add(h, attended));
    const fed = drop.hidden(`${site}/ffn`, this.ffnOut.apply(gelu(this.ffnIn.apply(h1))));
    return this.ffnNorm.apply(tf.add(h1, fed));
  }
}
