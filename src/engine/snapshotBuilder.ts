import * as tf from '@tensorflow/tfjs-core';
import { effectiveRank, knnVoteAccuracy, toleranceByClassSums } from '../core/geometry';
import { summariseWeights } from '../core/negativeWeights';
import { pairHistograms } from '../core/pairHistograms';
import { spearman } from '../core/spearman';
import type { BackendName } from '../protocol/config';
import type { BatchView, ExtraCandidates, FalseNegativeMeasures, Snapshot } from '../protocol/snapshot';
import { shownSources } from './batchSources';
import { lengthBiasView } from './lengthBiasMeasure';
import { matMulTransposeB, normalizeRows, oneHotFloat } from './lossParts';
import type { MatrixPool } from './matrixPool';
import { objectiveFor, viewRowsPerPair, weightFormOf } from './objective';
import { type BatchRows, MAX_VIEW_ROWS, truncatePlan } from './objectiveTypes';
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
  const objective = objectiveFor(config);
  const pairs = Math.floor(MAX_VIEW_ROWS / viewRowsPerPair(config.loss));
  const plan = truncatePlan(run.lastPlan ?? run.previewPlan(), pairs);
  // The shown rows' index arrays stay out of tidy's result: tidy walks everything it returns, key by key.
  let shown!: {
    positives: Int32Array;
    anchorRows: Int32Array;
    columns: Int32Array;
    extraKinds: Int8Array | null;
  };
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

    // STS: cosine of each held-out pair without dropout, read back with the rest
    const stsCosines = data.sts
      ? tf.sum(
          tf.mul(normalizeRows(run.model.embed(data.sts.a)), normalizeRows(run.model.embed(data.sts.b))),
          1,
        )
      : undefined;
    const view = objective.view(run.context, plan);
    const unit = normalizeRows(view.rows);
    shown = {
      positives: view.positives,
      anchorRows: view.anchorRows,
      columns: view.columns,
      extraKinds: view.extra?.kinds ?? null,
    };
    return {
      display,
      uniformity,
      neighbours,
      stsCosines,
      unit,
      rowGradient: tf.grad((u) => view.lossOfRows(u as tf.Tensor2D))(unit),
      viewLoss: view.lossOfRows(unit),
      labels: view.labels,
      mined: view.mined ?? tf.fill([view.anchorRows.length], -1, 'int32'),
      ...objectiveWeights(view, unit, config.labels === 'known'),
    };
  });
  const { positives, anchorRows, columns, extraKinds } = shown;
  const { extra: extraOnDevice, ...always } = onDevice;
  const read = await readAll({ ...always, ...(extraOnDevice ?? {}) });
  const displayEmb = read.display as Float32Array;
  const batchEmb = read.unit as Float32Array;
  const batchSim = read.similarity as Float32Array;
  const r = read.weights as Float32Array;
  const dim = config.dim;
  const rows = positives.length;
  const anchorLoss = new Float32Array(rows).fill(Number.NaN);
  const minedNegative = new Int32Array(rows).fill(-1);
  const negativesUsed = new Float32Array(rows).fill(Number.NaN);
  const hardestWeight = new Float32Array(rows).fill(Number.NaN);
  anchorRows.forEach((row, a) => {
    anchorLoss[row] = read.anchorLosses?.[a] as number;
    negativesUsed[row] = read.negativesUsed?.[a] as number;
    hardestWeight[row] = read.hardestWeight?.[a] as number;
    const column = read.mined?.[a] as number;
    if (column >= 0) minedNegative[row] = columns[column] as number;
  });
  const candidates = Uint8Array.from(read.candidates as Float32Array);
  const extra = extraOnDevice ? extraView(read, anchorRows, rows, extraKinds ?? new Int8Array(0)) : null;
  const falseNegatives = falseNegativeMeasures(read.fnMeasures, read.fnFilter, anchorRows.length);
  const { effectiveNegatives, hardestNegative } = summariseWeights(
    rows,
    r,
    candidates,
    batchSim,
    (i) => Number.isFinite(anchorLoss[i]),
    extra
      ? (i) => ({
          share: extra.view.weightShare[i] as number,
          weightLogWeight: extra.weightLogWeight[i] as number,
          largest: (extra.view.weights[i * extra.view.shown] as number) ?? 0,
        })
      : null,
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
    labels: read.labels as Int32Array,
    positives,
    similarity: pooled(batchSim),
    negativeWeights: pooled(r),
    similarityGradient: pooled(read.similarityGradient as Float32Array),
    candidates,
    kept: read.kept ? Uint8Array.from(read.kept) : candidates.slice(),
    anchorLoss,
    minedNegative,
    embeddingGradient: read.rowGradient as Float32Array,
    effectiveNegatives,
    hardestNegative,
    ...shownSources(plan, rows, config.loss),
    negativesUsed,
    hardestWeight,
    extra: extra?.view ?? null,
    falseNegatives: read.falseNegatives ? Uint8Array.from(read.falseNegatives) : null,
  };
  return {
    runId: meta.runId,
    modelId: meta.modelId,
    step: run.step,
    stepsPerSecond: meta.stepsPerSecond,
    backend: meta.backend,
    tensors: tf.memory().numTensors,
    loss: meta.lastLoss ?? (read.viewLoss?.[0] as number),
    lossId: config.loss,
    tau: config.tau,
    weightForm: weightFormOf(config, run.context.classLogQ),
    alignment: alignment(batchEmb, positives, dim),
    uniformity: read.uniformity?.[0] as number,
    tolerance: toleranceByClassSums(displayEmb, data.display.labels, dim),
    knnAccuracy: knnVoteAccuracy(
      read.neighbours as Int32Array,
      Math.min(KNN_K, data.reference.rows),
      data.reference.labels,
      data.metricLabels,
    ),
    stsSpearman: stsSpearmanOf(read.stsCosines, data.sts?.scores ?? null),
    lengthBias: lengthBiasView(run, read.stsCosines, data.sts),
    effectiveRank: effectiveRank(displayEmb, dim),
    effectiveNegatives: meanOfFinite(effectiveNegatives),
    negativesUsed: meanOfFinite(negativesUsed),
    hardestWeight: meanOfFinite(hardestWeight),
    falseNegatives,
    display,
    batch,
    histograms: pairHistograms(display, batch),
  };
}

/** 100 x Spearman of the STS cosines against the gold scores (SentEval's scale), or null without STS pairs. */
function stsSpearmanOf(cosines: tf.TypedArray | undefined, scores: Float64Array | null): number | null {
  if (!cosines || !scores || scores.length < 2) return null;
  return 100 * spearman(cosines, scores);
}

/** Whether `indices` is 0, 1, ..., count - 1. */
function isRange(indices: Int32Array, count: number): boolean {
  return indices.length === count && indices.every((value, i) => value === i);
}

/** Extra columns each anchor row of a snapshot carries (its heaviest), of the up to 16,384 it may compare. */
export const EXTRA_SHOWN = 16;

/**
 * The objective's own weights on the shown rows, on the backend. S = U U^T (R x R); each anchor's loss is
 * taken of its A x C block of S (one-hot row and column picks, so autograd maps back onto S) and, where the
 * objective compares more columns than the shown rows, of its A x E cosines with them. dl_a/ds_aj = d(sum of the
 * anchors' losses)/dS: row a holds anchor a's own derivatives, a non-anchor row 0. r_aj is that derivative over
 * the negatives the loss uses (the kept candidates and extra columns), divided by their sum; an anchor whose
 * summed push is below PUSH_NOISE of its largest |derivative| gets none (DCL's floor leaves float32 noise of
 * ~1e-7 there, which divided by its own sum would look like real weights; a real push is at least ~(1 - tau+) of
 * the pull). Returns R x R similarity, gradient, weights, 0/1 candidates and kept (absent when it is the
 * candidates), the A anchors' losses, and the extra columns' summaries per anchor.
 */
function objectiveWeights(view: BatchRows, unit: tf.Tensor2D, labelsKnown: boolean) {
  const rows = unit.shape[0];
  const anchorIndex = tf.tensor1d(view.anchorRows, 'int32');
  // Every row an anchor and a column, in order (InfoNCE, DCL, HCL, the negative strategies): the picks are the
  // identity, and skipping their R x R x R matMuls is most of the snapshot's cost at 2N = 256.
  const identity = isRange(view.anchorRows, rows) && isRange(view.columns, rows);
  const pickAnchors = identity ? null : oneHotFloat(anchorIndex, rows);
  const pickColumns = identity ? null : oneHotFloat(tf.tensor1d(view.columns, 'int32'), rows);
  const blockOf = (matrix: tf.Tensor2D) =>
    pickAnchors && pickColumns ? matMulTransposeB(tf.matMul(pickAnchors, matrix), pickColumns) : matrix;
  // A x C back to R x R: P_A^T block P_C.
  const spread = (block: tf.Tensor2D) =>
    pickAnchors && pickColumns ? tf.matMul(tf.matMul(pickAnchors, block, true), pickColumns) : block;
  const similarity = matMulTransposeB(unit, unit);
  const extra = view.extra;
  const extraSimilarity = extra ? extra.similarity(tf.gather(unit, anchorIndex) as tf.Tensor2D) : null;
  const lossesOf = (s: tf.Tensor2D, e: tf.Tensor2D | null) => view.lossesOfBlock(blockOf(s), e ?? undefined);
  const [similarityGradient, extraGradient] = (
    extraSimilarity
      ? tf.grads((s, e) => tf.sum(lossesOf(s as tf.Tensor2D, e as tf.Tensor2D)))([
          similarity,
          extraSimilarity,
        ])
      : [tf.grad((s) => tf.sum(lossesOf(s as tf.Tensor2D, null)))(similarity), null]
  ) as [tf.Tensor2D, tf.Tensor2D | null];
  const blockGradient = blockOf(similarityGradient);
  const kept = view.kept ?? view.candidates;
  const pushes = tf.mul(blockGradient, kept) as tf.Tensor2D;
  const extraPushes = extra && extraGradient ? (tf.mul(extraGradient, extra.kept) as tf.Tensor2D) : null;
  const total = extraPushes
    ? tf.add(tf.sum(pushes, 1, true), tf.sum(extraPushes, 1, true))
    : tf.sum(pushes, 1, true);
  const largestGradient = extraGradient
    ? tf.maximum(tf.max(tf.abs(blockGradient), 1, true), tf.max(tf.abs(extraGradient), 1, true))
    : tf.max(tf.abs(blockGradient), 1, true);
  const pushing = tf.greater(total, tf.mul(largestGradient, PUSH_NOISE));
  const weightsOf = (p: tf.Tensor2D) => tf.where(pushing, tf.div(p, total), tf.zerosLike(p)) as tf.Tensor2D;
  const weights = weightsOf(pushes);
  const extraWeights = extraPushes ? weightsOf(extraPushes) : null;
  const used = extra ? tf.add(tf.sum(kept, 1), tf.sum(extra.kept, 1)) : tf.sum(kept, 1);
  const largest = extraWeights ? tf.maximum(tf.max(weights, 1), tf.max(extraWeights, 1)) : tf.max(weights, 1);
  const candidates = spread(view.candidates);
  const falseNegatives = labelsKnown
    ? falseNegativeTensors(view, weights, extraWeights, pushing, extraSimilarity !== null)
    : null;
  return {
    similarity,
    similarityGradient,
    weights: spread(weights),
    candidates,
    // without a selection the loss uses every candidate: nothing more to read back
    kept: view.kept ? spread(view.kept) : undefined,
    anchorLosses: lossesOf(similarity, extraSimilarity),
    negativesUsed: used,
    hardestWeight: largest,
    extra:
      extra && extraWeights && extraSimilarity
        ? extraSummaries(extraWeights, extraSimilarity, falseNegatives?.extraMask ?? null)
        : undefined,
    falseNegatives: falseNegatives ? spread(falseNegatives.blockMask) : undefined,
    fnMeasures: falseNegatives?.perAnchor,
    fnFilter: falseNegatives?.filter,
  };
}

/**
 * The false negatives of the shown anchors (candidates with the anchor's label: the labels as an oracle), on
 * the backend: A x C and A x E masks; per anchor (4 x A) their share of its labelled candidates, their number,
 * the share of its weight r on them (NaN where no candidate is pushed) and its labelled candidates; and, with
 * the positive-aware filter, the batch's totals [dropped false negatives, dropped, false negatives].
 */
function falseNegativeTensors(
  view: BatchRows,
  weights: tf.Tensor2D,
  extraWeights: tf.Tensor2D | null,
  pushing: tf.Tensor,
  hasExtra: boolean,
) {
  const anchorLabels = tf.gather(view.labels, tf.tensor1d(view.anchorRows, 'int32'));
  const sameAs = (labels: tf.Tensor1D) =>
    tf.cast(tf.equal(tf.expandDims(anchorLabels, 1), tf.expandDims(labels, 0)), 'float32');
  const blockMask = tf.mul(
    view.candidates,
    sameAs(tf.gather(view.labels, tf.tensor1d(view.columns, 'int32'))),
  ) as tf.Tensor2D;
  const extra = hasExtra ? view.extra : null;
  const extraMask = extra
    ? (tf.mul(extra.candidates, sameAs(tf.tensor1d(extra.labels, 'int32'))) as tf.Tensor2D)
    : null;
  // per anchor: the block's sum plus, with extra columns, theirs
  const rowSum = (block: tf.Tensor, outside: tf.Tensor | null) =>
    outside ? tf.add(tf.sum(block, 1), tf.sum(outside, 1)) : tf.sum(block, 1);
  const count = rowSum(blockMask, extraMask);
  const labelled = rowSum(
    view.candidates,
    extra
      ? tf.mul(extra.candidates, tf.cast(tf.greaterEqual(tf.tensor1d(extra.labels, 'int32'), 0), 'float32'))
      : null,
  );
  const weight = rowSum(
    tf.mul(weights, blockMask),
    extraMask && extraWeights ? tf.mul(extraWeights, extraMask) : null,
  );
  const nan = (t: tf.Tensor) => tf.fill(t.shape, Number.NaN);
  const share = tf.where(tf.greater(labelled, 0), tf.div(count, tf.maximum(labelled, 1)), nan(count));
  const pushed = tf.where(tf.reshape(pushing, [-1]), weight, nan(weight));
  const dropped = view.filtered ?? null;
  const filter = dropped
    ? tf.sum(
        tf.stack([
          rowSum(
            tf.mul(dropped, blockMask),
            extra?.filtered && extraMask ? tf.mul(extra.filtered, extraMask) : null,
          ),
          rowSum(dropped, extra?.filtered ?? null),
          count,
        ]),
        1,
      )
    : undefined;
  return { blockMask, extraMask, perAnchor: tf.stack([share, count, pushed, labelled]), filter };
}

/**
 * Per anchor, over the extra columns' weights w (A x E): their share of the weight, sum of w log w (for the
 * effective count), and the EXTRA_SHOWN heaviest columns' indices, weights and cosines.
 */
function extraSummaries(weights: tf.Tensor2D, similarity: tf.Tensor2D, falseNegatives: tf.Tensor2D | null) {
  const shown = Math.min(EXTRA_SHOWN, weights.shape[1]);
  const top = tf.topk(weights, shown);
  const [anchors, columns] = weights.shape;
  const rowOffsets = tf.mul(tf.expandDims(tf.range(0, anchors, 1, 'int32'), 1), tf.scalar(columns, 'int32'));
  const positive = tf.greater(weights, 0);
  const safe = tf.where(positive, weights, tf.onesLike(weights));
  // a flat gather: tf.js wasm's gather with batchDims reads out of bounds
  const atTop = (matrix: tf.Tensor2D) =>
    tf.reshape(tf.gather(tf.reshape(matrix, [-1]), tf.add(top.indices, rowOffsets)), top.indices.shape);
  return {
    share: tf.sum(weights, 1),
    weightLogWeight: tf.sum(tf.where(positive, tf.mul(weights, tf.log(safe)), tf.zerosLike(weights)), 1),
    topIndices: top.indices,
    topWeights: top.values,
    topSimilarity: atTop(similarity),
    topFalseNegative: falseNegatives ? atTop(falseNegatives) : undefined,
  };
}

/** Reads every tensor of a record back in one batched async read, by name, and frees them. */
async function readAll<K extends string>(
  tensors: Partial<Record<K, tf.Tensor>>,
): Promise<Partial<Record<K, tf.TypedArray>>> {
  const names = (Object.keys(tensors) as K[]).filter((name) => tensors[name] !== undefined);
  const all = names.map((name) => tensors[name] as tf.Tensor);
  try {
    const values = await Promise.all(all.map((t) => t.data()));
    return Object.fromEntries(names.map((name, i) => [name, values[i]])) as Partial<Record<K, tf.TypedArray>>;
  } finally {
    tf.dispose(all);
  }
}

/**
 * The snapshot's extra candidates from their read-back summaries (A rows each) spread onto the R shown rows,
 * with the shown columns' kinds looked up; also each row's sum of w log w, for its effective count.
 */
function extraView(
  read: Partial<Record<string, tf.TypedArray>>,
  anchorRows: Int32Array,
  rows: number,
  kinds: Int8Array,
): { view: ExtraCandidates; weightLogWeight: Float32Array } {
  const shown = Math.min(EXTRA_SHOWN, kinds.length);
  const weightShare = new Float32Array(rows).fill(Number.NaN);
  const weightLogWeight = new Float32Array(rows);
  const similarity = new Float32Array(rows * shown);
  const weights = new Float32Array(rows * shown);
  const kindOf = new Int8Array(rows * shown);
  const falseNegative = read.topFalseNegative ? new Uint8Array(rows * shown) : null;
  anchorRows.forEach((row, a) => {
    weightShare[row] = read.share?.[a] as number;
    weightLogWeight[row] = read.weightLogWeight?.[a] as number;
    for (let t = 0; t < shown; t++) {
      similarity[row * shown + t] = read.topSimilarity?.[a * shown + t] as number;
      weights[row * shown + t] = read.topWeights?.[a * shown + t] as number;
      kindOf[row * shown + t] = kinds[read.topIndices?.[a * shown + t] as number] ?? 0;
      if (falseNegative) falseNegative[row * shown + t] = read.topFalseNegative?.[a * shown + t] as number;
    }
  });
  return {
    view: { count: kinds.length, shown, weightShare, similarity, weights, kinds: kindOf, falseNegative },
    weightLogWeight,
  };
}

/**
 * The batch's false-negative measures from their read-back: `perAnchor` 4 x A rows (share, count, weight share,
 * labelled candidates; NaN where undefined), `filter` [dropped false negatives, dropped, false negatives] summed
 * over the anchors; null when the labels are hidden.
 */
function falseNegativeMeasures(
  perAnchor: tf.TypedArray | undefined,
  filter: tf.TypedArray | undefined,
  anchors: number,
): FalseNegativeMeasures | null {
  if (!perAnchor) return null;
  const row = (k: number) => Float32Array.from(perAnchor.subarray(k * anchors, (k + 1) * anchors));
  const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : Number.NaN);
  const [caught = 0, dropped = 0, total = 0] = filter ? Array.from(filter) : [];
  return {
    share: meanOfFinite(row(0)),
    count: meanOfFinite(row(1)),
    weight: meanOfFinite(row(2)),
    candidates: meanOfFinite(row(3)),
    filterPrecision: filter ? ratio(caught, dropped) : null,
    filterRecall: filter ? ratio(caught, total) : null,
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
