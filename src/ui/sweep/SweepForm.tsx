import { type FormEvent, useState } from 'react';
import { useStore } from 'zustand';
import { MAX_SWEEP_RUNS, MAX_SWEEP_SEEDS } from '../../protocol/sweep';
import { FIGURE_IDS, FIGURES, type FigureId, figureById } from '../../state/figures';
import { useLab, useLabStore } from '../../state/LabProvider';
import { CONFIG_ENTRIES, entryForKey } from '../../state/schema';
import { DEFAULT_SWEEP_TEXT, formatSweep, parseSweepText, sweepPlan } from '../../state/sweepSpec';
import type { SweepControls, SweepStore } from '../../state/sweepStore';
import { FigureCard } from './FigureCard';

/** Strict reading of the steps box through the link's own codec: a value it would adjust is refused. */
function readSteps(text: string): { value: number } | { problem: string } {
  const entry = entryForKey('steps');
  const parsed = entry?.codec.parse(text.trim());
  if (!parsed?.ok) return { problem: `steps: ${parsed?.problem ?? 'unknown field'}` };
  const issue = parsed.issues[0];
  if (issue) return { problem: `steps: ${issue.problem}` };
  return { value: parsed.value as number };
}

/** The sweep's key, from its text (before the colon). */
const keyOf = (text: string) => text.slice(0, Math.max(0, text.indexOf(':')));

/**
 * What to sweep: a field and its values (the link form `tau:0.01,0.05`, the field picker rewriting its key),
 * seeds and steps, over the page's current experiment; or a paper figure, which runs its own plan. A bad list
 * shows its problems and cannot start. Starting writes the sweep into the link (view fields), so the link
 * reproduces it. A figure's card (the paper's finding beside the lab's) shows as soon as the figure is chosen.
 */
export function SweepForm({
  controls,
  busy,
  store,
}: {
  controls: SweepControls | null;
  busy: boolean;
  store: SweepStore;
}) {
  const labStore = useLabStore();
  const setView = useLab((state) => state.setView);
  const view = useLab((state) => state.view);
  const [mode, setMode] = useState<'field' | 'figure'>(view.figure !== null ? 'figure' : 'field');
  const [text, setText] = useState(view.sweep ?? DEFAULT_SWEEP_TEXT);
  const [seeds, setSeeds] = useState(view.seeds);
  const [stepsText, setStepsText] = useState(String(view.steps));
  const [figureId, setFigureId] = useState<FigureId>(view.figure ?? (FIGURE_IDS[0] as FigureId));

  const parsed = parseSweepText(text.trim());
  const steps = readSteps(stepsText);
  const problems =
    mode === 'figure'
      ? []
      : [...(parsed.ok ? [] : parsed.problems), ...('problem' in steps ? [steps.problem] : [])];
  const figure = figureById(figureId);
  // this page's finished run of the chosen figure, if any
  const live = useStore(store, (state) =>
    state.figure === figureId && state.status === 'done' ? state.results : null,
  );
  const jobs = mode === 'figure' ? figure.plan.runs.length * figure.plan.seeds : 0;

  const start = (event: FormEvent) => {
    event.preventDefault();
    if (controls === null || problems.length > 0) return;
    if (mode === 'figure') {
      setView({ figure: figureId, sweep: null });
      controls.start(figure.plan, figureId);
      return;
    }
    if (!parsed.ok || 'problem' in steps) return;
    const plan = sweepPlan(labStore.getState().config, parsed.spec, seeds, steps.value);
    setView({ sweep: formatSweep(parsed.spec), seeds, steps: steps.value, figure: null });
    controls.start(plan, null);
  };

  return (
    <form className="sweep-form" onSubmit={start} data-testid="sweep-form">
      <fieldset className="sweep-mode">
        <legend className="visually-hidden">What to run</legend>
        <label>
          <input
            type="radio"
            name="sweep-mode"
            checked={mode === 'field'}
            onChange={() => setMode('field')}
            data-testid="sweep-mode-field"
          />{' '}
          Sweep a field
        </label>
        <label>
          <input
            type="radio"
            name="sweep-mode"
            checked={mode === 'figure'}
            onChange={() => setMode('figure')}
            data-testid="sweep-mode-figure"
          />{' '}
          Reproduce a paper’s figure
        </label>
      </fieldset>
      {mode === 'field' ? (
        <div className="sweep-fields">
          <label>
            Field{' '}
            <select
              value={entryForKey(keyOf(text))?.scope === 'config' ? keyOf(text) : ''}
              onChange={(event) =>
                setText(`${event.currentTarget.value}:${text.slice(text.indexOf(':') + 1)}`)
              }
              data-testid="sweep-field"
            >
              <option value="" disabled>
                choose…
              </option>
              {CONFIG_ENTRIES.map((entry) => (
                <option key={entry.key} value={entry.key}>
                  {entry.key}
                </option>
              ))}
            </select>
          </label>
          <label className="sweep-values">
            Values (key:v1,v2,…, at most {MAX_SWEEP_RUNS}){' '}
            <input
              type="text"
              value={text}
              spellCheck={false}
              onChange={(event) => setText(event.currentTarget.value)}
              aria-invalid={!parsed.ok}
              data-testid="sweep-text"
            />
          </label>
          <label>
            Seeds{' '}
            <select
              value={seeds}
              onChange={(event) => setSeeds(Number(event.currentTarget.value))}
              data-testid="sweep-seeds"
            >
              {Array.from({ length: MAX_SWEEP_SEEDS }, (_, i) => i + 1).map((count) => (
                <option key={count} value={count}>
                  {count}
                </option>
              ))}
            </select>
          </label>
          <label>
            Steps{' '}
            <input
              type="text"
              inputMode="numeric"
              size={6}
              value={stepsText}
              onChange={(event) => setStepsText(event.currentTarget.value)}
              aria-invalid={'problem' in steps}
              data-testid="sweep-steps"
            />
          </label>
        </div>
      ) : (
        <div className="sweep-fields">
          <label>
            Figure{' '}
            <select
              value={figureId}
              onChange={(event) => setFigureId(event.currentTarget.value as FigureId)}
              data-testid="sweep-figure"
            >
              {FIGURES.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.title}
                </option>
              ))}
            </select>
          </label>
          <span className="sweep-note">
            Its own experiment: {figure.plan.runs.length} runs × {figure.plan.seeds} seeds ({jobs} jobs),{' '}
            {figure.plan.steps} steps each, whatever the settings on the left.
          </span>
          <FigureCard figure={figure} live={live} />
        </div>
      )}
      {problems.length > 0 ? (
        <ul className="sweep-problems" data-testid="sweep-problems" role="alert">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      <button
        type="submit"
        disabled={controls === null || problems.length > 0}
        data-testid="sweep-start"
        title={busy ? 'stops the sweep that is running and starts this one' : undefined}
      >
        {busy ? 'Restart the sweep' : 'Run the sweep'}
      </button>
    </form>
  );
}
