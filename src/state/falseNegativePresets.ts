// The false-negative presets: how common they are (classes, batch size), how much of the push they take (the
// temperature), and the rules that handle them (elimination, attraction, the positive-aware filter), each
// with the lab's own measurements.
import type { TrainConfig } from '../protocol/config';
import type { LabMetric, Quoter } from './measuredQuotes';
import { measuredText, type Preset } from './presetKit';
import type { PresetId } from './presets';

/** Steps of the false-negative presets' measurements. */
const FN_STEPS = 300;

/** A quote of a preset's median: `fn(id, metric, step, digits = 2)`. */
const fnQuotes =
  (q: Quoter) =>
  (id: PresetId, metric: LabMetric, step: number, digits = 2) =>
    q.median(id, metric, step, digits);

/**
 * The false-negative presets' data: 2 classes in 128 pairs (the most a snapshot shows whole, so the measures
 * count every negative), and 4 classes at τ = 0.02.
 */
const FN_TWO_CLASSES: Partial<TrainConfig> = { classes: 2, batch: 128 };
const FN_FOUR_CLASSES: Partial<TrainConfig> = { classes: 4, tau: 0.02 };
/** The false-negative presets, in tour order. */
export const FALSE_NEGATIVE_PRESETS: readonly Preset[] = [
  {
    id: 'false-negatives',
    title: 'False negatives: 2 classes, 128 pairs',
    citation:
      'Wang & Liu 2021 (CVPR), the relative penalty; Chuang et al. 2020 (DCL), STL-10; measured in this lab',
    ...measuredText(['0.1', '80.15', '84.26'], (q) => {
      const fn = fnQuotes(q);
      return (
        'With 2 classes about half of each anchor’s 2N − 2 = 254 negatives share its class: false negatives, ' +
        'close in meaning yet pushed away. Sort the similarity chart by class to see them as the blocks around ' +
        `the diagonal. Measured in this lab (${q.runs(FN_STEPS)}): a share of ${fn('false-negatives', 'fn_share', 10)} ` +
        `of the negatives, carrying ${fn('false-negatives', 'fn_weight', 10)} of the push after 10 steps and ` +
        `${fn('false-negatives', 'fn_weight', FN_STEPS)} after ${FN_STEPS}, once each class gathers and its own ` +
        'members are the nearest negatives. DCL corrects for them with a class prior τ⁺ = 0.1 (STL-10: ' +
        '80.15 → 84.26); the next presets show the other remedies.'
      );
    }),
    config: FN_TWO_CLASSES,
  },
  {
    id: 'fn-small-batch',
    title: 'False negatives, smaller batch: 32 pairs of 2 classes',
    citation: 'measured in this lab',
    ...measuredText([], (q) => {
      const fn = fnQuotes(q);
      return (
        'A bigger batch is the first remedy people reach for; this is a quarter of the last preset’s. ' +
        `Measured in this lab (${q.runs(FN_STEPS)}): the rate is the same, ` +
        `${fn('fn-small-batch', 'fn_share', 10)} of the negatives against ${fn('false-negatives', 'fn_share', 10)} ` +
        `with 128 pairs; their number is not, ${fn('fn-small-batch', 'fn_count', 10, 0)} per anchor against ` +
        `${fn('false-negatives', 'fn_count', 10, 0)}; and after ${FN_STEPS} steps their share of the push is ` +
        `about the same (${fn('fn-small-batch', 'fn_weight', FN_STEPS)} against ` +
        `${fn('false-negatives', 'fn_weight', FN_STEPS)}), so each false negative of the small batch carries ` +
        'about four times the weight. A bigger batch dilutes each false negative; it does not make them rarer.'
      );
    }),
    config: { ...FN_TWO_CLASSES, batch: 32 },
  },
  {
    id: 'fn-more-classes',
    title: 'False negatives, more classes: 16 classes, 128 pairs',
    citation: 'measured in this lab',
    ...measuredText([], (q) => {
      const fn = fnQuotes(q);
      return (
        'More classes, or a corpus with more distinct meanings, is what makes false negatives rare: a ' +
        'negative shares the anchor’s class about 1 time in K. Measured in this lab ' +
        `(${q.runs(FN_STEPS)}, after 10 steps): ${fn('fn-more-classes', 'fn_share', 10)} of the negatives with ` +
        `16 classes against ${fn('false-negatives', 'fn_share', 10)} with 2, in the same 128 pairs, and ` +
        `${fn('fn-more-classes', 'fn_weight', FN_STEPS)} of the push after ${FN_STEPS} steps against ` +
        `${fn('false-negatives', 'fn_weight', FN_STEPS)}.`
      );
    }),
    config: { ...FN_TWO_CLASSES, classes: 16 },
  },
  {
    id: 'fn-small-tau',
    title: 'False negatives at τ = 0.02: 4 classes',
    citation: 'Wang & Liu 2021 (CVPR), uniformity and tolerance; measured in this lab',
    ...measuredText([], (q) => {
      const fn = fnQuotes(q);
      return (
        'A small τ pushes hardest on the nearest negatives, and once classes form those are the false ' +
        'negatives: the reason τ must not be too small. Measured in this lab with 4 classes ' +
        `(${q.runs(FN_STEPS)}): after ${FN_STEPS} steps ${fn('fn-small-tau', 'fn_weight', FN_STEPS)} of the ` +
        `push falls on the ${fn('fn-small-tau', 'fn_share', FN_STEPS)} of negatives that are false, against ` +
        `${fn('fn-large-tau', 'fn_weight', FN_STEPS)} at τ = 0.5 (next preset); tolerance ` +
        `${fn('fn-small-tau', 'tolerance', FN_STEPS)}.`
      );
    }),
    config: FN_FOUR_CLASSES,
  },
  {
    id: 'fn-large-tau',
    title: 'False negatives at τ = 0.5: 4 classes',
    citation: 'measured in this lab',
    ...measuredText([], (q) => {
      const fn = fnQuotes(q);
      return (
        'The same 4 classes at τ = 0.5: the softmax is flatter, so the false negatives, nearest as they are, ' +
        `take a smaller share of the push. Measured in this lab (${q.runs(FN_STEPS)}): ` +
        `${fn('fn-large-tau', 'fn_weight', FN_STEPS)} after ${FN_STEPS} steps against ` +
        `${fn('fn-small-tau', 'fn_weight', FN_STEPS)} at τ = 0.02; tolerance ` +
        `${fn('fn-large-tau', 'tolerance', FN_STEPS)}.`
      );
    }),
    config: { ...FN_FOUR_CLASSES, tau: 0.5 },
  },
  {
    id: 'fn-eliminate',
    title: 'Eliminating false negatives (labels as an oracle), τ = 0.02',
    citation: 'Huynh et al. 2022 (FNC, WACV); Chen et al. 2022 (IFND, ICLR); measured in this lab',
    ...measuredText([], (q) => {
      const fn = fnQuotes(q);
      return (
        'Elimination takes the false negatives out of the denominator, here by the lab’s labels, an oracle ' +
        'that real data lacks (FNC and IFND detect them instead). Measured in this lab with 4 classes at ' +
        `τ = 0.02 (${q.runs(FN_STEPS)}): ${fn('fn-eliminate', 'fn_weight', FN_STEPS)} of the push on them, ` +
        `and the classes keep together: tolerance ${fn('fn-eliminate', 'tolerance', FN_STEPS)} against ` +
        `${fn('fn-small-tau', 'tolerance', FN_STEPS)} when they are kept, kNN accuracy ` +
        `${fn('fn-eliminate', 'knn_acc', FN_STEPS)} against ${fn('fn-small-tau', 'knn_acc', FN_STEPS)}.`
      );
    }),
    config: { ...FN_FOUR_CLASSES, falseNegatives: 'eliminate' },
  },
  {
    id: 'fn-attract',
    title: 'Attracting false negatives (labels as an oracle), τ = 0.02',
    citation: 'Huynh et al. 2022 (FNC, WACV), google-research/fnc; measured in this lab',
    ...measuredText([], (q) => {
      const fn = fnQuotes(q);
      return (
        'Attraction counts the false negatives as more positives: the loss’s target is spread evenly over ' +
        'the positive and them, as FNC’s released code does. With true labels that is supervised contrastive ' +
        `learning: measured in this lab with 4 classes (${q.runs(FN_STEPS)}), tolerance ` +
        `${fn('fn-attract', 'tolerance', FN_STEPS)} against ${fn('fn-eliminate', 'tolerance', FN_STEPS)} with ` +
        `elimination, and uniformity ${fn('fn-attract', 'uniformity', FN_STEPS)} against ` +
        `${fn('fn-eliminate', 'uniformity', FN_STEPS)}: each class pulled into a tight cluster.`
      );
    }),
    config: { ...FN_FOUR_CLASSES, falseNegatives: 'attract' },
  },
  {
    id: 'fn-filter',
    title: 'Filtering without labels: NV-Retriever’s 95% rule',
    citation: 'Moreira et al. 2024 (NV-Retriever), TopK-PercPos; measured in this lab',
    ...measuredText(['0.95'], (q) => {
      const fn = fnQuotes(q);
      return (
        'Without labels, drop every negative whose cosine to the anchor exceeds 0.95 times the anchor’s ' +
        'cosine to its positive: a negative closer than the positive is likelier a false one. The labels then ' +
        `only grade the filter. Measured in this lab with 4 classes (${q.runs(FN_STEPS)}): of the negatives it ` +
        `dropped, ${fn('fn-filter', 'filter_precision', FN_STEPS)} were false (precision), and it caught ` +
        `${fn('fn-filter', 'filter_recall', FN_STEPS)} of the false negatives (recall). Move perc and watch ` +
        'the two trade off.'
      );
    }),
    config: { ...FN_FOUR_CLASSES, tau: 0.1, falseNegatives: 'filter', perc: 0.95 },
  },
];
