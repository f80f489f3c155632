// Small, self-consistent fake snapshot parts for the chart layout tests: a seeded random [a, a', b, b', ...]
// batch pushed through the core's float64 InfoNCE, stored in float32 like the engine's snapshot.

import { type InfoNceResult, infoNceUnsup } from '../../../src/core/contrastive';
import { createRng } from '../../../src/core/rng';
import type { BatchView, DisplaySet } from '../../../src/protocol/snapshot';

/** rows x dim Gaussian rows (not normalised), seeded. */
export function randomRows(rows: number, dim: number, seed: number): number[][] {
  const rng = createRng(seed, 'charts-test');
  return Array.from({ length: rows }, () => Array.from({ length: dim }, () => rng.normal()));
}

/**
 * The BatchView fields of InfoNCE's [a, a', b, b'] layout that depend only on its shape and its result: every
 * row an anchor with its own loss, every row but itself and its partner a candidate, nothing mined.
 */
export function infoNceLayoutFields(result: InfoNceResult, labels: Int32Array) {
  const rows = result.positiveIndex.length;
  const candidates = Uint8Array.from({ length: rows * rows }, (_, k) => {
    const i = Math.floor(k / rows);
    const j = k % rows;
    return j !== i && j !== (i ^ 1) ? 1 : 0;
  });
  return {
    anchors: rows,
    candidates,
    kept: candidates.slice(),
    anchorLoss: Float32Array.from(result.perAnchorLoss),
    minedNegative: new Int32Array(rows).fill(-1),
    negativesUsed: new Float32Array(rows).fill(rows - 2),
    hardestWeight: Float32Array.from({ length: rows }, (_, i) =>
      Math.max(...(result.r[i] ?? []).filter((_, j) => j !== i && j !== (i ^ 1))),
    ),
    extra: null,
    falseNegatives: sameClassCandidates(candidates, labels),
  };
}

/** rows x rows 0/1: the candidates that share their anchor's label (the engine's false-negative mask). */
export function sameClassCandidates(candidates: Uint8Array, labels: Int32Array): Uint8Array {
  const rows = labels.length;
  return candidates.map((c, k) => (c === 1 && labels[Math.floor(k / rows)] === labels[k % rows] ? 1 : 0));
}

/**
 * A BatchView of `pairs` pairs in `dim` dimensions at temperature tau: views a' = a + noise, classes = pair
 * index mod `classes`; r, dl/ds, N_eff and hardest negatives from core infoNceUnsup.
 */
export function fakeBatch(
  pairs: number,
  dim: number,
  tau: number,
  options: { seed?: number; classes?: number; noise?: number } = {},
): BatchView {
  const { seed = 1, classes = 4, noise = 0.3 } = options;
  const base = randomRows(pairs, dim, seed);
  const rng = createRng(seed, 'charts-test/views');
  const x = base.flatMap((a) => [a, a.map((v) => v + noise * rng.normal())]);
  const result = infoNceUnsup(x, tau);
  const rows = 2 * pairs;
  const flat = (m: number[][]) => Float32Array.from(m.flat());
  const labels = Int32Array.from({ length: rows }, (_, i) => (i >> 1) % classes);
  return {
    rows,
    dim,
    ...infoNceLayoutFields(result, labels),
    embeddings: flat(result.normalized),
    labels,
    positives: Int32Array.from(result.positiveIndex),
    similarity: flat(result.cos),
    negativeWeights: flat(result.r),
    similarityGradient: flat(result.dlds),
    embeddingGradient: flat(result.gradX),
    effectiveNegatives: Float32Array.from(result.effectiveNegatives),
    hardestNegative: Int32Array.from(result.hardestNegative),
  };
}

/** A display set of `rows` random unit vectors in R^dim (labels = row mod 4). */
export function fakeDisplay(rows: number, dim: number, seed = 2): DisplaySet {
  const embeddings = new Float32Array(rows * dim);
  randomRows(rows, dim, seed).forEach((row, i) => {
    const norm = Math.hypot(...row);
    row.forEach((v, c) => {
      embeddings[i * dim + c] = v / norm;
    });
  });
  return { rows, dim, embeddings, labels: Int32Array.from({ length: rows }, (_, i) => i % 4) };
}
