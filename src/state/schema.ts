// The one table of the lab's fields: for every TrainConfig field and every page-only view field, its short
// link key (also the CLI flag), codec (text <-> value), default, allowed range and effect. Ranges come from
// FIELD_SPECS and defaults from DEFAULT_TRAIN_CONFIG; nothing here restates them. The link (url.ts), the CLI
// (cliArgs.ts) and the UI read fields through this table only.

import { DEFAULT_TRAIN_CONFIG, FIELD_EFFECTS, type FieldEffect, type TrainConfig } from '../protocol/config';
import { FIELD_SPECS, type FieldSpec, fieldProblem } from '../protocol/fields';
import { MAX_SWEEP_SEEDS } from '../protocol/sweep';
import { FIGURE_IDS, type FigureId } from './figureIds';
import { formatSweep, parseSweepText } from './sweepSpec';

/** Version of the link format written by serializeLink; older links are migrated (url.ts). */
export const SCHEMA_VERSION = 1;
/** Link key of the schema version, written first in every link. */
export const VERSION_KEY = 'v';

/**
 * The link key of each TrainConfig field, in link order (object literal order). `satisfies` makes the
 * compiler reject a missing or extra field, so a new TrainConfig field cannot be forgotten here.
 */
export const CONFIG_LINK_KEYS = {
  seed: 'seed',
  dataset: 'dataset',
  classes: 'classes',
  inputDim: 'indim',
  separation: 'sep',
  noise: 'noise',
  loss: 'loss',
  tau: 'tau',
  batch: 'batch',
  dropout: 'dropout',
  sameMask: 'same',
  lr: 'lr',
  dim: 'dim',
  hidden: 'hidden',
  backend: 'backend',
  hardNegativeWeight: 'hnw',
  margin: 'margin',
  mining: 'mining',
  tauPlus: 'tplus',
  beta: 'beta',
  negatives: 'neg',
  queueSize: 'queue',
  momentum: 'momentum',
  pick: 'pick',
  pickK: 'k',
  alpha: 'alpha',
  mochi: 'mochi',
  mochiQuery: 'mochiq',
  mochiHardest: 'mochin',
  skew: 'skew',
  logQ: 'logq',
  towers: 'towers',
  falseNegatives: 'fn',
  perc: 'perc',
  labels: 'labels',
  pool: 'pool',
  layers: 'layers',
  heads: 'heads',
  width: 'width',
  maxLen: 'maxlen',
  dup: 'dup',
  dupRate: 'duprate',
} as const satisfies { readonly [K in keyof TrainConfig]: string };

/** Link key (and CLI flag) of a TrainConfig field. */
export type ConfigLinkKey = (typeof CONFIG_LINK_KEYS)[keyof TrainConfig];

/** Controls that `hide` can name: every config field's control plus the run controls. */
export const CONTROL_IDS = [
  ...(Object.values(CONFIG_LINK_KEYS) as ConfigLinkKey[]),
  'play',
  'step',
  'reset',
  'speed',
  'share',
  'presets',
] as const;
/** Id of a control the page can hide. */
export type ControlId = (typeof CONTROL_IDS)[number];

/** Charts that `embed` can show alone. */
export const CHART_IDS = [
  'hypersphere',
  'forces',
  'negative-weights',
  'similarity',
  'metrics',
  'align-uniform',
  'similarity-histogram',
  'length-bias',
] as const;
/** Id of a chart. */
export type ChartId = (typeof CHART_IDS)[number];

/** Page-only settings: they change what is shown, never what is trained. */
export interface ViewConfig {
  /** controls to hide, no repeats, in the order written */
  readonly hide: readonly ControlId[];
  /** show only this chart (for embedding), or null for the full page */
  readonly embed: ChartId | null;
  /** row of the current batch whose forces are shown; the page clamps it to the rows it has */
  readonly anchor: number;
  /** cap on training steps per second; 0 = unlimited */
  readonly speed: number;
  /** the similarity matrix's row order: the loss's own [a, a', b, b', ...], or pairs grouped by class */
  readonly order: MatrixOrder;
  /** the size of the charts' axis text and captions: normal, or large for a projector */
  readonly text: TextSize;
  /** a sweep of one field in its link form (`tau:0.01,0.05,0.2`, sweepSpec.ts), or null for none */
  readonly sweep: string | null;
  /** seeds each configuration of the sweep is trained with (1 to MAX_SWEEP_SEEDS) */
  readonly seeds: number;
  /** training steps of each job of the sweep */
  readonly steps: number;
  /** a paper figure to reproduce (its own plan; it takes precedence over `sweep`), or null */
  readonly figure: FigureId | null;
}

/** Row orders of the similarity matrix. */
export const MATRIX_ORDERS = ['pairs', 'class'] as const;
/** A row order of the similarity matrix. */
export type MatrixOrder = (typeof MATRIX_ORDERS)[number];

/** Text sizes of the page: `large` scales axis labels and captions for a room (a projector). */
export const TEXT_SIZES = ['normal', 'large'] as const;
/** A text size of the page. */
export type TextSize = (typeof TEXT_SIZES)[number];

/** Most steps a sweep's job may be asked for in a link. */
export const MAX_SWEEP_STEPS = 5000;

/**
 * The full page, nothing hidden, first row as anchor, unlimited speed, the loss's own row order; no sweep (its
 * panel offers one seed and 500 steps).
 */
export const DEFAULT_VIEW_CONFIG: ViewConfig = {
  hide: [],
  embed: null,
  anchor: 0,
  speed: 0,
  order: 'pairs',
  text: 'normal',
  sweep: null,
  seeds: 1,
  steps: 500,
  figure: null,
};

/** Everything a link carries: the experiment and how the page shows it. */
export interface LabState {
  readonly config: TrainConfig;
  readonly view: ViewConfig;
}

/** The state of a link with no fields. */
export const DEFAULT_LAB_STATE: LabState = { config: DEFAULT_TRAIN_CONFIG, view: DEFAULT_VIEW_CONFIG };

/** Something in a field's text that was not taken as written, and what was done instead. */
export interface Issue {
  readonly problem: string;
  readonly fix: string;
}

/** A codec's reading of text: a valid value (possibly adjusted, with issues) or no value at all. */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T; readonly issues: readonly Issue[] }
  | { readonly ok: false; readonly problem: string };

/** Text <-> value for one field. `parse` never throws and only ever yields valid values. */
export interface FieldCodec<T> {
  parse(text: string): Parsed<T>;
  /** Text that `parse` reads back as exactly `value`, with no issues. */
  format(value: T): string;
  /** The allowed values, for people (usage text, tooltips). */
  readonly range: string;
}

/** One row of the table. `S` says which object of LabState the field lives in. */
export interface SchemaEntry<S extends keyof LabState, F extends string, T> {
  readonly key: string;
  readonly scope: S;
  readonly field: F;
  readonly default: T;
  readonly effect: FieldEffect | 'view';
  readonly codec: FieldCodec<T>;
  /** Why `value` is not allowed, or null when it is (programmer-error checks and tests). */
  readonly problem: (value: unknown) => string | null;
}

/** A row for a TrainConfig field. */
export type ConfigEntry = {
  [K in keyof TrainConfig]: SchemaEntry<'config', K, TrainConfig[K]>;
}[keyof TrainConfig];
/** A row for a page-only field (effect `view`). */
export type ViewEntry = { [K in keyof ViewConfig]: SchemaEntry<'view', K, ViewConfig[K]> }[keyof ViewConfig];
/** Any row of the table. */
export type AnyEntry = ConfigEntry | ViewEntry;

type NumberSpec = Extract<FieldSpec, { kind: 'number' }>;

const MAX_QUOTED = 40;

/** Text a person wrote, cut to ~40 characters (whole code points) so a warning stays short. */
export function clip(text: string): string {
  const chars = Array.from(text.slice(0, 2 * MAX_QUOTED + 2));
  return chars.length > MAX_QUOTED ? `${chars.slice(0, MAX_QUOTED).join('')}...` : chars.join('');
}

/** Text a person wrote, clipped and quoted; JSON quoting makes control characters visible. */
export function quote(text: string): string {
  return JSON.stringify(clip(text));
}

// Decimal numbers only: Number() alone would take '', ' 1 ', '0x10' and '1_0'. Unambiguous, so linear on
// long inputs. A '+' is literal (links are not form-encoded), so `1e+3` works.
const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Reads a decimal number, rounds it for integer specs and clamps it into range, saying what it changed. */
export function numberCodec(spec: NumberSpec): FieldCodec<number> {
  const kind = spec.integer ? 'whole number' : 'number';
  return {
    range: `${kind} in [${spec.min}, ${spec.max}]${spec.log ? ', log scale' : ''}`,
    format: (value) => String(value),
    parse(text) {
      if (!NUMBER_TEXT.test(text)) return { ok: false, problem: `${quote(text)} is not a number` };
      const written = Number(text);
      if (!Number.isFinite(written)) return { ok: false, problem: `${clip(text)} is not a finite number` };
      const issues: Issue[] = [];
      let value = written;
      if (spec.integer && !Number.isInteger(value)) {
        value = Math.round(value);
        issues.push({ problem: `${clip(text)} is not a whole number`, fix: `using ${value}` });
      }
      if (value < spec.min || value > spec.max) {
        const bound = value < spec.min ? spec.min : spec.max;
        const side = value < spec.min ? 'below the minimum' : 'above the maximum';
        issues.push({ problem: `${clip(text)} is ${side} ${bound}`, fix: `using ${bound}` });
        value = bound;
      }
      return { ok: true, value, issues };
    },
  };
}

function choiceCodec<T extends string>(options: readonly T[]): FieldCodec<T> {
  return {
    range: `one of ${options.join('|')}`,
    format: (value) => value,
    parse: (text) =>
      options.includes(text as T)
        ? { ok: true, value: text as T, issues: [] }
        : { ok: false, problem: `${quote(text)} is not one of ${options.join(', ')}` },
  };
}

// Booleans are written 1/0 (short links); true/false are accepted because people type them.
const BOOLEAN_TEXT = new Map([
  ['1', true],
  ['true', true],
  ['0', false],
  ['false', false],
]);

const booleanCodec: FieldCodec<boolean> = {
  range: '1 or 0 (true and false are read too)',
  format: (value) => (value ? '1' : '0'),
  parse(text) {
    const value = BOOLEAN_TEXT.get(text.toLowerCase());
    return value === undefined
      ? { ok: false, problem: `${quote(text)} is not 1, 0, true or false` }
      : { ok: true, value, issues: [] };
  },
};

/** Layer widths joined by `-` (`128-64`; empty = none); each width is read like an integer field. */
function listCodec(spec: Extract<FieldSpec, { kind: 'list' }>): FieldCodec<readonly number[]> {
  const width = numberCodec({ kind: 'number', min: spec.min, max: spec.max, integer: true });
  return {
    range: `${spec.minLength} to ${spec.maxLength} whole numbers in [${spec.min}, ${spec.max}] joined by "-"`,
    format: (value) => value.join('-'),
    parse(text) {
      const parts = text === '' ? [] : text.split('-');
      if (parts.length < spec.minLength || parts.length > spec.maxLength) {
        return {
          ok: false,
          problem: `${quote(text)} has ${parts.length} layers, not ${spec.minLength} to ${spec.maxLength}`,
        };
      }
      const value: number[] = [];
      const issues: Issue[] = [];
      for (const [i, part] of parts.entries()) {
        const read = width.parse(part);
        if (!read.ok) return { ok: false, problem: `${quote(text)} is not widths joined by "-"` };
        value.push(read.value);
        for (const issue of read.issues)
          issues.push({ ...issue, problem: `layer ${i + 1}: ${issue.problem}` });
      }
      return { ok: true, value, issues };
    },
  };
}

/** A comma-separated set of ids; unknown ids are dropped (one issue names them), repeats are merged. */
function idSetCodec<T extends string>(options: readonly T[], noun: string): FieldCodec<readonly T[]> {
  const known = new Set<string>(options);
  return {
    range: `comma-separated ${noun}s from ${options.join('|')}`,
    format: (value) => value.join(','),
    parse(text) {
      const ids = text === '' ? [] : text.split(',').map((id) => id.trim());
      const value = [...new Set(ids.filter((id): id is T => known.has(id)))];
      const unknown = [...new Set(ids.filter((id) => !known.has(id)))];
      if (unknown.length === 0) return { ok: true, value, issues: [] };
      const shown = unknown.slice(0, 5).map(quote).join(', ');
      const more = unknown.length > 5 ? ` and ${unknown.length - 5} more` : '';
      return { ok: true, value, issues: [{ problem: `unknown ${noun} ${shown}${more}`, fix: 'dropped' }] };
    },
  };
}

/** One id, or the empty text for none. */
function optionalChoiceCodec<T extends string>(options: readonly T[]): FieldCodec<T | null> {
  const one = choiceCodec(options);
  return {
    range: `${one.range}, or empty for none`,
    format: (value) => value ?? '',
    parse: (text) => (text === '' ? { ok: true, value: null, issues: [] } : one.parse(text)),
  };
}

function codecFor(spec: FieldSpec): FieldCodec<unknown> {
  switch (spec.kind) {
    case 'number':
      return numberCodec(spec);
    case 'choice':
      return choiceCodec(spec.options);
    case 'boolean':
      return booleanCodec;
    case 'list':
      return listCodec(spec);
  }
}

function configEntry<K extends keyof TrainConfig>(field: K): SchemaEntry<'config', K, TrainConfig[K]> {
  const spec = FIELD_SPECS[field];
  return {
    key: CONFIG_LINK_KEYS[field],
    scope: 'config',
    field,
    default: DEFAULT_TRAIN_CONFIG[field],
    effect: FIELD_EFFECTS[field],
    // The spec's kind is the field's type (fields.ts's contract), so its codec yields TrainConfig[K].
    codec: codecFor(spec) as FieldCodec<TrainConfig[K]>,
    problem: (value) => fieldProblem(spec, value),
  };
}

// The anchor's upper bound depends on the live batch, so the link only asks for a safe whole number.
const ANCHOR_SPEC: NumberSpec = { kind: 'number', min: 0, max: Number.MAX_SAFE_INTEGER, integer: true };
const SPEED_SPEC: NumberSpec = { kind: 'number', min: 0, max: 1000, integer: true };
const SEEDS_SPEC: NumberSpec = { kind: 'number', min: 1, max: MAX_SWEEP_SEEDS, integer: true };
const STEPS_SPEC: NumberSpec = { kind: 'number', min: 1, max: MAX_SWEEP_STEPS, integer: true };

/** Longest problem text of a refused sweep (a link may hold thousands of bad items). */
const MAX_SWEEP_PROBLEM = 240;

/**
 * A codec built on first use. The sweep field reads through sweepSpec.ts, which imports this table in turn:
 * whichever module loads first, its functions exist by the time a link is read, but not necessarily while this
 * table is being built.
 */
function lazyCodec<T>(make: () => FieldCodec<T>): FieldCodec<T> {
  let codec: FieldCodec<T> | null = null;
  const get = () => {
    codec ??= make();
    return codec;
  };
  return {
    parse: (text) => get().parse(text),
    format: (value) => get().format(value),
    get range() {
      return get().range;
    },
  };
}

/** `key:v1,v2,...` read strictly by sweepSpec (a bad item refuses the whole list), written canonically. */
const sweepCodec: FieldCodec<string | null> = lazyCodec(() => ({
  range: 'a field key and its values, key:v1,v2,... (at most 8), or empty for none',
  format: (value) => value ?? '',
  parse(text) {
    if (text === '') return { ok: true, value: null, issues: [] };
    const parsed = parseSweepText(text);
    if (parsed.ok) return { ok: true, value: formatSweep(parsed.spec), issues: [] };
    const problem = parsed.problems.join('; ');
    return {
      ok: false,
      problem: problem.length > MAX_SWEEP_PROBLEM ? `${problem.slice(0, MAX_SWEEP_PROBLEM)}...` : problem,
    };
  },
}));

function sweepProblem(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string') return 'not a sweep text or null';
  const parsed = parseSweepText(value);
  return parsed.ok && formatSweep(parsed.spec) === value
    ? null
    : 'not a sweep in its written form key:v1,v2,...';
}

function isIdSet(options: readonly string[], value: unknown): boolean {
  return (
    Array.isArray(value) &&
    new Set(value).size === value.length &&
    value.every((id) => typeof id === 'string' && options.includes(id))
  );
}

// View fields live only in the page, so their link key is their field name.
function viewEntry<K extends keyof ViewConfig>(
  field: K,
  codec: FieldCodec<ViewConfig[K]>,
  problem: (value: unknown) => string | null,
): SchemaEntry<'view', K, ViewConfig[K]> {
  return {
    key: field,
    scope: 'view',
    field,
    default: DEFAULT_VIEW_CONFIG[field],
    effect: 'view',
    codec,
    problem,
  };
}

const VIEW_ENTRIES: readonly ViewEntry[] = [
  viewEntry('hide', idSetCodec(CONTROL_IDS, 'control'), (value) =>
    isIdSet(CONTROL_IDS, value) ? null : `not distinct ids from ${CONTROL_IDS.join(', ')}`,
  ),
  viewEntry('embed', optionalChoiceCodec(CHART_IDS), (value) =>
    value === null ? null : fieldProblem({ kind: 'choice', options: CHART_IDS }, value),
  ),
  viewEntry('anchor', numberCodec(ANCHOR_SPEC), (value) => fieldProblem(ANCHOR_SPEC, value)),
  viewEntry('speed', numberCodec(SPEED_SPEC), (value) => fieldProblem(SPEED_SPEC, value)),
  viewEntry('order', choiceCodec(MATRIX_ORDERS), (value) =>
    fieldProblem({ kind: 'choice', options: MATRIX_ORDERS }, value),
  ),
  viewEntry('text', choiceCodec(TEXT_SIZES), (value) =>
    fieldProblem({ kind: 'choice', options: TEXT_SIZES }, value),
  ),
  viewEntry('sweep', sweepCodec, sweepProblem),
  viewEntry('seeds', numberCodec(SEEDS_SPEC), (value) => fieldProblem(SEEDS_SPEC, value)),
  viewEntry('steps', numberCodec(STEPS_SPEC), (value) => fieldProblem(STEPS_SPEC, value)),
  viewEntry('figure', optionalChoiceCodec(FIGURE_IDS), (value) =>
    value === null ? null : fieldProblem({ kind: 'choice', options: FIGURE_IDS }, value),
  ),
];

/** The TrainConfig rows, in link order. */
export const CONFIG_ENTRIES: readonly ConfigEntry[] = (
  Object.keys(CONFIG_LINK_KEYS) as (keyof TrainConfig)[]
).map((field) => configEntry(field) as ConfigEntry);

/** The whole table in link order: every TrainConfig field, then the page-only fields. */
export const SCHEMA: readonly AnyEntry[] = [...CONFIG_ENTRIES, ...VIEW_ENTRIES];

const ENTRY_BY_KEY: ReadonlyMap<string, AnyEntry> = new Map(SCHEMA.map((entry) => [entry.key, entry]));
if (ENTRY_BY_KEY.size !== SCHEMA.length || ENTRY_BY_KEY.has(VERSION_KEY)) {
  throw new Error(
    `invalid schema: link keys ${SCHEMA.map((e) => e.key).join(',')} repeat or use "${VERSION_KEY}"`,
  );
}

/** The row whose link key is `key` (any untrusted text), or undefined. */
export function entryForKey(key: string): AnyEntry | undefined {
  return ENTRY_BY_KEY.get(key);
}

/** The value of a row's field in a state. */
export function valueIn(entry: AnyEntry, state: LabState): unknown {
  return entry.scope === 'config' ? state.config[entry.field] : state.view[entry.field];
}

/** The link text of a value of a row's field; the value must be valid for the row (see `problem`). */
export function formatValue(entry: AnyEntry, value: unknown): string {
  // The rows form a union, so TypeScript cannot pair a row's codec with its value's type; `problem` can.
  return (entry.codec as FieldCodec<unknown>).format(value);
}

/** A value as people read it in messages and usage text (the empty text reads "(none)"). */
export function showValue<T>(entry: { readonly codec: FieldCodec<T> }, value: T): string {
  const text = entry.codec.format(value);
  return text === '' ? '(none)' : text;
}

/** A TrainConfig built from the table's own fields only (so no untrusted key can reach the object). */
export function buildConfig(pick: (entry: ConfigEntry) => unknown): TrainConfig {
  // Each value comes from its entry's codec or default, so the object has TrainConfig's shape.
  return Object.fromEntries(
    CONFIG_ENTRIES.map((entry) => [entry.field, pick(entry)]),
  ) as unknown as TrainConfig;
}

/** A ViewConfig built from the table's own fields only. */
export function buildView(pick: (entry: ViewEntry) => unknown): ViewConfig {
  return Object.fromEntries(VIEW_ENTRIES.map((entry) => [entry.field, pick(entry)])) as unknown as ViewConfig;
}

/** Every problem of a state, as `key: reason` strings; empty when the state is valid. */
export function stateProblems(state: LabState): string[] {
  const problems: string[] = [];
  for (const entry of SCHEMA) {
    const problem = entry.problem(valueIn(entry, state));
    if (problem !== null) problems.push(`${entry.key}: ${problem}`);
  }
  return problems;
}
