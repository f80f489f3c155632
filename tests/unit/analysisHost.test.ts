// The analysis worker's host and the page's client, wired together in Node without a worker: files in, the
// store's analysis out; a refused file keeps the analysis shown; the projection above 512 dimensions (through
// the m x m matrix) spans the same axes as the hypersphere chart's own.
import { describe, expect, it } from 'vitest';
import { normalise, uniformityRows } from '../../src/analysis/analysis';
import { leadingSubspace } from '../../src/charts/hypersphere/projection';
import { tolerance, uniformity } from '../../src/core/geometry';
import { createRng } from '../../src/core/rng';
import { createAnalysisStore } from '../../src/state/analysisStore';
import { AnalysisClient } from '../../src/ui/analysis/analysisClient';
import { AnalysisHost, projectionAxes } from '../../src/ui/analysis/analysisHost';
import type { AnalysisReply, AnalysisRequest } from '../../src/ui/analysis/messages';
import { float32Text } from '../../src/ui/export/projector';

/** rows x dim seeded Gaussian values. */
function gaussian(rows: number, dim: number, seed = 5): Float32Array {
  const rng = createRng(seed, 'data');
  return Float32Array.from({ length: rows * dim }, () => Math.fround(rng.normal()));
}

function vectorsTsv(values: Float32Array, dim: number): string {
  const lines: string[] = [];
  for (let i = 0; i < values.length / dim; i++)
    lines.push(Array.from(values.subarray(i * dim, (i + 1) * dim), float32Text).join('\t'));
  return `${lines.join('\n')}\n`;
}

/** A stand-in for the worker: requests go to a host (cloned as postMessage would), replies come back async. */
function fakeWorker(): Worker {
  const fake = {
    onmessage: null as ((event: MessageEvent<AnalysisReply>) => void) | null,
    onerror: null,
    postMessage(request: AnalysisRequest) {
      void host.handle(request);
    },
    terminate() {},
  };
  const host = new AnalysisHost((reply) => fake.onmessage?.({ data: reply } as MessageEvent<AnalysisReply>));
  return fake as unknown as Worker;
}

/** Waits until `ready` holds (the host's replies are async). */
async function until(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ready(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(ready()).toBe(true);
}

describe('analysis host and client', () => {
  const rows = 40;
  const dim = 6;
  const values = gaussian(rows, dim);
  const labels = Array.from({ length: rows }, (_, i) => `class <${i % 3}>`);
  const metadata = `label\tpair\n${labels.map((label, i) => `${label}\t${Math.floor(i / 2)}`).join('\n')}\n`;

  it('loads a Projector TSV with metadata, picks the label and pair columns and measures them', async () => {
    const store = createAnalysisStore(0.05);
    const client = new AnalysisClient(store, fakeWorker);
    client.load(new File([vectorsTsv(values, dim)], 'v.tsv'), new File([metadata], 'm.tsv'));
    expect(store.getState().loading).toBe('v.tsv and m.tsv');
    await until(() => store.getState().columnMeasures !== null && store.getState().uniformity !== null);
    const state = store.getState();
    expect(state.loading).toBeNull();
    expect(state.dataset?.points.rows).toBe(rows);
    expect(state.dataset?.format).toBe('projector-tsv');
    expect(state.dataset?.columns.map((column) => column.name)).toEqual(['label', 'pair']);
    expect([state.labelColumn, state.pairColumn]).toEqual([0, 1]);
    const matrix = Array.from({ length: rows }, (_, i) =>
      Array.from(values.subarray(i * dim, (i + 1) * dim)),
    );
    expect(state.uniformity?.value).toBeCloseTo(uniformity(matrix, 2), 6);
    expect(state.uniformity?.count).toBe(rows);
    const codes = labels.map((label) => Number(label.slice(7, 8)));
    expect(state.columnMeasures?.tolerance?.value).toBeCloseTo(tolerance(matrix, codes).sameClassMean, 6);
    expect(state.columnMeasures?.alignment?.count).toBe(rows / 2);
    // choosing no label column: tolerance is not measured
    client.chooseColumns(null, 1);
    await until(() => store.getState().columnMeasures !== null);
    expect(store.getState().columnMeasures?.tolerance).toBeNull();
  });

  it('refuses a malformed file with its line-numbered problems and keeps the analysis shown', async () => {
    const store = createAnalysisStore(0.05);
    const client = new AnalysisClient(store, fakeWorker);
    client.load(new File([vectorsTsv(values, dim)], 'good.tsv'), null);
    await until(() => store.getState().dataset !== null);
    const shown = store.getState().dataset;
    store.getState().setAnchor(3);
    client.load(new File(['1\t2\t3\n4\t5\n6\tabc\t7\n'], 'bad.tsv'), null);
    await until(() => store.getState().refusal !== null);
    const state = store.getState();
    expect(state.refusal).toEqual({
      file: 'bad.tsv',
      problems: ['line 2: 2 values, expected 3', "line 3: 'abc' is not a number (column 2)"],
    });
    expect(state.dataset).toBe(shown);
    expect(state.anchor).toBe(3);
    expect(state.loading).toBeNull();
    client.load(new File(['label\na\n'], 'meta-as-vectors.tsv'), new File(['x'], 'm.tsv'));
    await until(() => store.getState().refusal?.file === 'meta-as-vectors.tsv');
    expect(store.getState().refusal?.problems[0]).toBe('line 1: 1 value; points need at least 2 dimensions');
    expect(store.getState().dataset).toBe(shown);
  });

  it('drops a load replaced while it was read, so the rows measured stay the ones shown', async () => {
    const store = createAnalysisStore(0.05);
    const client = new AnalysisClient(store, fakeWorker);
    client.load(new File([vectorsTsv(values, dim)], 'first.tsv'), null);
    client.load(
      new File([vectorsTsv(gaussian(10, 3), 3)], 'second.tsv'),
      new File([metadata.split('\n').slice(0, 11).join('\n')], 'm.tsv'),
    );
    await until(() => store.getState().dataset !== null);
    expect(store.getState().dataset?.vectorsName).toBe('second.tsv');
    client.load(new File(['x'], 'third.tsv'), null); // refused: second stays, and is what the worker measures
    await until(() => store.getState().refusal !== null);
    client.chooseColumns(0, null);
    await until(() => store.getState().columnMeasures !== null);
    expect(store.getState().columnMeasures?.tolerance?.count).toBe(10);
  });

  it('projects above 512 dimensions onto the same axes as the hypersphere chart would', () => {
    const wide = normalise({ rows: 300, dim: 600, values: gaussian(300, 600, 9) }).points;
    // three strong independent directions, so the leading axes are well separated
    const signal = gaussian(300, 3, 4);
    for (let i = 0; i < wide.rows; i++)
      for (let a = 0; a < 3; a++)
        wide.unit[i * 600 + a * 7] =
          (wide.unit[i * 600 + a * 7] as number) + (3 - a) * (signal[3 * i + a] as number);
    const dual = projectionAxes(wide);
    const primal = leadingSubspace(wide.unit, wide.rows, wide.dim, 3);
    expect(dual.captured).toBeCloseTo(
      primal.moments.reduce((sum, m) => sum + m, 0),
      6,
    );
    for (let a = 0; a < 3; a++) {
      let dot = 0;
      for (let k = 0; k < 600; k++)
        dot += (dual.axes[a * 600 + k] as number) * (primal.axes[a * 600 + k] as number);
      expect(Math.abs(dot)).toBeCloseTo(1, 6);
    }
    expect(uniformityRows(300)).toHaveLength(300);
  });
});
