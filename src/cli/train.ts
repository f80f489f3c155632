// `npm run train -- --tau 0.05 --batch 128 --steps 200 --json` or `--link "<share link>"`: trains with the
// same engine and messages as the page (tf.js wasm in Node) and prints one line per snapshot, then a summary.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readSentenceFile, type UserSentences } from '../data/userSentences';
import type { Snapshot } from '../protocol/snapshot';
import { cliUsage, parseCliArgs } from '../state/cliArgs';
import { snapshotLine, trainSteps } from './trainSteps';

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
  const sentences = args.sentences === null ? null : readSentencesFile(args.sentences);
  if (sentences === undefined) return 2;

  const print = (snapshot: Snapshot) => {
    const line = snapshotLine(snapshot);
    // The full batch size, not the (capped) rows a snapshot shows.
    line.batch_rows = 2 * args.config.batch;
    console.log(args.json ? JSON.stringify(line) : formatHuman(line));
  };
  const { snapshots, failure, backendReason, seconds } = await trainSteps(args.config, args.steps, {
    onSnapshot: print,
    onNotice: (message) => console.error(`notice: ${message}`),
    sentences,
  });
  if (failure) {
    const { code, message } = failure;
    console.error(`error ${code}: ${message}`);
    return 1;
  }
  const last = snapshots.at(-1) ?? null;
  const summary = {
    summary: true,
    ...(last ? snapshotLine(last) : {}),
    batch_rows: 2 * args.config.batch,
    steps: last?.step ?? 0,
    seconds: Number(seconds.toFixed(3)),
    steps_per_s: Number(((last?.step ?? 0) / seconds).toFixed(2)),
    backend_reason: backendReason,
  };
  console.log(args.json ? JSON.stringify(summary) : `done: ${formatHuman(summary)}`);
  return 0;
}

/** The sentences of `--sentences <file>`, read as the page's import card reads a file; undefined (and the
 * reasons printed) when the file is unreadable or refused. */
function readSentencesFile(path: string): UserSentences | undefined {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    console.error(`error: --sentences: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const read = readSentenceFile(bytes, basename(path));
  for (const note of read.notes) console.error(`note: --sentences: ${note}`);
  if (read.sentences) return read.sentences;
  if (read.refusal) console.error(`error: --sentences: ${read.refusal}`);
  for (const { line, reason } of read.rejected) console.error(`error: --sentences: line ${line}: ${reason}`);
  if (read.rejectedCount > read.rejected.length)
    console.error(`error: --sentences: and ${read.rejectedCount - read.rejected.length} more rejected lines`);
  return undefined;
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
