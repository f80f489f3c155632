// Issue 17, the page's side of the false-negative measures: the readout tiles (fn share and weight always, the
// filter's precision and recall only while the filter trains, "labels hidden" when the snapshot has none), the
// store's fnShare/fnWeight series (NaN with the labels hidden) and their CSV columns.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/protocol/config';
import type { FalseNegativeMeasures, Snapshot } from '../../src/protocol/snapshot';
import { createLabStore } from '../../src/state/store';
import { metricsCsv } from '../../src/ui/export/csv';
import { readoutTiles } from '../../src/ui/Readouts';
import { fakeSnapshot } from './charts/hypersphereFixture';

/** Measures with values no default could produce by accident (thirds and sevenths, unrounded). */
const MEASURES: FalseNegativeMeasures = {
  share: 1 / 3,
  count: 2.5,
  weight: 2 / 7,
  candidates: 7.5,
  filterPrecision: null,
  filterRecall: null,
};
const FILTERED: FalseNegativeMeasures = { ...MEASURES, filterPrecision: 5 / 9, filterRecall: Number.NaN };

const snapshotWith = (falseNegatives: FalseNegativeMeasures | null, step = 10): Snapshot => ({
  ...fakeSnapshot({ dim: 3 }),
  step,
  falseNegatives,
});
const config = (change: Partial<TrainConfig> = {}): TrainConfig => ({ ...DEFAULT_TRAIN_CONFIG, ...change });
const tiles = (snapshot: Snapshot, change: Partial<TrainConfig> = {}) =>
  readoutTiles(snapshot, config(change), 'running');
const tile = (snapshot: Snapshot, id: string, change: Partial<TrainConfig> = {}) => {
  const found = tiles(snapshot, change).find((t) => t.id === id);
  if (!found) throw new Error(`no tile ${id}`);
  return found;
};
const FILTER_TILES = ['filter-precision', 'filter-recall'];

describe('the false-negative readouts', () => {
  it('shows the share and the weight with their exact values, and no filter tiles, by default', () => {
    const snapshot = snapshotWith(MEASURES);
    const ids = tiles(snapshot).map((t) => t.id);
    expect(ids).toEqual(expect.arrayContaining(['fn-share', 'fn-weight']));
    expect(ids.filter((id) => FILTER_TILES.includes(id))).toEqual([]);
    expect(ids.indexOf('fn-weight')).toBe(ids.indexOf('fn-share') + 1);
    expect(tile(snapshot, 'fn-share')).toMatchObject({ label: 'false negatives (batch mean)', value: 1 / 3 });
    expect(tile(snapshot, 'fn-weight')).toMatchObject({ label: 'weight on false negatives', value: 2 / 7 });
    expect(tile(snapshot, 'fn-share').title).toMatch(/have its class/);
  });

  it('adds the filter’s precision and recall while the filter trains, right after the weight', () => {
    const snapshot = snapshotWith(FILTERED);
    const ids = tiles(snapshot, { falseNegatives: 'filter' }).map((t) => t.id);
    const at = ids.indexOf('fn-weight');
    expect(ids.slice(at, at + 3)).toEqual(['fn-weight', ...FILTER_TILES]);
    expect(tile(snapshot, 'filter-precision', { falseNegatives: 'filter' }).value).toBe(5 / 9);
    // no false negative in the batch: recall is undefined, NaN (the tile prints a dash, data-value "NaN")
    expect(tile(snapshot, 'filter-recall', { falseNegatives: 'filter' }).value).toBeNaN();
  });

  it('leaves the filter tiles out where the filter does not train: other rules, other objectives', () => {
    const snapshot = snapshotWith(FILTERED);
    for (const change of [
      { falseNegatives: 'eliminate' },
      { falseNegatives: 'attract' },
      { falseNegatives: 'filter', loss: 'dcl' },
      { falseNegatives: 'filter', loss: 'infonce-nxn' },
    ] as const) {
      const ids = tiles(snapshot, change).map((t) => t.id);
      expect(
        ids.filter((id) => FILTER_TILES.includes(id)),
        JSON.stringify(change),
      ).toEqual([]);
    }
  });

  it('reads a dash while the snapshot predates the switch to the filter (it has no filter measures yet)', () => {
    expect(tile(snapshotWith(MEASURES), 'filter-precision', { falseNegatives: 'filter' }).value).toBe('–');
  });

  it('says "labels hidden", with the reason as the tooltip, when the snapshot has no measures', () => {
    const snapshot = snapshotWith(null);
    for (const id of ['fn-share', 'fn-weight', ...FILTER_TILES]) {
      const t = tile(snapshot, id, { falseNegatives: 'filter', labels: 'hidden' });
      expect(t.value, id).toBe('labels hidden');
      expect(t.title, id).toMatch(/without the labels nothing tells a false negative from a true one/);
    }
  });

  it('keeps the other tiles as they were', () => {
    const snapshot = snapshotWith(MEASURES);
    expect(tiles(snapshot).map((t) => t.id)).toEqual([
      'step',
      'loss',
      'alignment',
      'uniformity',
      'effective-negatives',
      'negatives-used',
      'hardest-weight',
      'fn-share',
      'fn-weight',
      'steps-per-second',
      'tensors',
    ]);
  });
});

describe('the false-negative history', () => {
  it('pushes fnShare and fnWeight with every snapshot, NaN while the labels are hidden, and exports them', () => {
    const store = createLabStore();
    const runId = store.getState().nextRun();
    const ingest = (snapshot: Snapshot) => store.getState().ingest({ type: 'snapshot', runId, snapshot });
    ingest(snapshotWith(MEASURES, 0));
    ingest(snapshotWith(null, 10));
    ingest(snapshotWith({ ...MEASURES, share: 0.5, weight: 0.25 }, 20));
    const { history } = store.getState();
    expect(history.fnShare.points()).toEqual({ steps: [0, 10, 20], values: [1 / 3, Number.NaN, 0.5] });
    expect(history.fnWeight.points()).toEqual({ steps: [0, 10, 20], values: [2 / 7, Number.NaN, 0.25] });
    // the other series are kept at the same steps (the CSV requires it)
    expect(history.loss.points().steps).toEqual([0, 10, 20]);

    const [header, ...rows] = metricsCsv(history).trimEnd().split('\n');
    const columns = header?.split(',') ?? [];
    const share = columns.indexOf('fn_share');
    const weight = columns.indexOf('fn_weight');
    expect([share, weight].every((i) => i > 0)).toBe(true);
    const cells = rows.map((row) => row.split(','));
    expect(cells.map((row) => row[share])).toEqual([String(1 / 3), 'NaN', '0.5']);
    expect(cells.map((row) => row[weight])).toEqual([String(2 / 7), 'NaN', '0.25']);
  });
});
