// The length-bias measure (engine/lengthBiasMeasure.ts) on controlled encoders over the real STS pairs: an
// embedding that is the mean of position vectors knows nothing but length, and gives unrelated pairs a clearly
// negative slope; a random direction per sentence knows nothing of length, and gives a slope near zero. Then the measure as the
// snapshots carry it: now, and the run's first as "before", and null for other data sets.
import { describe, expect, it } from 'vitest';
import { trainSteps } from '../../src/cli/trainSteps';
import { createRng } from '../../src/core/rng';
import { makeSentences } from '../../src/data/sentences';
import { tokenize, vocabSize } from '../../src/data/tokenizer';
import { lengthBiasView, lengthDifferences, measureLengthBias } from '../../src/engine/lengthBiasMeasure';
import { loadRunDataSource } from '../../src/engine/runData';
import { snapshotLine } from '../../src/protocol/snapshotLine';
import { testConfig } from './driver';

const text = testConfig({ dataset: 'sentences', tau: 0.05, batch: 16, dim: 16, width: 32, heads: 4 });
const noDigits = () => Promise.reject(new Error('no digits here'));
const DIM = 16;

/** rows x DIM standard normal vectors from a seeded stream (Box-Muller). */
function gaussianTable(rows: number, seed: string): Float64Array {
  const rng = createRng(7, seed);
  return Float64Array.from({ length: rows * DIM }, () => {
    const u = Math.max(rng.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  });
}

/** Mean over a row's tokens (non-[PAD]) of `vector(id, position)`: rows x DIM. */
function meanPooled(
  ids: Int32Array,
  rows: number,
  maxLen: number,
  vector: (id: number, position: number, k: number) => number,
): Float64Array {
  const out = new Float64Array(rows * DIM);
  for (let r = 0; r < rows; r++) {
    const sum = new Float64Array(DIM);
    let n = 0;
    for (; n < maxLen && ids[r * maxLen + n] !== 0; n++)
      for (let k = 0; k < DIM; k++) sum[k] = (sum[k] as number) + vector(ids[r * maxLen + n] as number, n, k);
    out.set(
      sum.map((v) => v / n),
      r * DIM,
    );
  }
  return out;
}

/** FNV-1a of a row of ids: a seed. */
function hashIds(ids: Int32Array): number {
  let h = 0x811c9dc5;
  for (const id of ids) h = Math.imul(h ^ id, 0x01000193);
  return (h >>> 0) % 2147483647;
}

function rowCosines(a: Float64Array, b: Float64Array, rows: number, dim = DIM): Float64Array {
  return Float64Array.from({ length: rows }, (_, r) => {
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let k = 0; k < dim; k++) {
      const x = a[r * dim + k] as number;
      const y = b[r * dim + k] as number;
      ab += x * y;
      aa += x * x;
      bb += y * y;
    }
    return ab / Math.sqrt(aa * bb);
  });
}

describe('the length-bias measure on controlled encoders', async () => {
  const source = await loadRunDataSource(text, noDigits);
  const sts = source.sts;
  if (!sts) throw new Error('no STS pairs');
  const { pairs, maxLen } = sts;
  const lengthDiff = lengthDifferences(sts.a, sts.b, pairs, maxLen);
  const words = gaussianTable(vocabSize, 'words');
  const positions = gaussianTable(maxLen, 'positions');
  const biasOf = (vector: (id: number, position: number, k: number) => number) =>
    measureLengthBias(
      0,
      rowCosines(meanPooled(sts.a, pairs, maxLen, vector), meanPooled(sts.b, pairs, maxLen, vector), pairs),
      sts.scores,
      lengthDiff,
    );

  it('takes the gold-5 and gold-0 pairs, each with its difference of token counts', () => {
    const bias = biasOf((id, _, k) => words[id * DIM + k] as number);
    expect(bias.paraphrase.cosine.length).toBe(sts.scores.filter((s) => s === 5).length);
    expect(bias.unrelated.cosine.length).toBe(sts.scores.filter((s) => s === 0).length);
    // tokens as the tokenizer makes them (punctuation counts): not the words the generator aimed at
    const generated = makeSentences({ seed: text.seed }).sts;
    const tokenDiff = generated.map((p) => Math.abs(tokenize(p.a.text).length - tokenize(p.b.text).length));
    expect([...lengthDiff]).toEqual(tokenDiff);
    const unrelated = generated.filter((p) => p.score === 0);
    expect([...bias.unrelated.lengthDiff]).toEqual(
      unrelated.map((p) => Math.abs(tokenize(p.a.text).length - tokenize(p.b.text).length)),
    );
    expect(unrelated.some((p) => p.a.length === p.b.length)).toBe(true);
  });

  it('an encoder that sees only position (the mean of position vectors) gives a clearly negative slope', () => {
    const bias = biasOf((_, position, k) => positions[position * DIM + k] as number);
    expect(bias.unrelated.slope).toBeLessThan(-0.02);
    expect(bias.paraphrase.slope).toBeLessThan(-0.02);
    // equal length, identical embedding: the line starts at cosine 1
    expect(bias.unrelated.intercept).toBeGreaterThan(0.9);
  });

  it('an encoder blind to length (a random direction per sentence) gives a slope near zero', () => {
    // each sentence's embedding is a random direction seeded by a hash of its ids: it tells sentences apart
    // and knows nothing of their length; 256 dimensions keep chance cosines small (sd 1/16)
    const wide = 256;
    const embed = (ids: Int32Array) => {
      const out = new Float64Array(pairs * wide);
      for (let r = 0; r < pairs; r++) {
        const rng = createRng(hashIds(ids.subarray(r * maxLen, (r + 1) * maxLen)), 'blind');
        for (let k = 0; k < wide; k++) out[r * wide + k] = rng.next() - 0.5;
      }
      return out;
    };
    const cosines = rowCosines(embed(sts.a), embed(sts.b), pairs, wide);
    const blind = measureLengthBias(0, cosines, sts.scores, lengthDiff);
    const positional = biasOf((_, position, k) => positions[position * DIM + k] as number);
    expect(Math.abs(blind.unrelated.slope)).toBeLessThan(0.2 * Math.abs(positional.unrelated.slope));
    expect(Math.abs(blind.paraphrase.slope)).toBeLessThan(0.2 * Math.abs(positional.paraphrase.slope));
  });

  it('keeps the first measure of a run as "before"', () => {
    const run = { step: 0, lengthBiasBefore: null };
    const cosines = new Float64Array(pairs).fill(0.5);
    const first = lengthBiasView(run, cosines, { scores: sts.scores, lengthDiff });
    expect(first?.before).toBe(first?.now);
    const later = lengthBiasView(
      { ...run, step: 40 },
      cosines.map((_, i) => lengthDiff[i] as number),
      {
        scores: sts.scores,
        lengthDiff,
      },
    );
    expect(later?.now.step).toBe(40);
    expect(later?.before).toBe(first?.now);
    expect(later?.now.unrelated.slope).toBeCloseTo(1, 9);
    expect(lengthBiasView(run, undefined, null)).toBeNull();
  });
});

describe('the length bias in the snapshots', () => {
  it('carries now and the step-0 measure, and the slopes in the JSON line; null for clusters', async () => {
    const { snapshots, failure } = await trainSteps(text, 10);
    expect(failure).toBeNull();
    const view = snapshots[0]?.lengthBias;
    expect(view?.now.step).toBe(10);
    expect(view?.before.step).toBe(0);
    expect(view?.now.unrelated.cosine.length).toBe(100);
    const line = snapshotLine(snapshots[0] as never);
    expect(Number.isFinite(line.length_bias)).toBe(true);
    expect(line.length_bias).toBe(view?.now.unrelated.slope);
    expect(line.length_bias_before).toBe(view?.before.unrelated.slope);
    const clusters = await trainSteps(testConfig(), 1);
    expect(clusters.snapshots[0]?.lengthBias).toBeNull();
    expect(snapshotLine(clusters.snapshots[0] as never).length_bias).toBeNull();
  }, 60_000);
});
