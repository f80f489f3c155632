// Dense float64 linear algebra on row-major nested arrays: the reference maths behind every loss and metric.
// Functions never mutate their inputs and always return fresh arrays.

/** A row of numbers (a vector in R^d). */
export type Vector = readonly number[];
/** Row-major matrix: `m[i][j]` is row i, column j, like the oracle's JSON. */
export type Matrix = readonly Vector[];

/** `values[index]`, throwing instead of yielding undefined (keeps noUncheckedIndexedAccess honest without `!`). */
export function at<T>(values: ArrayLike<T>, index: number): T {
  const value = values[index];
  if (value === undefined) throw new RangeError(`invalid index: ${index}`);
  return value;
}

/** Throws `invalid <name>: <value>` unless value is a finite number > 0 (temperatures, scales). */
export function assertPositiveFinite(value: number, name: string): void {
  if (!(Number.isFinite(value) && value > 0)) throw new Error(`invalid ${name}: ${value}`);
}

/** Checks a matrix is non-empty, rectangular and finite; returns its column count. Throws `invalid <name>: ...`. */
export function assertMatrix(m: Matrix, name: string): number {
  if (m.length === 0) throw new Error(`invalid ${name}: no rows`);
  const cols = at(m, 0).length;
  if (cols === 0) throw new Error(`invalid ${name}: no columns`);
  m.forEach((row, i) => {
    if (row.length !== cols)
      throw new Error(`invalid ${name}: row ${i} has length ${row.length}, not ${cols}`);
    if (!row.every(Number.isFinite)) throw new Error(`invalid ${name}: row ${i} is not finite`);
  });
  return cols;
}

/** Builds a rows x cols matrix from row-major data (e.g. a Float32Array snapshot from the worker). */
export function matrixFromRowMajor(data: ArrayLike<number>, rows: number, cols: number): number[][] {
  if (!(Number.isInteger(rows) && rows >= 0)) throw new Error(`invalid rows: ${rows}`);
  if (!(Number.isInteger(cols) && cols >= 0)) throw new Error(`invalid cols: ${cols}`);
  if (data.length !== rows * cols)
    throw new Error(`invalid data length: ${data.length} (want ${rows * cols})`);
  return Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => at(data, i * cols + j)),
  );
}

/** Flattens a matrix row-major into a Float64Array (the inverse of matrixFromRowMajor). */
export function matrixToRowMajor(m: Matrix): Float64Array {
  return Float64Array.from(m.flat());
}

/** Arithmetic mean of a non-empty list. */
export function mean(values: Vector): number {
  if (values.length === 0) throw new Error('invalid values: empty');
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Sum over k of a[k] * b[k]; the vectors must have the same length. */
export function dot(a: Vector, b: Vector): number {
  if (a.length !== b.length) throw new Error(`invalid vector lengths: ${a.length} vs ${b.length}`);
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += at(a, k) * at(b, k);
  return sum;
}

/** Euclidean norm, scaled by the largest entry so that tiny (1e-200) or huge (1e200) rows neither under- nor overflow. */
export function vectorNorm(v: Vector): number {
  let largest = 0;
  for (const value of v) largest = Math.max(largest, Math.abs(value));
  if (largest === 0 || !Number.isFinite(largest)) return largest;
  let sum = 0;
  for (const value of v) sum += (value / largest) ** 2;
  return largest * Math.sqrt(sum);
}

/** a - b, element-wise. */
export function subtract(a: Vector, b: Vector): number[] {
  if (a.length !== b.length) throw new Error(`invalid vector lengths: ${a.length} vs ${b.length}`);
  return a.map((value, k) => value - at(b, k));
}

/** Rows divided by their L2 norms, plus the norms.
 * Policy: a row with zero norm has no direction, so it is refused with exactly
 * `invalid embedding: row i has zero norm` (i = row index) rather than producing NaN; a row with a
 * non-finite entry is refused with `invalid embedding: row i is not finite`. */
export function normalizeRows(x: Matrix): { unit: number[][]; norms: number[] } {
  const norms = x.map((row, i) => {
    if (!row.every(Number.isFinite)) throw new Error(`invalid embedding: row ${i} is not finite`);
    const norm = vectorNorm(row);
    if (norm === 0) throw new Error(`invalid embedding: row ${i} has zero norm`);
    return norm;
  });
  const unit = x.map((row, i) => {
    const norm = at(norms, i);
    return row.map((value) => value / norm);
  });
  return { unit, norms };
}

/** One vector divided by its L2 norm (same zero-norm policy as normalizeRows, reported as row 0). */
export function normalizeVector(v: Vector): { unit: number[]; norm: number } {
  const { unit, norms } = normalizeRows([v]);
  return { unit: at(unit, 0), norm: at(norms, 0) };
}

/** a.length x b.length matrix of dot products a_i . b_j (rows of equal width). */
export function gram(a: Matrix, b: Matrix): number[][] {
  return a.map((ai) => b.map((bj) => dot(ai, bj)));
}

/** a.length x b.length cosine matrix cos(a_i, b_j) in [-1, 1]; the rows are L2-normalised first. */
export function cosineMatrix(a: Matrix, b: Matrix = a): number[][] {
  const ua = normalizeRows(a).unit;
  return gram(ua, b === a ? ua : normalizeRows(b).unit);
}

/** Matrix product a (n x m) times b (m x p). */
export function matMul(a: Matrix, b: Matrix): number[][] {
  const cols = b.length === 0 ? 0 : at(b, 0).length;
  return a.map((row) => {
    if (row.length !== b.length) throw new Error(`invalid matrix shapes: ${row.length} vs ${b.length}`);
    const out = new Array<number>(cols).fill(0);
    row.forEach((aik, k) => {
      if (aik === 0) return;
      const bk = at(b, k);
      for (let j = 0; j < cols; j++) out[j] = at(out, j) + aik * at(bk, j);
    });
    return out;
  });
}

/** Transpose of an n x m matrix (m x n). */
export function transpose(m: Matrix): number[][] {
  const cols = m.length === 0 ? 0 : at(m, 0).length;
  return Array.from({ length: cols }, (_, j) => m.map((row) => at(row, j)));
}

/** Element-wise a + b of two matrices of the same shape. */
export function addMatrices(a: Matrix, b: Matrix): number[][] {
  return a.map((row, i) => {
    const other = at(b, i);
    return row.map((value, j) => value + at(other, j));
  });
}

/** Every entry multiplied by factor. */
export function scaleMatrix(m: Matrix, factor: number): number[][] {
  return m.map((row) => row.map((value) => value * factor));
}

/** Largest |a - b| over all entries of two vectors or matrices of the same shape (0 when empty). */
export function maxAbsDifference(a: Vector | Matrix, b: Vector | Matrix): number {
  const flatA = (a as readonly (number | Vector)[]).flat();
  const flatB = (b as readonly (number | Vector)[]).flat();
  if (flatA.length !== flatB.length)
    throw new Error(`invalid shapes: ${flatA.length} vs ${flatB.length} entries`);
  return flatA.reduce((worst, value, k) => Math.max(worst, Math.abs(value - at(flatB, k))), 0);
}

/** log(sum exp(v)) with the max subtracted, so logits of 1e4 (tau = 1e-4) stay finite. -Infinity entries
 * (masked logits) contribute exactly nothing; all masked gives -Infinity. */
export function logSumExp(values: Vector): number {
  const { largest, shiftedSum } = shiftedExponentials(values);
  return largest + Math.log(shiftedSum);
}

/** Probabilities exp(v) / sum exp(v) summing to 1; masked (-Infinity) entries get exactly 0 (not all of them). */
export function softmax(values: Vector): number[] {
  const { exponentials, shiftedSum } = shiftedExponentials(values);
  if (shiftedSum === 0) throw new Error(`invalid logits: ${values.join(',')}`);
  return exponentials.map((e) => e / shiftedSum);
}

/** Cross-entropy -log softmax(logits)[label], computed as logSumExp - logit so it never takes log(0). */
export function softmaxCrossEntropy(
  logits: Vector,
  label: number,
): { loss: number; probabilities: number[] } {
  const { largest, exponentials, shiftedSum } = shiftedExponentials(logits);
  if (shiftedSum === 0) throw new Error(`invalid logits: ${logits.join(',')}`);
  return {
    loss: largest + Math.log(shiftedSum) - at(logits, label),
    probabilities: exponentials.map((e) => e / shiftedSum),
  };
}

// exp(v - max v) and their sum (>= 1 unless every entry is -Infinity), the core of every stable softmax here.
function shiftedExponentials(values: Vector): {
  largest: number;
  exponentials: number[];
  shiftedSum: number;
} {
  let largest = Number.NEGATIVE_INFINITY;
  for (const value of values) largest = Math.max(largest, value);
  if (largest === Number.NEGATIVE_INFINITY) return { largest, exponentials: [], shiftedSum: 0 };
  const exponentials = values.map((value) => Math.exp(value - largest));
  return { largest, exponentials, shiftedSum: exponentials.reduce((sum, e) => sum + e, 0) };
}

/** log(exp(a) + exp(b)) without overflow. */
export function logAddExp(a: number, b: number): number {
  const largest = Math.max(a, b);
  if (largest === Number.NEGATIVE_INFINITY) return largest;
  return largest + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** Entropy -sum p log p in nats of a probability vector; zero entries contribute 0 (their limit). */
export function entropy(probabilities: Vector): number {
  let sum = 0;
  // An indexed loop: for-of over arrays of changing element kinds (small ints, doubles) made V8 deoptimise.
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i] as number;
    if (p > 0) sum -= p * Math.log(p);
  }
  return sum;
}

/** Back-propagates through u = x / ||x|| row-wise: dL/dx = (g - (g.u) u) / ||x||, only the tangential part. */
export function backpropNormalize(unit: Matrix, norms: Vector, gradUnit: Matrix): number[][] {
  return gradUnit.map((g, i) => {
    const u = at(unit, i);
    const radial = dot(g, u);
    const norm = at(norms, i);
    return g.map((gk, k) => (gk - radial * at(u, k)) / norm);
  });
}

/**
 * Eigen-decomposition of a symmetric n x n matrix by cyclic Jacobi rotations (exact to rounding, fine for the
 * small dimensions of the lab). Eigenvalues descending; vectors[k] is the unit eigenvector of values[k].
 */
export function symmetricEigen(m: Matrix): { values: number[]; vectors: number[][] } {
  const n = m.length;
  const a = m.map((row) => {
    if (row.length !== n) throw new Error(`invalid matrix: ${n} rows but a row of length ${row.length}`);
    return [...row];
  });
  const v = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const get = (i: number, j: number): number => at(at(a, i), j);
  for (let sweep = 0; sweep < 100; sweep++) {
    let offDiagonal = 0;
    let diagonal = 0;
    for (let i = 0; i < n; i++) {
      diagonal += get(i, i) ** 2;
      for (let j = i + 1; j < n; j++) offDiagonal += get(i, j) ** 2;
    }
    if (offDiagonal <= 1e-30 * diagonal || offDiagonal === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = get(p, q);
        if (apq === 0) continue;
        const theta = (get(q, q) - get(p, p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotate(a, v, p, q, c, s);
      }
    }
  }
  const order = Array.from({ length: n }, (_, k) => k).sort((i, j) => get(j, j) - get(i, i));
  return {
    values: order.map((k) => get(k, k)),
    vectors: order.map((k) => v.map((row) => at(row, k))),
  };
}

// One Jacobi rotation in the (p, q) plane: a <- J^T a J, v <- v J.
function rotate(a: number[][], v: number[][], p: number, q: number, c: number, s: number): void {
  const n = a.length;
  for (let k = 0; k < n; k++) {
    const row = at(a, k);
    const akp = at(row, p);
    const akq = at(row, q);
    row[p] = c * akp - s * akq;
    row[q] = s * akp + c * akq;
  }
  const rowP = at(a, p);
  const rowQ = at(a, q);
  for (let k = 0; k < n; k++) {
    const apk = at(rowP, k);
    const aqk = at(rowQ, k);
    rowP[k] = c * apk - s * aqk;
    rowQ[k] = s * apk + c * aqk;
  }
  for (const row of v) {
    const vkp = at(row, p);
    const vkq = at(row, q);
    row[p] = c * vkp - s * vkq;
    row[q] = s * vkp + c * vkq;
  }
}
