// Issue 20 (2, 3): the exported script under `torchrun --nproc_per_node 2` (gloo, CPU). It trains, only process 0
// prints, and on a fixed batch (--check-fixed-batch: the first batch at the initial weights, the global batch's
// dropout masks) two processes give the single process's loss and gradient to float precision: the embeddings
// are gathered with gradients and the loss is scaled so that averaging the gradients over the processes (DDP's
// rule) gives the single-process gradient. A gradient off by the factor P, or negatives missing from another
// process, would be off by far more than float order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLink } from '../../src/state/url';
import { removeScripts, requireTorch, runScript, runTorchrun, writeScript } from './pytorchHarness';

/** Float32 order only: the losses are ~1-10 and the gradients' entries at most ~3 (measured: 1e-7 to 2e-6). */
const LOSS_TOLERANCE = 2e-5;
const GRADIENT_TOLERANCE = 2e-5;

interface Check {
  readonly processes: number;
  readonly loss: number;
  readonly gradient: number[];
}

describe('the PyTorch export under torchrun', () => {
  beforeAll(requireTorch);
  afterAll(removeScripts);

  it.each([
    // InfoNCE against the queue (momentum keys), hard negatives and the positive-aware filter; dropout on
    ['queue, hard, filter', '#neg=queue&pick=hard&k=32&fn=filter'],
    // anchors, positives and mined hard negatives: three gathered blocks
    ['supervised', '#loss=supervised&hnw=0.5'],
  ])("%s: 2 processes give 1 process's loss and gradient on a fixed batch", async (_name, link) => {
    const path = await writeScript(parseLink(link).state.config, 10, link);
    const [one, two] = await Promise.all([
      runScript(path, ['--check-fixed-batch']),
      runTorchrun(path, 2, ['--check-fixed-batch']),
    ]);
    expect(one.lines).toHaveLength(1);
    expect(two.lines).toHaveLength(1); // process 0 alone prints
    const single = one.lines[0] as unknown as Check;
    const split = two.lines[0] as unknown as Check;
    expect([single.processes, split.processes]).toEqual([1, 2]);
    expect(split.gradient).toHaveLength(single.gradient.length);
    const gradientGap = Math.max(
      ...single.gradient.map((g, i) => Math.abs(g - (split.gradient[i] as number))),
    );
    const largest = Math.max(...single.gradient.map(Math.abs));
    console.log(
      `${link}: loss 1 process ${single.loss}, 2 processes ${split.loss}; largest gradient difference ` +
        `${gradientGap.toExponential(2)} of entries up to ${largest.toFixed(3)}`,
    );
    expect(Math.abs(single.loss - split.loss)).toBeLessThanOrEqual(LOSS_TOLERANCE);
    expect(largest).toBeGreaterThan(0.01); // a real gradient, not zeros on both sides
    expect(gradientGap).toBeLessThanOrEqual(GRADIENT_TOLERANCE);
  });

  it('trains with 2 processes: one line every 10 steps from process 0, and the loss falls', async () => {
    const steps = 60;
    const path = await writeScript(parseLink('#seed=2').state.config, steps, '#seed=2');
    const { lines, seconds } = await runTorchrun(path, 2);
    const snapshots = lines.filter((line) => line.summary !== true);
    expect(snapshots.map((line) => line.step)).toEqual([10, 20, 30, 40, 50, 60]);
    const losses = snapshots.map((line) => line.loss as number);
    expect(losses.at(-1)).toBeLessThan(losses[0] as number);
    expect(lines.at(-1)).toMatchObject({ summary: true, steps, backend: 'torch-cpu' });
    expect(lines.at(-1)?.backend_reason).toContain('2 processes (gloo)');
    console.log(`torchrun, 2 processes, ${steps} steps: ${seconds.toFixed(1)} s, losses ${losses.join(' ')}`);
  });
});
