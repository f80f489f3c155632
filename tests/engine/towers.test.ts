// Issue 16 (5): one tower or two. With two, the second view goes through an encoder of its own: the model has
// twice the variables, a rebuild switches, supervised positives use the second tower, and the towers start far
// apart and are tied only by the loss (alignment measured seed by seed against one shared tower).
import { describe, expect, it } from 'vitest';
import { trainSteps } from '../../src/cli/trainSteps';
import type { Snapshot } from '../../src/protocol/snapshot';
import { drive, testConfig } from './driver';

describe('one tower or two', () => {
  it('two towers have twice the variables, of the same shapes; a rebuild switches and starts a new model', async () => {
    const t = await drive();
    await t.send({ type: 'configure', runId: 1, config: testConfig({ batch: 16 }) });
    const one = t.trainer.currentRun?.model.variables.map((v) => v.shape.join('x')) ?? [];
    const model = t.lastSnapshot().modelId;
    await t.send({ type: 'update', runId: 1, config: testConfig({ batch: 16, towers: 2 }) });
    const two = t.trainer.currentRun?.model.variables.map((v) => v.shape.join('x')) ?? [];
    expect(two).toEqual([...one, ...one]);
    expect(t.lastSnapshot().modelId).not.toBe(model);
    await t.send({ type: 'step', runId: 1, steps: 20 });
    const [firstKernel, , , , secondKernel] = (await t.trainer.currentRun?.model.readWeights()) ?? [];
    expect(firstKernel?.length).toBe(secondKernel?.length);
    expect(Array.from(firstKernel ?? [])).not.toEqual(Array.from(secondKernel ?? []));
    expect(t.errors()).toEqual([]);
    await t.send({ type: 'dispose', runId: 1 });
  });

  it.each(['supervised', 'triplet', 'infonce-nxn', 'dcl'] as const)(
    '%s trains with two towers',
    async (loss) => {
      const run = await trainSteps(testConfig({ batch: 16, towers: 2, loss }), 20);
      expect(run.failure).toBeNull();
      expect(Number.isFinite(run.snapshots.at(-1)?.loss)).toBe(true);
    },
  );

  it('the towers start far apart and only the loss ties them: alignment against one tower, seed by seed', async () => {
    const at = (snapshots: readonly Snapshot[], step: number) =>
      snapshots.find((s) => s.step === step)?.alignment ?? Number.NaN;
    for (const seed of [1, 2, 3]) {
      const one = (await trainSteps(testConfig({ batch: 64, seed }), 200)).snapshots;
      const two = (await trainSteps(testConfig({ batch: 64, seed, towers: 2 }), 200)).snapshots;
      // two independently initialised encoders map a row to unrelated points; one encoder differs by dropout only
      expect(at(two, 10), `seed ${seed}`).toBeGreaterThan(3 * at(one, 10));
      // the positives' pull brings the towers together, yet looser than a shared encoder's two views
      expect(at(two, 200), `seed ${seed}`).toBeLessThan(at(two, 10) / 5);
      expect(at(two, 200), `seed ${seed}`).toBeGreaterThan(at(one, 200));
    }
  });
});
