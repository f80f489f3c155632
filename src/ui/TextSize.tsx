import { useLayoutEffect } from 'react';
import { CHART_TEXT_SCALE } from '../charts/axes';
import { useLab } from '../state/LabProvider';
import type { TextSize } from '../state/schema';

/**
 * How much larger everything the page writes is in large-text mode: the root font (captions, legends, controls;
 * styles.css multiplies its sizes by the property) and the charts' canvas text and margins (axes.ts reads it).
 * One number, so the charts and the captions grow together.
 */
const LARGE_TEXT_SCALE = 1.35;

/**
 * Applies the link's text size to the document root before the page paints (a layout effect: a `text=large`
 * link never shows its first frame at the normal size and then jumps): `data-text` for the style sheet and the
 * scale as an inline custom property, which the charts read without a style recalculation.
 */
export function useRootTextSize(): void {
  const text = useLab((s) => s.view.text);
  useLayoutEffect(() => {
    const root = document.documentElement;
    root.dataset.text = text;
    root.style.setProperty(CHART_TEXT_SCALE, String(scaleOf(text)));
  }, [text]);
}

const scaleOf = (text: TextSize): number => (text === 'large' ? LARGE_TEXT_SCALE : 1);

/** The header's switch between normal and large text (for a projector); it writes `text=large` to the link. */
export function TextSizeToggle() {
  const text = useLab((s) => s.view.text);
  const setView = useLab((s) => s.setView);
  const large = text === 'large';
  return (
    <button
      type="button"
      data-testid="text-size"
      aria-pressed={large}
      title="Larger axis labels and captions, for a projector (text=large in the link)"
      onClick={() => setView({ text: large ? 'normal' : 'large' })}
    >
      Large text
    </button>
  );
}
