/// <reference lib="webworker" />
// The dedicated worker: binds the engine's Trainer to postMessage, after registering the browser backends.
import { DIGITS_FILE } from '../data/digits';
import { loadBrowserBackend } from '../engine/browserBackends';
import { Trainer } from '../engine/trainer';
import type { TrainerCommand, TrainerEvent } from '../protocol/messages';

declare const self: DedicatedWorkerGlobalScope;

const channel = new MessageChannel();
const trainer = new Trainer({
  emit: (event: TrainerEvent, transfer?: ArrayBuffer[]) => self.postMessage(event, transfer ?? []),
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
});

self.onmessage = (event: MessageEvent<TrainerCommand>) => {
  void trainer.handle(event.data);
};
