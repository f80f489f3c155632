// The share link: LabState <-> `v=1&seed=1&dataset=clusters&...`. Reading never throws: a link is input
// from people, so every problem becomes a plain-text warning and a valid value (clamped, rounded or the
// default). Writing puts every TrainConfig field in the link, so a link keeps its experiment even when the
// defaults change later; view fields are written only when they differ from their defaults.

import {
  type AnyEntry,
  buildConfig,
  buildView,
  clip,
  entryForKey,
  type FieldCodec,
  formatValue,
  type Issue,
  type LabState,
  quote,
  SCHEMA,
  SCHEMA_VERSION,
  showValue,
  stateProblems,
  VERSION_KEY,
  valueIn,
} from './schema';

/** A problem found in a link, shown as plain text. `field` is the link key it concerns ('' for the whole link). */
export interface LinkWarning {
  readonly field: string;
  readonly message: string;
}

/** Longest link read, in UTF-16 code units; a longer one is refused whole (it is no lab link). */
export const MAX_LINK_LENGTH = 8192;
/** Most warnings returned; the rest are counted in one last warning, so a junk link cannot flood the page. */
export const MAX_WARNINGS = 64;

/** Rewrites a link's fields from version k to version k + 1 (pure; keys not yet checked). */
export type Migration = (params: ReadonlyMap<string, string>) => Map<string, string>;

/** Link migrations by the version they upgrade from. Empty: version 1 is the first format. */
export const MIGRATIONS: ReadonlyMap<number, Migration> = new Map();

/** Options of parseLink; tests pass fabricated migrations. */
export interface ParseLinkOptions {
  readonly migrations?: ReadonlyMap<number, Migration>;
}

/** What readField needs of a field: its key, default and codec (a table row, or a CLI-only field). */
export interface ReadableField<T> {
  readonly key: string;
  readonly default: T;
  readonly codec: FieldCodec<T>;
}

/**
 * The one per-field reading shared by the link (issues become warnings) and the CLI (issues become errors):
 * a valid value always, and what was not taken as written.
 */
export function readField<T>(field: ReadableField<T>, text: string): { value: T; issues: Issue[] } {
  const parsed = field.codec.parse(text);
  if (parsed.ok) return { value: parsed.value, issues: [...parsed.issues] };
  const fix = `using the default ${showValue(field, field.default)}`;
  return { value: field.default, issues: [{ problem: parsed.problem, fix }] };
}

/** One issue as a link warning: `tau: 1e9 is above the maximum 10000; using 10000`. */
export function issueMessage(key: string, issue: Issue): string {
  return `${key}: ${issue.problem}; ${issue.fix}`;
}

interface WarningList {
  add(field: string, message: string): void;
  list(): LinkWarning[];
}

function warningList(): WarningList {
  const warnings: LinkWarning[] = [];
  let dropped = 0;
  return {
    add(field, message) {
      if (warnings.length < MAX_WARNINGS) warnings.push({ field, message });
      else dropped += 1;
    },
    list: () =>
      dropped === 0 ? warnings : [...warnings, { field: '', message: `${dropped} more problems not shown` }],
  };
}

// A scheme (`https:`, `localhost:`) or a path start means a URL without a query, not a bare `tau=...` query.
const URL_START = /^(?:[a-z][a-z\d+.-]*:|[/.])/i;

/** The query and hash parts of a URL, hash or query string, in that order (so the hash wins as the later). */
function linkParts(input: string): [string, string] {
  const hashAt = input.indexOf('#');
  const head = hashAt < 0 ? input : input.slice(0, hashAt);
  const hash = hashAt < 0 ? '' : input.slice(hashAt + 1);
  const queryAt = head.indexOf('?');
  if (queryAt >= 0) return [head.slice(queryAt + 1), hash];
  return [URL_START.test(head) ? '' : head, hash];
}

/** A key as named in a warning: a table key bare, anything else clipped and quoted (it may hold any text). */
function keyLabel(key: string): string {
  return key === VERSION_KEY || entryForKey(key) !== undefined ? key : quote(key);
}

function decode(text: string): string | null {
  try {
    // No '+' -> space: the hash is not form-encoded, and `1e+3` should stay a number.
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** Decoded key -> value, last occurrence wins (each repeat warned); pairs that do not decode are dropped. */
function collectParams(input: string, warnings: WarningList): Map<string, string> {
  const params = new Map<string, string>();
  const times = new Map<string, number>();
  for (const part of linkParts(input)) {
    for (const pair of part.split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const key = decode(eq < 0 ? pair : pair.slice(0, eq));
      const value = decode(eq < 0 ? '' : pair.slice(eq + 1));
      if (key === null || value === null) {
        const field = key === null ? '' : clip(key);
        const prefix = key === null ? '' : `${keyLabel(key)}: `;
        warnings.add(field, `${prefix}malformed percent-encoding in ${quote(pair)}; ignored`);
        continue;
      }
      times.set(key, (times.get(key) ?? 0) + 1);
      params.set(key, value);
    }
  }
  for (const [key, count] of times) {
    if (count < 2) continue;
    const last = quote(params.get(key) ?? '');
    warnings.add(clip(key), `${keyLabel(key)}: given ${count} times; using the last, ${last}`);
  }
  return params;
}

/** Brings a link's fields to SCHEMA_VERSION; `v` is removed. A newer link is read as far as it goes. */
function migrate(
  params: Map<string, string>,
  migrations: ReadonlyMap<number, Migration>,
  warnings: WarningList,
): ReadonlyMap<string, string> {
  const text = params.get(VERSION_KEY);
  params.delete(VERSION_KEY);
  if (text === undefined) return params;
  const v = VERSION_KEY;
  if (!/^\d{1,15}$/.test(text)) {
    warnings.add(
      v,
      `${v}: ${quote(text)} is not a version number; reading the link as version ${SCHEMA_VERSION}`,
    );
    return params;
  }
  const version = Number(text);
  if (version > SCHEMA_VERSION) {
    warnings.add(
      v,
      `${v}: version ${version} is newer than this lab's ${SCHEMA_VERSION}; reading the fields it knows`,
    );
    return params;
  }
  let current: ReadonlyMap<string, string> = params;
  for (let from = version; from < SCHEMA_VERSION; from += 1) {
    const step = migrations.get(from);
    if (step) current = step(current);
    else warnings.add(v, `${v}: no migration from version ${from}; reading it as version ${from + 1}`);
  }
  return current;
}

/**
 * Reads a full URL, a hash (`#tau=0.05`) or a query (`?tau=0.05`, `tau=0.05`); query and hash are both read
 * and the hash wins. Never throws: every problem is a warning and every value is valid.
 */
export function parseLink(
  input: string,
  options: ParseLinkOptions = {},
): { state: LabState; warnings: LinkWarning[] } {
  const warnings = warningList();
  let params: ReadonlyMap<string, string> = new Map();
  if (input.length > MAX_LINK_LENGTH) {
    const size = `link is ${input.length} characters, over the limit of ${MAX_LINK_LENGTH}`;
    warnings.add('', `${size}; ignored, using defaults`);
  } else {
    // Trimmed because pasted links often bring a newline or spaces along.
    params = migrate(collectParams(input.trim(), warnings), options.migrations ?? MIGRATIONS, warnings);
  }
  const read = (entry: AnyEntry): unknown => {
    const written = params.get(entry.key);
    if (written === undefined) return entry.default;
    const { value, issues } = readField<unknown>(entry, written);
    for (const issue of issues) warnings.add(entry.key, issueMessage(entry.key, issue));
    return value;
  };
  const state: LabState = { config: buildConfig(read), view: buildView(read) };
  for (const key of params.keys()) {
    if (entryForKey(key) === undefined) warnings.add(clip(key), `unknown field ${keyLabel(key)} ignored`);
  }
  return { state, warnings: warnings.list() };
}

// encodeURIComponent also escapes ',' and ':', which are safe in a hash and keep `hide=play,step` and
// `sweep=tau:0.01,0.05` readable.
function encodeValue(text: string): string {
  return encodeURIComponent(text).replaceAll('%2C', ',').replaceAll('%3A', ':');
}

/** The link hash (no leading `#`): `v` first, every TrainConfig field, then view fields that differ from defaults. */
export function serializeLink(state: LabState): string {
  const problems = stateProblems(state);
  if (problems.length > 0) throw new Error(`invalid state: ${problems.join('; ')}`);
  const pairs = [`${VERSION_KEY}=${SCHEMA_VERSION}`];
  for (const entry of SCHEMA) {
    const text = formatValue(entry, valueIn(entry, state));
    if (entry.scope === 'view' && text === formatValue(entry, entry.default)) continue;
    pairs.push(`${entry.key}=${encodeValue(text)}`);
  }
  return pairs.join('&');
}

/**
 * `baseUrl` without its query and hash, plus `#` and the state's link. The query goes too: the page moves a
 * link's query into the hash on load, and a stale one left in a shared link would clash with the hash.
 */
export function linkForState(baseUrl: string, state: LabState): string {
  const end = baseUrl.search(/[?#]/);
  return `${end < 0 ? baseUrl : baseUrl.slice(0, end)}#${serializeLink(state)}`;
}
