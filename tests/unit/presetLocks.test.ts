// The classroom lock rule (presetLocks.ts): `hide=` keeps its fields against presets, and a preset that is about
// a locked field is off, with the reason the menu and the tour show (presetLockText.ts).

import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG } from '../../src/protocol/config';
import {
  essentialFields,
  lockedFields,
  presetInUse,
  presetsUnderLocks,
  presetUnderLocks,
} from '../../src/state/presetLocks';
import { matchingPreset, PRESETS, type Preset, presetById, presetState } from '../../src/state/presets';
import { type ControlId, DEFAULT_VIEW_CONFIG, type LabState } from '../../src/state/schema';
import { lockedLabel, lockNote, lockReason, locksSummary } from '../../src/ui/presetLockText';

/** A classroom link's state: the defaults with `config`'s changes, hiding `hide`. */
const link = (hide: readonly ControlId[], config: Partial<LabState['config']> = {}): LabState => ({
  config: { ...DEFAULT_TRAIN_CONFIG, ...config },
  view: { ...DEFAULT_VIEW_CONFIG, hide },
});

/** A made-up preset (the rule is about its fields and title only). */
const made = (title: string, config: Preset['config'], view?: Preset['view']): Preset => ({
  id: 'tau-tiny',
  title,
  lookFor: 'Look. Then look again.',
  citation: 'none, a test',
  figures: [],
  config,
  view,
});

describe('lockedFields', () => {
  it('locks the config fields whose control hide= names, in link order, by their link keys', () => {
    expect(lockedFields(link(['batch', 'share', 'tau', 'presets', 'play']).view)).toEqual(['tau', 'batch']);
    expect(lockedFields(link(['hnw', 'sep', 'same']).view)).toEqual([
      'separation',
      'sameMask',
      'hardNegativeWeight',
    ]);
    expect(lockedFields(DEFAULT_VIEW_CONFIG)).toEqual([]);
  });
});

describe('essentialFields', () => {
  it('are the fields a preset changes from the defaults', () => {
    const preset = made('Tiny', { tau: 1e-3, batch: DEFAULT_TRAIN_CONFIG.batch, loss: 'triplet' });
    expect(essentialFields(preset)).toEqual(['loss', 'tau']);
  });

  it('and those it sets to the default but whose value its title writes', () => {
    const tau = DEFAULT_TRAIN_CONFIG.tau;
    const config = { tau, dim: 16, batch: DEFAULT_TRAIN_CONFIG.batch };
    expect(essentialFields(made(`τ = ${tau} in 16 dimensions`, config))).toEqual(['tau', 'dim']);
    expect(essentialFields(made('In 16 dimensions', config))).toEqual(['dim']);
    // a number inside a longer one is not that number
    expect(essentialFields(made(`τ = ${tau}4 and 1${tau}`, { tau }))).toEqual([]);
  });
});

describe('presetUnderLocks', () => {
  it('without locks is the preset over the defaults, on the current view', () => {
    const current = link(['share'], { tau: 0.3, seed: 5 });
    for (const preset of PRESETS) {
      const applied = presetUnderLocks(preset, current);
      expect(applied.state).toEqual(presetState(preset, current.view));
      expect(applied.changes).toEqual([]);
      expect(applied.disabled).toBe(false);
    }
  });

  // values in link order: the changes come in that order, whatever the order of hide=
  it.each([
    [['tau'], { tau: 0.05 }],
    [['tau', 'batch'], { tau: 0.05, batch: 32 }],
    [['tau', 'batch', 'dim', 'loss'], { loss: 'dcl', tau: 100, batch: 16, dim: 2 }],
  ] as const)(
    'hide=%s keeps the link values and changes every other field as the preset does',
    (hide, values) => {
      const current = link(hide, values);
      for (const preset of PRESETS) {
        const applied = presetUnderLocks(preset, current);
        const wanted = presetState(preset, current.view);
        expect(applied.state.config).toEqual({ ...wanted.config, ...values });
        expect(applied.state.view).toEqual(current.view);
        const changed = Object.entries(values).filter(
          ([field, value]) => wanted.config[field as keyof typeof values] !== value,
        );
        expect(applied.changes.map((c) => [c.field, c.kept])).toEqual(changed);
        for (const change of applied.changes) {
          expect(change.wanted).toEqual(wanted.config[change.field]);
          expect(change.essential).toBe(essentialFields(preset).includes(change.field));
        }
        expect(applied.disabled).toBe(applied.changes.some((c) => c.essential));
      }
    },
  );

  it('turns off the temperature presets under hide=tau, and applies the others without τ', () => {
    const current = link(['tau'], { tau: 0.05 });
    const tiny = presetUnderLocks(presetById('tau-tiny'), current);
    expect(tiny.disabled).toBe(true);
    expect(tiny.changes).toEqual([{ field: 'tau', kept: 0.05, wanted: 1e-3, essential: true }]);
    // τ = 0.1 is the default, but the title is about it
    expect(presetUnderLocks(presetById('tolerance-small-tau'), current).disabled).toBe(true);
    const triplet = presetUnderLocks(presetById('triplet'), current);
    expect(triplet.disabled).toBe(false);
    expect(triplet.state.config).toMatchObject({ loss: 'triplet', tau: 0.05 });
    expect(triplet.changes).toEqual([
      { field: 'tau', kept: 0.05, wanted: DEFAULT_TRAIN_CONFIG.tau, essential: false },
    ]);
    // a link that locks the preset's own τ changes nothing of it
    const atTiny = presetUnderLocks(presetById('tau-tiny'), link(['tau'], { tau: 1e-3 }));
    expect(atTiny.disabled).toBe(false);
    expect(atTiny.changes).toEqual([]);
  });

  it("applies a preset whose locked field is incidental (tau-huge's batch) without it", () => {
    const current = link(['batch'], { batch: 32 });
    const huge = presetUnderLocks(presetById('tau-huge'), current);
    expect(huge.disabled).toBe(false);
    expect(huge.state.config).toMatchObject({ tau: 100, batch: 32 });
    // false-negatives is about its batch (its title counts the pairs)
    expect(presetUnderLocks(presetById('false-negatives'), current).disabled).toBe(true);
  });

  it('never unlocks: a preset view cannot drop hide=', () => {
    const current = link(['tau'], { tau: 0.05 });
    const applied = presetUnderLocks(made('Open', { batch: 16 }, { hide: [], speed: 10 }), current);
    expect(applied.state.view).toEqual({ ...current.view, speed: 10 });
    expect(applied.state.config.tau).toBe(0.05);
  });
});

describe('presetInUse', () => {
  it('without locks is matchingPreset', () => {
    for (const preset of PRESETS) {
      const state = presetState(preset);
      expect(presetInUse(state)?.preset.id).toBe(matchingPreset(state.config)?.id);
    }
    expect(presetInUse(link([]))).toBeNull();
  });

  it('finds a preset applied under locks, and none once a free field is changed by hand', () => {
    const current = link(['tau', 'batch'], { tau: 0.05, batch: 32 });
    const applied = presetsUnderLocks(current).filter((a) => !a.disabled);
    expect(applied.length).toBeGreaterThan(0);
    for (const { preset, state } of applied) {
      expect(presetInUse(state)?.preset.id).toBe(preset.id);
      expect(presetInUse({ ...state, config: { ...state.config, seed: 7 } })).toBeNull();
    }
  });
});

describe('what the page says about locks', () => {
  it('names the kept value, and why a preset is off', () => {
    const current = link(['tau', 'batch'], { tau: 0.05, batch: 32 });
    const [note] = presetUnderLocks(presetById('triplet'), current).changes;
    expect(note && lockNote(note)).toBe('τ stays at 0.05: this link locks it.');
    const huge = presetUnderLocks(presetById('tau-huge'), current);
    const batch = huge.changes.find((c) => c.field === 'batch');
    expect(batch && lockNote(batch)).toBe('Batch stays at 32: this link locks it.');
    expect(lockReason(huge)).toBe(
      'Off with this link: this experiment needs τ = 100, and the link locks τ at 0.05.',
    );
    expect(lockedLabel(huge)).toBe('off: this link locks τ');
    expect(locksSummary(['tau', 'batch'])).toContain('This link locks τ and batch: presets leave them');
    expect(locksSummary(['tau'])).toContain('This link locks τ: presets leave it');
    expect(locksSummary([])).toBeNull();
  });
});
