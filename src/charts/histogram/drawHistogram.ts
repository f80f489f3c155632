// Canvas drawing of the similarity histogram from its pure layout (histogramLayout.ts): the main bars and the
// uniform reference on the left axis, the positives' outline on its own right axis, the two means.

import { chartFont, drawAxes, tickLabels } from '../axes';
import type { Draw2D } from '../draw2d';
import { MARK_COLOURS } from '../palette';
import type { HistogramLayout } from './histogramLayout';

/** Draws bars (densities), the uniform reference, the positives' step outline and axis, and the two means. */
export function drawHistogram(context: Draw2D, layout: HistogramLayout): void {
  drawAxes(context, layout.frame, {
    x: layout.x,
    y: layout.y,
    xLabel: 'cosine similarity s',
    yLabel: 'density (bars, dark line)',
  });
  drawPositiveAxis(context, layout);
  const bottom = layout.frame.top + layout.frame.height;
  context.fillStyle = MARK_COLOURS.negative;
  context.globalAlpha = 0.55;
  for (let k = 0; k + 2 < layout.bars.length; k += 3) {
    const x0 = layout.bars[k] ?? 0;
    const x1 = layout.bars[k + 1] ?? 0;
    const top = layout.bars[k + 2] ?? bottom;
    if (bottom - top > 0) context.fillRect(x0 + 0.5, top, Math.max(0.5, x1 - x0 - 1), bottom - top);
  }
  context.globalAlpha = 1;
  polyline(context, layout.reference, MARK_COLOURS.text, 1.5, 0.45);
  polyline(context, layout.positiveStep, MARK_COLOURS.positive, 2, 1);
  context.setLineDash([4, 3]);
  for (const [x, colour] of [
    [layout.meanX, MARK_COLOURS.negative],
    [layout.positiveMeanX, MARK_COLOURS.positive],
  ] as const) {
    if (!Number.isFinite(x)) continue;
    context.strokeStyle = colour;
    context.lineWidth = 1.5;
    context.beginPath();
    context.moveTo(x, layout.frame.top);
    context.lineTo(x, bottom);
    context.stroke();
  }
  context.setLineDash([]);
}

/** The positives' own density axis on the right, in their green, with its title turned a quarter. */
function drawPositiveAxis(context: Draw2D, layout: HistogramLayout): void {
  const { frame, yPositive } = layout;
  const right = frame.left + frame.width;
  const values = yPositive.ticks(4);
  const labels = tickLabels(values);
  context.save();
  context.font = chartFont(10);
  context.strokeStyle = MARK_COLOURS.positive;
  context.fillStyle = MARK_COLOURS.positive;
  context.lineWidth = 1;
  context.beginPath();
  context.moveTo(right + 0.5, frame.top);
  context.lineTo(right + 0.5, frame.top + frame.height);
  for (const value of values) {
    const py = Math.round(yPositive(value)) + 0.5;
    context.moveTo(right, py);
    context.lineTo(right + 4, py);
  }
  context.stroke();
  context.textAlign = 'left';
  context.textBaseline = 'middle';
  for (const [i, value] of values.entries())
    context.fillText(labels[i] as string, right + 6, yPositive(value));
  // turned a quarter the other way from the left title, reading downwards; 'top' then faces the plot, 2 px in
  context.translate(right + 38, frame.top + frame.height / 2);
  context.rotate(Math.PI / 2);
  context.textAlign = 'center';
  context.textBaseline = 'top';
  context.fillText('positives’ density', 0, 0);
  context.restore();
}

function polyline(
  context: Draw2D,
  points: Float64Array,
  colour: string,
  lineWidth: number,
  alpha: number,
): void {
  if (points.length < 4) return;
  context.globalAlpha = alpha;
  context.strokeStyle = colour;
  context.lineWidth = lineWidth;
  context.beginPath();
  context.moveTo(points[0] ?? 0, points[1] ?? 0);
  for (let k = 2; k + 1 < points.length; k += 2) context.lineTo(points[k] ?? 0, points[k + 1] ?? 0);
  context.stroke();
  context.globalAlpha = 1;
}
