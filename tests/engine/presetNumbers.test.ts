// Issue 21 (2): every number a preset quotes as "measured in this lab" is what this lab measures on the preset's
// own link. Each quoted preset's link is rerun here on its first seed (tf.js wasm in Node, the engine of
// `npm run train`) and every quote of it must hold within quoteTolerance; the committed measurements must be of
// the presets' current links (otherwise: `npm run measure-presets`), and the texts' directional claims must
// hold on every measured seed.
import { describe, expect, it } from 'vitest';
import { snapshotLine, trainSteps } from '../../src/cli/trainSteps';
import {
  formatQuote,
  MEASUREMENTS,
  type MeasuredQuote,
  NOT_MEASURED,
  parseQuote,
  quoteTolerance,
  statsOf,
} from '../../src/state/measuredQuotes';
import { PRESETS, type PresetId, presetById, presetState } from '../../src/state/presets';
import { TEXT_STEPS } from '../../src/state/textPresets';
import { parseLink } from '../../src/state/url';

const QUOTES: readonly MeasuredQuote[] = PRESETS.flatMap((preset) => preset.measured ?? []);
const QUOTED: readonly PresetId[] = [...new Set(QUOTES.map((quote) => quote.preset))];

/** Checks `claim` of two presets' measurements seed by seed (both measured, on as many seeds). */
function bySeed(a: readonly number[], b: readonly number[], claim: (x: number, y: number) => boolean) {
  expect(a.length, 'measured').toBeGreaterThan(0);
  expect(a).toHaveLength(b.length);
  a.forEach((x, seed) => {
    expect(claim(x, b[seed] as number), `seed ${seed}: ${x} vs ${b[seed]}`).toBe(true);
  });
}

/** The measured values of `metric` at `step` of `preset`'s runs, one per seed. */
const seedsOf = (preset: PresetId, metric: MeasuredQuote['metric'], step: number) =>
  statsOf(preset, step, metric)?.values ?? [];

describe('the numbers presets quote as measured in this lab', () => {
  it('every quote is measured, and written as the measurements give it', () => {
    expect(QUOTES.length).toBeGreaterThan(10);
    for (const quote of QUOTES) {
      const stats = statsOf(quote.preset, quote.step, quote.metric);
      const where = `${quote.preset} ${quote.metric} at ${quote.step}`;
      expect(quote.text, where).not.toBe(NOT_MEASURED);
      expect(stats, where).not.toBeNull();
      if (stats) expect(quote.text, where).toBe(formatQuote(stats, quote.digits, quote.form));
    }
  });

  it.each(QUOTED)('%s: the measurements are of its current experiment', (id) => {
    const measured = MEASUREMENTS.presets[id];
    if (!measured) throw new Error(`${id}: not measured`);
    // the same experiment, not the same text: a field added since (at its default) changes the link only
    const { state, warnings } = parseLink(measured.link);
    expect(warnings).toEqual([]);
    expect(state.config, 'the experiment changed: run `npm run measure-presets`').toEqual(
      presetState(presetById(id)).config,
    );
    expect(measured.seeds[0]).toBe(presetState(presetById(id)).config.seed);
  });

  it('the texts’ claims hold on every measured seed', () => {
    // tau-tiny: the points bunch together: uniformity rises from step 10 to 400
    const early = seedsOf('tau-tiny', 'uniformity', 10);
    const late = seedsOf('tau-tiny', 'uniformity', 400);
    expect(early).toHaveLength(late.length);
    late.forEach((value, seed) => {
      expect(value).toBeGreaterThan(early[seed] as number);
    });
    // tau-tiny: few effective negatives at first, out of 254
    for (const value of seedsOf('tau-tiny', 'effective_negatives', 10)) expect(value).toBeLessThan(10);
    // uniformity or tolerance: tau 0.1 is more uniform (lower) and less tolerant than tau 5, seed by seed
    const small = (metric: 'uniformity' | 'tolerance') => seedsOf('tolerance-small-tau', metric, 400);
    const large = (metric: 'uniformity' | 'tolerance') => seedsOf('tolerance-large-tau', metric, 400);
    expect(Math.max(...small('uniformity'))).toBeLessThan(Math.min(...large('uniformity')));
    expect(Math.max(...small('tolerance'))).toBeLessThan(Math.min(...large('tolerance')));
    // tau 100: nearly every one of the 254 negatives counts
    for (const value of seedsOf('tau-huge', 'effective_negatives', 400)) expect(value).toBeGreaterThan(250);
    // the measured setup: near the 3-D sphere's uniform limit, -2.08 (within 0.2)
    for (const value of seedsOf('measured-setup', 'uniformity', 400)) expect(value).toBeLessThan(-1.88);
  });

  it('the false-negative texts’ claims hold on every measured seed', () => {
    const last = 300;
    // a quarter of the batch: the same rate (within 0.02), a quarter of the number, about the same weight share
    bySeed(
      seedsOf('fn-small-batch', 'fn_share', 10),
      seedsOf('false-negatives', 'fn_share', 10),
      (x, y) => Math.abs(x - y) < 0.02,
    );
    bySeed(
      seedsOf('fn-small-batch', 'fn_count', 10),
      seedsOf('false-negatives', 'fn_count', 10),
      (x, y) => Math.abs(x / y - 0.25) < 0.03,
    );
    bySeed(
      seedsOf('fn-small-batch', 'fn_weight', last),
      seedsOf('false-negatives', 'fn_weight', last),
      (x, y) => Math.abs(x - y) < 0.1,
    );
    // more classes: a smaller share and less of the push
    bySeed(
      seedsOf('fn-more-classes', 'fn_share', 10),
      seedsOf('false-negatives', 'fn_share', 10),
      (x, y) => x < y / 4,
    );
    bySeed(
      seedsOf('fn-more-classes', 'fn_weight', last),
      seedsOf('false-negatives', 'fn_weight', last),
      (x, y) => x < y,
    );
    // tau 0.02 puts more of the push on false negatives than tau 0.5, and more than their share
    bySeed(
      seedsOf('fn-small-tau', 'fn_weight', last),
      seedsOf('fn-large-tau', 'fn_weight', last),
      (x, y) => x > y,
    );
    bySeed(
      seedsOf('fn-small-tau', 'fn_weight', last),
      seedsOf('fn-small-tau', 'fn_share', last),
      (x, y) => x > y,
    );
    // eliminating them: no push on them, and more same-class tolerance and kNN accuracy than keeping them
    expect(seedsOf('fn-eliminate', 'fn_weight', last)).toEqual([0, 0, 0]);
    bySeed(
      seedsOf('fn-eliminate', 'tolerance', last),
      seedsOf('fn-small-tau', 'tolerance', last),
      (x, y) => x > y,
    );
    bySeed(
      seedsOf('fn-eliminate', 'knn_acc', last),
      seedsOf('fn-small-tau', 'knn_acc', last),
      (x, y) => x > y,
    );
    // attracting them: tighter classes (tolerance) and less uniform than eliminating them
    bySeed(
      seedsOf('fn-attract', 'tolerance', last),
      seedsOf('fn-eliminate', 'tolerance', last),
      (x, y) => x > y,
    );
    bySeed(
      seedsOf('fn-attract', 'uniformity', last),
      seedsOf('fn-eliminate', 'uniformity', last),
      (x, y) => x > y,
    );
    // the filter: most of what it drops is false, and it misses most false negatives at 0.95
    for (const value of seedsOf('fn-filter', 'filter_precision', last)) expect(value).toBeGreaterThan(0.5);
    for (const value of seedsOf('fn-filter', 'filter_recall', last)) expect(value).toBeLessThan(0.5);
  });

  it('the text presets’ claims hold on every measured seed', () => {
    const last = TEXT_STEPS;
    // SimCSE on sentences learns: STS after 300 steps above its value after 10
    bySeed(
      seedsOf('text-simcse', 'sts_spearman', last),
      seedsOf('text-simcse', 'sts_spearman', 10),
      (x, y) => x > y,
    );
    // first-token pooling: no bias untrained, a clearly falling slope after training
    for (const value of seedsOf('text-length-bias', 'length_bias_before', last))
      expect(Math.abs(value)).toBeLessThan(0.001);
    for (const value of seedsOf('text-length-bias', 'length_bias', last)) expect(value).toBeLessThan(-0.02);
    // repetition flattens the learned slope, seed by seed
    bySeed(
      seedsOf('text-esimcse', 'length_bias', last),
      seedsOf('text-length-bias', 'length_bias', last),
      (x, y) => x > y,
    );
    // the triplets' supervision far above the unsupervised run with the same encoder
    bySeed(
      seedsOf('text-sup-simcse', 'sts_spearman', last),
      seedsOf('text-simcse', 'sts_spearman', last),
      (x, y) => x > y + 20,
    );
  });

  // a text preset's rerun takes one to two minutes here (more under load)
  it.each(QUOTED)('%s: a rerun of its link holds every quote of it', { timeout: 400_000 }, async (id) => {
    const quotes = QUOTES.filter((quote) => quote.preset === id);
    const steps = Math.max(...quotes.map((quote) => quote.step));
    // snapshots at the quoted steps only: the same training, without a text snapshot every 10 steps
    const run = await trainSteps(presetState(presetById(id)).config, steps, {
      snapshotAt: quotes.map((quote) => quote.step),
    });
    expect(run.failure).toBeNull();
    for (const quote of quotes) {
      const snapshot = run.snapshots.find((s) => s.step === quote.step);
      const stats = statsOf(id, quote.step, quote.metric);
      const range = parseQuote(quote.text);
      if (!snapshot || !stats || !range) throw new Error(`${id}: ${quote.metric} at ${quote.step} missing`);
      const value = Number(snapshotLine(snapshot)[quote.metric]);
      const tolerance = quoteTolerance(stats, quote.digits);
      const where = `${id} ${quote.metric} at step ${quote.step}: quoted ${quote.text}, measured ${value}`;
      expect(value, where).toBeGreaterThanOrEqual(range[0] - tolerance);
      expect(value, where).toBeLessThanOrEqual(range[1] + tolerance);
    }
  });
});
