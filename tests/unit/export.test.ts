import { describe, expect, it } from 'vitest';
import { DecimatedSeries } from '../../src/core/series';
import { DEFAULT_TRAIN_CONFIG } from '../../src/protocol/config';
import {
  describeModel,
  encodeWeightsFile,
  isLoadedNotice,
  loadedNotice,
  MAX_WEIGHTS_FILE_BYTES,
  modelMismatch,
  parseWeightsFile,
  type WeightsFile,
  weightsFileOf,
  weightsFileTooLarge,
} from '../../src/protocol/weightsFile';
import { METRIC_KEYS, type MetricKey } from '../../src/state/store';
import { METRIC_CSV_COLUMNS, metricsCsv } from '../../src/ui/export/csv';
import { float32Text, projectorLabelsTsv, projectorVectorsTsv } from '../../src/ui/export/projector';

/** A history as the store keeps it: every metric pushed at the same steps. */
function historyOf(steps: number[], metricAt: (key: MetricKey, step: number) => number) {
  const history = Object.fromEntries(METRIC_KEYS.map((key) => [key, new DecimatedSeries(16)])) as Record<
    MetricKey,
    DecimatedSeries
  >;
  for (const step of steps) for (const key of METRIC_KEYS) history[key].push(step, metricAt(key, step));
  return history;
}

/** Splits a CSV or TSV into rows of cells (the formats here never quote). */
function table(text: string, separator: string): string[][] {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => line.split(separator));
}

describe('metrics CSV', () => {
  it('has the header row, one row per kept step, and numbers that read back exactly', () => {
    const value = (key: MetricKey, step: number) => Math.PI * (METRIC_KEYS.indexOf(key) + 1) + step / 3;
    const csv = metricsCsv(historyOf([0, 1, 2, 5, 9], value));
    const [header, ...rows] = table(csv, ',');
    expect(header).toEqual([
      'step',
      'loss',
      'alignment',
      'uniformity',
      'tolerance',
      'knn_acc',
      'effective_negatives',
      'fn_share',
      'fn_weight',
      'sts_spearman',
    ]);
    expect(rows.map((row) => Number(row[0]))).toEqual([0, 1, 2, 5, 9]);
    for (const row of rows) {
      expect(row).toHaveLength(METRIC_KEYS.length + 1);
      const step = Number(row[0]);
      METRIC_KEYS.forEach((key, i) => {
        expect(Number(row[i + 1])).toBe(value(key, step)); // full precision: not rounded
      });
    }
    expect(Object.values(METRIC_CSV_COLUMNS)).toEqual(header?.slice(1));
  });

  it('keeps the decimated steps and spells non-finite values so that parsers read them', () => {
    const csv = metricsCsv(historyOf([...Array(40).keys()], (_, step) => (step === 4 ? Number.NaN : 1e-7)));
    const rows = table(csv, ',').slice(1);
    expect(rows.length).toBeLessThan(16);
    expect(rows.length).toBeGreaterThan(4);
    expect(rows.find((row) => row[0] === '4')?.[1]).toBe('NaN');
    expect(Number(rows.at(-1)?.[1])).toBe(1e-7);
  });

  it('an empty history is the header alone; series kept at different steps are a bug', () => {
    expect(metricsCsv(historyOf([], () => 0))).toBe(
      'step,loss,alignment,uniformity,tolerance,knn_acc,effective_negatives,fn_share,fn_weight,sts_spearman\n',
    );
    const broken = historyOf([1, 2], () => 0);
    broken.tolerance.push(3, 0);
    expect(() => metricsCsv(broken)).toThrow(/invalid history: tolerance/);
  });
});

describe('Embedding Projector TSVs', () => {
  const rows = 5;
  const dim = 3;
  const embeddings = Float32Array.from({ length: rows * dim }, (_, i) => Math.sin(i + 0.5) / 1.7);
  const labels = Int32Array.from([0, 1, 2, 1, 0]);

  it('vectors: rows x dim tab-separated floats that read back to the same float32, no header', () => {
    const cells = table(projectorVectorsTsv({ rows, dim, embeddings }), '\t');
    expect(cells).toHaveLength(rows);
    for (const [r, row] of cells.entries()) {
      expect(row).toHaveLength(dim);
      row.forEach((cell, j) => {
        expect(Math.fround(Number(cell))).toBe(embeddings[r * dim + j]);
      });
    }
    expect(() => projectorVectorsTsv({ rows: 4, dim, embeddings })).toThrow(/invalid display/);
  });

  it('labels: a header, then each label with its class name, text made safe for TSV', () => {
    const cells = table(projectorLabelsTsv(labels, ['A', 'B\tb', 'C\nc']), '\t');
    expect(cells[0]).toEqual(['label', 'class_name']);
    expect(cells.slice(1)).toEqual([
      ['0', 'A'],
      ['1', 'B b'],
      ['2', 'C c'],
      ['1', 'B b'],
      ['0', 'A'],
    ]);
    expect(table(projectorLabelsTsv(Int32Array.from([7])), '\t')[1]).toEqual(['7', '7']);
  });

  it('float32 text is the shortest that round-trips', () => {
    expect(float32Text(Math.fround(0.1))).toBe('0.1');
    expect(float32Text(1)).toBe('1');
    expect(float32Text(Number.NaN)).toBe('NaN');
    for (const x of [1e-30, -3.4e38, 0.333333343267, 123456.789]) {
      const f = Math.fround(x);
      expect(Math.fround(Number(float32Text(f)))).toBe(f);
    }
  });
});

describe('weights file', () => {
  /** A 4 -> 3 -> 2 encoder's layers. */
  const layers = [
    { shape: [4, 3], data: Float32Array.from({ length: 12 }, (_, i) => (i - 6) / 7) },
    { shape: [3], data: Float32Array.from([0.5, -0.25, 1e-20]) },
    { shape: [3, 2], data: Float32Array.from({ length: 6 }, (_, i) => Math.fround(Math.exp(i))) },
    { shape: [2], data: Float32Array.from([0, -0]) },
  ];
  const file: WeightsFile = weightsFileOf(
    { ...DEFAULT_TRAIN_CONFIG, inputDim: 4, hidden: [3], dim: 2 },
    42,
    layers,
  );
  const json = () => JSON.parse(encodeWeightsFile(file)) as Record<string, unknown>;
  const refusal = (text: string): string => {
    const parsed = parseWeightsFile(text);
    if (!('error' in parsed)) throw new Error('expected a refusal');
    expect(parsed.error.length).toBeGreaterThan(10);
    return parsed.error;
  };

  it('round-trips: encode then parse gives the same file', () => {
    const text = encodeWeightsFile(file);
    const parsed = parseWeightsFile(text);
    if (!('file' in parsed)) throw new Error(parsed.error);
    expect(parsed.file.format).toBe('infonce-lab-weights');
    expect(parsed.file.version).toBe(1);
    expect(parsed.file.step).toBe(42);
    expect(parsed.file.config).toEqual(file.config);
    expect(parsed.file.layers.map((l) => l.shape)).toEqual(layers.map((l) => l.shape));
    parsed.file.layers.forEach((layer, i) => {
      expect(Array.from(layer.data)).toEqual(Array.from(layers[i]?.data ?? []));
    });
    expect(typeof json().layers).toBe('object');
    expect((json().layers as { data: unknown }[])[0]?.data).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('stores little-endian float32', () => {
    const one = weightsFileOf(file.config, 0, [
      { shape: [1, 1], data: Float32Array.from([1]) },
      { shape: [1], data: Float32Array.from([0]) },
    ]);
    const data = (JSON.parse(encodeWeightsFile(one)).layers as { data: string }[])[0]?.data ?? '';
    expect(Array.from(atob(data), (c) => c.charCodeAt(0))).toEqual([0x00, 0x00, 0x80, 0x3f]);
  });

  it('refuses what is not JSON, or another JSON file, naming why', () => {
    expect(refusal('not json {')).toMatch(/not JSON/);
    expect(refusal('[1, 2]')).toMatch(/not an object/);
    expect(refusal(JSON.stringify({ ...json(), format: 'keras' }))).toMatch(
      /not an InfoNCE Lab weights file \(its format is "keras"\)/,
    );
    expect(refusal(JSON.stringify({ ...json(), format: undefined }))).toMatch(/format is missing/);
    expect(refusal(JSON.stringify({ ...json(), version: 2 }))).toMatch(/version 2 is not one this lab reads/);
    expect(refusal(JSON.stringify({ ...json(), step: -1 }))).toMatch(/step -1/);
    expect(refusal(JSON.stringify({ ...json(), config: { ...file.config, tau: 'hot' } }))).toMatch(
      /settings are not valid: tau/,
    );
    expect(refusal(JSON.stringify({ ...json(), config: undefined }))).toMatch(
      /settings \(config\) are missing/,
    );
  });

  it('refuses missing, truncated, mis-shaped or non-finite layers', () => {
    const withLayers = (change: (layers: { shape: number[]; data: string }[]) => unknown) => {
      const base = json();
      const copy = structuredClone(base.layers) as { shape: number[]; data: string }[];
      return JSON.stringify({ ...base, layers: change(copy) });
    };
    expect(refusal(withLayers(() => []))).toMatch(/no layers/);
    expect(refusal(withLayers(() => 'abc'))).toMatch(/no layers/);
    expect(refusal(withLayers((l) => l.slice(0, 3)))).toMatch(/not kernel and bias pairs/);
    expect(
      refusal(
        withLayers((l) => {
          (l[0] as { data: string }).data = (l[0] as { data: string }).data.slice(0, -5);
          return l;
        }),
      ),
    ).toMatch(/layer 1's data is not base64/);
    expect(
      refusal(
        withLayers((l) => {
          (l[0] as { data: string }).data = (l[0] as { data: string }).data.slice(0, -8);
          return l;
        }),
      ),
    ).toMatch(/layer 1's data holds 42 bytes, not a whole number of float32 values/);
    expect(
      refusal(
        withLayers((l) => {
          (l[0] as { data: string }).data = (l[0] as { data: string }).data.slice(0, -16);
          return l;
        }),
      ),
    ).toMatch(/layer 1 \(a kernel\) has shape \[4, 3\] but holds 9 values, not 12/);
    expect(
      refusal(
        withLayers((l) => {
          (l[0] as { shape: unknown }).shape = [4, -3];
          return l;
        }),
      ),
    ).toMatch(/layer 1 has no valid shape/);
    expect(
      refusal(
        withLayers((l) => {
          (l[0] as { shape: number[] }).shape = [3, 4];
          return l;
        }),
      ),
    ).toMatch(/layer 2 \(a bias\) has shape \[3\], not \[4\]/);
    const nan = weightsFileOf(file.config, 1, [
      { shape: [1, 2], data: Float32Array.from([1, Number.NaN]) },
      { shape: [2], data: Float32Array.from([0, 0]) },
    ]);
    expect(refusal(encodeWeightsFile(nan))).toMatch(
      /layer 1 \(a kernel\) holds a non-finite value \(NaN\) at index 1/,
    );
    const unchained = weightsFileOf(file.config, 1, [
      { shape: [1, 2], data: Float32Array.from([1, 2]) },
      { shape: [2], data: Float32Array.from([0, 0]) },
      { shape: [3, 1], data: Float32Array.from([1, 2, 3]) },
      { shape: [1], data: Float32Array.from([0]) },
    ]);
    expect(refusal(encodeWeightsFile(unchained))).toMatch(
      /layer 3 \(a kernel\) takes 3 inputs but the layer before gives 2/,
    );
  });

  it('refuses a file over 50 MB before parsing it', () => {
    expect(weightsFileTooLarge(MAX_WEIGHTS_FILE_BYTES)).toBeNull();
    const huge = `{"format":"infonce-lab-weights","pad":"${'x'.repeat(MAX_WEIGHTS_FILE_BYTES)}"}`;
    expect(refusal(huge)).toMatch(/the file is 50\.0 MB, more than the 50\.0 MB a weights file can be/);
  });

  it('describes models and says why shapes do not match', () => {
    const shapes = layers.map((l) => l.shape);
    expect(describeModel(shapes)).toBe('4 → 3 → 2');
    expect(modelMismatch(shapes, shapes)).toBeNull();
    const other = [[32, 128], [128], [128, 3], [3]];
    const wide = [[64, 128], [128], [128, 3], [3]];
    // plain words, no code: what differs, and that the file's own settings would fit
    expect(modelMismatch(other, wide)).toBe(
      "the file holds a model of another shape (layer widths 32 → 128 → 3) than this run's (64 → 128 → 3): weights only fit a model built with the same settings",
    );
  });

  it('the load notice names the steps, the fresh optimiser, and another data set', () => {
    expect(loadedNotice(file, file.config, 7)).toBe(
      'Loaded the weights of step 42 from the file; training goes on from step 7 with a fresh Adam optimiser (its moment estimates start again from zero).',
    );
    expect(loadedNotice(file, { ...file.config, dataset: 'digits' }, 7)).toMatch(
      /They were trained on clusters; this run uses digits\.$/,
    );
    expect(isLoadedNotice(loadedNotice(file, file.config, 7))).toBe(true);
    expect(isLoadedNotice('Batch capped by the training set: …')).toBe(false);
  });

  it('programmer errors throw with the name and value', () => {
    expect(() => weightsFileOf(file.config, 1.5, layers)).toThrow('invalid step: 1.5');
  });
});
