// tf.js on the benchmark page's main thread (the naive loop): the same backends as the worker registers, with
// the wasm binaries served by Vite as application/wasm (engine/browserBackends.ts, as in the worker).
import * as tf from '@tensorflow/tfjs-core';
import { activateBackend } from '../engine/backend';
import { loadBrowserBackend } from '../engine/browserBackends';
import type { BackendName } from '../protocol/config';

/** Switches this page's tf.js to `name`; throws when tf.js cannot run it (it would fall back silently). */
export async function activatePageBackend(name: BackendName): Promise<void> {
  await loadBrowserBackend(name);
  if (!(await activateBackend(name))) {
    throw new Error(`backend ${name} is not available on the page (running ${tf.getBackend() ?? 'none'})`);
  }
}
