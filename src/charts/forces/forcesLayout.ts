// The forces on one anchor, in the anchor's tangent plane: pure, no DOM. Every other batch row j acts on the
// anchor u_i along the sphere, in the direction -c_ij (u_j - s_ij u_i): a negative (c > 0) pushes the anchor away,
// like a like charge; the positive (c < 0) pulls it closer (Wang & Liu 2021). c_ij is the objective's own
// derivative with respect to the similarity s_ij, from the worker's autograd of that objective's loss.
//
// Two ways to count (`terms`):
// - 'pair' (default): c_ij = dl_i/ds_ij + dl_j/ds_ji, everything the pair (i, j) does to u_i in the batch loss
//   (j is a negative in the anchor's loss, and the anchor one in j's). The arrows then add up to the real
//   gradient: their sum equals -A times the tangential part of the worker's autograd dL/du_i (the mean loss over
//   the batch's A anchors), which the chart draws as a check. A row without a loss of its own (the second view
//   under the N x N form, supervised SimCSE and the triplet loss) still feels the anchors' terms.
// - 'own': c_ij = dl_i/ds_ij, the anchor's own loss only (InfoNCE's p_ij / tau; there the positive's pull equals
//   the negatives' pushes summed, in coefficient). Their sum is the gradient of l_i alone, which the worker does
//   not send, so the autograd arrow then shows more than the arrows.
//
// False negatives (the snapshot's mask, the labels as an oracle): an arrow is one when j is a false negative of
// the anchor (or, counting the pair, the anchor one of j's), and the pushes are summed twice apart, the false
// negatives' and the true negatives', which with the pull make up the sum. With the labels hidden (no mask)
// nothing is told apart.
//
// The plane: dimension 2 has a 1-D tangent line (x = the counter-clockwise tangent; each arrow is drawn at the
// height of its source's signed angle from the anchor, so it reads as force against position). From dimension 3
// the first axis is the resultant's own direction (drawn at its true length), and the second is the tangent
// direction orthogonal to it that carries most of the remaining force (u x e1 in dimension 3, where the plane
// is the whole tangent plane); `captured` says how much of the arrows' squared length the plane shows.

import { at, dot, subtract, type Vector, vectorNorm } from '../../core/linalg';
import type { Snapshot } from '../../protocol/snapshot';
import { clampAnchor } from '../axes';
import { leadingSubspace } from '../hypersphere/projection';

/** Which losses' derivatives an arrow counts (see the file's header). */
export type ForceTerms = 'pair' | 'own';

/** One other row's force on the anchor. Plane coordinates are in gradient units (per-anchor loss, x 2N). */
export interface ForceArrow {
  /** batch row j acting on the anchor */
  readonly row: number;
  readonly kind: 'push' | 'pull';
  readonly hardest: boolean;
  /** j carries the anchor's class (a false negative); always false with the labels hidden */
  readonly falseNegative: boolean;
  /** c_ij, the derivative with respect to s_ij that this arrow uses (negative for the pull) */
  readonly coefficient: number;
  /** s_ij, cosine of anchor and j */
  readonly similarity: number;
  /** full-dimensional length |c_ij| |u_j - s_ij u_i| = |c_ij| sqrt(1 - s_ij^2) */
  readonly magnitude: number;
  /** the force in the plane's coordinates (descent direction) */
  readonly x: number;
  readonly y: number;
  /** dimension 2: j's signed angle from the anchor divided by pi, in [-1, 1] (counter-clockwise positive); else 0 */
  readonly originY: number;
}

/** A vector in the plane plus its full-dimensional length. */
export interface PlaneVector {
  readonly x: number;
  readonly y: number;
  readonly magnitude: number;
}

/** Everything the forces chart draws. */
export interface ForcesLayout {
  /** anchor row (clamped), its positive and hardest negative; -1 where there is none */
  readonly anchor: number;
  readonly positive: number;
  readonly hardest: number;
  readonly dim: number;
  readonly rows: number;
  readonly tau: number;
  readonly terms: ForceTerms;
  /** whether the row has a loss of its own (else 'own' shows no arrows) */
  readonly isAnchor: boolean;
  /** dimension 2: the tangent space is a line (arrows along x, spread in y by position) */
  readonly oneDimensional: boolean;
  /** every other row's force, in row order (empty without an anchor) */
  readonly arrows: readonly ForceArrow[];
  /** sum of the arrows */
  readonly resultant: PlaneVector;
  /**
   * the negatives' arrows summed apart: those of false negatives and those of true ones (with the pull they add
   * up to the resultant); null with the labels hidden
   */
  readonly split: PushSplit | null;
  /** -A times the tangential part of the autograd dL/du_i (descent direction); null if not finite */
  readonly autograd: PlaneVector | null;
  /** |resultant - autograd| / |autograd| in full dimension; NaN without autograd */
  readonly mismatch: number;
  /** fraction of the arrows' summed squared length that the plane shows (1 in dimensions 2 and 3) */
  readonly captured: number;
  /** the anchor's own loss l_i in nats (the snapshot's, under its objective); NaN for a row without one */
  readonly anchorLoss: number;
  /** sum over negatives of c_ij: in 'own' mode the size of the pull's coefficient */
  readonly pushTotal: number;
  /** largest length among arrows, resultant and autograd, in plane units (for scaling; 0 if none) */
  readonly extent: number;
  /** largest length among the pushes alone, in plane units (to zoom on them; 0 if none) */
  readonly pushExtent: number;
}

/** The anchor's pushes split by the labels. */
export interface PushSplit {
  /** sum of the false negatives' arrows (a pull under fn=attract, where they are pulled as positives) */
  readonly falseNegatives: PlaneVector;
  /** sum of the other negatives' arrows */
  readonly trueNegatives: PlaneVector;
  /** how many arrows come from false negatives */
  readonly count: number;
  /** sum of c_ij over the false negatives (below 0 when they pull) */
  readonly coefficient: number;
}

/** Largest residual forces the second axis is estimated from (dimension > 3). */
const E2_SAMPLE = 64;

const EMPTY: PlaneVector = { x: 0, y: 0, magnitude: 0 };

/** The forces on `anchor` (view.anchor, clamped to the batch) in its tangent plane. */
export function layoutForces(snapshot: Snapshot, anchor: number, terms: ForceTerms = 'pair'): ForcesLayout {
  const { batch, tau } = snapshot;
  const { rows, dim } = batch;
  const i = rows > 0 ? clampAnchor(anchor, rows) : -1;
  const positive = i >= 0 ? (batch.positives[i] ?? -1) : -1;
  const hardest = i >= 0 ? (batch.hardestNegative[i] ?? -1) : -1;
  const anchorLoss = i >= 0 ? (batch.anchorLoss[i] ?? Number.NaN) : Number.NaN;
  const base = {
    anchor: i,
    positive,
    hardest,
    dim,
    rows,
    tau,
    terms,
    oneDimensional: dim === 2,
    isAnchor: Number.isFinite(anchorLoss),
    anchorLoss,
  };
  if (i < 0 || rows < 2) {
    return {
      ...base,
      arrows: [],
      resultant: EMPTY,
      split: null,
      autograd: null,
      mismatch: Number.NaN,
      captured: 1,
      pushTotal: 0,
      extent: 0,
      pushExtent: 0,
    };
  }
  // Per snapshot, not per frame (at most 256 rows): plain arrays and core's vector helpers are fast enough.
  const units = Array.from({ length: rows }, (_, j) => unitRow(batch.embeddings, j, dim));
  const u = at(units, i);
  const coefficient = coefficientOf(batch, i, terms);
  const others = units.map((_, j) => j).filter((j) => j !== i);
  const coefficients = others.map(coefficient);
  const similarities = others.map((j) => dot(u, at(units, j)));
  // Descent direction of each pair: -c_ij (u_j - s_ij u_i), tangent to the sphere at u_i.
  const forces = others.map((j, n) => {
    const c = at(coefficients, n);
    const s = at(similarities, n);
    return at(units, j).map((value, k) => -c * (value - s * at(u, k)));
  });
  const total = sumOf(forces, dim);
  const falseNegative = falseNegativeOf(batch, i, terms);
  const gradient = autogradOf(batch.embeddingGradient, i, dim, batch.anchors, u);
  const plane = dim === 2 ? { e1: [-at(u, 1), at(u, 0)], e2: null } : planeOf(u, total, forces);
  const planar = (vector: Vector) => ({
    x: dot(vector, plane.e1),
    y: plane.e2 ? dot(vector, plane.e2) : 0,
  });
  let shown = 0;
  let full = 0;
  const arrows = others.map((j, n): ForceArrow => {
    const force = at(forces, n);
    const { x, y } = planar(force);
    const magnitude = vectorNorm(force);
    shown += x * x + y * y;
    full += magnitude * magnitude;
    return {
      row: j,
      kind: j === positive ? 'pull' : 'push',
      hardest: j === hardest,
      falseNegative: j !== positive && falseNegative(j),
      coefficient: at(coefficients, n),
      similarity: at(similarities, n),
      magnitude,
      x,
      y,
      originY: dim === 2 ? signedAngle(u, at(units, j)) / Math.PI : 0,
    };
  });
  const resultant = { ...planar(total), magnitude: vectorNorm(total) };
  const isFalse = (n: number) => at(arrows, n).falseNegative;
  const isTrue = (n: number) => at(arrows, n).kind === 'push' && !isFalse(n);
  const summed = (keep: (n: number) => boolean) => {
    const sum = sumOf(
      forces.filter((_, n) => keep(n)),
      dim,
    );
    return { ...planar(sum), magnitude: vectorNorm(sum) };
  };
  const split: PushSplit | null = batch.falseNegatives
    ? {
        falseNegatives: summed(isFalse),
        trueNegatives: summed(isTrue),
        count: arrows.filter((a) => a.falseNegative).length,
        coefficient: arrows.reduce((sum, a) => (a.falseNegative ? sum + a.coefficient : sum), 0),
      }
    : null;
  const autograd = gradient ? { ...planar(gradient), magnitude: vectorNorm(gradient) } : null;
  const mismatch =
    gradient && autograd && autograd.magnitude > 0
      ? vectorNorm(subtract(total, gradient)) / autograd.magnitude
      : Number.NaN;
  const pushTotal = others.reduce((sum, j, n) => (j === positive ? sum : sum + at(coefficients, n)), 0);
  const lengths = arrows.map((arrow) => Math.hypot(arrow.x, arrow.y));
  const pushExtent = Math.max(0, ...lengths.filter((_, n) => at(arrows, n).kind === 'push'));
  lengths.push(Math.hypot(resultant.x, resultant.y), autograd ? Math.hypot(autograd.x, autograd.y) : 0);
  if (split) {
    lengths.push(Math.hypot(split.falseNegatives.x, split.falseNegatives.y));
    lengths.push(Math.hypot(split.trueNegatives.x, split.trueNegatives.y));
  }
  return {
    ...base,
    arrows,
    resultant,
    split,
    autograd,
    mismatch,
    captured: full > 0 ? Math.min(1, shown / full) : 1,
    pushTotal,
    extent: Math.max(...lengths),
    pushExtent,
  };
}

// c_ij for every j: the anchor's own dl_i/ds_ij (autograd, per anchor), plus in 'pair' mode dl_j/ds_ji.
function coefficientOf(batch: Snapshot['batch'], i: number, terms: ForceTerms): (j: number) => number {
  const { rows, similarityGradient } = batch;
  const own = (anchor: number, j: number): number => at(similarityGradient, anchor * rows + j);
  return terms === 'own' ? (j) => own(i, j) : (j) => own(i, j) + own(j, i);
}

// Whether j's arrow on anchor i is a false negative's: j has i's class and is one of i's candidates, or, counting
// the pair, i is one of j's (a row without a loss of its own feels only the anchors' terms). Never with no mask.
function falseNegativeOf(batch: Snapshot['batch'], i: number, terms: ForceTerms): (j: number) => boolean {
  const { rows, falseNegatives: mask } = batch;
  if (!mask) return () => false;
  return terms === 'own'
    ? (j) => mask[i * rows + j] === 1
    : (j) => mask[i * rows + j] === 1 || mask[j * rows + i] === 1;
}

// The componentwise sum of dim-long vectors (the zero vector for none).
function sumOf(vectors: readonly Vector[], dim: number): number[] {
  const out = new Array<number>(dim).fill(0);
  for (const v of vectors) for (let k = 0; k < dim; k++) out[k] = (out[k] as number) + at(v, k);
  return out;
}

// -A * (g - (g.u) u) for the row's autograd g of the mean loss over A anchors (so it is in per-anchor units, like
// the arrows), or null when the row is missing or not finite.
function autogradOf(
  gradient: Float32Array,
  i: number,
  dim: number,
  anchors: number,
  u: Vector,
): number[] | null {
  if (gradient.length < (i + 1) * dim) return null;
  const g = Array.from(gradient.subarray(i * dim, (i + 1) * dim));
  if (!g.every(Number.isFinite)) return null;
  const radial = dot(g, u);
  return g.map((value, k) => -anchors * (value - radial * at(u, k)));
}

// The plane's axes for dim >= 3: e1 along the resultant (or the largest force when they cancel), e2 the
// tangent direction orthogonal to e1 carrying most of the remaining force (u x e1 in dimension 3).
function planeOf(u: Vector, total: Vector, forces: readonly Vector[]): { e1: number[]; e2: number[] } {
  const sizes = forces.map((f) => dot(f, f));
  const largest = Math.max(0, ...sizes);
  const start = dot(total, total) > 1e-12 * largest ? total : (forces[sizes.indexOf(largest)] ?? total);
  const e1 = orthonormalTo(start, [u]);
  if (u.length === 3) {
    const [u0, u1, u2] = u as [number, number, number];
    const [a0, a1, a2] = e1 as [number, number, number];
    return { e1, e2: [u1 * a2 - u2 * a1, u2 * a0 - u0 * a2, u0 * a1 - u1 * a0] };
  }
  // The forces with their e1 part removed (already tangent to u), and the direction that carries most of them,
  // estimated on the largest E2_SAMPLE residuals (they dominate the sum of squares; keeps dim 128 cheap). The
  // largest residual's sign decides which way is up.
  const dim = u.length;
  const sized = forces.map((f) => {
    const along = dot(f, e1);
    const r = f.map((value, k) => value - along * at(e1, k));
    return { r, size: dot(r, r) };
  });
  sized.sort((a, b) => b.size - a.size);
  const kept = sized.slice(0, E2_SAMPLE);
  const residual = new Float64Array(kept.length * dim);
  kept.forEach(({ r }, n) => {
    residual.set(r, n * dim);
  });
  const leading = leadingSubspace(residual, kept.length, dim, 1, null, kept.length).axes;
  const e2 = orthonormalTo(Array.from(leading), [u, e1]);
  const biggest = sized[0];
  return { e1, e2: biggest && dot(biggest.r, e2) < 0 ? e2.map((value) => -value) : e2 };
}

// v with its components along the (orthonormal) `against` vectors removed, normalised; a coordinate axis takes
// its place when v has nothing left (so the result is always a unit vector orthogonal to `against`).
function orthonormalTo(v: Vector, against: readonly Vector[]): number[] {
  const dim = v.length;
  for (let axis = -1; axis < dim; axis++) {
    let out = axis < 0 ? [...v] : v.map((_, k) => (k === axis ? 1 : 0));
    for (const a of against) {
      const along = dot(out, a);
      out = out.map((value, k) => value - along * at(a, k));
    }
    const norm = vectorNorm(out);
    if (norm > 1e-9) return out.map((value) => value / norm);
  }
  throw new Error(`invalid plane: no direction orthogonal to ${against.length} vectors in dim ${dim}`);
}

// Row j of row-major float32 rows as a float64 unit vector (the worker's rows are unit to float32 precision; a
// broken zero row stays zero rather than throwing inside a draw).
function unitRow(embeddings: Float32Array, j: number, dim: number): number[] {
  const v = Array.from(embeddings.subarray(j * dim, (j + 1) * dim));
  const norm = vectorNorm(v);
  return norm > 0 ? v.map((value) => value / norm) : v;
}

// Signed angle from u to v in the plane (dimension 2), in (-pi, pi], counter-clockwise positive.
function signedAngle(u: Vector, v: Vector): number {
  return Math.atan2(at(u, 0) * at(v, 1) - at(u, 1) * at(v, 0), dot(u, v));
}
