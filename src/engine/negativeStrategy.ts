// InfoNCE with a negative strategy, on `[a, a', b, b']`: where the negatives come from (the batch, the batch plus
// a MoCo queue of momentum keys, or every training row: the full softmax), which of them count (all; the k
// nearest the anchor, nearest its positive or best by KGPolicy's cos(a, n) + cos(n, p); Wang & Liu's upper alpha
// fraction), MoCHi's synthetic hard negatives and the logQ correction of the sampling bias. Everything chosen
// without gradient (the selection, the mixes, the shift) is built in `prepare` from a second, detached pass of
// the same batch with the same dropout masks; the loss then differentiates only through the kept logits.
import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../protocol/config';
import { EXTRA_KIND_CODES, type ExtraKind } from '../protocol/snapshot';
import { falseNegativeRule, falseNegativesByLabel, positiveAwareDrops } from './falseNegativeRules';
import {
  cosineMatrix,
  matMulTransposeB,
  normalizeRows,
  oneHotFloat,
  partnerIndex,
  queueTargetMasks,
} from './lossParts';
import { synthesise, syntheticSimilarity } from './mochi';
import type { DropoutPlan } from './model';
import { attractionCrossEntropy, keptCrossEntropy, quantileKeepCount, topKKeep } from './negativeLosses';
import {
  type BatchPlan,
  type ExtraColumns,
  indexRange,
  type ObjectiveContext,
  pairedLabels,
  type ViewedObjective,
} from './objectiveTypes';
import { embedTwoViews } from './repeatedViews';

/** The snapshot's code of an extra column's kind. */
const kindCode = (kind: ExtraKind) => EXTRA_KIND_CODES.indexOf(kind);

/** Whether InfoNCE trains with a negative strategy rather than plain in-batch negatives, all counted. */
export function usesNegativeStrategy(config: TrainConfig): boolean {
  return (
    config.loss === 'infonce' &&
    (config.negatives !== 'batch' ||
      config.pick !== 'all' ||
      config.mochi > 0 ||
      config.mochiQuery > 0 ||
      config.logQ !== 'off' ||
      falseNegativeRule(config) !== 'keep')
  );
}

/** The corpus's dropout masks: apart from the two views' (seed + 1 and + 2 are the other objectives'). */
const corpusDropout = (dropout: DropoutPlan): DropoutPlan => ({ ...dropout, seed: dropout.seed + 3 });

/**
 * The columns each anchor is compared with, as unit rows: the batch's own rows (then the queue's keys), or the
 * whole training set. `rows` is the 2N unit embeddings of the batch.
 */
function columnsOf(context: ObjectiveContext, plan: BatchPlan, rows: tf.Tensor2D): tf.Tensor2D {
  const { config, queue, model, trainX } = context;
  if (config.negatives === 'all')
    return normalizeRows(model.embedOneView(trainX, corpusDropout(plan.dropout)));
  const keys = config.negatives === 'queue' ? queue?.keys : null;
  return keys ? (tf.concat([rows, keys]) as tf.Tensor2D) : rows;
}

/** How many columns `columnsOf` gives, without embedding anything. */
function columnCount(context: ObjectiveContext, plan: BatchPlan): number {
  if (context.config.negatives === 'all') return context.trainX.shape[0];
  const queued = context.config.negatives === 'queue' ? (context.queue?.keys?.shape[0] ?? 0) : 0;
  return 2 * plan.anchors.length + queued;
}

/** Class labels of the A = 2N anchors (`[a, a', b, b']`), on the host. */
const anchorLabels = (context: ObjectiveContext, plan: BatchPlan) =>
  Int32Array.from({ length: 2 * plan.anchors.length }, (_, i) => {
    return context.labels[plan.anchors[i >> 1] as number] as number;
  });

/** Class labels of the columns (for logQ and false negatives), in column order, on the host. */
function columnLabels(context: ObjectiveContext, plan: BatchPlan): Int32Array {
  if (context.config.negatives === 'all') return context.labels;
  const batch = anchorLabels(context, plan);
  const queuedRows = context.config.negatives === 'queue' ? (context.queue?.rows ?? null) : null;
  if (!queuedRows || !context.queue?.keys) return batch;
  const queued = Int32Array.from(queuedRows, (row) => context.labels[row] as number);
  const joined = new Int32Array(batch.length + queued.length);
  joined.set(batch);
  joined.set(queued, batch.length);
  return joined;
}

/** Where each anchor's positive is and which columns are its candidate negatives (A x C each, 0/1). */
function targetsOf(context: ObjectiveContext, plan: BatchPlan, columns: number) {
  const rows = 2 * plan.anchors.length;
  if (context.config.negatives === 'all') {
    const sample = Int32Array.from({ length: rows }, (_, i) => plan.anchors[i >> 1] as number);
    const positives = oneHotFloat(tf.tensor1d(sample, 'int32'), columns);
    return { positives, candidates: tf.sub(1, positives) as tf.Tensor2D };
  }
  // the batch (then a queue's keys): the same for every step of one batch size and queue fill, so kept with
  // the batch's masks once the queue is full (while it fills, every step has another width)
  const full = columns === rows || columns === rows + context.config.queueSize;
  const masks = context.masks(plan.anchors.length);
  const targets = full ? masks.queueTargets(columns) : queueTargetMasks(masks.partners, columns);
  const keyRows = columns > rows ? context.queue?.rows : undefined;
  if (!keyRows) return targets;
  // A key of the anchor's own training row is that row again, not a negative: on a data set this small a queue
  // holds most rows (and, at a snapshot, the batch just enqueued), so it is left out. MoCo, at 1.28M images
  // against 65,536 keys, rarely meets it and does not check.
  const sample = tf.tensor1d(
    Int32Array.from({ length: rows }, (_, i) => plan.anchors[i >> 1] as number),
    'int32',
  );
  const own = tf.equal(tf.expandDims(sample, 1), tf.expandDims(tf.tensor1d(keyRows, 'int32'), 0));
  const ownColumns = tf.pad(tf.cast(own, 'float32'), [
    [0, 0],
    [rows, 0],
  ]);
  return {
    positives: targets.positives,
    candidates: tf.mul(targets.candidates, tf.sub(1, ownColumns)) as tf.Tensor2D,
  };
}

/**
 * Which candidates count (A x C, 0/1), chosen on the detached cosines `sim` (A x C). Near the positive reads
 * the positive's own row of cosines (row i XOR 1: the anchor's other view, also for the full softmax, whose
 * positive is that sample's corpus row).
 */
function keptOf(config: TrainConfig, sim: tf.Tensor2D, candidates: tf.Tensor2D, count: number): tf.Tensor2D {
  if (config.pick === 'all') return candidates;
  const k = keptCountOf(config, count);
  if (config.pick === 'quantile') return topKKeep(sim, candidates, k);
  const nearPositive = () => tf.gather(sim, tf.tensor1d(partnerIndex(sim.shape[0]), 'int32')) as tf.Tensor2D;
  const score =
    config.pick === 'hard' ? sim : config.pick === 'near-pos' ? nearPositive() : tf.add(sim, nearPositive());
  return topKKeep(score as tf.Tensor2D, candidates, k);
}

/** How many of an anchor's `count` candidates the selection keeps. */
function keptCountOf(config: TrainConfig, count: number): number {
  if (config.pick === 'all') return count;
  if (config.pick === 'quantile') return quantileKeepCount(config.alpha, count);
  return Math.min(config.pickK, count);
}

/** Everything the loss takes as given, built without gradient. */
interface Chosen {
  /** A x (C + S): the positive's column */
  readonly positives: tf.Tensor2D;
  /** A x (C + S): 1 where the column is a negative the loss uses */
  readonly kept: tf.Tensor2D;
  /** A x C: 1 where the column is a candidate negative, used or not */
  readonly candidates: tf.Tensor2D;
  /** (A * S) x d unit synthetic negatives, anchor by anchor; null when S = 0 */
  readonly synthetic: tf.Tensor2D | null;
  /** 1 x (C + S) additive logits (logQ's -log p; 0 for synthetic columns), or null */
  readonly shift: tf.Tensor2D | null;
  /** A x (C + S): the false negatives FNC's attraction pulls as extra positives, or null */
  readonly attracted: tf.Tensor2D | null;
  /** A x C: the candidates the positive-aware filter dropped, or null without the filter */
  readonly filtered: tf.Tensor2D | null;
}

/** Synthetic negatives per anchor. */
const syntheticPerAnchor = (config: TrainConfig) => config.mochi + config.mochiQuery;

/**
 * The selection, the false-negative rule, MoCHi's mixes and the logQ shift of one batch, from a detached pass
 * (same dropout masks). Elimination and the filter act before the selection, so a hard pick takes the hardest
 * of the negatives left (NV-Retriever filters, then takes the top k); a quantile's count stays that of every
 * candidate.
 */
function choose(context: ObjectiveContext, plan: BatchPlan): Chosen {
  const { config } = context;
  const s = syntheticPerAnchor(config);
  const rule = falseNegativeRule(config);
  // the detached pass only where a choice reads the model: a selection, the filter or MoCHi's mixes
  const reads = config.pick !== 'all' || s > 0 || rule === 'filter';
  const unit = reads ? normalizeRows(embedTwoViews(context, plan)) : null;
  const columns = unit ? columnsOf(context, plan, unit) : null;
  const count = columnCount(context, plan);
  const sim = unit && columns ? matMulTransposeB(unit, columns) : null;
  const { positives, candidates } = targetsOf(context, plan, count);
  const byLabel =
    rule === 'eliminate' || rule === 'attract'
      ? falseNegativesByLabel(anchorLabels(context, plan), columnLabels(context, plan), candidates)
      : null;
  const filtered =
    rule === 'filter' && sim ? positiveAwareDrops(sim, positives, candidates, config.perc) : null;
  const dropped = filtered ?? byLabel;
  const eligible = dropped ? (tf.sub(candidates, dropped) as tf.Tensor2D) : candidates;
  // every anchor has as many candidates: C - 2 with the batch (self and partner), M - 1 with the corpus
  const candidateCount = config.negatives === 'all' ? count - 1 : count - 2;
  const kept = sim ? keptOf(config, sim, eligible, candidateCount) : eligible;
  // zero-size tensors are avoided: tf.js wasm's matMul reads out of bounds on them
  const withSynthetic = (t: tf.Tensor2D, fill: number) =>
    s > 0 ? (tf.concat([t, tf.fill([t.shape[0], s], fill)], 1) as tf.Tensor2D) : t;
  const columnShift = context.classLogQ
    ? (tf.reshape(
        tf.gather(tf.tensor1d(context.classLogQ), tf.tensor1d(columnLabels(context, plan), 'int32')),
        [1, count],
      ) as tf.Tensor2D)
    : null;
  return {
    positives: withSynthetic(positives, 0),
    kept: withSynthetic(kept, 1),
    candidates,
    synthetic:
      s > 0 && unit && columns && sim
        ? synthesise(config, plan.dropout.seed, unit, columns, sim, kept, keptCountOf(config, candidateCount))
        : null,
    shift: columnShift ? withSynthetic(columnShift, 0) : null,
    attracted: rule === 'attract' && byLabel ? withSynthetic(byLabel, 0) : null,
    filtered,
  };
}

/**
 * The per-anchor loss given the anchors' cosines with the columns (A x C) and with their synthetic negatives
 * (A x S, null when there are none): InfoNCE over the kept negatives, or with FNC's attraction.
 */
function lossesOf(
  config: TrainConfig,
  chosen: Chosen,
  columnSim: tf.Tensor2D,
  syntheticSim: tf.Tensor2D | null,
) {
  const logits = syntheticSim ? (tf.concat([columnSim, syntheticSim], 1) as tf.Tensor2D) : columnSim;
  const shift = chosen.shift ?? undefined;
  return chosen.attracted
    ? attractionCrossEntropy(logits, chosen.positives, chosen.attracted, chosen.kept, config.tau, shift)
    : keptCrossEntropy(logits, chosen.positives, chosen.kept, config.tau, shift);
}

/** The prepared tensors' order. */
const PREPARED = ['positives', 'kept', 'candidates', 'synthetic', 'shift', 'attracted', 'filtered'] as const;

const asChosen = (prepared: tf.Tensor[]): Chosen => {
  const [positives, kept, candidates, synthetic, shift, attracted, filtered] = prepared as (
    | tf.Tensor2D
    | undefined
  )[];
  if (!positives || !kept || !candidates) throw new Error('invalid prepared: strategy tensors');
  const present = (t: tf.Tensor2D | undefined) => (t && t.size > 0 ? t : null);
  return {
    positives,
    kept,
    candidates,
    synthetic: present(synthetic),
    shift: present(shift),
    attracted: present(attracted),
    filtered: present(filtered),
  };
};

/** InfoNCE with the config's negative strategy. */
export const negativeStrategy: ViewedObjective = {
  prepare(context, plan) {
    const chosen = choose(context, plan);
    // an absent one as an empty 1 x 0 tensor (never computed with), so the order never shifts
    return PREPARED.map((name) => chosen[name] ?? tf.zeros([1, 0]));
  },
  loss(context, plan, prepared) {
    const chosen = asChosen(prepared);
    const unit = normalizeRows(embedTwoViews(context, plan));
    const columns = columnsOf(context, plan, unit);
    const s = syntheticPerAnchor(context.config);
    const syntheticSim = chosen.synthetic ? syntheticSimilarity(unit, chosen.synthetic, s) : null;
    return tf.mean(lossesOf(context.config, chosen, matMulTransposeB(unit, columns), syntheticSim));
  },
  // Shown as the 2N batch rows, every row an anchor. With the batch (and queue) the block's columns are the
  // batch rows and the queue's keys are extra columns; with the corpus every column is extra (the batch rows are
  // other dropout views of corpus rows, not the loss's columns). MoCHi's points are extra columns too.
  view(context, plan) {
    const chosen = asChosen(this.prepare(context, plan));
    const { config } = context;
    const rows = 2 * plan.anchors.length;
    const raw = embedTwoViews(context, plan);
    const unit = normalizeRows(raw);
    const columns = columnsOf(context, plan, unit);
    const s = syntheticPerAnchor(config);
    const all = config.negatives === 'all';
    // detached constants beyond the shown rows: the queue's keys or the corpus (B of them), then S mixes
    const blockColumns = all ? 0 : rows;
    const beyondCount = columns.shape[0] - blockColumns;
    const beyond = beyondCount > 0 ? tf.slice(columns, [blockColumns, 0], [beyondCount, -1]) : null;
    const extraCount = beyondCount + s;
    const kinds = new Int8Array(extraCount);
    kinds.fill(kindCode(all ? 'corpus' : 'bank'), 0, beyondCount);
    kinds.fill(kindCode('mixed'), beyondCount, beyondCount + config.mochi);
    kinds.fill(kindCode('query-mixed'), beyondCount + config.mochi);
    const extraSimilarity = (u: tf.Tensor2D): tf.Tensor2D => {
      const parts = [
        ...(beyond ? [matMulTransposeB(u, beyond)] : []),
        ...(chosen.synthetic ? [syntheticSimilarity(u, chosen.synthetic, s)] : []),
      ];
      return (parts.length === 1 ? parts[0] : tf.concat(parts, 1)) as tf.Tensor2D;
    };
    // the candidates and filter drops of the extra columns (MoCHi's points are always candidates, never dropped)
    const beyondOf = (t: tf.Tensor2D, fill: number) => {
      const part =
        beyondCount > 0 ? (tf.slice(t, [0, blockColumns], [rows, beyondCount]) as tf.Tensor2D) : null;
      const mixed = s > 0 ? (tf.fill([rows, s], fill) as tf.Tensor2D) : null;
      return part && mixed ? (tf.concat([part, mixed], 1) as tf.Tensor2D) : ((part ?? mixed) as tf.Tensor2D);
    };
    const extraLabels = new Int32Array(extraCount).fill(-1);
    extraLabels.set(columnLabels(context, plan).subarray(blockColumns));
    const extra: ExtraColumns | null =
      extraCount > 0
        ? {
            similarity: extraSimilarity,
            kept: tf.slice(chosen.kept, [0, blockColumns], [rows, extraCount]) as tf.Tensor2D,
            kinds,
            candidates: beyondOf(chosen.candidates, 1),
            labels: extraLabels,
            filtered: chosen.filtered ? beyondOf(chosen.filtered, 0) : null,
          }
        : null;
    const lossesOfBlock = (block: tf.Tensor2D, extraSim?: tf.Tensor2D) => {
      const outside = extra ? (extraSim ?? extraSimilarity(unit)) : null;
      const part = (from: number, size: number) =>
        outside && size > 0 ? (tf.slice(outside, [0, from], [rows, size]) as tf.Tensor2D) : null;
      const bank = part(0, beyondCount);
      const columnSim = all ? bank : bank ? (tf.concat([block, bank], 1) as tf.Tensor2D) : block;
      if (!columnSim) throw new Error('invalid view: the full softmax has no corpus');
      const losses = lossesOf(config, chosen, columnSim, part(beyondCount, s));
      // the full softmax compares no shown row: 0 x the block keeps autograd's path to it (a zero gradient)
      return all ? (tf.add(losses, tf.mul(tf.sum(block, 1), 0)) as tf.Tensor1D) : losses;
    };
    return {
      rows: raw,
      positives: partnerIndex(rows),
      labels: pairedLabels(context.labels, plan.anchors),
      anchorRows: indexRange(rows),
      columns: indexRange(rows),
      candidates: all
        ? tf.zeros([rows, rows])
        : (tf.slice(chosen.candidates, [0, 0], [rows, rows]) as tf.Tensor2D),
      mined: null,
      kept: all ? tf.zeros([rows, rows]) : (tf.slice(chosen.kept, [0, 0], [rows, rows]) as tf.Tensor2D),
      extra,
      filtered:
        chosen.filtered && !all ? (tf.slice(chosen.filtered, [0, 0], [rows, rows]) as tf.Tensor2D) : null,
      lossOfRows: (r) => {
        const u = normalizeRows(r);
        return tf.mean(lossesOfBlock(cosineMatrix(r), extra ? extraSimilarity(u) : undefined));
      },
      lossesOfBlock,
    };
  },
};
