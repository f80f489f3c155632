// `npm run bench [-- --quick] [--no-build] [--out-dir DIR]`: measures the production build in headless Chromium
// (training speed per backend, the naive baseline, the live page, the engine per negative strategy, main-thread
// smoothness, scaling, startup and bundle sizes; and the default sweep's total time in Node), prints a table, and
// writes bench/results.json and BENCHMARKS.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { bundleSizes } from './bench/bundle';
import { FULL_PLAN, QUICK_PLAN, SECTIONS, type Section } from './bench/plan';
import { markdown, textTable } from './bench/report';
import { buildResults, type Machine } from './bench/results';
import { runSections } from './bench/sections';
import { build, staleReason, startPreview } from './bench/serve';
import { measureSweep, sweepFigures, sweepText } from './bench/sweepSection';

const USAGE = `usage: npm run bench [-- --quick] [--only SECTION,...] [--no-build] [--out-dir DIR]
  --quick       about two minutes: fewer repeats, shorter windows (every field still measured)
  --only S,...  measure only these sections (${SECTIONS.join(', ')}); prints the table, writes no files
  --no-build    measure the existing build even when its sources are newer
  --out-dir DIR build into and serve DIR instead of dist/`;

interface Args {
  readonly quick: boolean;
  /** null: every section, and the results are written */
  readonly only: ReadonlySet<Section> | null;
  readonly build: boolean;
  readonly outDir: string;
}

function parseArgs(argv: readonly string[]): Args | string {
  let quick = false;
  let only: Set<Section> | null = null;
  let buildIfStale = true;
  let outDir = 'dist';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') quick = true;
    else if (arg === '--only' && argv[i + 1]) {
      const names = (argv[++i] as string).split(',');
      const unknown = names.filter((name) => !(SECTIONS as readonly string[]).includes(name));
      if (unknown.length > 0) return `unknown section: ${unknown.join(', ')}`;
      only = new Set(names as Section[]);
    } else if (arg === '--no-build') buildIfStale = false;
    else if (arg === '--out-dir' && argv[i + 1]) outDir = argv[++i] as string;
    else return `unknown argument: ${arg}`;
  }
  return { quick, only, build: buildIfStale, outDir };
}

const began = Date.now();
const log = (line: string) =>
  console.error(`[${String(Math.round((Date.now() - began) / 1000)).padStart(4)} s] ${line}`);
const load = () => Number((loadavg()[0] ?? 0).toFixed(2));

function describeMachine(browser: string, adapter: string, loadAtStart: number): Machine {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const cores = cpus().length;
  const memoryGb = Number((totalmem() / 2 ** 30).toFixed(1));
  const chromium = /\/([\d.]+)/.exec(browser)?.[1] ?? browser;
  const os = `${type()} ${release()}`;
  return {
    description: `${cores} x ${cpu}, ${memoryGb} GiB RAM, ${os}, Node ${process.version}, Chromium ${chromium} (headless), WebGPU adapter: ${adapter}`,
    cpu,
    cores,
    memory_gb: memoryGb,
    os,
    node: process.version,
    chromium,
    webgpu_adapter: adapter,
    load_average: { start: loadAtStart, end: load() },
  };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (process.argv.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  if (typeof args === 'string') {
    console.error(`${args}\n${USAGE}`);
    return 2;
  }
  const plan = { ...(args.quick ? QUICK_PLAN : FULL_PLAN), ...(args.only ? { sections: args.only } : {}) };
  // in Node, before any browser starts; alone (`--only sweep`) it needs no build or browser at all
  const sweep = plan.sections.has('sweep') ? sweepFigures(await measureSweep(plan, log)) : null;
  if (args.only && [...args.only].every((section) => section === 'sweep')) {
    console.log(sweepText(sweep));
    return 0;
  }
  const stale = staleReason(args.outDir);
  if (stale && args.build) {
    log(`building ${args.outDir}/ (${stale}) ...`);
    build(args.outDir);
  } else if (stale) {
    log(`warning: measuring a stale build (${stale})`);
  }
  const sizes = bundleSizes(args.outDir);
  const loadAtStart = load();
  const started = Date.now();
  const server = await startPreview(args.outDir);
  log(`serving ${args.outDir}/ at ${server.baseUrl}; load average ${loadAtStart} on ${cpus().length} cores`);
  let raw: Awaited<ReturnType<typeof runSections>>;
  try {
    raw = await runSections(server.baseUrl, plan, log);
  } finally {
    await server.stop();
  }
  const adapter = raw.adapter
    ? `${[raw.adapter.vendor, raw.adapter.architecture].filter(Boolean).join(' ')}${raw.adapter.isFallbackAdapter ? ' (software fallback)' : ''}`
    : 'none';
  const date = new Date().toISOString();
  const command = `npm run bench${args.quick ? ' -- --quick' : ''}`;
  const results = buildResults(raw, sizes, plan, describeMachine(raw.browser, adapter, loadAtStart), {
    date,
    command,
    seconds: Math.round((Date.now() - started) / 1000),
    sweep,
  });
  console.log(textTable(results));
  if (args.only) return 0; // a partial run must not replace the committed results
  mkdirSync('bench', { recursive: true });
  writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync('BENCHMARKS.md', markdown(results, date.slice(0, 10), command));
  log(`\nwrote bench/results.json and BENCHMARKS.md (${Math.round((Date.now() - started) / 1000)} s)`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
