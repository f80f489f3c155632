// The text encoder (issue 19, item 2): a small BERT. Token ids (rows x L, int32, 0 = [PAD]) -> token embedding
// + learned position embedding -> LayerNorm -> dropout -> `layers` post-LayerNorm Transformer layers
// (transformerLayer.ts) -> pooling over the real tokens ('mean') or the first token ('first', [CLS]) -> a linear
// projection to `outputDim`. The output is raw, like the MLP encoder's: the losses normalise.
//
// Padding changes nothing: padded keys get MASKED_LOGIT before the softmax (probability exactly 0), every other
// op is per position, pooling reads only real positions, and dropout masks are drawn per position
// (textDropout.ts). So a sentence padded to 12 or to 32 positions has the same embedding to float precision,
// with or without dropout. Padding must be at the end (ids after the first 0 are all 0): position embeddings
// count from the first token.
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../core/rng';
import { MASKED_LOGIT } from './lossParts';
import type { DropoutPlan, EncoderShape } from './model';
import { TextDropout } from './textDropout';
import type { Embedder } from './towers';
import { Dense, embeddingTable, LayerNorm, lookupRows, TransformerLayer } from './transformerLayer';

/** The id of [PAD]; every other id is a real token. */
export const PAD_ID = 0;

/** How a sentence's token states become one vector. */
export type TextPool = 'mean' | 'first';

/** Shape of the text encoder. */
export interface TextEncoderShape {
  /** token ids are in [0, vocabSize); 0 is [PAD] */
  readonly vocabSize: number;
  /** the longest input (positions with an embedding) */
  readonly maxLen: number;
  readonly width: number;
  readonly heads: number;
  readonly layers: number;
  /** feed-forward inner width; BERT's 4 x width when omitted */
  readonly ffnWidth?: number;
  readonly pool: TextPool;
  readonly outputDim: number;
}

/** The Embedder interface with the text encoder as its own query tower (Embedder.query is the MLP's type). */
export type TextEmbedder = Omit<Embedder, 'query'> & { readonly query: SentenceEncoder };

/**
 * Each row twice in place (a, b -> a, a, b, b), or interleaved with `y`'s rows (a, y_a, b, y_b), by stack +
 * reshape, whose gradients wasm has. rows x w.
 */
function duplicateRows<T extends tf.Tensor2D>(x: T, y: T = x): T {
  const [rows, width] = x.shape;
  return tf.reshape(tf.stack([x, y], 1), [2 * rows, width]) as T;
}

/** A small BERT over token ids; see the file comment. Holds its variables until dispose(). */
export class SentenceEncoder implements TextEmbedder {
  readonly textShape: Required<TextEncoderShape>;
  private readonly tokens: tf.Variable; // vocabSize x width
  private readonly positions: tf.Variable; // maxLen x width
  private readonly embeddingNorm: LayerNorm;
  private readonly layers: TransformerLayer[];
  private readonly projection: Dense; // width x outputDim

  /** Draws every weight from `rng` (the run's 'init' stream) in a fixed order, so a link reproduces them. */
  constructor(shape: TextEncoderShape, rng: Rng) {
    const full = { ...shape, ffnWidth: shape.ffnWidth ?? 4 * shape.width };
    for (const key of ['vocabSize', 'maxLen', 'width', 'heads', 'layers', 'ffnWidth', 'outputDim'] as const) {
      const value = full[key];
      if (!Number.isInteger(value) || value < (key === 'layers' ? 0 : 1))
        throw new Error(`invalid ${key}: ${value}`);
    }
    if (full.vocabSize < 2) throw new Error(`invalid vocabSize: ${full.vocabSize}`);
    if (full.pool !== 'mean' && full.pool !== 'first') throw new Error(`invalid pool: ${String(full.pool)}`);
    this.textShape = full;
    const { width } = full;
    this.tokens = embeddingTable(rng, full.vocabSize, width);
    this.positions = embeddingTable(rng, full.maxLen, width);
    this.embeddingNorm = new LayerNorm(width);
    this.layers = Array.from(
      { length: full.layers },
      () => new TransformerLayer({ width, heads: full.heads, ffnWidth: full.ffnWidth }, rng),
    );
    this.projection = new Dense(rng, width, full.outputDim);
  }

  /** The MLP's shape fields, for code that reads them: inputDim = maxLen, one hidden width per layer. */
  get shape(): EncoderShape {
    const { maxLen, width, layers, outputDim } = this.textShape;
    return { inputDim: maxLen, hidden: Array.from({ length: layers }, () => width), outputDim };
  }

  /** Itself: a lone encoder is its own query tower. */
  get query(): SentenceEncoder {
    return this;
  }

  /** Every trainable variable, in the order of `variableNames`. */
  get variables(): tf.Variable[] {
    return [
      this.tokens,
      this.positions,
      ...this.embeddingNorm.variables,
      ...this.layers.flatMap((layer) => layer.variables),
      ...this.projection.variables,
    ];
  }

  /** Readable names of `variables` ('token', 'layer0/query/kernel', ...). */
  get variableNames(): string[] {
    return [
      'token',
      'position',
      'embeddingNorm/gamma',
      'embeddingNorm/beta',
      ...this.layers.flatMap((_, l) => TransformerLayer.variableNames.map((name) => `layer${l}/${name}`)),
      'projection/kernel',
      'projection/bias',
    ];
  }

  /** Sentences without dropout (evaluation). ids: rows x L int32, L <= maxLen; returns rows x outputDim, raw. */
  embed(ids: tf.Tensor2D): tf.Tensor2D {
    return this.forward(ids, null, false);
  }

  /**
   * Each sentence twice, `[a, a', b, b', ...]`, with its own dropout masks per view (or one shared mask with
   * `sameMask`). The embeddings' lookup and LayerNorm run once per sentence: they have no dropout. ids: N x L
   * int32; returns 2N x outputDim, raw.
   */
  embedTwoViews(ids: tf.Tensor2D, dropout: DropoutPlan): tf.Tensor2D {
    return this.forward(ids, dropout, true);
  }

  /**
   * Two different inputs as the two views, `[a, a', b, b', ...]` with a from `first` and a' from `second` (ESimCSE:
   * the sentence and its repeated form), masks as embedTwoViews draws them (row 2i and 2i + 1 each their own, or
   * one per pair with `sameMask`). first, second: N x L int32 (one L: pad the shorter); returns 2N x outputDim.
   */
  embedViews(first: tf.Tensor2D, second: tf.Tensor2D, dropout: DropoutPlan): tf.Tensor2D {
    if (first.shape[0] !== second.shape[0] || first.shape[1] !== second.shape[1])
      throw new Error(`invalid views: [${first.shape}] and [${second.shape}]`);
    return tf.tidy(() => this.forward(duplicateRows(first, second), dropout, false));
  }

  /**
   * One view per sentence, each row its own masks. ids: rows x L int32. `tower` is ignored: a lone encoder is
   * both towers (supervised SimCSE asks for tower 1 for its positives), as the MLP Encoder does.
   */
  embedOneView(ids: tf.Tensor2D, dropout: DropoutPlan, _tower: 0 | 1 = 0): tf.Tensor2D {
    return this.forward(ids, { ...dropout, sameMask: false }, false);
  }

  /** Copies of the weights as plain arrays (row-major), in `variables` order. */
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

  /** ids: batch x L int32; twoViews doubles the rows after the embeddings. Returns rows x outputDim. */
  private forward(ids: tf.Tensor2D, dropout: DropoutPlan | null, twoViews: boolean): tf.Tensor2D {
    const [batch, length] = ids.shape;
    const { maxLen, width, heads, pool } = this.textShape;
    if (ids.rank !== 2 || ids.dtype !== 'int32') throw new Error(`invalid ids: ${ids.dtype} [${ids.shape}]`);
    if (batch < 1 || length < 1 || length > maxLen)
      throw new Error(`invalid ids: [${ids.shape}], maxLen ${maxLen}`);
    return tf.tidy(() => {
      // (batch * L) x width: token row + position row, then LayerNorm (BERT's embeddings block)
      const tokenRows = lookupRows(this.tokens as tf.Tensor2D, tf.reshape(ids, [batch * length]));
      const positionRows = tf.slice(this.positions as tf.Tensor2D, [0, 0], [length, width]);
      const summed = tf.add(tf.reshape(tokenRows, [batch, length, width]), positionRows);
      let h = this.embeddingNorm.apply(tf.reshape(summed, [batch * length, width]));
      let real = tf.cast(tf.notEqual(ids, tf.scalar(PAD_ID, 'int32')), 'float32') as tf.Tensor2D; // batch x L, 1/0
      if (twoViews) {
        // duplicate each sentence's L x width block: (batch * L) x width -> (2 batch * L) x width
        h = tf.reshape(duplicateRows(tf.reshape(h, [batch, length * width])), [2 * batch * length, width]);
        real = duplicateRows(real);
      }
      const rows = twoViews ? 2 * batch : batch;
      const drop = new TextDropout(dropout, rows, length, width, heads);
      h = drop.hidden('embeddings', h);
      // rows x 1 x 1 x L: 0 at real keys, MASKED_LOGIT at padded keys (exp underflows to exactly 0)
      const keyBias = tf.reshape(tf.mul(tf.sub(1, real), MASKED_LOGIT), [rows, 1, 1, length]) as tf.Tensor4D;
      this.layers.forEach((layer, l) => {
        h = layer.apply(h, rows, length, keyBias, drop, `layer${l}`);
      });
      return this.projection.apply(pool === 'mean' ? meanOverReal(h, real) : firstToken(h, rows, length));
    });
  }
}

/** Mean of each sentence's real positions. h: (rows * L) x width; real: rows x L, 1/0. Returns rows x width. */
function meanOverReal(h: tf.Tensor2D, real: tf.Tensor2D): tf.Tensor2D {
  const [rows, length] = real.shape;
  const states = tf.reshape(h, [rows, length, h.shape[1]]);
  const summed = tf.sum(tf.mul(states, tf.expandDims(real, 2)), 1);
  // an all-[PAD] row sums to zeros; max(count, 1) keeps it finite (a zero vector)
  return tf.div<tf.Tensor2D>(summed, tf.maximum(tf.sum(real, 1, true), 1));
}

/** The first position's state ([CLS]). h: (rows * L) x width; returns rows x width. */
function firstToken(h: tf.Tensor2D, rows: number, length: number): tf.Tensor2D {
  const width = h.shape[1];
  return tf.slice(tf.reshape<tf.Rank.R2>(h, [rows, length * width]), [0, 0], [rows, width]);
}
