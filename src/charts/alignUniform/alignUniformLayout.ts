// Pure layout of the alignment-uniformity plane (Wang & Isola 2020): x = uniformity, y = alignment, both lower
// is better, so the good corner is bottom-left. Trails (one per run and temperature, oldest first, the last is
// current) become polylines with gaps at NaN; the current one ends in an arrowhead. Reference lines: the
// uniformity of the uniform measure on the output sphere (the limit a well-spread embedding approaches) and
// alignment 0 (identical views).

import { scaleLinear } from 'd3';
import { circleUniformityLimit } from '../../core/geometry';
import { formatValue, MIN_CHART_WIDTH } from '../axes';
import {
  axisTicks,
  type Domain,
  finiteExtent,
  minimumSpan,
  type Point,
  type Polylines,
  padDomain,
  type Rect,
  type Tick,
  toPolylines,
  unionDomain,
} from '../metrics/lineAxes';
import { CLASS_COLOURS } from '../palette';

/** Wang & Isola's uniformity temperature t (their reference code's default, the lab's convention). */
export const UNIFORMITY_T = 2;

/**
 * Uniformity of the uniform measure on the sphere S^2 (output dimension 3), in closed form: for independent
 * uniform x, y the cosine s = x.y is uniform on [-1, 1] (Archimedes), ||x - y||^2 = 2 - 2s, so
 * E exp(-t||x - y||^2) = e^{-2t} sinh(2t) / (2t) = (1 - e^{-4t}) / (4t); at t = 2, log((1 - e^{-8}) / 8) = -2.07978.
 */
export function sphereS2UniformityLimit(t = UNIFORMITY_T): number {
  if (!(Number.isFinite(t) && t > 0)) throw new Error(`invalid t: ${t}`);
  return Math.log(-Math.expm1(-4 * t)) - Math.log(4 * t);
}

/**
 * Uniformity of the uniform measure on S^(dim-1) by Simpson's rule over the angle theta between x and y, whose
 * density is proportional to sin^(dim-2) theta: log( int e^{-2t(1 - cos theta)} sin^(dim-2) theta dtheta /
 * int sin^(dim-2) theta dtheta ) over [0, pi]. Any dim >= 2; `intervals` even.
 */
export function sphereUniformityByQuadrature(dim: number, t = UNIFORMITY_T, intervals = 2048): number {
  checkDim(dim);
  if (!(Number.isFinite(t) && t > 0)) throw new Error(`invalid t: ${t}`);
  if (!(Number.isInteger(intervals) && intervals >= 2 && intervals % 2 === 0)) {
    throw new Error(`invalid intervals: ${intervals}`);
  }
  const h = Math.PI / intervals;
  let weighted = 0;
  let total = 0;
  for (let i = 0; i <= intervals; i++) {
    const theta = i * h;
    const simpson = i === 0 || i === intervals ? 1 : i % 2 === 1 ? 4 : 2;
    const density = Math.sin(theta) ** (dim - 2); // 0 ** 0 = 1 for the circle
    total += simpson * density;
    weighted += simpson * density * Math.exp(-2 * t * (1 - Math.cos(theta)));
  }
  return Math.log(weighted / total);
}

/**
 * Uniformity of the uniform measure on the unit sphere of R^dim, the value a well-spread embedding approaches
 * (finite point sets, whose self-pairs are excluded, can sit slightly below it). dim 2: -2t + log I0(2t)
 * (-1.5750 at t = 2); dim 3: log((1 - e^{-4t}) / (4t)) (-2.0798); higher dims by quadrature.
 */
export function sphereUniformityLimit(dim: number, t = UNIFORMITY_T): number {
  checkDim(dim);
  if (dim === 2) return circleUniformityLimit(t);
  if (dim === 3) return sphereS2UniformityLimit(t);
  return sphereUniformityByQuadrature(dim, t);
}

function checkDim(dim: number): void {
  if (!(Number.isInteger(dim) && dim >= 2)) throw new Error(`invalid dim: ${dim}`);
}

/** One run's (or temperature's) path: alignment[i] and uniformity[i] belong to the same snapshot. */
export interface TrailInput {
  readonly id: string;
  readonly label: string;
  readonly alignment: readonly number[];
  readonly uniformity: readonly number[];
}

/** What the plane's layout needs. */
export interface AlignUniformInput {
  /** available width in CSS pixels (at least 240 is used) */
  readonly width: number;
  /** oldest first; the last is the current run */
  readonly trails: readonly TrailInput[];
  /** output dimension of the current run, or null when unknown (no reference line then) */
  readonly dim: number | null;
}

/** An arrowhead: its tip (the newest point) and the two back corners. */
export interface Arrowhead {
  readonly tip: Point;
  readonly left: Point;
  readonly right: Point;
}

/** One trail, ready to draw: colour and fading, polylines with gaps, the newest point and its values. */
export interface TrailMark {
  readonly id: string;
  /** made by the store; render as text only */
  readonly label: string;
  readonly current: boolean;
  readonly colour: string;
  /** 1 for the current trail, fainter for older ones */
  readonly opacity: number;
  readonly lineWidth: number;
  readonly marks: Polylines;
  /** the newest drawable point (a dot is drawn there), or null */
  readonly head: Point | null;
  /** the current trail's direction of travel at its newest point; null with fewer than two distinct points */
  readonly arrow: Arrowhead | null;
  /** the newest snapshot with both values finite, or null */
  readonly latest: { readonly alignment: number; readonly uniformity: number } | null;
}

/** A labelled reference line: its data value and pixel position. */
export interface ReferenceLine {
  readonly value: number;
  readonly position: number;
  readonly label: string;
}

/** The plane: size, plot area, domains, ticks, trails (draw order: oldest first) and the reference marks. */
export interface AlignUniformLayout {
  readonly width: number;
  readonly height: number;
  readonly plot: Rect;
  readonly xDomain: Domain;
  readonly yDomain: Domain;
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
  readonly trails: readonly TrailMark[];
  /** vertical line at the uniform measure's uniformity for the current dimension (null: dim unknown) */
  readonly uniformLimit: (ReferenceLine & { readonly dim: number; readonly closedForm: boolean }) | null;
  /** horizontal line at alignment 0 */
  readonly zeroAlignment: ReferenceLine;
  /** where the "better" label of the bottom-left corner starts (right of the limit line, above alignment 0) */
  readonly goodCorner: Point;
  /** that label, shorter on a narrow plot */
  readonly goodCornerLabel: string;
  readonly empty: boolean;
}

/** Trail colours, newest first: the Okabe-Ito palette without yellow (too faint on white for thin lines). */
export const TRAIL_COLOURS: readonly string[] = CLASS_COLOURS.filter((colour) => colour !== '#F0E442');

const MARGIN = { left: 46, right: 14, top: 12, bottom: 38 } as const;
const ARROW_LENGTH = 10;
const ARROW_HALF_WIDTH = 5;

/** Opacity of a trail `age` trails older than the current one (age 0). */
export function trailOpacity(age: number): number {
  return age === 0 ? 1 : Math.max(0.25, 0.65 - 0.1 * (age - 1));
}

/** Lays out the plane for the given width, trails and output dimension. */
export function layoutAlignUniform(input: AlignUniformInput): AlignUniformLayout {
  const width = Math.max(MIN_CHART_WIDTH, Math.floor(input.width));
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = Math.round(Math.min(360, Math.max(180, plotWidth * 0.7)));
  const plot: Rect = { left: MARGIN.left, top: MARGIN.top, width: plotWidth, height: plotHeight };
  const height = MARGIN.top + plotHeight + MARGIN.bottom;

  const dim = input.dim !== null && Number.isInteger(input.dim) && input.dim >= 2 ? input.dim : null;
  const limit = dim === null ? null : sphereUniformityLimit(dim);
  const allU = input.trails.flatMap((trail) => trail.uniformity);
  const allA = input.trails.flatMap((trail) => trail.alignment);
  const uExtent = unionDomain(finiteExtent(allU), limit === null ? null : [limit, limit]);
  // at least 2% of its magnitude wide, as the metrics' panels: a converged run's jitter stays small
  const xDomain: Domain = uExtent ? padDomain(minimumSpan(uExtent, 0.02), 0.08) : [-4, 0];
  const aExtent = unionDomain(finiteExtent(allA), [0, 0]) as Domain;
  const yDomain: Domain = aExtent[1] > aExtent[0] ? padDomain(aExtent) : [-0.05, 1];

  const x = scaleLinear()
    .domain(xDomain)
    .range([plot.left, plot.left + plot.width]);
  const y = scaleLinear()
    .domain(yDomain)
    .range([plot.top + plot.height, plot.top]);
  const count = input.trails.length;
  const trails = input.trails.map((trail, index) => layoutTrail(trail, count - 1 - index, x, y));

  const zeroY = y(0);
  return {
    width,
    height,
    plot,
    xDomain,
    yDomain,
    xTicks: axisTicks(x, Math.max(2, Math.floor(plot.width / 70))),
    yTicks: axisTicks(y, 4),
    trails,
    uniformLimit:
      dim === null || limit === null
        ? null
        : {
            value: limit,
            position: x(limit),
            label: `uniform limit, dim ${dim}: ${limit.toFixed(3)}`,
            dim,
            closedForm: dim <= 3,
          },
    zeroAlignment: { value: 0, position: zeroY, label: 'alignment 0: identical views' },
    // right of the limit line, which bounds the good corner on the left
    goodCorner: [Math.max(plot.left, limit === null ? plot.left : x(limit)) + 6, zeroY - 6],
    goodCornerLabel: plot.width < 300 ? '↙ better' : '↙ better: aligned and uniform',
    empty: allU.length === 0,
  };
}

function layoutTrail(
  trail: TrailInput,
  age: number,
  x: (value: number) => number,
  y: (value: number) => number,
): TrailMark {
  const length = Math.min(trail.alignment.length, trail.uniformity.length);
  const points: Point[] = [];
  let latest: TrailMark['latest'] = null;
  for (let i = 0; i < length; i++) {
    const a = trail.alignment[i] as number;
    const u = trail.uniformity[i] as number;
    const drawable = Number.isFinite(a) && Number.isFinite(u);
    points.push(drawable ? [x(u), y(a)] : [Number.NaN, Number.NaN]);
    if (drawable) latest = { alignment: a, uniformity: u };
  }
  const drawable = points.filter((p) => Number.isFinite(p[0]));
  const head = drawable[drawable.length - 1] ?? null;
  const current = age === 0;
  return {
    id: trail.id,
    label: trail.label,
    current,
    colour: TRAIL_COLOURS[age % TRAIL_COLOURS.length] as string,
    opacity: trailOpacity(age),
    lineWidth: current ? 2 : 1.25,
    marks: toPolylines(points),
    head,
    arrow: current && head ? arrowhead(drawable, head) : null,
    latest,
  };
}

/** The arrowhead at `head`, pointing along the last step longer than half a pixel; null if there is none. */
function arrowhead(drawable: readonly Point[], head: Point): Arrowhead | null {
  for (let i = drawable.length - 2; i >= 0; i--) {
    const from = drawable[i] as Point;
    const dx = head[0] - from[0];
    const dy = head[1] - from[1];
    const length = Math.hypot(dx, dy);
    if (length < 0.5) continue;
    const ux = dx / length;
    const uy = dy / length;
    const baseX = head[0] - ux * ARROW_LENGTH;
    const baseY = head[1] - uy * ARROW_LENGTH;
    return {
      tip: head,
      left: [baseX - uy * ARROW_HALF_WIDTH, baseY + ux * ARROW_HALF_WIDTH],
      right: [baseX + uy * ARROW_HALF_WIDTH, baseY - ux * ARROW_HALF_WIDTH],
    };
  }
  return null;
}

/** A trail's newest values as one line of text, e.g. "alignment 0.412, uniformity −2.03". */
export function describeLatest(mark: TrailMark): string {
  if (!mark.latest) return 'no finite point yet';
  return `alignment ${formatValue(mark.latest.alignment)}, uniformity ${formatValue(mark.latest.uniformity)}`;
}
