// Synthetic Gaussian clusters: K classes in R^D, the lab's fast default data set.
//
// Centre placement (why): the lab's claims about tolerance and uniformity need the classes equally far apart,
// so when K <= D + 1 the centres are the vertices of a REGULAR SIMPLEX with every pairwise distance exactly
// `separation`, in a random orientation (a random orthonormal (K-1)-frame in R^D, so no class is aligned with
// a coordinate axis). When K > D + 1 no regular simplex fits; the centres are then random unit directions
// scaled so the MEAN pairwise distance is `separation` (individual distances vary).
//
// Randomness: only the 'data' stream, split into the forks 'data/centres' and 'data/samples', so changing
// perClass or noise never moves the centres.

import { createRng, type Rng } from '../core/rng';
import type { Dataset } from './types';

/** Full configuration of the clusters data set. */
export interface ClustersConfig {
  /** Integer seed; the 'data' stream of it is used. */
  readonly seed: number;
  /** K, number of classes (integer >= 1). */
  readonly classes: number;
  /** D, dimension of the input space (integer >= 1). */
  readonly dim: number;
  /** Distance between class centres (exact for K <= D + 1, the mean otherwise); >= 0. */
  readonly separation: number;
  /** Standard deviation of the isotropic noise per coordinate; >= 0. */
  readonly noise: number;
  /** Samples per class (integer >= 1); rows = classes * perClass. */
  readonly perClass: number;
  /**
   * Zipf exponent of the class frequencies: class c (0-based) gets a share proportional to 1 / (c + 1)^skew of
   * the classes * perClass rows, at least MIN_PER_CLASS each; 0 = balanced. For sampling bias (logQ).
   */
  readonly skew: number;
}

/** Defaults that train visibly in seconds; K, D, separation and noise match SCIENCE.md's measured setup. */
export const CLUSTERS_DEFAULTS: Readonly<Omit<ClustersConfig, 'seed'>> = Object.freeze({
  classes: 8,
  dim: 32,
  separation: 3,
  noise: 1,
  perClass: 256,
  skew: 0,
});

/** Fewest rows a class keeps under skew, so that every class still reaches the train and test splits. */
export const MIN_PER_CLASS = 8;

/** Options of makeClusters: a seed plus any fields that differ from CLUSTERS_DEFAULTS. */
export type ClustersOptions = Readonly<Pick<ClustersConfig, 'seed'> & Partial<Omit<ClustersConfig, 'seed'>>>;

/** Limits that keep a typo in a config from allocating gigabytes. */
const MAX_CLASSES = 1024;
const MAX_DIM = 4096;
const MAX_VALUES = 1 << 26; // rows * dim floats (256 MiB of float32)

/** Fills defaults and throws `invalid <field>: <value>` on a bad field. */
function resolveConfig(options: ClustersOptions): ClustersConfig {
  const config: ClustersConfig = { ...CLUSTERS_DEFAULTS, ...options };
  const { seed, classes, dim, separation, noise, perClass, skew } = config;
  if (!Number.isFinite(skew) || skew < 0) throw new Error(`invalid skew: ${skew}`);
  if (!Number.isSafeInteger(seed)) throw new Error(`invalid seed: ${seed}`);
  if (!Number.isInteger(classes) || classes < 1 || classes > MAX_CLASSES) {
    throw new Error(`invalid classes: ${classes}`);
  }
  if (!Number.isInteger(dim) || dim < 1 || dim > MAX_DIM) throw new Error(`invalid dim: ${dim}`);
  if (!Number.isFinite(separation) || separation < 0) throw new Error(`invalid separation: ${separation}`);
  if (!Number.isFinite(noise) || noise < 0) throw new Error(`invalid noise: ${noise}`);
  if (!Number.isInteger(perClass) || perClass < 1 || classes * perClass * dim > MAX_VALUES) {
    throw new Error(`invalid perClass: ${perClass}`);
  }
  return config;
}

/** `count` random orthonormal vectors in R^dim (count <= dim), count x dim row-major float64. */
function randomOrthonormal(rng: Rng, count: number, dim: number): Float64Array {
  const basis = new Float64Array(count * dim);
  for (let m = 0; m < count; m++) {
    const row = basis.subarray(m * dim, (m + 1) * dim);
    // Modified Gram-Schmidt on a Gaussian draw; a draw (almost surely never) inside the span is redrawn.
    for (let attempt = 0; ; attempt++) {
      for (let j = 0; j < dim; j++) row[j] = rng.normal();
      for (let p = 0; p < m; p++) {
        const prev = basis.subarray(p * dim, (p + 1) * dim);
        let dot = 0;
        for (let j = 0; j < dim; j++) dot += (row[j] as number) * (prev[j] as number);
        for (let j = 0; j < dim; j++) row[j] = (row[j] as number) - dot * (prev[j] as number);
      }
      let norm = 0;
      for (let j = 0; j < dim; j++) norm += (row[j] as number) ** 2;
      norm = Math.sqrt(norm);
      if (norm > 1e-6) {
        for (let j = 0; j < dim; j++) row[j] = (row[j] as number) / norm;
        break;
      }
      if (attempt > 100) throw new Error(`invalid dim: ${dim}`); // unreachable unless count > dim
    }
  }
  return basis;
}

/** Regular simplex: K vertices, pairwise distance `separation`, centred at 0, in a random (K-1)-frame. */
function simplexCentres(rng: Rng, classes: number, dim: number, separation: number): Float64Array {
  const centres = new Float64Array(classes * dim);
  const frame = randomOrthonormal(rng, classes - 1, dim);
  // Vertex k = centred one-hot e_k - 1/K in R^K, whose coordinates in the Helmert basis of the plane
  // sum(x) = 0 are H[m][k], with H[m] = (1, ..., 1 (m times), -m, 0, ...) / sqrt(m (m + 1)), m = 1..K-1.
  // One-hots are sqrt(2) apart, hence the scale separation / sqrt(2).
  const scale = separation / Math.SQRT2;
  for (let k = 0; k < classes; k++) {
    for (let m = 1; m < classes; m++) {
      const h = k < m ? 1 : k === m ? -m : 0;
      if (h === 0) continue;
      const coord = (scale * h) / Math.sqrt(m * (m + 1));
      for (let j = 0; j < dim; j++) {
        const idx = k * dim + j;
        centres[idx] = (centres[idx] as number) + coord * (frame[(m - 1) * dim + j] as number);
      }
    }
  }
  return centres;
}

/** K random unit directions scaled so the mean pairwise distance is `separation` (K > D + 1). */
function randomCentres(rng: Rng, classes: number, dim: number, separation: number): Float64Array {
  const centres = new Float64Array(classes * dim);
  for (let k = 0; k < classes; k++) {
    const row = centres.subarray(k * dim, (k + 1) * dim);
    let norm = 0;
    do {
      norm = 0;
      for (let j = 0; j < dim; j++) {
        const z = rng.normal();
        row[j] = z;
        norm += z * z;
      }
    } while (norm < 1e-12);
    norm = Math.sqrt(norm);
    for (let j = 0; j < dim; j++) row[j] = (row[j] as number) / norm;
  }
  let total = 0;
  let pairs = 0;
  for (let a = 0; a < classes; a++) {
    for (let b = a + 1; b < classes; b++) {
      let sq = 0;
      for (let j = 0; j < dim; j++)
        sq += ((centres[a * dim + j] as number) - (centres[b * dim + j] as number)) ** 2;
      total += Math.sqrt(sq);
      pairs++;
    }
  }
  const mean = pairs > 0 ? total / pairs : 0;
  const scale = mean > 0 ? separation / mean : 0;
  for (let i = 0; i < centres.length; i++) centres[i] = (centres[i] as number) * scale;
  return centres;
}

/** Class centres of a clusters config: classes x dim, row-major (stream 'data/centres'). */
export function clusterCentres(options: ClustersOptions): Float32Array {
  const { seed, classes, dim, separation } = resolveConfig(options);
  const rng = createRng(seed, 'data').fork('centres');
  if (classes === 1) return new Float32Array(dim); // one class: centre at the origin
  const centres =
    classes <= dim + 1
      ? simplexCentres(rng, classes, dim, separation)
      : randomCentres(rng, classes, dim, separation);
  return Float32Array.from(centres);
}

/** Labels of `rows` rows with counts[c] of class c, dealt round robin over the classes with rows left. */
function interleavedLabels(counts: Int32Array, rows: number): Int32Array {
  const left = Int32Array.from(counts);
  const labels = new Int32Array(rows);
  for (let r = 0, c = 0; r < rows; c = (c + 1) % counts.length) {
    if ((left[c] as number) <= 0) continue;
    left[c] = (left[c] as number) - 1;
    labels[r++] = c;
  }
  return labels;
}

/** Class names A, B, C... (c26, c27... past Z). */
function clusterClassNames(classes: number): string[] {
  return Array.from({ length: classes }, (_, k) => (k < 26 ? String.fromCharCode(65 + k) : `c${k}`));
}

/**
 * Rows per class: perClass each when balanced; under skew the classes * perClass rows shared as Zipf weights
 * 1 / (c + 1)^skew (largest remainders), then raised to MIN_PER_CLASS where a share falls below it.
 */
export function classCounts(classes: number, perClass: number, skew: number): Int32Array {
  if (skew === 0) return new Int32Array(classes).fill(perClass);
  const total = classes * perClass;
  const weights = Array.from({ length: classes }, (_, c) => (c + 1) ** -skew);
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const counts = Int32Array.from(exact, Math.floor);
  const order = exact
    .map((x, c) => ({ c, rest: x - Math.floor(x) }))
    .sort((a, b) => b.rest - a.rest || a.c - b.c);
  let left = total - counts.reduce((a, b) => a + b, 0);
  for (const { c } of order) {
    if (left-- <= 0) break;
    counts[c] = (counts[c] as number) + 1;
  }
  return counts.map((count) => Math.max(MIN_PER_CLASS, count));
}

/**
 * K Gaussian classes in R^D: x = centre[label] + noise * N(0, I). Rows are interleaved by class, round robin
 * over the classes that have rows left (balanced: row r has label r mod K), so every prefix is as balanced as
 * the counts allow. features: rows x dim float32, row-major.
 */
export function makeClusters(options: ClustersOptions): Dataset {
  const config = resolveConfig(options);
  const { seed, classes, dim, noise, perClass, skew } = config;
  const centres = clusterCentres(config);
  const rng = createRng(seed, 'data').fork('samples');
  const counts = classCounts(classes, perClass, skew);
  const rows = counts.reduce((a, b) => a + b, 0);
  const features = new Float32Array(rows * dim);
  const labels = interleavedLabels(counts, rows);
  for (let r = 0; r < rows; r++) {
    const label = labels[r] as number;
    const base = r * dim;
    for (let j = 0; j < dim; j++) {
      features[base + j] = (centres[label * dim + j] as number) + noise * rng.normal();
    }
  }
  return {
    id: 'clusters',
    name: `Gaussian clusters (${classes} classes in ${dim} dimensions)`,
    features,
    labels,
    rows,
    dim,
    classes,
    classNames: clusterClassNames(classes),
  };
}
