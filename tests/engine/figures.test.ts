// Issue 18 (4): each paper figure runs in Node (the runner of `npm run sweep -- --figure NAME`), and what it
// measures is what src/state/figureResults.json holds: every figure rerun here on its first seed (a third of
// its jobs, about a minute for all five) stays within RERUN_SPREAD x the committed seeds' range plus
// RERUN_SLACK x max(1, |value|) of the committed first-seed numbers, for every metric the figure plots. The
// issue's learning claim (tau 0.1 more uniform and less tolerant than tau 5) is checked on this rerun too; the
// committed results hold it on all 3 seeds (tests/unit/figures.test.ts).
import { describe, expect, it } from 'vitest';
import { runPlan } from '../../src/cli/sweepNode';
import { storedResults } from '../../src/state/figureResults';
import { FIGURE_IDS, type FigureId, figureById } from '../../src/state/figures';
import { summariseSweep } from '../../src/state/sweepSummary';

/** How far a rerun may stray, in units of the committed seeds' range (the presets' rule, measuredQuotes.ts). */
const RERUN_SPREAD = 1.5;
/** And relative slack, for a metric whose seeds happen to agree (float noise across machines). */
const RERUN_SLACK = 0.01;

const QUIET = { report: () => undefined, stop: () => undefined };

/** Reruns a figure's plan on its first seed only. */
async function rerun(id: FigureId) {
  const { plan } = figureById(id);
  const run = await runPlan({ ...plan, seeds: 1 }, QUIET);
  expect(run.failures).toEqual([]);
  return run;
}

describe('each paper figure rerun on its first seed', () => {
  it.each(FIGURE_IDS)('%s: within the stated tolerance of the committed numbers', async (id) => {
    const figure = figureById(id);
    const { plan } = figure;
    const stored = summariseSweep(plan, storedResults(id));
    const run = await rerun(id);
    expect(run.results).toHaveLength(plan.runs.length);
    for (const result of run.results) {
      for (const metric of figure.metrics) {
        const stats = stored.get(result.run)?.get(metric);
        const value = result.scalars[metric];
        const where = `${plan.runs[result.run]?.label} ${metric}`;
        if (!stats) throw new Error(`${id}: ${where} not committed`);
        if (value === null || !Number.isFinite(stats.values[0])) {
          expect(value, where).toBeNull();
          continue;
        }
        const first = stats.values[0] as number;
        const tolerance = RERUN_SPREAD * (stats.max - stats.min) + RERUN_SLACK * Math.max(1, Math.abs(first));
        expect(
          Math.abs((value as number) - first),
          `${where}: ${value} against ${first}`,
        ).toBeLessThanOrEqual(tolerance);
      }
    }
    if (id === 'wang-liu-tau') {
      const at = (tau: number, metric: string) =>
        run.results.find((r) => plan.runs[r.run]?.config.tau === tau)?.scalars[metric] as number;
      expect(at(0.1, 'uniformity')).toBeLessThan(at(5, 'uniformity'));
      expect(at(5, 'tolerance')).toBeGreaterThan(at(0.1, 'tolerance'));
    }
  });
});
