// tf.js on the benchmark page's main thread (the naive loop): the same backends as the worker registers, with
// the wasm binaries served by Vite as application/wasm. Mirrors src/worker/trainer.worker.ts's set-up.
import '@tensorflow/tfjs-backend-webgpu';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPath from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdPath from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedPath from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { activateBackend } from '../engine/backend';
import type { BackendName } from '../protocol/config';

// The worker runs the SIMD build without threads (PLATFORM.md); the naive loop must run the same kernels.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPath,
  'tfjs-backend-wasm-simd.wasm': wasmSimdPath,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedPath,
});

/** Switches this page's tf.js to `name`; throws when tf.js cannot run it (it would fall back silently). */
export async function activatePageBackend(name: BackendName): Promise<void> {
  if (!(await activateBackend(name))) {
    throw new Error(`backend ${name} is not available on the page (running ${tf.getBackend() ?? 'none'})`);
  }
}
