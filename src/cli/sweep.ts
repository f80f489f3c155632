// `npm run sweep -- --tau 0.01,0.05,0.2,1,5 --steps 500 --seeds 3 --out sweep.csv --svg sweep.svg` or
// `-- --figure wang-liu-tau`: trains one configuration per value of one field (or a paper figure's runs), each
// from the same seeds for the same steps, with the engine and messages of `npm run train`; a progress bar on
// stderr, a summary table (or `--json`, one line per result) on stdout, and a figure's verdict.
import { writeFileSync } from 'node:fs';
import type { SweepPlan, SweepResult } from '../protocol/sweep';
import { FIGURES, figureById } from '../state/figures';
import { CONFIG_LINK_KEYS } from '../state/schema';
import { parseSweepArgs, sweepUsage } from '../state/sweepArgs';
import { sweepCsv, sweepMetrics, sweepTable } from '../state/sweepSummary';
import { sweepAxis, sweepSvg } from '../state/sweepSvg';
import { runPlan, stderrProgress } from './sweepNode';

async function main(): Promise<number> {
  const args = parseSweepArgs(process.argv.slice(2));
  if (args.help) {
    console.log(sweepUsage());
    return 0;
  }
  if (args.errors.length > 0 || (!args.plan && !args.listFigures)) {
    for (const error of args.errors) console.error(`error: ${error}`);
    console.error('nothing was run; `npm run sweep -- --help` lists the flags');
    return 2;
  }
  for (const warning of args.warnings) console.error(`warning: ${warning}`);
  if (args.listFigures) {
    for (const figure of FIGURES) {
      const { runs, seeds, steps } = figure.plan;
      console.log(
        `${figure.id.padEnd(24)} ${figure.title} (${runs.length} runs x ${seeds} seeds x ${steps} steps)`,
      );
    }
    return 0;
  }
  const plan = args.plan as SweepPlan;
  const figure = args.figure ? figureById(args.figure) : null;
  const run = await runPlan(plan, stderrProgress(plan, figure?.id ?? 'sweep'), (result) => {
    if (args.json) console.log(JSON.stringify(jsonLine(plan, result)));
  });
  for (const failure of run.failures) console.error(`error: ${failure}`);
  if (!args.json) for (const line of sweepTable(plan, run.results)) console.log(line);
  console.error(
    `${run.results.length} of ${plan.runs.length * plan.seeds} jobs in ${run.seconds.toFixed(1)} s`,
  );
  if (args.out) {
    writeFileSync(args.out, sweepCsv(plan, run.results));
    console.error(`wrote ${args.out}`);
  }
  if (args.svg) {
    const key = plan.swept.join(', ');
    writeFileSync(
      args.svg,
      sweepSvg(plan, run.results, {
        title: figure?.title ?? `Sweep of ${key}: ${plan.runs.length} configurations`,
        x: figure ? figure.x : sweepAxis(plan),
        metrics: figure?.metrics ?? sweepMetrics(plan),
        starts: run.starts,
        region: figure?.region ?? null,
      }),
    );
    console.error(`wrote ${args.svg}`);
  }
  if (figure) {
    const verdict = figure.verdict(run.results, run.starts);
    if (args.json) console.log(JSON.stringify({ figure: figure.id, ...verdict }));
    else console.log(`\n${figure.title}\npaper: ${figure.paperFound}\nlab: ${verdict.text}`);
  }
  return run.failures.length > 0 ? 1 : 0;
}

/** One result as a JSON line: which run and seed, its swept values by link key, then train --json's scalars. */
function jsonLine(plan: SweepPlan, result: SweepResult): Record<string, unknown> {
  const config = plan.runs[result.run]?.config;
  const swept = Object.fromEntries(
    plan.swept.map((field) => [CONFIG_LINK_KEYS[field], config?.[field] ?? null]),
  );
  return {
    run: result.run,
    label: plan.runs[result.run]?.label,
    seed: result.seed,
    ...swept,
    ...result.scalars,
    seconds: Number(result.seconds.toFixed(3)),
  };
}

process.exitCode = await main();
