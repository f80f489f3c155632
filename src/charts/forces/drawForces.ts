// Paints a forces layout on a 2D canvas context in CSS pixels: the anchor's tangent plane (dimension >= 3) or
// its tangent line with each arrow at the height of its source's angle (dimension 2). Placement maths lives in
// forcesLayout.ts; here only the mapping to pixels, colours and arrowheads.

import { MARK_COLOURS } from '../palette';
import type { ForceArrow, ForcesLayout } from './forcesLayout';

/** Space kept around the plot, CSS pixels. */
const MARGIN = 16;
/** Height of the strip under a dimension-2 plot where the sums are drawn. */
const SUM_STRIP = 34;

/** How the arrows are scaled: all of them fit, or the pushes fill the plot (longer arrows are cut at the rim). */
export type ForceFit = 'all' | 'pushes';

/** Draws the arrows of `layout` in a width x height canvas (CSS pixels). */
export function drawForces(
  context: CanvasRenderingContext2D,
  layout: ForcesLayout,
  width: number,
  height: number,
  fit: ForceFit = 'all',
): void {
  if (layout.anchor < 0 || layout.extent <= 0) return;
  const extent = fit === 'pushes' && layout.pushExtent > 0 ? layout.pushExtent : layout.extent;
  context.save();
  context.font = '10px system-ui, sans-serif';
  if (layout.oneDimensional) drawLine(context, layout, width, height, extent);
  else drawPlane(context, layout, width, height, extent);
  context.restore();
}

// Back to front: ordinary pushes, the hardest negative, the pull; then the sum and the autograd check on top.
function arrowStyle(arrow: ForceArrow): { colour: string; width: number; alpha: number } {
  if (arrow.kind === 'pull') return { colour: MARK_COLOURS.positive, width: 2.5, alpha: 1 };
  if (arrow.hardest) return { colour: MARK_COLOURS.hardest, width: 2, alpha: 1 };
  return { colour: MARK_COLOURS.negative, width: 1, alpha: 0.55 };
}

function drawOrder(arrows: readonly ForceArrow[]): ForceArrow[] {
  const rank = (a: ForceArrow) => (a.kind === 'pull' ? 2 : a.hardest ? 1 : 0);
  return [...arrows].sort((a, b) => rank(a) - rank(b));
}

function drawPlane(
  context: CanvasRenderingContext2D,
  layout: ForcesLayout,
  width: number,
  height: number,
  extent: number,
): void {
  const cx = width / 2;
  const cy = height / 2;
  const radius = Math.max(10, Math.min(width, height) / 2 - MARGIN);
  const scale = radius / extent;
  const arrow = (x: number, y: number, colour: string, lineWidth: number, alpha: number, dashed = false) =>
    drawArrow(context, cx, cy, cx + x * scale, cy - y * scale, colour, lineWidth, alpha, dashed, radius);
  context.strokeStyle = MARK_COLOURS.grid;
  context.lineWidth = 1;
  context.beginPath();
  context.arc(cx, cy, radius, 0, 2 * Math.PI);
  context.moveTo(cx - radius, cy);
  context.lineTo(cx + radius, cy);
  context.moveTo(cx, cy - radius);
  context.lineTo(cx, cy + radius);
  context.stroke();
  for (const force of drawOrder(layout.arrows)) {
    const style = arrowStyle(force);
    arrow(force.x, force.y, style.colour, style.width, style.alpha);
  }
  const { resultant, autograd } = layout;
  arrow(resultant.x, resultant.y, MARK_COLOURS.text, 3, 1);
  if (autograd) arrow(autograd.x, autograd.y, MARK_COLOURS.anchor, 1.5, 1, true);
  drawAnchorDot(context, cx, cy);
  context.fillStyle = MARK_COLOURS.axis;
  context.textAlign = 'right';
  context.textBaseline = 'bottom';
  context.fillText('direction of the sum', cx + radius, cy - 3);
}

function drawLine(
  context: CanvasRenderingContext2D,
  layout: ForcesLayout,
  width: number,
  height: number,
  extent: number,
): void {
  const cx = width / 2;
  const top = MARGIN;
  const bottom = height - SUM_STRIP - MARGIN;
  const half = Math.max(10, width / 2 - MARGIN - 28);
  const scale = half / extent;
  const arrow = (y: number, x: number, colour: string, lineWidth: number, alpha: number, dashed = false) =>
    drawArrow(context, cx, y, cx + x * scale, y, colour, lineWidth, alpha, dashed, half);
  // originY = +1 (the neighbour half a turn counter-clockwise) at the top, -1 at the bottom.
  const rowY = (originY: number) => top + ((1 - originY) / 2) * (bottom - top);
  context.strokeStyle = MARK_COLOURS.grid;
  context.lineWidth = 1;
  context.beginPath();
  context.moveTo(cx, top);
  context.lineTo(cx, bottom);
  context.moveTo(cx - half, rowY(0));
  context.lineTo(cx + half, rowY(0));
  context.moveTo(cx - half, bottom + 4);
  context.lineTo(cx + half, bottom + 4);
  context.stroke();
  for (const force of drawOrder(layout.arrows)) {
    const style = arrowStyle(force);
    arrow(rowY(force.originY), force.x, style.colour, style.width, style.alpha);
  }
  drawAnchorDot(context, cx, rowY(0));
  const sumY = bottom + 14;
  arrow(sumY, layout.resultant.x, MARK_COLOURS.text, 3, 1);
  if (layout.autograd) arrow(sumY + 10, layout.autograd.x, MARK_COLOURS.anchor, 1.5, 1, true);
  context.fillStyle = MARK_COLOURS.axis;
  context.textBaseline = 'middle';
  context.textAlign = 'left';
  context.fillText('+180°', 2, top);
  context.fillText('0°', 2, rowY(0));
  context.fillText('−180°', 2, bottom);
  context.fillText('sum', 2, sumY + 5);
  context.textAlign = 'center';
  context.textBaseline = 'top';
  context.fillText('← clockwise · counter-clockwise →', cx, height - MARGIN + 2);
}

function drawAnchorDot(context: CanvasRenderingContext2D, x: number, y: number): void {
  context.fillStyle = MARK_COLOURS.anchor;
  context.beginPath();
  context.arc(x, y, 4, 0, 2 * Math.PI);
  context.fill();
}

function drawArrow(
  context: CanvasRenderingContext2D,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  colour: string,
  lineWidth: number,
  alpha: number,
  dashed: boolean,
  maxLength: number,
): void {
  const full = Math.hypot(x1 - x0, y1 - y0);
  if (!(full > 0.5)) return;
  // An arrow longer than the plot is cut at maxLength and marked with a break (two short bars across it).
  const cut = full > maxLength;
  const length = cut ? maxLength : full;
  const ux = (x1 - x0) / full;
  const uy = (y1 - y0) / full;
  const tipX = x0 + ux * length;
  const tipY = y0 + uy * length;
  const head = Math.min(4 + 1.5 * lineWidth, length / 2);
  // The head's two back corners.
  const leftX = tipX - ux * head - uy * head * 0.5;
  const leftY = tipY - uy * head + ux * head * 0.5;
  const rightX = tipX - ux * head + uy * head * 0.5;
  const rightY = tipY - uy * head - ux * head * 0.5;
  context.globalAlpha = alpha;
  context.strokeStyle = colour;
  context.fillStyle = colour;
  context.lineWidth = lineWidth;
  context.setLineDash(dashed ? [4, 3] : []);
  context.beginPath();
  context.moveTo(x0, y0);
  const back = dashed ? 0 : head * 0.8; // a filled head covers the line's end; an open one does not
  context.lineTo(tipX - ux * back, tipY - uy * back);
  context.stroke();
  context.setLineDash([]);
  context.beginPath();
  context.moveTo(leftX, leftY);
  context.lineTo(tipX, tipY);
  context.lineTo(rightX, rightY);
  // Dashed (the autograd check): an open head, so the solid sum underneath stays visible.
  if (dashed) context.stroke();
  else {
    context.closePath();
    context.fill();
  }
  if (cut) {
    context.lineWidth = 1.5;
    context.beginPath();
    for (const offset of [2.4 * head, 3.2 * head]) {
      const bx = tipX - ux * offset;
      const by = tipY - uy * offset;
      context.moveTo(bx - uy * 5 - ux * 2, by + ux * 5 - uy * 2);
      context.lineTo(bx + uy * 5 + ux * 2, by - ux * 5 + uy * 2);
    }
    context.stroke();
  }
  context.globalAlpha = 1;
}
