// The parts the control table is built from: the widgets, the rules that say when a control applies, and how
// an entry shows (hidden, shown, or shown disabled with its reason). controlTable.ts declares the entries.

import type { TrainConfig } from '../protocol/config';
import { FIELD_SPECS } from '../protocol/fields';
import { CONFIG_LINK_KEYS, type ControlId } from '../state/schema';
import { optionsOf } from './labels';

type Field = keyof TrainConfig;
type FieldsOf<V> = { [K in Field]: TrainConfig[K] extends V ? K : never }[Field];
/** Fields a slider or a number menu sets. */
export type NumberField = FieldsOf<number>;
/** Fields a select over ids sets. */
export type ChoiceField = FieldsOf<string>;
/** Fields a checkbox sets. */
export type FlagField = FieldsOf<boolean>;

/** Sections of the panel. Only titled ones are drawn as a group; the rest keep the flat layout. */
export type ControlGroupId = 'experiment' | 'clusters' | 'objective' | 'negatives' | 'falseNegatives';
/** Each section's heading, or null for none. */
export const CONTROL_GROUP_TITLES: Readonly<Record<ControlGroupId, string | null>> = {
  experiment: null,
  clusters: null,
  objective: null,
  negatives: 'Negatives',
  falseNegatives: 'False negatives',
};

/** Why a control does not apply to a config, or null when it does. */
export type Rule = (config: TrainConfig) => string | null;
/** What the page knows beside the config that a hint may need. */
export interface PanelContext {
  /** most pairs the backend holds, or null when unknown */
  readonly batchLimit: number | null;
}

/** What a control is drawn as, and the field it sets (of the widget's type). */
export type Widget =
  | {
      readonly widget: 'slider';
      readonly field: NumberField;
      readonly step: number;
      readonly log?: boolean;
      readonly marks?: readonly number[];
      /** a narrower span than the field allows, for the slider only (typed values clamp to it too) */
      readonly within?: { readonly min?: number; readonly max?: number };
    }
  | {
      readonly widget: 'menu';
      readonly field: NumberField;
      /** the menu's values; the current value joins them (`sizesWith`) */
      readonly values: readonly number[];
      readonly optionLabel: (value: number) => string;
    }
  | {
      readonly widget: 'select';
      readonly field: ChoiceField;
      readonly options: readonly { readonly value: string; readonly label: string }[];
    }
  | { readonly widget: 'checkbox'; readonly field: FlagField };

/** What an entry of the table declares beside its widget. */
export interface Declared {
  readonly group: ControlGroupId;
  readonly testId: string;
  readonly label: string;
  /** the hint under the control: what it does, with the formula and the paper */
  readonly explanation?: string;
  /** a hint that depends on the state, shown instead of the explanation when it says something */
  readonly note?: (config: TrainConfig, panel: PanelContext) => string | undefined;
  /** why the control is off the panel (another objective's or data set's); absent: always on it */
  readonly scope?: Rule;
  /** why the control is shown disabled (the current choice ignores it); absent: never */
  readonly inactive?: Rule;
}

/** One control of the panel. */
export type ControlEntry = Widget &
  Declared & {
    /** the link key of the field, which `hide=` names */
    readonly id: ControlId;
    readonly scope: Rule;
    readonly inactive: Rule;
    /** null when the control applies to `config`, else the reason it does not (scope first) */
    readonly applies: Rule;
  };

const always: Rule = () => null;

/** The menu's values plus the current one, in order: a link or preset may set any valid value (384 pairs). */
export const sizesWith = (sizes: readonly number[], current: number): number[] =>
  [...new Set([...sizes, current])].sort((a, b) => a - b);

function numberSpec(field: NumberField) {
  const spec = FIELD_SPECS[field];
  if (spec.kind !== 'number') throw new Error(`invalid field: ${field}`);
  return spec;
}

/** A slider's span: the field's range, narrowed by `within`. */
export function sliderBounds(entry: Extract<ControlEntry, { widget: 'slider' }>) {
  const { min, max } = numberSpec(entry.field);
  return { min: Math.max(min, entry.within?.min ?? min), max: Math.min(max, entry.within?.max ?? max) };
}

/** Whether a number field takes whole numbers only (typed values are rounded). */
export const isInteger = (field: NumberField): boolean => numberSpec(field).integer === true;

/** The powers of two within a field's range (the queue size and k menus). */
export function powersOfTwo(field: NumberField): number[] {
  const { min, max } = numberSpec(field);
  const values: number[] = [];
  for (let v = 2 ** Math.ceil(Math.log2(min)); v <= max; v *= 2) values.push(v);
  return values;
}

/** A slider with a typed value (SliderField) over a number field. */
export const slider = (
  field: NumberField,
  options: Omit<Extract<Widget, { widget: 'slider' }>, 'widget' | 'field'>,
) => ({ widget: 'slider', field, ...options }) as const;
/** A select over numbers (a menu of sizes), the current value always among them. */
export const menu = (field: NumberField, values: readonly number[], optionLabel: (value: number) => string) =>
  ({ widget: 'menu', field, values, optionLabel }) as const;
/** A select whose options are the field's ids with their display labels (the label table must cover them). */
export const choice = <K extends ChoiceField>(field: K, labels: Readonly<Record<TrainConfig[K], string>>) =>
  ({ widget: 'select', field, options: optionsOf(labels) }) as const;
/** A checkbox over a true/false field. */
export const checkbox = (field: FlagField) => ({ widget: 'checkbox', field }) as const;

/** Declares an entry: its id is its field's link key; a missing rule always applies. */
export function controlEntry(declared: Widget & Declared): ControlEntry {
  const scope = declared.scope ?? always;
  const inactive = declared.inactive ?? always;
  return {
    ...declared,
    id: CONFIG_LINK_KEYS[declared.field],
    scope,
    inactive,
    applies: (config: TrainConfig) => scope(config) ?? inactive(config),
  };
}

/** How a control shows: off the panel (hidden by the link or out of scope), or on it, disabled with a reason. */
export type ControlState =
  | { readonly shown: false }
  | { readonly shown: true; readonly disabledReason: string | null };

/** Whether and how `entry` shows for a config and the link's hidden controls. */
export function controlState(
  entry: ControlEntry,
  config: TrainConfig,
  hidden: readonly ControlId[],
): ControlState {
  if (hidden.includes(entry.id) || entry.scope(config) !== null) return { shown: false };
  return { shown: true, disabledReason: entry.inactive(config) };
}

/** The hint under a shown control: the reason it is disabled, else its note, else its explanation. */
export function controlHint(
  entry: ControlEntry,
  config: TrainConfig,
  panel: PanelContext,
  disabledReason: string | null,
): string | undefined {
  return disabledReason ?? entry.note?.(config, panel) ?? entry.explanation;
}

/** Mantissas of the round values a log slider's keys step through: 1, 2 and 5 in each decade. */
const ROUND_MANTISSAS = [1, 2, 5] as const;

/** The round values (1, 2, 5 x 10^k) within [min, max], with min and max themselves, in order. */
export function roundValues(min: number, max: number): number[] {
  if (!(min > 0 && max >= min)) throw new Error(`invalid range: ${min},${max}`);
  const values = new Set([min, max]);
  for (let exponent = Math.floor(Math.log10(min)); exponent <= Math.ceil(Math.log10(max)); exponent++) {
    for (const mantissa of ROUND_MANTISSAS) {
      const value = Number(`${mantissa}e${exponent}`); // exact decimals: 2e-4, not 2 * 10 ** -4
      if (value >= min && value <= max) values.add(value);
    }
  }
  return [...values].sort((a, b) => a - b);
}

/**
 * Where a log slider's key moves `value`: to the next round value up (+1) or down (-1), or with `decade` to the
 * round value nearest ten times (a tenth of) it, always at least one step; clamped to [min, max]. Arrow keys
 * then go 0.05, 0.1, 0.2, 0.5, 1 (not 2.3% at a time, to values such as 0.00447), Page Up from 0.05 to 0.5.
 */
export function roundStep(
  value: number,
  direction: 1 | -1,
  min: number,
  max: number,
  decade = false,
): number {
  const values = roundValues(min, max);
  const next =
    direction > 0
      ? (values.find((v) => v > value * (1 + 1e-9)) ?? max)
      : (values.findLast((v) => v < value * (1 - 1e-9)) ?? min);
  if (!decade) return next;
  const target = Math.log10(value) + direction;
  const nearest = values.reduce((best, v) =>
    Math.abs(Math.log10(v) - target) < Math.abs(Math.log10(best) - target) ? v : best,
  );
  return direction > 0 ? Math.max(next, nearest) : Math.min(next, nearest);
}
