// The real trainer worker (the same module the lab starts), driven through its protocol without the React page.
// Every event is stamped with the main thread's performance.now() on arrival, so speeds are step deltas over
// the wall time the page would see.
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../protocol/config';
import type { TrainerCommand, TrainerEvent } from '../protocol/messages';
import type { BackendReport, Snapshot } from '../protocol/snapshot';
import type { ConfigOverrides } from './api';

/** Longest wait for one event (the first WebGPU/WebGL steps compile shaders for seconds here). */
const EVENT_TIMEOUT_MS = 60_000;

/** A snapshot with the page time it arrived at. */
export interface TimedSnapshot {
  readonly snapshot: Snapshot;
  /** performance.now() on this page when the message arrived */
  readonly at: number;
}

interface Waiter {
  readonly accept: (event: TrainerEvent, at: number) => boolean;
  readonly resolve: (event: TrainerEvent) => void;
  readonly reject: (error: Error) => void;
}

/** One worker, one run at a time; resolves waits on events and rejects them on the worker's errors. */
export class WorkerSession {
  private readonly worker: Worker;
  private readonly waiters = new Set<Waiter>();
  private runId = 0;
  /** the newest snapshot of the current run */
  latest: TimedSnapshot | null = null;

  constructor() {
    this.worker = new Worker(new URL('../worker/trainer.worker.ts', import.meta.url), {
      type: 'module',
      name: 'bench-trainer',
    });
    this.worker.onmessage = (message: MessageEvent<TrainerEvent>) => this.receive(message.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.failAll(new Error(event.message || 'the trainer worker crashed'));
    };
  }

  /** Starts a new run with `backend` forced; resolves with the backend report once its first snapshot is in. */
  async configure(backend: TrainConfig['backend'], overrides: ConfigOverrides = {}): Promise<BackendReport> {
    this.runId += 1;
    this.latest = null;
    const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, ...overrides, backend };
    const ready = this.waitFor((e) => e.type === 'ready');
    const first = this.waitFor((e) => e.type === 'snapshot');
    this.send({ type: 'configure', runId: this.runId, config });
    const event = await ready;
    await first;
    if (event.type !== 'ready') throw new Error(`invalid event: ${event.type}`);
    return event.backend;
  }

  /** Sends a command for the current run. */
  send(command: TrainerCommand): void {
    this.worker.postMessage(command);
  }

  /** A command of the current run, built from its type and fields. */
  command(command: DistributiveOmit<TrainerCommand, 'runId'>): void {
    this.send({ ...command, runId: this.runId } as TrainerCommand);
  }

  /** The next snapshot of this run for which `accept` holds. */
  async nextSnapshot(accept: (s: TimedSnapshot) => boolean): Promise<TimedSnapshot> {
    let found: TimedSnapshot | null = null;
    await this.waitFor((event, at) => {
      if (event.type !== 'snapshot') return false;
      const timed = { snapshot: event.snapshot, at };
      if (!accept(timed)) return false;
      found = timed;
      return true;
    });
    if (!found) throw new Error('invalid wait: no snapshot');
    return found;
  }

  /** Stops the worker; pending waits fail. */
  terminate(): void {
    this.worker.terminate();
    this.failAll(new Error('the session ended'));
  }

  private waitFor(accept: (event: TrainerEvent, at: number) => boolean): Promise<TrainerEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no matching trainer event within ${EVENT_TIMEOUT_MS} ms`));
      }, EVENT_TIMEOUT_MS);
      const waiter: Waiter = {
        accept,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.add(waiter);
    });
  }

  private receive(event: TrainerEvent): void {
    const at = performance.now();
    if (event.runId !== this.runId) return;
    if (event.type === 'snapshot') this.latest = { snapshot: event.snapshot, at };
    if (event.type === 'error') {
      this.failAll(new Error(`${event.code}: ${event.message}`));
      return;
    }
    for (const waiter of [...this.waiters]) {
      if (!waiter.accept(event, at)) continue;
      this.waiters.delete(waiter);
      waiter.resolve(event);
    }
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiters) waiter.reject(error);
    this.waiters.clear();
  }
}

/** Omit over each member of a union (plain Omit would merge the members). */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
