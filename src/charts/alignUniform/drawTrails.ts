// Canvas drawing of the alignment-uniformity trails from the pure layout; axes, reference lines and text are SVG.
import type { Draw2D } from '../draw2d';
import { strokePolylines } from '../metrics/lineAxes';
import type { AlignUniformLayout } from './alignUniformLayout';

/** The trails, clipped to the plot (axes, reference lines and text are the SVG underneath). */
export function drawTrails(context: Draw2D, layout: AlignUniformLayout): void {
  const { plot } = layout;
  context.save();
  context.beginPath();
  context.rect(plot.left, plot.top, plot.width, plot.height);
  context.clip();
  context.lineJoin = 'round';
  for (const trail of layout.trails) {
    context.globalAlpha = trail.opacity;
    context.strokeStyle = trail.colour;
    context.fillStyle = trail.colour;
    context.lineWidth = trail.lineWidth;
    strokePolylines(context, trail.marks, trail.current ? 3 : 2);
    if (trail.arrow) {
      context.beginPath();
      context.moveTo(...trail.arrow.tip);
      context.lineTo(...trail.arrow.left);
      context.lineTo(...trail.arrow.right);
      context.closePath();
      context.fill();
    } else if (trail.head) {
      context.beginPath();
      context.arc(trail.head[0], trail.head[1], trail.current ? 4 : 2.5, 0, 2 * Math.PI);
      context.fill();
    }
  }
  context.restore();
}
