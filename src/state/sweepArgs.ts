// Command-line flags of `npm run sweep`: those of `npm run train` (read by cliArgs.ts's own flag loop), where one
// config field may carry a comma list, read strictly by sweepSpec.ts (a bad item refuses the whole list, named);
// or `--figure NAME`, a paper figure's own sweep. The flags only describe the plan: nothing here trains.
import { MAX_SWEEP_SEEDS, type SweepPlan } from '../protocol/sweep';
import {
  type CliFlags,
  configOfFlags,
  experimentUsage,
  isConfigKey,
  readFlags,
  readStrict,
  stepsField,
  usageLine,
} from './cliArgs';
import { FIGURE_IDS, type FigureId, figureById } from './figures';
import { numberCodec, quote } from './schema';
import { DEFAULT_SWEEP_TEXT, parseSweepText, parseSweepValues, type SweepSpec, sweepPlan } from './sweepSpec';
import type { ReadableField } from './url';

/** Training steps of each configuration when `--steps` is not given. */
export const DEFAULT_SWEEP_STEPS = 500;

const STEPS = stepsField(DEFAULT_SWEEP_STEPS);
const SEEDS: ReadableField<number> = {
  key: 'seeds',
  default: 1,
  codec: numberCodec({ kind: 'number', min: 1, max: MAX_SWEEP_SEEDS, integer: true }),
};

/** Flags of the sweep itself (beside the config keys), all taking a value. */
const SWEEP_FLAGS = ['link', 'steps', 'seeds', 'out', 'svg', 'figure'] as const;
const SWITCHES = new Set(['help', 'json']);

/** The parsed command line. With errors, the CLI prints them and the usage, runs nothing and exits 2. */
export interface SweepArgs {
  /** what to train (null with errors, `--help` or `--figure list`) */
  readonly plan: SweepPlan | null;
  /** `--figure NAME`: the figure whose plan this is */
  readonly figure: FigureId | null;
  /** `--figure list`: print the figures and exit */
  readonly listFigures: boolean;
  /** `--out file.csv` */
  readonly out: string | null;
  /** `--svg file.svg` */
  readonly svg: string | null;
  readonly json: boolean;
  readonly help: boolean;
  readonly warnings: string[];
  readonly errors: string[];
}

/**
 * Reads argv (without node and the script). The swept field is the one config flag whose value holds a comma
 * (`hidden` writes its widths with '-', so every field can be swept); with none, DEFAULT_SWEEP_TEXT's field is
 * swept, over its `--tau` value if one is given (a sweep of one configuration), else over the default list.
 */
export function parseSweepArgs(argv: readonly string[]): SweepArgs {
  const flags = readFlags(
    argv,
    SWITCHES,
    (name) => (SWEEP_FLAGS as readonly string[]).includes(name) || isConfigKey(name),
  );
  const text = (name: string) => flags.values.get(name) ?? null;
  const result = (
    plan: SweepPlan | null,
    figure: FigureId | null = null,
    listFigures = false,
  ): SweepArgs => ({
    plan: flags.errors.length > 0 ? null : plan,
    figure,
    listFigures,
    out: text('out'),
    svg: text('svg'),
    json: flags.switches.has('json'),
    help: flags.switches.has('help'),
    warnings: flags.warnings,
    errors: flags.errors,
  });
  const figureName = text('figure');
  if (figureName === 'list') return result(null, null, true);
  if (figureName !== null) return result(figurePlan(figureName, flags), figureName as FigureId);

  const spec = sweptSpec(flags);
  // the swept key and any other list are read by sweptSpec alone: one problem is reported once
  const listed = [...flags.values.keys()].filter((key) => isList(flags, key));
  const config = configOfFlags(flags, without(flags.values, [...listed, ...(spec ? [spec.key] : [])]));
  const stepsText = text(STEPS.key);
  const steps = stepsText === null ? STEPS.default : readStrict(STEPS, stepsText, flags.errors);
  const seedsText = text(SEEDS.key);
  const seeds = seedsText === null ? SEEDS.default : readStrict(SEEDS, seedsText, flags.errors);
  return result(spec && flags.errors.length === 0 ? sweepPlan(config, spec, seeds, steps) : null);
}

/** The swept field and its values, or null with the problems in `flags.errors`. */
function sweptSpec(flags: CliFlags): SweepSpec | null {
  const lists = [...flags.values].filter(([key]) => isList(flags, key));
  if (lists.length > 1) {
    flags.errors.push(
      `only one field may have a list; ${lists.map(([key]) => `--${key}`).join(' and ')} both do`,
    );
    return null;
  }
  const [key, list] = lists[0] ?? [];
  if (key === 'seed') {
    flags.errors.push('--seed is the first seed: --seeds K trains seeds seed .. seed + K - 1');
    return null;
  }
  const fallback = parseSweepText(DEFAULT_SWEEP_TEXT);
  if (!fallback.ok) throw new Error(`invalid DEFAULT_SWEEP_TEXT: ${DEFAULT_SWEEP_TEXT}`);
  const defaultKey = fallback.spec.key;
  const parsed =
    key !== undefined && list !== undefined
      ? parseSweepValues(key, list)
      : flags.values.has(defaultKey)
        ? parseSweepValues(defaultKey, flags.values.get(defaultKey) ?? '')
        : fallback;
  if (parsed.ok) return parsed.spec;
  for (const problem of parsed.problems) flags.errors.push(`--${problem}`);
  return null;
}

/** A figure's own plan; any flag that would change its experiment is an error (its verdict reads its plan). */
function figurePlan(name: string, flags: CliFlags): SweepPlan | null {
  if (!(FIGURE_IDS as readonly string[]).includes(name)) {
    flags.errors.push(`unknown figure ${quote(name)}: one of ${FIGURE_IDS.join(', ')} (or list)`);
    return null;
  }
  const changing = [...flags.values.keys()].filter((key) => !['figure', 'out', 'svg'].includes(key));
  for (const key of changing) flags.errors.push(`--${key}: --figure runs the figure's own experiment`);
  return figureById(name as FigureId).plan;
}

/** Whether a flag is a config field given a comma list (a sweep of it). */
const isList = (flags: CliFlags, key: string) =>
  isConfigKey(key) && (flags.values.get(key) ?? '').includes(',');

function without(values: ReadonlyMap<string, string>, keys: readonly string[]): Map<string, string> {
  const copy = new Map(values);
  for (const key of keys) copy.delete(key);
  return copy;
}

/** Help text: the sweep's flags, then every config flag as in `npm run train`. */
export function sweepUsage(): string {
  return [
    'Usage: npm run sweep -- [--<key> v1,v2,...] [--<key> <value>]... [--steps <n>] [--seed <s>] [--seeds <k>]',
    '                        [--link <link>] [--out file.csv] [--svg file.svg] [--json]',
    '       npm run sweep -- --figure <name> [--out file.csv] [--svg file.svg] [--json]',
    '       npm run sweep -- --figure list',
    '',
    'Trains one configuration per value of the one field given a comma list (default',
    `${DEFAULT_SWEEP_TEXT}), each for the same steps from the same seeds, in Node; prints a summary table.`,
    '',
    '  --<key> v1,v2,...  the swept field and its values (at most 8), each read strictly',
    usageLine('--steps <n>', STEPS.codec.range, String(STEPS.default)),
    usageLine('--seeds <k>', SEEDS.codec.range, `${SEEDS.default}: seeds seed .. seed + k - 1`),
    '  --link <link>      a share link: the experiment the other flags change',
    '  --out <file.csv>   write every run and seed as CSV',
    '  --svg <file.svg>   write each metric against the swept value (mean, min to max over seeds)',
    `  --figure <name>    a paper figure's own sweep and its verdict: ${FIGURE_IDS.join(', ')}`,
    '  --json             print one JSON line per result (and the figure verdict) instead of the table',
    '  --help, -h         print this help',
    '',
    ...experimentUsage(),
  ].join('\n');
}
