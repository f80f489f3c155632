// The page side of a sweep without a browser: how many workers, how the jobs are split, the time left, the
// store's routing (stale sweeps dropped), the link's sweep, and the client over fake workers (results merged,
// the sweep ends with its last worker, cancel terminates them all and resumes the main lab).
import { describe, expect, it } from 'vitest';
import { SweepClient, splitJobs, sweepWorkerCount } from '../../src/app/sweepClient';
import type { UserSentences } from '../../src/data/userSentences';
import { DEFAULT_TRAIN_CONFIG } from '../../src/protocol/config';
import { type SweepCommand, type SweepEvent, type SweepResult, sweepJobs } from '../../src/protocol/sweep';
import { figureById } from '../../src/state/figures';
import { DEFAULT_VIEW_CONFIG } from '../../src/state/schema';
import { parseSweepText, sweepPlan } from '../../src/state/sweepSpec';
import {
  createSweepStore,
  formatDuration,
  type JobState,
  linkedSweep,
  overallProgress,
  runProgress,
  secondsLeft,
} from '../../src/state/sweepStore';

function specOf(text: string) {
  const parsed = parseSweepText(text);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.spec;
}

const planOf = (text: string, seeds = 1, steps = 100) =>
  sweepPlan(DEFAULT_TRAIN_CONFIG, specOf(text), seeds, steps);

const job = (worker: number, step: number, stepsPerSecond: number, run = 0, seed = 1): JobState => ({
  run,
  seed,
  worker,
  step,
  stepsPerSecond,
  error: null,
});

const result = (run: number, seed: number): SweepResult => ({
  run,
  seed,
  scalars: { loss: run + seed, alignment: 0.1, uniformity: -2 },
  display: { dim: 3, embeddings: new Float32Array(3), labels: new Int32Array(1) },
  seconds: 1,
});

describe('splitting a sweep among workers', () => {
  it('takes one worker per core beyond the page’s two, at least one, at most 4 and never more than jobs', () => {
    expect(sweepWorkerCount(5, 2)).toBe(1);
    expect(sweepWorkerCount(5, 1)).toBe(1);
    expect(sweepWorkerCount(5, 4)).toBe(2);
    expect(sweepWorkerCount(5, 16)).toBe(4);
    expect(sweepWorkerCount(2, 16)).toBe(2);
    expect(sweepWorkerCount(5, Number.NaN)).toBe(1);
  });

  it('deals the jobs round-robin, each share in plan order, every job exactly once', () => {
    const jobs = sweepJobs(planOf('tau:0.01,0.05,0.2,1,5', 3));
    const shares = splitJobs(jobs, 4);
    expect(shares.map((share) => share.length)).toEqual([4, 4, 4, 3]);
    expect(shares[1]?.map((j) => [j.run, j.seed])).toEqual([
      [0, 2],
      [1, 3],
      [3, 1],
      [4, 2],
    ]);
    expect(shares.flat().sort((a, b) => a.run - b.run || a.seed - b.seed)).toEqual(jobs);
    expect(splitJobs(jobs.slice(0, 2), 4)).toHaveLength(2);
    expect(() => splitJobs(jobs, 0)).toThrow(/invalid workers/);
  });
});

describe('progress and the time left', () => {
  it('counts steps over the sweep and per run', () => {
    const jobs = [job(0, 100, 10, 0, 1), job(0, 50, 10, 0, 2), job(0, 0, 0, 1, 1), job(0, 0, 0, 1, 2)];
    expect(overallProgress(jobs, 100)).toEqual({ done: 150, total: 400 });
    expect(runProgress(jobs, 100, 2)).toEqual([
      { done: 150, total: 200 },
      { done: 0, total: 200 },
    ]);
  });

  it('is each worker’s steps left over its measured rate, the slowest worker’s', () => {
    // worker 0: 150 steps left at 10 steps/s; worker 1: 100 left at 50 steps/s
    const jobs = [job(0, 50, 10), job(0, 0, 0), job(1, 100, 40), job(1, 0, 60)];
    expect(secondsLeft(jobs, 100)).toBeCloseTo(15, 9);
    // a worker not measured yet takes the measured workers' mean rate
    expect(secondsLeft([job(0, 50, 10), job(1, 0, 0)], 100)).toBeCloseTo(10, 9);
    expect(secondsLeft([job(0, 0, 0), job(1, 0, 0)], 100)).toBeNull();
    expect(secondsLeft([job(0, 100, 10)], 100)).toBe(0);
  });

  it('reads as people write durations', () => {
    expect(formatDuration(0.4)).toBe('less than a second');
    expect(formatDuration(44.6)).toBe('about 45 s');
    expect(formatDuration(190)).toBe('about 3 min 10 s');
    expect(formatDuration(120)).toBe('about 2 min');
    expect(formatDuration(Number.NaN)).toBe('unknown');
  });
});

describe('the sweep store and the link', () => {
  it('routes events by sweepId: a stale sweep’s events are dropped', () => {
    const store = createSweepStore();
    const plan = planOf('tau:0.05,0.5');
    const jobs = sweepJobs(plan).map((j) => ({ run: j.run, seed: j.seed, worker: 0 }));
    const first = store.getState().begin({ plan, figure: null, jobs, workers: 1, mainLabPaused: true }, 0);
    const second = store.getState().begin({ plan, figure: null, jobs, workers: 1, mainLabPaused: true }, 0);
    expect(second).toBe(first + 1);
    const progress = { run: 0, seed: 1, step: 50, steps: 100, stepsPerSecond: 25 };
    store.getState().ingest({ type: 'progress', sweepId: first, progress });
    expect(store.getState().jobs[0]?.step).toBe(0);
    store.getState().ingest({ type: 'progress', sweepId: second, progress });
    expect(store.getState().jobs[0]).toMatchObject({ step: 50, stepsPerSecond: 25 });
    store.getState().ingest({ type: 'result', sweepId: second, result: result(1, 1) });
    store.getState().ingest({ type: 'error', sweepId: second, run: 0, seed: 1, message: 'NaN' });
    expect(store.getState().results).toHaveLength(1);
    expect(store.getState().jobs.map((j) => [j.step, j.error])).toEqual([
      [100, 'NaN'],
      [100, null],
    ]);
    store.getState().finish('done', 5);
    store.getState().finish('cancelled', 6); // an ended sweep stays as it ended
    expect(store.getState()).toMatchObject({ status: 'done', endedAt: 5 });
  });

  it('reads the sweep a link asks for: a figure’s own plan first, else the field over the link’s experiment', () => {
    const config = { ...DEFAULT_TRAIN_CONFIG, batch: 64 };
    expect(linkedSweep({ config, view: DEFAULT_VIEW_CONFIG })).toBeNull();
    const sweep = linkedSweep({
      config,
      view: { ...DEFAULT_VIEW_CONFIG, sweep: 'tau:0.05,0.5', seeds: 2, steps: 60 },
    });
    expect(sweep?.figure).toBeNull();
    expect(sweep?.plan.runs.map((run) => run.config)).toEqual([
      { ...config, tau: 0.05 },
      { ...config, tau: 0.5 },
    ]);
    expect(sweep?.plan).toMatchObject({ seeds: 2, steps: 60, swept: ['tau'] });
    const figure = linkedSweep({
      config,
      view: { ...DEFAULT_VIEW_CONFIG, sweep: 'tau:1', figure: 'wang-liu-tau' },
    });
    expect(figure).toEqual({ plan: figureById('wang-liu-tau').plan, figure: 'wang-liu-tau' });
  });
});

/** A stand-in for a sweep worker: records what it is sent, replies when told. */
class FakeWorker {
  onmessage: ((event: { data: SweepEvent }) => void) | null = null;
  onerror: ((event: { message: string; preventDefault(): void }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  readonly sent: SweepCommand[] = [];
  terminated = false;
  postMessage(command: SweepCommand) {
    this.sent.push(command);
  }
  terminate() {
    this.terminated = true;
  }
  emit(event: SweepEvent) {
    this.onmessage?.({ data: event });
  }
}

function harness(cores: number, sentences: UserSentences | null = null) {
  const store = createSweepStore();
  const workers: FakeWorker[] = [];
  const calls: string[] = [];
  const client = new SweepClient(
    store,
    () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker as unknown as Worker;
    },
    {
      onBegin: () => {
        calls.push('begin');
        return true;
      },
      onEnd: () => calls.push('end'),
      sentences: () => sentences,
    },
    cores,
    () => 1000,
  );
  return { store, workers, calls, client };
}

describe('the sweep client', () => {
  it('hands the person’s sentences to the workers of a sweep on them, and to no other sweep', () => {
    const kept: UserSentences = {
      texts: ['one sentence', 'another one'],
      labels: Int32Array.from([0, 0]),
      classNames: ['all'],
      source: 'pasted text',
      labelled: false,
    };
    const onMine = harness(2, kept);
    const mine = sweepPlan({ ...DEFAULT_TRAIN_CONFIG, dataset: 'mine' }, specOf('tau:0.05,0.5'), 1, 10);
    onMine.client.start(mine, null);
    expect(onMine.workers[0]?.sent[0]).toMatchObject({ type: 'start', sentences: kept });
    const onClusters = harness(2, kept);
    onClusters.client.start(planOf('tau:0.05,0.5'), null);
    expect(onClusters.workers[0]?.sent[0]).not.toHaveProperty('sentences');
  });

  it('splits the jobs among workers, merges their results and ends with the last worker', () => {
    const { store, workers, calls, client } = harness(4);
    const plan = planOf('tau:0.05,0.5,5', 1, 60);
    client.start(plan, null);
    expect(workers).toHaveLength(2);
    const starts = workers.map((w) => w.sent[0] as Extract<SweepCommand, { type: 'start' }>);
    expect(starts.map((s) => s.jobs.map((j) => j.run))).toEqual([[0, 2], [1]]);
    const { sweepId } = store.getState();
    expect(starts.every((s) => s.sweepId === sweepId && s.steps === 60)).toBe(true);
    expect(store.getState().jobs.map((j) => j.worker)).toEqual([0, 1, 0]);

    workers[1]?.emit({ type: 'result', sweepId, result: result(1, 1) });
    workers[1]?.emit({ type: 'done', sweepId, cancelled: false });
    expect(workers[1]?.terminated).toBe(true);
    expect(store.getState().status).toBe('running');
    workers[0]?.emit({ type: 'result', sweepId, result: result(0, 1) });
    workers[0]?.emit({ type: 'result', sweepId, result: result(2, 1) });
    workers[0]?.emit({ type: 'done', sweepId, cancelled: false });
    expect(store.getState().status).toBe('done');
    expect(
      store
        .getState()
        .results.map((r) => r.run)
        .sort(),
    ).toEqual([0, 1, 2]);
    expect(workers.every((w) => w.terminated)).toBe(true);
    expect(calls).toEqual(['begin', 'end']);
  });

  it('pauses and resumes every worker, and cancel terminates them all at once', () => {
    const { store, workers, calls, client } = harness(16);
    client.start(planOf('tau:0.05,0.5', 2), null);
    expect(workers).toHaveLength(4);
    client.pause();
    expect(store.getState().status).toBe('paused');
    expect(workers.every((w) => w.sent.at(-1)?.type === 'pause')).toBe(true);
    client.resume();
    expect(workers.every((w) => w.sent.at(-1)?.type === 'resume')).toBe(true);
    client.cancel();
    expect(workers.every((w) => w.terminated)).toBe(true);
    expect(store.getState().status).toBe('cancelled');
    expect(calls).toEqual(['begin', 'end']);
    // a message a terminated worker had already queued changes nothing
    const { sweepId } = store.getState();
    workers[0]?.emit({
      type: 'progress',
      sweepId,
      progress: { run: 0, seed: 1, step: 50, steps: 100, stepsPerSecond: 9 },
    });
    expect(store.getState().jobs[0]?.step).toBe(0);
    client.dispose(); // nothing left to end: onEnd is not called twice
    expect(calls).toEqual(['begin', 'end']);
  });

  it('a new sweep ends the running one first; a crashed worker ends its share with the reason', () => {
    const { store, workers, calls, client } = harness(2);
    client.start(planOf('tau:0.05,0.5'), null);
    client.start(planOf('tau:1,2'), null);
    expect(workers[0]?.terminated).toBe(true);
    expect(calls).toEqual(['begin', 'end', 'begin']);
    workers[1]?.onerror?.({ message: 'out of memory', preventDefault() {} });
    expect(store.getState()).toMatchObject({
      status: 'done',
      errors: ['sweep worker 1 stopped: out of memory'],
    });
    expect(calls).toEqual(['begin', 'end', 'begin', 'end']);
  });
});
