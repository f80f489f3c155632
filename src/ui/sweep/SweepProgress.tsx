import { useStore } from 'zustand';
import { formatCount } from '../../charts/axes';
import {
  formatDuration,
  overallProgress,
  runProgress,
  type StepCount,
  type SweepControls,
  type SweepStore,
  secondsLeft,
} from '../../state/sweepStore';

/** Words for each status, after "Sweep". */
const STATUS_TEXT = {
  idle: 'not run yet',
  running: 'training',
  paused: 'paused',
  done: 'finished',
  cancelled: 'cancelled',
} as const;

/**
 * The sweep's progress: one native <progress> for the whole sweep with the time left (from the measured steps
 * per second of each worker), one per run (over its seeds), pause/resume and cancel, and any failures.
 * `data-value`/`max` on each bar are its steps, for tests.
 */
export function SweepProgress({ store, controls }: { store: SweepStore; controls: SweepControls | null }) {
  const status = useStore(store, (state) => state.status);
  const plan = useStore(store, (state) => state.plan);
  const jobs = useStore(store, (state) => state.jobs);
  const workers = useStore(store, (state) => state.workers);
  const errors = useStore(store, (state) => state.errors);
  const took = useStore(store, (state) =>
    state.endedAt === null ? null : (state.endedAt - state.startedAt) / 1000,
  );
  if (plan === null) return null;
  const overall = overallProgress(jobs, plan.steps);
  const runs = runProgress(jobs, plan.steps, plan.runs.length);
  const left = status === 'running' ? secondsLeft(jobs, plan.steps) : null;
  const active = status === 'running' || status === 'paused';
  const timeText =
    status === 'running'
      ? left === null
        ? 'measuring the speed…'
        : `${formatDuration(left)} left`
      : status === 'paused'
        ? 'paused'
        : took !== null
          ? `took ${formatDuration(took).replace('about ', '')}`
          : '';
  const failed = jobs.filter((job) => job.error !== null);
  return (
    <div className="sweep-progress" data-testid="sweep-progress-panel">
      <div className="sweep-progress-head">
        <span data-testid="sweep-status" data-status={status}>
          Sweep {STATUS_TEXT[status]}: {plan.runs.length} runs × {plan.seeds} seed{plan.seeds > 1 ? 's' : ''}{' '}
          × {plan.steps} steps, in {workers} worker{workers > 1 ? 's' : ''}
        </span>
        <span className="sweep-buttons">
          {status === 'paused' ? (
            <button type="button" onClick={() => controls?.resume()} data-testid="sweep-resume">
              Resume
            </button>
          ) : (
            <button
              type="button"
              onClick={() => controls?.pause()}
              disabled={status !== 'running'}
              data-testid="sweep-pause"
            >
              Pause
            </button>
          )}
          <button
            type="button"
            onClick={() => controls?.cancel()}
            disabled={!active}
            data-testid="sweep-cancel"
          >
            Cancel
          </button>
        </span>
      </div>
      <label className="sweep-bar">
        <span>All runs</span>
        <progress
          max={overall.total}
          value={overall.done}
          data-testid="sweep-progress"
          data-value={overall.done}
          aria-valuetext={`${overall.done} of ${overall.total} steps`}
        />
        <span>{percent(overall)}</span>
      </label>
      <span className="sweep-note" data-testid="sweep-time-left">
        {formatCount(overall.done)} / {formatCount(overall.total)} steps
        {timeText ? `, ${timeText}` : ''}
      </span>
      {runs.map((count, run) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: runs are a fixed list per plan
        <label className="sweep-bar" key={run}>
          <span>{plan.runs[run]?.label}</span>
          <progress
            max={count.total}
            value={count.done}
            data-testid={`sweep-progress-run-${run}`}
            data-value={count.done}
          />
          <span>{percent(count)}</span>
        </label>
      ))}
      {failed.length + errors.length > 0 ? (
        <ul className="sweep-problems" role="alert" data-testid="sweep-errors">
          {errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
          {failed.map((job) => (
            <li key={`${job.run}/${job.seed}`}>
              {plan.runs[job.run]?.label}, seed {job.seed}: {job.error}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A count's share done, as "42%". */
const percent = (count: StepCount) => `${Math.round((100 * count.done) / Math.max(1, count.total))}%`;
