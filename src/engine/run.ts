import * as tf from '@tensorflow/tfjs-core';
import { createRng, type Rng, tfSeed } from '../core/rng';
import { type BatchSampler, createBatchSampler } from '../data/batches';
import { vocabSize } from '../data/tokenizer';
import type { TrainConfig } from '../protocol/config';
import type { LengthBiasMeasure } from '../protocol/snapshot';
import type { WeightsLayer } from '../protocol/weightsFile';
import { BatchMasks } from './lossParts';
import { NegativeSources } from './negativeSources';
import { objectiveFor } from './objective';
import { type BatchPlan, type ObjectiveContext, rowsOf } from './objectiveTypes';
import { type RepeatedViews, repeatAnchors, usesRepetition } from './repeatedViews';
import type { RunData } from './runData';
import { buildModel, type Embedder } from './towers';

/** What one optimisation step reports, still on the backend (read at most once per chunk). */
interface StepResult {
  readonly loss: tf.Scalar;
}

/**
 * One run: data, model, optimiser and the seeded streams, on the backend active when it was built. Holds
 * every tensor it makes; dispose() frees them all.
 */
export class Run {
  readonly model: Embedder;
  private optimizer: tf.AdamOptimizer;
  private readonly sampler: BatchSampler;
  /** draws the supervised objective's candidate pools, apart from the batch order */
  private readonly poolRng: Rng;
  private readonly dropoutRng: Rng;
  /** ESimCSE's word repetition, a stream of its own: a run with dup off draws exactly as before */
  private readonly repetitionRng: Rng;
  /** masks per batch size, kept across steps: the current size and the snapshot's (at most two) */
  private readonly masks = new Map<number, BatchMasks>();
  /** step at which a loss or gradient first went non-finite, -1 while all are finite (on the backend) */
  private readonly firstNonFinite: tf.Variable;
  private checkpoint: { step: number; weights: tf.Tensor[] } | null = null;
  step = 0;
  /** the plan of the latest step, so a snapshot shows the batch the model last trained on */
  lastPlan: BatchPlan | null = null;
  /** text mode: the length bias of the run's first snapshot, which every later one shows as "before" */
  lengthBiasBefore: LengthBiasMeasure | null = null;
  /** InfoNCE's negative sources and logQ estimate, made while the config asks for them */
  readonly negatives: NegativeSources;

  constructor(
    readonly data: RunData,
    public config: TrainConfig,
  ) {
    this.model = buildModel(config, data.split.train.dim, vocabSize, createRng(config.seed, 'init'));
    this.optimizer = tf.train.adam(config.lr);
    this.sampler = createBatchSampler(data.split.train, config.seed);
    this.poolRng = createRng(config.seed, 'batch/pool');
    this.dropoutRng = createRng(config.seed, 'dropout');
    this.repetitionRng = createRng(config.seed, 'batch/dup');
    this.firstNonFinite = tf.variable(tf.scalar(-1, 'int32'), false);
    this.negatives = new NegativeSources(this.model.query, data.split.train.labels, data.split.train.classes);
  }

  /** Applies live fields (tau, lr, dropout, batch, loss weights) without resetting anything. */
  applyLive(config: TrainConfig): void {
    this.config = config;
    // Adam reads its learning rate on every step; the field is not part of tf.js's public typing.
    (this.optimizer as unknown as { learningRate: number }).learningRate = config.lr;
  }

  /** The largest batch (pairs) the data can fill. */
  get maxPairs(): number {
    return this.data.split.train.rows;
  }

  /** What the objectives read: the model, the data on the backend, the masks and the live config. */
  get context(): ObjectiveContext {
    return {
      model: this.model,
      trainX: this.data.trainX,
      trainLengths: this.data.trainLengths,
      triplets: this.data.triplets,
      trainLabels: this.data.trainLabels,
      labels: this.data.split.train.labels,
      masks: (pairs) => this.masksFor(pairs),
      config: this.config,
      queue: this.negatives.queueFor(this.config),
      classLogQ: this.negatives.classLogQ(this.config),
    };
  }

  private masksFor(pairs: number): BatchMasks {
    let masks = this.masks.get(pairs);
    if (!masks) {
      if (this.masks.size >= 2) {
        for (const [size, old] of this.masks) {
          if (size === this.config.batch) continue;
          old.dispose();
          this.masks.delete(size);
        }
      }
      masks = new BatchMasks(pairs);
      this.masks.set(pairs, masks);
    }
    return masks;
  }

  /**
   * Draws the next batch: anchors, the supervised positives and pool where needed (or the anchors' triplets),
   * ESimCSE's repeated second views with dup, and the dropout seed.
   */
  private nextPlan(): BatchPlan {
    const anchors = this.sampler.next(this.config.batch);
    const { loss } = this.config;
    if (this.usesTriplets) return { ...this.tripletPlan(anchors), dropout: this.nextDropout() };
    const needsPositives = loss === 'supervised' || loss === 'triplet';
    const rows = this.data.split.train.rows;
    return {
      anchors,
      positives: needsPositives ? this.sampler.positives(anchors) : null,
      pool:
        loss === 'supervised'
          ? this.poolRng.sample(rows, Math.min(rows, Math.max(64, anchors.length)))
          : null,
      repeated: this.repeatedViews(anchors, this.repetitionRng),
      dropout: this.nextDropout(),
    };
  }

  /** The step's dropout: the live rate and mask rule, the seed from the run's dropout stream. */
  private nextDropout() {
    return { rate: this.config.dropout, sameMask: this.config.sameMask, seed: tfSeed(this.dropoutRng) };
  }

  /** Supervised SimCSE on data with triplets (the generated sentences): the anchors' own, nothing mined. */
  private get usesTriplets(): boolean {
    return this.config.loss === 'supervised' && this.data.triplets !== null;
  }

  /** The triplet rows are the anchors' own: positives index the entailments, as prepare does the contradictions. */
  private tripletPlan(anchors: Int32Array): Omit<BatchPlan, 'dropout'> {
    return { anchors, positives: Int32Array.from(anchors), pool: null, triplets: true };
  }

  /** ESimCSE's second views of `anchors` while the config repeats words, else null. */
  private repeatedViews(anchors: Int32Array, rng: Rng): RepeatedViews | null {
    const lengths = this.data.trainLengths;
    if (!lengths || !usesRepetition(this.config)) return null; // lengths: text mode
    const { features, dim } = this.data.split.train;
    return repeatAnchors(features, lengths, dim, anchors, this.config.dupRate, rng);
  }

  /** The batch a snapshot shows before the first step: the first rows, drawn from no stream the training uses. */
  previewPlan(): BatchPlan {
    const rows = this.data.split.train.rows;
    const anchors = Int32Array.from({ length: Math.min(this.config.batch, rows) }, (_, i) => i);
    const labels = this.data.split.train.labels;
    // a same-class partner for each anchor: the next row of that class (rows alternate by class)
    const partnerOf = (i: number) => {
      for (let k = 1; k < rows; k++) if (labels[(i + k) % rows] === labels[i]) return (i + k) % rows;
      return i;
    };
    const dropout = { rate: this.config.dropout, sameMask: this.config.sameMask, seed: 0 };
    if (this.usesTriplets) return { ...this.tripletPlan(anchors), dropout };
    return {
      anchors,
      positives: Int32Array.from(anchors, partnerOf),
      pool: Int32Array.from({ length: Math.min(rows, 64) }, (_, i) => i),
      // the same kind of views as training, from a stream the training never reads
      repeated: this.repeatedViews(anchors, createRng(this.config.seed, 'preview/dup')),
      dropout,
    };
  }

  /** One optimisation step. Nothing is read back; the loss stays on the backend. */
  trainStep(): StepResult {
    const plan = this.nextPlan();
    this.lastPlan = plan;
    const objective = objectiveFor(this.config);
    const stepNumber = this.step + 1;
    const context = this.context;
    const loss = tf.tidy(() => {
      const prepared = objective.prepare(context, plan);
      const { value, grads } = tf.variableGrads(
        () => objective.loss(context, plan, prepared),
        this.model.variables,
      );
      this.optimizer.applyGradients(grads as tf.NamedTensorMap as Record<string, tf.Variable>);
      this.negatives.afterStep(this.config, plan, () => rowsOf(context, plan.anchors));
      // Remember the first step whose loss or gradients are not finite, without a read-back.
      const gradSum = Object.values(grads).reduce<tf.Tensor>((sum, g) => tf.add(sum, tf.sum(g)), value);
      const bad = tf.logicalAnd(tf.logicalNot(tf.isFinite(gradSum)), tf.less(this.firstNonFinite, 0));
      this.firstNonFinite.assign(
        tf.where(bad, tf.scalar(stepNumber, 'int32'), this.firstNonFinite as tf.Scalar),
      );
      return tf.keep(value);
    });
    this.step = stepNumber;
    return { loss };
  }

  /**
   * Runs `count` steps and waits for the backend once (one async read), so GPU queues never run far ahead.
   * Returns the last loss and the first non-finite step (-1 when every step was finite).
   */
  async trainChunk(count: number): Promise<{ loss: number; firstNonFinite: number }> {
    let last: StepResult | null = null;
    for (let i = 0; i < count; i++) {
      last?.loss.dispose();
      last = this.trainStep();
    }
    if (!last) throw new Error(`invalid count: ${count}`);
    const [loss, flag] = await Promise.all([last.loss.data(), this.firstNonFinite.data()]);
    last.loss.dispose();
    return { loss: loss[0] as number, firstNonFinite: flag[0] as number };
  }

  /** Keeps a copy (on the backend) of the current weights as the rewind point. */
  saveCheckpoint(): void {
    const weights = this.model.variables.map((v) => tf.clone(v));
    this.dropCheckpoint();
    this.checkpoint = { step: this.step, weights };
  }

  /** The step of the rewind point, or null when there is none. */
  get checkpointStep(): number | null {
    return this.checkpoint?.step ?? null;
  }

  /** Restores the rewind point's weights and a fresh optimiser (its moments may hold the NaN). */
  rewind(): boolean {
    if (!this.checkpoint) return false;
    const { step, weights } = this.checkpoint;
    this.model.variables.forEach((v, i) => {
      v.assign(weights[i] as tf.Tensor);
    });
    this.startAfresh();
    this.step = step;
    return true;
  }

  /**
   * Copies of the weights (each in its own buffer, safe to transfer) and the step they were read at. Training
   * need not pause: the clones pin this step's values while the async read is in flight.
   */
  async exportWeights(): Promise<{ step: number; layers: WeightsLayer[] }> {
    const step = this.step;
    const copies = this.model.variables.map((v) => tf.clone(v));
    try {
      const values = await Promise.all(copies.map((copy) => copy.data<'float32'>()));
      // a copy: some backends hand back their own storage, which a transfer would detach
      return {
        step,
        layers: copies.map((copy, i) => ({
          shape: [...copy.shape],
          data: Float32Array.from(values[i] ?? []),
        })),
      };
    } finally {
      tf.dispose(copies);
    }
  }

  /**
   * Overwrites the weights (shapes checked by the caller) and keeps the step: a fresh Adam (the old moments
   * belong to other weights), and the loaded weights become the rewind point.
   */
  loadWeights(layers: readonly WeightsLayer[]): void {
    this.model.writeWeights(layers.map((layer) => layer.data));
    this.startAfresh();
    this.saveCheckpoint();
  }

  /** A fresh optimiser and a cleared non-finite flag, after the weights were replaced. */
  private startAfresh(): void {
    this.optimizer.dispose();
    this.optimizer = tf.train.adam(this.config.lr);
    tf.tidy(() => {
      this.firstNonFinite.assign(tf.scalar(-1, 'int32'));
    });
  }

  private dropCheckpoint(): void {
    for (const t of this.checkpoint?.weights ?? []) t.dispose();
    this.checkpoint = null;
  }

  dispose(): void {
    this.negatives.dispose();
    for (const masks of this.masks.values()) masks.dispose();
    this.masks.clear();
    this.dropCheckpoint();
    this.optimizer.dispose();
    this.firstNonFinite.dispose();
    this.model.dispose();
  }
}
