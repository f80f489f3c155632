// Ticks that never repeat and y domains that do not turn last-digit noise into swings (issue 22: at tau = 100 the
// loss axis read "5.53" five times and effective negatives "254" five times).

import { scaleLinear } from 'd3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTick, linearScale, tickLabels } from '../../../src/charts/axes';
import { axisTicks, minimumSpan } from '../../../src/charts/metrics/lineAxes';
import {
  layoutMetrics,
  METRIC_INFO,
  MIN_RELATIVE_SPAN,
  type SeriesPoints,
  yDomainFor,
} from '../../../src/charts/metrics/metricsLayout';
import { createRng } from '../../../src/core/rng';
import { METRIC_KEYS, type MetricKey } from '../../../src/state/store';

/** `n` values around `centre` that wander by at most `noise` (seeded). */
function jitter(n: number, centre: number, noise: number, seed = 3): number[] {
  const rng = createRng(seed, 'ticks');
  return Array.from({ length: n }, () => centre + noise * (2 * rng.next() - 1));
}

const distinct = (labels: readonly string[]) => new Set(labels).size === labels.length;

describe('tick labels', () => {
  it('are distinct for tiny ranges: more digits where 3 would repeat', () => {
    const ticks = scaleLinear().domain([5.5301, 5.5305]).ticks(5);
    expect(ticks.map((t) => formatTick(t))).toContain('5.53'); // what the axis used to print, several times
    const labels = tickLabels(ticks);
    expect(distinct(labels)).toBe(true);
    expect(labels).toContain('5.5302');
    expect(tickLabels([0.1, 0.2, 0.3])).toEqual(['0.1', '0.2', '0.3']); // no digits added where none are needed
    expect(tickLabels([1e-4, 1.05e-4, 1.1e-4])).toEqual(['1e-4', '1.05e-4', '1.10e-4']);
    // a negative power of ten keeps its sign (fast-check found -1e-7 and 1e-7 both labelled 1e-7)
    expect(tickLabels([-1e-7, 0, 1e-7])).toEqual(['-1e-7', '0', '1e-7']);
  });

  it('are distinct on any linear axis, however narrow its range (d3 ticks, canvas and SVG axes)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        fc.double({ min: 1e-6, max: 1, noNaN: true }), // float32 metrics resolve no finer
        (lo, relative) => {
          const hi = lo + Math.max(Math.abs(lo), 1e-3) * relative;
          fc.pre(hi > lo);
          const axis = axisTicks(scaleLinear().domain([lo, hi]).range([100, 0]), 4);
          expect(distinct(axis.map((tick) => tick.label))).toBe(true);
          const canvas = linearScale([lo, hi], [0, 100]).ticks(5);
          expect(distinct(tickLabels(canvas))).toBe(true);
        },
      ),
    );
  });
});

describe('y domains of the metrics', () => {
  it('span at least MIN_RELATIVE_SPAN of the value: a loss of 5.5301 to 5.5304 draws near flat', () => {
    const loss = yDomainFor(METRIC_INFO.loss, jitter(40, 5.53025, 0.00015), false);
    expect(loss.domain[1] - loss.domain[0]).toBeGreaterThanOrEqual(MIN_RELATIVE_SPAN * 5.53);
    expect(loss.offChart).toBe(0);
    const negatives = yDomainFor(METRIC_INFO.effectiveNegatives, jitter(40, 254.02, 0.01), false);
    expect(negatives.domain[1] - negatives.domain[0]).toBeGreaterThanOrEqual(MIN_RELATIVE_SPAN * 254);
  });

  it('keep a wide range as it is, and centre the least span on the data', () => {
    expect(minimumSpan([1, 3], 0.02)).toEqual([1, 3]);
    const [lo, hi] = minimumSpan([99.99, 100.01], 0.02);
    expect(hi - lo).toBeCloseTo(0.02 * 100.01, 9);
    expect((lo + hi) / 2).toBeCloseTo(100, 9);
    expect(minimumSpan([5, 5], 0.02)).toEqual([5, 5]); // flat: padDomain's job
  });

  it('at tau = 100 every panel labels its ticks once each, with the line near flat', () => {
    const n = 60;
    const values: Record<MetricKey, number[]> = {
      loss: jitter(n, 5.5302, 0.0002),
      alignment: jitter(n, 0.0412, 0.00001),
      uniformity: jitter(n, -3.8811, 0.0003),
      tolerance: jitter(n, 0.2511, 0.00005),
      knnAccuracy: jitter(n, 0.5, 0.001),
      effectiveNegatives: jitter(n, 254.01, 0.005),
      fnShare: jitter(n, 0.12, 0.0001),
      fnWeight: jitter(n, 0.12, 0.0001),
      stsSpearman: jitter(n, 41.3, 0.001),
    };
    const series = Object.fromEntries(
      METRIC_KEYS.map((key): [MetricKey, SeriesPoints] => [
        key,
        { steps: Array.from({ length: n }, (_, i) => 10 * i), values: values[key] },
      ]),
    ) as Record<MetricKey, SeriesPoints>;
    const layout = layoutMetrics({ width: 500, series, logLoss: false, textMode: true });
    for (const panel of layout.panels) {
      const labels = panel.yTicks.map((tick) => tick.label);
      expect(distinct(labels), `${panel.key}: ${labels.join(', ')}`).toBe(true);
    }
    const loss = layout.panels.find((panel) => panel.key === 'loss');
    const ys = loss?.marks.lines.flat().map(([, y]) => y) ?? [];
    // the 4th-digit noise moves the line by a small part of the plot, not across it
    expect(Math.max(...ys) - Math.min(...ys)).toBeLessThan(0.1 * (loss?.plot.height ?? 0));
  });
});
