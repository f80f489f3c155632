import { describe, expect, it } from 'vitest';
import { chooseBackend } from '../../src/engine/backend';
import { ensureNodeBackend } from '../../src/engine/nodeBackend';

describe('auto backend choice (Node: wasm and cpu registered, no GPU)', () => {
  it('drops cpu once wasm starts, then takes wasm, the lone candidate, without measuring it', async () => {
    await ensureNodeBackend();
    const probed: string[] = [];
    const report = await chooseBackend('auto', async (name) => {
      probed.push(name);
      return 1;
    });
    expect(report.backend).toBe('wasm');
    expect(probed).toEqual([]);
    expect(report.measured).toEqual({});
    expect(report.reason).toBe(
      'no WebGPU adapter is available; not measured: cpu (plain JavaScript, slower than wasm); ' +
        'wasm is the only candidate left (taken without measuring)',
    );
  });

  it('asks its loader only for a backend that is forced or a candidate, never for a skipped one', async () => {
    const asked: string[] = [];
    const load = async (name: string) => {
      asked.push(name);
    };
    await chooseBackend('auto', async () => 1, load);
    // Node: no WebGPU adapter (webgpu is skipped) and no WebGL renderer to call software (webgl is tried)
    expect(asked).toEqual(['wasm', 'webgl', 'cpu']);
    asked.length = 0;
    const forced = await chooseBackend('cpu', async () => 1, load);
    expect(asked).toEqual(['cpu']);
    expect(forced.backend).toBe('cpu');
  });

  it('a backend whose code fails to load is no candidate; auto goes on with the others', async () => {
    const report = await chooseBackend(
      'auto',
      async () => 1,
      async () => {
        throw new Error('chunk failed to load');
      },
    );
    expect(report.backend).toBe('wasm');
  });
});
