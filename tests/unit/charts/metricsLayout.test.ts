// Metrics small multiples: synthetic histories (empty, one point, flat, NaN gaps, a loss that starts in the
// thousands), scales inside the plot area, the clamped and log domains, temperature marks, and the generic
// line helpers.

import { scaleLinear, scaleLog } from 'd3';
import { describe, expect, it } from 'vitest';
import {
  axisTicks,
  finiteExtent,
  type Point,
  padDomain,
  padLogDomain,
  quantile,
  type Rect,
  robustDomain,
  toPolylines,
  unionDomain,
} from '../../../src/charts/metrics/lineAxes';
import {
  formatMetric,
  layoutMetrics,
  METRIC_INFO,
  type MetricPanel,
  type SeriesPoints,
  seriesOf,
  trackTau,
} from '../../../src/charts/metrics/metricsLayout';
import { createRng } from '../../../src/core/rng';
import { DecimatedSeries } from '../../../src/core/series';
import { METRIC_KEYS, type MetricKey } from '../../../src/state/store';

const steps = (n: number, every = 10): number[] => Array.from({ length: n }, (_, i) => i * every);

/** A record over the metrics, built key by key (typed without casts). */
function byMetric<T>(make: (key: MetricKey) => T): Record<MetricKey, T> {
  const out: Partial<Record<MetricKey, T>> = {};
  for (const key of METRIC_KEYS) out[key] = make(key);
  return out as Record<MetricKey, T>;
}

/** Every metric with the same steps; `values` per key, default a gentle decay. */
function history(
  n: number,
  values: Partial<Record<MetricKey, number[]>> = {},
): Record<MetricKey, SeriesPoints> {
  return byMetric((key) => ({
    steps: steps(n),
    values: values[key] ?? Array.from({ length: n }, (_, i) => 1 / (1 + i)),
  }));
}

function panel(layout: ReturnType<typeof layoutMetrics>, key: MetricKey): MetricPanel {
  const found = layout.panels.find((p) => p.key === key);
  if (!found) throw new Error(`no panel ${key}`);
  return found;
}

function allPoints(p: MetricPanel): Point[] {
  return [...p.marks.lines.flat(), ...p.marks.dots];
}

function inside(point: Point, rect: Rect, slack = 1e-9): boolean {
  return (
    point[0] >= rect.left - slack &&
    point[0] <= rect.left + rect.width + slack &&
    point[1] >= rect.top - slack &&
    point[1] <= rect.top + rect.height + slack
  );
}

describe('layoutMetrics: geometry', () => {
  it('lays out one panel per metric in METRIC_KEYS order, one column when narrow, two when wide', () => {
    const narrow = layoutMetrics({ width: 100, series: history(5), logLoss: false });
    expect(narrow.width).toBe(240); // minimum width
    // the text-only panels (STS) only in text mode
    expect(narrow.panels.map((p) => p.key)).toEqual(METRIC_KEYS.filter((key) => !METRIC_INFO[key].textOnly));
    const text = layoutMetrics({ width: 100, series: history(5), logLoss: false, textMode: true });
    expect(text.panels.map((p) => p.key)).toEqual([...METRIC_KEYS]);
    expect(new Set(narrow.panels.map((p) => p.plot.left)).size).toBe(1);
    const wide = layoutMetrics({ width: 900, series: history(5), logLoss: false });
    expect(new Set(wide.panels.map((p) => p.plot.left)).size).toBe(2);
    expect(wide.height).toBeLessThan(narrow.height);
    for (const layout of [narrow, wide]) {
      for (const p of layout.panels) {
        expect(p.plot.width).toBeGreaterThan(100);
        expect(p.plot.left + p.plot.width).toBeLessThanOrEqual(layout.width);
        expect(p.plot.top + p.plot.height).toBeLessThanOrEqual(layout.height);
      }
      // only the bottom panel of each column prints step labels; only the top row labels tau marks
      expect(layout.panels.filter((p) => p.showXLabels)).toHaveLength(layout === wide ? 2 : 1);
      expect(layout.panels.filter((p) => p.labelTauMarks)).toHaveLength(layout === wide ? 2 : 1);
    }
  });

  it('maps every point of ordinary series inside its plot area, steps left to right', () => {
    const rng = createRng(7, 'test');
    const n = 200;
    // the metrics with a fixed domain (kNN accuracy, the false-negative shares) live in [0, 1]
    const values = byMetric((key) =>
      Array.from({ length: n }, () => (METRIC_INFO[key].fixedDomain ? rng.next() : rng.normal(0, 1) * 3 + 1)),
    );
    const layout = layoutMetrics({ width: 500, series: history(n, values), logLoss: false });
    expect(layout.xDomain).toEqual([0, 2000]); // steps 0..1990, grown to a round span
    for (const p of layout.panels) {
      const points = allPoints(p);
      expect(points).toHaveLength(n);
      for (const point of points) expect(inside(point, p.plot)).toBe(true);
      const line = p.marks.lines[0] ?? [];
      expect(line[0]?.[0]).toBeCloseTo(p.plot.left, 9);
      expect(line[line.length - 1]?.[0]).toBeCloseTo(p.plot.left + (p.plot.width * 1990) / 2000, 9);
      for (const tick of p.yTicks) {
        expect(tick.position).toBeGreaterThanOrEqual(p.plot.top - 1e-9);
        expect(tick.position).toBeLessThanOrEqual(p.plot.top + p.plot.height + 1e-9);
      }
    }
  });
});

describe('layoutMetrics: axes that hold still while training runs', () => {
  it('keeps the step axis and its ticks while new steps fit, then grows it in one jump', () => {
    const at = (n: number) => layoutMetrics({ width: 500, series: history(n), logLoss: false });
    const before = at(150); // steps 0..1490
    const after = at(190); // steps 0..1890
    expect(before.xDomain).toEqual([0, 1500]);
    expect(after.xDomain).toEqual([0, 2000]);
    expect(at(151).xDomain).toEqual([0, 1500]);
    expect(at(151).panels[0]?.xTicks).toEqual(before.panels[0]?.xTicks);
    for (const n of [20, 150, 190, 1000]) {
      const [lo, hi] = at(n).xDomain;
      expect((n - 1) * 10).toBeLessThanOrEqual(hi);
      expect((n - 1) * 10).toBeGreaterThanOrEqual(lo + (2 / 3) * (hi - lo)); // the data fills 2/3 or more
    }
  });

  it('pads a fitted y axis but not across zero: a loss from 3 to 188 gets no negative band', () => {
    const loss = Array.from({ length: 40 }, (_, i) => (i < 30 ? 3 : 188));
    const p = panel(layoutMetrics({ width: 400, series: history(40, { loss }), logLoss: false }), 'loss');
    expect(p.yDomain[0]).toBe(0);
    expect(p.yDomain[1]).toBeGreaterThanOrEqual(188);
  });

  it('keeps a fitted y axis while new values fall inside its ticks', () => {
    const values = Array.from({ length: 50 }, (_, i) => 2 - i / 100); // 2.0 down to 1.51
    const y = (v: number[]) =>
      panel(
        layoutMetrics({ width: 400, series: history(v.length, { alignment: v }), logLoss: false }),
        'alignment',
      );
    const before = y(values);
    const after = y([...values, 1.52]);
    expect(after.yDomain).toEqual(before.yDomain);
    expect(after.yTicks).toEqual(before.yTicks);
    expect(before.yDomain[0]).toBeLessThanOrEqual(1.51);
    expect(before.yDomain[1]).toBeGreaterThanOrEqual(2);
  });
});

describe('layoutMetrics: awkward series', () => {
  it('waits with no data: empty, no marks, a dash for every value', () => {
    const empty = byMetric((): SeriesPoints => ({ steps: [], values: [] }));
    const layout = layoutMetrics({ width: 400, series: empty, logLoss: true });
    expect(layout.empty).toBe(true);
    for (const p of layout.panels) {
      expect(p.marks.lines).toHaveLength(0);
      expect(p.marks.dots).toHaveLength(0);
      expect(p.currentText).toBe('–');
      expect(p.yDomain[0]).toBeLessThan(p.yDomain[1]);
    }
  });

  it('draws a single point as a dot in the middle of a padded domain', () => {
    const one = history(1, { loss: [2.5], uniformity: [0] });
    const layout = layoutMetrics({ width: 400, series: one, logLoss: false });
    expect(layout.xDomain[0]).toBeLessThan(0);
    expect(layout.xDomain[1]).toBeGreaterThan(0);
    const loss = panel(layout, 'loss');
    expect(loss.marks.lines).toHaveLength(0);
    expect(loss.marks.dots).toHaveLength(1);
    const dot = loss.marks.dots[0] as Point;
    expect(dot[0]).toBeCloseTo(loss.plot.left + loss.plot.width / 2, 9);
    expect(dot[1]).toBeCloseTo(loss.plot.top + loss.plot.height / 2, 9);
    expect(loss.yDomain[0]).toBeCloseTo(2.25, 12);
    expect(loss.yDomain[1]).toBeCloseTo(2.75, 12);
    expect(panel(layout, 'uniformity').yDomain).toEqual([-1, 1]); // a flat 0 gets +-1
    expect(loss.currentText).toBe('2.5');
  });

  it('centres a flat series and keeps it whole (no clamping of a constant)', () => {
    const flat = history(100, { alignment: new Array(100).fill(0.4) });
    const p = panel(layoutMetrics({ width: 300, series: flat, logLoss: false }), 'alignment');
    expect(p.yDomain[0]).toBeCloseTo(0.36, 12);
    expect(p.yDomain[1]).toBeCloseTo(0.44, 12);
    expect(p.marks.lines).toHaveLength(1);
    for (const point of allPoints(p)) expect(point[1]).toBeCloseTo(p.plot.top + p.plot.height / 2, 9);
    expect(p.note).toBeNull();
  });

  it('breaks the line at NaN values, keeps lone points as dots, and prints a trailing NaN', () => {
    const values = [1, 2, Number.NaN, 3, 4, Number.NaN, 5, Number.NaN];
    const p = panel(
      layoutMetrics({ width: 300, series: history(8, { tolerance: values }), logLoss: false }),
      'tolerance',
    );
    expect(p.marks.lines.map((line) => line.length)).toEqual([2, 2]);
    expect(p.marks.dots).toHaveLength(1);
    expect(p.current).toBeNaN();
    expect(p.currentText).toBe('NaN');
    for (const point of allPoints(p)) expect(inside(point, p.plot)).toBe(true);
  });

  it('clamps a loss that starts in the thousands to the last 80% and says how much is off the chart', () => {
    const n = 200;
    const rng = createRng(3, 'test');
    const loss = Array.from({ length: n }, (_, i) => (i < 10 ? 5000 / (1 + i) : 3 + 0.2 * rng.normal()));
    const linear = panel(layoutMetrics({ width: 400, series: history(n, { loss }), logLoss: false }), 'loss');
    expect(linear.yDomain[1]).toBeLessThan(10);
    expect(linear.yDomain[0]).toBeGreaterThan(0);
    expect(linear.offChart).toBeGreaterThanOrEqual(10);
    expect(linear.offChart).toBe(loss.filter((v) => v < linear.yDomain[0] || v > linear.yDomain[1]).length);
    expect(linear.note).toMatch(/off the chart.*last 80%/);
    // the newest value always stays on the chart
    const line = linear.marks.lines[0] ?? [];
    expect(inside(line[line.length - 1] as Point, linear.plot)).toBe(true);
    // the log scale shows all of it: every point inside, no note
    const log = panel(layoutMetrics({ width: 400, series: history(n, { loss }), logLoss: true }), 'loss');
    expect(log.log).toBe(true);
    expect(log.yDomain[0]).toBeLessThan(Math.min(...loss));
    expect(log.yDomain[1]).toBeGreaterThan(5000);
    expect(log.note).toBeNull();
    for (const point of allPoints(log)) expect(inside(point, log.plot)).toBe(true);
    expect(log.yTicks.length).toBeGreaterThanOrEqual(2);
  });

  it('does not clamp a range that is merely wide, short series, nor the bounded metrics', () => {
    const n = 100;
    const alignment = Array.from({ length: n }, (_, i) => (i < 5 ? 3.5 : 0.2 + 0.001 * i));
    const bounded = panel(
      layoutMetrics({ width: 400, series: history(n, { alignment }), logLoss: false }),
      'alignment',
    );
    expect(bounded.note).toBeNull();
    expect(bounded.yDomain[1]).toBeGreaterThan(3.5);
    for (const point of allPoints(bounded)) expect(inside(point, bounded.plot)).toBe(true);
    const decay = Array.from({ length: 100 }, (_, i) => 5 - i * 0.04);
    expect(
      panel(layoutMetrics({ width: 400, series: history(100, { loss: decay }), logLoss: false }), 'loss')
        .note,
    ).toBeNull();
    const spike = [5000, 3, 3, 3, 3];
    const short = panel(
      layoutMetrics({ width: 400, series: history(5, { loss: spike }), logLoss: false }),
      'loss',
    );
    expect(short.note).toBeNull();
    expect(short.yDomain[1]).toBeGreaterThan(5000);
  });

  it('leaves values <= 0 out of a log scale as gaps and says so; other metrics stay linear', () => {
    const loss = [4, 2, 0, 1, 0.5, -1, 0.25];
    const layout = layoutMetrics({ width: 400, series: history(7, { loss }), logLoss: true });
    const p = panel(layout, 'loss');
    expect(p.marks.lines.map((line) => line.length)).toEqual([2, 2]);
    expect(p.marks.dots).toHaveLength(1);
    expect(p.note).toBe('2 values ≤ 0 not shown on the log scale');
    expect(panel(layout, 'alignment').log).toBe(false);
  });

  it('keeps kNN accuracy on [0, 1] and prints it as a percentage', () => {
    const p = panel(
      layoutMetrics({ width: 300, series: history(3, { knnAccuracy: [0.5, 0.6, 0.83] }), logLoss: false }),
      'knnAccuracy',
    );
    expect(p.yDomain).toEqual([0, 1]);
    expect(p.currentText).toBe('83.0%');
    expect(formatMetric(METRIC_INFO.knnAccuracy, Number.NaN)).toBe('NaN');
    expect(formatMetric(METRIC_INFO.loss, 2.3456)).toBe('2.35');
  });

  it('keeps the false-negative measures on [0, 1] as percentages; an all-NaN series is an empty plot', () => {
    const nan = new Array(6).fill(Number.NaN);
    const layout = layoutMetrics({
      width: 700,
      series: history(6, { fnShare: nan, fnWeight: [0.1, 0.2, Number.NaN, 0.3, 0.25, 0.4] }),
      logLoss: false,
    });
    const share = panel(layout, 'fnShare');
    expect(share.yDomain).toEqual([0, 1]);
    expect(share.marks).toEqual({ lines: [], dots: [] });
    expect(share.yTicks.map((tick) => tick.value)).toEqual(
      panel(layout, 'knnAccuracy').yTicks.map((t) => t.value),
    );
    expect(share.currentText).toBe('NaN');
    expect([share.note, share.offChart]).toEqual([null, 0]);
    const weight = panel(layout, 'fnWeight');
    expect(weight.marks.lines.map((line) => line.length)).toEqual([2, 3]);
    expect(weight.currentText).toBe('40.0%');
    for (const point of allPoints(weight)) expect(inside(point, weight.plot)).toBe(true);
    // the other panels and the shared step axis are those of the same history without the NaN
    const plain = layoutMetrics({ width: 700, series: history(6), logLoss: false });
    expect(layout.xDomain).toEqual(plain.xDomain);
    expect(panel(layout, 'loss')).toEqual(panel(plain, 'loss'));
    expect(layout.panels.every((p) => p.placeholder === null)).toBe(true);
  });

  it('says "labels hidden" on the panels that need the labels, and only there, while they are hidden', () => {
    const layout = layoutMetrics({ width: 400, series: history(4), logLoss: false, labelsHidden: true });
    const placeholders = layout.panels.filter((p) => p.placeholder !== null).map((p) => p.key);
    expect(placeholders).toEqual(['fnShare', 'fnWeight']);
    expect(panel(layout, 'fnShare').placeholder?.text).toBe('labels hidden');
    expect(panel(layout, 'fnWeight').placeholder?.reason).toMatch(/false negative from a true one/);
  });

  it('gives every metric a short label and meaning (one line in a 240 px panel)', () => {
    for (const key of METRIC_KEYS) {
      expect(METRIC_INFO[key].label.length).toBeGreaterThan(0);
      expect(METRIC_INFO[key].meaning.length).toBeLessThanOrEqual(44);
    }
    expect(METRIC_INFO.alignment.meaning).toContain('lower is better');
    expect(METRIC_INFO.uniformity.meaning).toContain('lower is better');
  });
});

describe('temperature marks', () => {
  it('tracks changes within a run, ignores the first tau and resets on a new run', () => {
    let tracker = trackTau(null, 1, 0, Number.NaN); // run 1, no snapshot yet
    tracker = trackTau(tracker, 1, 0, 0.05);
    expect(tracker.marks).toEqual([]);
    const same = trackTau(tracker, 1, 10, 0.05);
    expect(same).toBe(tracker);
    expect(trackTau(tracker, 1, 10, Number.NaN)).toBe(tracker);
    tracker = trackTau(tracker, 1, 20, 0.2);
    tracker = trackTau(tracker, 1, 40, 0.01);
    expect(tracker.marks).toEqual([
      { step: 20, tau: 0.2 },
      { step: 40, tau: 0.01 },
    ]);
    expect(trackTau(tracker, 2, 0, 0.01).marks).toEqual([]);
  });

  it('places marks inside the step domain only, labelled with the new tau', () => {
    const layout = layoutMetrics({
      width: 400,
      series: history(11),
      logLoss: false,
      tauMarks: [
        { step: 50, tau: 0.2 },
        { step: 500, tau: 0.01 },
      ],
    });
    for (const p of layout.panels) {
      expect(p.tauMarks).toHaveLength(1);
      expect(p.tauMarks[0]?.x).toBeCloseTo(p.plot.left + p.plot.width / 2, 9);
      expect(p.tauMarks[0]?.label).toBe('τ 0.2');
    }
  });
});

describe('seriesOf', () => {
  it('copies the points of decimated series', () => {
    const series = byMetric(() => new DecimatedSeries(8));
    for (let step = 0; step < 20; step++) series.loss.push(step, step * 2);
    const points = seriesOf(series);
    expect(points.loss.steps.length).toBe(series.loss.length);
    expect(points.loss.values).toEqual(points.loss.steps.map((s) => s * 2));
    expect(points.alignment).toEqual({ steps: [], values: [] });
  });
});

describe('line helpers', () => {
  it('finds finite extents, unions and pads domains (flat ones too)', () => {
    expect(finiteExtent([3, Number.NaN, -1, Number.POSITIVE_INFINITY, 2])).toEqual([-1, 3]);
    expect(finiteExtent([0, -2, 5], true)).toEqual([5, 5]);
    expect(finiteExtent([Number.NaN])).toBeNull();
    expect(unionDomain(null, [1, 2])).toEqual([1, 2]);
    expect(unionDomain([0, 1], [-1, 0.5])).toEqual([-1, 1]);
    expect(padDomain([0, 10], 0.1)).toEqual([-1, 11]);
    expect(padDomain([0, 0])).toEqual([-1, 1]);
    expect(padDomain([-2, -2])[0]).toBeCloseTo(-2.2, 12);
    expect(padLogDomain([4, 4])).toEqual([2, 8]);
    const [lo, hi] = padLogDomain([1, 1000], 0.1);
    expect(Math.log10(lo)).toBeCloseTo(-0.3, 12);
    expect(Math.log10(hi)).toBeCloseTo(3.3, 12);
    expect(() => padLogDomain([0, 1])).toThrow(/invalid log domain/);
  });

  it('takes quantiles of finite values and robust domains of the tail', () => {
    expect(quantile([4, Number.NaN, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([Number.NaN], 0.5)).toBeNaN();
    const values = [1000, 900, ...Array.from({ length: 8 }, (_, i) => i)];
    expect(robustDomain(values, 0.8, 0, 1)).toEqual([0, 7]);
    expect(robustDomain([Number.NaN, Number.NaN])).toBeNull();
  });

  it('splits polylines at non-finite points', () => {
    const nan = Number.NaN;
    const { lines, dots } = toPolylines([
      [0, 0],
      [1, nan],
      [2, 2],
      [3, 3],
      [nan, 4],
      [5, 5],
    ]);
    expect(lines).toEqual([
      [
        [2, 2],
        [3, 3],
      ],
    ]);
    expect(dots).toEqual([
      [0, 0],
      [5, 5],
    ]);
  });

  it('makes ticks with pixel positions; a wide log scale keeps powers of ten', () => {
    const linear = axisTicks(scaleLinear().domain([0, 1]).range([100, 0]), 4);
    expect(linear[0]).toEqual({ value: 0, position: 100, label: '0' });
    const log = axisTicks(scaleLog().domain([0.01, 1e4]).range([0, 60]), 3, true);
    expect(log.length).toBeLessThanOrEqual(4);
    for (const tick of log) expect(Math.log10(tick.value) % 1).toBeCloseTo(0, 9);
  });
});
