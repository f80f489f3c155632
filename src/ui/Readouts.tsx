import { useLab } from '../state/LabProvider';
import { formatNumber } from './fields';

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

/** The newest snapshot's scalars. */
export function Readouts() {
  const snapshot = useLab((s) => s.snapshot);
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
        label="loss"
        value={snapshot.loss}
        title="mean loss of the latest batch"
      />
      <Readout
        testId="readout-alignment"
        label="alignment"
        value={snapshot.alignment}
        title="Wang & Isola, alpha = 2; lower is better"
      />
      <Readout
        testId="readout-uniformity"
        label="uniformity"
        value={snapshot.uniformity}
        title="Wang & Isola, t = 2; lower is better"
      />
      <Readout
        testId="readout-effective-negatives"
        label="effective negatives"
        value={snapshot.effectiveNegatives}
        title={`exp(entropy of r), mean over anchors; at most ${snapshot.batch.rows - 2}`}
      />
      <Readout
        testId="readout-steps-per-second"
        label="steps/s"
        value={snapshot.stepsPerSecond}
        title="training steps per second"
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
