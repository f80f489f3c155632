/** A new training worker (the page starts one at once, and another when one crashes). */
export const createTrainerWorker = (): Worker =>
  new Worker(new URL('../worker/trainer.worker.ts', import.meta.url), { type: 'module', name: 'trainer' });
