// Issue 18: the paper figures. Each is a sweep the page and `npm run sweep -- --figure NAME` can run (within the
// sweep limits), cites the paper's numbers as docs/SCIENCE.md writes them, and judges the paper's direction from
// the lab's results: here each verdict on synthetic results both ways, then the committed results of
// `npm run measure-figures` (src/state/figureResults.json): of the current plans, their verdicts as stored, and
// the learning claims seed by seed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_SWEEP_RUNS, MAX_SWEEP_SEEDS, type SweepPlan, type SweepResult } from '../../src/protocol/sweep';
import {
  describedConfigs,
  FIGURE_RESULTS,
  storedFigureOf,
  storedResults,
  storedStarts,
} from '../../src/state/figureResults';
import { FIGURE_IDS, FIGURES, type FigureId, figureById } from '../../src/state/figures';

const SCIENCE = readFileSync(new URL('../../docs/SCIENCE.md', import.meta.url), 'utf8');

type Scalars = Record<string, number | null>;

/** Synthetic results of every job of a plan: `scalars(label, seed index)`. */
function synthetic(plan: SweepPlan, scalars: (label: string, k: number) => Scalars): SweepResult[] {
  return plan.runs.flatMap((run, index) =>
    Array.from({ length: plan.seeds }, (_, k) => ({
      run: index,
      seed: run.config.seed + k,
      scalars: scalars(run.label, k),
      display: { dim: 0, embeddings: new Float32Array(0), labels: new Int32Array(0) },
      seconds: 0,
    })),
  );
}

const verdictOf = (id: FigureId, scalars: (label: string, k: number) => Scalars, starts?: typeof scalars) => {
  const figure = figureById(id);
  return figure.verdict(synthetic(figure.plan, scalars), starts ? synthetic(figure.plan, starts) : undefined);
};

describe('the paper figures', () => {
  it('are listed in FIGURE_IDS order, each within the sweep limits, with unique run labels', () => {
    expect(FIGURES.map((figure) => figure.id)).toEqual([...FIGURE_IDS]);
    for (const figure of FIGURES) {
      const { runs, seeds, steps } = figure.plan;
      expect(runs.length, figure.id).toBeLessThanOrEqual(MAX_SWEEP_RUNS);
      expect(seeds, figure.id).toBeLessThanOrEqual(MAX_SWEEP_SEEDS);
      expect(new Set(runs.map((run) => run.label)).size, figure.id).toBe(runs.length);
      expect(figure.setup, figure.id).toContain(`${steps} steps`);
      expect(figure.setup, figure.id).toContain(`${runs.length * seeds} jobs`);
      for (const field of figure.plan.swept)
        expect(
          new Set(runs.map((run) => JSON.stringify(run.config[field]))).size,
          `${figure.id} ${field}`,
        ).toBeGreaterThan(1);
    }
  });

  it('quote the papers’ numbers exactly as docs/SCIENCE.md writes them', () => {
    for (const figure of FIGURES)
      for (const number of figure.figures) {
        expect(figure.paperFound, `${figure.id}: ${number}`).toContain(number);
        expect(SCIENCE, `${figure.id}: ${number}`).toContain(number);
      }
    // the dropout table and the DCL / HCL and hard-loss lines, whole
    expect(SCIENCE).toContain('0.0: 71.1, 0.01: 72.6, 0.05: 81.1');
    expect(SCIENCE).toContain('84.26 / 86.38 / 87.44 / 87.09 / 83.09');
    expect(SCIENCE).toContain('tau 0.07 79.75, 0.3 83.27, 1.0 82.21; the hard');
  });
});

describe('verdicts on synthetic results', () => {
  const tauOf = (label: string) => Number(label.split(' ')[1]);

  it('wang-liu-tau: the smaller tau more uniform and less tolerant, and the stall at 0.01', () => {
    // uniformity falls and tolerance falls with tau from 0.05 up; 0.01 stays at its start
    const good = (label: string) => {
      const tau = tauOf(label);
      return {
        uniformity: tau <= 0.01 ? -2 : -3.5 + 0.04 * (tau - 0.1),
        tolerance: 0.1 + 0.01 * (tau - 0.1),
        loss: 0.01,
      };
    };
    const start = () => ({ uniformity: -2.4, loss: 0.3 });
    const yes = verdictOf('wang-liu-tau', good, start);
    expect(yes.reproduced).toBe(true);
    expect(yes.text).toContain('At τ = 0.1 uniformity -3.50 and tolerance 0.10; at τ = 5, -3.30 and 0.15');
    expect(yes.text).toContain('as the paper found');
    expect(yes.text).toContain('from -2.40 at step 0 to -2.00');
    expect(yes.text).toContain('training stalled');
    // reversed: tau 5 more uniform; and tau 0.01 spreads as far as 0.1 did
    const bad = verdictOf(
      'wang-liu-tau',
      (label) => ({
        uniformity: -3.5 - 0.05 * tauOf(label),
        tolerance: 0.2 - 0.01 * tauOf(label),
        loss: 0.1,
      }),
      start,
    );
    expect(bad.reproduced).toBe(false);
    expect(bad.text).toContain('did not show here');
    expect(bad.text).toContain('no stall showed here');
    // without step-0 numbers the stall is read off the curve turning back
    expect(verdictOf('wang-liu-tau', good).text).toContain(
      'At τ = 0.01 uniformity ended at -2.00, against -3.50 at τ = 0.05: the trend turns back',
    );
  });

  it('hard-loss-small-tau: the best hard run above the best InfoNCE run in kNN accuracy', () => {
    const tau = (label: string) => Number(label.split(' ').at(-1));
    const yes = verdictOf('hard-loss-small-tau', (label, k) =>
      label.startsWith('hard')
        ? { knn_acc: 0.5 + 0.01 * k, tolerance: 0.3, effective_negatives: 12 }
        : { knn_acc: 0.4 + 0.02 * tau(label), tolerance: 0.1, effective_negatives: 6 },
    );
    expect(yes.reproduced).toBe(true);
    expect(yes.text).toContain('τ 0.05: kNN 0.401 → 0.510, tolerance 0.100 → 0.300');
    expect(yes.text).toContain('(hard α 0.1 τ 0.05) is above the best InfoNCE run (InfoNCE τ 1)');
    expect(yes.text).toContain('by 0.090, every seed: the paper’s direction');
    expect(yes.text).toContain('more tolerant at τ 0.05, 0.2, 1');
    expect(yes.text).toContain('InfoNCE already weighs about 6 effective negatives of 126');
    const no = verdictOf('hard-loss-small-tau', (label, k) =>
      label.startsWith('hard')
        ? { knn_acc: 0.4 + 0.02 * k, tolerance: 0.1 }
        : { knn_acc: 0.41 + 0.02 * k, tolerance: 0.2 },
    );
    expect(no.reproduced).toBe(false);
    expect(no.text).toContain('is below the best InfoNCE run');
    expect(no.text).toContain('by 0.010, within the seeds’ spread: the paper’s gain did not show here');
    expect(no.text).toContain('more tolerant at no τ here');
  });

  it('dcl-hcl: DCL above InfoNCE and a moderate β above DCL', () => {
    const knn: Record<string, number> = {
      InfoNCE: 0.6,
      'DCL τ⁺ 0.1': 0.62,
      'HCL β 0.5': 0.63,
      'HCL β 1': 0.65,
      'HCL β 2': 0.64,
      'HCL β 6': 0.6,
    };
    const yes = verdictOf('dcl-hcl', (label) => ({ knn_acc: knn[label] ?? Number.NaN }));
    expect(yes.reproduced).toBe(true);
    expect(yes.text).toContain(
      'the best moderate β (β 1) is above DCL (by 0.030, every seed), and β 6 falls back',
    );
    expect(yes.text).toContain('The papers’ direction shows here.');
    const no = verdictOf('dcl-hcl', (label) => ({ knn_acc: label === 'InfoNCE' ? 0.7 : (knn[label] ?? 0) }));
    expect(no.reproduced).toBe(false);
    expect(no.text).toContain('DCL is below InfoNCE');
  });

  it('simcse-dropout: p 0.1 above no dropout and the same mask', () => {
    const yes = verdictOf('simcse-dropout', (label) => ({
      knn_acc: label === 'p 0.1' ? 0.5 : 0.4,
      alignment: label === 'p 0' || label.startsWith('fixed') ? 0 : 0.1,
      uniformity: -3,
    }));
    expect(yes.reproduced).toBe(true);
    expect(yes.text).toContain('the views are identical, alignment 0');
    expect(yes.text).toContain('p 0.5 falls back below p 0.1, as in the paper.');
    const no = verdictOf('simcse-dropout', (label) => ({
      knn_acc: label === 'p 0' ? 0.6 : 0.4,
      alignment: 0.1,
      uniformity: -3,
    }));
    expect(no.reproduced).toBe(false);
    expect(no.text).toContain('p 0.1 does not beat no dropout and does not beat the same mask');
    expect(no.text).toContain('Unlike the paper, p 0.5 is not below p 0.1');
  });

  it('batch-false-negatives: the same share, more of them, less weight each', () => {
    const batchOf = (label: string) => Number(label.split(' ')[0]);
    const yes = verdictOf('batch-false-negatives', (label) => ({
      fn_share: 0.25,
      fn_count: (2 * batchOf(label) - 2) / 4,
      fn_weight: 0.3,
    }));
    expect(yes.reproduced).toBe(true);
    expect(yes.text).toContain('count per anchor 7.5 / 15.5 / 31.5 / 63.5');
    const no = verdictOf('batch-false-negatives', (label) => ({
      fn_share: batchOf(label) / 256,
      fn_count: 4,
      fn_weight: 0.3,
    }));
    expect(no.reproduced).toBe(false);
    expect(no.text).toContain('does not stay the same, the count does not grow');
  });
});

describe('the committed figure results (npm run measure-figures)', () => {
  it.each(FIGURE_IDS)('%s: measured on its current plan, every job, no display embeddings', (id) => {
    const stored = storedFigureOf(id);
    if (!stored) throw new Error(`${id}: not measured: run npm run measure-figures`);
    const { plan } = figureById(id);
    expect(stored.plan.runs.map((run) => run.label)).toEqual(plan.runs.map((run) => run.label));
    expect(describedConfigs(stored.plan), 'the plan changed: run npm run measure-figures').toEqual(
      plan.runs.map((run) => run.config),
    );
    expect([stored.plan.seeds, stored.plan.steps]).toEqual([plan.seeds, plan.steps]);
    expect(stored.jobs).toHaveLength(plan.runs.length * plan.seeds);
    for (const job of stored.jobs) {
      expect(job.end).toHaveLength(FIGURE_RESULTS.columns.length);
      expect(job.start).toHaveLength(FIGURE_RESULTS.startColumns.length);
    }
    for (const metric of figureById(id).metrics) expect(FIGURE_RESULTS.columns).toContain(metric);
  });

  it.each(FIGURE_IDS)('%s: the verdict recomputed from them is the one stored', (id) => {
    const stored = storedFigureOf(id);
    const verdict = figureById(id).verdict(storedResults(id), storedStarts(id));
    expect(verdict).toEqual(stored?.verdict);
  });

  /** A metric of the wang-liu-tau results at one tau, seed by seed (end of training, or step 0). */
  const wangLiu = (tau: number, metric: string, at: 'end' | 'start' = 'end') => {
    const plan = figureById('wang-liu-tau').plan;
    const run = plan.runs.findIndex((r) => r.config.tau === tau);
    const results = at === 'end' ? storedResults('wang-liu-tau') : storedStarts('wang-liu-tau');
    return results.filter((r) => r.run === run).map((r) => r.scalars[metric] as number);
  };

  it('wang-liu-tau over 3 seeds at dimension 16, 400 steps: tau 0.1 more uniform and less tolerant than 5', () => {
    const plan = figureById('wang-liu-tau').plan;
    expect(plan.runs[0]?.config.dim).toBe(16);
    expect([plan.seeds, plan.steps]).toEqual([3, 400]);
    const [u01, u5, t01, t5] = [
      wangLiu(0.1, 'uniformity'),
      wangLiu(5, 'uniformity'),
      wangLiu(0.1, 'tolerance'),
      wangLiu(5, 'tolerance'),
    ];
    expect(u01).toHaveLength(3);
    u01.forEach((u, seed) => {
      expect(u, `seed ${seed}: uniformity ${u} at 0.1, ${u5[seed]} at 5`).toBeLessThan(u5[seed] as number);
      expect(t5[seed], `seed ${seed}: tolerance ${t5[seed]} at 5, ${t01[seed]} at 0.1`).toBeGreaterThan(
        t01[seed] as number,
      );
    });
  });

  it('wang-liu-tau: at tau 0.01 the points do not spread from where they started, seed by seed', () => {
    const start = wangLiu(0.01, 'uniformity', 'start');
    const end = wangLiu(0.01, 'uniformity');
    const spread = wangLiu(0.1, 'uniformity', 'start').map(
      (u, seed) => u - (wangLiu(0.1, 'uniformity')[seed] as number),
    );
    expect(start).toHaveLength(3);
    start.forEach((u, seed) => {
      // tau 0.1 lowers uniformity by about 1 from the same start; tau 0.01 by less than a quarter of that
      expect(u - (end[seed] as number)).toBeLessThan(0.25 * (spread[seed] as number));
    });
    // the loss vanished without the points spreading: the positives already won by a few tau
    for (const loss of wangLiu(0.01, 'loss')) expect(loss).toBeLessThan(0.05);
  });
});
