/** A new sweep worker (the sweep client starts one or more per sweep and terminates them when it ends). */
export const createSweepWorker = (): Worker =>
  new Worker(new URL('../worker/sweep.worker.ts', import.meta.url), { type: 'module', name: 'sweep' });
