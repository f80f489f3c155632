import type { TrainerErrorCode } from '../protocol/messages';
import { useLab, useLabStore } from '../state/LabProvider';
import type { PendingWeights } from '../state/store';
import { useTrainerControls } from '../state/trainerControls';
import { loadWithFileSettings, settingsDifference } from './export/weightsOffer';

/** What each error is called on the page: plain words; the code stays in `data-code` and the tooltip. */
const ERROR_TITLES: Readonly<Record<TrainerErrorCode, string>> = {
  NAN_LOSS: 'Training diverged:',
  BACKEND_FAILED: 'The compute backend failed:',
  DATA_FAILED: 'The data could not be loaded:',
  INVALID_CONFIG: 'These settings cannot train:',
  INVALID_MESSAGE: 'The page and the trainer disagreed:',
  WORKER_CRASHED: 'Training stopped unexpectedly:',
  INTERNAL: 'Something went wrong:',
  BAD_WEIGHTS: 'The weights were not loaded:',
};

/**
 * Problems the person should know about: a repaired link (which fields were bad), capped settings, and
 * errors from the trainer. All rendered as text, never as HTML. Notices and weights banners come one of a
 * kind at a time (the store replaces them); a weights file of another model shape comes with the offer to
 * apply its own settings and load it.
 */
export function Warnings() {
  const linkWarnings = useLab((s) => s.linkWarnings);
  const notices = useLab((s) => s.notices);
  const errors = useLab((s) => s.errors);
  const pendingWeights = useLab((s) => s.pendingWeights);
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
          <strong>{ERROR_TITLES[error.code]}</strong> {sentence(error.message)}
          {error.code === 'NAN_LOSS' && error.rewindStep !== undefined ? (
            <button type="button" onClick={() => controls.rewind()}>
              Rewind to step {error.rewindStep}
            </button>
          ) : null}
          {error.code === 'BAD_WEIGHTS' && pendingWeights ? <WeightsOffer pending={pendingWeights} /> : null}
          <button type="button" onClick={() => dismissError(i)}>
            Dismiss
          </button>
        </div>
      ))}
    </section>
  );
}

/** Text ending as a sentence does (the trainer's reasons are clauses). */
function sentence(text: string): string {
  return /[.!?…)]$/.test(text.trim()) ? text : `${text}.`;
}

/**
 * The file holds the settings it was trained with: the settings that differ, and a button that applies them
 * all as a new run and loads the weights into it.
 */
function WeightsOffer({ pending }: { pending: PendingWeights }) {
  const store = useLabStore();
  const controls = useTrainerControls();
  const config = useLab((s) => s.config);
  const differences = settingsDifference(pending.file.config, config);
  return (
    <span data-testid="weights-offer">
      {' '}
      The file holds the settings it was trained with
      {differences ? ` (${differences})` : ''}; a new run with them can load it.{' '}
      <button
        type="button"
        data-testid="weights-use-file-settings"
        onClick={() => loadWithFileSettings(store, controls)}
      >
        Use the file’s settings and load it
      </button>
    </span>
  );
}
