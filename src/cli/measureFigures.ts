// `npm run measure-figures [-- --only id,id | --verdicts]`: runs every paper figure's sweep in Node (the runner and engine of
// `npm run sweep -- --figure NAME`) and writes src/state/figureResults.json: per figure its plan as links, its
// verdict, and per job the end-of-run scalars and a few at step 0. The page shows them beside the papers' numbers
// without running first; tests/engine/figures.test.ts holds the verdicts and a rerun to them.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import packageJson from '../../package.json' with { type: 'json' };
import {
  describedConfigs,
  describePlan,
  FIGURE_RESULTS,
  type FigureResultsFile,
  STORED_COLUMNS,
  type StoredFigure,
  storedFigure,
  storedResults,
  storedStarts,
} from '../state/figureResults';
import { FIGURE_IDS, type FigureId, figureById } from '../state/figures';
import { SWEEP_CSV_FIRST } from '../state/sweepSummary';
import { runPlan, stderrProgress } from './sweepNode';

const OUTPUT = fileURLToPath(new URL('../state/figureResults.json', import.meta.url));
const BIOME = fileURLToPath(new URL('../../node_modules/@biomejs/biome/bin/biome', import.meta.url));

/** The figures to measure: all, or those `--only id,id` names (the others keep the file's results). */
function onlyOption(argv: readonly string[]): Set<FigureId> | null {
  const at = argv.indexOf('--only');
  if (at < 0) return null;
  const ids = (argv[at + 1] ?? '').split(',').filter(Boolean);
  const unknown = ids.filter((id) => !(FIGURE_IDS as readonly string[]).includes(id));
  if (ids.length === 0 || unknown.length > 0)
    throw new Error(`invalid --only: ${unknown.join(',') || 'empty'}`);
  return new Set(ids as FigureId[]);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const only = onlyOption(argv);
  // --verdicts: the verdicts (their texts) rewritten from the committed results, nothing trained
  const verdictsOnly = argv.includes('--verdicts');
  const figures: Partial<Record<FigureId, StoredFigure>> = {};
  // the columns of figures kept from the file must be those of the ones measured now
  const columns = STORED_COLUMNS;
  if ((only || verdictsOnly) && FIGURE_RESULTS.columns.join() !== columns.join())
    throw new Error('the stored columns changed: measure every figure (no --only or --verdicts)');
  const startColumns = [...SWEEP_CSV_FIRST];
  let backend = FIGURE_RESULTS.lab.backend;
  for (const id of FIGURE_IDS) {
    const kept = FIGURE_RESULTS.figures[id];
    if (kept && verdictsOnly) {
      // the same experiments (labels may change: they are for people); otherwise it needs measuring again
      const figure = figureById(id);
      const { plan } = figure;
      const same =
        JSON.stringify(describedConfigs(kept.plan)) === JSON.stringify(plan.runs.map((run) => run.config)) &&
        kept.plan.seeds === plan.seeds &&
        kept.plan.steps === plan.steps;
      if (!same) throw new Error(`${id}: its plan changed since it was measured: run without --verdicts`);
      figures[id] = {
        ...kept,
        plan: describePlan(plan),
        verdict: figure.verdict(storedResults(id), storedStarts(id)),
      };
      continue;
    }
    if (kept && only && !only.has(id)) {
      figures[id] = kept;
      continue;
    }
    const figure = figureById(id);
    const run = await runPlan(figure.plan, stderrProgress(figure.plan, id));
    if (run.failures.length > 0) throw new Error(`${id}: ${run.failures.join('; ')}`);
    backend = String(run.results[0]?.scalars.backend ?? backend);
    const verdict = figure.verdict(run.results, run.starts);
    figures[id] = storedFigure(figure.plan, run, verdict, columns, startColumns);
    console.error(`${id}: ${run.seconds.toFixed(1)} s; reproduced: ${verdict.reproduced}\n  ${verdict.text}`);
  }
  const file: FigureResultsFile = {
    about:
      'The lab’s own results of every paper figure (src/state/figures.ts): each plan trained in Node with the ' +
      'engine of `npm run train` (tf.js wasm), per job the end-of-run scalars of `npm run train -- --json` ' +
      '(in `columns` order, 5 significant digits) and a few at step 0 (`startColumns`), and the verdict they gave.',
    command: 'npm run measure-figures',
    lab: verdictsOnly ? FIGURE_RESULTS.lab : { version: packageJson.version, backend, node: process.version },
    measuredOn: verdictsOnly ? FIGURE_RESULTS.measuredOn : new Date().toISOString().slice(0, 10),
    columns,
    startColumns,
    figures,
  };
  // written compact, then laid out by the repository's formatter (number rows filled to the line width)
  writeFileSync(OUTPUT, JSON.stringify(file));
  const format = spawnSync(process.execPath, [BIOME, 'format', '--write', OUTPUT], { encoding: 'utf8' });
  if (format.status !== 0) console.error(`could not format ${OUTPUT}: ${format.stderr}`);
  console.error(`wrote ${OUTPUT}`);
}

await main();
