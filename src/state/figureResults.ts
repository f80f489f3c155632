// The lab's own results of every paper figure, measured in Node by `npm run measure-figures` and committed
// (figureResults.json), so the page can show them beside the paper's numbers without running first. Per figure:
// its plan as links (to tell when the experiment changed), and per job the end-of-run scalars of
// `npm run train -- --json` and a few at step 0; never the display embeddings (the file stays small).
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../protocol/config';
import type { SweepPlan, SweepResult } from '../protocol/sweep';
import { FIGURE_IDS, type FigureId } from './figureIds';
import type { FigureVerdict } from './figureKit';
import data from './figureResults.json';
import { CONFIG_ENTRIES, type ConfigEntry, DEFAULT_VIEW_CONFIG, entryForKey, formatValue } from './schema';
import { SWEEP_CSV_FIRST } from './sweepSummary';
import { parseLink, serializeLink } from './url';

/** A plan as links: the first run's whole experiment, and each run's fields that differ from it. */
export interface PlanDescription {
  /** the first run's share link (hash form) */
  readonly base: string;
  /** per run: its label and its differing fields as `key=value&...` ('' for the first) */
  readonly runs: readonly { readonly label: string; readonly changes: string }[];
  readonly seeds: number;
  readonly steps: number;
}

/** One job's numbers, in the file's column orders. */
export interface StoredJob {
  readonly run: number;
  readonly seed: number;
  /** wall time of its training in Node, s */
  readonly seconds: number;
  /** the end-of-run scalars, in `columns` order (null where not measured) */
  readonly end: readonly (number | null)[];
  /** the step-0 scalars, in `startColumns` order */
  readonly start: readonly (number | null)[];
}

/** One figure's committed run. */
export interface StoredFigure {
  readonly plan: PlanDescription;
  /** wall time of the whole figure in Node, s */
  readonly seconds: number;
  /** the verdict the figure gave on these results when they were measured */
  readonly verdict: FigureVerdict;
  readonly jobs: readonly StoredJob[];
}

/** figureResults.json. */
export interface FigureResultsFile {
  readonly about: string;
  readonly command: string;
  readonly lab: { readonly version: string; readonly backend: string; readonly node: string };
  readonly measuredOn: string;
  /** the scalars stored at each job's end (STORED_COLUMNS when measured) */
  readonly columns: readonly string[];
  /** the scalars stored at each job's step 0 */
  readonly startColumns: readonly string[];
  readonly figures: { readonly [id in FigureId]?: StoredFigure };
}

/** The committed results (type-checked against the JSON). */
export const FIGURE_RESULTS: FigureResultsFile = data as FigureResultsFile;

/**
 * The end-of-run scalars stored, of those `npm run train -- --json` prints: what the figures plot and judge and
 * the CSV's first columns. Left out: the machine's (steps_per_s, backend), the config's (tau, batch_rows,
 * candidates) and the filter's precision and recall (null without the filter), so every stored number is a
 * number and each job's row stays a line or two of the formatted file.
 */
export const STORED_COLUMNS: readonly string[] = [
  ...SWEEP_CSV_FIRST,
  'hardest_weight',
  'fn_share',
  'fn_weight',
  'fn_count',
  'effective_rank',
];

/** Significant digits stored: the file stays small; the verdicts and tests read 2 to 4. */
const DIGITS = 5;

const EMPTY_DISPLAY = { dim: 0, embeddings: new Float32Array(0), labels: new Int32Array(0) };

/** A plan's description as links. */
export function describePlan(plan: SweepPlan): PlanDescription {
  const first = plan.runs[0]?.config ?? DEFAULT_TRAIN_CONFIG;
  return {
    base: serializeLink({ config: first, view: DEFAULT_VIEW_CONFIG }),
    runs: plan.runs.map((run) => ({
      label: run.label,
      changes: CONFIG_ENTRIES.filter(
        (entry) => formatValue(entry, run.config[entry.field]) !== formatValue(entry, first[entry.field]),
      )
        .map((entry) => `${entry.key}=${encodeURIComponent(formatValue(entry, run.config[entry.field]))}`)
        .join('&'),
    })),
    seeds: plan.seeds,
    steps: plan.steps,
  };
}

/** The experiments a description stands for, one per run (links read as the page reads them). */
export function describedConfigs(description: PlanDescription): TrainConfig[] {
  const base = parseLink(description.base).state.config;
  return description.runs.map(({ changes }) => {
    const config: Record<string, unknown> = { ...base };
    for (const pair of changes.split('&').filter(Boolean)) {
      const [key = '', text = ''] = pair.split('=');
      const entry = entryForKey(key) as ConfigEntry;
      const parsed = entry.codec.parse(decodeURIComponent(text));
      if (!parsed.ok) throw new Error(`invalid stored change: ${pair}`);
      config[entry.field] = parsed.value;
    }
    return config as unknown as TrainConfig;
  });
}

const rounded = (value: number | string | null | undefined): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? Number(value.toPrecision(DIGITS)) : null;

/** A figure's run as the file stores it. */
export function storedFigure(
  plan: SweepPlan,
  run: {
    readonly results: readonly SweepResult[];
    readonly starts: readonly SweepResult[];
    readonly seconds: number;
  },
  verdict: FigureVerdict,
  columns: readonly string[],
  startColumns: readonly string[],
): StoredFigure {
  const startOf = (result: SweepResult) =>
    run.starts.find((start) => start.run === result.run && start.seed === result.seed);
  return {
    plan: describePlan(plan),
    seconds: Math.round(run.seconds),
    verdict,
    jobs: run.results.map((result) => ({
      run: result.run,
      seed: result.seed,
      seconds: Number(result.seconds.toFixed(2)),
      end: columns.map((key) => rounded(result.scalars[key])),
      start: startColumns.map((key) => rounded(startOf(result)?.scalars[key])),
    })),
  };
}

/** A figure's committed record, or null when it was never measured. */
export function storedFigureOf(id: FigureId): StoredFigure | null {
  return FIGURE_RESULTS.figures[id] ?? null;
}

function asResults(
  id: FigureId,
  pick: (job: StoredJob) => readonly (number | null)[],
  columns: readonly string[],
) {
  const stored = storedFigureOf(id);
  if (!stored) return [];
  return stored.jobs.map(
    (job): SweepResult => ({
      run: job.run,
      seed: job.seed,
      scalars: Object.fromEntries(columns.map((key, k) => [key, pick(job)[k] ?? null])),
      display: EMPTY_DISPLAY,
      seconds: job.seconds,
    }),
  );
}

/** A figure's committed end-of-run results (display empty, as measured by `npm run measure-figures`); [] if none. */
export function storedResults(id: FigureId): SweepResult[] {
  return asResults(id, (job) => job.end, FIGURE_RESULTS.columns);
}

/** A figure's committed step-0 measurements, one per job (display empty); [] if none. */
export function storedStarts(id: FigureId): SweepResult[] {
  return asResults(id, (job) => job.start, FIGURE_RESULTS.startColumns);
}

/** The figures with committed results, in FIGURE_IDS order. */
export const STORED_FIGURE_IDS: readonly FigureId[] = FIGURE_IDS.filter((id) => FIGURE_RESULTS.figures[id]);
