// The page's banners (issue 22): batch-cap notices that name the real limit and go once the batch fits, one
// weights banner at a time, and the offer to load a weights file of another model shape with its own settings.

import { describe, expect, it, vi } from 'vitest';
import { shownRowsNote } from '../../src/charts/negativeWeights/StrategyCaption';
import { DEFAULT_TRAIN_CONFIG } from '../../src/protocol/config';
import type { TrainerEvent } from '../../src/protocol/messages';
import { batchCapNotice, isBatchCapNotice } from '../../src/protocol/notices';
import { loadedNotice, type WeightsFile, weightsFileOf } from '../../src/protocol/weightsFile';
import { DEFAULT_LAB_STATE } from '../../src/state/schema';
import { createLabStore } from '../../src/state/store';
import {
  copyWeights,
  loadWithFileSettings,
  settingsDifference,
  stateForWeights,
} from '../../src/ui/export/weightsOffer';

const backend = { backend: 'wasm', requested: 'auto', reason: 'test', adapter: null, measured: {} } as const;

/** A store whose trainer is ready with a batch limit of `limit` pairs. */
function readyStore(limit: number, batch = 128) {
  const store = createLabStore({ ...DEFAULT_LAB_STATE, config: { ...DEFAULT_TRAIN_CONFIG, batch } });
  const runId = store.getState().nextRun();
  store.getState().ingest({ type: 'ready', runId, backend, batchLimit: limit });
  const say = (event: Omit<Extract<TrainerEvent, { type: 'notice' }>, 'runId'>) =>
    store.getState().ingest({ ...event, runId: store.getState().runId });
  return { store, notice: (message: string) => say({ type: 'notice', message }) };
}

describe('batch-cap notices', () => {
  it('name the training set when it is the limit, and the backend’s memory when that is', () => {
    const data = batchCapNotice(512, 384, 'data', 'wasm');
    expect(data).toBe(
      'Batch capped by the training set: 512 pairs need 512 different training examples and the training set has 384, so training uses batches of 384 pairs (each example once per batch).',
    );
    expect(data).not.toMatch(/wasm/);
    const memory = batchCapNotice(4096, 2048, 'backend', 'wasm');
    expect(memory).toBe(
      "Batch capped by wasm's memory: 4096 pairs make a 8192 × 8192 similarity matrix, more than wasm holds comfortably here, so training uses batches of 2048 pairs.",
    );
    expect(isBatchCapNotice(data) && isBatchCapNotice(memory)).toBe(true);
    expect(isBatchCapNotice('Loaded the weights of step 3 from the file')).toBe(false);
  });

  it('go as soon as a later batch fits, and stay while it does not', () => {
    const { store, notice } = readyStore(384);
    store.getState().setConfig({ batch: 512 });
    notice(batchCapNotice(512, 384, 'data', 'wasm'));
    expect(store.getState().notices).toHaveLength(1);
    store.getState().setConfig({ batch: 1024 }); // still too large: the trainer sends a new notice
    notice(batchCapNotice(1024, 384, 'data', 'wasm'));
    expect(store.getState().notices).toEqual([batchCapNotice(1024, 384, 'data', 'wasm')]); // replaced, not stacked
    store.getState().setConfig({ tau: 0.5 }); // another field: the cap still holds
    expect(store.getState().notices).toHaveLength(1);
    store.getState().setConfig({ batch: 256 });
    expect(store.getState().notices).toEqual([]);
  });

  it('go with the run: a preset with a smaller batch (a new run) starts without them', () => {
    const { store, notice } = readyStore(384, 512);
    notice(batchCapNotice(512, 384, 'data', 'wasm'));
    store.getState().applyState({ ...DEFAULT_LAB_STATE, config: { ...DEFAULT_TRAIN_CONFIG, batch: 64 } }, []);
    store.getState().nextRun();
    expect(store.getState().notices).toEqual([]);
  });

  it('go when a new backend holds the batch (its ready event brings a larger limit)', () => {
    const { store, notice } = readyStore(1024, 2048);
    notice(batchCapNotice(2048, 1024, 'backend', 'cpu'));
    store.getState().ingest({ type: 'ready', runId: store.getState().runId, backend, batchLimit: 2048 });
    expect(store.getState().notices).toEqual([]);
  });
});

describe('weights banners, one at a time', () => {
  const layers = [
    { shape: [4, 3], data: new Float32Array(12).fill(0.5) },
    { shape: [3], data: new Float32Array(3) },
  ];
  const file = weightsFileOf({ ...DEFAULT_TRAIN_CONFIG, dim: 8, backend: 'webgpu' }, 42, layers);

  it('a new refusal replaces the last one; a success replaces the refusal and forgets the file', () => {
    const { store, notice } = readyStore(2048);
    const refuse = (message: string) => store.getState().reportError({ code: 'BAD_WEIGHTS', message });
    refuse('a.json was not loaded: it is not an InfoNCE Lab weights file.');
    refuse('b.json was not loaded: the file is not JSON.');
    expect(store.getState().errors.map((e) => e.message)).toEqual([
      'b.json was not loaded: the file is not JSON.',
    ]);
    store.getState().setPendingWeights({ name: 'w.json', file });
    notice(loadedNotice(file, DEFAULT_TRAIN_CONFIG, 0));
    expect(store.getState().errors).toEqual([]);
    expect(store.getState().pendingWeights).toBeNull();
    notice(loadedNotice(file, DEFAULT_TRAIN_CONFIG, 5));
    expect(store.getState().notices).toHaveLength(1); // the newer success only
    refuse('c.json was not loaded: it holds no layers.');
    expect(store.getState().notices).toEqual([]); // the refusal replaces the success
    expect(store.getState().errors).toHaveLength(1);
  });

  it('name the settings that differ, in the panel’s words', () => {
    expect(settingsDifference(file.config, DEFAULT_TRAIN_CONFIG)).toMatch(/8 \(this run: 3\)$/);
    expect(settingsDifference(DEFAULT_TRAIN_CONFIG, DEFAULT_TRAIN_CONFIG)).toBe('');
    // live fields (tau) and the backend are not what shapes a model
    expect(
      settingsDifference({ ...DEFAULT_TRAIN_CONFIG, tau: 0.5, backend: 'cpu' }, DEFAULT_TRAIN_CONFIG),
    ).toBe('');
  });

  it('the offer: a new run with the file’s settings (the page’s backend kept), then the weights loaded into it', () => {
    const store = createLabStore();
    store.getState().setPendingWeights({ name: 'w.json', file });
    const calls: string[] = [];
    const controls = {
      restartWith: vi.fn((state) => {
        calls.push('restart');
        store.getState().applyState(state, []);
        store.getState().nextRun();
      }),
      importWeights: vi.fn((_file: WeightsFile) => {
        calls.push('import');
      }),
    };
    loadWithFileSettings(store, controls);
    expect(calls).toEqual(['restart', 'import']);
    expect(store.getState().config.dim).toBe(8);
    expect(store.getState().config.backend).toBe(DEFAULT_TRAIN_CONFIG.backend);
    const sent = controls.importWeights.mock.calls[0]?.[0];
    expect(sent?.layers[0]?.data).toEqual(file.layers[0]?.data);
    expect(sent?.layers[0]?.data).not.toBe(file.layers[0]?.data); // a copy: the kept file survives the transfer
    expect(store.getState().pendingWeights?.file).toBe(file);
    expect(stateForWeights(file, DEFAULT_LAB_STATE).config.backend).toBe('auto');
    expect(copyWeights(file).layers[1]?.data.buffer).not.toBe(file.layers[1]?.data.buffer);
  });
});

describe("the weights chart's counts of shown rows", () => {
  it('are set apart from the training batch when the snapshot shows only its first pairs', () => {
    expect(shownRowsNote(256, 384, 'infonce')).toBe(
      'These counts are of the 256 rows the chart shows (the batch’s first 128 pairs), not of the training batch: 384 pairs, 768 rows.',
    );
    expect(shownRowsNote(255, 512, 'supervised')).toMatch(
      /first 85 pairs\), not of the training batch: 512 pairs, 1536 rows/,
    );
    expect(shownRowsNote(256, 128, 'infonce')).toBeNull(); // every row shown
  });
});
