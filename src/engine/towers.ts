// One tower or two. One: a shared encoder embeds both views (SimCSE, Siamese). Two: the second view goes through
// an encoder of its own, as a recommender's query and item towers do; nothing but the loss ties their spaces
// together, so the towers can drift apart (a rotation of one against the other costs nothing but the positive
// pairs' alignment). The page and every metric read the first tower, the query side.
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../core/rng';
import { isTextDataset } from '../data/types';
import type { TrainConfig } from '../protocol/config';
import { type DropoutPlan, Encoder, type EncoderShape } from './model';
import { SentenceEncoder } from './textEncoder';

/** What the objectives and the run need of the model, with one tower or two. */
export interface Embedder {
  readonly shape: EncoderShape;
  /** every trainable variable: the first tower's, then the second's */
  readonly variables: tf.Variable[];
  /** the first tower: the query side, which a momentum encoder follows (keyQueue.ts copies either layout) */
  readonly query: Encoder | SentenceEncoder;
  /** rows without dropout, by the first tower (display, mining, keys) */
  embed(x: tf.Tensor2D): tf.Tensor2D;
  /** each row twice, `[a, a', ...]`: a by the first tower, a' by the second (the same tower with one) */
  embedTwoViews(x: tf.Tensor2D, dropout: DropoutPlan): tf.Tensor2D;
  /** one view per row by tower 0 (anchors) or 1 (positives: the second tower with two) */
  embedOneView(x: tf.Tensor2D, dropout: DropoutPlan, tower?: 0 | 1): tf.Tensor2D;
  /** copies of every variable's values, in `variables` order */
  readWeights(): Promise<Float32Array[]>;
  writeWeights(weights: readonly Float32Array[]): void;
  dispose(): void;
}

/** The model of a config: the text encoder for the sentences, else the MLP with one or two towers. */
export function buildModel(config: TrainConfig, inputDim: number, vocabSize: number, rng: Rng): Embedder {
  if (isTextDataset(config.dataset)) {
    const { pool, layers, heads, width, maxLen, dim } = config;
    return new SentenceEncoder({ vocabSize, maxLen, width, heads, layers, pool, outputDim: dim }, rng);
  }
  return buildEmbedder({ inputDim, hidden: config.hidden, outputDim: config.dim }, config.towers, rng);
}

/** The model of a config: one Encoder, or two of the same shape (the second from its own init stream). */
export function buildEmbedder(shape: EncoderShape, towers: number, rng: Rng): Embedder {
  const first = new Encoder(shape, rng);
  return towers === 2 ? new TwoTowers(first, new Encoder(shape, rng.fork('tower2'))) : first;
}

/** Two encoders of one shape: the first for the anchors' views, the second for their positives'. */
class TwoTowers implements Embedder {
  constructor(
    readonly query: Encoder,
    private readonly item: Encoder,
  ) {}

  get shape(): EncoderShape {
    return this.query.shape;
  }

  get variables(): tf.Variable[] {
    return [...this.query.variables, ...this.item.variables];
  }

  embed(x: tf.Tensor2D): tf.Tensor2D {
    return this.query.embed(x);
  }

  embedTwoViews(x: tf.Tensor2D, dropout: DropoutPlan): tf.Tensor2D {
    return tf.tidy(() => {
      // each tower its own masks; one shared mask across two towers means nothing
      const plan = { ...dropout, sameMask: false };
      const a = this.query.embedOneView(x, plan);
      const b = this.item.embedOneView(x, { ...plan, seed: plan.seed + 7 });
      return tf.reshape(tf.stack([a, b], 1), [2 * x.shape[0], a.shape[1]]) as tf.Tensor2D;
    });
  }

  embedOneView(x: tf.Tensor2D, dropout: DropoutPlan, tower: 0 | 1 = 0): tf.Tensor2D {
    return (tower === 0 ? this.query : this.item).embedOneView(x, dropout);
  }

  async readWeights(): Promise<Float32Array[]> {
    return [...(await this.query.readWeights()), ...(await this.item.readWeights())];
  }

  writeWeights(weights: readonly Float32Array[]): void {
    const split = this.query.variables.length;
    this.query.writeWeights(weights.slice(0, split));
    this.item.writeWeights(weights.slice(split));
  }

  dispose(): void {
    this.query.dispose();
    this.item.dispose();
  }
}
