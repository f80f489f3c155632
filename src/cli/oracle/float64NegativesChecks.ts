// The float64 checks of the negatives families: hard-negative quantile, false negatives (elimination and
// attraction), MoCo queue with its filter and momentum update, logQ correction and the full softmax. Each case
// is recomputed by src/core from its stored inputs only; every stored output the core produces is compared, and
// the properties the generator asserts are re-checked on the recomputed values.

import { infoNceUnsup, positiveIndex } from '../../core/contrastive';
import { cosineMatrix } from '../../core/linalg';
import { falseNegatives, hardQuantile } from '../../core/negatives';
import {
  type CandidateSoftmaxResult,
  fullSoftmax,
  logQCorrection,
  momentumClosedForm,
  momentumSteps,
  momentumUpdate,
  positiveAwareFilter,
  queueInfoNce,
} from '../../core/negativesRetrieval';
import type { CaseResult } from './compare';
import { type Expect, eachCase, eachEntry, type Json, matrix, num, vector } from './float64Record';

/** Every record of a queue_infonce file: the queue cases (with their filters) and the momentum cases. */
export function checkQueueFile(doc: Json): CaseResult[] {
  return [
    ...eachCase(doc.cases, 'case', checkQueue),
    ...eachCase(doc.momentum_cases, 'momentum_cases', checkMomentum),
  ];
}

// ---- in-batch selections ---------------------------------------------------------------------------------------

/** hard_quantile: the kept sets, threshold and margins, the loss with its softmax, dl/ds and grad_x. */
export function checkHardQuantile(rec: Json, expect: Expect): void {
  const x = matrix(rec, 'x');
  const tau = num(rec, 'tau');
  const res = hardQuantile(x, tau, num(rec, 'alpha'));
  expect.equal('N_pairs', x.length / 2);
  expect.equal('dim', x[0]?.length);
  expect.equal('M_negatives', res.negativeCount);
  expect.equal('k_kept', res.keptCount);
  expect.equal('positive_index', res.positiveIndex);
  expect.close('cos_sim', res.cos);
  expect.equal('kept_mask', res.keptMask);
  expect.equal('kept_indices_desc', res.keptIndicesDesc);
  expect.close('threshold_s_alpha', res.threshold);
  closeOrNull(expect, 'largest_dropped_s', res.largestDropped);
  closeOrNull(expect, 'selection_margin', res.selectionMargin);
  expect.close('softmax_p', res.p);
  expect.close('dl_ds_per_anchor', res.dlds);
  expect.close('per_anchor_loss', res.perAnchorLoss);
  expect.close('loss', res.loss);
  expect.close('grad_x', res.gradX);
  rowsSumToOne(expect, 'softmax', res.p);
  const infonce = infoNceUnsup(x, tau);
  notAbove(expect, 'per-anchor loss <= InfoNCE', res.perAnchorLoss, infonce.perAnchorLoss);
  if (res.keptCount === res.negativeCount) {
    expect.property('k = M is NT-Xent: loss', res.loss, infonce.loss);
    expect.property('k = M is NT-Xent: grad_x', res.gradX, infonce.gradX);
  }
}

/** false_negatives: masks, counts and weight share; InfoNCE, elimination and attraction blocks. */
export function checkFalseNegatives(rec: Json, expect: Expect): void {
  const x = matrix(rec, 'x');
  const res = falseNegatives(x, vector(rec, 'labels'), num(rec, 'tau'));
  expect.equal('N_pairs', x.length / 2);
  expect.equal('dim', x[0]?.length);
  expect.equal(
    'positive_index',
    x.map((_, i) => positiveIndex(i)),
  );
  expect.close('cos_sim', cosineMatrix(x));
  expect.equal('false_negative_mask', res.falseNegativeMask);
  expect.equal('n_false_negatives', res.falseNegativeCount);
  expect.equal('anchor_has_no_true_negative', res.noTrueNegative);
  expect.close('neg_weights_r', res.r);
  expect.close('fn_weight_share_r', res.fnWeightShare);
  for (const name of ['infonce', 'elimination', 'attraction'] as const) {
    const block = expect.nested(name);
    const variant = res[name];
    block?.close('per_anchor_loss', variant.perAnchorLoss);
    block?.close('loss', variant.loss);
    block?.close('grad_x', variant.gradX);
    block?.close('softmax_p', variant.p);
    rowsSumToOne(expect, `${name} softmax`, variant.p);
  }
  const attraction = expect.nested('attraction');
  attraction?.close('target_weights', res.attraction.targetWeights);
  attraction?.close('fnc_code_total_loss', res.attraction.fncCodeTotalLoss);
  expect.property(
    'fnc total = 2 x attraction loss',
    res.attraction.fncCodeTotalLoss,
    2 * res.attraction.loss,
  );
  notAbove(expect, 'elimination <= InfoNCE', res.elimination.perAnchorLoss, res.infonce.perAnchorLoss);
  const noFalse = (values: readonly number[]): number[] =>
    values.filter((_, i) => res.falseNegativeCount[i] === 0);
  for (const name of ['elimination', 'attraction'] as const) {
    expect.property(
      `${name} = InfoNCE where F_i is empty`,
      noFalse(res[name].perAnchorLoss),
      noFalse(res.infonce.perAnchorLoss),
    );
  }
  expect.property(
    'no true negative: elimination loss 0, fn share 1',
    res.noTrueNegative.flatMap((none, i) =>
      none ? [res.elimination.perAnchorLoss[i], res.fnWeightShare[i]] : [],
    ),
    res.noTrueNegative.flatMap((none) => (none ? [0, 1] : [])),
  );
}

// ---- queue and momentum ----------------------------------------------------------------------------------------

function checkQueue(rec: Json, expect: Expect): void {
  const query = matrix(rec, 'q_raw');
  const key = matrix(rec, 'k_raw');
  const queue = matrix(rec, 'queue_raw');
  const tau = num(rec, 'tau');
  const res = queueInfoNce(query, key, queue, tau);
  expect.equal('B', query.length);
  expect.equal('queue_size', queue.length);
  expect.equal('dim', query[0]?.length);
  expect.close('q_normalized', res.queryNormalized);
  expect.close('k_normalized', res.keyNormalized);
  expect.close('queue_normalized', res.queueNormalized);
  expect.close('l_pos', res.lPos);
  expect.close('l_neg', res.lNeg);
  expect.close('logits', res.logits);
  expect.equal('labels', res.labels);
  expect.close('softmax', res.p);
  expect.close('per_query_loss', res.perQueryLoss);
  expect.close('loss', res.loss);
  expect.close('grad_q_raw', res.gradQuery);
  rowsSumToOne(expect, 'softmax', res.p);
  const kept: { perc: number; mask: boolean[][] }[] = [];
  eachEntry(expect, 'filtered', (entry, filteredRec) => {
    const perc = num(filteredRec, 'perc');
    const filter = positiveAwareFilter(res.lPos, res.lNeg, perc);
    const filtered = queueInfoNce(query, key, queue, tau, filter.keptMask);
    entry.close('threshold', filter.threshold);
    entry.equal('kept_mask', filter.keptMask);
    entry.equal('n_kept', filter.keptCount);
    entry.close('min_abs_distance_to_threshold', filter.minAbsDistance);
    entry.close('softmax', filtered.p);
    entry.close('per_query_loss', filtered.perQueryLoss);
    entry.close('loss', filtered.loss);
    entry.close('grad_q_raw', filtered.gradQuery);
    rowsSumToOne(entry, 'softmax', filtered.p);
    notAbove(entry, 'filtered <= unfiltered', filtered.perQueryLoss, res.perQueryLoss);
    kept.push({ perc, mask: filter.keptMask });
  });
  // With l_pos > 0 a larger perc raises every threshold, so it keeps a superset.
  kept.sort((a, b) => a.perc - b.perc);
  const nested = kept.every(
    ({ mask }, k) =>
      k === 0 || mask.every((row, b) => row.every((keep, j) => keep || !kept[k - 1]?.mask[b]?.[j])),
  );
  const positive = res.lPos.every((s) => s > 0);
  expect.comparator.check('property: larger perc keeps a superset', !positive || nested);
}

function checkMomentum(rec: Json, expect: Expect): void {
  const m = num(rec, 'm');
  const keyParams = vector(rec, 'p_k');
  const queryParams = vector(rec, 'p_q');
  const updated = momentumUpdate(keyParams, queryParams, m);
  expect.close('one_minus_m', 1 - m);
  expect.close('p_k_updated', updated);
  expect.property(
    'p_k_updated - p_q = m (p_k - p_q)',
    updated.map((v, k) => v - (queryParams[k] ?? Number.NaN)),
    keyParams.map((v, k) => m * (v - (queryParams[k] ?? Number.NaN))),
  );
  if (!('steps' in rec)) return;
  const steps = num(rec, 'steps');
  const iterated = momentumSteps(keyParams, queryParams, m, steps);
  const closed = momentumClosedForm(keyParams, queryParams, m, steps);
  expect.close('p_k_after_steps_fixed_p_q', iterated);
  expect.close('closed_form_after_steps', closed);
  expect.property('steps agree with the closed form', iterated, closed);
}

// ---- logQ correction and the full softmax ----------------------------------------------------------------------

/** logq_correction: clipped p and shifts, and both softmax blocks with their gradients w.r.t. U and V. */
export function checkLogQ(rec: Json, expect: Expect): void {
  const queries = matrix(rec, 'queries_u');
  const itemProbability = vector(rec, 'item_prob_p');
  const res = logQCorrection(queries, matrix(rec, 'items_v'), itemProbability, num(rec, 'tau'));
  expect.equal('N', queries.length);
  expect.equal('dim', queries[0]?.length);
  expect.close('p_clipped', res.pClipped);
  expect.close('minus_log_p_clipped', res.minusLogPClipped);
  expect.equal('labels', res.labels);
  expect.close('cos_uv', res.cos);
  for (const name of ['corrected', 'uncorrected'] as const) {
    const block = expect.nested(name);
    const value = res[name];
    closeSoftmaxBlock(block, value, 'per_row_loss');
    block?.close('logits', value.logits);
    block?.close('loss_sum_tfrs_default_reduction', value.loss * queries.length);
    block?.close('grad_u_raw', value.gradAnchors);
    block?.close('grad_v_raw', value.gradCandidates);
    rowsSumToOne(expect, `${name} softmax`, value.p);
  }
  if (res.pClipped.every((p) => p === res.pClipped[0])) {
    expect.property('uniform p: corrected loss = uncorrected', res.corrected.loss, res.uncorrected.loss);
    expect.property(
      'uniform p: corrected grad_u = uncorrected',
      res.corrected.gradAnchors,
      res.uncorrected.gradAnchors,
    );
  }
}

/** full_softmax: the whole-corpus softmax with both gradients, and its in-batch approximation. */
export function checkFullSoftmax(rec: Json, expect: Expect): void {
  const anchors = matrix(rec, 'anchors');
  const corpus = matrix(rec, 'corpus');
  const res = fullSoftmax(anchors, corpus, vector(rec, 'positive_index'), num(rec, 'tau'));
  expect.equal('N', anchors.length);
  expect.equal('M', corpus.length);
  expect.equal('dim', anchors[0]?.length);
  expect.close('anchors_normalized', res.full.anchorsNormalized);
  expect.close('corpus_normalized', res.full.candidatesNormalized);
  expect.close('cos_anchor_corpus', res.full.cos);
  expect.close('logits', res.full.logits);
  closeSoftmaxBlock(expect, res.full, 'per_anchor_loss');
  expect.close('grad_corpus_raw', res.full.gradCandidates);
  rowsSumToOne(expect, 'softmax', res.full.p);
  const inBatch = expect.nested('in_batch');
  inBatch?.equal('columns', res.inBatchColumns);
  closeSoftmaxBlock(inBatch, res.inBatch, 'per_anchor_loss');
  notAbove(expect, 'in-batch <= full per anchor', res.inBatch.perRowLoss, res.full.perRowLoss);
}

// softmax, per-row loss (under the block's name for it), loss and the anchors' gradient of a softmax block.
function closeSoftmaxBlock(block: Expect | null, value: CandidateSoftmaxResult, perRowKey: string): void {
  block?.close('softmax', value.p);
  block?.close(perRowKey, value.perRowLoss);
  block?.close('loss', value.loss);
  block?.close('grad_anchors_raw', value.gradAnchors);
}

// ---- shared property checks ------------------------------------------------------------------------------------

function rowsSumToOne(expect: Expect, name: string, rows: readonly (readonly number[])[]): void {
  expect.property(
    `${name} rows sum to 1`,
    rows.map((row) => row.reduce((sum, v) => sum + v, 0)),
    rows.map(() => 1),
  );
}

// values[i] <= bound[i] for every i, up to the float64 tolerance on bound.
function notAbove(expect: Expect, name: string, values: readonly number[], bound: readonly number[]): void {
  const over = values.filter((v, i) => {
    const b = bound[i];
    return b === undefined || v > b + 1e-12 + 1e-12 * Math.abs(b);
  });
  expect.comparator.check(`property: ${name}`, over.length === 0, `${over.length} above the bound`);
}

// A field that is null when the core returns null (nothing dropped), numeric otherwise.
function closeOrNull(expect: Expect, key: string, actual: number[] | null): void {
  if (actual === null) expect.equal(key, null);
  else expect.close(key, actual);
}
