// What a person asks a sweep for, in the link (`sweep=tau:0.01,0.05,0.2&seeds=3&steps=500`) and on the command
// line (`npm run sweep -- --tau 0.01,0.05,0.2 --seeds 3 --steps 500`): one config field and a list of its values,
// each read by that field's own codec, strictly: a list with a bad item is refused whole, the bad items named.
import type { TrainConfig } from '../protocol/config';
import { MAX_SWEEP_RUNS, MAX_SWEEP_SEEDS, type SweepPlan } from '../protocol/sweep';
import { type ConfigEntry, entryForKey } from './schema';

/** One field swept over a list of values. */
export interface SweepSpec {
  /** the field's link key, e.g. `tau` */
  readonly key: string;
  readonly field: keyof TrainConfig;
  readonly values: readonly TrainConfig[keyof TrainConfig][];
}

/** A sweep spec read from text, or why it cannot be. */
export type ParsedSweep =
  | { readonly ok: true; readonly spec: SweepSpec }
  | { readonly ok: false; readonly problems: readonly string[] };

/** The default sweep: SCIENCE.md's temperatures, from the hardest-negative regime to the uniform one. */
export const DEFAULT_SWEEP_TEXT = 'tau:0.01,0.05,0.2,1,5';

/**
 * Reads `key` and a comma list of its values: every item through the field's codec, strictly (an item the
 * codec would adjust, such as a tau above its maximum, is a problem, not a clamp). At most MAX_SWEEP_RUNS values,
 * no repeats.
 */
export function parseSweepValues(key: string, list: string): ParsedSweep {
  const entry = entryForKey(key);
  if (entry?.scope !== 'config')
    return { ok: false, problems: [`${JSON.stringify(key)} is not a field of the experiment`] };
  const items = list.split(',').map((item) => item.trim());
  const problems: string[] = [];
  const values: TrainConfig[keyof TrainConfig][] = [];
  items.forEach((item, k) => {
    const parsed = (entry as ConfigEntry).codec.parse(item);
    if (!parsed.ok) problems.push(`${key} item ${k + 1} ${JSON.stringify(item)}: ${parsed.problem}`);
    else if (parsed.issues.length > 0)
      problems.push(`${key} item ${k + 1} ${JSON.stringify(item)}: ${parsed.issues[0]?.problem}`);
    else if (values.some((v) => JSON.stringify(v) === JSON.stringify(parsed.value)))
      problems.push(`${key} item ${k + 1} ${JSON.stringify(item)}: repeats an earlier value`);
    else values.push(parsed.value as TrainConfig[keyof TrainConfig]);
  });
  if (items.length > MAX_SWEEP_RUNS)
    problems.push(`${key}: ${items.length} values, at most ${MAX_SWEEP_RUNS} configurations a sweep`);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, spec: { key, field: entry.field, values } };
}

/** Reads the link form `key:v1,v2,...`. */
export function parseSweepText(text: string): ParsedSweep {
  const colon = text.indexOf(':');
  if (colon < 1) return { ok: false, problems: [`${JSON.stringify(text)} is not key:value,value,...`] };
  return parseSweepValues(text.slice(0, colon), text.slice(colon + 1));
}

/** The link form of a spec, which parseSweepText reads back as the same spec. */
export function formatSweep(spec: SweepSpec): string {
  const entry = entryForKey(spec.key) as ConfigEntry;
  const format = entry.codec.format as (value: unknown) => string;
  return `${spec.key}:${spec.values.map((value) => format(value)).join(',')}`;
}

/** The plan of a spec over a base experiment: one run per value, `seeds` seeds from the base's, `steps` steps. */
export function sweepPlan(base: TrainConfig, spec: SweepSpec, seeds: number, steps: number): SweepPlan {
  if (!(Number.isInteger(seeds) && seeds >= 1 && seeds <= MAX_SWEEP_SEEDS))
    throw new Error(`invalid seeds: ${seeds}`);
  if (!(Number.isInteger(steps) && steps >= 1)) throw new Error(`invalid steps: ${steps}`);
  const entry = entryForKey(spec.key) as ConfigEntry;
  const format = entry.codec.format as (value: unknown) => string;
  return {
    runs: spec.values.map((value) => ({
      label: `${spec.key} ${format(value)}`,
      config: { ...base, [spec.field]: value },
    })),
    seeds,
    steps,
    swept: [spec.field],
  };
}
