// The `text` section (issue 19): the text encoder's training speed at its defaults (dataset=sentences: a
// 1-layer, 4-head, width-64 BERT over sentences of up to 32 tokens, batches trimmed to their longest) in the
// real trainer worker, on every backend of the plan. Text steps are 10 to 100 times dearer than the MLP's, so
// the windows are longer and the figure has its own table rather than sharing the MLP's rows.
import type { ConfigOverrides, SpeedResult } from '../../bench/api';
import { type BackendName, DEFAULT_TRAIN_CONFIG } from '../../protocol/config';
import type { BenchPage } from './benchPage';
import type { Plan } from './plan';
import type { Log } from './sections';
import { type Summary, summarize } from './stats';

/** The section's fields off the defaults: the lab's own sentences, the text encoder at its defaults. */
export const TEXT_CONFIG: ConfigOverrides = { dataset: 'sentences' };

/** Each backend's runs. */
export type TextRuns = Partial<Record<BackendName, SpeedResult[]>>;

/** results.json `text_encoder`: steps/s per backend. */
export type TextFigures = Partial<Record<BackendName, Summary | null>>;

/** Measures the text encoder `plan.textRepeats` times per backend; a backend that fails once is not retried. */
export async function measureText(
  bench: BenchPage,
  plan: Plan,
  attempt: <T>(key: string, measure: () => Promise<T>) => Promise<T | null>,
  log: Log,
): Promise<TextRuns> {
  const runs: TextRuns = {};
  for (const backend of plan.backends) {
    for (let r = 0; r < plan.textRepeats; r++) {
      log(`${backend}: text encoder (run ${r + 1} of ${plan.textRepeats})`);
      const run = await attempt(`text/${backend}`, () =>
        bench.engine({
          backend,
          warmupMs: plan.textWarmupMs,
          windowMs: plan.textWindowMs,
          config: TEXT_CONFIG,
        }),
      );
      log(`  ${run ? `${run.stepsPerSecond.toFixed(2)} steps/s on ${run.backend}` : 'failed'}`);
      if (!run) break;
      runs[backend] = [...(runs[backend] ?? []), run];
    }
  }
  return runs;
}

/** Steps/s per backend: each run's figure counted only where tf.js really ran on the backend asked for. */
export function textFigures(runs: TextRuns, plan: Plan): TextFigures {
  return Object.fromEntries(
    plan.backends.map((backend) => {
      const speeds = (runs[backend] ?? [])
        .filter((run) => run.backend === backend)
        .map((run) => Number(run.stepsPerSecond.toFixed(2)));
      return [backend, speeds.length > 0 ? summarize(speeds) : null];
    }),
  );
}

/** BENCHMARKS.md's paragraph on the text encoder (the table rows come with the other figures). */
export function textMarkdown(): string[] {
  const d = DEFAULT_TRAIN_CONFIG;
  return [
    '## Text encoder',
    '',
    `\`text_encoder BACKEND\` is \`engine\` with \`dataset=sentences\`: the lab's text encoder at its defaults (${d.layers}`,
    `Transformer layer${d.layers === 1 ? '' : 's'}, ${d.heads} heads, width ${d.width}, ${d.pool} pooling, sentences of up to ${d.maxLen} tokens,`,
    `each batch cut to its longest sentence), ${d.batch} pairs a step, output dimension ${d.dim}, dropout ${d.dropout}. A step`,
    'embeds both views through attention and a feed-forward layer per token, so it costs far more than the MLP',
    "step above; the wasm backend's token lookup gradient is a hand-written scatter (engine/transformerLayer.ts).",
    '',
  ];
}
