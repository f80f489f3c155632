import type {
  BackendChoice,
  DatasetId,
  FalseNegativeHandling,
  LabelAccess,
  LogQCorrection,
  LossId,
  NegativePick,
  NegativeSource,
  TripletMining,
} from '../protocol/config';

/** Display names of the objectives (ids stay in links and code). */
export const LOSS_LABELS: Readonly<Record<LossId, string>> = {
  infonce: 'InfoNCE, [a, a′, b, b′] (unsupervised SimCSE)',
  'infonce-nxn': 'InfoNCE, N × N cross-view (SimCSE code)',
  supervised: 'Supervised SimCSE with hard negatives',
  triplet: 'Triplet loss (cosine, margin)',
  dcl: 'Debiased contrastive (DCL)',
  hcl: 'Hard-negative contrastive (HCL)',
};

/** Display names of the data sets. */
export const DATASET_LABELS: Readonly<Record<DatasetId, string>> = {
  clusters: 'Gaussian clusters',
  digits: 'Handwritten digits (UCI 8 × 8)',
  sentences: 'Generated sentences (synthetic)',
  mine: 'Your sentences',
};

/** Display names of the backend choices. */
export const BACKEND_LABELS: Readonly<Record<BackendChoice, string>> = {
  auto: 'auto (fastest that works)',
  webgpu: 'WebGPU',
  wasm: 'WebAssembly (wasm)',
  webgl: 'WebGL',
  cpu: 'CPU (plain JavaScript)',
};

/** Display names of the triplet mining rules. */
export const MINING_LABELS: Readonly<Record<TripletMining, string>> = {
  random: 'random negative',
  hardest: 'hardest in batch',
  'semi-hard': 'semi-hard (FaceNet)',
};

/** Display names of InfoNCE's negative sources. */
export const NEGATIVE_SOURCE_LABELS: Readonly<Record<NegativeSource, string>> = {
  batch: 'the batch (2N − 2 per anchor)',
  queue: 'the batch and a MoCo queue',
  all: 'every training row (full softmax)',
};

/** Display names of the rules for which candidate negatives count. */
export const PICK_LABELS: Readonly<Record<NegativePick, string>> = {
  all: 'all of them',
  hard: 'k nearest the anchor (hard)',
  'near-pos': 'k nearest the positive',
  kgpolicy: 'k best by KGPolicy',
  quantile: 'upper α quantile (Wang & Liu)',
};

/** Display names of the logQ corrections. */
export const LOGQ_LABELS: Readonly<Record<LogQCorrection, string>> = {
  off: 'off',
  exact: 'exact (training set shares)',
  stream: 'streamed (moving average)',
};

/** Display names of InfoNCE's false-negative rules: eliminate and attract read the labels, and say so. */
export const FALSE_NEGATIVE_LABELS: Readonly<Record<FalseNegativeHandling, string>> = {
  keep: 'keep them (plain InfoNCE)',
  eliminate: 'eliminate (labels as oracle)',
  attract: 'attract as positives (labels as oracle)',
  filter: 'filter: positive-aware (no labels)',
};

/** Display names of the label access choices. */
export const LABEL_ACCESS_LABELS: Readonly<Record<LabelAccess, string>> = {
  known: 'known (the lab reads the classes)',
  hidden: 'hidden (as on unlabelled data)',
};

/** What a measure of false negatives shows while the labels are hidden, and why (its tooltip). */
export const LABELS_HIDDEN = {
  text: 'labels hidden',
  reason: 'without the labels nothing tells a false negative from a true one',
} as const;

/** Options for a select from a label table. */
export function optionsOf<T extends string>(
  labels: Readonly<Record<T, string>>,
): { value: T; label: string }[] {
  return (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }));
}
