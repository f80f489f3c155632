// Drives a Node trainer through its message protocol and records what it says.
import { createNodeTrainer } from '../../src/engine/nodeHost';
import type { Trainer } from '../../src/engine/trainer';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/protocol/config';
import type { TrainerCommand, TrainerEvent } from '../../src/protocol/messages';
import type { Snapshot } from '../../src/protocol/snapshot';

/** A trainer plus the events it emitted, with helpers to wait for them. */
export interface Driven {
  readonly trainer: Trainer;
  readonly events: TrainerEvent[];
  send(command: TrainerCommand): Promise<void>;
  snapshots(runId?: number): Snapshot[];
  lastSnapshot(): Snapshot;
  errors(): Extract<TrainerEvent, { type: 'error' }>[];
  waitFor(predicate: (event: TrainerEvent) => boolean, timeoutMs?: number): Promise<TrainerEvent>;
}

/** A small, fast experiment on wasm for tests; override fields as needed. */
export function testConfig(change: Partial<TrainConfig> = {}): TrainConfig {
  return { ...DEFAULT_TRAIN_CONFIG, backend: 'wasm', batch: 64, noise: 0.5, ...change };
}

/** Starts a Node trainer (wasm backend) that records its events. */
export async function drive(): Promise<Driven> {
  const events: TrainerEvent[] = [];
  const waiters: { predicate: (event: TrainerEvent) => boolean; resolve: (event: TrainerEvent) => void }[] =
    [];
  const trainer = await createNodeTrainer((event) => {
    events.push(event);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(event)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  });
  const snapshots = (runId?: number) =>
    events.flatMap((e) =>
      e.type === 'snapshot' && (runId === undefined || e.runId === runId) ? [e.snapshot] : [],
    );
  return {
    trainer,
    events,
    send: (command) => trainer.handle(command),
    snapshots,
    lastSnapshot() {
      const all = snapshots();
      const last = all[all.length - 1];
      if (!last) throw new Error('no snapshot yet');
      return last;
    },
    errors: () => events.flatMap((e) => (e.type === 'error' ? [e] : [])),
    waitFor(predicate, timeoutMs = 20_000) {
      const seen = events.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for an event')), timeoutMs);
        waiters.push({
          predicate,
          resolve: (event) => {
            clearTimeout(timer);
            resolve(event);
          },
        });
      });
    },
  };
}

/** Mean of the scalar `key` over snapshots. */
export function meanOf(snapshots: readonly Snapshot[], key: 'loss' | 'uniformity' | 'alignment'): number {
  return snapshots.reduce((sum, s) => sum + s[key], 0) / snapshots.length;
}
