// Canvas drawing of the metrics chart's lines from its pure layout (metricsLayout.ts); the axes and text are SVG.
import type { Draw2D } from '../draw2d';
import { CLASS_COLOURS } from '../palette';
import { strokePolylines } from './lineAxes';
import type { MetricsLayout } from './metricsLayout';

const LINE_COLOUR = CLASS_COLOURS[0];

/** The metrics' lines, each clipped to its panel (axes and text are the SVG underneath). */
export function drawMetrics(context: Draw2D, layout: MetricsLayout): void {
  context.strokeStyle = LINE_COLOUR;
  context.fillStyle = LINE_COLOUR;
  context.lineWidth = 1.5;
  context.lineJoin = 'round';
  for (const { plot, marks } of layout.panels) {
    context.save();
    context.beginPath();
    context.rect(plot.left - 2, plot.top - 2, plot.width + 4, plot.height + 4); // room for the line's width
    context.clip();
    strokePolylines(context, marks, 2.5);
    context.restore();
  }
}
