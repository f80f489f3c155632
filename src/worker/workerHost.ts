/// <reference lib="webworker" />
// The browser's TrainerHost, shared by the lab's trainer worker and the sweep worker(s): how a Trainer in a
// dedicated worker fetches the digits, keeps time, sleeps, yields and loads GPU backends. Only `emit` differs:
// the trainer worker posts every event to the page, the sweep worker hands them to its runner.
import { DIGITS_FILE } from '../data/digits';
import { loadBrowserBackend } from '../engine/browserBackends';
import type { TrainerHost } from '../engine/trainer';

declare const self: DedicatedWorkerGlobalScope;

/** A TrainerHost for a trainer in this dedicated worker, sending its events to `emit`. */
export function workerHost(emit: TrainerHost['emit']): TrainerHost {
  const channel = new MessageChannel();
  return {
    emit,
    async loadDigits() {
      // The data set sits beside index.html (public/), one level above this worker's assets/ folder.
      // (self.location, not import.meta.url: Vite would rewrite the latter into a bundled asset lookup.)
      const response = await fetch(new URL(`../${DIGITS_FILE}`, self.location.href));
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${DIGITS_FILE}`);
      return new Uint8Array(await response.arrayBuffer());
    },
    now: () => performance.now(),
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    loadBackend: loadBrowserBackend,
    // A MessageChannel hop yields to the event loop without setTimeout's 4 ms clamp.
    yield: () =>
      new Promise<void>((resolve) => {
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(null);
      }),
  };
}
