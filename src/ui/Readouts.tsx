import { useRoundSnapshot } from '../charts/chartFeed';
import type { TrainerStatus } from '../protocol/messages';
import { useLab } from '../state/LabProvider';
import { formatNumber } from './fields';

/** What the steps/s tile shows: "paused" while paused, else the rate, never below 0. */
export function stepsPerSecondText(status: TrainerStatus, stepsPerSecond: number): number | string {
  if (status === 'paused') return 'paused';
  return Number.isFinite(stepsPerSecond) && stepsPerSecond > 0 ? stepsPerSecond : 0;
}

/** One live number with its exact value in `data-value` (tests and screen readers read it). */
function Readout({
  testId,
  label,
  value,
  title,
}: {
  testId: string;
  label: string;
  value: number | string;
  title: string;
}) {
  return (
    <div className="readout" data-testid={testId} data-value={String(value)} title={title}>
      <span className="readout-label">{label}</span>
      <span className="readout-value">{typeof value === 'number' ? formatNumber(value) : value}</span>
    </div>
  );
}

/**
 * The scalars of the round's snapshot: the one the charts are handed (chartFeed.ts), so the tiles and the charts
 * show the same snapshot. Tiles that average over the batch say "batch mean"; the charts' captions name their
 * anchor.
 */
export function Readouts() {
  const snapshot = useRoundSnapshot();
  const status = useLab((s) => s.status);
  if (!snapshot)
    return (
      <output className="readouts" aria-live="polite">
        Starting the trainer…
      </output>
    );
  return (
    <section className="readouts" aria-label="Live readouts">
      <Readout testId="readout-step" label="step" value={snapshot.step} title={`status: ${status}`} />
      <Readout
        testId="readout-loss"
        label="loss (batch mean)"
        value={snapshot.loss}
        title="mean over the anchors of the latest batch of each one's loss"
      />
      <Readout
        testId="readout-alignment"
        label="alignment (batch mean)"
        value={snapshot.alignment}
        title="Wang & Isola, alpha = 2, mean over the batch's positive pairs; lower is better"
      />
      <Readout
        testId="readout-uniformity"
        label="uniformity"
        value={snapshot.uniformity}
        title="Wang & Isola, t = 2; lower is better"
      />
      <Readout
        testId="readout-effective-negatives"
        label="effective negatives (batch mean)"
        value={snapshot.effectiveNegatives}
        title={`exp(entropy of r), mean over the batch's anchors (the charts' captions give one anchor's); at most ${snapshot.batch.rows - 2}`}
      />
      <Readout
        testId="readout-negatives-used"
        label="negatives used (batch mean)"
        value={snapshot.negativesUsed}
        title="negatives each anchor's loss uses: its kept candidates, a queue's keys, the corpus, MoCHi's points; mean over the batch's anchors"
      />
      <Readout
        testId="readout-hardest-weight"
        label="weight on the hardest (batch mean)"
        value={snapshot.hardestWeight}
        title="the largest weight r_ij of each anchor: the share of its push on its hardest negative; mean over the batch's anchors"
      />
      <Readout
        testId="readout-steps-per-second"
        label="steps/s"
        value={stepsPerSecondText(status, snapshot.stepsPerSecond)}
        title="training steps per second since the previous snapshot; paused time is not counted"
      />
      <Readout
        testId="readout-tensors"
        label="tensors"
        value={snapshot.tensors}
        title="tensors alive on the backend; flat while training means nothing leaks"
      />
    </section>
  );
}
