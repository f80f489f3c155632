import type { WeightForm } from '../core/negativeWeights';
import type { PairHistograms } from '../core/pairHistograms';
import type { BackendName, LossId } from './config';

/** The training state that the page and the CLI read; arrays are transferred, not copied, from the worker. */
export interface Snapshot {
  readonly runId: number;
  /**
   * the trainer's number for the model this snapshot shows: a new one for every model it builds, on a restart
   * (configure) and on a rebuild (new model, same data, from step 0), where the runId stays; the page starts a
   * new history (metrics, trail) when it changes
   */
  readonly modelId: number;
  readonly step: number;
  /** training steps per second since the previous snapshot */
  readonly stepsPerSecond: number;
  readonly backend: BackendName;
  /** tensors alive on the backend (tf.memory().numTensors): flat while training means no leak */
  readonly tensors: number;
  readonly loss: number;
  readonly lossId: LossId;
  readonly tau: number;
  /** how the objective weighs its negatives, for the page's closed form beside the autograd weights */
  readonly weightForm: WeightForm;
  /** Wang & Isola alignment (alpha = 2) between the batch's two views; 0 when the views are identical */
  readonly alignment: number;
  /** Wang & Isola uniformity (t = 2) of held-out points (up to 512 of the display set) */
  readonly uniformity: number;
  /** mean cosine of same-class pairs in the display set (Wang & Liu's tolerance) */
  readonly tolerance: number;
  /** k-nearest-neighbour accuracy of those held-out points against up to 1,024 training points, in [0, 1] */
  readonly knnAccuracy: number;
  /**
   * text mode: 100 x Spearman between the encoder's cosines (no dropout) of the held-out STS pairs and their
   * gold scores (synthetic sentences: not comparable with published STS results); null for other data sets
   */
  readonly stsSpearman: number | null;
  /**
   * text mode: cosine against length difference of the STS paraphrase and unrelated pairs, now and at the run's
   * first snapshot (engine/lengthBiasMeasure.ts); null for other data sets
   */
  readonly lengthBias: LengthBiasView | null;
  /** exp(entropy of the normalised covariance spectrum) of the display set, 1 to dim */
  readonly effectiveRank: number;
  /** batch mean over the anchors of exp(entropy of r), r the objective's own weights */
  readonly effectiveNegatives: number;
  /** batch mean over the anchors of how many negatives the loss uses (after a selection, with a queue...) */
  readonly negativesUsed: number;
  /** batch mean over the anchors of the largest r: the share of the push on the hardest negative */
  readonly hardestWeight: number;
  /** the batch's false negatives measured against the labels, or null when the labels are hidden */
  readonly falseNegatives: FalseNegativeMeasures | null;
  readonly display: DisplaySet;
  readonly batch: BatchView;
  /** counts of pairwise cosines over [-1, 1]: display-set pairs, the batch's negative and positive pairs */
  readonly histograms: PairHistograms;
}

/** One kind of STS pair in the length-bias measure: pairs of that kind, and the OLS line of cosine on diff. */
export interface LengthBiasGroup {
  /** pairs: |tokens of a - tokens of b| as the encoder sees them ([CLS] and [SEP] on both sides cancel) */
  readonly lengthDiff: Int32Array;
  /** pairs: cosine of the two embeddings (no dropout), in [-1, 1] */
  readonly cosine: Float32Array;
  /** cosine per token of length difference (NaN with fewer than two distinct differences) */
  readonly slope: number;
  /** the line's cosine at a difference of 0 */
  readonly intercept: number;
}

/** The length-bias measure of one model: paraphrases (gold 5) and unrelated pairs (gold 0). */
export interface LengthBiasMeasure {
  /** the training step it was measured at */
  readonly step: number;
  readonly paraphrase: LengthBiasGroup;
  readonly unrelated: LengthBiasGroup;
}

/**
 * Length bias now and before training. The bias, one number: `now.unrelated.slope`, negative when the encoder
 * finds unrelated sentences of equal length more alike than those of unequal length.
 */
export interface LengthBiasView {
  readonly now: LengthBiasMeasure;
  /** the run's first measure (step 0 unless the run started from loaded weights) */
  readonly before: LengthBiasMeasure;
}

/**
 * False negatives (candidates with the anchor's label) of a batch, means over its anchors: the batch rows and
 * any queue keys or corpus rows they compare (MoCHi's mixes have no label and count in neither). Measured on the
 * rows the snapshot shows, like the weights: the first 128 pairs of a larger batch, whose rates and shares
 * estimate the whole batch's but whose counts stop at that many.
 */
export interface FalseNegativeMeasures {
  /** fn_share: the share of an anchor's labelled candidate negatives that are false, in [0, 1] */
  readonly share: number;
  /** how many false negatives an anchor has */
  readonly count: number;
  /** fn_weight: the share of an anchor's weight r on its false negatives (0 when none is pushed) */
  readonly weight: number;
  /** labelled candidate negatives per anchor (the share's denominator) */
  readonly candidates: number;
  /** the positive-aware filter: the share of its drops that are false negatives; null without it, NaN if none */
  readonly filterPrecision: number | null;
  /** the positive-aware filter: the share of the false negatives it drops; null without it, NaN if none */
  readonly filterRecall: number | null;
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
 * The current batch (capped at 256 rows) in the loss's own row order: `[a, a', b, b', ...]` pairs first (row i's
 * positive is positives[i], -1 when a row has none: the supervised objective's hard negatives follow the pairs).
 * An anchor is a row with a loss of its own (every row for InfoNCE, DCL and HCL; the first view's rows for the
 * N x N form, supervised SimCSE and the triplet loss); its candidates are the rows its loss treats as negatives.
 * Weights, gradients and effective negatives are the objective's own, from autograd of its loss.
 */
export interface BatchView {
  readonly rows: number;
  readonly dim: number;
  /** number of anchor rows (the loss is their mean) */
  readonly anchors: number;
  /** rows x dim, row-major, unit vectors */
  readonly embeddings: Float32Array;
  /** rows */
  readonly labels: Int32Array;
  /** rows: index of each row's positive, -1 for none */
  readonly positives: Int32Array;
  /** rows x rows, row-major, cosine in [-1, 1] */
  readonly similarity: Float32Array;
  /**
   * rows x rows: the objective's weight r_ij of candidate j for anchor i, its dl_i/ds_ij over the sum over the
   * anchor's candidates (for InfoNCE, Wang & Liu's relative penalty); 0 off the candidates, on non-anchor rows,
   * and on rows where no candidate gets any gradient; HCL's easiest negatives can be below 0
   */
  readonly negativeWeights: Float32Array;
  /** rows x rows: autograd dl_i/ds_ij of anchor i's own loss (0 on non-anchor rows) */
  readonly similarityGradient: Float32Array;
  /** rows x rows, 0/1: 1 where j is one of anchor i's candidates (all 0 on non-anchor rows) */
  readonly candidates: Uint8Array;
  /**
   * rows x rows, 0/1: the candidates the loss uses; a negative strategy's selection leaves the others out (the
   * page greys them), and without one it equals `candidates`
   */
  readonly kept: Uint8Array;
  /** rows: negatives the anchor's loss uses, its kept candidates and extra columns; NaN off the anchors */
  readonly negativesUsed: Float32Array;
  /** rows: the anchor's largest weight, over every negative its loss uses; NaN off the anchors */
  readonly hardestWeight: Float32Array;
  /** negatives beyond the shown rows (a queue, the whole training set, MoCHi's points), or null for none */
  readonly extra: ExtraCandidates | null;
  /**
   * rows x rows, 0/1: 1 where column j is a false negative of anchor i (a candidate with its label); null when
   * the labels are hidden
   */
  readonly falseNegatives: Uint8Array | null;
  /** rows: each anchor's own loss l_i in nats, NaN for a row that is not an anchor */
  readonly anchorLoss: Float32Array;
  /** rows: the anchor's mined negative (supervised hard negative, triplet pick), -1 for none */
  readonly minedNegative: Int32Array;
  /** rows x dim: autograd dL/dz of the mean loss with respect to each (unit) embedding */
  readonly embeddingGradient: Float32Array;
  /** rows: exp(entropy) of the anchor's weights that push (0 when none does), NaN for non-anchor rows */
  readonly effectiveNegatives: Float32Array;
  /** rows: the candidate with the largest weight, -1 for none */
  readonly hardestNegative: Int32Array;
  /** rows: the training row each shown row embeds (RunTexts.train names it), -1 for none; absent in fixtures */
  readonly sources?: Int32Array;
  /**
   * rows: which sentence of its source row a shown row embeds: 0 the row's own, 1 its entailment, 2 its
   * contradiction (supervised SimCSE on the sentences' triplets); absent: all 0
   */
  readonly sourceSides?: Int8Array;
}

/** What an extra column is: a queue key, a training row of the full softmax, or a MoCHi point of each kind. */
export type ExtraKind = 'bank' | 'corpus' | 'mixed' | 'query-mixed';

/** The extra kinds by their code in `ExtraCandidates.kinds`. */
export const EXTRA_KIND_CODES: readonly (ExtraKind | null)[] = [
  null,
  'bank',
  'corpus',
  'mixed',
  'query-mixed',
];

/**
 * Negatives an anchor compares beyond the shown rows: a MoCo queue's keys, every training row (the full
 * softmax), MoCHi's synthetic points. Too many to ship whole (up to 16,384 a row), so each anchor row carries its
 * `shown` heaviest, and the share of its weight on all of them.
 */
export interface ExtraCandidates {
  /** extra columns per anchor (the same for every anchor), kept or not */
  readonly count: number;
  /** extra columns per row carried below (at most `count`) */
  readonly shown: number;
  /** rows: the share of the anchor's weight on extra columns (NaN off the anchors) */
  readonly weightShare: Float32Array;
  /** rows x shown: cosine of the anchor with each of its heaviest extra columns, heaviest first */
  readonly similarity: Float32Array;
  /** rows x shown: their weights r (0 for a column the loss does not use) */
  readonly weights: Float32Array;
  /** rows x shown: their kinds, as codes of EXTRA_KIND_CODES */
  readonly kinds: Int8Array;
  /** rows x shown, 0/1: 1 for a false negative of the anchor; null when the labels are hidden */
  readonly falseNegative: Uint8Array | null;
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
