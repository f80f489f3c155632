// Smoke test of the benchmark harness (`npm run bench`): bench.html is built and its window.bench answers with
// results of the right shape, and the lab-page probe sees steps and frames. No speed is asserted: timings on
// a shared machine say nothing about correctness.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { probeScript, visitLab } from '../../src/cli/bench/appPage';
import { BenchPage } from '../../src/cli/bench/benchPage';
import { type LabPage, openLab } from './chromium';

describe('the benchmark harness', () => {
  let lab: LabPage;
  let bench: BenchPage;
  beforeAll(async () => {
    lab = await openLab(inject('baseUrl'));
    bench = new BenchPage(lab.page, `${inject('baseUrl')}bench.html`);
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('measures the worker engine and the naive loop on wasm', async () => {
    const request = { backend: 'wasm', warmupMs: 0, windowMs: 500, config: { batch: 16 } } as const;
    const engine = await bench.engine(request);
    expect(engine.backend).toBe('wasm');
    expect(engine.steps).toBeGreaterThan(0);
    expect(engine.stepsPerSecond).toBeGreaterThan(0);
    const naive = await bench.naive(request);
    expect(naive.backend).toBe('wasm');
    expect(naive.readBack).toBe('dataSync');
    expect(naive.tensorsAfter).toBe(naive.tensorsBefore);
    expect(naive.stepsPerSecond).toBeGreaterThan(0);
  });

  it('times training steps for the scaling grid', async () => {
    const result = await bench.scaling({ backend: 'wasm', batch: 16, dim: 3, targetMs: 50, repeats: 2 });
    expect(result).toMatchObject({ backend: 'wasm', rows: 32, dim: 3 });
    expect(result.msPerStep).toHaveLength(2);
    expect(result.msPerStep.every(Number.isFinite)).toBe(true);
  });

  it('observes the live lab: first step, step readout, frames', async () => {
    await lab.page.addInitScript({ content: probeScript() });
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
});
