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

/** What a run reports besides its snapshots, and where it takes them. */
export interface TrainOptions {
  readonly onSnapshot?: (snapshot: Snapshot) => void;
  readonly onNotice?: (message: string) => void;
  /** the person's sentences, for `dataset=mine` */
  readonly sentences?: UserSentences | null;
  /**
   * the steps to take a snapshot at (and the last step); default every STEPS_PER_LINE. A snapshot draws from no
   * training stream, so fewer of them give the same training (a text snapshot costs several steps' time)
   */
  readonly snapshotAt?: readonly number[];
}

/** The trainer runs at most this many steps per `step` command (trainer.ts). */
const MAX_CHUNK = 1000;

/**
 * Trains `config` for `steps` steps on a fresh Node trainer (tf.js wasm), calling `onSnapshot` with the
 * snapshot after every STEPS_PER_LINE steps (or at `snapshotAt`); stops early on an error.
 */
export async function trainSteps(
  config: TrainConfig,
  steps: number,
  {
    onSnapshot = () => undefined,
    onNotice = () => undefined,
    sentences = null,
    snapshotAt,
  }: TrainOptions = {},
): Promise<TrainedRun> {
  const stops = snapshotAt ? [...new Set([...snapshotAt, steps])].filter((s) => s > 0 && s <= steps) : null;
  stops?.sort((a, b) => a - b);
  const nextStop = (done: number) =>
    Math.min(done + MAX_CHUNK, stops ? (stops.find((s) => s > done) ?? steps) : done + STEPS_PER_LINE, steps);
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
      const chunk = nextStop(done) - done;
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
