// The one table of the control panel: for every TrainConfig field that has a control, in panel order, its
// control id (the link key `hide=` names), testId, label, widget, explanation and when it applies. Controls.tsx
// renders any entry the same way. Ranges come from FIELD_SPECS and defaults from DEFAULT_TRAIN_CONFIG (through
// the store); nothing here restates them, except where a slider covers less than the field allows (`within`).

import { isTextDataset } from '../data/types';
import type { LossId, TrainConfig } from '../protocol/config';
import {
  type ControlEntry,
  checkbox,
  choice,
  controlEntry,
  type Declared,
  menu,
  powersOfTwo,
  type Rule,
  slider,
  type Widget,
} from './controlKit';
import {
  BACKEND_LABELS,
  DATASET_LABELS,
  FALSE_NEGATIVE_LABELS,
  LABEL_ACCESS_LABELS,
  LOGQ_LABELS,
  LOSS_LABELS,
  MINING_LABELS,
  NEGATIVE_SOURCE_LABELS,
  PICK_LABELS,
} from './labels';

/** Fields with no control on the panel, and why (the link and the CLI still set them). */
export const FIELDS_WITHOUT_CONTROL = {
  inputDim: 'links and the command line set it; the panel has never shown it',
  hidden: 'a list of layer widths; links and the command line set it',
} as const satisfies Partial<Record<keyof TrainConfig, string>>;

const onlyWith =
  (losses: readonly LossId[], reason: string): Rule =>
  (config) =>
    losses.includes(config.loss) ? null : reason;
const clustersOnly: Rule = (config) => (config.dataset === 'clusters' ? null : 'Clusters data only.');
/** The text encoder's shape: shown only with text (generated or the person's sentences; the MLP's is `hidden`). */
const sentencesOnly: Rule = (config) => (isTextDataset(config.dataset) ? null : 'Sentences data only.');
/** ESimCSE's repetition changes the anchor's second view: the objectives with a real positive have none. */
const viewsOfTheAnchor: Rule = (config) =>
  config.loss === 'supervised' || config.loss === 'triplet'
    ? 'Supervised SimCSE and the triplet train on real positives: nothing to repeat.'
    : null;
const POOL_LABELS = { mean: 'Mean of the tokens', first: 'First token ([CLS])' } as const;
/** The negative strategies: the engine runs them with the `[a, a′, b, b′]` InfoNCE only. */
const infonceOnly = (what: string) =>
  onlyWith(['infonce'], `Only InfoNCE ([a, a′, b, b′]) trains with ${what}.`);
const withQueue: Rule = (config) =>
  config.negatives === 'queue'
    ? null
    : 'Only with negatives = queue: the batch and the full softmax keep no queue.';
/** Eliminate and attract read the labels; with them hidden the engine trains as keep (falseNegativeRule). */
const labelsForOracle: Rule = (config) =>
  config.labels === 'hidden' && (config.falseNegatives === 'eliminate' || config.falseNegatives === 'attract')
    ? 'Needs the labels: with labels hidden it trains as keep.'
    : null;

const DECLARED: readonly (Widget & Declared)[] = [
  {
    ...slider('tau', { step: 0.01, log: true, marks: [0.01, 0.05, 0.1, 1] }),
    group: 'experiment',
    testId: 'control-temperature',
    label: 'Temperature τ',
    explanation: 'Small τ: only the hardest negative counts. Large τ: every negative weighs the same.',
  },
  {
    ...menu(
      'batch',
      [4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096],
      (n) => `${n} pairs (${2 * n} rows)`,
    ),
    group: 'experiment',
    testId: 'control-batch-size',
    label: 'Batch (pairs N; 2N rows)',
    note: (config, { batchLimit }) =>
      batchLimit !== null && config.batch > batchLimit
        ? `At most ${batchLimit} pairs here (the notice above says whether the training set or the backend sets the limit); training uses ${batchLimit}.`
        : undefined,
  },
  {
    ...slider('dropout', { step: 0.01 }),
    group: 'experiment',
    testId: 'control-dropout',
    label: 'Dropout p',
    note: (config) =>
      config.dropout === 0
        ? 'p = 0: both views are identical, so the positive pair teaches nothing (alignment is 0).'
        : undefined,
  },
  {
    ...checkbox('sameMask'),
    group: 'experiment',
    testId: 'control-same-mask',
    label: 'Same dropout mask on both views',
  },
  {
    // the slider spans the rates that train here; a link may set any rate in the field's range
    ...slider('lr', { step: 0.05, log: true, within: { min: 1e-5, max: 0.1 } }),
    group: 'experiment',
    testId: 'control-learning-rate',
    label: 'Learning rate',
  },
  {
    ...menu('dim', [2, 3, 8, 16, 64], (d) => (d === 2 ? '2 (circle)' : d === 3 ? '3 (sphere)' : `${d}`)),
    group: 'experiment',
    testId: 'control-dimension',
    label: 'Output dimension',
  },
  {
    ...menu('towers', [1, 2], (n) => (n === 1 ? 'one, shared (SimCSE)' : 'two: query and item')),
    group: 'experiment',
    testId: 'control-towers',
    label: 'Encoder towers',
    explanation:
      'Two towers: the second view (the positive) goes through an encoder of its own, as a recommender’s ' +
      'query and item towers do. Only the loss ties their spaces together: rotating one tower against the ' +
      'other costs nothing but the positives’ alignment, so the towers can drift apart where a shared ' +
      'encoder cannot. The sphere shows the query tower.',
  },
  { ...choice('dataset', DATASET_LABELS), group: 'experiment', testId: 'control-dataset', label: 'Data set' },
  {
    ...slider('classes', { step: 1 }),
    group: 'clusters',
    testId: 'control-classes',
    label: 'Classes K',
    scope: clustersOnly,
  },
  {
    ...slider('separation', { step: 0.1 }),
    group: 'clusters',
    testId: 'control-separation',
    label: 'Separation of centres',
    scope: clustersOnly,
  },
  {
    ...slider('noise', { step: 0.01 }),
    group: 'clusters',
    testId: 'control-noise',
    label: 'Noise σ',
    scope: clustersOnly,
  },
  {
    ...slider('skew', { step: 0.1 }),
    group: 'clusters',
    testId: 'control-skew',
    label: 'Class skew (Zipf exponent)',
    explanation:
      'Class c gets a share of the rows ∝ 1 / (c + 1)^skew, a Zipf law (0 = balanced): popular classes then ' +
      'fill the batches, the sampling bias that the logQ correction (Yi et al. 2019) removes.',
    scope: clustersOnly,
  },
  {
    ...choice('pool', POOL_LABELS),
    group: 'experiment',
    testId: 'control-pool',
    label: 'Pooling',
    explanation:
      'How the token states become one vector: their mean (real tokens only) or the first ([CLS]).',
    scope: sentencesOnly,
  },
  {
    ...slider('layers', { step: 1 }),
    group: 'experiment',
    testId: 'control-layers',
    label: 'Transformer layers',
    scope: sentencesOnly,
  },
  {
    ...slider('heads', { step: 1 }),
    group: 'experiment',
    testId: 'control-heads',
    label: 'Attention heads',
    explanation: 'Heads must divide the width.',
    scope: sentencesOnly,
  },
  {
    ...slider('width', { step: 1 }),
    group: 'experiment',
    testId: 'control-width',
    label: 'Encoder width',
    scope: sentencesOnly,
  },
  {
    ...slider('maxLen', { step: 1 }),
    group: 'experiment',
    testId: 'control-maxlen',
    label: 'Tokens per sentence',
    explanation:
      '[CLS] and [SEP] included; longer sentences are cut. Each batch runs at its longest sentence.',
    scope: sentencesOnly,
  },
  {
    ...checkbox('dup'),
    group: 'experiment',
    testId: 'control-dup',
    label: 'Word repetition (ESimCSE)',
    explanation:
      'The second view repeats a few of its tokens (Wu et al. 2022), so the two views of a sentence differ in ' +
      'length and length alone no longer marks a positive.',
    scope: sentencesOnly,
    inactive: viewsOfTheAnchor,
  },
  {
    ...slider('dupRate', { step: 0.01 }),
    group: 'experiment',
    testId: 'control-duprate',
    label: 'Repetition rate',
    explanation: 'Up to min(10, ⌊rate × L⌋) − 1 tokens repeated per view (ESimCSE: 0.32).',
    scope: sentencesOnly,
    inactive: (config) => viewsOfTheAnchor(config) ?? (config.dup ? null : 'Only with word repetition on.'),
  },
  { ...choice('loss', LOSS_LABELS), group: 'objective', testId: 'control-loss', label: 'Objective' },
  {
    ...slider('hardNegativeWeight', { step: 0.05 }),
    group: 'objective',
    testId: 'control-hard-negative-weight',
    label: 'Hard-negative log-weight ln α',
    explanation: "SimCSE adds ln α to the anchor's own hard negative's logit (Table 7: α = 1 or 2 best).",
    scope: onlyWith(['supervised'], 'Supervised SimCSE only.'),
  },
  {
    ...slider('margin', { step: 0.01 }),
    group: 'objective',
    testId: 'control-margin',
    label: 'Margin m',
    scope: onlyWith(['triplet'], 'Triplet loss only.'),
  },
  {
    ...choice('mining', MINING_LABELS),
    group: 'objective',
    testId: 'control-mining',
    label: 'Negative mining',
    scope: onlyWith(['triplet'], 'Triplet loss only.'),
  },
  {
    ...slider('tauPlus', { step: 0.01 }),
    group: 'objective',
    testId: 'control-tau-plus',
    label: 'Class prior τ⁺',
    scope: onlyWith(['dcl', 'hcl'], 'DCL and HCL only.'),
  },
  {
    ...slider('beta', { step: 0.1 }),
    group: 'objective',
    testId: 'control-beta',
    label: 'Hardness β',
    scope: onlyWith(['hcl'], 'HCL only.'),
  },
  {
    ...choice('negatives', NEGATIVE_SOURCE_LABELS),
    group: 'negatives',
    testId: 'control-negatives',
    label: 'Negatives from',
    explanation:
      "Each anchor's negatives: the batch's other 2N − 2 rows; those plus a queue of past keys (MoCo, He et al. " +
      '2020); or every training row, the full softmax that in-batch negatives approximate.',
    scope: infonceOnly('a choice of negatives'),
  },
  {
    ...menu('queueSize', powersOfTwo('queueSize'), (n) => `${n} keys`),
    group: 'negatives',
    testId: 'control-queue-size',
    label: 'Queue size K',
    explanation:
      'MoCo (He et al. 2020) keeps a first-in, first-out queue of the last K keys from its momentum encoder ' +
      'as extra negatives; the paper uses K = 65,536.',
    scope: infonceOnly('a queue'),
    inactive: withQueue,
  },
  {
    ...slider('momentum', { step: 0.001, marks: [0.9, 0.99, 0.999] }),
    group: 'negatives',
    testId: 'control-momentum',
    label: 'Momentum m',
    explanation:
      'After each step the key encoder moves towards the encoder, k ← m k + (1 − m) q, so the queued keys stay ' +
      'consistent (MoCo, He et al. 2020: m = 0.999).',
    scope: infonceOnly('a queue'),
    inactive: withQueue,
  },
  {
    ...choice('pick', PICK_LABELS),
    group: 'negatives',
    testId: 'control-pick',
    label: 'Negatives kept',
    explanation:
      'Chosen each step without gradient: all; the k nearest the anchor; the k nearest its positive; the k ' +
      'best by KGPolicy’s cos(a, n) + cos(n, p) (Wang et al. 2020); or the upper α quantile (Wang & Liu 2021).',
    scope: infonceOnly('a choice of negatives'),
  },
  {
    ...menu('pickK', powersOfTwo('pickK'), (n) => `${n}`),
    group: 'negatives',
    testId: 'control-pick-k',
    label: 'k, negatives kept per anchor',
    explanation:
      'Each anchor keeps its k best-scored negatives: cos(a, n) (hard), cos(p, n) (near the positive) or ' +
      'KGPolicy’s cos(a, n) + cos(n, p) (Wang et al. 2020).',
    scope: infonceOnly('a choice of negatives'),
    inactive: (config) =>
      ['hard', 'near-pos', 'kgpolicy'].includes(config.pick)
        ? null
        : 'k counts only with pick = hard, near-pos or kgpolicy.',
  },
  {
    ...slider('alpha', { step: 0.05, log: true, marks: [0.01, 0.1, 0.5, 1] }),
    group: 'negatives',
    testId: 'control-alpha',
    label: 'Quantile α',
    explanation:
      'Wang & Liu 2021 (CVPR): the hard contrastive loss keeps the negatives in the upper α quantile of ' +
      "each anchor's similarities; α = 1 is InfoNCE.",
    scope: infonceOnly('a choice of negatives'),
    inactive: (config) => (config.pick === 'quantile' ? null : 'α counts only with pick = quantile.'),
  },
  {
    ...slider('mochi', { step: 1 }),
    group: 'negatives',
    testId: 'control-mochi',
    label: 'MoCHi s: mixes of two negatives',
    explanation:
      'MoCHi (Kalantidis et al. 2020) adds s points h = normalize(a nᵢ + (1 − a) nⱼ), a ~ U(0, 1), of two of ' +
      "the anchor's N hardest negatives: detached, added to that anchor's logits only.",
    scope: infonceOnly('MoCHi’s mixes'),
  },
  {
    ...slider('mochiQuery', { step: 1 }),
    group: 'negatives',
    testId: 'control-mochi-query',
    label: 'MoCHi s′: mixes with the anchor',
    explanation:
      'MoCHi (Kalantidis et al. 2020) adds s′ points h′ = normalize(b q + (1 − b) nⱼ), b ~ U(0, 0.5), of the ' +
      "anchor q and one of its N hardest: detached, added to that anchor's logits only.",
    scope: infonceOnly('MoCHi’s mixes'),
  },
  {
    ...slider('mochiHardest', { step: 1 }),
    group: 'negatives',
    testId: 'control-mochi-hardest',
    label: 'MoCHi N: hardest negatives mixed',
    explanation:
      "MoCHi (Kalantidis et al. 2020) mixes negatives drawn from the anchor's N hardest (by cosine) of those kept.",
    scope: infonceOnly('MoCHi’s mixes'),
    inactive: (config) =>
      config.mochi > 0 || config.mochiQuery > 0 ? null : 'N counts only while MoCHi s or s′ is above 0.',
  },
  {
    ...choice('logQ', LOGQ_LABELS),
    group: 'negatives',
    testId: 'control-logq',
    label: 'logQ correction',
    explanation:
      'Yi et al. 2019 (RecSys) subtract log p_j from each candidate’s logit, p its sampling probability: here its ' +
      "class's share of the training set (exact) or a moving average of the batches' shares, rate 0.01 (stream).",
    scope: infonceOnly('the logQ correction'),
  },
  {
    ...choice('falseNegatives', FALSE_NEGATIVE_LABELS),
    group: 'falseNegatives',
    testId: 'control-fn',
    label: 'False-negative handling',
    explanation:
      "A false negative is a negative of the anchor's own class. Eliminate drops them from the denominator; " +
      'attract adds them as extra positives (FNC, Huynh et al. 2022): both read the labels as an oracle, which ' +
      'real unlabelled data lacks. The filter needs no labels: it drops a negative whose cosine to the anchor ' +
      "exceeds perc × the anchor's cosine to its positive (NV-Retriever, Moreira et al. 2024).",
    scope: infonceOnly('a false-negative rule'),
    inactive: labelsForOracle,
  },
  {
    ...slider('perc', { step: 0.01, marks: [0.95, 1] }),
    group: 'falseNegatives',
    testId: 'control-perc',
    label: 'Filter threshold perc',
    explanation:
      "Drop a negative whose cosine to the anchor exceeds perc × the anchor's cosine to its positive " +
      '(NV-Retriever, Moreira et al. 2024: perc = 0.95 best).',
    scope: infonceOnly('a false-negative rule'),
    inactive: (config) =>
      config.falseNegatives === 'filter'
        ? null
        : 'perc counts only when the filter drops false negatives (fn = filter).',
  },
  {
    ...choice('labels', LABEL_ACCESS_LABELS),
    group: 'falseNegatives',
    testId: 'control-labels',
    label: 'Label access',
    explanation:
      'Hidden: the lab acts as on unlabelled data (as with a data set of your own): no false-negative marks or ' +
      'measures, and eliminate and attract train as keep. The filter still works: it reads no labels.',
  },
  { ...choice('backend', BACKEND_LABELS), group: 'experiment', testId: 'control-backend', label: 'Backend' },
  {
    // the slider spans 10,000 seeds; a link may set any seed in the field's range
    ...slider('seed', { step: 1, within: { max: 9999 } }),
    group: 'experiment',
    testId: 'control-seed',
    label: 'Seed',
  },
];

/** Every control, in panel order. */
export const CONTROL_TABLE: readonly ControlEntry[] = DECLARED.map(controlEntry);

const PERC = CONTROL_TABLE.find((entry) => entry.field === 'perc');
/**
 * Whether the positive-aware filter trains (InfoNCE with fn = filter): exactly when its threshold perc applies,
 * so the readouts show the filter's measures by the same rule as the panel shows perc enabled.
 */
export const filterTrains = (config: TrainConfig): boolean => PERC?.applies(config) === null;
