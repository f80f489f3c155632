import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBatchSampler } from '../../src/data/batches';
import {
  CLUSTERS_DEFAULTS,
  clusterCentres,
  MIN_PER_CLASS,
  makeClusters,
  classCounts as zipfCounts,
} from '../../src/data/clusters';
import { DIGITS_CREDIT, decodeDigits, parseDigitsCsv } from '../../src/data/digits';
import { DATASETS, isDatasetId } from '../../src/data/index';
import { DISPLAY_MAX_POINTS, pickDisplaySet, splitTrainTest } from '../../src/data/split';
import type { Dataset } from '../../src/data/types';

/** Euclidean distance between rows a and b of a rows x dim matrix. */
const rowDistance = (m: Float32Array, dim: number, a: number, b: number): number => {
  let sq = 0;
  for (let j = 0; j < dim; j++) sq += ((m[a * dim + j] as number) - (m[b * dim + j] as number)) ** 2;
  return Math.sqrt(sq);
};

/** All pairwise distances between rows of a k x dim matrix. */
const pairwise = (m: Float32Array, k: number, dim: number): number[] => {
  const out: number[] = [];
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) out.push(rowDistance(m, dim, a, b));
  return out;
};

/** Count of each label. */
const classCounts = (d: Dataset): number[] => {
  const counts = new Array<number>(d.classes).fill(0);
  for (const l of d.labels) counts[l] = (counts[l] as number) + 1;
  return counts;
};

/** A tiny labelled data set whose feature j of row r is r (so subsets can be traced back). */
const toy = (labels: readonly number[], classes: number): Dataset => ({
  id: 'clusters',
  name: 'toy',
  features: Float32Array.from(labels.flatMap((_, r) => [r, r])),
  labels: Int32Array.from(labels),
  rows: labels.length,
  dim: 2,
  classes,
});

const digitsBytes = readFileSync(new URL('../../public/data/digits.csv.gz', import.meta.url));

describe('makeClusters', () => {
  it('has the configured shape, balanced interleaved labels and finite features', () => {
    const d = makeClusters({ seed: 1 });
    const { classes, dim, perClass } = CLUSTERS_DEFAULTS;
    expect(d.rows).toBe(classes * perClass);
    expect(d.dim).toBe(dim);
    expect(d.classes).toBe(classes);
    expect(d.features.length).toBe(d.rows * d.dim);
    expect(d.labels.length).toBe(d.rows);
    expect(classCounts(d)).toEqual(new Array(classes).fill(perClass));
    expect(d.labels[9]).toBe(9 % classes);
    expect(d.features.every(Number.isFinite)).toBe(true);
    expect(d.classNames?.length).toBe(classes);
  });

  it('is deterministic in the seed and uses only the data stream', () => {
    const a = makeClusters({ seed: 4, perClass: 16 });
    const b = makeClusters({ seed: 4, perClass: 16 });
    expect(b.features).toEqual(a.features);
    expect(makeClusters({ seed: 5, perClass: 16 }).features).not.toEqual(a.features);
  });

  it('places a regular simplex (every centre distance = separation) when K <= D + 1', () => {
    for (const [classes, dim] of [
      [8, 32],
      [4, 3],
      [2, 1],
      [33, 32],
    ] as const) {
      const centres = clusterCentres({ seed: 2, classes, dim, separation: 3 });
      for (const dist of pairwise(centres, classes, dim)) expect(dist).toBeCloseTo(3, 4);
      // Centred at the origin.
      for (let j = 0; j < dim; j++) {
        let sum = 0;
        for (let k = 0; k < classes; k++) sum += centres[k * dim + j] as number;
        expect(Math.abs(sum)).toBeLessThan(1e-4);
      }
    }
  });

  it('scales random centres to a mean distance of separation when K > D + 1', () => {
    const centres = clusterCentres({ seed: 2, classes: 10, dim: 3, separation: 2.5 });
    const dists = pairwise(centres, 10, 3);
    expect(dists.reduce((a, b) => a + b, 0) / dists.length).toBeCloseTo(2.5, 4);
    expect(clusterCentres({ seed: 2, classes: 1, dim: 3 })).toEqual(new Float32Array(3));
  });

  it('draws samples around the centres with the configured noise; perClass never moves the centres', () => {
    const config = { seed: 9, classes: 4, dim: 8, separation: 3, noise: 0.5, perClass: 500 } as const;
    const d = makeClusters(config);
    const centres = clusterCentres(config);
    expect(clusterCentres({ ...config, perClass: 3, noise: 2 })).toEqual(centres);
    let sq = 0;
    const means = new Float32Array(config.classes * config.dim);
    for (let r = 0; r < d.rows; r++) {
      const k = d.labels[r] as number;
      for (let j = 0; j < config.dim; j++) {
        const x = d.features[r * config.dim + j] as number;
        const c = centres[k * config.dim + j] as number;
        sq += (x - c) ** 2;
        means[k * config.dim + j] = (means[k * config.dim + j] as number) + x / config.perClass;
      }
    }
    expect(Math.sqrt(sq / (d.rows * config.dim))).toBeCloseTo(0.5, 1);
    for (let i = 0; i < means.length; i++)
      expect(Math.abs((means[i] as number) - (centres[i] as number))).toBeLessThan(0.1);
  });

  it('throws on invalid configs, naming the field', () => {
    expect(() => makeClusters({ seed: 1, classes: 0 })).toThrow('invalid classes: 0');
    expect(() => makeClusters({ seed: 1, dim: 2.5 })).toThrow('invalid dim: 2.5');
    expect(() => makeClusters({ seed: 1, separation: -1 })).toThrow('invalid separation: -1');
    expect(() => makeClusters({ seed: 1, noise: Number.NaN })).toThrow('invalid noise: NaN');
    expect(() => makeClusters({ seed: 1, perClass: 0 })).toThrow('invalid perClass: 0');
    expect(() => makeClusters({ seed: 0.5 })).toThrow('invalid seed: 0.5');
  });
});

describe('digits', () => {
  it('decodes the real public/data/digits.csv.gz: 1797 x 64, 10 classes, values in [0, 1]', async () => {
    const { dataset, warnings } = await decodeDigits(new Uint8Array(digitsBytes));
    expect(warnings).toEqual([]);
    expect(dataset.id).toBe('digits');
    expect(dataset.rows).toBe(1797);
    expect(dataset.dim).toBe(64);
    expect(dataset.classes).toBe(10);
    expect(dataset.features.length).toBe(1797 * 64);
    expect(dataset.features.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(Math.max(...dataset.features)).toBe(1);
    const counts = classCounts(dataset);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1797);
    for (const c of counts) expect(c).toBeGreaterThan(170);
    // First row of the file: a zero, its third pixel 5/16.
    expect(dataset.labels[0]).toBe(0);
    expect(dataset.features[2]).toBe(5 / 16);
    expect(dataset.credit).toBe(DIGITS_CREDIT);
    expect(DIGITS_CREDIT).toContain('Alpaydin');
    expect(DIGITS_CREDIT).toContain('CC BY 4.0');
  });

  it('skips bad rows with a warning naming the row, and keeps the good ones', () => {
    const good = `${new Array(64).fill(16).join(',')},7`;
    const text = [
      good,
      '1,2,3',
      `${new Array(64).fill(17).join(',')},1`,
      `${new Array(64).fill(0).join(',')},10`,
      `${new Array(63).fill(0).join(',')},x,1`,
      '',
      `${new Array(64).fill(8).join(',')},3\r`,
      '',
    ].join('\n');
    const { dataset, warnings } = parseDigitsCsv(text);
    expect(dataset.rows).toBe(2);
    expect(Array.from(dataset.labels)).toEqual([7, 3]);
    expect(dataset.features[0]).toBe(1);
    expect(dataset.features[64]).toBe(0.5);
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toContain('row 2');
    expect(warnings[1]).toContain('row 3');
    expect(warnings[2]).toContain('row 4');
    expect(warnings[3]).toContain('row 5');
  });

  it('caps row warnings and reports an empty file', () => {
    const { dataset, warnings } = parseDigitsCsv(new Array(100).fill('junk').join('\n'));
    expect(dataset.rows).toBe(0);
    expect(warnings.length).toBeLessThan(25);
    expect(warnings.join('\n')).toContain('100 in all');
    expect(warnings.at(-1)).toContain('no valid rows');
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const { dataset } = parseDigitsCsv(text);
        expect(dataset.features.length).toBe(dataset.rows * 64);
      }),
      { numRuns: 200 },
    );
  });

  it('turns a corrupt gzip into a warning, decodes a small gzip, and reads bytes a server already gunzipped', async () => {
    const bad = await decodeDigits(new Uint8Array([0x1f, 0x8b, 1, 2, 3, 4, 5]));
    expect(bad.dataset.rows).toBe(0);
    expect(bad.warnings[0]).toContain('could not decompress');
    const plain = await decodeDigits(new TextEncoder().encode(`${new Array(64).fill(16).join(',')},3\n`));
    expect(plain.dataset.rows).toBe(1);
    expect(plain.dataset.labels[0]).toBe(3);
    const row = `${new Array(64).fill(4).join(',')},2\n`;
    const ok = await decodeDigits(new Uint8Array(gzipSync(row + row)));
    expect(ok.dataset.rows).toBe(2);
    expect(ok.dataset.features[0]).toBe(0.25);
  });
});

describe('splitTrainTest and pickDisplaySet', () => {
  const d = makeClusters({ seed: 3, classes: 5, dim: 4, perClass: 40 });

  it('splits disjointly, covering every row, stratified by class', () => {
    const { train, test } = splitTrainTest(d, { testFraction: 0.25, seed: 1 });
    expect(train.rows + test.rows).toBe(d.rows);
    expect(classCounts(test)).toEqual([10, 10, 10, 10, 10]);
    expect(classCounts(train)).toEqual([30, 30, 30, 30, 30]);
    // Rows are identified by their feature vectors (continuous, so distinct).
    const key = (x: Dataset, r: number) =>
      Array.from(x.features.subarray(r * x.dim, (r + 1) * x.dim)).join(',');
    const trainKeys = new Set(Array.from({ length: train.rows }, (_, r) => key(train, r)));
    const testKeys = Array.from({ length: test.rows }, (_, r) => key(test, r));
    for (const k of testKeys) expect(trainKeys.has(k)).toBe(false);
    expect(new Set([...trainKeys, ...testKeys]).size).toBe(d.rows);
  });

  it('is seeded, keeps labels with their rows, and holds out at least one of each class', () => {
    const t = toy([0, 0, 0, 1, 1, 2, 0, 1], 3);
    const a = splitTrainTest(t, { testFraction: 0.1, seed: 7 });
    expect(splitTrainTest(t, { testFraction: 0.1, seed: 7 })).toEqual(a);
    // Class 2 has one row: it stays in train. Classes 0 and 1 give one row each.
    expect(classCounts(a.test)).toEqual([1, 1, 0]);
    for (const part of [a.train, a.test]) {
      for (let r = 0; r < part.rows; r++) {
        expect(part.labels[r]).toBe(t.labels[part.features[r * 2] as number]);
      }
    }
    expect(splitTrainTest(t, { testFraction: 0, seed: 7 }).test.rows).toBe(0);
    expect(() => splitTrainTest(t, { testFraction: 1, seed: 7 })).toThrow('invalid testFraction: 1');
  });

  it('picks a stratified display set of distinct rows, capped at DISPLAY_MAX_POINTS', () => {
    const shown = pickDisplaySet(d, 50, 1);
    expect(shown.rows).toBe(50);
    expect(classCounts(shown)).toEqual([10, 10, 10, 10, 10]);
    const big = makeClusters({ seed: 3, classes: 3, dim: 2, perClass: 1000 });
    const capped = pickDisplaySet(big, 10_000, 1);
    expect(capped.rows).toBe(DISPLAY_MAX_POINTS);
    const counts = classCounts(capped);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(pickDisplaySet(d, 10_000, 1).rows).toBe(d.rows);
    const t = toy([0, 0, 0, 0, 0, 0, 1, 1, 2, 2], 3);
    const few = pickDisplaySet(t, 5, 2);
    expect(classCounts(few)).toEqual([3, 1, 1]);
    expect(new Set(few.features).size).toBe(5);
  });
});

describe('createBatchSampler', () => {
  it('returns distinct indices within each batch and visits every row once per epoch, N changing live', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 30 }),
        fc.integer(),
        (rows, sizes, seed) => {
          const sampler = createBatchSampler(toy(new Array(rows).fill(0), 1), seed);
          const stream: number[] = [];
          for (const n of sizes) {
            const batch = sampler.next(n);
            expect(batch.length).toBe(Math.min(n, rows));
            expect(sampler.lastClamped).toBe(n > rows);
            expect(new Set(batch).size).toBe(batch.length);
            stream.push(...batch);
          }
          // Each complete block of `rows` consecutive indices is one epoch: a permutation.
          for (let start = 0; start + rows <= stream.length; start += rows) {
            expect(new Set(stream.slice(start, start + rows)).size).toBe(rows);
          }
          expect(sampler.epoch).toBe(Math.max(0, Math.ceil(stream.length / rows) - 1));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is seeded and throws on a bad N or an empty data set', () => {
    const d = makeClusters({ seed: 1, classes: 4, dim: 2, perClass: 10 });
    const a = createBatchSampler(d, 3);
    const b = createBatchSampler(d, 3);
    const c = createBatchSampler(d, 4);
    const first = a.next(16);
    expect(b.next(16)).toEqual(first);
    expect(c.next(16)).not.toEqual(first);
    expect(() => a.next(0)).toThrow('invalid n: 0');
    expect(() => a.next(1.5)).toThrow('invalid n: 1.5');
    expect(() => createBatchSampler(toy([], 1), 1)).toThrow('invalid rows: 0');
  });

  it('picks a random other row of the same class as each anchor positive', () => {
    const t = toy([0, 1, 0, 1, 0, 2, 1, 0], 3);
    const sampler = createBatchSampler(t, 5);
    const anchors = Int32Array.from({ length: 400 }, (_, i) => i % t.rows);
    const positives = sampler.positives(anchors);
    const seen = new Map<number, Set<number>>();
    anchors.forEach((a, i) => {
      const p = positives[i] as number;
      expect(t.labels[p]).toBe(t.labels[a]);
      if (a === 5)
        expect(p).toBe(5); // the only row of class 2
      else expect(p).not.toBe(a);
      seen.set(a, (seen.get(a) ?? new Set()).add(p));
    });
    // Anchor 0 (class 0 = rows 0, 2, 4, 7) reaches all three other rows.
    expect([...(seen.get(0) ?? [])].sort()).toEqual([2, 4, 7]);
    expect(() => sampler.positives(Int32Array.of(8))).toThrow('invalid anchor: 8');
  });
});

describe('registry', () => {
  it('keeps ids apart from labels and credits the digits', () => {
    expect(Object.keys(DATASETS).sort()).toEqual(['clusters', 'digits', 'mine', 'sentences']);
    expect(DATASETS.digits.credit).toBe(DIGITS_CREDIT);
    expect(DATASETS.digits.file).toBe('data/digits.csv.gz');
    expect(isDatasetId('digits')).toBe(true);
    expect(isDatasetId('Digits')).toBe(false);
    expect(isDatasetId(3)).toBe(false);
  });
});

describe('skewed clusters (logQ)', () => {
  it('shares the rows as Zipf weights, at least MIN_PER_CLASS a class, balanced at skew 0', () => {
    expect(Array.from(zipfCounts(4, 10, 0))).toEqual([10, 10, 10, 10]);
    const counts = zipfCounts(8, 256, 1.5);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(8 * 256);
    // 1 / (c + 1)^1.5 over 8 classes: the first holds 52%
    expect((counts[0] as number) / (8 * 256)).toBeCloseTo(0.519, 2);
    for (let c = 1; c < 8; c++) expect(counts[c]).toBeLessThan(counts[c - 1] as number);
    expect(Math.min(...zipfCounts(8, 16, 3))).toBe(MIN_PER_CLASS);
  });

  it('makes the counted classes, dealt round robin, and the same rows as before at skew 0', () => {
    const skewed = makeClusters({ seed: 3, classes: 4, perClass: 20, skew: 1 });
    const counts = [0, 0, 0, 0];
    for (const label of skewed.labels) counts[label] = (counts[label] as number) + 1;
    expect(counts).toEqual(Array.from(zipfCounts(4, 20, 1)));
    expect(Array.from(skewed.labels.subarray(0, 8))).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    const balanced = makeClusters({ seed: 3, classes: 4, perClass: 20 });
    expect(Array.from(balanced.labels.subarray(0, 6))).toEqual([0, 1, 2, 3, 0, 1]);
    expect(() => makeClusters({ seed: 3, skew: -1 })).toThrow('invalid skew: -1');
  });
});
