import { chartFeedOf } from '../charts/chartFeed';
import { createLabStore, type LabStore } from '../state/store';
import type { TrainerControls } from '../state/trainerControls';
import { startUrlSync } from '../state/urlSync';
import { createUserDataStore, dropMissingSentences, type UserDataStore, warnAbout } from '../state/userData';
import { TrainerClient } from './trainerClient';
import { createTrainerWorker } from './trainerWorker';

/** The page's lab: one store, kept in step with the link, and the trainer controls over the worker. */
export interface Lab {
  readonly store: LabStore;
  readonly controls: TrainerControls;
  /** the person's own sentences, kept in this browser */
  readonly userData: UserDataStore;
}

/**
 * Reads the link into a new store and starts training on it, once per page, on `firstWorker` (created before the
 * page's code loaded, see main.tsx); a crashed worker's replacement is a new one. The worker's snapshots are
 * paced by the chart feed, and their matrices go back to it once the charts are done with them. The lab lives as
 * long as the page. A link with `dataset=mine` waits for this browser's stored sentences (a link cannot carry
 * them) and, where there are none, opens with the default data set and a warning.
 */
export async function startLab(firstWorker: Worker): Promise<Lab> {
  const store = createLabStore();
  const userData = createUserDataStore();
  const missing = await dropMissingSentences(window, userData.getState().load());
  startUrlSync(store);
  if (missing) warnAbout(store, missing);
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
    sentences: () => userData.getState().sentences,
  });
  return { store, controls, userData };
}
