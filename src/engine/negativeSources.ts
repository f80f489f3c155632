// The state InfoNCE's negative strategies keep across steps: MoCo's momentum encoder and key queue, made while
// the config asks for a queue (and dropped when it stops), and the class probabilities of the logQ correction.
import type * as tf from '@tensorflow/tfjs-core';
import { logQShift } from '../core/negativesRetrieval';
import type { TrainConfig } from '../protocol/config';
import { KeyQueue, type KeySource, MomentumEncoder } from './keyQueue';
import type { BatchPlan } from './objectiveTypes';

/** Weight of the newest batch in the streaming estimate of the class probabilities (Yi et al.'s alpha). */
export const LOGQ_STREAM_RATE = 0.01;
/** -log(clip(p, 1e-6, 1)) of each probability, as tensorflow_recommenders' correction takes it. */
const minusLog = (probabilities: ArrayLike<number>) =>
  Float32Array.from(logQShift(Array.from(probabilities)).shift);

/** A run's queue, key encoder and class probabilities. */
export class NegativeSources {
  private queue: KeyQueue | null = null;
  private keyEncoder: MomentumEncoder | null = null;
  /** -log p of each class, p its share of the training rows */
  private readonly exact: Float32Array;
  /** each class's share of the batches, a moving average over steps (starts uniform) */
  private readonly streamed: Float64Array;

  constructor(
    private readonly model: KeySource,
    private readonly labels: Int32Array,
    classes: number,
  ) {
    const counts = new Float64Array(classes);
    for (const label of labels) counts[label] = (counts[label] as number) + 1;
    this.exact = minusLog(counts.map((count) => count / labels.length));
    this.streamed = new Float64Array(classes).fill(1 / classes);
  }

  /** The key queue when the config trains InfoNCE against one (made, resized or dropped to fit), else null. */
  queueFor(config: TrainConfig): KeyQueue | null {
    if (config.loss !== 'infonce' || config.negatives !== 'queue') {
      this.dropQueue();
      return null;
    }
    if (!this.queue || !this.keyEncoder) {
      this.keyEncoder = new MomentumEncoder(this.model);
      this.queue = new KeyQueue(config.queueSize, this.model.shape.outputDim);
    } else if (this.queue.limit !== config.queueSize) {
      this.queue.resize(config.queueSize);
    }
    return this.queue;
  }

  /** The key encoder while there is a queue (tests compare it with the encoder). */
  get momentumEncoder(): MomentumEncoder | null {
    return this.keyEncoder;
  }

  /** -log p of each class for logQ: the training set's shares (exact) or the batches' (stream); null when off. */
  classLogQ(config: TrainConfig): Float32Array | null {
    if (config.logQ === 'exact') return this.exact;
    if (config.logQ === 'stream') return minusLog(this.streamed);
    return null;
  }

  /**
   * After an optimisation step: the streaming estimate takes the batch's class shares, and with a queue the key
   * encoder moves towards the encoder (k <- m k + (1 - m) q) and the batch's keys, embedded by it without
   * dropout, join the queue: keys of the anchors' own inputs (`anchorRows`: text, the original sentences, never
   * ESimCSE's repeated views, as its code does). Call inside the step's tidy.
   */
  afterStep(config: TrainConfig, plan: BatchPlan, anchorRows: () => tf.Tensor2D): void {
    const shares = new Float64Array(this.streamed.length);
    for (const row of plan.anchors) {
      const label = this.labels[row] as number;
      shares[label] = (shares[label] as number) + 1 / plan.anchors.length;
    }
    this.streamed.forEach((p, c) => {
      this.streamed[c] = (1 - LOGQ_STREAM_RATE) * p + LOGQ_STREAM_RATE * (shares[c] as number);
    });
    const queue = this.queueFor(config);
    if (!queue || !this.keyEncoder) return;
    this.keyEncoder.update(config.momentum);
    queue.enqueue(this.keyEncoder.keys(anchorRows()), plan.anchors);
  }

  dispose(): void {
    this.dropQueue();
  }

  private dropQueue(): void {
    this.queue?.dispose();
    this.keyEncoder?.dispose();
    this.queue = null;
    this.keyEncoder = null;
  }
}
