// The float64 half of the oracle check: every case of an oracle file is recomputed by src/core from its stored
// INPUTS only (x, tau, margins, points...) and every stored output the core can produce is compared with
// FLOAT64_TOLERANCE. Nothing depends on case ids or on which file a case came from: families are detected from
// their fields, sections are walked as lists, and parameters encoded in field names (uniform_t3_x) are parsed.
// This module only reads JSON and calls core; it holds no maths of its own. The geometry families live in
// float64GeometryChecks.ts, JSON reading in float64Record.ts.

import {
  infoNceCrossView,
  infoNceUnsup,
  largeTauFirstOrder,
  negativeIndices,
  positiveIndex,
  temperatureLimits,
} from '../../core/contrastive';
import { debiasedContrastive } from '../../core/debiased';
import { cosineMatrix, maxAbsDifference } from '../../core/linalg';
import { supervisedSimcse } from '../../core/supervised';
import { TORCH_TRIPLET_DEFAULT_EPS, TRIPLET_FORMS, type TripletForm, tripletLoss } from '../../core/triplet';
import type { CaseResult } from './compare';
import { checkAlignUniformFile, checkNegativeSamplingFile } from './float64GeometryChecks';
import {
  checkFalseNegatives,
  checkFullSoftmax,
  checkHardQuantile,
  checkLogQ,
  checkQueueFile,
} from './float64NegativesChecks';
import { type Expect, eachCase, eachEntry, isObject, type Json, matrix, num, vector } from './float64Record';
import { detectOracleKind } from './kinds';

/** Recomputes every case of a parsed oracle file in float64; an unknown family gives one failed result. */
export function checkFile64(doc: unknown): CaseResult[] {
  const kind = detectOracleKind(doc);
  if (kind === null || !isObject(doc)) {
    return [
      { id: '(file)', failures: ['unknown oracle family: no checker recognises this file'], worstRelErr: 0 },
    ];
  }
  switch (kind) {
    case 'infonce':
      return eachCase(doc.cases, 'case', checkInfoNce);
    case 'supervised':
      return eachCase(doc.cases, 'case', checkSupervised);
    case 'triplet':
      return eachCase(doc.cases, 'case', checkTriplet);
    case 'temperature_limits':
      return eachCase(doc.cases, 'case', checkTemperatureLimits);
    case 'dcl_hcl':
      return eachCase(doc.cases, 'case', checkDebiased);
    case 'align_uniform':
      return checkAlignUniformFile(doc);
    case 'negative_sampling':
      return checkNegativeSamplingFile(doc);
    case 'hard_quantile':
      return eachCase(doc.cases, 'case', checkHardQuantile);
    case 'false_negatives':
      return eachCase(doc.cases, 'case', checkFalseNegatives);
    case 'queue_infonce':
      return checkQueueFile(doc);
    case 'logq_correction':
      return eachCase(doc.cases, 'case', checkLogQ);
    case 'full_softmax':
      return eachCase(doc.cases, 'case', checkFullSoftmax);
  }
}

/** Largest relative error over a file's results (0 when there are none). */
export function worstRelErr(results: readonly CaseResult[]): number {
  return results.reduce((worst, result) => Math.max(worst, result.worstRelErr), 0);
}

// ---- InfoNCE, cross-view, temperature limits ------------------------------------------------------------------

function checkInfoNce(rec: Json, expect: Expect): void {
  const x = matrix(rec, 'x');
  const tau = num(rec, 'tau');
  const res = infoNceUnsup(x, tau);
  expect.equal('N_pairs', x.length / 2);
  expect.equal('dim', x[0]?.length);
  expect.close('x_normalized', res.normalized);
  expect.close('x_norms', res.norms);
  expect.equal('positive_index', res.positiveIndex);
  expect.close('cos_sim', res.cos);
  expect.close('per_anchor_loss', res.perAnchorLoss);
  expect.close('loss', res.loss);
  expect.close('grad_x', res.gradX);
  expect.close('softmax_p', res.p);
  expect.close('neg_weights_r', res.r);
  expect.close('dl_ds_per_anchor', res.dlds);
  expect.close(
    'abs_dl_ds_per_anchor',
    res.dlds.map((row) => row.map(Math.abs)),
  );
  expect.close('dL_dS_mean', res.dLdSMean);
  expect.equal('hardest_negative_index', res.hardestNegative);
  expect.close('neg_weight_entropy', res.negWeightEntropy);
  // The properties the oracle's generator asserts, on our own values (scaled by tau to stay unitless).
  expect.property(
    'softmax rows sum to 1',
    res.p.map(sum),
    res.p.map(() => 1),
  );
  const negativeSum = (row: readonly number[], i: number): number =>
    sum(row.filter((_, j) => j !== i && j !== positiveIndex(i)).map(Math.abs));
  expect.property(
    '|dl/ds_pos| = sum of |dl/ds_neg| (times tau)',
    res.dlds.map((row, i) => Math.abs(row[positiveIndex(i)] ?? Number.NaN) * tau),
    res.dlds.map((row, i) => negativeSum(row, i) * tau),
  );
  expect.property(
    'p_ij = r_ij * sum_neg p (at negatives)',
    res.p.map((row, i) => row.map((pij, j) => (negativeIndices(i, x.length).includes(j) ? pij : 0))),
    res.r.map((row, i) => row.map((rij) => rij * negativeSum(res.p[i] ?? [], i))),
  );
  if ('row_scale' in rec) {
    const scale = vector(rec, 'row_scale');
    const base = infoNceUnsup(
      x.map((row, i) => row.map((v) => v / (scale[i] ?? Number.NaN))),
      tau,
    );
    expect.property('scale invariance: loss of x / row_scale', base.loss, res.loss);
    expect.property(
      'scale invariance: grad of x / row_scale, divided by row_scale',
      base.gradX.map((row, i) => row.map((g) => g / (scale[i] ?? Number.NaN))),
      res.gradX,
    );
  }
  const variant = expect.nested('simcse_code_variant');
  if (variant !== null) {
    const cv = infoNceCrossView(x, tau);
    variant.equal('z1_rows', cv.z1Rows);
    variant.equal('z2_rows', cv.z2Rows);
    variant.close('cos_z1_z2', cv.cos);
    variant.close('softmax', cv.p);
    variant.close('per_row_loss', cv.perRowLoss);
    variant.close('loss', cv.loss);
    variant.close('grad_x', cv.gradX);
  }
}

function checkTemperatureLimits(rec: Json, expect: Expect): void {
  const x = matrix(rec, 'x');
  const limits = temperatureLimits(x);
  expect.equal('N_pairs', x.length / 2);
  expect.equal('dim', x[0]?.length);
  expect.close('cos_sim', cosineMatrix(x));
  expect.equal(
    'positive_index',
    x.map((_, i) => positiveIndex(i)),
  );
  expect.equal('hardest_negative_index', limits.hardestNegative);
  expect.close('s_pos', limits.positiveSimilarity);
  expect.close('s_hardest_neg', limits.hardestNegativeSimilarity);
  expect.close('hinge_per_anchor', limits.hinge);
  expect.close('log_2N_minus_1', limits.logCandidates);
  expect.close('uniform_neg_weight', limits.uniformNegativeWeight);
  const deviations = { onehot: [] as Deviation[], hinge: [] as Deviation[], uniform: [] as Deviation[] };
  const firstOrder: Deviation[] = [];
  eachEntry(expect, 'small_tau', (entry, rec) => {
    const tau = num(rec, 'tau');
    const res = infoNceUnsup(x, tau);
    const tauLoss = res.perAnchorLoss.map((l) => tau * l);
    const devOneHot = maxAbsDifference(res.r, limits.oneHotHardest);
    const devHinge = maxAbsDifference(tauLoss, limits.hinge);
    entry.close('neg_weights_r', res.r);
    entry.close('softmax_p', res.p);
    entry.close('max_abs_dev_r_from_onehot_hardest', devOneHot);
    entry.close('tau_times_per_anchor_loss', tauLoss);
    entry.close('max_abs_dev_tau_loss_from_hinge', devHinge);
    deviations.onehot.push({ closeness: -tau, value: devOneHot });
    deviations.hinge.push({ closeness: -tau, value: devHinge });
  });
  eachEntry(expect, 'large_tau', (entry, rec) => {
    const tau = num(rec, 'tau');
    const res = infoNceUnsup(x, tau);
    const approx = largeTauFirstOrder(x, tau);
    const devUniform = maxAbsDifference(res.r, limits.uniformNegatives);
    const devFirstOrder = maxAbsDifference(res.perAnchorLoss, approx);
    entry.close('neg_weights_r', res.r);
    entry.close('max_abs_dev_r_from_uniform', devUniform);
    entry.close('per_anchor_loss', res.perAnchorLoss);
    entry.close('first_order_approx', approx);
    entry.close('max_abs_dev_loss_from_first_order', devFirstOrder);
    deviations.uniform.push({ closeness: tau, value: devUniform });
    firstOrder.push({ closeness: tau, value: devFirstOrder });
  });
  for (const [name, list] of [...Object.entries(deviations), ['first_order', firstOrder] as const]) {
    const sorted = [...list].sort((a, b) => a.closeness - b.closeness).map((d) => d.value);
    const monotone = sorted.every((value, k) => k === 0 || value <= (sorted[k - 1] ?? 0) + 1e-15);
    expect.comparator.check(
      `property: ${name} deviation shrinks towards the limit`,
      monotone,
      sorted.join(', '),
    );
  }
}

// A deviation from a limit and how close its tau is to that limit (larger = closer).
interface Deviation {
  readonly closeness: number;
  readonly value: number;
}

// ---- supervised SimCSE, triplets, DCL/HCL ---------------------------------------------------------------------

function checkSupervised(rec: Json, expect: Expect): void {
  const z1 = matrix(rec, 'z1_anchor');
  const hardNegativeWeight = 'hard_negative_weight' in rec ? num(rec, 'hard_negative_weight') : 0;
  const res = supervisedSimcse(
    z1,
    matrix(rec, 'z2_positive'),
    matrix(rec, 'z3_hard_negative'),
    num(rec, 'tau'),
    hardNegativeWeight,
  );
  expect.equal('N', z1.length);
  expect.equal('dim', z1[0]?.length);
  expect.close('z1_normalized', res.anchorNormalized);
  expect.close('z2_normalized', res.positiveNormalized);
  expect.close('z3_normalized', res.hardNegativeNormalized);
  expect.close('cos_z1_z2', res.cosPositive);
  expect.close('cos_z1_z3', res.cosHardNegative);
  expect.close('logits', res.logits);
  expect.close('softmax', res.p);
  expect.equal('labels', res.labels);
  expect.close('per_row_loss', res.perRowLoss);
  expect.close('loss', res.loss);
  expect.close('dL_dcos', res.dLdCos);
  expect.close('grad_z1', res.gradAnchor);
  expect.close('grad_z2', res.gradPositive);
  expect.close('grad_z3', res.gradHardNegative);
}

function checkTriplet(rec: Json, expect: Expect): void {
  const anchor = matrix(rec, 'anchor');
  const positive = matrix(rec, 'positive');
  const negative = matrix(rec, 'negative');
  const margin = num(rec, 'margin');
  expect.equal('N', anchor.length);
  expect.equal('dim', anchor[0]?.length);
  const forms = expect.nested('forms');
  for (const form of forms?.keys() ?? []) {
    if (!(TRIPLET_FORMS as readonly string[]).includes(form)) {
      expect.comparator.fail(`forms.${form}: unknown triplet form`);
      continue;
    }
    const res = tripletLoss(anchor, positive, negative, margin, form as TripletForm);
    const entry = forms?.nested(form);
    entry?.close('pre_hinge', res.preHinge);
    entry?.close('per_triplet_loss', res.perTripletLoss);
    entry?.equal('active', res.active);
    entry?.close('loss', res.loss);
    entry?.close('grad_anchor', res.gradAnchor);
    entry?.close('grad_positive', res.gradPositive);
    entry?.close('grad_negative', res.gradNegative);
  }
  expect.close(
    'torch_TripletMarginLoss_default_eps_loss',
    tripletLoss(anchor, positive, negative, margin, 'euclid_raw', TORCH_TRIPLET_DEFAULT_EPS).loss,
  );
}

function checkDebiased(rec: Json, expect: Expect): void {
  const x = matrix(rec, 'x');
  const t = num(rec, 't');
  const tauPlus = num(rec, 'tau_plus');
  const beta = num(rec, 'beta');
  const res = debiasedContrastive(x, { t, tauPlus, beta });
  expect.equal('N_pairs', x.length / 2);
  expect.equal('dim', x[0]?.length);
  expect.close('per_anchor_loss', res.perAnchorLoss);
  expect.close('loss', res.loss);
  expect.close('Ng', res.Ng);
  expect.close('Ng_unclamped', res.NgUnclamped);
  expect.equal('clamp_active', res.clampActive);
  expect.close('clamp_floor', res.clampFloor);
  expect.close('hcl_importance_weights', res.importanceWeights);
  expect.close('grad_x', res.gradX);
  if (tauPlus === 0 && beta === 0) {
    expect.property('tau_plus = 0, beta = 0 is NT-Xent at temperature t', res.loss, infoNceUnsup(x, t).loss);
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
