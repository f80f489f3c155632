// The results as people read them: one table of every figure (printed, and written to BENCHMARKS.md with the
// date, the machine and each target with pass or miss), and one of the negative strategies.
import type { ConfigOverrides } from '../../bench/api';
import { DEFAULT_TRAIN_CONFIG } from '../../protocol/config';
import { CONFIG_LINK_KEYS } from '../../state/schema';
import type { Results, StrategyFigures, Target } from './results';
import type { Summary } from './stats';
import type { SweepFigures } from './sweepSection';
import { textMarkdown } from './textSection';

type Row = [figure: string, min: string, median: string, max: string, unit: string];

const num = (x: number) =>
  Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2);

function row(figure: string, s: Summary | null | undefined, unit: string): Row {
  return s ? [figure, num(s.min), num(s.median), num(s.max), unit] : [figure, '-', 'not measured', '-', unit];
}

/** Every figure of results.json as a table row: figure, min, median, max, unit. */
function rows(r: Results): Row[] {
  const out: Row[] = [];
  for (const [section, unit] of [
    ['engine', 'steps/s'],
    ['naive', 'steps/s'],
    ['page', 'steps/s'],
  ] as const) {
    for (const [backend, s] of Object.entries(r[section])) out.push(row(`${section} ${backend}`, s, unit));
  }
  out.push(row('engine_over_naive', r.engine_over_naive, 'x'));
  out.push(row('page_over_engine', r.page_over_engine, 'x'));
  const mt = r.main_thread;
  out.push(row('main_thread long_tasks', mt.long_tasks, 'tasks'));
  out.push(row('main_thread long_task_ms', mt.long_task_ms, 'ms'));
  out.push(row('main_thread frame_p50_ms', mt.frame_p50_ms, 'ms'));
  out.push(row('main_thread frame_p95_ms', mt.frame_p95_ms, 'ms'));
  for (const [backend, grid] of Object.entries(r.scaling)) {
    if (!grid) continue;
    for (const [rows2n, s] of Object.entries(grid.ms_per_step_by_rows))
      out.push(row(`scaling ${backend} 2N=${rows2n}`, s, 'ms/step'));
    for (const [dim, s] of Object.entries(grid.ms_per_step_by_dim))
      out.push(row(`scaling ${backend} dim=${dim}`, s, 'ms/step'));
  }
  out.push(row('startup first_step_ms', r.startup.first_step_ms, 'ms'));
  const size = (kb: number): Summary => ({ min: kb, median: kb, max: kb });
  out.push(row('startup main_chunk_gzip_kb', size(r.startup.main_chunk_gzip_kb), 'KB'));
  out.push(row('startup worker_chunk_gzip_kb', size(r.startup.worker_chunk_gzip_kb), 'KB'));
  for (const [backend, s] of Object.entries(r.text_encoder ?? {}))
    out.push(row(`text_encoder ${backend}`, s, 'steps/s'));
  const sweep = r.details.sweep as SweepFigures | null | undefined;
  if (sweep) out.push(row(`sweep ${sweep.sweep} x ${sweep.steps} steps (Node)`, sweep.seconds, 's'));
  return out;
}

/** The explaining figures (results.json details.explain) as table rows, on the headline backend. */
function explainRows(r: Results): Row[] {
  const explain = r.details.explain as Record<string, Summary | null>;
  const headline = String(r.details.headline_backend);
  return [
    row(
      `engine ${headline}, one snapshot every 2 s`,
      explain.engine_rare_snapshots_steps_per_second,
      'steps/s',
    ),
    row(`naive ${headline}, no per-step read-back`, explain.naive_no_readback_steps_per_second, 'steps/s'),
    row(
      `naive_engine_code ${headline} (naive loop, engine model and loss)`,
      explain.naive_engine_code_steps_per_second,
      'steps/s',
    ),
    row('engine_over_naive_engine_code', explain.engine_over_naive_engine_code, 'x'),
  ];
}

/** A strategy's fields off the defaults as link keys (`neg=queue&pick=hard&k=16`), or `defaults`. */
function settings(config: ConfigOverrides): string {
  const fields = Object.entries(config) as [keyof ConfigOverrides, unknown][];
  return fields.map(([key, value]) => `${CONFIG_LINK_KEYS[key]}=${value}`).join('&') || 'defaults';
}

type StrategyRow = [
  strategy: string,
  settings: string,
  min: string,
  median: string,
  max: string,
  ratio: string,
];

const STRATEGY_HEADER: StrategyRow = ['strategy', 'settings', 'min', 'median', 'max', 'over plain'];

/** The strategies block of the headline backend: steps/s and the paired ratio to plain, one row each. */
function strategyRows(r: Results, code: (text: string) => string = (text) => text): StrategyRow[] {
  const headline = String(r.details.headline_backend) as keyof Results['strategies'];
  const ratio = (s: Summary | null) => (s ? `${num(s.median)} (${num(s.min)} to ${num(s.max)})` : '-');
  return Object.entries(r.strategies[headline] ?? {}).map(([name, f]: [string, StrategyFigures]) => {
    const [, min, median, max] = row(name, f.steps_per_second, '');
    return [
      name,
      code(settings(f.config)),
      min,
      median,
      max,
      f.over_plain ? ratio(f.over_plain) : 'baseline',
    ];
  });
}

/** Lines of a table with aligned columns: the first `left` columns flush left, the others flush right. */
function aligned(table: readonly (readonly string[])[], left = 1): string[] {
  const widths = (table[0] ?? []).map((_, c) => Math.max(...table.map((cells) => (cells[c] ?? '').length)));
  return table.map((cells) =>
    cells
      .map((cell, c) => (c < left ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  '),
  );
}

/** A markdown table row. */
const cells = (c: readonly string[]) => `| ${c.join(' | ')} |`;

const verdict = (t: Target) => (t.pass === null ? 'not measured' : t.pass ? 'pass' : 'MISS');

/** The figures and targets as plain text for the terminal. */
export function textTable(r: Results): string {
  const header: Row = ['figure', 'min', 'median', 'max', 'unit'];
  const table = [header, ...rows(r)];
  // one alignment for both tables, so their columns line up
  const lines = aligned([...table, ...explainRows(r)]);
  const strategies = strategyRows(r);
  const targets = (r.details.targets as Target[]).map(
    (t) => `${verdict(t).padEnd(12)} ${t.figure}: ${t.measured} (target ${t.target})`,
  );
  return [
    ...lines.slice(0, table.length),
    '',
    'what explains them:',
    ...lines.slice(table.length),
    '',
    `negative strategies (engine ${r.details.headline_backend}, steps/s; over plain: ratio of runs paired back to back):`,
    ...(strategies.length > 0 ? aligned([STRATEGY_HEADER, ...strategies], 2) : ['not measured']),
    '',
    'targets:',
    ...targets,
  ].join('\n');
}

/** BENCHMARKS.md: the latest table with its date, machine, command and each target's pass or miss. */
export function markdown(r: Results, date: string, command: string): string {
  const figureRows = rows(r).map(cells);
  const targetRows = (r.details.targets as Target[]).map((t) =>
    cells([`\`${t.figure}\``, t.target, t.measured, verdict(t)]),
  );
  const errors = Object.entries((r.details.errors as Record<string, string>) ?? {});
  const headline = String(r.details.headline_backend);
  const growth = Object.entries(
    r.scaling[headline as keyof Results['scaling']]?.growth_exponent_by_rows ?? {},
  );
  return [
    '# Benchmarks',
    '',
    `Latest run: ${date}, \`${command}\`. Written by \`npm run bench\` (src/cli/bench.ts); the raw figures,`,
    'settings and per-run values are in [bench/results.json](bench/results.json). Regenerate rather than edit.',
    '',
    `Machine: ${r.machine.description}.`,
    '',
    `One-minute load average ${r.machine.load_average.start} at the start and ${r.machine.load_average.end} at the end,`,
    `on ${r.machine.cores} cores: other work shares this machine, so compare figures within one run, not across runs.`,
    '',
    'Every figure is the median of several runs, with the smallest and largest run beside it. Ratios pair runs',
    'measured back to back. Defaults: clusters (8 classes in R^32), MLP 32 -> 128 -> 3, InfoNCE, 2N = 256 rows,',
    'dropout 0.1, Adam, same data, batches, tau and backend for all. `engine` = the trainer worker with snapshots',
    'at the default cadence. `naive` = the loop a tf.js user writes first, on the main thread: the same MLP as a',
    '`tf.sequential` of `tf.layers.dense` and `tf.layers.dropout`, the two views as two `model.apply(x, {training:',
    'true})` passes, SimCLR-style NT-Xent (rows divided by `tf.norm`, `tf.matMul(z, z, false, true) / tau`, the',
    'diagonal minus 1e9 `tf.eye`, `tf.losses.softmaxCrossEntropy` against one-hot positives), `optimizer.minimize`',
    'with the loss read by `dataSync()` every step. `page` = the whole lab page live.',
    '',
    '## Targets',
    '',
    cells(['figure', 'target', 'measured: median (min to max)', 'result']),
    cells(['---', '---', '---', '---']),
    ...targetRows,
    '',
    '## Figures',
    '',
    cells(['figure', 'min', 'median', 'max', 'unit']),
    cells(['---', '---:', '---:', '---:', '---']),
    ...figureRows,
    '',
    '## What explains them',
    '',
    cells(['figure', 'min', 'median', 'max', 'unit']),
    cells(['---', '---:', '---:', '---:', '---']),
    ...explainRows(r).map(cells),
    '',
    `The first row against \`engine ${headline}\` is what snapshots at the default cadence cost the worker; the`,
    `second against \`naive ${headline}\` is what \`dataSync()\` costs the naive loop. \`naive_engine_code\` is the`,
    "naive loop (main thread, `optimizer.minimize`, `dataSync()` every step) on the engine's own model and loss",
    '(cached masks, z zᵀ never multiplied by a transposed big operand): against `engine` it is what the worker loop',
    `alone gives, against \`naive\` what the engine's model and loss give. Growth of the step cost`,
    `with the batch, as exponents between neighbouring sizes (2 = the (2N)^2 similarity term alone):`,
    `${growth.map(([span, g]) => `${span}: ${g}`).join(', ') || 'not measured'}.`,
    '',
    ...strategiesMarkdown(r),
    ...textMarkdown(),
    ...(errors.length > 0
      ? ['## Not measured', '', ...errors.map(([key, message]) => `- \`${key}\`: ${message}`), '']
      : []),
  ].join('\n');
}

/** BENCHMARKS.md's section on the negative strategies: what was measured, then the table. */
function strategiesMarkdown(r: Results): string[] {
  const headline = String(r.details.headline_backend);
  const strategies = strategyRows(r, (text) => `\`${text}\``);
  return [
    '## Negative strategies',
    '',
    `\`engine ${headline}\` (steps/s) with each InfoNCE negative strategy; in every run all of them are measured back`,
    'to back, and `over plain` is the ratio to plain in-batch InfoNCE (the defaults) of the same run: median (min',
    `to max). Settings are link keys; the rest are the defaults (a queue of ${DEFAULT_TRAIN_CONFIG.queueSize} keys, momentum`,
    `${DEFAULT_TRAIN_CONFIG.momentum}). \`neg=all\` is the full softmax over every training row. \`logq\` also skews the`,
    "classes' frequencies, so it trains on other data than plain.",
    '',
    ...(strategies.length > 0
      ? [
          cells(STRATEGY_HEADER),
          cells(['---', '---', '---:', '---:', '---:', '---:']),
          ...strategies.map(cells),
        ]
      : ['Not measured.']),
    '',
  ];
}
