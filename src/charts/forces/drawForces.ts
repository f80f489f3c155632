// Paints a forces layout on a 2D canvas context in CSS pixels: the anchor's tangent plane (dimension >= 3) or
// its tangent line with each arrow at the height of its source's angle (dimension 2). Placement maths lives in
// forcesLayout.ts; here only the mapping to pixels, colours and arrowheads.

import { chartFont } from '../axes';
import type { Draw2D } from '../draw2d';
import { MARK_COLOURS } from '../palette';
import type { ForceArrow, ForcesLayout } from './forcesLayout';

/** Space kept around the plot, CSS pixels. */
const MARGIN = 16;
/** Height of the strip under a dimension-2 plot where the sums are drawn (two more rows for the split pushes). */
const SUM_STRIP = 34;
const SPLIT_ROWS = 20;

/** How an arrow is drawn: an open head for the autograd check and for false negatives, filled otherwise. */
interface ArrowStyle {
  readonly colour: string;
  readonly width: number;
  readonly alpha: number;
  readonly dash: readonly number[];
  readonly open: boolean;
}

const SOLID: readonly number[] = [];
const RESULTANT: ArrowStyle = { colour: MARK_COLOURS.text, width: 3, alpha: 1, dash: SOLID, open: false };
const AUTOGRAD: ArrowStyle = { colour: MARK_COLOURS.anchor, width: 1.5, alpha: 1, dash: [4, 3], open: true };
/** the true negatives' pushes summed: the negatives' blue, thick */
const TRUE_SUM: ArrowStyle = {
  colour: MARK_COLOURS.negative,
  width: 2.5,
  alpha: 1,
  dash: SOLID,
  open: false,
};
/** the false negatives' pushes summed: black, long dashes, open head */
const FALSE_SUM: ArrowStyle = {
  colour: MARK_COLOURS.falseNegative,
  width: 2.5,
  alpha: 1,
  dash: [7, 3],
  open: true,
};

/** How the arrows are scaled: all of them fit, or the pushes fill the plot (longer arrows are cut at the rim). */
export type ForceFit = 'all' | 'pushes';

/** Draws the arrows of `layout` in a width x height canvas (CSS pixels). */
export function drawForces(
  context: Draw2D,
  layout: ForcesLayout,
  width: number,
  height: number,
  fit: ForceFit = 'all',
): void {
  if (layout.anchor < 0 || layout.extent <= 0) return;
  const extent = fit === 'pushes' && layout.pushExtent > 0 ? layout.pushExtent : layout.extent;
  context.save();
  context.font = chartFont(10);
  if (layout.oneDimensional) drawLine(context, layout, width, height, extent);
  else drawPlane(context, layout, width, height, extent);
  context.restore();
}

// Back to front: ordinary pushes, false negatives, the hardest negative, the pull; then the sums and the
// autograd check on top. A false negative has an open head (the hardest keeps its colour, so one that is a false
// negative reads as both).
function arrowStyle(arrow: ForceArrow): ArrowStyle {
  const open = arrow.falseNegative;
  if (arrow.kind === 'pull')
    return { colour: MARK_COLOURS.positive, width: 2.5, alpha: 1, dash: SOLID, open };
  if (arrow.hardest) return { colour: MARK_COLOURS.hardest, width: 2, alpha: 1, dash: SOLID, open };
  if (arrow.falseNegative)
    return { colour: MARK_COLOURS.falseNegative, width: 1.2, alpha: 0.85, dash: SOLID, open };
  return { colour: MARK_COLOURS.negative, width: 1, alpha: 0.55, dash: SOLID, open };
}

function drawOrder(arrows: readonly ForceArrow[]): ForceArrow[] {
  const rank = (a: ForceArrow) => (a.kind === 'pull' ? 3 : a.hardest ? 2 : a.falseNegative ? 1 : 0);
  return [...arrows].sort((a, b) => rank(a) - rank(b));
}

function drawPlane(
  context: Draw2D,
  layout: ForcesLayout,
  width: number,
  height: number,
  extent: number,
): void {
  const cx = width / 2;
  const cy = height / 2;
  const radius = Math.max(10, Math.min(width, height) / 2 - MARGIN);
  const scale = radius / extent;
  const arrow = (x: number, y: number, style: ArrowStyle) =>
    drawArrow(context, cx, cy, cx + x * scale, cy - y * scale, style, radius);
  context.strokeStyle = MARK_COLOURS.grid;
  context.lineWidth = 1;
  context.beginPath();
  context.arc(cx, cy, radius, 0, 2 * Math.PI);
  context.moveTo(cx - radius, cy);
  context.lineTo(cx + radius, cy);
  context.moveTo(cx, cy - radius);
  context.lineTo(cx, cy + radius);
  context.stroke();
  for (const force of drawOrder(layout.arrows)) arrow(force.x, force.y, arrowStyle(force));
  const { resultant, autograd, split } = layout;
  if (split) {
    arrow(split.trueNegatives.x, split.trueNegatives.y, TRUE_SUM);
    arrow(split.falseNegatives.x, split.falseNegatives.y, FALSE_SUM);
  }
  arrow(resultant.x, resultant.y, RESULTANT);
  if (autograd) arrow(autograd.x, autograd.y, AUTOGRAD);
  drawAnchorDot(context, cx, cy);
  context.fillStyle = MARK_COLOURS.axis;
  context.textAlign = 'right';
  context.textBaseline = 'bottom';
  context.fillText('direction of the sum', cx + radius, cy - 3);
}

function drawLine(
  context: Draw2D,
  layout: ForcesLayout,
  width: number,
  height: number,
  extent: number,
): void {
  const cx = width / 2;
  const top = MARGIN;
  const { split } = layout;
  const bottom = height - SUM_STRIP - (split ? SPLIT_ROWS : 0) - MARGIN;
  const half = Math.max(10, width / 2 - MARGIN - 28);
  const scale = half / extent;
  const arrow = (y: number, x: number, style: ArrowStyle) =>
    drawArrow(context, cx, y, cx + x * scale, y, style, half);
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
  for (const force of drawOrder(layout.arrows)) arrow(rowY(force.originY), force.x, arrowStyle(force));
  drawAnchorDot(context, cx, rowY(0));
  const sumY = bottom + 14;
  arrow(sumY, layout.resultant.x, RESULTANT);
  if (layout.autograd) arrow(sumY + 10, layout.autograd.x, AUTOGRAD);
  if (split) {
    arrow(sumY + 20, split.trueNegatives.x, TRUE_SUM);
    arrow(sumY + 30, split.falseNegatives.x, FALSE_SUM);
  }
  context.fillStyle = MARK_COLOURS.axis;
  context.textBaseline = 'middle';
  context.textAlign = 'left';
  context.fillText('+180°', 2, top);
  context.fillText('0°', 2, rowY(0));
  context.fillText('−180°', 2, bottom);
  context.fillText('sum', 2, sumY + 5);
  if (split) context.fillText('pushes', 2, sumY + 25);
  context.textAlign = 'center';
  context.textBaseline = 'top';
  context.fillText('← clockwise · counter-clockwise →', cx, height - MARGIN + 2);
}

function drawAnchorDot(context: Draw2D, x: number, y: number): void {
  context.fillStyle = MARK_COLOURS.anchor;
  context.beginPath();
  context.arc(x, y, 4, 0, 2 * Math.PI);
  context.fill();
}

function drawArrow(
  context: Draw2D,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  style: ArrowStyle,
  maxLength: number,
): void {
  const { colour, width: lineWidth, alpha, open } = style;
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
  context.setLineDash(style.dash);
  context.beginPath();
  context.moveTo(x0, y0);
  const back = open ? 0 : head * 0.8; // a filled head covers the line's end; an open one does not
  context.lineTo(tipX - ux * back, tipY - uy * back);
  context.stroke();
  context.setLineDash([]);
  context.beginPath();
  context.moveTo(leftX, leftY);
  context.lineTo(tipX, tipY);
  context.lineTo(rightX, rightY);
  // Open (the autograd check, false negatives): the solid sum underneath stays visible.
  if (open) context.stroke();
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
