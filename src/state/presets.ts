// Presets: named experiments that show one idea each, with what to look for and the numbers behind it: the
// papers' (as docs/SCIENCE.md writes them, cited to the paper) and this lab's own, which the texts take from
// presetMeasurements.json (`npm run measure-presets`; measuredQuotes.ts). A preset is a partial LabState laid
// over the defaults, so its link is the serialized result and opens the same anywhere.

import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../protocol/config';
import { FALSE_NEGATIVE_PRESETS } from './falseNegativePresets';
import { measuredText, type Preset, SIMCSE } from './presetKit';
import { DEFAULT_VIEW_CONFIG, type LabState, type ViewConfig } from './schema';
import { STRATEGY_PRESETS } from './strategyPresets';
import { TEXT_PRESETS } from './textPresets';
import { serializeLink } from './url';

/** Ids of the presets, in tour order. */
export const PRESET_IDS = [
  'simcse-default',
  'tau-tiny',
  'tau-huge',
  'tolerance-small-tau',
  'tolerance-large-tau',
  'no-dropout',
  'same-mask',
  'hard-negatives',
  'triplet',
  'measured-setup',
  'false-negatives',
  'fn-small-batch',
  'fn-more-classes',
  'fn-small-tau',
  'fn-large-tau',
  'fn-eliminate',
  'fn-attract',
  'fn-filter',
  'hard-k',
  'hard-quantile',
  'moco-queue',
  'mochi',
  'full-softmax',
  'logq-skew',
  'text-simcse',
  'text-length-bias',
  'text-esimcse',
  'text-sup-simcse',
] as const;
/** Id of a preset. */
export type PresetId = (typeof PRESET_IDS)[number];

/** The presets menu's sections, each a run of PRESET_IDS; every preset is in exactly one (a unit test checks). */
export const PRESET_GROUPS: readonly { readonly label: string; readonly ids: readonly PresetId[] }[] = [
  {
    label: 'Temperature, dropout and objectives',
    ids: [
      'simcse-default',
      'tau-tiny',
      'tau-huge',
      'tolerance-small-tau',
      'tolerance-large-tau',
      'no-dropout',
      'same-mask',
      'hard-negatives',
      'triplet',
      'measured-setup',
    ],
  },
  {
    label: 'False negatives',
    ids: [
      'false-negatives',
      'fn-small-batch',
      'fn-more-classes',
      'fn-small-tau',
      'fn-large-tau',
      'fn-eliminate',
      'fn-attract',
      'fn-filter',
    ],
  },
  {
    label: 'Where negatives come from',
    ids: ['hard-k', 'hard-quantile', 'moco-queue', 'mochi', 'full-softmax', 'logq-skew'],
  },
  {
    label: 'Sentences (SimCSE, length bias, ESimCSE)',
    ids: ['text-simcse', 'text-length-bias', 'text-esimcse', 'text-sup-simcse'],
  },
];
/** One named experiment (presetKit.ts). */
export type { Preset } from './presetKit';

/**
 * The setup of the lab's measurements (8 classes in R^32, centres 3 apart, noise 1, MLP 32-128-d, dropout 0.1,
 * [a,a',b,b'] InfoNCE, 2N = 256, Adam 1e-3), written out whole so that the presets built on it keep their
 * experiment when the lab's defaults change (their measured numbers are tied to their links).
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

/** Steps of the measurements the texts quote (runs of a few seconds in Node, or a few seconds on the page). */
const STEPS = 400;

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
    config: SIMCSE,
  },
  {
    id: 'tau-tiny',
    title: 'Temperature 0.001: only the hardest negative counts',
    citation:
      'Wang & Liu 2021 (CVPR), the τ → 0 limit; SimCSE Table D.1, STS-B dev; the rest measured in this lab',
    ...measuredText(
      ['0.001', '84.9', '86.2'],
      (q) =>
        'As τ → 0 the loss tends to (1/τ) max(s_max − s_pos, 0): at first each anchor’s weights chart shows ' +
        `one spike, on its hardest negative. Measured in this lab (${q.runs(STEPS)}): ` +
        `${q.median('tau-tiny', 'effective_negatives', 10, 1)} effective negatives of 254 after 10 steps; ` +
        'then the points bunch together instead of spreading, uniformity rising from ' +
        `${q.median('tau-tiny', 'uniformity', 10, 2)} to ${q.median('tau-tiny', 'uniformity', STEPS, 2)} ` +
        `(tolerance ${q.median('tau-tiny', 'tolerance', STEPS, 2)}), and their near-ties lift the effective ` +
        `negatives to ${q.median('tau-tiny', 'effective_negatives', STEPS, 0)}. SimCSE still scored 84.9 on ` +
        'STS-B dev at 0.001, against 86.2 at 0.05.',
    ),
    config: { tau: 1e-3 },
  },
  {
    id: 'tau-huge',
    title: 'Temperature 100: every negative weighs the same',
    citation: 'Wang & Liu 2021 (CVPR), Table 1; SimCSE Table D.1, STS-B dev; measured in this lab',
    ...measuredText(
      ['74.8', '83.3', '64.0'],
      (q) =>
        'A large τ flattens the softmax: all 2N − 2 = 254 negatives get nearly the same weight, so the ' +
        'effective number of negatives approaches 254 (measured in this lab at τ = 100, ' +
        `${q.runs(STEPS)}: ${q.median('tau-huge', 'effective_negatives', STEPS, 3)}) and the hardest ` +
        'negative no longer stands out. Wang & Liu’s “simple loss” (τ → ∞) reached 74.8 on CIFAR-10 against ' +
        '83.3; SimCSE fell to 64.0 on STS-B dev at τ = 1.',
    ),
    // the batch is pinned because the text counts its negatives
    config: { tau: 100, batch: 128 },
  },
  {
    id: 'tolerance-small-tau',
    title: 'Uniformity or tolerance, 1 of 2: τ = 0.1 in 16 dimensions',
    citation: 'Wang & Liu 2021 (CVPR), Table 1; measured in this lab',
    ...measuredText(
      ['0.3'],
      (q) =>
        'A small τ makes the embedding more uniform but less tolerant: points of the same class are pushed ' +
        `apart too. Measured in this lab in 16 dimensions (${q.runs(STEPS)}): uniformity ` +
        `${q.median('tolerance-small-tau', 'uniformity', STEPS, 2)}, tolerance ` +
        `${q.median('tolerance-small-tau', 'tolerance', STEPS, 2)}, ` +
        `${q.range('tolerance-small-tau', 'effective_negatives', STEPS, 0)} effective negatives. Compare ` +
        'with part 2 (τ = 5); Wang & Liu’s accuracy peaks in between, at τ = 0.3.',
    ),
    config: { ...MEASURED_SETUP, dim: 16, tau: 0.1 },
  },
  {
    id: 'tolerance-large-tau',
    title: 'Uniformity or tolerance, 2 of 2: τ = 5 in 16 dimensions',
    citation: 'Wang & Liu 2021 (CVPR), Table 1; measured in this lab',
    ...measuredText(
      ['0.3'],
      (q) =>
        'A large τ keeps points of the same class closer (more tolerant) but spreads the embedding less ' +
        `uniformly. Measured in this lab (${q.runs(STEPS)}): uniformity ` +
        `${q.median('tolerance-large-tau', 'uniformity', STEPS, 2)}, tolerance ` +
        `${q.range('tolerance-large-tau', 'tolerance', STEPS, 2)}, ` +
        `${q.median('tolerance-large-tau', 'effective_negatives', STEPS, 1)} effective negatives, against ` +
        `${q.median('tolerance-small-tau', 'uniformity', STEPS, 2)} and ` +
        `${q.range('tolerance-small-tau', 'tolerance', STEPS, 2)} at τ = 0.1 (part 1). Neither end is best: ` +
        'Wang & Liu’s linear accuracy peaks at τ = 0.3 on CIFAR-10/100, SVHN and ImageNet-100.',
    ),
    config: { ...MEASURED_SETUP, dim: 16, tau: 5 },
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
    title: 'The setup of the lab’s measurements (noise 1, 3 dimensions)',
    citation: 'measured in this lab; the limit from Wang & Isola 2020’s uniformity (t = 2)',
    ...measuredText(
      ['-2.08'],
      (q) =>
        'The setup the lab measures in: 8 Gaussian classes in R^32 (centres 3 apart, noise 1), MLP 32-128-3 ' +
        'with dropout 0.1, 2N = 256, Adam 1e-3 (“Uniformity or tolerance” runs it in 16 dimensions). ' +
        `Measured in this lab at τ = 0.05 (${q.runs(STEPS)}): uniformity ` +
        `${q.median('measured-setup', 'uniformity', STEPS, 2)}, near the sphere’s uniform limit of -2.08; ` +
        `tolerance ${q.range('measured-setup', 'tolerance', STEPS, 2)}, a wide spread between seeds; ` +
        `${q.median('measured-setup', 'effective_negatives', STEPS, 1)} effective negatives.`,
    ),
    config: { ...MEASURED_SETUP, dim: 3, tau: 0.05 },
  },
  ...FALSE_NEGATIVE_PRESETS,
  ...STRATEGY_PRESETS,
  ...TEXT_PRESETS,
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
