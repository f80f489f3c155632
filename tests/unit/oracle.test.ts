// The float64 core against every golden file in tests/oracle, through the same checkFile64 the CLI runs: one test
// per oracle case, so a report names the case that broke. Also checks that the checker recomputes from inputs
// (perturbed inputs fail) and does not depend on case ids or order.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkFile64, worstRelErr } from '../../src/cli/oracle/float64Checks';

const oracleDir = fileURLToPath(new URL('../oracle/', import.meta.url));
const files = readdirSync(oracleDir)
  .filter((name) => name.endsWith('.json'))
  .sort();
const load = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(oracleDir, name), 'utf8')) as Record<string, unknown>;

describe('oracle files are present', () => {
  it('finds the seven golden files', () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
  });
});

for (const file of files) {
  describe(file, () => {
    const results = checkFile64(load(file));

    it('is recognised and has cases', () => {
      expect(results.length).toBeGreaterThan(0);
      expect(results[0]?.failures).not.toContain('unknown oracle family: no checker recognises this file');
    });

    for (const result of results) {
      it(result.id, () => {
        expect(result.failures).toEqual([]);
      });
    }

    it('float64 worst relative error is below 1e-9', () => {
      expect(worstRelErr(results)).toBeLessThan(1e-9);
    });
  });
}

describe('checkFile64 recomputes from inputs', () => {
  const infonce = load('infonce_unsup.json');
  const cases = infonce.cases as Record<string, unknown>[];

  it('does not depend on case ids or their order', () => {
    const renamed = { ...infonce, cases: [...cases].reverse().map((c, i) => ({ ...c, id: `renamed_${i}` })) };
    const results = checkFile64(renamed);
    expect(results.map((r) => r.id)).toEqual(cases.map((_, i) => `renamed_${i}`));
    expect(results.flatMap((r) => r.failures)).toEqual([]);
  });

  it('fails a case whose input no longer matches its stored outputs', () => {
    const first = cases[0] as { x: number[][]; tau: number };
    const perturbed = {
      ...first,
      x: first.x.map((row, i) => (i === 0 ? row.map((v) => v * 1.001 + 0.01) : row)),
    };
    const [result] = checkFile64({ ...infonce, cases: [perturbed] });
    expect(result?.failures.some((f) => f.startsWith('loss'))).toBe(true);
    const [otherTau] = checkFile64({ ...infonce, cases: [{ ...first, tau: first.tau * 2 }] });
    expect(otherTau?.failures.length).toBeGreaterThan(0);
  });

  it('rebuilds unit-circle points from the stated rule when they are omitted', () => {
    const geometry = load('align_uniform.json');
    const circles = (geometry.unit_circle_equally_spaced as Record<string, unknown>[]).map(
      ({ points: _points, points_normalized: _normalized, ...rest }) => rest,
    );
    const results = checkFile64({ ...geometry, unit_circle_equally_spaced: circles });
    expect(results.flatMap((r) => r.failures)).toEqual([]);
  });

  it('reports a missing input as a failure of that case only', () => {
    const { x: _x, ...withoutX } = cases[1] as Record<string, unknown>;
    const results = checkFile64({ ...infonce, cases: [cases[0], withoutX] });
    expect(results[0]?.failures).toEqual([]);
    expect(results[1]?.failures).toEqual(['error: missing input field x']);
  });

  it('answers an unknown family with one failed result', () => {
    const results = checkFile64({ something: 'else' });
    expect(results).toHaveLength(1);
    expect(results[0]?.failures[0]).toMatch(/unknown oracle family/);
  });
});
