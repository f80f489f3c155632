// The `sweep` section: the total time of the default sweep (DEFAULT_SWEEP_TEXT: 5 runs x 500 steps, one seed,
// the lab's defaults otherwise) in Node, through the runner and engine of `npm run sweep` (issue 18). It needs no
// browser, so it runs before the preview server starts, and `--only sweep` starts none.
import { DEFAULT_TRAIN_CONFIG } from '../../protocol/config';
import { DEFAULT_SWEEP_STEPS } from '../../state/sweepArgs';
import { DEFAULT_SWEEP_TEXT, parseSweepText, sweepPlan } from '../../state/sweepSpec';
import { runPlan } from '../sweepNode';
import type { Plan } from './plan';
import type { Log } from './sections';
import { type Summary, summarize } from './stats';

/** What one default sweep took. */
export interface SweepRun {
  /** wall time of the whole sweep (every job's configure and training), s */
  readonly seconds: number;
  /** training steps per second over the whole sweep */
  readonly stepsPerSecond: number;
  readonly backend: string;
}

/** results.json `details.sweep`. */
export interface SweepFigures {
  readonly sweep: string;
  readonly steps: number;
  readonly seconds: Summary | null;
  readonly steps_per_second: Summary | null;
  readonly backend: string;
  readonly note: string;
}

/** The default sweep's plan. */
function defaultPlan() {
  const parsed = parseSweepText(DEFAULT_SWEEP_TEXT);
  if (!parsed.ok) throw new Error(`invalid DEFAULT_SWEEP_TEXT: ${DEFAULT_SWEEP_TEXT}`);
  return sweepPlan(DEFAULT_TRAIN_CONFIG, parsed.spec, 1, DEFAULT_SWEEP_STEPS);
}

/** Runs the default sweep `plan.sweepRepeats` times. */
export async function measureSweep(plan: Plan, log: Log): Promise<SweepRun[]> {
  const sweep = defaultPlan();
  const quiet = { report: () => undefined, stop: () => undefined };
  const runs: SweepRun[] = [];
  for (let r = 0; r < plan.sweepRepeats; r++) {
    log(
      `sweep: ${DEFAULT_SWEEP_TEXT}, ${sweep.steps} steps each, in Node (run ${r + 1} of ${plan.sweepRepeats})`,
    );
    const run = await runPlan(sweep, quiet);
    if (run.failures.length > 0) throw new Error(`sweep: ${run.failures.join('; ')}`);
    const steps = sweep.runs.length * sweep.steps;
    runs.push({
      seconds: run.seconds,
      stepsPerSecond: steps / run.seconds,
      backend: String(run.results[0]?.scalars.backend ?? 'unknown'),
    });
    log(`  ${run.seconds.toFixed(1)} s, ${(steps / run.seconds).toFixed(1)} steps/s`);
  }
  return runs;
}

/** The section's figures for results.json, or null when it did not run. */
export function sweepFigures(runs: readonly SweepRun[] | null): SweepFigures | null {
  if (!runs || runs.length === 0) return null;
  const sweep = defaultPlan();
  return {
    sweep: DEFAULT_SWEEP_TEXT,
    steps: sweep.steps,
    seconds: summarize(runs.map((run) => Number(run.seconds.toFixed(2)))),
    steps_per_second: summarize(runs.map((run) => Number(run.stepsPerSecond.toFixed(1)))),
    backend: [...new Set(runs.map((run) => run.backend))].join(', '),
    note: `npm run sweep's runner in Node: ${sweep.runs.length} runs x ${sweep.steps} steps, one seed, the defaults otherwise (2N = ${2 * DEFAULT_TRAIN_CONFIG.batch}, chunks of 50 steps with one snapshot each)`,
  };
}

/** The section as lines for the terminal (what `--only sweep` prints). */
export function sweepText(figures: SweepFigures | null): string {
  if (!figures) return 'sweep: not measured';
  const s = figures.seconds;
  const rate = figures.steps_per_second;
  return [
    `sweep ${figures.sweep}, ${figures.steps} steps each (${figures.backend}, Node):`,
    `  total ${s ? `${s.median} s (${s.min} to ${s.max})` : '-'}, ${rate ? `${rate.median} steps/s` : '-'}`,
  ].join('\n');
}
