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
});
