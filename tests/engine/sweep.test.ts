// Issue 18 (3): `npm run sweep` in Node. A tiny sweep writes the CSV with exactly the documented columns (seed,
// the swept key, loss ... effective_negatives, then every other scalar of `npm run train -- --json`), one row per
// configuration and seed, with the numbers `npm run train` gives for each configuration alone (same seed and
// steps); `--json` prints one line per result and `--svg` the curves; a bad list is refused, naming its bad items,
// with nothing run or written.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SWEEP_CSV_FIRST } from '../../src/state/sweepSummary';

const tsx = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', script, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

const dir = mkdtempSync(join(tmpdir(), 'infonce-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The sweep's configuration outside tau: small, so 4 jobs and 2 trainings take a few seconds. */
const FIXED = ['--batch', '16', '--backend', 'wasm', '--steps', '20'];

/** The summary line of `npm run train -- --json` for one configuration and seed. */
function trainSummary(tau: string, seed: number): Record<string, unknown> {
  const run = tsx('src/cli/train.ts', '--tau', tau, '--seed', String(seed), ...FIXED, '--json');
  expect(run.status, run.stderr).toBe(0);
  const lines = run.stdout.trim().split('\n');
  return JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown>;
}

describe('npm run sweep', () => {
  it('writes the documented CSV with train’s numbers, JSON lines and the SVG', () => {
    const csv = join(dir, 'sweep.csv');
    const svg = join(dir, 'sweep.svg');
    const run = tsx(
      'src/cli/sweep.ts',
      '--tau',
      '0.05,0.5',
      '--seeds',
      '2',
      ...FIXED,
      '--out',
      csv,
      '--svg',
      svg,
      '--json',
    );
    expect(run.status, run.stderr).toBe(0);
    // not a terminal: one line per finished job on stderr, no bar
    expect(run.stderr.match(/^sweep job \d\/4: tau/gm)).toHaveLength(4);

    const [header = '', ...rows] = readFileSync(csv, 'utf8').trimEnd().split('\n');
    const alone = [trainSummary('0.05', 1), trainSummary('0.5', 2)];
    // train's per-snapshot scalars: its summary line adds summary, steps, seconds and backend_reason
    const perLine = Object.keys(alone[0] ?? {}).filter(
      (key) => !['summary', 'steps', 'seconds', 'backend_reason'].includes(key),
    );
    const rest = perLine.filter(
      (key) => key !== 'tau' && !(SWEEP_CSV_FIRST as readonly string[]).includes(key),
    );
    expect(header).toBe(['seed', 'tau', ...SWEEP_CSV_FIRST, ...rest].join(','));
    expect(rows.map((row) => row.split(',').slice(0, 2).join(','))).toEqual([
      '1,0.05',
      '2,0.05',
      '1,0.5',
      '2,0.5',
    ]);

    const columns = header.split(',');
    const cells = (row: string) => Object.fromEntries(row.split(',').map((cell, k) => [columns[k], cell]));
    const same = (row: string, summary: Record<string, unknown>) => {
      const swept = cells(row);
      for (const key of perLine.filter((k) => k !== 'steps_per_s')) {
        const value = summary[key];
        expect(swept[key], key).toBe(value === null ? '' : String(value));
      }
    };
    same(rows[0] ?? '', alone[0] ?? {});
    same(rows[3] ?? '', alone[1] ?? {});

    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatchObject({ run: 1, label: 'tau 0.5', seed: 2, tau: 0.5, loss: alone[1]?.loss });

    const picture = readFileSync(svg, 'utf8');
    expect(picture.match(/<g class="panel"/g)).toHaveLength(SWEEP_CSV_FIRST.length);
    expect(picture).toContain('tau (log scale)');
  });

  it('prints a summary table: one row per configuration, mean [min, max] over the seeds', () => {
    const run = tsx('src/cli/sweep.ts', '--tau', '0.05,0.5', '--seeds', '2', ...FIXED);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]?.split(/\s+/)).toEqual(['tau', 'seeds', ...SWEEP_CSV_FIRST]);
    expect(lines.slice(1).map((line) => line.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      '0.05 2',
      '0.5 2',
    ]);
    expect(lines[1]).toMatch(/-?\d\.\d{3} \[-?\d\.\d{3}, -?\d\.\d{3}\]/);
  });

  it('refuses a bad list naming its bad items, runs nothing and writes nothing (exit 2)', () => {
    const csv = join(dir, 'bad.csv');
    const run = tsx('src/cli/sweep.ts', '--tau', '0.1,abc,-1', '--out', csv);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--tau item 2 "abc": "abc" is not a number');
    expect(run.stderr).toContain('--tau item 3 "-1": -1 is below the minimum 0.0001');
    expect(run.stderr).not.toContain('item 1');
    expect(run.stderr).not.toMatch(/sweep job/);
    expect(run.stdout).toBe('');
    expect(existsSync(csv)).toBe(false);
  });
});
