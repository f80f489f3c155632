// `npm run measure-presets`: measures the numbers the presets quote as "measured in this lab". Each preset that
// a text quotes is trained on its own link for MEASURE_SEEDS seeds (its seed and the next ones) with the engine
// of `npm run train`, and the quoted metrics at the quoted steps go to src/state/presetMeasurements.json, from
// which the texts are written (measuredQuotes.ts). tests/engine/presetNumbers.test.ts reruns each link.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import packageJson from '../../package.json' with { type: 'json' };
import { median } from '../core/median';
import {
  type LabMetric,
  MEASURE_SEEDS,
  MEASUREMENTS,
  type Measurements,
  type MetricStats,
  type PresetMeasurement,
  quoteTolerance,
  SPREAD_FACTOR,
} from '../state/measuredQuotes';
import { PRESETS, type PresetId, presetById, presetLink, presetState } from '../state/presets';
import { snapshotLine, trainSteps } from './trainSteps';

const OUTPUT = fileURLToPath(new URL('../state/presetMeasurements.json', import.meta.url));

/** What the texts quote of one preset's run: by step, by metric, the finest rounding quoted. */
type Wanted = Map<number, Map<LabMetric, number>>;

/** Every (preset, step, metric) some text quotes, with the most decimals any quote of it shows. */
function wantedByPreset(): Map<PresetId, Wanted> {
  const wanted = new Map<PresetId, Wanted>();
  for (const quote of PRESETS.flatMap((preset) => preset.measured ?? [])) {
    const steps = wanted.get(quote.preset) ?? new Map<number, Map<LabMetric, number>>();
    wanted.set(quote.preset, steps);
    const metrics = steps.get(quote.step) ?? new Map<LabMetric, number>();
    steps.set(quote.step, metrics);
    metrics.set(quote.metric, Math.max(metrics.get(quote.metric) ?? 0, quote.digits));
  }
  return wanted;
}

/** Trains one preset's link for every seed and gathers the wanted metrics. */
async function measure(id: PresetId, wanted: Wanted): Promise<PresetMeasurement> {
  const config = presetState(presetById(id)).config;
  const seeds = Array.from({ length: MEASURE_SEEDS }, (_, i) => config.seed + i);
  const steps = Math.max(...wanted.keys());
  const values = new Map<string, number[]>(); // `${step}:${metric}` -> a value per seed
  for (const seed of seeds) {
    const run = await trainSteps({ ...config, seed }, steps, { snapshotAt: [...wanted.keys()] });
    if (run.failure) throw new Error(`${id}, seed ${seed}: ${run.failure.code}: ${run.failure.message}`);
    for (const snapshot of run.snapshots) {
      const metrics = wanted.get(snapshot.step);
      if (!metrics) continue;
      const line = snapshotLine(snapshot);
      for (const metric of metrics.keys()) {
        const key = `${snapshot.step}:${metric}`;
        const value = line[metric];
        if (typeof value !== 'number')
          throw new Error(`${id}: ${metric} at step ${snapshot.step} is ${value}`);
        values.set(key, [...(values.get(key) ?? []), value]);
      }
    }
    console.error(`${id}: seed ${seed}, ${steps} steps in ${run.seconds.toFixed(1)} s`);
  }
  const at: Record<string, Partial<Record<LabMetric, MetricStats>>> = {};
  for (const [step, metrics] of wanted) {
    const row: Partial<Record<LabMetric, MetricStats>> = {};
    for (const [metric, digits] of metrics) {
      const seen = values.get(`${step}:${metric}`) ?? [];
      if (seen.length !== seeds.length) throw new Error(`${id}: no ${metric} at step ${step}`);
      const min = Math.min(...seen);
      const max = Math.max(...seen);
      row[metric] = {
        values: seen,
        median: median(seen),
        min,
        max,
        tolerance: quoteTolerance({ min, max }, digits),
      };
    }
    at[String(step)] = row;
  }
  return { link: presetLink(presetById(id)), seeds, steps, at };
}

/**
 * The presets to measure: all, or those `--only id,id` names (the others keep the file's measurements, so a new
 * preset is measured without rerunning the rest). An unknown id is an error, not a silent skip.
 */
function onlyOption(argv: readonly string[]): Set<PresetId> | null {
  const at = argv.indexOf('--only');
  if (at < 0) return null;
  const ids = (argv[at + 1] ?? '').split(',').filter(Boolean);
  const known = new Set<string>(PRESETS.map((preset) => preset.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (ids.length === 0 || unknown.length > 0)
    throw new Error(`invalid --only: ${unknown.join(',') || 'empty'}`);
  return new Set(ids as PresetId[]);
}

async function main(): Promise<void> {
  const started = performance.now();
  const only = onlyOption(process.argv.slice(2));
  const presets: Partial<Record<PresetId, PresetMeasurement>> = {};
  for (const [id, wanted] of wantedByPreset()) {
    const kept = only && !only.has(id) ? MEASUREMENTS.presets[id] : undefined;
    presets[id] = kept ?? (await measure(id, wanted));
  }
  const backend = (await trainSteps(presetState(presetById('measured-setup')).config, 0)).backendReason;
  const file: Measurements = {
    about:
      'The numbers the presets quote as measured in this lab: each preset link trained in Node with the engine ' +
      'of `npm run train`, for `seeds`, and the quoted metrics at each quoted step over those seeds.',
    command: 'npm run measure-presets',
    rule:
      `A test reruns each link on its first seed and holds every quote to [quoted low - tolerance, quoted high + ` +
      `tolerance], tolerance = ${SPREAD_FACTOR} x (max - min over the seeds) + half a unit of the last digit quoted.`,
    spreadFactor: SPREAD_FACTOR,
    lab: { version: packageJson.version, backend, node: process.version },
    measuredOn: new Date().toISOString().slice(0, 10),
    seconds: Math.round((performance.now() - started) / 1000),
    presets,
  };
  writeFileSync(OUTPUT, `${JSON.stringify(file, null, 2)}\n`);
  console.error(`wrote ${OUTPUT} in ${file.seconds} s`);
}

await main();
