import { useLab } from '../state/LabProvider';
import { BACKEND_LABELS } from './labels';

/**
 * The backend really in use, in plain words on one line, and why it was chosen behind a "why?" toggle whose text
 * floats over the page (pageHeader.css): the reason arrives after the first paint and is several lines long, so it
 * must never push the page down. The reason stays in the badge's text for screen readers and tests.
 */
export function BackendBadge() {
  const backend = useLab((s) => s.backend);
  const status = useLab((s) => s.status);
  const failed = status === 'failed';
  const name = backend ? BACKEND_LABELS[backend.backend] : failed ? 'no backend' : 'choosing a backend…';
  const reason = backend
    ? backend.reason
    : failed
      ? 'No backend could start in this browser.'
      : 'The lab is trying the backends this browser offers and takes the fastest that works.';
  return (
    <div className="backend-badge" data-testid="readout-backend" data-value={backend?.backend ?? ''}>
      <span className="backend-name">
        Runs on <strong>{name}</strong>
      </span>
      <details className="backend-why">
        <summary>why?</summary>
        <p className="backend-reason">{reason}</p>
      </details>
    </div>
  );
}
