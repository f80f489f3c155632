// Node-only: picks the tf.js backend for command-line tools and engine tests. Never import it from the page or
// the worker (it uses node:module to find the installed .wasm files).
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
// In Node the union package is the simple way to register the gradients and the cpu backend: its Node build
// requires the same tfjs-core module as the engine (the core's own gradient module is browser-style ESM).
import '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';

/** The directory holding the installed tfjs-backend-wasm .wasm binaries, with a trailing slash. */
export function wasmBinaryDir(): string {
  // The package's Node entry (`main`) lives in dist/, next to the .wasm files.
  const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  return `${dirname(entry)}/`;
}

/**
 * Makes tf.js run on the wasm backend in Node (single-threaded SIMD build) and returns the backend's name;
 * falls back to 'cpu' with a warning only when wasm cannot start. Idempotent: a second call returns at once.
 */
export async function ensureNodeBackend(): Promise<string> {
  // `backendName` is set only by setBackend, so reading it never starts a backend by itself.
  if (tf.engine().backendName === 'wasm') {
    await tf.ready();
    return 'wasm';
  }
  // The threaded build needs worker threads the Node tools do not set up; on 2 cores SIMD alone is as fast.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  let reason = 'setBackend returned false';
  try {
    setWasmPaths(wasmBinaryDir());
    if (await tf.setBackend('wasm')) {
      await tf.ready();
      return tf.getBackend();
    }
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  console.warn(`tf.js wasm backend unavailable (${reason}); falling back to cpu`);
  await tf.setBackend('cpu');
  await tf.ready();
  return tf.getBackend();
}
