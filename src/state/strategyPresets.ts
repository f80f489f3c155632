// The negative-strategy presets: where negatives come from and which count (hard picks, Wang & Liu's quantile,
// a MoCo queue, MoCHi, the full softmax, logQ on skewed classes), each against SimCSE's in-batch recipe.
import type { LabMetric, Quoter } from './measuredQuotes';
import { measuredText, type Preset, SIMCSE } from './presetKit';
import type { PresetId } from './presets';

/** Steps of the negative-strategy presets' measurements (the full softmax trains at about 20 steps a second). */
const STRATEGY_STEPS = 200;

/** A quote of a preset's median at STRATEGY_STEPS: `at(id, metric, digits)`. */
const atStrategySteps = (q: Quoter) => (id: PresetId, metric: LabMetric, digits: number) =>
  q.median(id, metric, STRATEGY_STEPS, digits);

/** The negative-strategy presets, in tour order. */
export const STRATEGY_PRESETS: readonly Preset[] = [
  {
    id: 'hard-k',
    title: 'Only the 8 hardest negatives count',
    citation: 'hard-negative mining on the current model; measured in this lab',
    ...measuredText([], (q) => {
      const hardest = (id: PresetId, step: number) => q.median(id, 'hardest_weight', step, 2);
      return (
        'SimCSE’s recipe (τ = 0.05, batch 64), but each step every anchor keeps only the 8 negatives nearest ' +
        'to it, chosen without gradient; the other 118 of its 126 are grey ticks in the weights chart. ' +
        `Measured in this lab (${q.runs(STRATEGY_STEPS)}): after 10 steps the hardest takes ` +
        `${hardest('hard-k', 10)} of the push against ${hardest('simcse-default', 10)} with all 126; after ` +
        `${STRATEGY_STEPS}, ${hardest('hard-k', STRATEGY_STEPS)} against ` +
        `${hardest('simcse-default', STRATEGY_STEPS)}, the 8 sharing it; and with only the nearest pushing, ` +
        `the points bunch: uniformity ${q.median('hard-k', 'uniformity', STRATEGY_STEPS, 2)} against ` +
        `${q.median('simcse-default', 'uniformity', STRATEGY_STEPS, 2)}.`
      );
    }),
    config: { ...SIMCSE, pick: 'hard', pickK: 8 },
  },
  {
    id: 'hard-quantile',
    title: 'Wang & Liu’s hard contrastive loss: the top 10%',
    citation: 'Wang & Liu 2021 (CVPR), CIFAR-10 linear accuracy (secondary source); measured in this lab',
    ...measuredText(['84.19', '83.27'], (q) => {
      const at = atStrategySteps(q);
      return (
        'Each anchor keeps the negatives in the upper α = 0.1 of its similarities, 13 of its 126 (α = 1 is ' +
        'InfoNCE), at SimCSE’s τ = 0.05 and batch 64. Wang & Liu report 84.19 on CIFAR-10 with it, against ' +
        `83.27 for InfoNCE at its best τ. Measured in this lab (${q.runs(STRATEGY_STEPS)}): tolerance ` +
        `${at('hard-quantile', 'tolerance', 2)} against ${at('simcse-default', 'tolerance', 2)} with every negative, ` +
        `uniformity ${at('hard-quantile', 'uniformity', 2)} against ${at('simcse-default', 'uniformity', 2)}: more ` +
        'tolerant, less uniform.'
      );
    }),
    config: { ...SIMCSE, pick: 'quantile', alpha: 0.1 },
  },
  {
    id: 'moco-queue',
    title: 'A MoCo queue: 4096 more negatives from a momentum encoder',
    citation: 'He et al. 2020 (MoCo), K and m; measured in this lab',
    ...measuredText(['65,536', '0.999'], (q) => {
      const at = atStrategySteps(q);
      return (
        'Beside its 126 in-batch negatives (τ = 0.05, batch 64) each anchor sees the last 4096 keys: rows ' +
        'embedded without dropout by a momentum encoder, k ← m k + (1 − m) q with m = 0.99, detached (◆ in ' +
        'the weights chart). MoCo used K = 65,536 and m = 0.999. Measured in this lab ' +
        `(${q.runs(STRATEGY_STEPS)}): ${at('moco-queue', 'candidates', 0)} negatives per anchor, ` +
        `${at('moco-queue', 'effective_negatives', 1)} of them effective against ` +
        `${at('simcse-default', 'effective_negatives', 1)} in the batch alone.`
      );
    }),
    config: { ...SIMCSE, negatives: 'queue', queueSize: 4096, momentum: 0.99 },
  },
  {
    id: 'mochi',
    title: 'MoCHi: synthetic hard negatives',
    citation: 'Kalantidis et al. 2020 (MoCHi); measured in this lab',
    ...measuredText([], (q) => {
      const at = atStrategySteps(q);
      return (
        'Per anchor, 16 mixes of two of its 32 hardest negatives and 16 mixes of the anchor itself with one of ' +
        'them (▲ in the weights chart), detached and added to that anchor’s logits only; τ = 0.05, batch 64. ' +
        `Measured in this lab (${q.runs(STRATEGY_STEPS)}): ${at('mochi', 'effective_negatives', 1)} effective ` +
        `negatives against ${at('simcse-default', 'effective_negatives', 1)} without the mixes, and the single ` +
        `hardest takes ${at('mochi', 'hardest_weight', 2)} of the push against ` +
        `${at('simcse-default', 'hardest_weight', 2)}: the mixes crowd the hard end and share its weight.`
      );
    }),
    config: { ...SIMCSE, mochi: 16, mochiQuery: 16, mochiHardest: 32 },
  },
  {
    id: 'full-softmax',
    title: 'The full softmax over every training row',
    citation: 'the objective in-batch negatives approximate; measured in this lab',
    ...measuredText([], (q) => {
      const at = atStrategySteps(q);
      return (
        'What in-batch negatives approximate: every anchor against every training row, embedded afresh each ' +
        'step (◆), its positive its own row; τ = 0.05, batch 64. Measured in this lab ' +
        `(${q.runs(STRATEGY_STEPS)}): ${at('full-softmax', 'candidates', 0)} negatives per anchor, ` +
        `${at('full-softmax', 'effective_negatives', 1)} of them effective, and a loss of ` +
        `${at('full-softmax', 'loss', 2)} against ${at('simcse-default', 'loss', 2)} with the batch’s 126.`
      );
    }),
    config: { ...SIMCSE, negatives: 'all' },
  },
  {
    id: 'logq-skew',
    title: 'Popular classes and the logQ correction',
    lookFor:
      'Class frequencies follow a Zipf law (exponent 1.5: the first class holds 52% of the rows), so ' +
      'in-batch sampling makes that class everyone’s negative far more often; at τ = 0.05, batch 64. logQ ' +
      'subtracts log p, the class’s share, from each candidate’s logit: switch it off and on and watch the ' +
      'popular class’s negatives in the weights chart. Yi et al.: Wikipedia Recall@10 0.0579 → 0.0987.',
    citation: 'Yi et al. 2019 (RecSys), sampling-bias-corrected retrieval, τ = 0.05',
    figures: ['0.0579', '0.0987'],
    config: { ...SIMCSE, skew: 1.5, logQ: 'exact' },
  },
];
