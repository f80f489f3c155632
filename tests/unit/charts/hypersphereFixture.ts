// Synthetic snapshots for the hypersphere and forces layout tests: a seeded [a, a', b, b', ...] batch whose
// softmax, relative weights and gradients come from core's float64 InfoNCE, so they are mutually consistent.

import { infoNceUnsup } from '../../../src/core/contrastive';
import { normalizeRows } from '../../../src/core/linalg';
import { pairHistograms } from '../../../src/core/pairHistograms';
import { createRng, type Rng } from '../../../src/core/rng';
import type { Snapshot } from '../../../src/protocol/snapshot';
import { infoNceLayoutFields } from './fakeBatch';

/** Options of fakeSnapshot. */
export interface FakeSnapshotOptions {
  /** pairs N (the batch has 2N rows); default 4 */
  readonly pairs?: number;
  readonly dim: number;
  readonly tau?: number;
  /** held-out display rows; default 64 */
  readonly displayRows?: number;
  /** classes of the display set and batch; default 3 */
  readonly classes?: number;
  /** add this multiple of u_i to each embedding-gradient row (a radial part the layout must ignore) */
  readonly radial?: number;
  readonly seed?: number;
}

/** Unit rows around a few class centres: rows x dim. */
export function clusteredRows(
  rng: Rng,
  rows: number,
  dim: number,
  classes: number,
  spread = 0.4,
): number[][] {
  const centres = Array.from({ length: classes }, () => Array.from({ length: dim }, () => rng.normal()));
  return normalizeRows(
    Array.from({ length: rows }, (_, i) =>
      (centres[i % classes] as number[]).map((value) => value + spread * rng.normal()),
    ),
  ).unit;
}

/** A snapshot whose batch view is core's InfoNCE on a seeded batch (positives close to their anchors). */
export function fakeSnapshot(options: FakeSnapshotOptions): Snapshot {
  const { dim, pairs = 4, tau = 0.5, displayRows = 64, classes = 3, radial = 0 } = options;
  const rng = createRng(options.seed ?? 7, 'fixture');
  const anchors = clusteredRows(rng, pairs, dim, classes);
  // [a, a', b, b']: each second view a small perturbation of the first.
  const raw = anchors.flatMap((a) => [a, a.map((value) => value + 0.15 * rng.normal())]);
  const result = infoNceUnsup(raw, tau);
  const rows = 2 * pairs;
  const flat = (m: readonly (readonly number[])[]) => Float32Array.from(m.flat());
  const embeddingGradient = result.gradX.map((g, i) => {
    const u = result.normalized[i] as number[];
    // gradX is w.r.t. the raw rows; times the norm it is the (tangential) gradient w.r.t. the unit rows.
    const norm = result.norms[i] as number;
    return g.map((value, k) => value * norm + radial * (u[k] as number));
  });
  const display = clusteredRows(rng, displayRows, dim, classes);
  const batchLabels = Int32Array.from({ length: rows }, (_, i) => (i >> 1) % classes);
  const snapshot = {
    runId: 1,
    modelId: 1,
    step: 10,
    stepsPerSecond: 50,
    backend: 'cpu',
    tensors: 0,
    loss: result.loss,
    lossId: 'infonce',
    tau,
    weightForm: { kind: 'softmax', tau, minedLogWeight: 0 },
    alignment: 0,
    uniformity: 0,
    tolerance: 0,
    knnAccuracy: 0,
    stsSpearman: null,
    lengthBias: null,
    effectiveRank: 1,
    effectiveNegatives: 1,
    negativesUsed: 1,
    hardestWeight: 1,
    falseNegatives: null,
    display: {
      rows: displayRows,
      dim,
      embeddings: flat(display),
      labels: Int32Array.from({ length: displayRows }, (_, i) => i % classes),
    },
    batch: {
      rows,
      dim,
      ...infoNceLayoutFields(result, batchLabels),
      embeddings: flat(result.normalized),
      labels: batchLabels,
      positives: Int32Array.from(result.positiveIndex),
      similarity: flat(result.cos),
      negativeWeights: flat(result.r),
      similarityGradient: flat(result.dlds),
      embeddingGradient: flat(embeddingGradient),
      effectiveNegatives: Float32Array.from(result.effectiveNegatives),
      hardestNegative: Int32Array.from(result.hardestNegative),
    },
  } as const;
  return { ...snapshot, histograms: pairHistograms(snapshot.display, snapshot.batch) };
}

/** A snapshot with `displayRows` display points and a 2N-row batch where only the embeddings matter (timing). */
export function largeSnapshot(dim: number, displayRows: number, pairs: number): Snapshot {
  const small = fakeSnapshot({ dim, pairs: 2, displayRows: 4 });
  const rng = createRng(11, 'large');
  const rows = 2 * pairs;
  const display = clusteredRows(rng, displayRows, dim, 8, 0.6);
  const batch = clusteredRows(rng, rows, dim, 8, 0.6);
  return {
    ...small,
    display: {
      rows: displayRows,
      dim,
      embeddings: Float32Array.from(display.flat()),
      labels: Int32Array.from({ length: displayRows }, (_, i) => i % 8),
    },
    batch: {
      ...small.batch,
      rows,
      embeddings: Float32Array.from(batch.flat()),
      labels: Int32Array.from({ length: rows }, (_, i) => (i >> 1) % 8),
      positives: Int32Array.from({ length: rows }, (_, i) => i ^ 1),
      hardestNegative: Int32Array.from({ length: rows }, (_, i) => (i + 2) % rows),
    },
  };
}

/** A snapshot around `batch` (an InfoNCE batch at temperature tau, such as fakeBatch's). */
export function snapshotOfBatch(batch: Snapshot['batch'], tau: number): Snapshot {
  const base = fakeSnapshot({ dim: batch.dim, pairs: 2, displayRows: 4 });
  return { ...base, tau, weightForm: { kind: 'softmax', tau, minedLogWeight: 0 }, batch };
}
