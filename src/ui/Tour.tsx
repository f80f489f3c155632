import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { useLab, useLabStore } from '../state/LabProvider';
import { applyPreset } from '../state/presetApply';
import { presetUnderLocks } from '../state/presetLocks';
import { PRESETS, type PresetId } from '../state/presets';
import type { ChartId } from '../state/schema';
import { useTrainerControls } from '../state/trainerControls';
import { PresetText } from './Presets';

/** The test id of what a tour card points at: a chart's panel, or a control of the panel (its input's id). */
type TourTarget = `chart-${ChartId}` | `control-${string}`;

/**
 * What each step of the tour points at: the chart (or the control) its preset's text asks the reader to watch.
 * The one table of it; `satisfies` makes a new preset name its target.
 */
export const TOUR_TARGETS = {
  'simcse-default': 'chart-align-uniform', // uniformity falls while alignment stays small
  'tau-tiny': 'chart-negative-weights', // one spike, on the hardest negative
  'tau-huge': 'chart-negative-weights', // every negative nearly the same weight
  'tolerance-small-tau': 'chart-metrics', // uniformity against tolerance
  'tolerance-large-tau': 'chart-metrics',
  'no-dropout': 'chart-align-uniform', // alignment 0
  'same-mask': 'chart-align-uniform',
  'hard-negatives': 'chart-negative-weights', // the hard negative's doubled weight
  triplet: 'chart-negative-weights', // one mined negative against the softmax's many
  'measured-setup': 'chart-hypersphere', // near the sphere's uniform limit
  'false-negatives': 'chart-similarity', // sorted by class: blocks around the diagonal
  'fn-small-batch': 'chart-metrics', // the false negatives' share and weight over time
  'fn-more-classes': 'chart-metrics',
  'fn-small-tau': 'chart-negative-weights', // the push on the nearest, false, negatives
  'fn-large-tau': 'chart-negative-weights',
  'fn-eliminate': 'chart-hypersphere', // the classes keep together
  'fn-attract': 'chart-hypersphere', // each class a tight cluster
  'fn-filter': 'control-perc', // move perc, watch precision and recall trade off
  'hard-k': 'chart-negative-weights', // the 118 left out as grey ticks
  'hard-quantile': 'chart-metrics', // more tolerant, less uniform
  'moco-queue': 'chart-negative-weights', // the queue's keys (◆)
  mochi: 'chart-negative-weights', // the mixes (▲)
  'full-softmax': 'chart-negative-weights', // every training row (◆)
  'logq-skew': 'chart-negative-weights', // the popular class's negatives
  'text-simcse': 'chart-metrics', // STS Spearman against its untrained and bag-of-words lines
  'text-length-bias': 'chart-length-bias', // the unrelated pairs' slope falls below zero
  'text-esimcse': 'chart-length-bias', // a flatter slope
  'text-sup-simcse': 'chart-metrics', // STS Spearman far above the unsupervised run's
} as const satisfies Readonly<Record<PresetId, TourTarget>>;

/** The outline class of the element a tour card points at (classroom.css). */
const HIGHLIGHT = 'tour-target';

/** Where the card sits: beside its target (the side with room for it), or along the bottom on a narrow screen. */
export type TourDock = 'left' | 'right' | 'bottom';

/** Gap between the card and the viewport's edge, CSS px (1rem at the normal size). */
const EDGE = 16;

/**
 * The side of the viewport with room for a card `cardWidth` wide beside a target spanning [left, right]
 * horizontally (CSS px); the roomier side first; 'bottom' when neither side has room (a phone, a full-width
 * chart). Horizontal only, so the answer holds however far the page scrolls.
 */
export function tourDock(
  target: { left: number; right: number },
  cardWidth: number,
  viewport: number,
): TourDock {
  const need = cardWidth + 2 * EDGE;
  const left = target.left;
  const right = viewport - target.right;
  if (right >= need && right >= left) return 'right';
  if (left >= need) return 'left';
  return right >= need ? 'right' : 'bottom';
}

/** The element a target names, widened from a control's input to its labelled field. */
function targetElement(target: TourTarget): HTMLElement | null {
  const element = document.querySelector<HTMLElement>(`[data-testid="${target}"]`);
  return element?.closest<HTMLElement>('.field') ?? element;
}

/** What the card calls its target: a chart panel's title (its aria-label), or a control's label. */
function targetName(element: HTMLElement): string {
  return element.getAttribute('aria-label') ?? element.querySelector('label')?.textContent ?? 'this';
}

/** Scrolls a target to the top of the view (smoothly, unless the reader asked for less motion). */
function bringIntoView(element: HTMLElement): void {
  const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  element.scrollIntoView({ block: 'start', behavior: reduce ? 'auto' : 'smooth' });
}

/**
 * The guided tour: a card that walks through the presets in order, applying each as it is shown (a fresh run
 * of it, presetApply.ts; one that a classroom link's locks turn off is shown with the reason, and not run).
 * Each step scrolls to the chart its text talks about (TOUR_TARGETS), outlines it, and docks the card on the
 * side of the screen away from it, so the card never covers what it explains. The card is a non-modal dialog,
 * so the charts and controls behind it stay usable while it explains them; opening it moves focus into it,
 * Escape closes it (from anywhere on the page) and focus returns to the start button. `hide=presets` removes
 * the tour with the presets menu.
 */
export function Tour() {
  const store = useLabStore();
  const controls = useTrainerControls();
  const config = useLab((s) => s.config);
  const view = useLab((s) => s.view);
  const hidden = view.hide.includes('presets');
  const [index, setIndex] = useState<number | null>(null);
  const [aim, setAim] = useState<{ dock: TourDock; name: string } | null>(null);
  const start = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const card = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const open = index !== null;
  const preset = index === null ? undefined : PRESETS[index];
  const target: TourTarget | null = preset ? TOUR_TARGETS[preset.id] : null;

  const show = (next: number) => {
    const nextPreset = PRESETS[next];
    if (!nextPreset) return;
    applyPreset(store, controls, nextPreset);
    setIndex(next);
  };
  const close = () => {
    setIndex(null);
    start.current?.focus();
  };

  // Focus moves into the card when it opens (not on every step, so Next keeps its focus); the card is fixed, so
  // focusing it must not scroll the page away from the target.
  useEffect(() => {
    if (open) heading.current?.focus({ preventScroll: true });
  }, [open]);

  // Each step (a new run, which may move the charts): outline the target, scroll to it and dock the card beside
  // it, before the step first paints.
  useLayoutEffect(() => {
    const element = preset ? targetElement(TOUR_TARGETS[preset.id]) : null;
    if (!element) {
      setAim(null);
      return;
    }
    element.classList.add(HIGHLIGHT);
    const width = card.current?.offsetWidth ?? 0;
    setAim({
      dock: tourDock(element.getBoundingClientRect(), width, document.documentElement.clientWidth),
      name: targetName(element),
    });
    bringIntoView(element);
    return () => element.classList.remove(HIGHLIGHT);
  }, [preset]);

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
          ref={card}
          className={`tour-card tour-dock-${aim?.dock ?? 'right'}`}
          role="dialog"
          aria-modal="false"
          aria-labelledby={titleId}
          data-testid="tour-card"
          data-target={target ?? undefined}
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
          {target && aim ? (
            <p className="tour-look">
              Watch{' '}
              <button
                type="button"
                className="link-button"
                data-testid="tour-look"
                onClick={() => {
                  const element = targetElement(target);
                  if (element) bringIntoView(element);
                }}
              >
                {aim.name}
              </button>
              , outlined on the page.
            </p>
          ) : null}
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
