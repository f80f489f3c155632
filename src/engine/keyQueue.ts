// MoCo's memory of negatives (facebookresearch/moco, moco/builder.py): a FIFO queue of the last K keys, each the
// no-dropout embedding of a training row by a momentum encoder, an exponential moving average of the encoder
// (k <- m k + (1 - m) q after every step). Keys are detached constants: only the query side trains. The same for
// text (ESimCSE's momentum contrast): a second SentenceEncoder of the same shape, keys of the original sentences.
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../core/rng';
import { normalizeRows } from './lossParts';
import { Encoder } from './model';
import { momentumUpdate } from './negativeLosses';
import { SentenceEncoder } from './textEncoder';

/** An encoder a momentum encoder can follow: the MLP or the text encoder (a query tower). */
export type KeySource = Encoder | SentenceEncoder;

/** The key encoder: the encoder's architecture, its weights copied at creation and then averaged. */
export class MomentumEncoder {
  private readonly encoder: KeySource;

  constructor(private readonly source: KeySource) {
    // the init stream is irrelevant: every weight is overwritten with the source's at once
    const rng = createRng(0, 'momentum/unused');
    this.encoder =
      source instanceof SentenceEncoder
        ? new SentenceEncoder(source.textShape, rng)
        : new Encoder(source.shape, rng);
    this.encoder.variables.forEach((v, i) => {
      v.assign(source.variables[i] as tf.Variable);
    });
  }

  /** k <- m k + (1 - m) q for every weight, in MoCo's operation order (p_k * m + p_q * (1 - m)). */
  update(momentum: number): void {
    momentumUpdate(this.encoder.variables, this.source.variables, momentum);
  }

  /** Unit keys of rows x inputDim inputs (text: rows x L ids), without dropout. */
  keys(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => normalizeRows(this.encoder.embed(x)));
  }

  /** The key encoder's weights (tests compare them with the encoder's). */
  get variables(): tf.Variable[] {
    return this.encoder.variables;
  }

  dispose(): void {
    this.encoder.dispose();
  }
}

/** A FIFO queue of unit keys with the training row each embeds (its label for logQ; its own row left out). */
export class KeyQueue {
  /** filled x dim unit keys, oldest first; null while empty */
  private stored: tf.Tensor2D | null = null;
  /** the training rows the stored keys embed, oldest first */
  private storedRows = new Int32Array(0);

  constructor(
    private capacity: number,
    readonly dim: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`invalid capacity: ${capacity}`);
  }

  /** Keys held now (at most the capacity). */
  get size(): number {
    return this.storedRows.length;
  }

  /** The most keys it holds. */
  get limit(): number {
    return this.capacity;
  }

  /** The held keys, oldest first (filled x dim, owned by the queue: do not dispose), or null when empty. */
  get keys(): tf.Tensor2D | null {
    return this.stored;
  }

  /** The training rows the held keys embed, oldest first. */
  get rows(): Int32Array {
    return this.storedRows;
  }

  /** Appends `keys` (n x dim, unit, copied) of training rows `rows`; the oldest beyond the capacity leave. */
  enqueue(keys: tf.Tensor2D, rows: Int32Array): void {
    if (keys.shape[1] !== this.dim || keys.shape[0] !== rows.length) {
      throw new Error(`invalid keys: shape [${keys.shape.join(',')}] with ${rows.length} rows`);
    }
    const joined = new Int32Array(this.storedRows.length + rows.length);
    joined.set(this.storedRows);
    joined.set(rows, this.storedRows.length);
    this.keep(this.stored ? tf.concat([this.stored, keys]) : keys, joined);
  }

  /** A new capacity: the newest keys that fit stay. */
  resize(capacity: number): void {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`invalid capacity: ${capacity}`);
    this.capacity = capacity;
    if (this.stored) this.keep(this.stored, this.storedRows);
  }

  dispose(): void {
    this.stored?.dispose();
    this.stored = null;
    this.storedRows = new Int32Array(0);
  }

  /** Stores the newest `capacity` rows of `keys` (a copy, kept beyond the caller's tidy). */
  private keep(keys: tf.Tensor2D, keyRows: Int32Array): void {
    const rows = keys.shape[0];
    const drop = Math.max(0, rows - this.capacity);
    const next = tf.tidy(() => tf.keep(tf.slice(keys, [drop, 0], [rows - drop, this.dim])));
    if (keys !== this.stored) this.stored?.dispose();
    else keys.dispose();
    this.stored = next;
    this.storedRows = keyRows.slice(drop);
  }
}
