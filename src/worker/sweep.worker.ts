/// <reference lib="webworker" />
// A sweep worker: trains the jobs the page gives it, one after another, on one Trainer of its own (the engine's
// runSweepJobs), and posts their progress and results. The page may run several of these side by side, each with
// its share of the jobs; it terminates a worker once it is done or cancelled, so nothing here outlives a sweep.
import { runSweepJobs, type SweepControl, type SweepReport } from '../engine/sweepRunner';
import { Trainer } from '../engine/trainer';
import type { SweepCommand, SweepEvent } from '../protocol/sweep';
import { workerHost } from './workerHost';

declare const self: DedicatedWorkerGlobalScope;

/**
 * Pause and cancel of one sweep, checked by the runner between chunks of steps. The runner's loop awaits only
 * promises that wasm settles as microtasks, so the page's pause or cancel would wait in this worker's queue
 * until the last job ended: each check first lets queued messages in (a MessageChannel hop, without
 * setTimeout's 4 ms clamp).
 */
class Steering implements SweepControl {
  private paused = false;
  private stopped = false;
  private waiting: (() => void)[] = [];
  private readonly channel = new MessageChannel();

  cancelled(): boolean {
    return this.stopped;
  }

  async whilePaused(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.channel.port1.onmessage = () => resolve();
      this.channel.port2.postMessage(null);
    });
    if (!this.paused || this.stopped) return;
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wake();
  }

  cancel(): void {
    this.stopped = true;
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}

/** The steering of each sweep this worker runs (one at a time in practice; keyed so stale commands miss). */
const sweeps = new Map<number, Steering>();

const post = (event: SweepEvent, transfer: Transferable[] = []) => self.postMessage(event, transfer);

async function start(sweepId: number, command: Extract<SweepCommand, { type: 'start' }>): Promise<void> {
  const steering = new Steering();
  sweeps.set(sweepId, steering);
  const report = (message: SweepReport) => {
    if (message.type !== 'result') {
      post({ ...message, sweepId });
      return;
    }
    // the display points move to the page rather than being copied
    const { embeddings, labels } = message.result.display;
    post({ type: 'result', sweepId, result: message.result }, [embeddings.buffer, labels.buffer]);
  };
  try {
    const { cancelled } = await runSweepJobs(
      async (onEvent) => new Trainer(workerHost(onEvent)),
      command.jobs,
      command.steps,
      report,
      { control: steering, sentences: command.sentences ?? null },
    );
    post({ type: 'done', sweepId, cancelled });
  } catch (error) {
    // a failure outside any one job (the backend would not load): run and seed -1 name the worker as a whole
    const message = error instanceof Error ? error.message : String(error);
    post({ type: 'error', sweepId, run: -1, seed: -1, message });
    post({ type: 'done', sweepId, cancelled: steering.cancelled() });
  } finally {
    sweeps.delete(sweepId);
  }
}

self.onmessage = (event: MessageEvent<SweepCommand>) => {
  const command = event.data;
  if (command.type === 'start') {
    void start(command.sweepId, command);
    return;
  }
  const steering = sweeps.get(command.sweepId);
  if (command.type === 'pause') steering?.pause();
  else if (command.type === 'resume') steering?.resume();
  else steering?.cancel();
};
