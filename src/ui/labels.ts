import type { BackendChoice, DatasetId, LossId, TripletMining } from '../protocol/config';

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

/** Options for a select from a label table. */
export function optionsOf<T extends string>(
  labels: Readonly<Record<T, string>>,
): { value: T; label: string }[] {
  return (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }));
}
