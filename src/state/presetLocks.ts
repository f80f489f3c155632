// A classroom link's `hide=` locks the fields whose controls it hides: the presets and the tour leave them as the
// link set them. This is the rule, pure: which fields a link locks, which fields a preset cannot do without, and
// what a preset becomes under a link's locks (applied without the locked changes, or off, with the reason).

import { changeEffect, DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../protocol/config';
import { PRESETS, type Preset, presetState } from './presets';
import { CONFIG_LINK_KEYS, type LabState, type ViewConfig } from './schema';

/** A locked field whose value a preset would change: the link's value stays, the preset's is dropped. */
export interface LockedChange {
  readonly field: keyof TrainConfig;
  /** the link's value, which stays */
  readonly kept: unknown;
  /** the value the preset (over the defaults) would give */
  readonly wanted: unknown;
  /** whether the preset is about this field (see essentialFields): then it is off, not applied without it */
  readonly essential: boolean;
}

/** A preset under a link's locks. */
export interface PresetUnderLocks {
  readonly preset: Preset;
  /** the state it gives: its config over the defaults with the locked fields as they are, the current view */
  readonly state: LabState;
  /** the locked fields it would have changed, in link order */
  readonly changes: readonly LockedChange[];
  /** true when one of those is essential to it: it is offered disabled, and `state` is not to be applied */
  readonly disabled: boolean;
}

// Field values are numbers, strings, booleans or arrays of numbers: equal text, equal values.
const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const CONFIG_FIELDS = Object.keys(CONFIG_LINK_KEYS) as (keyof TrainConfig)[];

/** The config fields a view locks: those whose control its `hide` names (the control's id is the link key). */
export function lockedFields(view: ViewConfig): (keyof TrainConfig)[] {
  const hidden = new Set<string>(view.hide);
  return CONFIG_FIELDS.filter((field) => hidden.has(CONFIG_LINK_KEYS[field]));
}

/** Whether `text` writes `value` as a number of its own (0.1 is not in 0.14 nor in 10.1). */
function writesNumber(text: string, value: number): boolean {
  const written = String(value).replace(/[.+-]/g, '\\$&');
  return new RegExp(`(?<![\\d.])${written}(?![\\d])`).test(text);
}

/**
 * The fields a preset cannot do without: those its config sets to a value other than the default (what it
 * changes is its idea), and those whose value its title writes (the pair "τ = 0.1 in 16 dimensions" sets the
 * default τ, 0.1, and is about it). The rest it sets only to start from a known setup, and can go.
 */
export function essentialFields(preset: Preset): (keyof TrainConfig)[] {
  return CONFIG_FIELDS.filter((field) => {
    const value = preset.config[field];
    if (value === undefined) return false;
    if (!sameValue(value, DEFAULT_TRAIN_CONFIG[field])) return true;
    return typeof value === 'number' && writesNumber(preset.title, value);
  });
}

/**
 * What `preset` gives when applied to `current`: its state over the defaults, with every field that
 * `current.view` locks kept at `current`'s value. Disabled when a kept field is essential to the preset and it
 * wanted another value. The view's `hide` stays as it is, so a preset cannot unlock anything.
 */
export function presetUnderLocks(preset: Preset, current: LabState): PresetUnderLocks {
  const wanted = presetState(preset, current.view);
  const essential = new Set(essentialFields(preset));
  const changes: LockedChange[] = [];
  const kept: Partial<Record<keyof TrainConfig, unknown>> = {};
  for (const field of lockedFields(current.view)) {
    if (sameValue(wanted.config[field], current.config[field])) continue;
    changes.push({
      field,
      kept: current.config[field],
      wanted: wanted.config[field],
      essential: essential.has(field),
    });
    kept[field] = current.config[field];
  }
  return {
    preset,
    // `kept` holds current's own values of TrainConfig fields, so the result is a TrainConfig.
    state: {
      config: { ...wanted.config, ...kept } as TrainConfig,
      view: { ...wanted.view, hide: current.view.hide },
    },
    changes,
    disabled: changes.some((change) => change.essential),
  };
}

/** Every preset under `current`'s locks, in tour order. */
export function presetsUnderLocks(current: LabState): PresetUnderLocks[] {
  return PRESETS.map((preset) => presetUnderLocks(preset, current));
}

/**
 * The preset whose experiment `current` runs, under its locks (view fields ignored), or null. Without locks
 * this is presets.ts's matchingPreset; with them a preset applied without its locked changes still matches.
 */
export function presetInUse(current: LabState): PresetUnderLocks | null {
  return (
    presetsUnderLocks(current).find(
      (applied) => !applied.disabled && changeEffect(applied.state.config, current.config) === null,
    ) ?? null
  );
}
