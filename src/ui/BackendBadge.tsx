import { useLab } from '../state/LabProvider';

/** The backend really in use and why it was chosen. */
export function BackendBadge() {
  const backend = useLab((s) => s.backend);
  const status = useLab((s) => s.status);
  const name = backend?.backend ?? '…';
  return (
    <div className="backend-badge" data-testid="readout-backend" data-value={backend?.backend ?? ''}>
      <strong>{name}</strong>
      <span className="backend-reason">
        {backend ? backend.reason : status === 'failed' ? 'no backend' : 'choosing a backend…'}
      </span>
    </div>
  );
}
