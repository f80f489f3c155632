// Smoke test of the benchmark harness (`npm run bench`): bench.html is built and its window.bench answers with
// results of the right shape, and the lab-page probe sees steps and frames. No speed is asserted: timings on
// a shared machine say nothing about correctness.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { probeScript, visitLab } from '../../src/cli/bench/appPage';
import { BenchPage } from '../../src/cli/bench/benchPage';
import { TEXT_CONFIG } from '../../src/cli/bench/textSection';
import { type LabPage, openLab } from './chromium';

describe('the benchmark harness', () => {
  let lab: LabPage;
  let bench: BenchPage;
  beforeAll(async () => {
    lab = await openLab(inject('baseUrl'));
    bench = new BenchPage(lab.page, `${inject('baseUrl')}bench.html`);
    await lab.page.addInitScript({ content: probeScript() });
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('measures the worker engine on wasm', async () => {
    const engine = await bench.engine({ backend: 'wasm', warmupMs: 0, windowMs: 500, config: { batch: 16 } });
    expect(engine.backend).toBe('wasm');
    expect(engine.steps).toBeGreaterThan(0);
    expect(engine.stepsPerSecond).toBeGreaterThan(0);
  });

  it('measures the text encoder in the worker on wasm (the `text` section)', async () => {
    const text = await bench.engine({
      backend: 'wasm',
      warmupMs: 0,
      windowMs: 1500,
      config: { ...TEXT_CONFIG, batch: 8 },
    });
    expect(text.backend).toBe('wasm');
    expect(text.steps).toBeGreaterThan(0);
    expect(text.stepsPerSecond).toBeGreaterThan(0);
  });

  // A higher learning rate than the default, so that the loss falls clearly within a short window.
  const naiveRequest = {
    backend: 'wasm',
    warmupMs: 500,
    windowMs: 500,
    config: { batch: 16, lr: 0.01 },
  } as const;

  it.each([
    ['naive (textbook model and loss)', () => bench.naive(naiveRequest)],
    ['naive_engine_code (engine model and loss)', () => bench.naiveEngineCode(naiveRequest)],
  ])('%s trains on wasm, reads every loss and leaks no tensors', async (_name, measure) => {
    const naive = await measure();
    expect(naive.backend).toBe('wasm');
    expect(naive.readBack).toBe('dataSync');
    expect(naive.steps).toBeGreaterThan(0);
    expect(naive.tensorsAfter).toBe(naive.tensorsBefore);
    expect(Number.isFinite(naive.firstLoss)).toBe(true);
    expect(naive.lastLoss).toBeLessThan(naive.firstLoss as number);
  });

  it('runs the naive loop without its per-step read', async () => {
    const naive = await bench.naive({ ...naiveRequest, readBack: 'none' });
    expect(naive.readBack).toBe('none');
    expect(naive.tensorsAfter).toBe(naive.tensorsBefore);
    expect(naive.lastLoss).toBeLessThan(naive.firstLoss as number);
  });

  it('times training steps for the scaling grid', async () => {
    const result = await bench.scaling({ backend: 'wasm', batch: 16, dim: 3, targetMs: 50, repeats: 2 });
    expect(result).toMatchObject({ backend: 'wasm', rows: 32, dim: 3 });
    expect(result.msPerStep).toHaveLength(2);
    expect(result.msPerStep.every(Number.isFinite)).toBe(true);
  });

  it('observes the live lab: first step, step readout, frames', async () => {
    const run = await visitLab(lab, `${inject('baseUrl')}#backend=wasm&batch=16`, {
      warmupMs: 0,
      windowMs: 1000,
    });
    expect(run.backend).toBe('wasm');
    expect(run.firstStepMs).toBeGreaterThan(0);
    expect(run.frames).toBeGreaterThan(0);
    expect(run.longTasks).toBeGreaterThanOrEqual(0);
    expect(lab.pageErrors).toEqual([]);
  });

  it('loads a new document on every visit, even of the same link', async () => {
    const url = `${inject('baseUrl')}#backend=wasm&batch=16`;
    const timeOrigin = () => lab.page.evaluate(() => performance.timeOrigin);
    const visit = { warmupMs: 0, windowMs: 200 };
    await visitLab(lab, url, visit);
    const first = await timeOrigin();
    await visitLab(lab, url, visit);
    expect(await timeOrigin()).toBeGreaterThan(first);
    expect(lab.pageErrors).toEqual([]);
  });
});
