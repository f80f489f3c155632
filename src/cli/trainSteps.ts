// One experiment trained for a number of steps in Node, through the trainer's messages as the page sends them:
// the loop behind `npm run train`, `npm run measure-presets` and the engine tests that rerun a preset.
import type { UserSentences } from '../data/userSentences';
import { createNodeTrainer } from '../engine/nodeHost';
import type { TrainConfig } from '../protocol/config';
import type { TrainerEvent } from '../protocol/messages';
import type { Snapshot } from '../protocol/snapshot';
import { snapshotLine } from '../protocol/snapshotLine';

export { snapshotLine };

/** Steps between two reported snapshots (`npm run train` prints one line each). */
export const STEPS_PER_LINE = 10;

/** What a run ended with. */
export interface TrainedRun {
  /** the snapshot after each STEPS_PER_LINE steps (the last after the final, shorter chunk) */
  readonly snapshots: readonly Snapshot[];
  /** the trainer's error, if one stopped the run */
  readonly failure: Extract<TrainerEvent, { type: 'error' }> | null;
  /** the backend's reason for its choice */
  readonly backendReason: string;
  /** wall time of the training steps, s */
  readonly seconds: number;
}

/**
 * Trains `config` for `steps` steps on a fresh Node trainer (tf.js wasm), calling `onSnapshot` with the
 * snapshot after every STEPS_PER_LINE steps; stops early on an error.
 */
export async function trainSteps(
  config: TrainConfig,
  steps: number,
  onSnapshot: (snapshot: Snapshot) => void = () => undefined,
  onNotice: (message: string) => void = () => undefined,
  /** the person's sentences, for `dataset=mine` */
  sentences: UserSentences | null = null,
): Promise<TrainedRun> {
  let failure: Extract<TrainerEvent, { type: 'error' }> | null = null;
  let latest: Snapshot | null = null;
  let backendReason = '';
  const snapshots: Snapshot[] = [];
  const trainer = await createNodeTrainer((event) => {
    if (event.type === 'snapshot') latest = event.snapshot;
    else if (event.type === 'error') failure = event;
    else if (event.type === 'ready') backendReason = event.backend.reason;
    else if (event.type === 'notice') onNotice(event.message);
  });
  try {
    await trainer.handle({ type: 'configure', runId: 1, config, ...(sentences ? { sentences } : {}) });
    const started = performance.now();
    for (let done = 0; done < steps && !failure; ) {
      const chunk = Math.min(STEPS_PER_LINE, steps - done);
      await trainer.handle({ type: 'step', runId: 1, steps: chunk });
      done += chunk;
      const snapshot = latest as Snapshot | null;
      if (snapshot && !failure) {
        snapshots.push(snapshot);
        onSnapshot(snapshot);
      }
    }
    return { snapshots, failure, backendReason, seconds: (performance.now() - started) / 1000 };
  } finally {
    await trainer.handle({ type: 'dispose', runId: 1 });
  }
}
