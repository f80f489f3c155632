// Command-line flags of `npm run train`: the link's keys as `--key value` (or `--key=value`), read by the
// link's own per-field reader. Unlike a link, the CLI is strict: any value it would have to adjust is an error.

import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../protocol/config';
import { buildConfig, CONFIG_ENTRIES, clip, entryForKey, numberCodec, quote, showValue } from './schema';
import { parseLink, type ReadableField, readField } from './url';

/** Training steps when `--steps` is not given. */
export const DEFAULT_STEPS = 200;

const STEPS: ReadableField<number> = {
  key: 'steps',
  default: DEFAULT_STEPS,
  codec: numberCodec({ kind: 'number', min: 1, max: 1_000_000, integer: true }),
};

/** The parsed command line. With errors, the CLI prints them and the usage and exits 2. */
export interface CliArgs {
  readonly config: TrainConfig;
  readonly steps: number;
  /** `--json`: machine-readable output */
  readonly json: boolean;
  /** `--help` or `-h`: print cliUsage() and exit 0 */
  readonly help: boolean;
  /** `--sentences <file>`: the .txt or .csv that `--dataset mine` trains on (a path), or null */
  readonly sentences: string | null;
  /** worth printing but not fatal: problems inside `--link` (read leniently, like the page), repeated flags */
  readonly warnings: string[];
  readonly errors: string[];
}

// Flags that take no value.
const SWITCHES = new Set(['help', 'json']);

/** A config field's link key (every such key is a flag of `npm run train` and `npm run sweep`). */
export const isConfigKey = (name: string): boolean => entryForKey(name)?.scope === 'config';

/** A command line's flags before their values are read: the switches given and each flag's text. */
export interface CliFlags {
  readonly switches: ReadonlySet<string>;
  /** `--key value` texts by key; a repeated flag's last */
  readonly values: ReadonlyMap<string, string>;
  readonly warnings: string[];
  readonly errors: string[];
}

/**
 * Reads argv (without node and the script) into flags: `switches` take no value, and `takesValue(name)` says
 * which other flags exist. Shared by `npm run train` and `npm run sweep`, so both read a command line alike.
 */
export function readFlags(
  argv: readonly string[],
  switchNames: ReadonlySet<string>,
  takesValue: (name: string) => boolean,
): CliFlags {
  const errors: string[] = [];
  const warnings: string[] = [];
  const switches = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--') continue;
    if (arg === '-h') {
      switches.add('help');
      continue;
    }
    if (!arg.startsWith('--')) {
      errors.push(`unexpected argument ${quote(arg)}`);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (switchNames.has(name)) {
      if (eq >= 0) errors.push(`--${name} takes no value`);
      else switches.add(name);
      continue;
    }
    const known = takesValue(name);
    let value = arg.slice(eq + 1);
    if (eq < 0) {
      // The next word is the value even when it starts with '-' (`--hnw -2`), but never a flag. An unknown
      // flag takes its value along too, so one typo gives one error.
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        errors.push(known ? `--${name} needs a value` : `unknown flag --${clip(name)}`);
        continue;
      }
      value = next;
      i += 1;
    }
    if (!known) {
      errors.push(`unknown flag --${clip(name)}`);
      continue;
    }
    if (values.has(name)) warnings.push(`--${name} given more than once; using the last, ${quote(value)}`);
    values.set(name, value);
  }
  return { switches, values, warnings, errors };
}

/** One flag's text read strictly: any issue (a value the link would adjust) is an error. */
export function readStrict<T>(field: ReadableField<T>, text: string, errors: string[]): T {
  const { value, issues } = readField(field, text);
  for (const issue of issues) errors.push(`--${field.key}: ${issue.problem}`);
  return value;
}

/**
 * The experiment of `--link` (read leniently, like the page: its problems are warnings) with every config flag
 * of `values` on top, read strictly; problems go to `flags`' lists.
 */
export function configOfFlags(
  flags: CliFlags,
  values: ReadonlyMap<string, string> = flags.values,
): TrainConfig {
  let base = DEFAULT_TRAIN_CONFIG;
  const link = values.get('link');
  if (link !== undefined) {
    const parsed = parseLink(link);
    base = parsed.state.config;
    for (const warning of parsed.warnings) flags.warnings.push(`--link: ${warning.message}`);
  }
  return buildConfig((entry) => {
    const text = values.get(entry.key);
    return text === undefined ? base[entry.field] : readStrict<unknown>(entry, text, flags.errors);
  });
}

/** `--steps`: training steps, with the command's default. */
export function stepsField(fallback: number): ReadableField<number> {
  return { ...STEPS, default: fallback };
}

/**
 * Reads argv (without node and the script). `--link` gives the starting experiment and every config flag
 * overrides it, wherever it appears; a repeated flag's last value wins.
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const flags = readFlags(
    argv,
    SWITCHES,
    (name) => name === 'link' || name === STEPS.key || name === 'sentences' || isConfigKey(name),
  );
  const config = configOfFlags(flags);
  const stepsText = flags.values.get(STEPS.key);
  const steps = stepsText === undefined ? STEPS.default : readStrict(STEPS, stepsText, flags.errors);
  const { warnings, errors, switches } = flags;
  // the person's sentences come from a file here, as from the import card on the page
  const sentences = flags.values.get('sentences') ?? null;
  if (config.dataset === 'mine' && sentences === null) errors.push('--dataset mine needs --sentences <file>');
  if (config.dataset !== 'mine' && sentences !== null)
    errors.push('--sentences is read with --dataset mine only');
  const help = switches.has('help');
  return { config, steps, json: switches.has('json'), help, sentences, warnings, errors };
}

/** One line of a usage text: the flag, its allowed values and its default. */
export function usageLine(flag: string, range: string, fallback: string): string {
  return `  ${flag.padEnd(18)} ${range} (default ${fallback})`;
}

/** Help text: every flag with its allowed values and default, from the schema table. */
export function cliUsage(): string {
  return [
    'Usage: npm run train -- [--link <link>] [--<key> <value>]... [--steps <n>] [--json]',
    '',
    'Trains one experiment in Node. The flags are the share link keys; they override --link.',
    '',
    '  --link <link>      a share link, or its hash or query: the experiment to start from',
    usageLine('--steps <n>', STEPS.codec.range, String(STEPS.default)),
    '  --sentences <file> with --dataset mine: a .txt (one sentence a line) or .csv (sentence, label) to train on',
    '  --json             print JSON instead of text',
    '  --help, -h         print this help',
    '',
    ...experimentUsage(),
  ].join('\n');
}

/** The usage lines of every config flag, under a heading (shared by train's and sweep's help). */
export function experimentUsage(): string[] {
  return [
    'Experiment:',
    ...CONFIG_ENTRIES.map((entry) =>
      usageLine(`--${entry.key} <value>`, entry.codec.range, showValue<unknown>(entry, entry.default)),
    ),
  ];
}
