import { useRoundSnapshot } from '../charts/chartFeed';
import type { StsBaselines } from '../data/stsBaselines';
import type { TrainConfig } from '../protocol/config';
import type { TrainerStatus } from '../protocol/messages';
import { measuresSts } from '../protocol/runTexts';
import type { FalseNegativeMeasures, Snapshot } from '../protocol/snapshot';
import { useLab } from '../state/LabProvider';
import { filterTrains } from './controlTable';
import { formatNumber } from './fields';
import { LABELS_HIDDEN } from './labels';

/** What the steps/s tile shows: "paused" while paused, else the rate, never below 0. */
export function stepsPerSecondText(status: TrainerStatus, stepsPerSecond: number): number | string {
  if (status === 'paused') return 'paused';
  return Number.isFinite(stepsPerSecond) && stepsPerSecond > 0 ? stepsPerSecond : 0;
}

/**
 * One live number with its exact value in `data-value` (tests and screen readers read it). Before the first
 * snapshot of a run the value is null: the tile is drawn at its final size with a dash and no `data-value`, so a
 * reader of the attribute finds no number rather than an empty text that reads as 0.
 */
function Readout({
  testId,
  label,
  value,
  title,
}: {
  testId: string;
  label: string;
  value: number | string | null;
  title: string;
}) {
  return (
    <div
      className="readout"
      data-testid={testId}
      data-value={value === null ? undefined : String(value)}
      title={title}
    >
      <span className="readout-label">{label}</span>
      <span className="readout-value">
        {value === null ? '–' : typeof value === 'number' ? formatNumber(value) : value}
      </span>
    </div>
  );
}

/** What the tiles read beside the snapshot: facts of the run the trainer sent once, or its first snapshot. */
export interface RunFacts {
  /** the current model's STS Spearman at step 0 (the untrained encoder), or null */
  readonly stsStart: number | null;
  /** the bag-of-words baselines on the run's STS pairs, or null */
  readonly stsBaselines: StsBaselines | null;
}

const NO_FACTS: RunFacts = { stsStart: null, stsBaselines: null };

/** One tile of the readouts: what it shows of a snapshot and its explanation (the tile's tooltip). */
interface Tile {
  readonly id: string;
  readonly label: string;
  readonly value: (snapshot: Snapshot, status: TrainerStatus, run: RunFacts) => number | string;
  readonly title: (snapshot: Snapshot, status: TrainerStatus) => string;
  /** whether the tile is on the panel for the current config; absent: always */
  readonly shown?: (config: TrainConfig) => boolean;
}

/**
 * A tile of the false-negative measures. With the labels hidden the snapshot has none: the tile says so, its
 * tooltip why. A measure the snapshot lacks (the filter's, in a snapshot from before fn = filter) reads "–".
 */
function falseNegativeTile(
  id: string,
  label: string,
  meaning: string,
  measure: (fn: FalseNegativeMeasures) => number | null,
  shown?: Tile['shown'],
): Tile {
  return {
    id,
    label,
    value: (s) => (s.falseNegatives === null ? LABELS_HIDDEN.text : (measure(s.falseNegatives) ?? '–')),
    title: (s) => (s.falseNegatives === null ? LABELS_HIDDEN.reason : meaning),
    shown,
  };
}

/** The readouts, in order; `id` names the tile's test id `readout-<id>`. */
const TILES: readonly Tile[] = [
  { id: 'step', label: 'step', value: (s) => s.step, title: (_, status) => `status: ${status}` },
  {
    id: 'loss',
    label: 'loss (batch mean)',
    value: (s) => s.loss,
    title: () => "mean over the anchors of the latest batch of each one's loss",
  },
  {
    id: 'alignment',
    label: 'alignment (batch mean)',
    value: (s) => s.alignment,
    title: () => "Wang & Isola, alpha = 2, mean over the batch's positive pairs; lower is better",
  },
  {
    id: 'uniformity',
    label: 'uniformity',
    value: (s) => s.uniformity,
    title: () => 'Wang & Isola, t = 2; lower is better',
  },
  {
    id: 'effective-negatives',
    label: 'effective negatives (batch mean)',
    value: (s) => s.effectiveNegatives,
    title: (s) =>
      `exp(entropy of r), mean over the batch's anchors (the charts' captions give one anchor's); at most the negatives used, ${formatNumber(s.negativesUsed)}`,
  },
  {
    id: 'negatives-used',
    label: 'negatives used (batch mean)',
    value: (s) => s.negativesUsed,
    title: () =>
      "negatives each anchor's loss uses: its kept candidates, a queue's keys, the corpus, MoCHi's points; mean over the batch's anchors",
  },
  {
    id: 'hardest-weight',
    label: 'weight on the hardest (batch mean)',
    value: (s) => s.hardestWeight,
    title: () =>
      "the largest weight r_ij of each anchor: the share of its push on its hardest negative; mean over the batch's anchors",
  },
  falseNegativeTile(
    'fn-share',
    'false negatives (batch mean)',
    "share of each anchor's labelled candidate negatives that have its class; mean over the batch's anchors",
    (fn) => fn.share,
  ),
  falseNegativeTile(
    'fn-weight',
    'weight on false negatives',
    "share of each anchor's weight r on its false negatives (0 when it pushes none); mean over the anchors",
    (fn) => fn.weight,
  ),
  falseNegativeTile(
    'filter-precision',
    'filter precision',
    "share of the positive-aware filter's drops that are false negatives; – when it drops none",
    (fn) => fn.filterPrecision,
    filterTrains,
  ),
  falseNegativeTile(
    'filter-recall',
    'filter recall',
    'share of the false negatives that the positive-aware filter drops; – when there are none',
    (fn) => fn.filterRecall,
    filterTrains,
  ),
  {
    id: 'sts',
    label: 'STS Spearman',
    value: (s) => s.stsSpearman ?? '–',
    title: () =>
      "100 × Spearman between the encoder's cosine (no dropout) of the held-out graded pairs and their gold scores (SimCSE's STS protocol); on synthetic sentences, so read it against the two tiles beside it, not published STS results",
    shown: measuresSts,
  },
  {
    id: 'sts-untrained',
    label: 'STS untrained',
    value: (_, __, run) => run.stsStart ?? '–',
    title: () => 'the same measure at step 0: this encoder before training (random weights)',
    shown: measuresSts,
  },
  {
    id: 'sts-tfidf',
    label: 'STS bag of words',
    value: (_, __, run) => run.stsBaselines?.tfIdf ?? '–',
    title: () =>
      'the same measure with TF-IDF cosines of the words (IDF fitted on the training sentences), no training at all: the fair yardstick on these sentences',
    shown: measuresSts,
  },
  {
    id: 'steps-per-second',
    label: 'steps/s',
    value: (s, status) => stepsPerSecondText(status, s.stepsPerSecond),
    title: () => 'training steps per second since the previous snapshot; paused time is not counted',
  },
  {
    id: 'tensors',
    label: 'tensors',
    value: (s) => s.tensors,
    title: () => 'tensors alive on the backend; flat while training means nothing leaks',
  },
];

/** A tile as drawn: its test id's suffix, label, value (exact in `data-value`) and tooltip. */
export interface TileView {
  readonly id: string;
  readonly label: string;
  readonly value: number | string;
  readonly title: string;
}

/** The tiles on the panel for a config, in order. */
const shownTiles = (config: TrainConfig): Tile[] => TILES.filter((tile) => tile.shown?.(config) ?? true);

/** The tiles on the panel for a snapshot, the store's config and the trainer's status, in order. */
export function readoutTiles(
  snapshot: Snapshot,
  config: TrainConfig,
  status: TrainerStatus,
  run: RunFacts = NO_FACTS,
): TileView[] {
  return shownTiles(config).map((tile) => ({
    id: tile.id,
    label: tile.label,
    value: tile.value(snapshot, status, run),
    title: tile.title(snapshot, status),
  }));
}

/** What the tiles say until the first snapshot. */
const STARTING = 'Starting the trainer…';

/**
 * The scalars of the round's snapshot: the one the charts are handed (chartFeed.ts), so the tiles and the charts
 * show the same snapshot. Tiles that average over the batch say "batch mean"; the charts' captions name their
 * anchor.
 */
export function Readouts() {
  const snapshot = useRoundSnapshot();
  const status = useLab((s) => s.status);
  const config = useLab((s) => s.config);
  const stsStart = useLab((s) => s.stsStart);
  const stsBaselines = useLab((s) => s.texts?.stsBaselines ?? null);
  // Until the first snapshot the same tiles stand with no values, so nothing moves when the numbers arrive.
  const tiles: readonly (Omit<TileView, 'value'> & { value: TileView['value'] | null })[] = snapshot
    ? readoutTiles(snapshot, config, status, { stsStart, stsBaselines })
    : shownTiles(config).map((tile) => ({ id: tile.id, label: tile.label, value: null, title: STARTING }));
  return (
    <section className="readouts" aria-label="Live readouts" aria-busy={snapshot ? undefined : true}>
      {snapshot ? null : <span className="visually-hidden">{STARTING}</span>}
      {tiles.map((tile) => (
        <Readout
          key={tile.id}
          testId={`readout-${tile.id}`}
          label={tile.label}
          value={tile.value}
          title={tile.title}
        />
      ))}
    </section>
  );
}
