import { describe, expect, it } from 'vitest';
import { drawLengthBias, formatSlope, KIND_COLOURS } from '../../../src/charts/lengthBias/drawLengthBias';
import { layoutLengthBias, spreadOffset } from '../../../src/charts/lengthBias/lengthBiasLayout';
import { SvgContext } from '../../../src/charts/svgContext';
import { svgMarkup } from '../../../src/charts/svgNode';
import { fitLine } from '../../../src/core/lengthBias';
import type { LengthBiasGroup, LengthBiasMeasure } from '../../../src/protocol/snapshot';

/** A group of pairs with its OLS line, as the engine makes it. */
function group(lengthDiff: number[], cosine: number[]): LengthBiasGroup {
  const fit = fitLine(lengthDiff, cosine);
  return {
    lengthDiff: Int32Array.from(lengthDiff),
    cosine: Float32Array.from(cosine),
    slope: fit.slope,
    intercept: fit.intercept,
  };
}

function measure(step: number, unrelated: LengthBiasGroup, paraphrase: LengthBiasGroup): LengthBiasMeasure {
  return { step, unrelated, paraphrase };
}

const SIZE = { width: 400, height: 240 };
// unrelated: cosine falls 0.05 per token; paraphrases: flat at 0.8
const NOW = measure(300, group([0, 0, 2, 4], [0.5, 0.5, 0.4, 0.3]), group([1, 3, 5], [0.8, 0.8, 0.8]));
const BEFORE = measure(0, group([0, 0, 2, 4], [0.9, 0.9, 0.9, 0.9]), group([1, 3, 5], [0.95, 0.9, 0.85]));

describe('layoutLengthBias', () => {
  it('places each pair at its length difference (spread sideways) and its cosine', () => {
    const layout = layoutLengthBias({ now: NOW, before: BEFORE }, SIZE);
    const { x, y } = layout;
    const points = layout.now.unrelated.points;
    expect(points.length).toBe(8);
    NOW.unrelated.lengthDiff.forEach((diff, i) => {
      const px = points[2 * i] as number;
      const step = x(1) - x(0);
      expect(Math.abs(px - x(diff))).toBeLessThanOrEqual(0.3 * step + 1e-9);
      expect(points[2 * i + 1]).toBeCloseTo(y(NOW.unrelated.cosine[i] as number), 6);
    });
    // the same pair sits at the same sideways offset before and now
    expect(layout.before?.unrelated.points[0]).toBeCloseTo(points[0] as number, 9);
  });

  it('draws each line over its own range of differences, through the fitted values', () => {
    const layout = layoutLengthBias({ now: NOW, before: BEFORE }, SIZE);
    const { x, y } = layout;
    expect(layout.now.unrelated.slope).toBeCloseTo(-0.05, 6);
    const [x0, y0, x1, y1] = layout.now.unrelated.line ?? [];
    expect(x0).toBeCloseTo(x(0), 6);
    expect(x1).toBeCloseTo(x(4), 6);
    expect(y0).toBeCloseTo(y(0.5), 4);
    expect(y1).toBeCloseTo(y(0.3), 4);
    // paraphrases start at a difference of 1: no line is drawn where there are none
    expect(layout.now.paraphrase.line?.[0]).toBeCloseTo(x(1), 6);
    expect(layout.now.paraphrase.line?.[2]).toBeCloseTo(x(5), 6);
    expect(layout.now.paraphrase.slope).toBeCloseTo(0, 6);
  });

  it('fits both measures on shared axes, and shows no "before" when it is the same step', () => {
    const both = layoutLengthBias({ now: NOW, before: BEFORE }, SIZE);
    expect(both.y.domain[0]).toBeLessThanOrEqual(0.3);
    expect(both.y.domain[1]).toBeGreaterThanOrEqual(0.95);
    expect(both.y.domain[1]).toBeLessThanOrEqual(1);
    expect(both.x.domain[1]).toBeGreaterThanOrEqual(5);
    const only = layoutLengthBias({ now: NOW, before: NOW }, SIZE);
    expect(only.before).toBeNull();
    // without "before" the axis fits "now" alone
    expect(only.y.domain[1]).toBeLessThan(0.95);
  });

  it('widens a narrow cloud of cosines to a readable span inside [-1, 1]', () => {
    const flat = measure(0, group([0, 2], [0.999, 0.999]), group([1, 3], [0.999, 0.998]));
    const layout = layoutLengthBias({ now: flat, before: flat }, SIZE);
    expect(layout.y.domain[1]).toBeLessThanOrEqual(1);
    expect(layout.y.domain[1] - layout.y.domain[0]).toBeGreaterThanOrEqual(0.1 - 1e-9);
  });

  it('draws no line for a kind whose slope is undefined (one difference only)', () => {
    const single = measure(5, group([2, 2], [0.1, 0.3]), group([1, 3], [0.5, 0.6]));
    const layout = layoutLengthBias({ now: single, before: single }, SIZE);
    expect(Number.isNaN(layout.now.unrelated.slope)).toBe(true);
    expect(layout.now.unrelated.line).toBeNull();
    expect(layout.now.paraphrase.line).not.toBeNull();
  });
});

describe('spreadOffset and formatSlope', () => {
  it('spreads within 0.3 tokens either side, and prints slopes signed', () => {
    const offsets = Array.from({ length: 200 }, (_, i) => spreadOffset(i));
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(-0.3);
    expect(Math.max(...offsets)).toBeLessThan(0.3);
    expect(new Set(offsets.map((o) => o.toFixed(6))).size).toBe(200);
    expect(formatSlope(-0.0123)).toBe('\u22120.012');
    expect(formatSlope(0.02)).toBe('+0.020');
    expect(formatSlope(-0.0001)).toBe('+0.000');
    expect(formatSlope(Number.NaN)).toBe('n/a');
  });
});

describe('drawLengthBias on the vector surface (the SVG export)', () => {
  it('draws vectors only: both kinds in their colours, "before" dashed, the slopes printed', () => {
    const context = new SvgContext({ measure: (text) => 6 * text.length });
    drawLengthBias(context, layoutLengthBias({ now: NOW, before: BEFORE }, SIZE));
    const markup = svgMarkup(context.root());
    expect(markup).not.toContain('<image');
    expect(markup).toContain(KIND_COLOURS.unrelated);
    expect(markup).toContain(KIND_COLOURS.paraphrase);
    expect(markup).toContain('stroke-dasharray="4 3"');
    expect(markup).toContain('\u22120.050');
    expect(markup).toContain('+0.000');
    expect(markup).toContain('length difference');
  });
});
