import { useState } from 'react';
import { useLab } from '../state/LabProvider';

/** Where the page remembers that the hint was dismissed (this browser, this origin). */
const DISMISSED_KEY = 'infonce-lab.first-visit-hint';

/** Whether the hint was dismissed before; storage that throws (blocked, private modes) counts as not. */
function wasDismissed(): boolean {
  try {
    return globalThis.localStorage?.getItem(DISMISSED_KEY) === 'dismissed';
  } catch {
    return false;
  }
}

function rememberDismissed(): void {
  try {
    globalThis.localStorage?.setItem(DISMISSED_KEY, 'dismissed');
  } catch {
    // nowhere to remember it: the hint comes back next time, which is harmless
  }
}

/** Scrolls a chart panel into view (the hint's chart names are buttons that show where the chart is). */
function showChart(testId: string): void {
  document.querySelector(`[data-testid="${testId}"]`)?.scrollIntoView({ block: 'start' });
}

/**
 * A one-line hint for a first visit: where to look first. Dismissed once, it stays away (localStorage). It is
 * read while the page first renders, so the line is there from the first paint and never pushes the page down;
 * the embed layout never renders it, and a link that hides the temperature control gets none (it says "drag τ").
 */
export function FirstVisitHint() {
  const tauHidden = useLab((s) => s.view.hide.includes('tau'));
  const [dismissed, setDismissed] = useState(wasDismissed);
  if (dismissed || tauHidden) return null;
  return (
    <aside className="first-visit-hint" data-testid="first-visit-hint" aria-label="Where to start">
      <p>
        <strong>Start here:</strong> drag the temperature τ and watch{' '}
        <button type="button" className="link-button" onClick={() => showChart('chart-hypersphere')}>
          the hypersphere
        </button>{' '}
        and{' '}
        <button type="button" className="link-button" onClick={() => showChart('chart-negative-weights')}>
          the weights chart
        </button>
        .
      </p>
      <button
        type="button"
        data-testid="first-visit-hint-dismiss"
        aria-label="Dismiss the hint"
        onClick={() => {
          rememberDismissed();
          setDismissed(true);
        }}
      >
        Got it
      </button>
    </aside>
  );
}
