// Presets: named experiments that show one idea each, with what to look for and the published or measured
// numbers behind it (docs/SCIENCE.md, quoted exactly; tests check every quoted figure is there). A preset is a
// partial LabState laid over the defaults, so its link is the serialized result and opens the same anywhere.

import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../protocol/config';
import { DEFAULT_VIEW_CONFIG, type LabState, type ViewConfig } from './schema';
import { serializeLink } from './url';

/** Ids of the presets, in tour order. */
export const PRESET_IDS = [
  'simcse-default',
  'tau-tiny',
  'tau-huge',
  'tolerance-small-tau',
  'tolerance-large-tau',
  'false-negatives',
  'no-dropout',
  'same-mask',
  'hard-negatives',
  'triplet',
  'measured-setup',
] as const;
/** Id of a preset. */
export type PresetId = (typeof PRESET_IDS)[number];

/** One named experiment. */
export interface Preset {
  readonly id: PresetId;
  readonly title: string;
  /** two or three sentences: what to watch, with the numbers of `figures` */
  readonly lookFor: string;
  /** paper and table (or SCIENCE.md's own measurement) behind the numbers */
  readonly citation: string;
  /** numbers quoted from docs/SCIENCE.md exactly as written there (ASCII minus); each appears in lookFor */
  readonly figures: readonly string[];
  /** changes laid over DEFAULT_TRAIN_CONFIG */
  readonly config: Partial<TrainConfig>;
  /** changes laid over the view (none of the presets need any yet) */
  readonly view?: Partial<ViewConfig>;
}

/**
 * SCIENCE.md's "Measured here" setup (8 classes in R^32, centres 3 apart, noise 1, MLP 32-128-d, dropout 0.1,
 * [a,a',b,b'] InfoNCE, 2N = 256, Adam 1e-3), written out whole so that presets quoting its numbers keep
 * matching it when the lab's defaults change.
 */
const MEASURED_SETUP: Partial<TrainConfig> = {
  dataset: 'clusters',
  classes: 8,
  inputDim: 32,
  separation: 3,
  noise: 1,
  loss: 'infonce',
  batch: 128,
  dropout: 0.1,
  sameMask: false,
  lr: 1e-3,
  hidden: [128],
};

/** Every preset, in tour order. */
export const PRESETS: readonly Preset[] = [
  {
    id: 'simcse-default',
    title: 'SimCSE’s default: τ = 0.05, dropout 0.1',
    lookFor:
      'The unsupervised SimCSE recipe (τ = 0.05, dropout 0.1, batch 64): two dropout masks make the positive ' +
      'pair, and every other row of the batch is a negative. τ = 0.05 scored best in SimCSE’s temperature sweep on STS-B dev: 86.2, against ' +
      '84.9 at 0.001, 85.4 at 0.01, 82.0 at 0.1 and 64.0 at 1. Watch uniformity fall while alignment stays small.',
    citation: 'Gao, Yao & Chen 2021 (SimCSE), Table D.1, STS-B dev; defaults of princeton-nlp/SimCSE',
    figures: ['0.05', '86.2', '84.9', '85.4', '82.0', '64.0'],
    config: { loss: 'infonce', tau: 0.05, dropout: 0.1, sameMask: false, batch: 64 },
  },
  {
    id: 'tau-tiny',
    title: 'Temperature 0.001: only the hardest negative counts',
    lookFor:
      'As τ → 0 the loss tends to (1/τ) max(s_max − s_pos, 0): the weights chart shows one spike on the ' +
      'hardest negative and the effective number of negatives drops towards 1. Once every positive beats its ' +
      'hardest negative by a few τ the gradients vanish and the points stop spreading (in SCIENCE.md’s ' +
      'measured setup τ = 0.001 left uniformity at -0.16). SimCSE still scored 84.9 on STS-B dev at 0.001, against 86.2 at 0.05.',
    citation: 'Wang & Liu 2021 (CVPR), the τ → 0 limit; SimCSE Table D.1; SCIENCE.md “Measured here”',
    figures: ['0.001', '-0.16', '84.9', '86.2'],
    config: { tau: 1e-3 },
  },
  {
    id: 'tau-huge',
    title: 'Temperature 100: every negative weighs the same',
    lookFor:
      'A large τ flattens the softmax: all 2N − 2 = 254 negatives get nearly the same weight, so the effective ' +
      'number of negatives approaches 254 (measured here at τ = 5: 252) and the hardest negative no longer ' +
      'stands out. Wang & Liu’s “simple loss” (τ → ∞) reached 74.8 on CIFAR-10 against 83.3; SimCSE fell to ' +
      '64.0 on STS-B dev at τ = 1.',
    citation: 'Wang & Liu 2021 (CVPR), Table 1; SimCSE Table D.1; SCIENCE.md “Measured here”',
    figures: ['252', '74.8', '83.3', '64.0'],
    // the batch is pinned because the text counts its negatives
    config: { tau: 100, batch: 128 },
  },
  {
    id: 'tolerance-small-tau',
    title: 'Uniformity or tolerance, 1 of 2: τ = 0.1 in 16 dimensions',
    lookFor:
      'A small τ makes the embedding more uniform but less tolerant: points of the same class are pushed ' +
      'apart too. Measured here in 16 dimensions (3 seeds): uniformity -3.50, tolerance 0.14, 35-39 effective ' +
      'negatives. Compare with part 2 (τ = 5); Wang & Liu’s accuracy peaks in between, at τ = 0.3.',
    citation: 'Wang & Liu 2021 (CVPR), Table 1; SCIENCE.md “Measured here”, dimension 16',
    figures: ['-3.50', '0.14', '35-39', '0.3'],
    config: { ...MEASURED_SETUP, dim: 16, tau: 0.1 },
  },
  {
    id: 'tolerance-large-tau',
    title: 'Uniformity or tolerance, 2 of 2: τ = 5 in 16 dimensions',
    lookFor:
      'A large τ keeps semantically close points together (more tolerant) but spreads the embedding less ' +
      'uniformly. Measured here: uniformity -3.03 to -3.08, tolerance 0.33-0.38, 253 effective negatives. ' +
      'Neither end is best: Wang & Liu’s linear accuracy peaks at τ = 0.3 on CIFAR-10/100, SVHN and ImageNet-100.',
    citation: 'Wang & Liu 2021 (CVPR), Table 1; SCIENCE.md “Measured here”, dimension 16',
    figures: ['-3.03 to -3.08', '0.33-0.38', '253', '0.3'],
    config: { ...MEASURED_SETUP, dim: 16, tau: 5 },
  },
  {
    id: 'false-negatives',
    title: 'False negatives: 2 classes, 512 pairs',
    lookFor:
      'With 2 classes about half of each anchor’s 2N − 2 = 1022 negatives share its class: false negatives, ' +
      'close in meaning yet pushed away. Tick “show label matrix” on the similarity chart to see them; the ' +
      'lower τ, the harder they are pushed and the lower the tolerance. DCL corrects for them with a class ' +
      'prior τ⁺ = 0.1 (STL-10: 80.15 → 84.26).',
    citation: 'Wang & Liu 2021 (CVPR), tolerance; Chuang et al. 2020 (DCL), STL-10',
    figures: ['0.1', '80.15', '84.26'],
    config: { classes: 2, batch: 512 },
  },
  {
    id: 'no-dropout',
    title: 'No dropout: the task becomes trivial',
    lookFor:
      'With p = 0 both views of an input are identical, so every positive has cosine 1 and alignment is 0: ' +
      'the positive pair teaches nothing and only the push between inputs is left. SimCSE Table 3: 71.1 on ' +
      'STS-B dev at p = 0, against 82.5 at p = 0.1.',
    citation: 'Gao, Yao & Chen 2021 (SimCSE), Table 3, STS-B dev',
    figures: ['71.1', '82.5'],
    config: { dropout: 0, sameMask: false },
  },
  {
    id: 'same-mask',
    title: 'The same dropout mask twice',
    lookFor:
      'Dropout stays on (p = 0.1) but both views share one mask, so they are identical again and alignment ' +
      'is 0. SimCSE Table 3’s “fixed 0.1” fell to 43.6 on STS-B dev: worse than no dropout at all (71.1) and ' +
      'far below two independent masks (82.5).',
    citation: 'Gao, Yao & Chen 2021 (SimCSE), Table 3, STS-B dev',
    figures: ['43.6', '71.1', '82.5'],
    config: { dropout: 0.1, sameMask: true },
  },
  {
    id: 'hard-negatives',
    title: 'Supervised SimCSE with a hard negative (α = 2)',
    lookFor:
      'Each anchor’s positive is another sample of its class, and its hard negative the most similar sample ' +
      'of another class, whose logit gets ln α = ln 2 ≈ 0.69 added: twice the weight in the softmax. SimCSE ' +
      'Table 7 (STS-B dev): 84.9 without hard negatives; 86.1 / 86.2 / 86.2 with α = 0.5 / 1 / 2.',
    citation: 'Gao, Yao & Chen 2021 (SimCSE), Table 7, STS-B dev',
    figures: ['84.9', '86.1 / 86.2 / 86.2', '0.5 / 1 / 2'],
    config: { loss: 'supervised', hardNegativeWeight: Math.LN2 },
  },
  {
    id: 'triplet',
    title: 'Triplet loss against InfoNCE',
    lookFor:
      'The triplet loss [cos(a, n) − cos(a, p) + m]₊ looks at one negative at a time, so which one is picked ' +
      'matters: semi-hard mining (FaceNet, margin 0.2) takes one farther than the positive but inside the ' +
      'margin. InfoNCE weighs all 2N − 2 negatives at once by a softmax of s/τ; as τ → 0 it becomes a ' +
      'triplet loss with margin 0 on the hardest negative.',
    citation: 'Schroff et al. 2015 (FaceNet), margin 0.2; Wang & Liu 2021 (CVPR), the τ → 0 limit',
    figures: ['0.2'],
    config: { loss: 'triplet', margin: 0.2, mining: 'semi-hard' },
  },
  {
    id: 'measured-setup',
    title: 'SCIENCE.md’s measured setup (noise 1, 3 dimensions)',
    lookFor:
      'The setup behind the lab’s own measurements: 8 Gaussian classes in R^32 (centres 3 apart, noise 1), ' +
      'MLP 32-128-3 with dropout 0.1, 2N = 256, Adam 1e-3. After 400 steps at τ = 0.05 PyTorch measured ' +
      'uniformity -2.07, tolerance 0.37 and 17.9 effective negatives; in 3 dimensions every τ from 0.05 up ' +
      'reaches the sphere’s uniform limit, -2.079.',
    citation: 'SCIENCE.md “Measured here” (PyTorch 1.13 float32), dimension 3',
    figures: ['400', '-2.07', '0.37', '17.9', '-2.079'],
    config: { ...MEASURED_SETUP, dim: 3, tau: 0.05 },
  },
];

/** The preset with this id (a programmer error if unknown). */
export function presetById(id: PresetId): Preset {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset) throw new Error(`invalid preset: ${id}`);
  return preset;
}

/**
 * The state a preset gives: its config over the defaults, and its view over `view`. The page passes its
 * current view, so a classroom link's hidden controls stay hidden; links use the default view.
 */
export function presetState(preset: Preset, view: ViewConfig = DEFAULT_VIEW_CONFIG): LabState {
  return {
    config: { ...DEFAULT_TRAIN_CONFIG, ...preset.config },
    view: { ...view, ...preset.view },
  };
}

/** The preset's share link (the hash, without `#`). */
export function presetLink(preset: Preset): string {
  return serializeLink(presetState(preset));
}

/** A config's link with the default view: equal keys, equal experiments. */
const experimentKey = (config: TrainConfig) => serializeLink({ config, view: DEFAULT_VIEW_CONFIG });

// Precomputed because matchingPreset runs on every change of the config.
const PRESET_BY_EXPERIMENT: ReadonlyMap<string, Preset> = new Map(
  PRESETS.map((preset) => [experimentKey(presetState(preset).config), preset]),
);

/** The preset whose experiment `config` is (view fields ignored), or null when it matches none. */
export function matchingPreset(config: TrainConfig): Preset | null {
  return PRESET_BY_EXPERIMENT.get(experimentKey(config)) ?? null;
}
