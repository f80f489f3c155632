// Where the analysis panel's two charts put their marks, in CSS pixels: pure, no DOM. The sphere: the unit points
// of the view (rows x 3, from the worker) rotated as the hypersphere chart rotates its own (its rotation matrix),
// orthographic, back to front. The weights: one anchor's negatives, weight r against cosine, on the weights
// chart's log axis (its weightScale and margins), with the closed form r(s) = exp(s / tau) / Z through them.
import type { AnchorAnalysis } from '../../analysis/analysis';
import { linearScale, type PlotFrame, plotFrame, type Scale } from '../../charts/axes';
import { rotationMatrix } from '../../charts/hypersphere/hypersphereLayout';
import { WEIGHT_LOG_FLOOR, WEIGHT_MARGINS, weightScale } from '../../charts/negativeWeights/weightsLayout';

/** Depth levels the points are drawn in, far to near (a counting sort: 50,000 points per drag frame). */
const DEPTH_LEVELS = 256;
/** Samples of the closed-form curve across the cosine axis. */
const CURVE_SAMPLES = 120;

/** The sphere's marks. */
export interface SphereLayout {
  /** points of 2 dimensions lie on a circle (no rotation); more, on a sphere seen from the front */
  readonly circle: boolean;
  readonly cx: number;
  readonly cy: number;
  readonly radius: number;
  /** [rows] CSS pixels and depth toward the viewer in [-1, 1] (0 on the circle) */
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly depth: Float32Array;
  /** [rows] point indices, far to near (draw in this order) */
  readonly order: Uint32Array;
}

/** The view of `rows` unit points (rows x 3) in a side x side square, turned by yaw then pitch (radians). */
export function layoutSphere(
  projection: Float32Array,
  rows: number,
  circle: boolean,
  side: number,
  view: { readonly yaw: number; readonly pitch: number },
): SphereLayout {
  const cx = side / 2;
  const cy = side / 2;
  const radius = Math.max(10, side / 2 - 8);
  const r = circle ? Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1) : rotationMatrix(view.yaw, view.pitch);
  const x = new Float32Array(rows);
  const y = new Float32Array(rows);
  const depth = new Float32Array(rows);
  const counts = new Uint32Array(DEPTH_LEVELS + 1);
  const level = (z: number) =>
    Math.max(0, Math.min(DEPTH_LEVELS - 1, Math.floor(((z + 1) / 2) * DEPTH_LEVELS)));
  for (let i = 0; i < rows; i++) {
    const p0 = projection[3 * i] as number;
    const p1 = projection[3 * i + 1] as number;
    const p2 = projection[3 * i + 2] as number;
    x[i] = cx + radius * ((r[0] as number) * p0 + (r[1] as number) * p1 + (r[2] as number) * p2);
    y[i] = cy - radius * ((r[3] as number) * p0 + (r[4] as number) * p1 + (r[5] as number) * p2); // y grows down
    depth[i] = (r[6] as number) * p0 + (r[7] as number) * p1 + (r[8] as number) * p2;
    const bin = level(depth[i] as number) + 1;
    counts[bin] = (counts[bin] as number) + 1;
  }
  for (let l = 1; l <= DEPTH_LEVELS; l++) counts[l] = (counts[l] as number) + (counts[l - 1] as number);
  const order = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) {
    const l = level(depth[i] as number);
    order[counts[l] as number] = i;
    counts[l] = (counts[l] as number) + 1;
  }
  return { circle, cx, cy, radius, x, y, depth, order };
}

/**
 * The point drawn nearest to (px, py) within `within` px, or -1; a point on the far side counts as half `within`
 * further away, so a click takes the visible point over one behind it.
 */
export function nearestPoint(layout: SphereLayout, px: number, py: number, within: number): number {
  let best = -1;
  let bestDistance = within;
  for (let i = 0; i < layout.x.length; i++) {
    const behind = (layout.depth[i] as number) < 0 ? within / 2 : 0;
    const distance = Math.hypot((layout.x[i] as number) - px, (layout.y[i] as number) - py) + behind;
    if (distance <= bestDistance) {
      best = i;
      bestDistance = distance;
    }
  }
  return best;
}

/** The weights chart's marks. */
export interface AnchorWeightsLayout {
  readonly width: number;
  readonly height: number;
  readonly frame: PlotFrame;
  readonly x: Scale;
  readonly y: Scale;
  /** [negatives x 2] (x, y) of each negative's mark */
  readonly points: Float32Array;
  /** [negatives] 1 where the negative has the anchor's label, else null */
  readonly falseNegative: Uint8Array | null;
  /** the closed form r(s) as (x, y) pairs across the cosine axis */
  readonly curve: Float32Array;
  /** weights under WEIGHT_LOG_FLOOR, drawn on the floor */
  readonly clamped: number;
  /** x of the anchor's first positive, or null without pairs */
  readonly positiveX: number | null;
  /** index (into the negatives) of the heaviest negative */
  readonly heaviest: number;
}

/** The weights of one anchor's negatives against their cosines, in a width x height canvas. */
export function layoutAnchorWeights(
  analysis: AnchorAnalysis,
  width: number,
  height: number,
): AnchorWeightsLayout {
  const frame = plotFrame(width, height, WEIGHT_MARGINS);
  const { similarities, weights, positiveSimilarity } = analysis;
  let lo = positiveSimilarity ?? Number.POSITIVE_INFINITY;
  let hi = positiveSimilarity ?? Number.NEGATIVE_INFINITY;
  let heaviest = 0;
  let clamped = 0;
  for (let j = 0; j < similarities.length; j++) {
    lo = Math.min(lo, similarities[j] as number);
    hi = Math.max(hi, similarities[j] as number);
    if ((weights[j] as number) > (weights[heaviest] as number)) heaviest = j;
    if ((weights[j] as number) < WEIGHT_LOG_FLOOR) clamped++;
  }
  const pad = Math.max(0.02, 0.04 * (hi - lo));
  const x = linearScale(
    [Math.max(-1, lo - pad), Math.min(1, hi + pad)],
    [frame.left, frame.left + frame.width],
  );
  const y = weightScale(analysis.maxWeight, frame, true);
  const points = new Float32Array(2 * similarities.length);
  for (let j = 0; j < similarities.length; j++) {
    points[2 * j] = x(similarities[j] as number);
    points[2 * j + 1] = y(weights[j] as number);
  }
  const [from, to] = x.domain;
  const curve = new Float32Array(2 * (CURVE_SAMPLES + 1));
  for (let k = 0; k <= CURVE_SAMPLES; k++) {
    const s = from + ((to - from) * k) / CURVE_SAMPLES;
    curve[2 * k] = x(s);
    curve[2 * k + 1] = y(analysis.curve(s));
  }
  return {
    width,
    height,
    frame,
    x,
    y,
    points,
    falseNegative: analysis.falseNegative,
    curve,
    clamped,
    positiveX: positiveSimilarity === null ? null : x(positiveSimilarity),
    heaviest,
  };
}
