import type { PairHistograms } from '../core/pairHistograms';
import type { BackendName, LossId } from './config';

/** The training state that the page and the CLI read; arrays are transferred, not copied, from the worker. */
export interface Snapshot {
  readonly runId: number;
  readonly step: number;
  /** training steps per second since the previous snapshot */
  readonly stepsPerSecond: number;
  readonly backend: BackendName;
  /** tensors alive on the backend (tf.memory().numTensors): flat while training means no leak */
  readonly tensors: number;
  readonly loss: number;
  readonly lossId: LossId;
  readonly tau: number;
  /** Wang & Isola alignment (alpha = 2) between the batch's two views; 0 when the views are identical */
  readonly alignment: number;
  /** Wang & Isola uniformity (t = 2) of held-out points (up to 512 of the display set) */
  readonly uniformity: number;
  /** mean cosine of same-class pairs in the display set (Wang & Liu's tolerance) */
  readonly tolerance: number;
  /** k-nearest-neighbour accuracy of those held-out points against up to 1,024 training points, in [0, 1] */
  readonly knnAccuracy: number;
  /** exp(entropy of the normalised covariance spectrum) of the display set, 1 to dim */
  readonly effectiveRank: number;
  /** mean over the batch's anchors of exp(entropy of r) */
  readonly effectiveNegatives: number;
  readonly display: DisplaySet;
  readonly batch: BatchView;
  /** counts of pairwise cosines over [-1, 1]: display-set pairs, the batch's negative and positive pairs */
  readonly histograms: PairHistograms;
}

/** A fixed set of held-out points embedded without dropout (up to 2,048). */
export interface DisplaySet {
  readonly rows: number;
  readonly dim: number;
  /** rows x dim, row-major, unit vectors */
  readonly embeddings: Float32Array;
  /** rows */
  readonly labels: Int32Array;
}

/**
 * The current batch (capped at 256 rows) in the loss's own row order: `[a, a', b, b', ...]` for the
 * unsupervised objectives; positive of row i is positives[i] (-1 when a row has none).
 */
export interface BatchView {
  readonly rows: number;
  readonly dim: number;
  /** rows x dim, row-major, unit vectors */
  readonly embeddings: Float32Array;
  /** rows */
  readonly labels: Int32Array;
  /** rows: index of each row's positive, -1 for none */
  readonly positives: Int32Array;
  /** rows x rows, row-major, cosine in [-1, 1] */
  readonly similarity: Float32Array;
  /** rows x rows: softmax weight p_ij of the InfoNCE softmax (0 on the diagonal) */
  readonly softmax: Float32Array;
  /** rows x rows: relative penalty r_ij over negatives only (0 at self and positive) */
  readonly negativeWeights: Float32Array;
  /** rows x rows: autograd dL/ds_ij of the loss with respect to the similarity matrix, times rows (per anchor) */
  readonly similarityGradient: Float32Array;
  /** rows x dim: autograd dL/dz of the mean loss with respect to each (unit) embedding */
  readonly embeddingGradient: Float32Array;
  /** rows: exp(entropy of r_i) */
  readonly effectiveNegatives: Float32Array;
  /** rows: index of the most similar negative, -1 for none */
  readonly hardestNegative: Int32Array;
}

/** What the engine knows of the backend it runs on, and why it chose it. */
export interface BackendReport {
  /** the backend really in use (tf.getBackend()) */
  readonly backend: BackendName;
  readonly requested: string;
  /** one sentence for people: why this backend */
  readonly reason: string;
  /** the WebGPU adapter, where one was found */
  readonly adapter: AdapterInfo | null;
  /** steps per second measured per candidate when `auto` compared them */
  readonly measured: Partial<Record<BackendName, number>>;
}

/** A WebGPU adapter's description. */
export interface AdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly description: string;
  readonly isFallbackAdapter: boolean;
}
