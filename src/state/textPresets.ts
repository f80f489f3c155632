// The text-mode presets (issue 19): SimCSE on the lab's sentences against the bag-of-words yardstick, the length
// bias SimCSE learns and ESimCSE's word repetition against it, and supervised SimCSE on the generated triplets,
// each with the lab's own measurements.
import type { TrainConfig } from '../protocol/config';
import type { LabMetric, Quoter } from './measuredQuotes';
import { measuredText, type Preset, SIMCSE } from './presetKit';
import type { PresetId } from './presets';

/** Steps of the text presets' measurements (about a minute a seed on wasm here). */
export const TEXT_STEPS = 300;

/** SimCSE's recipe on the sentences, the output wide enough for meaning (64; 3 cannot hold 45 groups). */
const TEXT_SIMCSE: Partial<TrainConfig> = { ...SIMCSE, dataset: 'sentences', dim: 64, pool: 'mean' };

/**
 * Where the length bias shows: first-token pooling, whose untrained encoder maps every sentence to nearly one
 * vector (no bias at step 0, so what appears was learned), 16 dimensions, τ = 0.1 and 128 pairs. With mean
 * pooling the untrained encoder is already biased by the mean of its position embeddings, and training lowers
 * that bias rather than teaching one; at τ = 0.05 and 64 pairs repetition did not flatten the learned slope on
 * every seed (3 seeds: -0.048/-0.062/-0.055 with it, -0.059/-0.038/-0.068 without), at τ = 0.1 and 128 pairs it
 * did. Written out whole so that the measured links keep their experiment when the defaults change.
 */
const LENGTH_SETTING: Partial<TrainConfig> = {
  dataset: 'sentences',
  loss: 'infonce',
  tau: 0.1,
  batch: 128,
  dropout: 0.1,
  sameMask: false,
  dim: 16,
  pool: 'first',
};

/** A quote of a text preset's median: `t(id, metric, step, digits)`. */
const textQuotes =
  (q: Quoter) =>
  (id: PresetId, metric: LabMetric, step: number, digits = 1) =>
    q.median(id, metric, step, digits);

/** The text presets, in tour order. */
export const TEXT_PRESETS: readonly Preset[] = [
  {
    id: 'text-simcse',
    title: 'SimCSE on sentences: dropout makes the positive',
    citation: 'Gao, Yao & Chen 2021 (SimCSE); the lab’s synthetic sentences; measured in this lab',
    ...measuredText([], (q) => {
      const t = textQuotes(q);
      return (
        'τ = 0.05, batch 64, 64 dimensions: each sentence passes through the small BERT twice, two dropout ' +
        'masks make the positive pair, the batch’s other sentences the negatives. STS Spearman ranks held-out ' +
        `pairs’ cosines against gold scores. Measured in this lab (${q.runs(TEXT_STEPS)}): ` +
        `${t('text-simcse', 'sts_spearman', 10)} after 10 steps, ${t('text-simcse', 'sts_spearman', TEXT_STEPS)} ` +
        `after ${TEXT_STEPS}. Read it against the bag-of-words readout: on these synthetic sentences word ` +
        'overlap is a strong yardstick.'
      );
    }),
    config: TEXT_SIMCSE,
  },
  {
    id: 'text-length-bias',
    title: 'SimCSE learns sentence length (first-token pooling)',
    citation: 'Wu et al. 2022 (ESimCSE, COLING), the length argument; measured in this lab',
    ...measuredText([], (q) => {
      const t = textQuotes(q);
      return (
        'Both dropout views of a sentence have the same length, so nothing in SimCSE’s loss tells length from ' +
        'meaning. Watch the length-bias chart: its slope is the cosine gained or lost per token of length ' +
        'difference between unrelated sentences. With first-token pooling (16 dimensions, τ = 0.1, batch 128) ' +
        'the untrained encoder has none ' +
        `(${t('text-length-bias', 'length_bias_before', TEXT_STEPS, 3)}); measured in this lab (${q.runs(TEXT_STEPS)}) it ` +
        `falls to ${t('text-length-bias', 'length_bias', TEXT_STEPS, 3)} after ${TEXT_STEPS} steps: ` +
        'unrelated sentences of equal length now look more alike. The next preset lengthens one view.'
      );
    }),
    config: LENGTH_SETTING,
  },
  {
    id: 'text-esimcse',
    title: 'ESimCSE: repeat words in one view',
    citation: 'Wu et al. 2022 (ESimCSE, COLING), caskcsg/sentemb; measured in this lab',
    ...measuredText(['0.32', '78.27', '76.25'], (q) => {
      const t = textQuotes(q);
      return (
        'ESimCSE repeats a few words of the second view (dup_rate 0.32, its official rule), which lengthens it ' +
        'without changing its meaning, so equal length stops being a sign of a positive. Same setting as the ' +
        `last preset (first-token pooling, 16 dimensions, τ = 0.1, batch 128); measured in this lab (${q.runs(TEXT_STEPS)}): the length-bias slope after ${TEXT_STEPS} ` +
        `steps is ${t('text-esimcse', 'length_bias', TEXT_STEPS, 3)} against ` +
        `${t('text-length-bias', 'length_bias', TEXT_STEPS, 3)} without repetition. ESimCSE also keeps a ` +
        'momentum queue of negatives (neg=queue); with BERT-base it scored 78.27 average STS against ' +
        'SimCSE’s 76.25.'
      );
    }),
    config: { ...LENGTH_SETTING, dup: true, dupRate: 0.32 },
  },
  {
    id: 'text-sup-simcse',
    title: 'Supervised SimCSE: entailment as positive, contradiction as hard negative',
    citation: 'Gao, Yao & Chen 2021 (SimCSE), Table 7, STS-B dev; measured in this lab',
    ...measuredText(['84.9', '86.2'], (q) => {
      const t = textQuotes(q);
      return (
        'With labelled triplets the positive is a sentence that follows from the anchor and the hard ' +
        'negative one that contradicts it; here the generator writes both (τ = 0.05, batch 64, 64 ' +
        'dimensions). Measured in this lab ' +
        `(${q.runs(TEXT_STEPS)}): STS Spearman ${t('text-sup-simcse', 'sts_spearman', TEXT_STEPS)} after ` +
        `${TEXT_STEPS} steps against ${t('text-simcse', 'sts_spearman', TEXT_STEPS)} for unsupervised ` +
        'SimCSE with the same encoder. In SimCSE’s Table 7 the contradiction as hard negative lifted STS-B ' +
        'dev from 84.9 to 86.2.'
      );
    }),
    config: { ...TEXT_SIMCSE, loss: 'supervised' },
  },
];
