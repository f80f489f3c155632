import { createStore } from 'zustand/vanilla';
import { DecimatedSeries } from '../core/series';
import type { TrainConfig } from '../protocol/config';
import type { TrainerErrorCode, TrainerEvent, TrainerStatus } from '../protocol/messages';
import { isBatchCapNotice } from '../protocol/notices';
import type { RunTexts } from '../protocol/runTexts';
import type { BackendReport, Snapshot } from '../protocol/snapshot';
import { isLoadedNotice, type WeightsFile } from '../protocol/weightsFile';
import { DEFAULT_LAB_STATE, type LabState, type ViewConfig } from './schema';
import type { LinkWarning } from './url';

/** The metrics kept over time, in the order the metrics chart lists them. */
export const METRIC_KEYS = [
  'loss',
  'alignment',
  'uniformity',
  'tolerance',
  'knnAccuracy',
  'effectiveNegatives',
  'fnShare',
  'fnWeight',
  'stsSpearman',
] as const;
/** One metric of the snapshot kept over time. */
export type MetricKey = (typeof METRIC_KEYS)[number];

/**
 * Each metric's value in a snapshot. The false-negative measures are null with the labels hidden: NaN then, a gap
 * in the series (every series still gets a point at every step, as the CSV export requires).
 */
const METRIC_VALUE: Readonly<Record<MetricKey, (snapshot: Snapshot) => number>> = {
  loss: (s) => s.loss,
  alignment: (s) => s.alignment,
  uniformity: (s) => s.uniformity,
  tolerance: (s) => s.tolerance,
  knnAccuracy: (s) => s.knnAccuracy,
  effectiveNegatives: (s) => s.effectiveNegatives,
  fnShare: (s) => s.falseNegatives?.share ?? Number.NaN,
  fnWeight: (s) => s.falseNegatives?.weight ?? Number.NaN,
  // text mode only: NaN (a gap) for the other data sets
  stsSpearman: (s) => s.stsSpearman ?? Number.NaN,
};

/** A run's path through the alignment-uniformity plane, kept after the run (or its temperature) changes. */
export interface Trail {
  readonly id: string;
  /** what distinguishes this trail, e.g. "tau 0.05" */
  readonly label: string;
  readonly alignment: number[];
  readonly uniformity: number[];
}

/** An error from the trainer or the worker, shown until dismissed. */
export interface LabError {
  readonly code: TrainerErrorCode;
  readonly message: string;
  readonly step?: number;
  readonly rewindStep?: number;
}

/** Everything the page shows. Only the actions below change it (one-way data flow, DESIGN.md). */
export interface LabData {
  readonly config: TrainConfig;
  readonly view: ViewConfig;
  /** problems found in the link the page opened with (rendered as text) */
  readonly linkWarnings: readonly LinkWarning[];
  /** id of the current run; events of other runs are dropped */
  readonly runId: number;
  readonly status: TrainerStatus;
  readonly backend: BackendReport | null;
  readonly batchLimit: number | null;
  readonly snapshot: Snapshot | null;
  /**
   * metric series of the current model (mutable, bounded); `historyVersion` changes when they do. A new run
   * and a rebuild within a run (a new model from step 0: the snapshot's `modelId` changes) start new ones.
   */
  readonly history: Readonly<Record<MetricKey, DecimatedSeries>>;
  readonly historyVersion: number;
  /** which history `history` is: changes whenever a new one starts (a new run or a rebuild) */
  readonly historyId: number;
  readonly trails: readonly Trail[];
  /** text mode: the run's sentences by row and its STS baselines (the trainer's `texts`), else null */
  readonly texts: RunTexts | null;
  /** text mode: the current model's STS Spearman at step 0 (the untrained encoder's), else null */
  readonly stsStart: number | null;
  readonly errors: readonly LabError[];
  /**
   * what the trainer said about this run (a batch cap, loaded weights): one of each kind at a time, cleared by
   * a new run, and the batch cap as soon as the batch fits
   */
  readonly notices: readonly string[];
  /**
   * the weights file last sent to the trainer to load (a copy: the sent one's buffers moved to the worker), kept
   * until it loads, so that a refusal for its model's shape can offer to apply the file's settings and load it
   */
  readonly pendingWeights: PendingWeights | null;
}

/** A weights file on its way to the trainer, and the name it was chosen under. */
export interface PendingWeights {
  readonly name: string;
  readonly file: WeightsFile;
}

/** The store's actions. */
export interface LabActions {
  /** replaces the whole state, e.g. from a link (warnings are shown) */
  applyState(state: LabState, warnings: readonly LinkWarning[]): void;
  /** changes config fields (the app sends them to the worker) */
  setConfig(change: Partial<TrainConfig>): void;
  /** changes page-only fields */
  setView(change: Partial<ViewConfig>): void;
  /** starts a new run id (new data or model); returns it */
  nextRun(): number;
  /** takes one event from the trainer */
  ingest(event: TrainerEvent): void;
  /** reports an error that did not come from the trainer (a crashed worker) */
  reportError(error: LabError): void;
  dismissError(index: number): void;
  dismissNotices(): void;
  /** keeps (or forgets, with null) the weights file being loaded */
  setPendingWeights(pending: PendingWeights | null): void;
}

/** Most trails kept in the alignment-uniformity plane. */
const MAX_TRAILS = 8;
/** Most points of one trail. */
const MAX_TRAIL_POINTS = 400;

const emptyHistory = (): Record<MetricKey, DecimatedSeries> =>
  Object.fromEntries(METRIC_KEYS.map((key) => [key, new DecimatedSeries(512)])) as Record<
    MetricKey,
    DecimatedSeries
  >;

/** Creates the lab's store (one per page; tests make their own). */
export function createLabStore(initial: LabState = DEFAULT_LAB_STATE) {
  return createStore<LabData & LabActions>()((set, get) => ({
    config: initial.config,
    view: initial.view,
    linkWarnings: [],
    runId: 0,
    status: 'loading',
    backend: null,
    batchLimit: null,
    snapshot: null,
    history: emptyHistory(),
    historyVersion: 0,
    historyId: 0,
    trails: [],
    texts: null,
    stsStart: null,
    errors: [],
    notices: [],
    pendingWeights: null,

    applyState: (state, warnings) =>
      set({ config: state.config, view: state.view, linkWarnings: [...warnings] }),
    setConfig: (change) => {
      const config = { ...get().config, ...change };
      const { batchLimit, notices } = get();
      // a batch that fits now: the cap's notice no longer holds (one still too large gets a new notice)
      const fits = change.batch !== undefined && batchLimit !== null && config.batch <= batchLimit;
      set({ config, notices: fits ? notices.filter((n) => !isBatchCapNotice(n)) : notices });
    },
    setView: (change) => set({ view: { ...get().view, ...change } }),
    nextRun: () => {
      const runId = get().runId + 1;
      set({
        runId,
        snapshot: null,
        history: emptyHistory(),
        historyVersion: 0,
        historyId: get().historyId + 1,
        status: 'loading',
        texts: null,
        stsStart: null,
        errors: [],
        // they were about the run before (its batch cap, its loaded weights); the new run says its own
        notices: [],
      });
      return runId;
    },
    ingest: (event) => {
      if (event.runId !== get().runId) return; // a message of an older run
      switch (event.type) {
        case 'ready': {
          const fits = get().config.batch <= event.batchLimit;
          const notices = fits ? get().notices.filter((n) => !isBatchCapNotice(n)) : get().notices;
          set({ backend: event.backend, batchLimit: event.batchLimit, notices });
          return;
        }
        case 'status':
          set({ status: event.status });
          return;
        case 'snapshot':
          set(withSnapshot(get(), event.snapshot));
          return;
        case 'notice':
          set(withNotice(get(), event.message));
          return;
        case 'texts':
          set({ texts: event.texts });
          return;
        case 'error':
          set(
            withError(get(), {
              code: event.code,
              message: event.message,
              step: event.step,
              rewindStep: event.rewindStep,
            }),
          );
          return;
      }
    },
    reportError: (error) => set(withError(get(), error)),
    dismissError: (index) => set({ errors: get().errors.filter((_, i) => i !== index) }),
    dismissNotices: () => set({ notices: [] }),
    setPendingWeights: (pendingWeights) => set({ pendingWeights }),
  }));
}

/** The store type. */
export type LabStore = ReturnType<typeof createLabStore>;

/** The kinds of notice shown one at a time: a newer one of the same kind replaces the older. */
const NOTICE_KINDS = [isBatchCapNotice, isLoadedNotice] as const;

/**
 * A notice from the trainer: it replaces an older one of its kind; loaded weights also end the weights
 * banners before them (a refusal of an earlier try) and the pending file, which has now loaded.
 */
function withNotice(state: LabData, message: string): Partial<LabData> {
  const kind = NOTICE_KINDS.find((is) => is(message));
  const notices = [...state.notices.filter((n) => !kind?.(n)).slice(-4), message];
  if (!isLoadedNotice(message)) return { notices };
  return { notices, errors: state.errors.filter((e) => e.code !== 'BAD_WEIGHTS'), pendingWeights: null };
}

/** An error joins the list (the newest five); a weights refusal replaces the weights banners before it. */
function withError(state: LabData, error: LabError): Partial<LabData> {
  if (error.code !== 'BAD_WEIGHTS') return { errors: [...state.errors.slice(-4), error] };
  return {
    errors: [...state.errors.filter((e) => e.code !== 'BAD_WEIGHTS').slice(-4), error],
    notices: state.notices.filter((n) => !isLoadedNotice(n)),
  };
}

/**
 * A new snapshot: appended to the history and to the current trail (one per model and temperature). A snapshot
 * of another model than the previous one (a rebuild: the run id stays, the step starts again at 0) starts a new
 * history and trail, as a new run does, so no line joins the old model's last step to the new one's first.
 */
function withSnapshot(state: LabData, snapshot: Snapshot): Partial<LabData> {
  const previous = state.snapshot;
  const newModel = previous !== null && previous.modelId !== snapshot.modelId;
  const history = newModel ? emptyHistory() : state.history;
  const historyId = state.historyId + (newModel ? 1 : 0);
  const repeat =
    !newModel && previous !== null && previous.step === snapshot.step && previous.tau === snapshot.tau;
  if (!repeat) {
    for (const key of METRIC_KEYS) history[key].push(snapshot.step, METRIC_VALUE[key](snapshot));
  }
  return {
    snapshot,
    history,
    historyId,
    // stays increasing across a new history, so a chart keyed on it never mistakes the new one for the old
    historyVersion: state.historyVersion + (repeat ? 0 : 1),
    trails: repeat ? state.trails : extendTrail(state.trails, historyId, snapshot),
    stsStart: snapshot.step === 0 ? snapshot.stsSpearman : newModel ? null : state.stsStart,
  };
}

function extendTrail(trails: readonly Trail[], historyId: number, snapshot: Snapshot): Trail[] {
  const id = `${historyId}:${snapshot.lossId}:${snapshot.tau}`;
  const current = trails[trails.length - 1];
  if (current?.id === id) {
    const keep = current.alignment.length >= MAX_TRAIL_POINTS ? 1 : 0;
    return [
      ...trails.slice(0, -1),
      {
        ...current,
        alignment: [...current.alignment.slice(keep), snapshot.alignment],
        uniformity: [...current.uniformity.slice(keep), snapshot.uniformity],
      },
    ];
  }
  const label = `${snapshot.lossId}, tau ${snapshot.tau}, dim ${snapshot.display.dim}`;
  const trail = { id, label, alignment: [snapshot.alignment], uniformity: [snapshot.uniformity] };
  return [...trails.slice(-(MAX_TRAILS - 1)), trail];
}
