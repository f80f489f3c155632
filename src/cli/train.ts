// `npm run train -- --tau 0.05 --batch 128 --steps 200 --json` or `--link "<share link>"`: trains with the
// same engine and messages as the page (tf.js wasm in Node) and prints one line per snapshot, then a summary.
import { createNodeTrainer } from '../engine/nodeHost';
import type { TrainerEvent } from '../protocol/messages';
import type { Snapshot } from '../protocol/snapshot';
import { cliUsage, parseCliArgs } from '../state/cliArgs';

/** Steps between two printed snapshots. */
const STEPS_PER_LINE = 10;

/** The scalars of a snapshot, in snake_case, as the CLI prints them. */
export function snapshotLine(snapshot: Snapshot): Record<string, number | string> {
  return {
    step: snapshot.step,
    loss: snapshot.loss,
    alignment: snapshot.alignment,
    uniformity: snapshot.uniformity,
    tolerance: snapshot.tolerance,
    knn_acc: snapshot.knnAccuracy,
    effective_negatives: snapshot.effectiveNegatives,
    effective_rank: snapshot.effectiveRank,
    tau: snapshot.tau,
    batch_rows: snapshot.batch.rows,
    steps_per_s: snapshot.stepsPerSecond,
    backend: snapshot.backend,
  };
}

async function main(): Promise<number> {
  const args = parseCliArgs(process.argv.slice(2));
  if (args.help) {
    console.log(cliUsage());
    return 0;
  }
  if (args.errors.length > 0) {
    for (const error of args.errors) console.error(`error: ${error}`);
    console.error(`\n${cliUsage()}`);
    return 2;
  }
  for (const warning of args.warnings) console.error(`warning: ${warning}`);

  let failure: Extract<TrainerEvent, { type: 'error' }> | null = null;
  let latest: Snapshot | null = null;
  let reason = '';
  const trainer = await createNodeTrainer((event) => {
    if (event.type === 'snapshot') latest = event.snapshot;
    else if (event.type === 'error') failure = event;
    else if (event.type === 'ready') reason = event.backend.reason;
    else if (event.type === 'notice') console.error(`notice: ${event.message}`);
  });
  const print = (snapshot: Snapshot) => {
    const line = snapshotLine(snapshot);
    // The full batch size, not the (capped) rows a snapshot shows.
    line.batch_rows = 2 * args.config.batch;
    console.log(args.json ? JSON.stringify(line) : formatHuman(line));
  };

  await trainer.handle({ type: 'configure', runId: 1, config: args.config });
  const started = performance.now();
  for (let done = 0; done < args.steps && !failure; ) {
    const steps = Math.min(STEPS_PER_LINE, args.steps - done);
    await trainer.handle({ type: 'step', runId: 1, steps });
    done += steps;
    if (latest && !failure) print(latest);
  }
  const seconds = (performance.now() - started) / 1000;
  if (failure) {
    const { code, message } = failure as Extract<TrainerEvent, { type: 'error' }>;
    console.error(`error ${code}: ${message}`);
    return 1;
  }
  const last = latest as Snapshot | null;
  const summary = {
    summary: true,
    ...(last ? snapshotLine(last) : {}),
    batch_rows: 2 * args.config.batch,
    steps: last?.step ?? 0,
    seconds: Number(seconds.toFixed(3)),
    steps_per_s: Number(((last?.step ?? 0) / seconds).toFixed(2)),
    backend_reason: reason,
  };
  console.log(args.json ? JSON.stringify(summary) : `done: ${formatHuman(summary)}`);
  return 0;
}

function formatHuman(line: Record<string, unknown>): string {
  return Object.entries(line)
    .map(
      ([key, value]) =>
        `${key}=${typeof value === 'number' && !Number.isInteger(value) ? value.toPrecision(4) : String(value)}`,
    )
    .join(' ');
}

process.exitCode = await main();
