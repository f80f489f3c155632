import { useEffect, useId, useRef, useState } from 'react';
import { useLab, useLabStore } from '../state/LabProvider';
import { applyPreset } from '../state/presetApply';
import { presetUnderLocks } from '../state/presetLocks';
import { PRESETS } from '../state/presets';
import { useTrainerControls } from '../state/trainerControls';
import { PresetText } from './Presets';

/**
 * The guided tour: a card that walks through the presets in order, applying each as it is shown (a fresh run
 * of it, presetApply.ts; one that a classroom link's locks turn off is shown with the reason, and not run).
 * The card is a non-modal dialog, so the charts and controls behind it stay usable while it explains them;
 * opening it moves focus into it, Escape closes it (from anywhere on the page) and focus returns to the start
 * button. `hide=presets` removes the tour with the presets menu.
 */
export function Tour() {
  const store = useLabStore();
  const controls = useTrainerControls();
  const config = useLab((s) => s.config);
  const view = useLab((s) => s.view);
  const hidden = view.hide.includes('presets');
  const [index, setIndex] = useState<number | null>(null);
  const start = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const titleId = useId();
  const open = index !== null;

  const show = (next: number) => {
    const preset = PRESETS[next];
    if (!preset) return;
    applyPreset(store, controls, preset);
    setIndex(next);
  };
  const close = () => {
    setIndex(null);
    start.current?.focus();
  };

  // Focus moves into the card when it opens (not on every step, so Next keeps its focus).
  useEffect(() => {
    if (open) heading.current?.focus();
  }, [open]);

  // Escape closes from anywhere while the card is open, unless something else already handled it.
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      setIndex(null);
      start.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  if (hidden) return null;
  const preset = index === null ? undefined : PRESETS[index];
  // the card says what its preset gives here, under the link's locks (the same rule applyPreset followed)
  const applied = preset ? presetUnderLocks(preset, { config, view }) : null;
  const last = index === PRESETS.length - 1;
  return (
    <>
      <button
        type="button"
        ref={start}
        data-testid="tour"
        aria-expanded={open}
        onClick={() => (open ? close() : show(0))}
      >
        Guided tour
      </button>
      {preset && applied && index !== null ? (
        <div
          className="tour-card"
          role="dialog"
          aria-modal="false"
          aria-labelledby={titleId}
          data-testid="tour-card"
        >
          {/* the step and title are announced as they change */}
          <div aria-live="polite" aria-atomic="true">
            <p className="tour-step" data-testid="tour-step">
              Step {index + 1} of {PRESETS.length},{' '}
              {applied.disabled ? 'not run with this link:' : 'now running, a fresh run from step 0:'}
            </p>
            <h2 id={titleId} ref={heading} tabIndex={-1} data-testid="tour-title">
              {preset.title}
            </h2>
          </div>
          <PresetText applied={applied} />
          <div className="tour-buttons">
            {/* aria-disabled, not disabled: a disabled button would drop the focus of whoever just pressed it */}
            <button
              type="button"
              data-testid="tour-back"
              aria-disabled={index === 0}
              onClick={() => show(index - 1)}
            >
              ← Back
            </button>
            <button type="button" data-testid="tour-next" onClick={() => (last ? close() : show(index + 1))}>
              {last ? 'Finish' : 'Next →'}
            </button>
            <button type="button" data-testid="tour-close" onClick={close} aria-label="Close the tour">
              Close
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}
