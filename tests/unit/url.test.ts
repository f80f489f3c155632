// The share link by example: its exact text, the forms of input it reads, and what each kind of bad input
// turns into (a valid value plus a warning naming the field), including hostile input.

import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG, FIELD_EFFECTS } from '../../src/protocol/config';
import { configProblems, FIELD_SPECS } from '../../src/protocol/fields';
import { FIGURE_IDS } from '../../src/state/figureIds';
import {
  CONFIG_ENTRIES,
  CONFIG_LINK_KEYS,
  DEFAULT_LAB_STATE,
  DEFAULT_VIEW_CONFIG,
  type LabState,
  SCHEMA,
  stateProblems,
} from '../../src/state/schema';
import {
  type LinkWarning,
  linkForState,
  MAX_LINK_LENGTH,
  MAX_WARNINGS,
  type Migration,
  parseLink,
  serializeLink,
} from '../../src/state/url';

const DEFAULT_LINK =
  'v=1&seed=1&dataset=clusters&classes=8&indim=32&sep=3&noise=0.5&loss=infonce&tau=0.1&batch=128&dropout=0.1' +
  '&same=0&lr=0.001&dim=3&hidden=128&backend=auto&hnw=0&margin=0.2&mining=semi-hard&tplus=0.1&beta=1' +
  '&neg=batch&queue=1024&momentum=0.99&pick=all&k=16&alpha=0.5&mochi=0&mochiq=0&mochin=32&skew=0&logq=off&towers=1' +
  '&fn=keep&perc=0.95&labels=known&pool=mean&layers=1&heads=4&width=64&maxlen=32&dup=0&duprate=0.32';

const fields = (warnings: readonly LinkWarning[]): string[] => warnings.map((w) => w.field);
const messages = (warnings: readonly LinkWarning[]): string[] => warnings.map((w) => w.message);
const withView = (view: Partial<LabState['view']>): LabState => ({
  config: DEFAULT_TRAIN_CONFIG,
  view: { ...DEFAULT_VIEW_CONFIG, ...view },
});

describe('the schema table', () => {
  it('has one row per TrainConfig field with its spec range, default and effect, then the view fields', () => {
    expect(CONFIG_ENTRIES.map((e) => e.field).sort()).toEqual(Object.keys(FIELD_SPECS).sort());
    for (const entry of CONFIG_ENTRIES) {
      expect(entry.default).toBe(DEFAULT_TRAIN_CONFIG[entry.field]);
      expect(entry.effect).toBe(FIELD_EFFECTS[entry.field]);
      expect(entry.key).toBe(CONFIG_LINK_KEYS[entry.field]);
    }
    expect(SCHEMA.filter((e) => e.effect === 'view').map((e) => e.key)).toEqual([
      'hide',
      'embed',
      'anchor',
      'speed',
      'order',
      'text',
      'sweep',
      'seeds',
      'steps',
      'figure',
    ]);
    expect(CONFIG_ENTRIES.find((e) => e.field === 'tau')?.codec.range).toBe(
      'number in [0.0001, 10000], log scale',
    );
  });
});

describe('serializeLink', () => {
  it('writes v first and every TrainConfig field in table order, with no view fields at their defaults', () => {
    expect(serializeLink(DEFAULT_LAB_STATE)).toBe(DEFAULT_LINK);
  });

  it('writes view fields that differ from their defaults, after the config', () => {
    const link = serializeLink(withView({ hide: ['tau', 'play'], embed: 'forces', anchor: 3, speed: 30 }));
    expect(link).toBe(`${DEFAULT_LINK}&hide=tau,play&embed=forces&anchor=3&speed=30`);
  });

  it('writes lists and booleans in their short forms', () => {
    const config = { ...DEFAULT_TRAIN_CONFIG, hidden: [128, 64], sameMask: true };
    const link = serializeLink({ config, view: DEFAULT_VIEW_CONFIG });
    expect(link).toContain('&hidden=128-64&');
    expect(link).toContain('&same=1&');
    expect(serializeLink({ config: { ...config, hidden: [] }, view: DEFAULT_VIEW_CONFIG })).toContain(
      '&hidden=&',
    );
  });

  it('throws on an invalid state (a programmer error)', () => {
    const config = { ...DEFAULT_TRAIN_CONFIG, tau: 0 };
    expect(() => serializeLink({ config, view: DEFAULT_VIEW_CONFIG })).toThrow(
      /^invalid state: tau: outside/,
    );
    expect(() => serializeLink(withView({ anchor: -1 }))).toThrow(/^invalid state: anchor:/);
  });

  it('linkForState replaces the query and hash of the base URL', () => {
    expect(linkForState('https://lab.example/app/?tau=1#old=2', DEFAULT_LAB_STATE)).toBe(
      `https://lab.example/app/#${DEFAULT_LINK}`,
    );
    expect(linkForState('https://lab.example/app/#?x', DEFAULT_LAB_STATE)).toBe(
      `https://lab.example/app/#${DEFAULT_LINK}`,
    );
    expect(linkForState('https://lab.example/', DEFAULT_LAB_STATE)).toBe(
      `https://lab.example/#${DEFAULT_LINK}`,
    );
  });
});

describe('parseLink: forms of input', () => {
  it.each([
    ['a hash', '#tau=0.05&batch=64'],
    ['a query', '?tau=0.05&batch=64'],
    ['a bare query', 'tau=0.05&batch=64'],
    ['a URL with a hash', 'https://lab.example/app/#tau=0.05&batch=64'],
    ['a URL with a query', 'https://lab.example/app/?tau=0.05&batch=64'],
    ['a URL with a query and a hash', 'http://localhost:5173/?tau=0.05#batch=64'],
    ['a pasted link with spaces around it', '  #tau=0.05&batch=64\n'],
  ])('reads %s', (_, input) => {
    const { state, warnings } = parseLink(input);
    expect(warnings).toEqual([]);
    expect(state.config).toEqual({ ...DEFAULT_TRAIN_CONFIG, tau: 0.05, batch: 64 });
  });

  it.each(['', '#', '?', 'https://lab.example/app/', 'localhost:5173', '/app/'])(
    'reads %j as the defaults',
    (input) => {
      expect(parseLink(input)).toEqual({ state: DEFAULT_LAB_STATE, warnings: [] });
    },
  );

  it('lets the hash win over the query, with a warning', () => {
    const { state, warnings } = parseLink('https://lab.example/?tau=0.05#tau=0.2');
    expect(state.config.tau).toBe(0.2);
    expect(messages(warnings)).toEqual(['tau: given 2 times; using the last, "0.2"']);
  });

  it('carries the similarity matrix order: written only when it is not the default, read back', () => {
    expect(DEFAULT_VIEW_CONFIG.order).toBe('pairs');
    expect(serializeLink(withView({ order: 'pairs' }))).toBe(DEFAULT_LINK);
    const state = withView({ order: 'class', anchor: 5 });
    const link = serializeLink(state);
    expect(link).toBe(`${DEFAULT_LINK}&anchor=5&order=class`);
    expect(parseLink(link)).toEqual({ state, warnings: [] });
    const bad = parseLink('order=labels');
    expect(bad.state.view.order).toBe('pairs');
    expect(messages(bad.warnings)).toEqual([
      'order: "labels" is not one of pairs, class; using the default pairs',
    ]);
  });

  it('carries the large-text mode: written only when it is not the default, read back', () => {
    expect(DEFAULT_VIEW_CONFIG.text).toBe('normal');
    expect(serializeLink(withView({ text: 'normal' }))).toBe(DEFAULT_LINK);
    const state = withView({ order: 'class', text: 'large' });
    const link = serializeLink(state);
    expect(link).toBe(`${DEFAULT_LINK}&order=class&text=large`);
    expect(parseLink(link)).toEqual({ state, warnings: [] });
    const bad = parseLink('text=huge');
    expect(bad.state.view.text).toBe('normal');
    expect(messages(bad.warnings)).toEqual([
      'text: "huge" is not one of normal, large; using the default normal',
    ]);
  });

  it('carries a sweep (readable key:values), its seeds and steps, and a paper figure', () => {
    expect(DEFAULT_VIEW_CONFIG).toMatchObject({ sweep: null, seeds: 1, steps: 500, figure: null });
    const state = withView({ sweep: 'tau:0.01,0.05,0.2', seeds: 3, steps: 200, figure: 'wang-liu-tau' });
    const link = serializeLink(state);
    expect(link).toBe(`${DEFAULT_LINK}&sweep=tau:0.01,0.05,0.2&seeds=3&steps=200&figure=wang-liu-tau`);
    expect(parseLink(link)).toEqual({ state, warnings: [] });
    // the link form people write (spaces, a percent-encoded colon) is read and written back canonically
    const written = parseLink('#backend=wasm&sweep=tau%3A0.05,%200.5&steps=60&seeds=1');
    expect(written.warnings).toEqual([]);
    expect(written.state.view).toMatchObject({ sweep: 'tau:0.05,0.5', seeds: 1, steps: 60, figure: null });
    expect(serializeLink(written.state)).toContain('&sweep=tau:0.05,0.5&steps=60');
    expect(parseLink('sweep=dropout:0,0.1&seeds=2').state.view).toMatchObject({
      sweep: 'dropout:0,0.1',
      seeds: 2,
    });
  });

  it('reads a link it wrote, with view fields', () => {
    const state = withView({ hide: ['share', 'presets', 'hnw'], embed: 'similarity-histogram', anchor: 7 });
    expect(parseLink(linkForState('https://lab.example/?tau=9', state))).toEqual({ state, warnings: [] });
  });
});

describe('parseLink: bad values become valid values and warnings', () => {
  it('clamps out-of-range numbers and names the field and value', () => {
    const { state, warnings } = parseLink('tau=1e9&lr=-1e308&seed=99999999999');
    expect(state.config).toMatchObject({ tau: 1e4, lr: 1e-6, seed: 2 ** 31 - 1 });
    expect(warnings).toEqual([
      { field: 'seed', message: 'seed: 99999999999 is above the maximum 2147483647; using 2147483647' },
      { field: 'tau', message: 'tau: 1e9 is above the maximum 10000; using 10000' },
      { field: 'lr', message: 'lr: -1e308 is below the minimum 0.000001; using 0.000001' },
    ]);
  });

  it('rounds non-integers for integer fields', () => {
    const { state, warnings } = parseLink('batch=64.4&dim=2.5&anchor=1.5');
    expect(state.config).toMatchObject({ batch: 64, dim: 3 });
    expect(state.view.anchor).toBe(2);
    expect(messages(warnings)).toEqual([
      'batch: 64.4 is not a whole number; using 64',
      'dim: 2.5 is not a whole number; using 3',
      'anchor: 1.5 is not a whole number; using 2',
    ]);
  });

  it.each([
    ['NaN', '"NaN" is not a number'],
    ['Infinity', '"Infinity" is not a number'],
    ['1e999', '1e999 is not a finite number'],
    ['', '"" is not a number'],
    ['0x10', '"0x10" is not a number'],
    [' 1', '" 1" is not a number'],
    ['"0.05"', '"\\"0.05\\"" is not a number'],
    ["'0.05'", `"'0.05'" is not a number`],
  ])('falls back to the default for tau=%j', (value, problem) => {
    const { state, warnings } = parseLink(`tau=${encodeURIComponent(value)}`);
    expect(state.config.tau).toBe(DEFAULT_TRAIN_CONFIG.tau);
    expect(warnings).toEqual([{ field: 'tau', message: `tau: ${problem}; using the default 0.1` }]);
  });

  it('reads decimal forms people write, and a literal + in exponents', () => {
    expect(parseLink('tau=.5&dropout=0.50&lr=1e-3&margin=1e+0&hnw=-2&sep=+4').state.config).toMatchObject({
      tau: 0.5,
      dropout: 0.5,
      lr: 1e-3,
      margin: 1,
      hardNegativeWeight: -2,
      separation: 4,
    });
  });

  it('falls back to the default for a choice it does not offer', () => {
    const { state, warnings } = parseLink('dataset=mnist&loss=InfoNCE&backend=');
    expect(state.config).toEqual(DEFAULT_TRAIN_CONFIG);
    expect(messages(warnings)).toEqual([
      'dataset: "mnist" is not one of clusters, digits, sentences, mine; using the default clusters',
      'loss: "InfoNCE" is not one of infonce, infonce-nxn, supervised, triplet, dcl, hcl; using the default infonce',
      'backend: "" is not one of auto, webgpu, wasm, webgl, cpu; using the default auto',
    ]);
  });

  it('reads booleans as 1/0 or true/false', () => {
    expect(parseLink('same=1').state.config.sameMask).toBe(true);
    expect(parseLink('same=TRUE').state.config.sameMask).toBe(true);
    expect(parseLink('same=false').state.config.sameMask).toBe(false);
    const { state, warnings } = parseLink('same=yes');
    expect(state.config.sameMask).toBe(false);
    expect(messages(warnings)).toEqual(['same: "yes" is not 1, 0, true or false; using the default 0']);
  });

  it('reads hidden widths joined by "-", empty for none', () => {
    expect(parseLink('hidden=').state.config.hidden).toEqual([]);
    expect(parseLink('hidden=128-64').state.config.hidden).toEqual([128, 64]);
    const clamped = parseLink('hidden=2000-64.4');
    expect(clamped.state.config.hidden).toEqual([1024, 64]);
    expect(messages(clamped.warnings)).toEqual([
      'hidden: layer 1: 2000 is above the maximum 1024; using 1024',
      'hidden: layer 2: 64.4 is not a whole number; using 64',
    ]);
    for (const bad of ['128-x', '1-2-3-4-5', '128,64', '-128', '128--64']) {
      const { state, warnings } = parseLink(`hidden=${bad}`);
      expect(state.config.hidden).toEqual([128]);
      expect(fields(warnings)).toEqual(['hidden']);
    }
  });

  it('reads the view fields, dropping unknown controls and charts', () => {
    const { state, warnings } = parseLink('hide=tau,play,nope,tau, batch&embed=pie&speed=5000');
    expect(state.view).toEqual({
      ...DEFAULT_VIEW_CONFIG,
      hide: ['tau', 'play', 'batch'],
      embed: null,
      anchor: 0,
      speed: 1000,
    });
    expect(messages(warnings)).toEqual([
      'hide: unknown control "nope"; dropped',
      'embed: "pie" is not one of hypersphere, forces, negative-weights, similarity, metrics, align-uniform, similarity-histogram, length-bias; using the default (none)',
      'speed: 5000 is above the maximum 1000; using 1000',
    ]);
    expect(parseLink('embed=forces&hide=').state.view).toEqual({ ...DEFAULT_VIEW_CONFIG, embed: 'forces' });
  });

  it('opens a bad sweep with no sweep and a warning naming the field and its bad items', () => {
    const { state, warnings } = parseLink('sweep=tau:0.1,abc,-1&seeds=7&steps=0&figure=nope');
    expect(state.view).toEqual({ ...DEFAULT_VIEW_CONFIG, seeds: 3, steps: 1 });
    expect(fields(warnings)).toEqual(['sweep', 'seeds', 'steps', 'figure']);
    expect(warnings[0]?.message).toMatch(
      /^sweep: tau item 2 "abc": .*; tau item 3 "-1": .*; using the default \(none\)$/,
    );
    expect(messages(warnings).slice(1)).toEqual([
      'seeds: 7 is above the maximum 3; using 3',
      'steps: 0 is below the minimum 1; using 1',
      `figure: "nope" is not one of ${FIGURE_IDS.join(', ')}; using the default (none)`,
    ]);
    for (const bad of ['tau', 'tau:', 'nokey:1,2', ':0.1', 'tau:0.1,0.1', `tau:${'0.1,'.repeat(8)}0.2`]) {
      const read = parseLink(`sweep=${encodeURIComponent(bad)}`);
      expect(read.state.view.sweep, bad).toBeNull();
      expect(fields(read.warnings), bad).toEqual(['sweep']);
    }
    const long = parseLink(`sweep=${'k'.repeat(5000)}:1`);
    expect(long.warnings[0]?.message.length).toBeLessThan(400);
  });

  it('clips long bad values in warnings', () => {
    const { warnings } = parseLink(`loss=${'x'.repeat(5000)}`);
    expect(warnings[0]?.message).toBe(
      `loss: "${'x'.repeat(40)}..." is not one of infonce, infonce-nxn, supervised, triplet, dcl, hcl; using the default infonce`,
    );
  });
});

describe('parseLink: keys, versions and hostile input', () => {
  it('names unknown fields, including prototype keys, and never pollutes objects', () => {
    const { state, warnings } = parseLink('__proto__=1&constructor=x&prototype=2&foo=3&tau=0.2');
    expect(state.config).toEqual({ ...DEFAULT_TRAIN_CONFIG, tau: 0.2 });
    expect(Object.getPrototypeOf(state.config)).toBe(Object.prototype);
    expect(Object.keys(state.config).sort()).toEqual(Object.keys(FIELD_SPECS).sort());
    expect(({} as Record<string, unknown>).foo).toBeUndefined();
    expect(messages(warnings)).toEqual([
      'unknown field "__proto__" ignored',
      'unknown field "constructor" ignored',
      'unknown field "prototype" ignored',
      'unknown field "foo" ignored',
    ]);
  });

  it('keeps the last of repeated keys, with a warning', () => {
    const { state, warnings } = parseLink('tau=0.05&tau=1');
    expect(state.config.tau).toBe(1);
    expect(warnings).toEqual([{ field: 'tau', message: 'tau: given 2 times; using the last, "1"' }]);
  });

  it('warns about malformed percent-encoding instead of throwing', () => {
    const { state, warnings } = parseLink('tau=%E0%A4%A&batch=64&%E0%A4%A=1&dim=%');
    expect(state.config).toEqual({ ...DEFAULT_TRAIN_CONFIG, batch: 64 });
    expect(messages(warnings)).toEqual([
      'tau: malformed percent-encoding in "tau=%E0%A4%A"; ignored',
      'malformed percent-encoding in "%E0%A4%A=1"; ignored',
      'dim: malformed percent-encoding in "dim=%"; ignored',
    ]);
  });

  it('reads a newer version as far as it can, with a warning', () => {
    const { state, warnings } = parseLink('v=999&tau=0.2&wobble=3');
    expect(state.config.tau).toBe(0.2);
    expect(messages(warnings)).toEqual([
      "v: version 999 is newer than this lab's 1; reading the fields it knows",
      'unknown field "wobble" ignored',
    ]);
    expect(messages(parseLink('v=one').warnings)).toEqual([
      'v: "one" is not a version number; reading the link as version 1',
    ]);
  });

  it('migrates older versions through the migration table', () => {
    // A fabricated history: version 0 called the temperature `temperature`.
    const renameTemperature: Migration = (params) => {
      const next = new Map(params);
      const tau = next.get('temperature');
      next.delete('temperature');
      if (tau !== undefined) next.set('tau', tau);
      return next;
    };
    const migrations = new Map([[0, renameTemperature]]);
    expect(parseLink('v=0&temperature=0.05&batch=64', { migrations })).toEqual({
      state: { config: { ...DEFAULT_TRAIN_CONFIG, tau: 0.05, batch: 64 }, view: DEFAULT_VIEW_CONFIG },
      warnings: [],
    });
    // The shipped table has no version 0: said so, and read as version 1.
    const { state, warnings } = parseLink('v=0&temperature=0.05');
    expect(state.config.tau).toBe(DEFAULT_TRAIN_CONFIG.tau);
    expect(messages(warnings)).toEqual([
      'v: no migration from version 0; reading it as version 1',
      'unknown field "temperature" ignored',
    ]);
  });

  it('refuses an oversize link whole', () => {
    const huge = `tau=0.2&hide=${'a'.repeat(100 * 1024)}`;
    expect(parseLink(huge)).toEqual({
      state: DEFAULT_LAB_STATE,
      warnings: [
        {
          field: '',
          message: `link is ${huge.length} characters, over the limit of 8192; ignored, using defaults`,
        },
      ],
    });
    const justFits = `tau=0.2&foo=${'a'.repeat(MAX_LINK_LENGTH - 12)}`;
    expect(justFits.length).toBe(MAX_LINK_LENGTH);
    expect(parseLink(justFits).state.config.tau).toBe(0.2);
  });

  it.each([
    ['raw', '<script>alert(1)</script>'],
    ['percent-encoded', encodeURIComponent('<script>alert(1)</script>')],
  ])('names every field holding a %s script tag and keeps the defaults', (_, value) => {
    const input = SCHEMA.map((entry) => `${entry.key}=${value}`).join('&');
    const { state, warnings } = parseLink(input);
    expect(state).toEqual(DEFAULT_LAB_STATE);
    expect(fields(warnings)).toEqual(SCHEMA.map((entry) => entry.key));
    for (const warning of warnings) expect(warning.message).toContain('"<script>alert(1)</script>"');
  });

  it.each([
    'tau=😀&loss=ηinfonce&dataset=数字',
    'tau=0.1😀&hidden=１２８',
    '😀=1&🤖',
    'hide=😀,tau',
    'tau=\'"<>&batch=\u0000',
    'tau=%F0%9F%98%80&embed=%00',
    '&&&=&==&tau==0.2',
  ])('reads %j without throwing and names the fields', (input) => {
    const { state, warnings } = parseLink(input);
    expect(configProblems(state.config)).toEqual([]);
    expect(stateProblems(state)).toEqual([]);
    expect(warnings.length).toBeGreaterThan(0);
    for (const warning of warnings) expect(warning.message.length).toBeLessThan(300);
  });

  it('caps the number of warnings', () => {
    const input = Array.from({ length: 200 }, (_, i) => `k${i}=1`).join('&');
    const { warnings } = parseLink(input);
    expect(warnings).toHaveLength(MAX_WARNINGS + 1);
    expect(warnings.at(-1)).toEqual({ field: '', message: `${200 - MAX_WARNINGS} more problems not shown` });
  });
});
