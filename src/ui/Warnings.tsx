import { useLab } from '../state/LabProvider';
import { useTrainerControls } from '../state/trainerControls';

/**
 * Problems the person should know about: a repaired link (which fields were bad), capped settings, and
 * errors from the trainer. All rendered as text, never as HTML.
 */
export function Warnings() {
  const linkWarnings = useLab((s) => s.linkWarnings);
  const notices = useLab((s) => s.notices);
  const errors = useLab((s) => s.errors);
  const dismissError = useLab((s) => s.dismissError);
  const dismissNotices = useLab((s) => s.dismissNotices);
  const applyState = useLab((s) => s.applyState);
  const config = useLab((s) => s.config);
  const view = useLab((s) => s.view);
  const controls = useTrainerControls();
  const empty = linkWarnings.length === 0 && notices.length === 0 && errors.length === 0;
  return (
    <section className="warnings" data-testid="warnings" aria-live="polite" hidden={empty}>
      {linkWarnings.length > 0 ? (
        <div className="warning">
          <strong>
            The link had problems; these fields were repaired (out-of-range values clamped, bad ones set to
            their defaults):
          </strong>
          <ul>
            {linkWarnings.map((warning, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: warnings are a fixed list per link
              <li key={i} data-field={warning.field}>
                {warning.message}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => applyState({ config, view }, [])}>
            Dismiss
          </button>
        </div>
      ) : null}
      {notices.length > 0 ? (
        <div className="notice">
          {notices.map((notice, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: notices are append-only
            <p key={i}>{notice}</p>
          ))}
          <button type="button" onClick={dismissNotices}>
            Dismiss
          </button>
        </div>
      ) : null}
      {errors.map((error, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: errors are append-only
        <div className="error" key={i} role="alert" data-code={error.code}>
          <strong>{error.code}</strong> {error.message}
          {error.code === 'NAN_LOSS' && error.rewindStep !== undefined ? (
            <button type="button" onClick={() => controls.rewind()}>
              Rewind to step {error.rewindStep}
            </button>
          ) : null}
          <button type="button" onClick={() => dismissError(i)}>
            Dismiss
          </button>
        </div>
      ))}
    </section>
  );
}
