// Applying a preset (presetApply.ts) through the page's trainer client: a fresh run of the preset's experiment,
// never an update of the model that was training, and nothing at all where a classroom link's lock turns it off.

import { describe, expect, it } from 'vitest';
import { TrainerClient } from '../../src/app/trainerClient';
import { DEFAULT_TRAIN_CONFIG } from '../../src/protocol/config';
import type { TrainerCommand } from '../../src/protocol/messages';
import { applyPreset } from '../../src/state/presetApply';
import { presetById } from '../../src/state/presets';
import { DEFAULT_VIEW_CONFIG, type LabState } from '../../src/state/schema';
import { createLabStore } from '../../src/state/store';
import { fakeSnapshot } from './charts/hypersphereFixture';

/** A store and a playing trainer client over a worker that records what the page posts to it. */
function lab(initial?: LabState) {
  const store = createLabStore(initial);
  const posted: TrainerCommand[] = [];
  const worker = {
    postMessage: (command: TrainerCommand) => posted.push(command),
    terminate: () => undefined,
  } as unknown as Worker;
  const client = new TrainerClient(store, () => worker, { autoplay: true, onWeights: () => undefined });
  /** what was posted since the last call */
  let seen = posted.length;
  const since = () => {
    const fresh = posted.slice(seen);
    seen = posted.length;
    return fresh;
  };
  return { store, client, since };
}

describe('applyPreset', () => {
  it('starts a new run of the preset over the defaults where a live change would update the old one', () => {
    const { store, client, since } = lab();
    const first = store.getState().runId;
    store
      .getState()
      .ingest({ type: 'snapshot', runId: first, snapshot: { ...fakeSnapshot({ dim: 3 }), step: 900 } });
    store.getState().setConfig({ lr: 3e-3 });
    expect(since().map((c) => c.type)).toEqual(['update']); // a live field by hand: the model trains on

    const preset = presetById('tau-tiny'); // only a live field differs from the defaults
    const applied = applyPreset(store, client, preset);
    const { runId, config, snapshot, history, historyVersion } = store.getState();
    expect(applied.disabled).toBe(false);
    expect(runId).toBe(first + 1);
    expect(config).toEqual({ ...DEFAULT_TRAIN_CONFIG, ...preset.config });
    expect(snapshot).toBeNull();
    expect(history.loss.length).toBe(0);
    expect(historyVersion).toBe(0);
    const sent = since();
    expect(sent.map((c) => c.type)).toEqual(['configure', 'speed', 'play']);
    expect(sent[0]).toEqual({ type: 'configure', runId, config });
    // the old run's late snapshots no longer reach the page
    store.getState().ingest({ type: 'snapshot', runId: first, snapshot: fakeSnapshot({ dim: 3 }) });
    expect(store.getState().snapshot).toBeNull();
    client.dispose();
  });

  it('starts one run, not two, when the preset also changes fields that restart', () => {
    const { store, client, since } = lab();
    const before = store.getState().runId;
    applyPreset(store, client, presetById('false-negatives')); // classes: new data
    expect(since().filter((c) => c.type === 'configure' || c.type === 'update')).toHaveLength(1);
    expect(store.getState().runId).toBe(before + 1);
    // the same preset again: a fresh run again, from step 0
    applyPreset(store, client, presetById('false-negatives'));
    expect(since()[0]).toMatchObject({ type: 'configure', runId: before + 2 });
    client.dispose();
  });

  it("keeps a classroom link's locked fields, and runs nothing for a preset about them", () => {
    const view = { ...DEFAULT_VIEW_CONFIG, hide: ['tau', 'batch'] as const };
    const { store, client, since } = lab({ config: { ...DEFAULT_TRAIN_CONFIG, tau: 0.05, batch: 32 }, view });
    const before = store.getState();

    const off = applyPreset(store, client, presetById('tau-tiny'));
    expect(off.disabled).toBe(true);
    expect(since()).toEqual([]);
    expect(store.getState().runId).toBe(before.runId);
    expect(store.getState().config).toBe(before.config);

    applyPreset(store, client, presetById('hard-negatives'));
    const { config, runId } = store.getState();
    expect(config).toEqual({
      ...DEFAULT_TRAIN_CONFIG,
      ...presetById('hard-negatives').config,
      tau: 0.05,
      batch: 32,
    });
    expect(store.getState().view).toEqual(view);
    expect(since()[0]).toEqual({ type: 'configure', runId, config });
    client.dispose();
  });
});
