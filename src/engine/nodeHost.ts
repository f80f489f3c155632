import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { TrainerEvent } from '../protocol/messages';
import { ensureNodeBackend } from './nodeBackend';
import { Trainer } from './trainer';

/** The digits file shipped in public/, read from disk in Node. */
const DIGITS_PATH = fileURLToPath(new URL('../../public/data/digits.csv.gz', import.meta.url));

/**
 * A Trainer running in Node on tf.js's wasm backend, driven by the same messages as the worker. Events go to
 * `onEvent` in order.
 */
export async function createNodeTrainer(onEvent: (event: TrainerEvent) => void): Promise<Trainer> {
  await ensureNodeBackend();
  return new Trainer({
    emit: onEvent,
    loadDigits: async () => new Uint8Array(await readFile(DIGITS_PATH)),
    now: () => performance.now(),
    yield: () => new Promise((resolve) => setImmediate(resolve)),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
}
