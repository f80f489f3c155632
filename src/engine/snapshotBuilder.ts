import * as tf from '@tensorflow/tfjs-core';
import { effectiveRank, knnVoteAccuracy, toleranceByClassSums } from '../core/geometry';
import { summariseWeights } from '../core/negativeWeights';
import { pairHistograms } from '../core/pairHistograms';
import type { BackendName } from '../protocol/config';
import type { BatchView, Snapshot } from '../protocol/snapshot';
import { matMulTransposeB, normalizeRows, oneHotFloat } from './lossParts';
import type { MatrixPool } from './matrixPool';
import {
  type BatchRows,
  MAX_VIEW_ROWS,
  objectiveFor,
  truncatePlan,
  viewRowsPerPair,
  weightFormOf,
} from './objective';
import type { Run } from './run';

/** Neighbours the kNN accuracy votes with. */
const KNN_K = 5;
/** Below this share of an anchor's largest |dl/ds|, its candidates' summed push is float32 noise. */
const PUSH_NOISE = 1e-3;
/** Uniformity's t (Wang & Isola's default). */
const UNIFORMITY_T = 2;

/** What the trainer adds to a snapshot that the run itself does not know. */
export interface SnapshotMeta {
  readonly runId: number;
  /** the trainer's number for the run's current model (Snapshot.modelId) */
  readonly modelId: number;
  readonly backend: BackendName;
  readonly stepsPerSecond: number;
  /** loss of the latest training step, or null before the first step */
  readonly lastLoss: number | null;
}

/**
 * Builds a snapshot of a run: embeds the display set (no dropout), re-runs the latest batch with its dropout
 * masks, takes autograd gradients of the objective's loss with respect to the batch's embeddings and
 * similarities (from which each negative's weight under that objective comes), and
 * reads everything back in one batched async read. Never called in the hot loop, only at snapshot cadence.
 * The batch's rows x rows matrices are copied into `matrices`' buffers, which the page hands back for reuse.
 */
export async function buildSnapshot(
  run: Run,
  meta: SnapshotMeta,
  matrices: MatrixPool | null = null,
): Promise<Snapshot> {
  const { config, data } = run;
  const objective = objectiveFor(config.loss);
  const pairs = Math.floor(MAX_VIEW_ROWS / viewRowsPerPair(config.loss));
  const plan = truncatePlan(run.lastPlan ?? run.previewPlan(), pairs);
  // The shown rows' index arrays stay out of tidy's result: tidy walks everything it returns, key by key.
  let shown!: { positives: Int32Array; anchorRows: Int32Array; columns: Int32Array };
  const onDevice = tf.tidy(() => {
    const display = normalizeRows(run.model.embed(data.displayX));
    const reference = normalizeRows(run.model.embed(data.referenceX));
    // Uniformity on the strided metric subset: log of the mean over pairs i != j of exp(-t ||u_i - u_j||^2),
    // with ||u_i - u_j||^2 = 2 - 2 s_ij; the diagonal's exp(0) = 1 terms are subtracted.
    const metric = tf.gather(display, data.metricIndex) as tf.Tensor2D;
    const similarity = matMulTransposeB(metric, metric);
    const kernel = tf.exp(tf.mul(tf.sub(similarity, 1), 2 * UNIFORMITY_T));
    const n = data.metricLabels.length;
    const offDiagonalSum = tf.sub(tf.sum(kernel), n);
    const uniformity = tf.log(tf.div(offDiagonalSum, n * (n - 1)));
    const neighbours = tf.topk(
      matMulTransposeB(metric, reference),
      Math.min(KNN_K, data.reference.rows),
    ).indices;

    const view = objective.view(run.context, plan);
    const unit = normalizeRows(view.rows);
    shown = { positives: view.positives, anchorRows: view.anchorRows, columns: view.columns };
    return {
      display,
      uniformity,
      neighbours,
      unit,
      rowGradient: tf.grad((u) => view.lossOfRows(u as tf.Tensor2D))(unit),
      viewLoss: view.lossOfRows(unit),
      labels: view.labels,
      mined: view.mined ?? tf.fill([view.anchorRows.length], -1, 'int32'),
      ...objectiveWeights(view, unit),
    };
  });
  const { positives, anchorRows, columns } = shown;
  const tensors = [
    onDevice.display,
    onDevice.uniformity,
    onDevice.neighbours,
    onDevice.unit,
    onDevice.similarity,
    onDevice.rowGradient,
    onDevice.similarityGradient,
    onDevice.viewLoss,
    onDevice.weights,
    onDevice.candidates,
    onDevice.anchorLosses,
    onDevice.labels,
    onDevice.mined,
  ];
  let values: tf.TypedArray[];
  try {
    values = await Promise.all(tensors.map((t) => t.data()));
  } finally {
    tf.dispose(tensors);
  }
  const [
    displayEmb,
    uniformity,
    neighbours,
    batchEmb,
    batchSim,
    rowGrad,
    simGrad,
    viewLoss,
    r,
    candidateFlags,
    anchorLosses,
    labels,
    minedColumns,
  ] = values as [
    Float32Array,
    Float32Array,
    Int32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Int32Array,
    Int32Array,
  ];
  const dim = config.dim;
  const rows = positives.length;
  const anchorLoss = new Float32Array(rows).fill(Number.NaN);
  const minedNegative = new Int32Array(rows).fill(-1);
  anchorRows.forEach((row, a) => {
    anchorLoss[row] = anchorLosses[a] as number;
    const column = minedColumns[a] as number;
    if (column >= 0) minedNegative[row] = columns[column] as number;
  });
  const candidates = Uint8Array.from(candidateFlags);
  const { effectiveNegatives, hardestNegative } = summariseWeights(rows, r, candidates, batchSim, (i) =>
    Number.isFinite(anchorLoss[i]),
  );
  const pooled = (matrix: Float32Array) => (matrices ? matrices.copy(matrix) : matrix);
  const display = {
    rows: data.display.rows,
    dim,
    embeddings: displayEmb,
    labels: Int32Array.from(data.display.labels),
  };
  const batch: BatchView = {
    rows,
    dim,
    anchors: anchorRows.length,
    embeddings: batchEmb,
    labels,
    positives,
    similarity: pooled(batchSim),
    negativeWeights: pooled(r),
    similarityGradient: pooled(simGrad),
    candidates,
    anchorLoss,
    minedNegative,
    embeddingGradient: rowGrad,
    effectiveNegatives,
    hardestNegative,
  };
  return {
    runId: meta.runId,
    modelId: meta.modelId,
    step: run.step,
    stepsPerSecond: meta.stepsPerSecond,
    backend: meta.backend,
    tensors: tf.memory().numTensors,
    loss: meta.lastLoss ?? (viewLoss[0] as number),
    lossId: config.loss,
    tau: config.tau,
    weightForm: weightFormOf(config),
    alignment: alignment(batchEmb, positives, dim),
    uniformity: uniformity[0] as number,
    tolerance: toleranceByClassSums(displayEmb, data.display.labels, dim),
    knnAccuracy: knnVoteAccuracy(
      neighbours,
      Math.min(KNN_K, data.reference.rows),
      data.reference.labels,
      data.metricLabels,
    ),
    effectiveRank: effectiveRank(displayEmb, dim),
    effectiveNegatives: meanOfFinite(effectiveNegatives),
    display,
    batch,
    histograms: pairHistograms(display, batch),
  };
}

/**
 * The objective's own weights on the shown rows, on the backend. S = U U^T (R x R); each anchor's loss is
 * taken of its A x C block of S (one-hot row and column picks, so autograd maps back onto S), and
 * dl_a/ds_aj = d(sum of the anchors' losses)/dS: row a holds anchor a's own derivatives, a non-anchor row 0.
 * r_aj is that derivative over the anchor's candidates, divided by their sum; an anchor whose candidates' summed
 * push is below PUSH_NOISE of its largest |derivative| gets none (DCL's floor leaves float32 noise of ~1e-7 there,
 * which divided by its own sum would look like real weights; a real push is at least ~(1 - tau+) of the pull).
 * Returns R x R similarity, gradient, weights and 0/1 candidates, and the A anchors' losses.
 */
function objectiveWeights(view: BatchRows, unit: tf.Tensor2D) {
  const rows = unit.shape[0];
  const pickAnchors = oneHotFloat(tf.tensor1d(view.anchorRows, 'int32'), rows);
  const pickColumns = oneHotFloat(tf.tensor1d(view.columns, 'int32'), rows);
  const blockOf = (matrix: tf.Tensor2D) => matMulTransposeB(tf.matMul(pickAnchors, matrix), pickColumns);
  // A x C back to R x R: P_A^T block P_C.
  const spread = (block: tf.Tensor2D) => tf.matMul(tf.matMul(pickAnchors, block, true), pickColumns);
  const similarity = matMulTransposeB(unit, unit);
  const lossesOf = (s: tf.Tensor2D) => view.lossesOfBlock(blockOf(s));
  const similarityGradient = tf.grad((s) => tf.sum(lossesOf(s as tf.Tensor2D)))(similarity) as tf.Tensor2D;
  const blockGradient = blockOf(similarityGradient);
  const pushes = tf.mul(blockGradient, view.candidates);
  const total = tf.sum(pushes, 1, true);
  const pushing = tf.greater(total, tf.mul(tf.max(tf.abs(blockGradient), 1, true), PUSH_NOISE));
  const weights = tf.where(pushing, tf.div(pushes, total), tf.zerosLike(pushes));
  return {
    similarity,
    similarityGradient,
    weights: spread(weights as tf.Tensor2D),
    candidates: spread(view.candidates),
    anchorLosses: lossesOf(similarity),
  };
}

/** Wang & Isola alignment (alpha = 2): mean over positive pairs of ||u_i - u_pos(i)||^2, each pair once. */
function alignment(unit: Float32Array, positives: Int32Array, dim: number): number {
  let sum = 0;
  let pairs = 0;
  positives.forEach((j, i) => {
    if (j <= i) return;
    let d2 = 0;
    for (let c = 0; c < dim; c++) d2 += ((unit[i * dim + c] as number) - (unit[j * dim + c] as number)) ** 2;
    sum += d2;
    pairs++;
  });
  return pairs > 0 ? sum / pairs : 0;
}

/** Mean of the finite entries (the anchors' values; non-anchor rows hold NaN), 0 when there are none. */
function meanOfFinite(values: Float32Array): number {
  let sum = 0;
  let count = 0;
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    sum += value;
    count++;
  }
  return count === 0 ? 0 : sum / count;
}
