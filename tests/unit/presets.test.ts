// Presets: every one is a valid state whose link reads back exactly, and every number a preset quotes is
// written in its text: a published one as docs/SCIENCE.md writes it (cited to its paper), a measured one from
// the lab's own measurements (tests/engine/presetNumbers.test.ts reruns them). No text cites a repository file.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/protocol/config';
import {
  matchingPreset,
  PRESET_GROUPS,
  PRESET_IDS,
  PRESETS,
  presetById,
  presetLink,
  presetState,
} from '../../src/state/presets';
import { DEFAULT_VIEW_CONFIG, stateProblems } from '../../src/state/schema';
import { parseLink, serializeLink } from '../../src/state/url';

const SCIENCE = readFileSync(new URL('../../docs/SCIENCE.md', import.meta.url), 'utf8');

/** The preset's text with typographic minus signs as SCIENCE.md writes them (ASCII). */
const textOf = (title: string, lookFor: string) => `${title} ${lookFor}`.replaceAll('−', '-');

/** Whether `text` holds `value` as a whole number (not as part of a longer one: 0.1 is not in 0.14). */
const mentions = (text: string, value: number) =>
  new RegExp(`(?<![\\d.])${String(value).replace('.', '\\.')}(?![\\d])`).test(text);

describe('presets', () => {
  it('has unique ids, in PRESET_IDS order, each found by presetById', () => {
    expect(PRESETS.map((p) => p.id)).toEqual([...PRESET_IDS]);
    expect(new Set(PRESET_IDS).size).toBe(PRESET_IDS.length);
    for (const id of PRESET_IDS) expect(presetById(id).id).toBe(id);
    expect(() => presetById('nope' as never)).toThrow('invalid preset: nope');
  });

  it('lists every preset in exactly one menu section, the sections in PRESET_IDS order', () => {
    expect(PRESET_GROUPS.flatMap((group) => group.ids)).toEqual([...PRESET_IDS]);
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))(
    '%s is a valid state whose link round-trips',
    (_, preset) => {
      const state = presetState(preset);
      expect(stateProblems(state)).toEqual([]);
      const { state: read, warnings } = parseLink(presetLink(preset));
      expect(warnings).toEqual([]);
      expect(read).toEqual(state);
      expect(serializeLink(read)).toBe(presetLink(preset));
    },
  );

  it.each(PRESETS.map((p) => [p.id, p] as const))(
    '%s quotes published numbers as SCIENCE.md does and measured ones from the lab',
    (_, preset) => {
      expect(preset.figures.length).toBeGreaterThan(0);
      expect(preset.citation.length).toBeGreaterThan(10);
      const sentences = preset.lookFor.split(/[.!?](?:\s|$)/).filter((s) => s.trim() !== '');
      expect(sentences.length).toBeGreaterThanOrEqual(2);
      expect(preset.lookFor.length).toBeLessThan(560);
      const measured = (preset.measured ?? []).map((quote) => quote.text);
      for (const figure of preset.figures) {
        expect(textOf(preset.title, preset.lookFor), figure).toContain(figure);
        if (!measured.includes(figure)) expect(SCIENCE, figure).toContain(figure);
      }
      for (const text of measured) expect(preset.figures).toContain(text);
      if (measured.length > 0) expect(preset.citation).toMatch(/measured in this lab/);
      for (const text of [preset.title, preset.lookFor, preset.citation]) {
        expect(text).not.toMatch(/\.md\b|\.json\b|SCIENCE/);
      }
    },
  );

  it.each(PRESETS.map((p) => [p.id, p] as const))(
    '%s names the values it changes among tau, dim, classes, batch, dropout',
    (_, preset) => {
      const config = presetState(preset).config;
      const text = textOf(preset.title, preset.lookFor);
      const keys: (keyof TrainConfig)[] = ['tau', 'dim', 'classes', 'batch', 'dropout'];
      for (const key of keys) {
        const value = config[key];
        if (typeof value === 'number' && value !== DEFAULT_TRAIN_CONFIG[key]) {
          expect(mentions(text, value), `${key} = ${value}`).toBe(true);
        }
      }
    },
  );

  it('matches a config to its preset, and the defaults to none', () => {
    for (const preset of PRESETS) expect(matchingPreset(presetState(preset).config)?.id).toBe(preset.id);
    expect(matchingPreset(DEFAULT_TRAIN_CONFIG)).toBeNull();
    const changed = { ...presetState(presetById('triplet')).config, seed: 2 };
    expect(matchingPreset(changed)).toBeNull();
  });

  it('changes the experiment but keeps the page view it is applied to', () => {
    const view = { ...DEFAULT_VIEW_CONFIG, hide: ['tau', 'share'] as const, speed: 10 };
    for (const preset of PRESETS) {
      const state = presetState(preset, view);
      expect(state.view).toEqual(view);
      expect(state.config).not.toEqual(DEFAULT_TRAIN_CONFIG);
    }
  });

  it('quotes the published numbers exactly', () => {
    const figures = (id: (typeof PRESET_IDS)[number]) => presetById(id).figures;
    expect(figures('simcse-default')).toContain('86.2');
    expect(figures('no-dropout')).toEqual(['71.1', '82.5']);
    expect(figures('same-mask')).toContain('43.6');
    expect(figures('hard-negatives')).toContain('86.1 / 86.2 / 86.2');
    expect(figures('tolerance-small-tau')).toContain('0.3');
    expect(presetById('hard-negatives').config.hardNegativeWeight).toBe(Math.log(2));
  });
});
