// Canvas drawing of the length-bias chart from its pure layout (lengthBiasLayout.ts): "before" faint and dashed
// under "now", each kind in its colour and marker shape (circles for paraphrases, triangles for unrelated pairs,
// so the two differ without colour), each line labelled with its slope at its right end.

import { chartFont, drawAxes } from '../axes';
import type { Draw2D } from '../draw2d';
import { MARK_COLOURS } from '../palette';
import {
  type LengthBiasLayout,
  PAIR_KINDS,
  type PairKindShown,
  type PlacedMeasure,
} from './lengthBiasLayout';

/** Colour of each kind: the lab's positive (paraphrase: same meaning) and negative (unrelated) colours. */
export const KIND_COLOURS: Readonly<Record<PairKindShown, string>> = {
  paraphrase: MARK_COLOURS.positive,
  unrelated: MARK_COLOURS.negative,
};

/** Marker radius, CSS pixels. */
const RADIUS = 2.6;

/** Slope as the chart prints it: signed, 3 decimals ("−0.012"), or "n/a" when undefined. */
export function formatSlope(slope: number): string {
  if (!Number.isFinite(slope)) return 'n/a';
  const text = Math.abs(slope).toFixed(3);
  return slope < 0 && Number(text) !== 0 ? `\u2212${text}` : `+${text}`;
}

/** Draws the axes, the "before" measure faint, then "now" with each line's slope. */
export function drawLengthBias(context: Draw2D, layout: LengthBiasLayout): void {
  drawAxes(context, layout.frame, {
    x: layout.x,
    y: layout.y,
    xLabel: 'length difference |a − b| (tokens)',
    yLabel: 'cosine similarity',
  });
  if (layout.before) drawMeasure(context, layout.before, 0.22, [4, 3], false);
  drawMeasure(context, layout.now, 0.75, [], true);
}

function drawMeasure(
  context: Draw2D,
  measure: PlacedMeasure,
  alpha: number,
  dash: number[],
  labelled: boolean,
): void {
  for (const kind of PAIR_KINDS) {
    const group = measure[kind];
    const colour = KIND_COLOURS[kind];
    context.globalAlpha = alpha;
    context.fillStyle = colour;
    context.beginPath();
    for (let k = 0; k + 1 < group.points.length; k += 2)
      marker(context, kind, group.points[k] as number, group.points[k + 1] as number);
    context.fill();
    context.globalAlpha = labelled ? 1 : Math.min(1, alpha * 2);
    if (!group.line) continue;
    const [x0, y0, x1, y1] = group.line;
    context.setLineDash(dash);
    context.strokeStyle = colour;
    context.lineWidth = labelled ? 2.5 : 1.5;
    context.beginPath();
    context.moveTo(x0, y0);
    context.lineTo(x1, y1);
    context.stroke();
    context.setLineDash([]);
    if (labelled) {
      context.font = chartFont(10);
      context.fillStyle = colour;
      context.textAlign = 'left';
      context.textBaseline = 'middle';
      context.fillText(formatSlope(group.slope), x1 + 4, y1);
    }
  }
  context.globalAlpha = 1;
}

/** Adds one marker to the current path: a circle for a paraphrase, an upward triangle for an unrelated pair. */
function marker(context: Draw2D, kind: PairKindShown, x: number, y: number): void {
  if (kind === 'paraphrase') {
    context.moveTo(x + RADIUS, y);
    context.arc(x, y, RADIUS, 0, 2 * Math.PI);
  } else {
    const r = RADIUS * 1.25;
    context.moveTo(x, y - r);
    context.lineTo(x + r * 0.87, y + r * 0.5);
    context.lineTo(x - r * 0.87, y + r * 0.5);
    context.closePath();
  }
}
