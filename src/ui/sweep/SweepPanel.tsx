import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { figureById } from '../../state/figures';
import type { SweepControls, SweepStore } from '../../state/sweepStore';
import { SweepForm } from './SweepForm';
import { SweepProgress } from './SweepProgress';
import { SweepResults } from './SweepResults';
import './sweep.css';

/**
 * "Compare settings side by side": a card of its own below the main lab's charts and exports, collapsed until
 * it is wanted (a sweep is a second experiment, with results that need the page's full width, not another live
 * chart of the main run). It opens by itself when the link asks for a sweep or one starts. Its results stay
 * drawn after the sweep ends, until the next one.
 */
export function SweepPanel({ store, controls }: { store: SweepStore; controls: SweepControls | null }) {
  const status = useStore(store, (state) => state.status);
  const plan = useStore(store, (state) => state.plan);
  const results = useStore(store, (state) => state.results);
  const figureId = useStore(store, (state) => state.figure);
  const mainLabPaused = useStore(store, (state) => state.mainLabPaused);
  const workers = useStore(store, (state) => state.workers);
  const busy = status === 'running' || status === 'paused';
  const [open, setOpen] = useState(status !== 'idle');
  useEffect(() => {
    if (busy) setOpen(true);
  }, [busy]);
  const figure = figureId === null ? null : figureById(figureId);
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;

  return (
    <details
      className="sweep-panel"
      data-testid="sweep-panel"
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary>
        <h2>Compare settings side by side (sweep)</h2>
        {status !== 'idle' ? <span className="sweep-note"> — {summaryText(status, busy)}</span> : null}
      </summary>
      {open ? (
        <div className="sweep-body">
          <p className="sweep-note" data-testid="sweep-policy">
            A sweep trains several versions of the experiment on the left (or a paper figure’s own experiment)
            from the same seed for the same number of steps, in background workers (
            {busy ? workers : 'up to 4'} here, one per core this machine ({cores} cores) can spare after the
            page’s own two), never on the page’s thread, and measures each at its end. While it runs{' '}
            <strong>the main lab pauses</strong>: two trainers sharing the same cores would each run at half
            speed and the page would stutter. The main lab carries on where it was when the sweep ends or is
            cancelled (press Play to train it anyway). A link with <code>sweep=</code> or <code>figure=</code>{' '}
            starts its sweep when it is opened and runs it to the end.
          </p>
          {mainLabPaused && busy ? (
            <p className="sweep-note" data-testid="sweep-main-paused">
              The main lab is paused for this sweep; it resumes when the sweep ends.
            </p>
          ) : null}
          <SweepForm controls={controls} busy={busy} store={store} />
          <SweepProgress store={store} controls={controls} />
          {plan !== null ? <SweepResults plan={plan} results={results} figure={figure} /> : null}
        </div>
      ) : null}
    </details>
  );
}

function summaryText(status: string, busy: boolean): string {
  if (busy) return status === 'paused' ? 'paused' : 'running';
  return status === 'done' ? 'finished' : 'cancelled';
}
