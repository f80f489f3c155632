// Pure layouts of a sweep's geometry: each run's small sphere (its end-of-run display points) and the
// alignment-uniformity plane with one point per run. No DOM: Node tests.
//
// The small spheres use the main hypersphere chart's view (projection.ts's uncentred PCA basis above 3
// dimensions, hypersphereLayout's rotation at the chart's opening angle). They do not call layoutHypersphere,
// which lays out a whole live snapshot (its batch, anchor and density rings); a sweep keeps only display points.
import { scaleLinear } from 'd3';
import { sphereUniformityLimit } from '../alignUniform/alignUniformLayout';
import { MIN_CHART_WIDTH } from '../axes';
import { rotationMatrix } from '../hypersphere/hypersphereLayout';
import { leadingSubspace } from '../hypersphere/projection';
import { axisTicks, type Domain, finiteExtent, padDomain, type Rect, type Tick } from '../metrics/lineAxes';

/** The main hypersphere chart's opening view (Hypersphere.tsx), so a small sphere looks like the big one. */
const VIEW = { yaw: 0.6, pitch: 0.35 } as const;

/** A run's display points: unit rows x dim, row-major, and their classes. */
export interface SphereInput {
  readonly dim: number;
  readonly embeddings: Float32Array;
  readonly labels: Int32Array;
}

/** One point of a small sphere: pixels, depth toward the viewer in [-1, 1] (0 on the circle), class. */
export interface SpherePoint {
  readonly x: number;
  readonly y: number;
  readonly depth: number;
  readonly label: number;
}

/** A small sphere: its outline and its points, back to front. */
export interface SphereMultipleLayout {
  readonly mode: 'circle' | 'sphere';
  /** above dimension 3: the points are a PCA projection renormalised onto the sphere */
  readonly isProjection: boolean;
  readonly size: number;
  readonly cx: number;
  readonly cy: number;
  readonly radius: number;
  /** back to front (draw in this order) */
  readonly points: readonly SpherePoint[];
}

/** Lays out a run's display points in a size x size square: circle (dim 2) or sphere seen from VIEW. */
export function layoutSphereMultiple(input: SphereInput, size: number): SphereMultipleLayout {
  const { dim, embeddings, labels } = input;
  if (!(Number.isInteger(dim) && dim >= 2)) throw new Error(`invalid dim: ${dim}`);
  const rows = Math.min(labels.length, Math.floor(embeddings.length / dim));
  const basis = dim > 3 ? leadingSubspace(embeddings, rows, dim, 3).axes : null;
  const rotation = rotationMatrix(VIEW.yaw, VIEW.pitch);
  const cx = size / 2;
  const cy = size / 2;
  const radius = Math.max(4, size / 2 - 4);
  const points: SpherePoint[] = [];
  for (let i = 0; i < rows; i++) {
    const p = [0, 0, 0];
    for (let k = 0; k < Math.min(3, dim); k++) {
      if (basis === null) p[k] = embeddings[i * dim + k] as number;
      else
        for (let c = 0; c < dim; c++)
          p[k] = (p[k] as number) + (embeddings[i * dim + c] as number) * (basis[k * dim + c] as number);
    }
    // renormalised: float32 rows drift from unit length, and a projection shortens them
    const norm = Math.hypot(p[0] as number, p[1] as number, p[2] as number);
    if (!(norm > 1e-12)) continue;
    const [a, b, c] = p.map((value) => value / norm) as [number, number, number];
    const [sx, sy, depth] =
      dim === 2
        ? [a, b, 0]
        : [0, 1, 2].map(
            (row) =>
              (rotation[row * 3] as number) * a +
              (rotation[row * 3 + 1] as number) * b +
              (rotation[row * 3 + 2] as number) * c,
          );
    points.push({
      x: cx + radius * (sx as number),
      y: cy - radius * (sy as number),
      depth: depth as number,
      label: labels[i] as number,
    });
  }
  points.sort((p, q) => p.depth - q.depth);
  return { mode: dim === 2 ? 'circle' : 'sphere', isProjection: dim > 3, size, cx, cy, radius, points };
}

/** One run in the plane: its label and its means over seeds. */
export interface PlaneInput {
  readonly run: number;
  readonly label: string;
  readonly alignment: number;
  readonly uniformity: number;
}

/** Where a point's label goes: its text's anchor point and side, or null when every place is taken. */
export interface LabelPlace {
  readonly x: number;
  readonly y: number;
  readonly anchor: 'start' | 'end';
}

/** One run's point in the plane. */
export interface PlaneMark extends PlaneInput {
  readonly x: number;
  readonly y: number;
  /** null: its neighbours took every place around it (its tooltip still names it) */
  readonly labelAt: LabelPlace | null;
}

/** The alignment-uniformity plane of a sweep. */
export interface SweepPlaneLayout {
  readonly width: number;
  readonly height: number;
  readonly plot: Rect;
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
  /** runs with both means finite, in run order */
  readonly marks: readonly PlaneMark[];
  /** the runs joined in run order (a numeric sweep's path as its value grows), or null */
  readonly path: string | null;
  /** the uniform measure's uniformity on the output sphere, where every run shares one dimension */
  readonly uniformLimit: { readonly value: number; readonly position: number } | null;
}

const MARGIN = { left: 46, right: 14, top: 22, bottom: 36 } as const;

/**
 * Lays out the plane (x uniformity, y alignment, both lower is better) for the runs, joined in run order when
 * `joined`; `dim` (the runs' common output dimension, or null) draws the uniform measure's line.
 */
export function layoutSweepPlane(
  runs: readonly PlaneInput[],
  width: number,
  dim: number | null,
  joined: boolean,
): SweepPlaneLayout {
  const w = Math.max(MIN_CHART_WIDTH, Math.floor(width));
  const height = Math.round(Math.min(320, Math.max(200, w * 0.6)));
  const plot: Rect = {
    left: MARGIN.left,
    top: MARGIN.top,
    width: w - MARGIN.left - MARGIN.right,
    height: height - MARGIN.top - MARGIN.bottom,
  };
  const finite = runs.filter((run) => Number.isFinite(run.alignment) && Number.isFinite(run.uniformity));
  const limit = dim !== null && Number.isInteger(dim) && dim >= 2 ? sphereUniformityLimit(dim) : null;
  const uValues = [...finite.map((run) => run.uniformity), ...(limit === null ? [] : [limit])];
  const uExtent = finiteExtent(uValues);
  const aExtent = finiteExtent([...finite.map((run) => run.alignment), 0]) as Domain;
  const x = scaleLinear()
    .domain(uExtent ? padDomain(uExtent, 0.1) : [-4, 0])
    .range([plot.left, plot.left + plot.width]);
  const y = scaleLinear()
    .domain(padDomain(aExtent, 0.1))
    .range([plot.top + plot.height, plot.top]);
  const points = finite.map((run) => ({ ...run, x: x(run.uniformity), y: y(run.alignment) }));
  const places = placeLabels(points, plot);
  const marks = points.map((point, i) => ({ ...point, labelAt: places[i] ?? null }));
  return {
    width: w,
    height,
    plot,
    xTicks: axisTicks(x, Math.max(2, Math.floor(plot.width / 70))),
    yTicks: axisTicks(y, 4),
    marks,
    path:
      joined && marks.length > 1
        ? marks.map((mark, i) => `${i === 0 ? 'M' : 'L'}${mark.x},${mark.y}`).join('')
        : null,
    uniformLimit: limit === null ? null : { value: limit, position: x(limit) },
  };
}

/** Approximate text box of the plane's 11 px labels, px. */
const LABEL_CHAR_PX = 6.2;
const LABEL_HEIGHT = 11;
const POINT_RADIUS = 4;

/**
 * Labels placed greedily in run order: right above the point, right below, left above, left below; the first
 * place whose box overlaps no label placed so far, no point and stays inside the plot. Runs close together in
 * the plane (tau 0.2, 1 and 5 often are) would otherwise write over each other.
 */
export function placeLabels(
  points: readonly { readonly x: number; readonly y: number; readonly label: string }[],
  plot: Rect,
): (LabelPlace | null)[] {
  type Box = readonly [number, number, number, number]; // left, top, right, bottom
  const overlaps = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  const taken: Box[] = points.map((p) => [
    p.x - POINT_RADIUS,
    p.y - POINT_RADIUS,
    p.x + POINT_RADIUS,
    p.y + POINT_RADIUS,
  ]);
  return points.map((point) => {
    const width = point.label.length * LABEL_CHAR_PX;
    for (const [dx, dy, anchor] of [
      [6, -5, 'start'],
      [6, 13, 'start'],
      [-6, -5, 'end'],
      [-6, 13, 'end'],
    ] as const) {
      const x = point.x + dx;
      const y = point.y + dy; // the text's baseline
      const box: Box =
        anchor === 'start'
          ? [x, y - LABEL_HEIGHT + 2, x + width, y + 2]
          : [x - width, y - LABEL_HEIGHT + 2, x, y + 2];
      const inside = box[0] >= plot.left && box[2] <= plot.left + plot.width + 12 && box[1] >= 0;
      if (inside && !taken.some((other) => overlaps(box, other))) {
        taken.push(box);
        return { x, y, anchor };
      }
    }
    return null;
  });
}
