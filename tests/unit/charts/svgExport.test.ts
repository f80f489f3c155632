// Vector exports: the canvas charts' own draw functions replayed on an SvgContext give vectors (no image in the
// line charts, the weights bars, the gradient check, the histogram, the hypersphere), and the picture around them
// carries the title, the temperature and step, the legend and the caption.

import { describe, expect, it } from 'vitest';
import { layoutAlignUniform } from '../../../src/charts/alignUniform/alignUniformLayout';
import { drawTrails } from '../../../src/charts/alignUniform/drawTrails';
import { drawHistogram } from '../../../src/charts/histogram/drawHistogram';
import { layoutHistogram, uniformSphereBinMass } from '../../../src/charts/histogram/histogramLayout';
import { drawHypersphere } from '../../../src/charts/hypersphere/drawHypersphere';
import { layoutHypersphere } from '../../../src/charts/hypersphere/hypersphereLayout';
import { drawMetrics } from '../../../src/charts/metrics/drawMetrics';
import { layoutMetrics, type SeriesPoints } from '../../../src/charts/metrics/metricsLayout';
import { drawGradientCheck, drawNegativeWeights } from '../../../src/charts/negativeWeights/drawWeights';
import {
  layoutGradientCheck,
  layoutNegativeWeights,
} from '../../../src/charts/negativeWeights/weightsLayout';
import { SvgContext } from '../../../src/charts/svgContext';
import { findElements, svgDocument, svgElement, svgMarkup } from '../../../src/charts/svgNode';
import { batchPairHistograms } from '../../../src/core/pairHistograms';
import { METRIC_KEYS, type MetricKey } from '../../../src/state/store';
import { figureSvg, type Run, wrapRuns } from '../../../src/ui/export/figure';
import { fakeBatch } from './fakeBatch';
import { fakeSnapshot, snapshotOfBatch } from './hypersphereFixture';

/** A fixed-width measure: 6 px a character (what the tests reason with). */
const measure = (text: string) => 6 * text.length;

function drawn(paint: (context: SvgContext) => void): { markup: string; context: SvgContext } {
  const context = new SvgContext({ measure });
  paint(context);
  return { markup: svgMarkup(context.root()), context };
}

describe('SvgContext records canvas calls as SVG', () => {
  it('rectangles, paths with arcs, dashes, alpha and text', () => {
    const { markup } = drawn((context) => {
      context.fillStyle = '#0072B2';
      context.fillRect(1, 2, 3, -4); // a negative height is drawn from the other corner
      context.beginPath();
      context.moveTo(15, 10);
      context.arc(10, 10, 5, 0, 2 * Math.PI);
      context.setLineDash([4, 3]);
      context.globalAlpha = 0.5;
      context.stroke();
      context.globalAlpha = 1;
      context.font = '600 11px system-ui, sans-serif';
      context.textAlign = 'right';
      context.fillText('a < b & "c"', 20, 30);
    });
    expect(markup).toContain('<rect x="1" y="-2" width="3" height="4" fill="#0072B2"/>');
    expect(markup).toMatch(
      /<path d="M15 10A5 5 0 0 1 5 10A5 5 0 0 1 15 10" fill="none"[^>]*stroke-dasharray="4 3"/,
    );
    expect(markup).toContain('opacity="0.5"');
    expect(markup).toContain('font-weight="600"');
    expect(markup).toContain('text-anchor="end"');
    expect(markup).toContain('a &lt; b &amp; &quot;c&quot;');
  });

  it('clips to the path until restore, and writes the transform of rotated text', () => {
    const { context, markup } = drawn((context) => {
      context.save();
      context.beginPath();
      context.rect(0, 0, 10, 10);
      context.clip();
      context.fillRect(0, 0, 20, 20);
      context.restore();
      context.fillRect(30, 30, 1, 1);
      context.translate(2, 50);
      context.rotate(-Math.PI / 2);
      context.fillText('turned', 0, 0);
    });
    const root = context.root();
    expect(findElements(root, 'clipPath')).toHaveLength(1);
    const clipped = findElements(root, 'g').find((g) => g.attributes['clip-path'] === 'url(#clip-1)');
    expect(clipped?.children).toHaveLength(1); // only the rect drawn before restore
    expect(markup).toContain('transform="matrix(0 -1 1 0 2 50)"');
  });

  it('embeds an image only through drawImage, pixelated where smoothing is off, and counts it', () => {
    const context = new SvgContext({ encodeImage: () => 'data:image/png;base64,AAAA' });
    context.imageSmoothingEnabled = false;
    context.drawImage({ width: 4, height: 4 } as unknown as CanvasImageSource, 10, 10, 40, 40);
    expect(context.images).toBe(1);
    expect(svgMarkup(context.root())).toContain('style="image-rendering:pixelated"');
  });

  it('writes a standalone document with the SVG namespace', () => {
    const markup = svgDocument(
      svgElement('svg', { width: 10, height: 10 }, [svgElement('title', {}, ['x'])]),
    );
    expect(
      markup.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"'),
    ).toBe(true);
  });
});

describe('the charts drawn on an SvgContext are vectors', () => {
  const series = (n: number, value: (i: number) => number): SeriesPoints => ({
    steps: Array.from({ length: n }, (_, i) => 10 * i),
    values: Array.from({ length: n }, (_, i) => value(i)),
  });
  const all = Object.fromEntries(
    METRIC_KEYS.map((key) => [key, series(30, (i) => 1 + Math.sin(i / 5))]),
  ) as Record<MetricKey, SeriesPoints>;

  it('the metrics: a path per panel, each clipped to it, no image', () => {
    const layout = layoutMetrics({ width: 500, series: all, logLoss: false });
    const { context, markup } = drawn((c) => drawMetrics(c, layout));
    expect(context.images).toBe(0);
    expect(markup).not.toContain('<image');
    expect(findElements(context.root(), 'path').length).toBeGreaterThanOrEqual(layout.panels.length * 2);
  });

  it('the alignment-uniformity trails: no image', () => {
    const trails = [
      { id: '1:infonce:0.1', label: 'tau 0.1', alignment: [0.5, 0.4, 0.3], uniformity: [-1, -2, -3] },
    ];
    const layout = layoutAlignUniform({ width: 400, trails, dim: 3 });
    const { context, markup } = drawn((c) => drawTrails(c, layout));
    expect(context.images).toBe(0);
    expect(markup).toContain('<path');
  });

  it('the weights chart: a rect per bar, the curve, axes and the hardest label; the gradient check: no image', () => {
    const snapshot = snapshotOfBatch(fakeBatch(8, 5, 0.2), 0.2);
    const main = layoutNegativeWeights(snapshot, 0, {
      width: 480,
      height: 230,
      log: false,
      axis: 'similarity',
    });
    const { context, markup } = drawn((c) => drawNegativeWeights(c, main, 'similarity'));
    expect(context.images).toBe(0);
    expect(markup).not.toContain('<image');
    expect(findElements(context.root(), 'rect').length).toBeGreaterThanOrEqual(main.bars.length);
    expect(markup).toContain('similarity s_ij');
    expect(markup).toMatch(/hardest: row \d+, r = /);
    const gradient = layoutGradientCheck(snapshot, 0, { width: 240, height: 210, log: false });
    if (!gradient.available) throw new Error('no gradient check');
    const check = drawn((c) => drawGradientCheck(c, gradient));
    expect(check.context.images).toBe(0);
    expect(check.markup).toContain('(autograd)');
  });

  it('the histogram: bars, reference, the positives on their own right axis; no image', () => {
    const { negatives, positives } = batchPairHistograms(fakeBatch(8, 4, 0.1));
    const layout = layoutHistogram(negatives, positives, uniformSphereBinMass(4), {
      width: 400,
      height: 220,
    });
    const { context, markup } = drawn((c) => drawHistogram(c, layout));
    expect(context.images).toBe(0);
    expect(markup).toContain('positives’ density');
    expect(findElements(context.root(), 'rect').length).toBeGreaterThan(5);
  });

  it('the hypersphere: every point a vector shape (no stamped raster)', () => {
    const snapshot = fakeSnapshot({ dim: 3, pairs: 8, displayRows: 64 });
    const layout = layoutHypersphere(snapshot, { anchor: 0, yaw: 0.6, pitch: 0.35 }, 300, 300);
    const { context, markup } = drawn((c) => drawHypersphere(c, layout));
    expect(context.images).toBe(0);
    expect(markup).not.toContain('<image');
    // the 16 batch points one by one (fill and outline each), the display set in a few paths
    expect(findElements(context.root(), 'path').length).toBeGreaterThan(32);
  });
});

describe('the exported picture', () => {
  const font = { size: 12, weight: 'normal', style: 'normal', family: 'sans-serif' } as const;
  const text = (value: string): Run => ({ kind: 'text', text: value, font, colour: '#000' });
  const key: Run = {
    kind: 'key',
    width: 9,
    height: 9,
    fill: '#0072B2',
    gradient: null,
    stroke: null,
    strokeWidth: 0,
    round: false,
    opacity: 1,
  };

  it('carries the title, the temperature and step, the legend and the caption as text', () => {
    const figure = figureSvg(
      {
        title: 'Distribution of similarities',
        tau: 0.05,
        step: 1234,
        width: 300,
        blocks: [
          { kind: 'drawing', x: 0, y: 0, width: 300, height: 200, content: svgElement('g'), raster: false },
          {
            kind: 'text',
            x: 0,
            y: 204,
            width: 300,
            height: 16,
            lineHeight: 16,
            runs: [key, text(' held-out pairs, mean 0.03 · dashed lines: means')],
          },
        ],
      },
      measure,
    );
    const markup = svgMarkup(figure.root);
    expect(findElements(figure.root, 'title')[0]?.children).toEqual(['Distribution of similarities']);
    expect(markup).toContain('τ = 0.05 · step 1,234');
    expect(markup).toContain('held-out pairs, mean 0.03');
    expect(markup).toContain('fill="#0072B2"'); // the legend's key
    expect(markup).not.toContain('raster');
    expect(figure.width).toBe(300 + 32);
    expect(figure.height).toBeGreaterThan(220);
  });

  it('says so where a drawing embeds a raster, in its description and under the picture', () => {
    const figure = figureSvg(
      {
        title: 'Similarity matrix of the batch',
        tau: 1e-4,
        step: 0,
        width: 300,
        blocks: [
          { kind: 'drawing', x: 0, y: 0, width: 300, height: 300, content: svgElement('g'), raster: true },
        ],
      },
      measure,
    );
    const markup = svgMarkup(figure.root);
    expect(findElements(figure.root, 'desc')[0]?.children.join('')).toMatch(/embedded raster image/);
    expect(markup.match(/embedded raster image/g)?.length).toBe(2);
    expect(markup).toContain('τ = 0.0001 · step 0');
  });

  it('pushes a block down when the text above it wraps into more lines than on the page', () => {
    const long = 'word '.repeat(40);
    const figure = figureSvg(
      {
        title: 't',
        tau: null,
        step: null,
        width: 120,
        blocks: [
          { kind: 'text', x: 0, y: 0, width: 120, height: 16, lineHeight: 16, runs: [text(long)] },
          { kind: 'drawing', x: 0, y: 20, width: 120, height: 50, content: svgElement('g'), raster: false },
        ],
      },
      measure,
    );
    const drawing = findElements(figure.root, 'svg')[1]; // [0] is the root
    const lines = wrapRuns([text(long)], 120, 16, measure);
    expect(lines.length).toBeGreaterThan(1);
    const textBottom = 62 + lines.reduce((sum, line) => sum + line.height, 0); // under the header
    expect(Number(drawing?.attributes.y)).toBeGreaterThanOrEqual(textBottom);
  });

  it('wraps only where the page could: not inside a word made of two runs, nor between a key and its label', () => {
    const lines = wrapRuns([text('points in R^'), text('3 and more'), key, text('label')], 72, 16, measure);
    const words = lines.map((line) =>
      line.items.map(({ run }) => (run.kind === 'text' ? run.text : '■')).join(''),
    );
    expect(words.some((line) => line.includes('R^3'))).toBe(true);
    expect(words.some((line) => line.includes('■label'))).toBe(true);
    for (const line of lines)
      expect(Math.max(...line.items.map((item) => item.x + item.width))).toBeLessThanOrEqual(72);
  });
});
