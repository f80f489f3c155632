// The share link under fast-check: every valid state survives a round trip exactly and silently, and no
// string, however hostile, makes parseLink throw or yield an invalid state.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TrainConfig } from '../../src/protocol/config';
import { configProblems, FIELD_SPECS, type FieldSpec } from '../../src/protocol/fields';
import { MAX_SWEEP_RUNS, MAX_SWEEP_SEEDS } from '../../src/protocol/sweep';
import { FIGURE_IDS } from '../../src/state/figures';
import {
  CHART_IDS,
  CONFIG_ENTRIES,
  CONTROL_IDS,
  entryForKey,
  type LabState,
  MATRIX_ORDERS,
  MAX_SWEEP_STEPS,
  SCHEMA,
  stateProblems,
  TEXT_SIZES,
  type ViewConfig,
} from '../../src/state/schema';
import { formatSweep } from '../../src/state/sweepSpec';
import { linkForState, parseLink, serializeLink } from '../../src/state/url';

// A value allowed by a spec. -0 is written "0" and read back as 0 (the same value for the lab and for
// JSON, which changeEffect compares), so the generator gives +0 where it would give -0.
function specArb(spec: FieldSpec): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case 'number':
      return spec.integer
        ? fc.integer({ min: spec.min, max: spec.max })
        : fc.double({ min: spec.min, max: spec.max, noNaN: true }).map((x) => (x === 0 ? 0 : x));
    case 'choice':
      return fc.constantFrom(...spec.options);
    case 'boolean':
      return fc.boolean();
    case 'list':
      return fc.array(fc.integer({ min: spec.min, max: spec.max }), {
        minLength: spec.minLength,
        maxLength: spec.maxLength,
      });
  }
}

const configArb = fc.record(
  Object.fromEntries(Object.entries(FIELD_SPECS).map(([field, spec]) => [field, specArb(spec)])),
) as fc.Arbitrary<unknown> as fc.Arbitrary<TrainConfig>;

// A sweep of any config field: 1 to 8 distinct valid values, in its written form.
const sweepArb: fc.Arbitrary<string> = fc.constantFrom(...CONFIG_ENTRIES).chain((entry) =>
  fc
    .uniqueArray(specArb(FIELD_SPECS[entry.field]), {
      minLength: 1,
      maxLength: MAX_SWEEP_RUNS,
      selector: (value) => JSON.stringify(value),
    })
    .map((values) => formatSweep({ key: entry.key, field: entry.field, values: values as never[] })),
);

const viewArb: fc.Arbitrary<ViewConfig> = fc.record({
  hide: fc.uniqueArray(fc.constantFrom(...CONTROL_IDS)),
  embed: fc.option(fc.constantFrom(...CHART_IDS), { nil: null }),
  anchor: fc.oneof(fc.nat({ max: 255 }), fc.maxSafeNat()),
  speed: fc.nat({ max: 1000 }),
  order: fc.constantFrom(...MATRIX_ORDERS),
  text: fc.constantFrom(...TEXT_SIZES),
  sweep: fc.option(sweepArb, { nil: null }),
  seeds: fc.integer({ min: 1, max: MAX_SWEEP_SEEDS }),
  steps: fc.integer({ min: 1, max: MAX_SWEEP_STEPS }),
  figure: fc.option(fc.constantFrom(...FIGURE_IDS), { nil: null }),
});

const stateArb: fc.Arbitrary<LabState> = fc.record({ config: configArb, view: viewArb });

const HOSTILE_VALUES = [
  '<script>alert(1)</script>',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '"',
  "'",
  '"0.05"',
  'NaN',
  'Infinity',
  '-Infinity',
  '-1e308',
  '1e999',
  '-1e999',
  '1e-999',
  '5e-324',
  '0x10',
  '1_000',
  ' 1',
  '',
  '-',
  '1--2',
  ',,',
  '%E0%A4%A',
  '%',
  '%%',
  '%zz',
  '%00',
  '😀',
  '\uD800',
  'ηinfonce',
  '__proto__',
  'constructor',
  'true',
  '1e+3',
  '.5',
  '5.',
  '9'.repeat(400),
];
const KEYS = [
  ...SCHEMA.map((entry) => entry.key),
  'v',
  '__proto__',
  'constructor',
  'prototype',
  'temperature',
  'TAU',
  '',
];
const PREFIXES = [
  '',
  '#',
  '?',
  'https://lab.example/app/?',
  'https://lab.example/app/#',
  'http://localhost:5173/?a=1#',
];

// encodeURIComponent throws on a lone surrogate; such a value then goes in raw.
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value;
  }
}

const valueArb = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_VALUES), weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 1 },
  { arbitrary: fc.double().map(String), weight: 2 },
  { arbitrary: fc.integer().map(String), weight: 1 },
  { arbitrary: fc.constantFrom(...CONTROL_IDS, ...CHART_IDS).map((id) => `${id},x`), weight: 1 },
  { arbitrary: sweepArb, weight: 1 },
  { arbitrary: sweepArb.map((text) => `${text},x`), weight: 1 },
);
const keyArb = fc.oneof(
  { arbitrary: fc.constantFrom(...KEYS), weight: 5 },
  { arbitrary: fc.string({ maxLength: 8 }), weight: 1 },
);
// Link-shaped text: a prefix, then key=value pairs, some percent-encoded, some without '='.
const linkishArb = fc
  .tuple(
    fc.constantFrom(...PREFIXES),
    fc.array(fc.tuple(keyArb, valueArb, fc.constantFrom('raw', 'encoded', 'bare')), { maxLength: 30 }),
  )
  .map(
    ([prefix, pairs]) =>
      prefix +
      pairs
        .map(([key, value, form]) =>
          form === 'bare' ? key : `${key}=${form === 'encoded' ? encode(value) : value}`,
        )
        .join('&'),
  );
const hugeArb = fc.constantFrom('a'.repeat(100 * 1024), `tau=${'9'.repeat(8200)}`, '&'.repeat(8192));
const anyStringArb = fc.oneof(
  { arbitrary: linkishArb, weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 200 }), weight: 1 },
  { arbitrary: stateArb.map((s) => linkForState('https://lab.example/', s).slice(0, 300)), weight: 1 },
  { arbitrary: hugeArb, weight: 1 },
);

describe('parseLink and serializeLink properties', () => {
  it('round-trips every valid state exactly, with no warnings', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        expect(stateProblems(state)).toEqual([]);
        expect(parseLink(serializeLink(state))).toEqual({ state, warnings: [] });
        expect(parseLink(linkForState('https://lab.example/app/', state)).state).toEqual(state);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on 10,000 random and hostile strings, and always yields a valid state', () => {
    fc.assert(
      fc.property(anyStringArb, (input) => {
        const { state, warnings } = parseLink(input);
        expect(configProblems(state.config)).toEqual([]);
        expect(stateProblems(state)).toEqual([]);
        expect(Object.getPrototypeOf(state.config)).toBe(Object.prototype);
        expect(Object.keys(state.config).sort()).toEqual(Object.keys(FIELD_SPECS).sort());
        for (const warning of warnings) {
          expect(typeof warning.field).toBe('string');
          expect(warning.message.length).toBeLessThan(400);
        }
      }),
      { numRuns: 10_000 },
    );
  });

  it('names every field whose written value is not taken as written', () => {
    const pairsArb = fc.uniqueArray(fc.tuple(fc.constantFrom(...SCHEMA.map((e) => e.key)), valueArb), {
      selector: ([key]) => key,
      maxLength: 10,
    });
    fc.assert(
      fc.property(pairsArb, (pairs) => {
        const input = pairs.map(([key, value]) => `${key}=${encode(value)}`).join('&');
        const named = new Set(parseLink(input).warnings.map((w) => w.field));
        for (const [key, value] of pairs) {
          const parsed = entryForKey(key)?.codec.parse(value);
          if (parsed && (!parsed.ok || parsed.issues.length > 0)) expect(named.has(key)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
