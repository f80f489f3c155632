import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const train = (...args: string[]) =>
  execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/cli/train.ts', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('npm run train', () => {
  it('prints one JSON line of snake_case scalars per snapshot and a summary', () => {
    const lines = train('--tau', '0.05', '--batch', '32', '--backend', 'wasm', '--steps', '30', '--json');
    expect(lines).toHaveLength(4);
    for (const key of [
      'step',
      'loss',
      'alignment',
      'uniformity',
      'tolerance',
      'knn_acc',
      'effective_negatives',
    ]) {
      expect(typeof lines[0]?.[key]).toBe('number');
    }
    expect(lines[0]).toMatchObject({ step: 10, batch_rows: 64, backend: 'wasm', tau: 0.05 });
    expect(lines[3]).toMatchObject({ summary: true, steps: 30 });
  });

  it('a share link and the same flags give the same losses', () => {
    const fromLink = train(
      '--link',
      'http://127.0.0.1/#tau=0.2&batch=16&seed=3&backend=wasm',
      '--steps',
      '20',
      '--json',
    );
    const fromFlags = train(
      '--tau',
      '0.2',
      '--batch',
      '16',
      '--seed',
      '3',
      '--backend',
      'wasm',
      '--steps',
      '20',
      '--json',
    );
    expect(fromLink.map((l) => l.loss)).toEqual(fromFlags.map((l) => l.loss));
  });

  it('refuses an unknown flag with exit status 2 and the usage', () => {
    expect(() => train('--bogus', '1')).toThrow(/unknown flag --bogus/);
  });
});
