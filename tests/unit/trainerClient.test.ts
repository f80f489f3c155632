import { describe, expect, it } from 'vitest';
import { TrainerClient } from '../../src/app/trainerClient';
import type { TrainerCommand } from '../../src/protocol/messages';
import { createLabStore } from '../../src/state/store';

/** A stand-in for the worker that records what the page posts to it. */
function fakeWorker() {
  const posted: TrainerCommand[] = [];
  const worker = {
    postMessage: (command: TrainerCommand) => posted.push(command),
    terminate: () => undefined,
    onmessage: null,
    onerror: null,
    onmessageerror: null,
  } as unknown as Worker;
  return { worker, posted };
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
});
