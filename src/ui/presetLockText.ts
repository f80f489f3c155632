// What the presets menu and the tour say about a classroom link's locks (presetLocks.ts holds the rule).

import type { TrainConfig } from '../protocol/config';
import type { LockedChange, PresetUnderLocks } from '../state/presetLocks';
import { CONFIG_ENTRIES, formatValue } from '../state/schema';

/** Short names of the fields, as the lock notes write them (ids stay in code and links). */
const FIELD_NAMES = {
  seed: 'seed',
  dataset: 'data set',
  classes: 'classes K',
  inputDim: 'input dimension',
  separation: 'separation',
  noise: 'noise',
  loss: 'objective',
  tau: 'τ',
  batch: 'batch',
  dropout: 'dropout p',
  sameMask: 'same dropout mask',
  lr: 'learning rate',
  dim: 'output dimension',
  hidden: 'hidden layers',
  backend: 'backend',
  hardNegativeWeight: 'hard-negative weight',
  margin: 'margin',
  mining: 'mining',
  tauPlus: 'τ⁺',
  beta: 'β',
  negatives: 'negatives',
  queueSize: 'queue size K',
  momentum: 'momentum m',
  pick: 'negatives kept',
  pickK: 'k',
  alpha: 'quantile α',
  mochi: 'MoCHi s',
  mochiQuery: 'MoCHi s′',
  mochiHardest: 'MoCHi N',
  skew: 'class skew',
  logQ: 'logQ correction',
  towers: 'towers',
  falseNegatives: 'false-negative handling',
  perc: 'filter threshold perc',
  labels: 'label access',
  pool: 'pooling',
  layers: 'text encoder layers',
  heads: 'attention heads',
  width: 'text encoder width',
  maxLen: 'max tokens per sentence',
  dup: 'word repetition (ESimCSE)',
  dupRate: 'repetition rate',
} as const satisfies { readonly [K in keyof TrainConfig]: string };

/** A field's value as the link writes it (booleans read on and off). */
function shown(field: keyof TrainConfig, value: unknown): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  const entry = CONFIG_ENTRIES.find((e) => e.field === field);
  return entry ? formatValue(entry, value) : String(value);
}

// Only ASCII is capitalised: an upper-case τ would be a T.
const sentence = (text: string) => text.replace(/^[a-z]/, (first) => first.toUpperCase());

/** "τ stays at 0.05: this link locks it." */
export function lockNote(change: LockedChange): string {
  return sentence(
    `${FIELD_NAMES[change.field]} stays at ${shown(change.field, change.kept)}: this link locks it.`,
  );
}

/** Why a preset is off under a link's locks: what it needs and what the link keeps. */
export function lockReason(applied: PresetUnderLocks): string {
  const needs = applied.changes.filter((change) => change.essential);
  const wanted = needs.map((c) => `${FIELD_NAMES[c.field]} = ${shown(c.field, c.wanted)}`).join(', ');
  const kept = needs.map((c) => `${FIELD_NAMES[c.field]} at ${shown(c.field, c.kept)}`).join(', ');
  return `Off with this link: this experiment needs ${wanted}, and the link locks ${kept}.`;
}

/** "This link locks τ and batch: …" for the fields a view locks (none: null). */
export function locksSummary(fields: readonly (keyof TrainConfig)[]): string | null {
  if (fields.length === 0) return null;
  const names = fields.map((field) => FIELD_NAMES[field]);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `This link locks ${list}: presets leave ${names.length === 1 ? 'it' : 'them'} as the link set ${
    names.length === 1 ? 'it' : 'them'
  }, and those that need another value are off.`;
}

/** The short form beside a disabled preset's title in the menu: "off: this link locks τ". */
export function lockedLabel(applied: PresetUnderLocks): string {
  const needs = applied.changes.filter((change) => change.essential).map((c) => FIELD_NAMES[c.field]);
  return `off: this link locks ${needs.join(', ')}`;
}
