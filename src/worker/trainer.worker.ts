/// <reference lib="webworker" />
// The dedicated worker: binds the engine's Trainer to postMessage. Registers the browser backends (WebGPU,
// WASM with its binaries served by Vite as application/wasm, WebGL, CPU) before the first command.
import '@tensorflow/tfjs-backend-webgpu';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPath from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdPath from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedPath from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { DIGITS_FILE } from '../data/digits';
import { Trainer } from '../engine/trainer';
import type { TrainerCommand, TrainerEvent } from '../protocol/messages';

declare const self: DedicatedWorkerGlobalScope;

// The threaded build needs cross-origin isolation and gains nothing on 2 cores (PLATFORM.md).
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPath,
  'tfjs-backend-wasm-simd.wasm': wasmSimdPath,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedPath,
});

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
