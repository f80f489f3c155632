// The papers' central figures as named sweeps: each says what the paper found (its numbers, cited as
// docs/SCIENCE.md writes them), runs its sweep here (page or `npm run sweep -- --figure NAME`) and judges from
// the lab's own results whether the paper's direction was reproduced, saying so with the lab's numbers.
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../protocol/config';
import type { SweepPlan, SweepResult } from '../protocol/sweep';
import { type SeedStats, summariseSweep } from './sweepSummary';

/** Ids of the paper figures, in the order the page lists them. */
export const FIGURE_IDS = ['wang-liu-tau'] as const;
/** Id of a paper figure. */
export type FigureId = (typeof FIGURE_IDS)[number];

/** Whether the lab reproduced a figure's direction, and its numbers in a sentence. */
export interface FigureVerdict {
  readonly reproduced: boolean;
  /** the lab's measurement in words, with its numbers: what the card shows beside the paper's */
  readonly text: string;
}

/** One paper figure as a sweep. */
export interface PaperFigure {
  readonly id: FigureId;
  readonly title: string;
  /** the paper(s) and table or figure */
  readonly citation: string;
  /** what the paper found, with its numbers as docs/SCIENCE.md writes them */
  readonly paperFound: string;
  /** the paper's numbers quoted in paperFound, as written there */
  readonly figures: readonly string[];
  /** its sweep, over the lab's defaults (a figure's own experiment, whatever the page's settings) */
  readonly plan: SweepPlan;
  /** x axis: the swept numeric field (log scale or not), or null for one position per run (its label) */
  readonly x: { readonly field: keyof TrainConfig; readonly log: boolean } | null;
  /** the result scalars the figure plots (keys of `npm run train -- --json`), in panel order */
  readonly metrics: readonly string[];
  /** the paper's direction checked on the lab's results (every run present) */
  verdict(results: readonly SweepResult[]): FigureVerdict;
}

/** The mean over seeds of `metric` for each run of `plan`, in run order (NaN for a run without results). */
export function runMeans(plan: SweepPlan, results: readonly SweepResult[], metric: string): number[] {
  const summary = summariseSweep(plan, results);
  return plan.runs.map((_, run) => summary.get(run)?.get(metric)?.mean ?? Number.NaN);
}

/** One run's stats of one metric, or null. */
export function runStats(
  plan: SweepPlan,
  results: readonly SweepResult[],
  run: number,
  metric: string,
): SeedStats | null {
  return summariseSweep(plan, results).get(run)?.get(metric) ?? null;
}

/** A number as the verdicts write it. */
const show = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** The runs of `values` of one field over a base config, labelled `key value`. */
function runsOver<K extends keyof TrainConfig>(
  base: TrainConfig,
  field: K,
  key: string,
  values: readonly TrainConfig[K][],
) {
  return values.map((value) => ({ label: `${key} ${String(value)}`, config: { ...base, [field]: value } }));
}

/**
 * Wang & Liu's uniformity-tolerance dilemma: dimension 16 (as the lab's tolerance presets), SCIENCE.md's
 * measured setup; temperatures from below the stall (0.01) to the uniform end (5).
 */
const WANG_LIU_BASE: TrainConfig = {
  ...DEFAULT_TRAIN_CONFIG,
  classes: 8,
  noise: 1,
  dim: 16,
  batch: 128,
};
const WANG_LIU_TAUS = [0.01, 0.02, 0.05, 0.1, 0.3, 1, 5] as const;

/** Every paper figure, in FIGURE_IDS order. */
export const FIGURES: readonly PaperFigure[] = [
  {
    id: 'wang-liu-tau',
    title: 'Uniformity and tolerance against τ (Wang & Liu 2021)',
    citation: 'Wang & Liu 2021 (CVPR), Table 1 and Figure 6',
    paperFound:
      'As τ falls the embedding grows more uniform (uniformity falls) and less tolerant (same-class points are ' +
      'pushed apart: tolerance falls); linear accuracy peaks in between, at τ = 0.3 on CIFAR-10/100, SVHN ' +
      'and ImageNet-100. The lab’s own measurement (SCIENCE.md) adds that below about τ = 0.02 training stalls.',
    figures: ['0.3', '0.02'],
    plan: {
      runs: runsOver(WANG_LIU_BASE, 'tau', 'tau', WANG_LIU_TAUS),
      seeds: 3,
      steps: 400,
      swept: ['tau'],
    },
    x: { field: 'tau', log: true },
    metrics: ['uniformity', 'tolerance', 'alignment', 'knn_acc'],
    verdict(results) {
      const uniformity = runMeans(this.plan, results, 'uniformity');
      const tolerance = runMeans(this.plan, results, 'tolerance');
      const at = (tau: number) => WANG_LIU_TAUS.indexOf(tau as (typeof WANG_LIU_TAUS)[number]);
      const small = at(0.1);
      const large = at(5);
      const u = (i: number) => uniformity[i] as number;
      const t = (i: number) => tolerance[i] as number;
      const reproduced = u(small) < u(large) && t(small) < t(large);
      return {
        reproduced,
        text:
          `At τ = 0.1 uniformity ${show(u(small))} and tolerance ${show(t(small))}; at τ = 5, ` +
          `${show(u(large))} and ${show(t(large))} (means over ${this.plan.seeds} seeds, ${this.plan.steps} steps). ` +
          (reproduced
            ? 'The smaller τ is more uniform and less tolerant, as the paper found.'
            : 'The paper’s direction did not show here.'),
      };
    },
  },
];

/** The figure with this id (a programmer error if unknown). */
export function figureById(id: FigureId): PaperFigure {
  const figure = FIGURES.find((f) => f.id === id);
  if (!figure) throw new Error(`invalid figure: ${id}`);
  return figure;
}
