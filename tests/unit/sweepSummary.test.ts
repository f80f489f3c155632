// A sweep's results for people: per run over seeds (mean, min, max), the CSV's documented columns, the CLI's
// summary table, and the SVG of each metric against the swept value (log x for tau, text escaped).
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG } from '../../src/protocol/config';
import type { SweepPlan, SweepResult } from '../../src/protocol/sweep';
import {
  SWEEP_CSV_FIRST,
  summariseSweep,
  sweepCsv,
  sweepTable,
  sweptTexts,
  tableNumber,
} from '../../src/state/sweepSummary';
import { escapeXml, sweepAxis, sweepSvg } from '../../src/state/sweepSvg';

const PLAN: SweepPlan = {
  runs: [0.05, 0.5].map((tau) => ({ label: `tau ${tau}`, config: { ...DEFAULT_TRAIN_CONFIG, tau } })),
  seeds: 2,
  steps: 20,
  swept: ['tau'],
};

const display = { dim: 0, embeddings: new Float32Array(0), labels: new Int32Array(0) };

/** train --json's scalars in its order, with made-up numbers for run r and seed s. */
function result(run: number, seed: number, loss: number): SweepResult {
  return {
    run,
    seed,
    scalars: {
      step: 20,
      loss,
      alignment: 0.1 * (run + 1),
      uniformity: -2 - run,
      tolerance: 0.3,
      knn_acc: 0.5 + 0.1 * seed,
      effective_negatives: 10 * (run + 1),
      candidates: 254,
      fn_share: null,
      tau: PLAN.runs[run]?.config.tau ?? 0,
      batch_rows: 256,
      backend: 'wasm',
    },
    display,
    seconds: 1,
  };
}

const RESULTS = [result(0, 1, 1), result(0, 2, 3), result(1, 1, 2), result(1, 2, 2)];

describe('summariseSweep', () => {
  it('gives mean, min and max per run over its seeds, in seed order; null is not a number', () => {
    const summary = summariseSweep(PLAN, [...RESULTS].reverse());
    expect(summary.get(0)?.get('loss')).toEqual({ mean: 2, min: 1, max: 3, values: [1, 3] });
    expect(summary.get(1)?.get('knn_acc')?.values).toEqual([0.6, 0.7]);
    expect(summary.get(0)?.get('fn_share')?.mean).toBeNaN();
    expect(summariseSweep(PLAN, [result(5, 1, 1)]).size).toBe(0);
  });
});

describe('sweepCsv', () => {
  it('has the documented columns and one row per configuration and seed, in plan order', () => {
    const lines = sweepCsv(PLAN, [...RESULTS].reverse())
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe(
      `seed,tau,${SWEEP_CSV_FIRST.join(',')},step,candidates,fn_share,batch_rows,backend`,
    );
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 3).join(','))).toEqual([
      '1,0.05,1',
      '2,0.05,3',
      '1,0.5,2',
      '2,0.5,2',
    ]);
    // null is an empty cell; every row as wide as the header
    expect(lines[1]?.split(',')[10]).toBe('');
    for (const line of lines) expect(line.split(',')).toHaveLength(lines[0]?.split(',').length ?? 0);
  });
});

describe('sweepTable', () => {
  it('prints one row per configuration: the swept value, the seeds, mean [min, max] of each metric', () => {
    const lines = sweepTable(PLAN, RESULTS);
    expect(lines).toHaveLength(3);
    expect(lines[0]?.split(/\s+/)).toEqual(['tau', 'seeds', ...SWEEP_CSV_FIRST]);
    expect(lines[1]).toMatch(/^0\.05\s+2\s+2\.000 \[1\.000, 3\.000\]\s+0\.100 \[0\.100, 0\.100\]/);
    expect(lines[2]).toContain('20.00 [20.00, 20.00]');
    // one seed: the mean alone
    expect(sweepTable({ ...PLAN, seeds: 1 }, [result(0, 1, 1)])[1]).toMatch(/^0\.05\s+1\s+1\.000\s+0\.100/);
  });

  it('names runs by label where the labels say more than the swept values', () => {
    const plan: SweepPlan = { ...PLAN, runs: PLAN.runs.map((run, i) => ({ ...run, label: `run ${i}` })) };
    expect(sweepTable(plan, RESULTS)[1]).toMatch(/^run 0\s+0\.05\s+2\s/);
    expect(sweptTexts(plan, 1)).toEqual(['0.5']);
    expect([tableNumber(254), tableNumber(12.345), tableNumber(-0.12345), tableNumber(Number.NaN)]).toEqual([
      '254.0',
      '12.35',
      '-0.123',
      'n/a',
    ]);
  });
});

describe('sweepSvg', () => {
  const svg = sweepSvg(PLAN, RESULTS, {
    title: 'Sweep <of> "tau" & more',
    x: sweepAxis(PLAN),
    metrics: ['loss', 'uniformity', 'knn_acc'],
    starts: [result(0, 1, 5), result(1, 1, 5)],
    region: { below: 0.1, text: 'stalls < here' },
  });

  it('is one SVG document with a panel per metric, a band and a mean line each, text escaped', () => {
    expect(sweepAxis(PLAN)).toEqual({ field: 'tau', log: true });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<g class="panel"/g)).toHaveLength(3);
    expect(svg).toContain('Sweep &lt;of&gt; &quot;tau&quot; &amp; more');
    expect(svg).toContain('stalls &lt; here');
    expect(svg).not.toMatch(/<(?!\/?(svg|rect|text|g|line|path|circle)\b)/);
    expect(svg.match(/fill-opacity="0.18"/g)).toHaveLength(3);
    expect(svg).toContain('tau (log scale)');
    expect(svg).toContain('○: step 0');
    // every coordinate a number
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('draws each run as a bar by its label when the axis is not numeric', () => {
    const labelled = sweepSvg(PLAN, RESULTS, { title: 't', x: null, metrics: ['loss'] });
    expect(labelled).toContain('rotate(-35)');
    expect(labelled).toContain('>tau 0.5<');
    expect(labelled).not.toContain('fill-opacity="0.18"');
    expect(sweepAxis({ ...PLAN, swept: ['loss'] })).toBeNull();
    expect(escapeXml(`<a href='x'>&</a>`)).toBe('&lt;a href=&apos;x&apos;&gt;&amp;&lt;/a&gt;');
  });
});
