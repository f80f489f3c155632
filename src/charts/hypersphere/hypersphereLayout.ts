// Where every mark of the hypersphere chart goes, in CSS pixels: pure, no DOM. Dimension 2 draws the unit circle
// with each class's angle density as a ring around it (Wang & Isola 2020, Fig. 1); dimension 3 draws an
// orthographic view of the rotated unit sphere with depth, so the far side can be dimmed and marks drawn back to
// front; above 3 the rows are projected onto an uncentred PCA basis (projection.ts) and renormalised onto the
// sphere, and the layout says so (`isProjection`).
//
// Per-frame cost: one pass over the points (dim multiply-adds each) and one native sort of packed depth keys;
// the typed arrays of a previous layout are reused (`reuse`), so a 3-D drag allocates almost nothing.

import { angleDensity } from '../../core/kde';
import type { Snapshot } from '../../protocol/snapshot';
import { clampAnchor } from '../axes';
import { leadingSubspace, type ProjectionBasis } from './projection';

/** What the person chose to look at: the anchor row and the 3-D rotation (radians; ignored in dimension 2). */
export interface HypersphereView {
  /** batch row whose pair and hardest negative are marked; clamped to the batch */
  readonly anchor: number;
  /** turn about the screen's vertical axis, applied first */
  readonly yaw: number;
  /** tilt about the screen's horizontal axis, applied second */
  readonly pitch: number;
}

/** Drawing options; the defaults suit the chart. */
export interface HypersphereOptions {
  /** basis for dim > 3 (memoise it per snapshot with `projectionBasisOf`); computed here when absent */
  readonly basis?: ProjectionBasis | null;
  /** a previous layout whose typed arrays may be overwritten and returned */
  readonly reuse?: HypersphereLayout | null;
  /** grid points of each class's angle density (dimension 2) */
  readonly densityBins?: number;
  /** von Mises concentration of the density kernel (about 1 / bandwidth^2, radians) */
  readonly concentration?: number;
}

/** Points in screen space. Arrays may be longer than `count` (reused buffers): read the first `count`. */
export interface PointMarks {
  readonly count: number;
  /** [count] CSS pixels */
  readonly x: Float32Array;
  readonly y: Float32Array;
  /** [count] depth toward the viewer in [-1, 1] (unit sphere z after rotation); 0 on the circle */
  readonly depth: Float32Array;
  /** [count] class of each point (the snapshot's own array) */
  readonly labels: Int32Array;
  /** [count] point indices, back to front (draw in this order) */
  readonly order: Uint32Array;
}

/** One class's angle density drawn as a ring around the circle (dimension 2). */
export interface DensityRing {
  readonly label: number;
  /** bins x 2 (x, y) CSS pixels, row-major; the ring is closed (last point joins the first) */
  readonly points: Float32Array;
  /** largest density of this class, 1/radian */
  readonly peak: number;
}

/** Everything the hypersphere chart draws. */
export interface HypersphereLayout {
  readonly mode: 'circle' | 'sphere';
  /** the embedding's dimension */
  readonly dim: number;
  /** true above dimension 3: positions are a PCA projection, renormalised onto the sphere */
  readonly isProjection: boolean;
  /** fraction of the points' mean squared length the 3 projection axes hold (1 when not a projection) */
  readonly captured: number;
  readonly width: number;
  readonly height: number;
  /** centre and radius of the circle or sphere outline, CSS pixels */
  readonly cx: number;
  readonly cy: number;
  readonly radius: number;
  readonly display: PointMarks;
  readonly batch: PointMarks;
  /** [batch rows] positive partner of each row, -1 for none (the snapshot's own array) */
  readonly positives: Int32Array;
  /** anchor row, its positive and its hardest negative; -1 where there is none */
  readonly anchor: number;
  readonly positive: number;
  readonly hardest: number;
  /** dimension 2: per-class density rings; empty otherwise */
  readonly rings: readonly DensityRing[];
  /** dimension 2: radius where density 0 sits, px; px per unit density (1/radian); radius of the uniform density */
  readonly ringBase: number;
  readonly ringScale: number;
  readonly uniformRadius: number;
  /** dimension >= 3: the data's first-two-axes great circle (z = 0), 64 x 3 (x px, y px, depth), closed */
  readonly equator: Float32Array;
}

/** Default grid of the angle densities (1.4 degrees a bin). */
export const DENSITY_BINS = 256;
/** Default von Mises concentration: a kernel about 8 degrees wide. */
export const DENSITY_CONCENTRATION = 50;
/** Points of the equator polyline. */
const EQUATOR_POINTS = 64;
/** Fraction of the free radius the density rings may take (dimension 2). */
const RING_SHARE = 0.24;

/** The 3-D basis for a snapshot of dimension > 3 (null otherwise); warm-start it from the previous one. */
export function projectionBasisOf(
  snapshot: Snapshot,
  previous: ProjectionBasis | null = null,
): ProjectionBasis | null {
  const { display } = snapshot;
  if (display.dim <= 3) return null;
  // Estimated on the display set (held out, no dropout); the batch is drawn in the same basis.
  return leadingSubspace(display.embeddings, display.rows, display.dim, 3, previous);
}

/** Rotation matrix (3 x 3, row-major) of the view: pitch about screen x after yaw about screen y. */
export function rotationMatrix(yaw: number, pitch: number): Float64Array {
  const cy = Math.cos(yaw);
  const sy = Math.sin(yaw);
  const cp = Math.cos(pitch);
  const sp = Math.sin(pitch);
  // Rx(pitch) * Ry(yaw)
  return Float64Array.of(cy, 0, sy, sp * sy, cp, -sp * cy, -cp * sy, sp, cp * cy);
}

/**
 * Lays out the snapshot's display set and batch in a width x height canvas (CSS pixels). Pass the previous
 * layout as `options.reuse` to recycle its buffers (then do not keep the previous one).
 */
export function layoutHypersphere(
  snapshot: Snapshot,
  view: HypersphereView,
  width: number,
  height: number,
  options: HypersphereOptions = {},
): HypersphereLayout {
  const { display, batch } = snapshot;
  const dim = display.dim;
  if (!(Number.isInteger(dim) && dim >= 2)) throw new Error(`invalid dim: ${dim}`);
  const mode = dim === 2 ? 'circle' : 'sphere';
  const isProjection = dim > 3;
  const basis = isProjection ? (options.basis ?? projectionBasisOf(snapshot)) : null;
  if (basis && basis.dim !== dim) throw new Error(`invalid basis: dim ${basis.dim}, not ${dim}`);
  const outer = Math.max(10, Math.min(width, height) / 2 - 6);
  const radius = mode === 'circle' ? outer / (1 + RING_SHARE + 0.06) : outer;
  const cx = width / 2;
  const cy = height / 2;
  const frame: Frame = { dim, cx, cy, radius, rotation: rotationMatrix(view.yaw, view.pitch), basis };
  const reuse = options.reuse ?? null;
  const displayMarks = placePoints(frame, display.embeddings, display.rows, display.labels, reuse?.display);
  const batchMarks = placePoints(frame, batch.embeddings, batch.rows, batch.labels, reuse?.batch);
  const anchor = batch.rows > 0 ? clampAnchor(view.anchor, batch.rows) : -1;
  const rings =
    mode === 'circle'
      ? densityRings(
          display.embeddings,
          display.labels,
          display.rows,
          options.densityBins ?? DENSITY_BINS,
          options.concentration ?? DENSITY_CONCENTRATION,
        )
      : [];
  const ringBase = radius * 1.06;
  const peak = rings.reduce((top, ring) => Math.max(top, ring.peak), 0);
  // Uniform density 1/(2 pi) sits at a quarter of the ring height at most, so rings rescale only past 4x uniform.
  const ringScale = (outer - ringBase) / Math.max(peak, 4 / (2 * Math.PI));
  return {
    mode,
    dim,
    isProjection,
    captured: basis
      ? Math.min(
          1,
          basis.moments.reduce((sum, m) => sum + m, 0),
        )
      : 1,
    width,
    height,
    cx,
    cy,
    radius,
    display: displayMarks,
    batch: batchMarks,
    positives: batch.positives,
    anchor,
    positive: anchor >= 0 ? (batch.positives[anchor] ?? -1) : -1,
    hardest: anchor >= 0 ? (batch.hardestNegative[anchor] ?? -1) : -1,
    rings: rings.map((ring) => ({ ...ring, points: ringPoints(ring.density, cx, cy, ringBase, ringScale) })),
    ringBase,
    ringScale,
    uniformRadius: ringBase + ringScale / (2 * Math.PI),
    equator: mode === 'sphere' ? equatorOf(frame, reuse?.equator) : new Float32Array(0),
  };
}

/**
 * The batch row drawn nearest to (x, y) within maxDistancePx, or -1. A point on the far side of the sphere is
 * treated as half maxDistancePx further away, so a click prefers the visible (near) point over one behind it.
 */
export function nearestBatchRow(
  layout: HypersphereLayout,
  x: number,
  y: number,
  maxDistancePx: number,
): number {
  return nearestPoint(layout.batch, x, y, maxDistancePx);
}

/** The point of `marks` drawn nearest to (x, y) within maxDistancePx (far-side points count as further), or -1. */
export function nearestPoint(marks: PointMarks, x: number, y: number, maxDistancePx: number): number {
  let best = -1;
  let bestScore = Number.POSITIVE_INFINITY;
  for (let i = 0; i < marks.count; i++) {
    const distance = Math.hypot((marks.x[i] as number) - x, (marks.y[i] as number) - y);
    if (distance > maxDistancePx) continue;
    const score = distance + ((marks.depth[i] as number) < 0 ? maxDistancePx / 2 : 0);
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

interface Frame {
  readonly dim: number;
  readonly cx: number;
  readonly cy: number;
  readonly radius: number;
  /** 3 x 3 row-major view rotation */
  readonly rotation: Float64Array;
  readonly basis: ProjectionBasis | null;
}

// Screen positions of `rows` unit rows (row-major, width frame.dim), with depth and back-to-front order.
function placePoints(
  frame: Frame,
  embeddings: Float32Array,
  rows: number,
  labels: Int32Array,
  reuse: PointMarks | undefined,
): PointMarks {
  const fits = reuse !== undefined && reuse.x.length >= rows;
  const x = fits ? reuse.x : new Float32Array(rows);
  const y = fits ? reuse.y : new Float32Array(rows);
  const depth = fits ? reuse.depth : new Float32Array(rows);
  const order = fits ? reuse.order : new Uint32Array(rows);
  const { dim, cx, cy, radius, rotation: r, basis } = frame;
  const axes = basis?.axes;
  for (let i = 0; i < rows; i++) {
    const base = i * dim;
    let p0: number;
    let p1: number;
    let p2 = 0;
    if (axes) {
      p0 = 0;
      p1 = 0;
      for (let c = 0; c < dim; c++) {
        const value = embeddings[base + c] as number;
        p0 += value * (axes[c] as number);
        p1 += value * (axes[dim + c] as number);
        p2 += value * (axes[2 * dim + c] as number);
      }
    } else {
      p0 = embeddings[base] as number;
      p1 = embeddings[base + 1] as number;
      if (dim === 3) p2 = embeddings[base + 2] as number;
    }
    // Renormalise: float32 rows drift from unit length, and a projection shortens them.
    const norm = Math.hypot(p0, p1, p2);
    const scale = norm > 1e-12 ? 1 / norm : 0;
    p0 *= scale;
    p1 *= scale;
    p2 *= scale;
    let sx = p0;
    let sy = p1;
    let sz = 0;
    if (dim > 2) {
      sx = (r[0] as number) * p0 + (r[1] as number) * p1 + (r[2] as number) * p2;
      sy = (r[3] as number) * p0 + (r[4] as number) * p1 + (r[5] as number) * p2;
      sz = (r[6] as number) * p0 + (r[7] as number) * p1 + (r[8] as number) * p2;
    }
    x[i] = cx + radius * sx;
    y[i] = cy - radius * sy; // screen y grows downward
    depth[i] = sz;
  }
  sortByDepth(depth, rows, order);
  return { count: rows, x, y, depth, labels, order };
}

// order[0..rows) = indices by increasing depth (ties by index), via one native sort of packed integer keys:
// depth quantised to 16 bits in the high half, index in the low half (rows <= 65536).
function sortByDepth(depth: Float32Array, rows: number, order: Uint32Array): void {
  if (rows > 65536) throw new Error(`invalid rows: ${rows}`);
  for (let i = 0; i < rows; i++) {
    const level = Math.max(0, Math.min(65535, Math.round(((depth[i] as number) + 1) * 32767.5)));
    order[i] = level * 65536 + i;
  }
  const keys = order.subarray(0, rows);
  keys.sort();
  for (let i = 0; i < rows; i++) keys[i] = (keys[i] as number) % 65536;
}

// Each class's density of angles atan2(u1, u0) over the display set (dimension 2), classes ascending.
function densityRings(
  embeddings: Float32Array,
  labels: Int32Array,
  rows: number,
  bins: number,
  concentration: number,
): { label: number; density: Float64Array; peak: number }[] {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < rows; i++) {
    const label = labels[i] as number;
    let angles = byClass.get(label);
    if (!angles) {
      angles = [];
      byClass.set(label, angles);
    }
    angles.push(Math.atan2(embeddings[2 * i + 1] as number, embeddings[2 * i] as number));
  }
  return [...byClass.keys()]
    .sort((a, b) => a - b)
    .map((label) => {
      const density = angleDensity(byClass.get(label) ?? [], bins, concentration);
      return { label, density, peak: density.reduce((top, value) => Math.max(top, value), 0) };
    });
}

// The ring of one density: grid angle 2 pi b / bins at radius base + scale * density, as screen (x, y) pairs.
function ringPoints(
  density: Float64Array,
  cx: number,
  cy: number,
  base: number,
  scale: number,
): Float32Array {
  const bins = density.length;
  const points = new Float32Array(2 * bins);
  for (let b = 0; b < bins; b++) {
    const angle = (2 * Math.PI * b) / bins;
    const r = base + scale * (density[b] as number);
    points[2 * b] = cx + r * Math.cos(angle);
    points[2 * b + 1] = cy - r * Math.sin(angle);
  }
  return points;
}

// The data's great circle through its first two axes (the plane of the first two PCA axes above dim 3), rotated.
function equatorOf(frame: Frame, reuse: Float32Array | undefined): Float32Array {
  const out = reuse && reuse.length === 3 * EQUATOR_POINTS ? reuse : new Float32Array(3 * EQUATOR_POINTS);
  const r = frame.rotation;
  for (let k = 0; k < EQUATOR_POINTS; k++) {
    const angle = (2 * Math.PI * k) / EQUATOR_POINTS;
    const p0 = Math.cos(angle);
    const p1 = Math.sin(angle);
    out[3 * k] = frame.cx + frame.radius * ((r[0] as number) * p0 + (r[1] as number) * p1);
    out[3 * k + 1] = frame.cy - frame.radius * ((r[3] as number) * p0 + (r[4] as number) * p1);
    out[3 * k + 2] = (r[6] as number) * p0 + (r[7] as number) * p1;
  }
  return out;
}
