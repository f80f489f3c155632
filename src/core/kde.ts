// Kernel density of angles on the circle, for dimension 2: Wang & Isola (2020) draw each class's density of
// angles around the unit circle to show how uniformly the embedding covers it. Pure maths, no DOM.
//
// Method: the angles are binned onto a regular grid of `bins` points (linear binning: each angle splits its mass
// between the two grid points around it), then the grid is convolved circularly with a von Mises kernel
// exp(kappa (cos(delta) - 1)) sampled on the same grid and normalised to sum 1 there. So every angle contributes
// exactly 1/n of the mass whatever kappa is (a kernel narrower than a bin degrades to the binned histogram, it
// never loses mass), the Riemann sum of the result is exactly 1, and the cost is O(n + bins * support), not
// O(n * bins) exponentials.

import { assertPositiveFinite } from './linalg';

/** Kernel entries below this fraction of the peak are dropped (they change no pixel). */
const KERNEL_CUTOFF = 1e-9;

/**
 * Density of `angles` (radians, any range: taken mod 2 pi) on the circle, sampled at theta_b = 2 pi b / bins for
 * b = 0..bins-1, in 1/radian: sum_b density[b] * (2 pi / bins) = 1. `concentration` is the von Mises kappa of
 * the kernel (about 1 / bandwidth^2 in radians: 50 gives a kernel about 8 degrees wide). Empty input gives
 * all zeros; non-finite angles are skipped. Throws `invalid bins` / `invalid concentration` on bad arguments.
 */
export function angleDensity(angles: ArrayLike<number>, bins: number, concentration: number): Float64Array {
  if (!(Number.isInteger(bins) && bins >= 1)) throw new Error(`invalid bins: ${bins}`);
  assertPositiveFinite(concentration, 'concentration');
  const step = (2 * Math.PI) / bins;
  const histogram = new Float64Array(bins);
  let count = 0;
  for (let k = 0; k < angles.length; k++) {
    const angle = angles[k] as number;
    if (!Number.isFinite(angle)) continue;
    const position = wrapAngle(angle) / step; // in [0, bins]
    const lower = Math.floor(position);
    const fraction = position - lower;
    histogram[lower % bins] = (histogram[lower % bins] as number) + (1 - fraction);
    histogram[(lower + 1) % bins] = (histogram[(lower + 1) % bins] as number) + fraction;
    count++;
  }
  const density = new Float64Array(bins);
  if (count === 0) return density;
  const kernel = vonMisesKernel(bins, concentration);
  const support = kernel.length - 1; // kernel[m] is the weight at offset +-m bins
  const scale = 1 / (count * step);
  for (let source = 0; source < bins; source++) {
    const mass = histogram[source] as number;
    if (mass === 0) continue;
    const weight = mass * scale;
    density[source] = (density[source] as number) + weight * (kernel[0] as number);
    for (let m = 1; m <= support; m++) {
      const w = weight * (kernel[m] as number);
      const up = (source + m) % bins;
      density[up] = (density[up] as number) + w;
      if (2 * m === bins) continue; // the opposite point of an even grid: one point, added once
      const down = (source - m + bins) % bins;
      density[down] = (density[down] as number) + w;
    }
  }
  return density;
}

/** An angle in radians mapped to [0, 2 pi). */
export function wrapAngle(angle: number): number {
  const turn = 2 * Math.PI;
  const wrapped = angle - turn * Math.floor(angle / turn);
  return wrapped >= turn ? 0 : wrapped; // -1e-17 wraps to 2 pi in floating point
}

// Half of a symmetric von Mises kernel on a grid of `bins` points: entry m is the weight at offset +-m bins
// (m = 0..bins/2; on an even grid the offset bins/2 is one point, counted once), normalised so that the full
// circular kernel sums to 1. Truncated where it falls below KERNEL_CUTOFF of the peak.
function vonMisesKernel(bins: number, concentration: number): Float64Array {
  const step = (2 * Math.PI) / bins;
  const values: number[] = [1];
  let total = 1;
  for (let m = 1; 2 * m <= bins; m++) {
    // exp(kappa (cos - 1)) peaks at 1: no overflow for any kappa, unlike exp(kappa cos) / I0(kappa).
    const value = Math.exp(concentration * (Math.cos(m * step) - 1));
    if (value < KERNEL_CUTOFF) break;
    values.push(value);
    total += 2 * m === bins ? value : 2 * value;
  }
  return Float64Array.from(values, (value) => value / total);
}
