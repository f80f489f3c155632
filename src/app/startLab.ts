import { chartFeedOf } from '../charts/chartFeed';
import { createLabStore, type LabStore } from '../state/store';
import type { TrainerControls } from '../state/trainerControls';
import { startUrlSync } from '../state/urlSync';
import { TrainerClient } from './trainerClient';
import { createTrainerWorker } from './trainerWorker';

/** The page's lab: one store, kept in step with the link, and the trainer controls over the worker. */
export interface Lab {
  readonly store: LabStore;
  readonly controls: TrainerControls;
}

/**
 * Reads the link into a new store and starts training on it, once per page, on `firstWorker` (created before the
 * page's code loaded, see main.tsx); a crashed worker's replacement is a new one. The worker's snapshots are
 * paced by the chart feed, and their matrices go back to it once the charts are done with them. The lab lives as
 * long as the page.
 */
export function startLab(firstWorker: Worker): Lab {
  const store = createLabStore();
  startUrlSync(store);
  let early: Worker | null = firstWorker;
  const nextWorker = () => {
    const worker = early ?? createTrainerWorker();
    early = null;
    return worker;
  };
  const feed = chartFeedOf(store);
  const controls = new TrainerClient(store, nextWorker, {
    autoplay: true,
    pacedBy: (listener) => feed.onAdmit(listener),
    releasedBy: (listener) => feed.onRelease(listener),
  });
  return { store, controls };
}
