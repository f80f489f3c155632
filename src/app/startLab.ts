import { createLabStore, type LabStore } from '../state/store';
import type { TrainerControls } from '../state/trainerControls';
import { startUrlSync } from '../state/urlSync';
import { TrainerClient } from './trainerClient';

/** The page's lab: one store, kept in step with the link, and the trainer controls over the worker. */
export interface Lab {
  readonly store: LabStore;
  readonly controls: TrainerControls;
}

const createTrainerWorker = () =>
  new Worker(new URL('../worker/trainer.worker.ts', import.meta.url), { type: 'module', name: 'trainer' });

/**
 * Reads the link into a new store and starts the training worker on it, once per page and before React renders
 * anything, so that the worker's start-up (its script, tf.js) overlaps the page's first render. The lab lives
 * as long as the page.
 */
export function startLab(): Lab {
  const store = createLabStore();
  startUrlSync(store);
  return { store, controls: new TrainerClient(store, createTrainerWorker, { autoplay: true }) };
}
