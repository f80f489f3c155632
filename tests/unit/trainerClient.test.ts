import { describe, expect, it } from 'vitest';
import { TrainerClient } from '../../src/app/trainerClient';
import { matrixBuffers, type TrainerCommand } from '../../src/protocol/messages';
import type { Snapshot } from '../../src/protocol/snapshot';
import { createLabStore } from '../../src/state/store';
import { fakeSnapshot } from './charts/hypersphereFixture';

/** A stand-in for the worker that records what the page posts to it. */
function fakeWorker() {
  const posted: TrainerCommand[] = [];
  const transferred: ArrayBuffer[][] = [];
  const worker = {
    postMessage: (command: TrainerCommand, transfer: ArrayBuffer[] = []) => {
      posted.push(command);
      transferred.push(transfer);
    },
    terminate: () => undefined,
    onmessage: null,
    onerror: null,
    onmessageerror: null,
  } as unknown as Worker;
  return { worker, posted, transferred };
}

describe('trainer client', () => {
  it('asks a paced cadence and says "shown" each time the page takes a snapshot', () => {
    const store = createLabStore();
    const { worker, posted } = fakeWorker();
    const listeners: (() => void)[] = [];
    const client = new TrainerClient(store, () => worker, {
      autoplay: true,
      pacedBy: (listener) => {
        listeners.push(listener);
        return () => listeners.splice(listeners.indexOf(listener), 1);
      },
    });
    const runId = store.getState().runId;
    expect(posted).toContainEqual({ type: 'cadence', runId, snapshotMs: 100, paced: true });
    expect(posted.at(-1)).toEqual({ type: 'play', runId });
    for (const listener of listeners) listener();
    expect(posted.at(-1)).toEqual({ type: 'shown', runId });
    client.dispose();
    expect(listeners).toHaveLength(0);
  });

  it('leaves the cadence to the trainer when nothing paces it', () => {
    const { worker, posted } = fakeWorker();
    const client = new TrainerClient(createLabStore(), () => worker, { autoplay: false });
    expect(posted.some((command) => command.type === 'cadence' || command.type === 'shown')).toBe(false);
    client.dispose();
  });

  it("hands a released snapshot's matrices back to the worker, moving (not copying) each buffer once", () => {
    const store = createLabStore();
    const { worker, posted, transferred } = fakeWorker();
    let release: (snapshot: Snapshot) => void = () => undefined;
    const client = new TrainerClient(store, () => worker, {
      autoplay: false,
      releasedBy: (listener) => {
        release = listener;
        return () => {
          release = () => undefined;
        };
      },
    });
    const snapshot = fakeSnapshot({ dim: 3 });
    const buffers = matrixBuffers(snapshot);
    expect(buffers).toHaveLength(3); // similarity, r and the autograd gradient
    release(snapshot);
    expect(posted.at(-1)).toEqual({ type: 'recycle', runId: store.getState().runId, buffers });
    expect(transferred.at(-1)).toEqual(buffers);
    // Once moved, a buffer is detached here: releasing the snapshot again sends nothing (a transfer would throw).
    structuredClone(buffers, { transfer: buffers });
    const sent = posted.length;
    release(snapshot);
    expect(posted).toHaveLength(sent);
    client.dispose();
  });
});
