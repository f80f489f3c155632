// The results as people read them: one table of every figure (printed, and written to BENCHMARKS.md with the
// date, the machine and each target with pass or miss).
import type { Results, Target } from './results';
import type { Summary } from './stats';

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

const verdict = (t: Target) => (t.pass === null ? 'not measured' : t.pass ? 'pass' : 'MISS');

/** The figures and targets as plain text for the terminal. */
export function textTable(r: Results): string {
  const header: Row = ['figure', 'min', 'median', 'max', 'unit'];
  const table = [header, ...rows(r)];
  const explain = explainRows(r);
  const widths = [0, 1, 2, 3, 4].map((c) =>
    Math.max(...[...table, ...explain].map((cells) => (cells[c] as string).length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ');
  const targets = (r.details.targets as Target[]).map(
    (t) => `${verdict(t).padEnd(12)} ${t.figure}: ${t.measured} (target ${t.target})`,
  );
  return [
    ...table.map(line),
    '',
    'what explains them:',
    ...explain.map(line),
    '',
    'targets:',
    ...targets,
  ].join('\n');
}

/** BENCHMARKS.md: the latest table with its date, machine, command and each target's pass or miss. */
export function markdown(r: Results, date: string, command: string): string {
  const cells = (c: readonly string[]) => `| ${c.join(' | ')} |`;
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
    ...(errors.length > 0
      ? ['## Not measured', '', ...errors.map(([key, message]) => `- \`${key}\`: ${message}`), '']
      : []),
  ].join('\n');
}
