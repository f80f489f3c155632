import { CLUSTERS_DEFAULTS } from '../data/clusters';
import type { DatasetId } from '../data/types';
import { ESIMCSE_DUP_RATE } from '../data/wordRepetition';

/** Data sets the engine can load (declared with the data). */
export type { DatasetId };
/** Objectives the lab trains with (ids; display labels live in the UI). */
export type LossId = 'infonce' | 'infonce-nxn' | 'supervised' | 'triplet' | 'dcl' | 'hcl';
/** A backend request: `auto` measures and picks; the others force one (a failure is reported, never replaced). */
export type BackendChoice = 'auto' | 'webgpu' | 'wasm' | 'webgl' | 'cpu';
/** A tf.js backend that can really run. */
export type BackendName = Exclude<BackendChoice, 'auto'>;
/** How the triplet objective picks each anchor's negative within the batch. */
export type TripletMining = 'random' | 'hardest' | 'semi-hard';
/**
 * Where InfoNCE's negatives come from: the other rows of the batch; those plus a MoCo-style queue of past keys
 * from a momentum encoder; or every training row (the full softmax that in-batch negatives approximate).
 */
export type NegativeSource = 'batch' | 'queue' | 'all';
/**
 * Which of an anchor's candidate negatives count, chosen each step on the current model without gradient: all;
 * the k nearest the anchor; the k nearest its positive; the k with the largest cos(a, n) + cos(n, p)
 * (KGPolicy's score); the upper alpha fraction by similarity (Wang & Liu's hard contrastive loss).
 */
export type NegativePick = 'all' | 'hard' | 'near-pos' | 'kgpolicy' | 'quantile';
/**
 * logQ correction of in-batch sampling bias (Yi et al. 2019): off; -log p of each candidate's class with p its
 * share of the training set (exact); or p estimated from the batches seen (stream).
 */
export type LogQCorrection = 'off' | 'exact' | 'stream';
/**
 * What InfoNCE does with false negatives (negatives of the anchor's own class): keeps them; eliminates them from
 * the denominator, or attracts them as extra positives (FNC, Huynh et al. 2022), both with the labels as an
 * oracle; or filters, without labels, every negative whose cosine to the anchor exceeds perc x its positive's
 * (NV-Retriever's positive-aware rule, Moreira et al. 2024).
 */
export type FalseNegativeHandling = 'keep' | 'eliminate' | 'attract' | 'filter';
/**
 * Whether the lab may read the classes to tell false negatives from true ones (known), or acts as on unlabelled
 * data (hidden: no false-negative marks or measures; eliminate and attract need the labels; filter works).
 */
export type LabelAccess = 'known' | 'hidden';
/** How the text encoder pools a sentence's token states (engine/textEncoder.ts). */
export type TextPool = 'mean' | 'first';

/** One experiment, readonly and passed whole. Field effects are declared in FIELD_EFFECTS. */
export interface TrainConfig {
  readonly seed: number;
  readonly dataset: DatasetId;
  /** clusters: number of classes K */
  readonly classes: number;
  /** clusters: input dimension D */
  readonly inputDim: number;
  /** clusters: mean distance between class centres */
  readonly separation: number;
  /** clusters: standard deviation of the isotropic noise */
  readonly noise: number;
  readonly loss: LossId;
  /** temperature, 1e-4 to 1e4 */
  readonly tau: number;
  /** pairs per batch N; the unsupervised batch has 2N rows */
  readonly batch: number;
  /** dropout rate on the hidden layers, 0 to 0.9 */
  readonly dropout: number;
  /** true: both views share one dropout mask (SimCSE Table 3's "fixed 0.1": the views are identical) */
  readonly sameMask: boolean;
  /** Adam learning rate */
  readonly lr: number;
  /** output (embedding) dimension */
  readonly dim: number;
  /** widths of the hidden layers, input -> hidden... -> dim */
  readonly hidden: readonly number[];
  readonly backend: BackendChoice;
  /** supervised: log-weight added to the anchor's own hard negative (SimCSE's ln alpha) */
  readonly hardNegativeWeight: number;
  /** triplet: margin of the cosine triplet loss */
  readonly margin: number;
  readonly mining: TripletMining;
  /** DCL/HCL: class prior tau+ */
  readonly tauPlus: number;
  /** HCL: concentration beta (0 gives DCL) */
  readonly beta: number;
  /** InfoNCE: where the negatives come from */
  readonly negatives: NegativeSource;
  /** InfoNCE with a queue: keys the queue holds, K */
  readonly queueSize: number;
  /** InfoNCE with a queue: momentum m of the key encoder, k <- m k + (1 - m) q */
  readonly momentum: number;
  /** InfoNCE: which candidates count */
  readonly pick: NegativePick;
  /** InfoNCE with pick hard, near-pos or kgpolicy: negatives kept per anchor */
  readonly pickK: number;
  /** InfoNCE with pick quantile: the upper fraction of each anchor's negatives kept, (0, 1]; 1 = InfoNCE */
  readonly alpha: number;
  /** InfoNCE: MoCHi's s, synthetic negatives per anchor mixed from two of its hardest */
  readonly mochi: number;
  /** InfoNCE: MoCHi's s', synthetic negatives per anchor mixed from the anchor and one of its hardest */
  readonly mochiQuery: number;
  /** InfoNCE: MoCHi's N, how many of the anchor's hardest negatives the mixes draw from */
  readonly mochiHardest: number;
  /** clusters: Zipf exponent of the class frequencies (0 = balanced) */
  readonly skew: number;
  /** InfoNCE: logQ correction of the in-batch sampling bias */
  readonly logQ: LogQCorrection;
  /** 1: one encoder embeds both views (SimCSE); 2: the second view (the positive) has an encoder of its own */
  readonly towers: number;
  /** InfoNCE: what happens to false negatives */
  readonly falseNegatives: FalseNegativeHandling;
  /** InfoNCE with the filter: drop a negative whose cosine exceeds perc x the anchor's cosine to its positive */
  readonly perc: number;
  /** whether the false-negative tools may read the classes */
  readonly labels: LabelAccess;
  /** sentences: how token states become one vector (mean of the real tokens, or the first, [CLS]) */
  readonly pool: TextPool;
  /** sentences: Transformer layers of the text encoder */
  readonly layers: number;
  /** sentences: attention heads per layer (divides width) */
  readonly heads: number;
  /** sentences: hidden width of the text encoder */
  readonly width: number;
  /** sentences: tokens per sentence, [CLS] and [SEP] included (longer sentences are cut) */
  readonly maxLen: number;
  /** sentences, two-view objectives: ESimCSE's word repetition lengthens each anchor's second view */
  readonly dup: boolean;
  /** sentences with dup: ESimCSE's dup_rate (data/wordRepetition.ts), in [0, 1) */
  readonly dupRate: number;
}

/**
 * What changing a field does: `live` takes effect on the next step, `rebuild` makes a new model on the same
 * data, `restart` new data and a new model. (`view` fields live only in the page and never reach the engine.)
 */
export type FieldEffect = 'live' | 'rebuild' | 'restart';

/** The effect of each TrainConfig field. */
export const FIELD_EFFECTS: { readonly [K in keyof TrainConfig]: FieldEffect } = {
  seed: 'restart',
  dataset: 'restart',
  classes: 'restart',
  inputDim: 'restart',
  separation: 'restart',
  noise: 'restart',
  loss: 'live',
  tau: 'live',
  batch: 'live',
  dropout: 'live',
  sameMask: 'live',
  lr: 'live',
  dim: 'rebuild',
  hidden: 'rebuild',
  backend: 'restart',
  hardNegativeWeight: 'live',
  margin: 'live',
  mining: 'live',
  tauPlus: 'live',
  beta: 'live',
  negatives: 'live',
  queueSize: 'live',
  momentum: 'live',
  pick: 'live',
  pickK: 'live',
  alpha: 'live',
  mochi: 'live',
  mochiQuery: 'live',
  mochiHardest: 'live',
  skew: 'restart',
  logQ: 'live',
  towers: 'rebuild',
  falseNegatives: 'live',
  perc: 'live',
  labels: 'live',
  pool: 'rebuild',
  layers: 'rebuild',
  heads: 'rebuild',
  width: 'rebuild',
  maxLen: 'restart',
  dup: 'live',
  dupRate: 'live',
};

/**
 * SimCSE-flavoured defaults that train visibly within seconds on the clusters data set. The clusters are
 * SCIENCE.md's measured setup (8 classes in R^32, centres 3 apart) with half its noise, so that the classes
 * stay visible on the sphere; the "measured here" preset restores noise 1.
 */
export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  seed: 1,
  dataset: 'clusters',
  classes: CLUSTERS_DEFAULTS.classes,
  inputDim: CLUSTERS_DEFAULTS.dim,
  separation: CLUSTERS_DEFAULTS.separation,
  noise: CLUSTERS_DEFAULTS.noise / 2,
  loss: 'infonce',
  tau: 0.1,
  batch: 128,
  dropout: 0.1,
  sameMask: false,
  lr: 1e-3,
  dim: 3,
  hidden: [128],
  backend: 'auto',
  hardNegativeWeight: 0,
  margin: 0.2,
  mining: 'semi-hard',
  tauPlus: 0.1,
  beta: 1,
  negatives: 'batch',
  queueSize: 1024,
  momentum: 0.99,
  pick: 'all',
  pickK: 16,
  alpha: 0.5,
  mochi: 0,
  mochiQuery: 0,
  mochiHardest: 32,
  skew: 0,
  logQ: 'off',
  towers: 1,
  falseNegatives: 'keep',
  perc: 0.95,
  labels: 'known',
  pool: 'mean',
  layers: 1,
  heads: 4,
  width: 64,
  maxLen: 32,
  dup: false,
  dupRate: ESIMCSE_DUP_RATE,
};

/** The strongest effect among the fields that differ between two configs, or null when none differ. */
export function changeEffect(before: TrainConfig, after: TrainConfig): FieldEffect | null {
  const rank: Record<FieldEffect, number> = { live: 1, rebuild: 2, restart: 3 };
  let strongest: FieldEffect | null = null;
  for (const key of Object.keys(FIELD_EFFECTS) as (keyof TrainConfig)[]) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    const effect = FIELD_EFFECTS[key];
    if (strongest === null || rank[effect] > rank[strongest]) strongest = effect;
  }
  return strongest;
}
