// The temperature figures: Wang & Liu's uniformity-tolerance dilemma over tau (with the stall the lab measures
// below tau ~ 0.02), and their hard contrastive loss against plain InfoNCE at small tau.
// Import them through figures.ts: it gathers them after the schema table they reach through the summary.
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../protocol/config';
import type { SweepResult } from '../protocol/sweep';
import {
  gap,
  gapText,
  measuredOver,
  type PaperFigure,
  runIndex,
  runMeans,
  runStats,
  runsOver,
  show,
} from './figureKit';

/**
 * Wang & Liu's dilemma in SCIENCE.md's measured setup (8 classes in R^32, noise 1) at output dimension 16, with
 * 64 pairs a batch so that 18 jobs of 400 steps take about a minute in Node.
 */
const WANG_LIU_BASE: TrainConfig = {
  ...DEFAULT_TRAIN_CONFIG,
  classes: 8,
  noise: 1,
  dim: 16,
  batch: 64,
};
const WANG_LIU_TAUS = [0.01, 0.02, 0.05, 0.1, 0.5, 5] as const;
/** Below this tau the lab's training stalls (SCIENCE.md). */
const STALL_TAU = 0.02;
/** A run stalled when it spread its points (lowered uniformity) less than this share of what tau 0.1 did. */
const STALL_SHARE = 0.25;

const wangLiu: PaperFigure = {
  id: 'wang-liu-tau',
  title: 'Uniformity and tolerance against τ (Wang & Liu 2021)',
  citation: 'Wang & Liu 2021 (CVPR), Table 1 and Figure 6',
  paperFound:
    'As τ falls the embedding grows more uniform (uniformity falls) and less tolerant (same-class points are ' +
    'pushed apart: tolerance falls); linear accuracy peaks in between, at τ = 0.3 on CIFAR-10/100, SVHN ' +
    'and ImageNet-100. The lab’s own measurement (SCIENCE.md) adds that below about τ = 0.02 training stalls.',
  figures: ['0.3', '0.02'],
  setup:
    'Clusters (8 classes in R^32, noise 1), output dimension 16, 64 pairs a batch, 400 steps, 3 seeds: 18 ' +
    'jobs, under a minute in Node here.',
  plan: {
    runs: runsOver(WANG_LIU_BASE, 'tau', 'tau', WANG_LIU_TAUS, (tau) => `τ ${tau}`),
    seeds: 3,
    steps: 400,
    swept: ['tau'],
  },
  x: { field: 'tau', log: true },
  metrics: ['uniformity', 'tolerance', 'alignment', 'knn_acc', 'loss', 'effective_negatives'],
  region: { below: STALL_TAU, text: 'training stalls below τ ≈ 0.02' },
  verdict(results, starts) {
    const { plan } = this;
    const uniformity = runMeans(plan, results, 'uniformity');
    const tolerance = runMeans(plan, results, 'tolerance');
    const at = (tau: number) => runIndex(plan, `τ ${tau}`);
    const u = (i: number) => uniformity[i] as number;
    const t = (i: number) => tolerance[i] as number;
    const [small, large] = [at(0.1), at(5)];
    const reproduced = u(small) < u(large) && t(small) < t(large);
    return {
      reproduced,
      text:
        `At τ = 0.1 uniformity ${show(u(small))} and tolerance ${show(t(small))}; at τ = 5, ` +
        `${show(u(large))} and ${show(t(large))} (${measuredOver(plan)}). ` +
        (reproduced
          ? 'The smaller τ is more uniform and less tolerant, as the paper found. '
          : 'The paper’s direction did not show here. ') +
        stallText(results, starts ?? [], at(0.01), at(0.05), small),
    };
  },
};

/**
 * Whether tau 0.01 stalled, in words. With step-0 measurements: its uniformity fell less than STALL_SHARE of what
 * tau 0.1's fell from the same start; without: it ended less uniform than tau 0.05 (the trend turns back).
 */
function stallText(
  results: readonly SweepResult[],
  starts: readonly SweepResult[],
  tiny: number,
  next: number,
  reference: number,
): string {
  const { plan } = wangLiu;
  const end = (run: number, metric: string) => runStats(plan, results, run, metric)?.mean ?? Number.NaN;
  const begin = (run: number, metric: string) => runStats(plan, starts, run, metric)?.mean ?? Number.NaN;
  const uEnd = end(tiny, 'uniformity');
  const uStart = begin(tiny, 'uniformity');
  if (Number.isFinite(uStart)) {
    // spreading lowers uniformity; a stalled run's points stay put or even bunch (its uniformity rises)
    const spread = uStart - uEnd;
    const referenceSpread = begin(reference, 'uniformity') - end(reference, 'uniformity');
    const stalled = spread < STALL_SHARE * referenceSpread;
    return (
      `At τ = 0.01 uniformity went from ${show(uStart)} at step 0 to ${show(uEnd)} (τ = 0.1: to ` +
      `${show(end(reference, 'uniformity'))}) while the loss fell from ${show(begin(tiny, 'loss'))} to ` +
      `${show(end(tiny, 'loss'), 3)}: ` +
      (stalled
        ? 'each positive soon beats its hardest negative by a few τ, the loss and its gradients vanish, and the ' +
          'points stop spreading: training stalled.'
        : 'the points still spread; no stall showed here.')
    );
  }
  const stalled = uEnd > end(next, 'uniformity');
  return (
    `At τ = 0.01 uniformity ended at ${show(uEnd)}, against ${show(end(next, 'uniformity'))} at τ = 0.05: ` +
    (stalled ? 'the trend turns back where training stalls.' : 'no stall showed here.')
  );
}

/**
 * The hard-loss figure: the lab's default clusters (noise 0.5, whose classes kNN can tell apart, unlike the
 * dilemma's noise 1), dimension 16, 64 pairs, at SimCSE's τ = 0.05, a larger 0.2 and 1.
 */
const HARD_BASE: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, dim: 16, batch: 64 };
/** Wang & Liu's quantile: each anchor keeps the upper 10% of its negatives, as the hard-quantile preset. */
const HARD: Partial<TrainConfig> = { pick: 'quantile', alpha: 0.1 };
const HARD_TAUS = [0.05, 0.2, 1] as const;
const plainLabel = (tau: number) => `InfoNCE τ ${tau}`;
const hardLabel = (tau: number) => `hard α 0.1 τ ${tau}`;

const hardLoss: PaperFigure = {
  id: 'hard-loss-small-tau',
  title: 'The hard contrastive loss against InfoNCE (Wang & Liu 2021)',
  citation: 'Wang & Liu 2021 (CVPR), CIFAR-10 linear accuracy (secondary source)',
  paperFound:
    'Keeping only the negatives above a similarity quantile recovers tolerance at small τ, and beats InfoNCE ' +
    'at its best τ. CIFAR-10 linear accuracy: InfoNCE τ 0.07 79.75, 0.3 83.27, 1.0 82.21; the hard loss 84.19.',
  figures: ['0.07', '79.75', '0.3', '83.27', '1.0', '82.21', '84.19'],
  setup:
    'Clusters (8 classes in R^32, noise 0.5), output dimension 16, 64 pairs a batch; the hard loss keeps the ' +
    'upper α = 0.1 of each anchor’s 126 negatives, at τ 0.05, 0.2 and 1; 300 steps, 3 seeds: 18 jobs, about ' +
    'a minute in Node here.',
  plan: {
    runs: HARD_TAUS.flatMap((tau) => [
      { label: plainLabel(tau), config: { ...HARD_BASE, tau } },
      { label: hardLabel(tau), config: { ...HARD_BASE, ...HARD, tau } },
    ]),
    seeds: 3,
    steps: 300,
    swept: ['tau', 'pick', 'alpha'],
  },
  x: null,
  metrics: ['knn_acc', 'tolerance', 'uniformity', 'effective_negatives'],
  verdict(results) {
    const { plan } = this;
    const stats = (label: string, metric: string) => runStats(plan, results, runIndex(plan, label), metric);
    const mean = (label: string, metric: string) => stats(label, metric)?.mean ?? Number.NaN;
    const best = (label: (tau: number) => string) =>
      HARD_TAUS.map(label).reduce((a, b) => (mean(b, 'knn_acc') > mean(a, 'knn_acc') ? b : a));
    const [bestPlain, bestHard] = [best(plainLabel), best(hardLabel)];
    const accuracy = gap(stats(bestHard, 'knn_acc'), stats(bestPlain, 'knn_acc'));
    const reproduced = accuracy.above;
    const tolerant = HARD_TAUS.filter(
      (tau) => mean(hardLabel(tau), 'tolerance') > mean(plainLabel(tau), 'tolerance'),
    );
    const [small] = HARD_TAUS;
    const line = (tau: number) =>
      `τ ${tau}: kNN ${show(mean(plainLabel(tau), 'knn_acc'), 3)} → ${show(mean(hardLabel(tau), 'knn_acc'), 3)}, ` +
      `tolerance ${show(mean(plainLabel(tau), 'tolerance'), 3)} → ${show(mean(hardLabel(tau), 'tolerance'), 3)}`;
    return {
      reproduced,
      text:
        `InfoNCE → hard loss, ${HARD_TAUS.map(line).join('; ')} (${measuredOver(plan)}). ` +
        `The best hard run (${bestHard}) is ${reproduced ? 'above' : 'below'} the best InfoNCE run ` +
        `(${bestPlain}) in kNN accuracy, ${gapText(accuracy)}: ` +
        (reproduced ? 'the paper’s direction. ' : 'the paper’s gain did not show here. ') +
        (tolerant.length > 0
          ? `The hard loss is more tolerant at τ ${tolerant.join(', ')} of ${HARD_TAUS.join(', ')}. `
          : 'The hard loss is more tolerant at no τ here: keeping only the hardest negatives acts like a ' +
            'smaller τ. ') +
        `At τ ${small} InfoNCE already weighs about ` +
        `${show(mean(plainLabel(small), 'effective_negatives'), 0)} effective negatives of 126, fewer than the ` +
        '13 the quantile keeps, so there the two losses nearly coincide.',
    };
  },
};

/** The temperature figures, in FIGURE_IDS order. */
export const TEMPERATURE_FIGURES: readonly PaperFigure[] = [wangLiu, hardLoss];
