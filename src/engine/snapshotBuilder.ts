import * as tf from '@tensorflow/tfjs-core';
import { effectiveRank, knnVoteAccuracy, toleranceByClassSums } from '../core/geometry';
import { pairHistograms } from '../core/pairHistograms';
import type { BackendName } from '../protocol/config';
import type { BatchView, Snapshot } from '../protocol/snapshot';
import { infoNceWeights } from './losses';
import { matMulTransposeB, normalizeRows } from './lossParts';
import type { MatrixPool } from './matrixPool';
import { MAX_VIEW_PAIRS, objectiveFor, truncatePlan } from './objective';
import type { Run } from './run';

/** Neighbours the kNN accuracy votes with. */
const KNN_K = 5;
/** Uniformity's t (Wang & Isola's default). */
const UNIFORMITY_T = 2;

/** What the trainer adds to a snapshot that the run itself does not know. */
export interface SnapshotMeta {
  readonly runId: number;
  readonly backend: BackendName;
  readonly stepsPerSecond: number;
  /** loss of the latest training step, or null before the first step */
  readonly lastLoss: number | null;
}

/**
 * Builds a snapshot of a run: embeds the display set (no dropout), re-runs the latest batch with its dropout
 * masks, takes autograd gradients of the loss with respect to the batch's embeddings and similarities, and
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
  const plan = truncatePlan(run.lastPlan ?? run.previewPlan(), MAX_VIEW_PAIRS);
  // The shown rows' index arrays stay out of tidy's result: tidy walks everything it returns, key by key.
  let shown!: { positives: Int32Array; labels: Int32Array; hasSimilarityGradient: boolean };
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
    const batchSimilarity = matMulTransposeB(unit, unit);
    const rowGradient = tf.grad((u) => view.lossOfRows(u as tf.Tensor2D))(unit);
    const lossOfSimilarity = view.lossOfSimilarity;
    const similarityGradient = lossOfSimilarity
      ? tf.grad((s) => lossOfSimilarity(s as tf.Tensor2D))(batchSimilarity)
      : tf.zerosLike(batchSimilarity);
    const viewLoss = view.lossOfRows(unit);
    // Every shown layout pairs row i with row i XOR 1, so the InfoNCE masks of rows / 2 pairs apply.
    const masks = run.context.masks(view.positives.length / 2);
    const weights = infoNceWeights(batchSimilarity, config.tau, masks);
    // exp(entropy of r_i); the self and positive columns hold r = 0, whose 0 log 0 counts as 0.
    const rLogR = tf.where(
      tf.greater(weights.r, 0),
      tf.mul(weights.r, tf.log(weights.r)),
      tf.zerosLike(weights.r),
    );
    const effectiveNegatives = tf.exp(tf.neg(tf.sum(rLogR, 1)));
    const hardestNegative = tf.argMax(tf.add(batchSimilarity, masks.negativeLogits), 1);
    shown = {
      positives: view.positives,
      labels: view.labels,
      hasSimilarityGradient: Boolean(view.lossOfSimilarity),
    };
    return {
      display,
      uniformity,
      neighbours,
      unit,
      batchSimilarity,
      rowGradient,
      similarityGradient,
      viewLoss,
      softmax: weights.p,
      negativeWeights: weights.r,
      effectiveNegatives,
      hardestNegative,
    };
  });
  const { positives, labels, hasSimilarityGradient } = shown;
  const tensors = [
    onDevice.display,
    onDevice.uniformity,
    onDevice.neighbours,
    onDevice.unit,
    onDevice.batchSimilarity,
    onDevice.rowGradient,
    onDevice.similarityGradient,
    onDevice.viewLoss,
    onDevice.softmax,
    onDevice.negativeWeights,
    onDevice.effectiveNegatives,
    onDevice.hardestNegative,
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
    p,
    r,
    nEff,
    hardest,
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
  ];
  const dim = config.dim;
  const rows = positives.length;
  // tf.grad of the mean loss; times rows gives each anchor's own dl_i/ds_ij, comparable with p_ij / tau.
  for (let k = 0; k < simGrad.length; k++)
    simGrad[k] = hasSimilarityGradient ? (simGrad[k] as number) * rows : Number.NaN;
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
    embeddings: batchEmb,
    labels,
    positives,
    similarity: pooled(batchSim),
    softmax: pooled(p),
    negativeWeights: pooled(r),
    similarityGradient: pooled(simGrad),
    embeddingGradient: rowGrad,
    effectiveNegatives: nEff,
    hardestNegative: hardest,
  };
  return {
    runId: meta.runId,
    step: run.step,
    stepsPerSecond: meta.stepsPerSecond,
    backend: meta.backend,
    tensors: tf.memory().numTensors,
    loss: meta.lastLoss ?? (viewLoss[0] as number),
    lossId: config.loss,
    tau: config.tau,
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
    effectiveNegatives: mean(batch.effectiveNegatives),
    display,
    batch,
    histograms: pairHistograms(display, batch),
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

function mean(values: Float32Array): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
