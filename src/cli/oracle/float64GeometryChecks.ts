// The float64 checks of the geometry families: alignment/uniformity (random pairs, circles, polyhedra, degenerate
// sets, tolerance) and negative selection with MoCHi. Parameters encoded in field names (uniform_t3_x,
// grad_align_alpha2_wrt_y_normalized) are parsed, so files with other parameters are checked too.

import {
  alignment,
  alignmentWithGradient,
  chordAlignment,
  circlePoints,
  circleUniformityClosedForm,
  circleUniformityLimit,
  tolerance,
  uniformity,
  uniformityOfViews,
  uniformityWithGradient,
} from '../../core/geometry';
import { gram, type Matrix, normalizeRows } from '../../core/linalg';
import {
  minScoreGap,
  mochi,
  NEGATIVE_RULES,
  type NegativeRule,
  negativeScores,
  rankDescending,
  topK,
} from '../../core/sampling';
import type { CaseResult } from './compare';
import { type Expect, eachCase, type Json, matrix, num, optionalList, vector } from './float64Record';

/** Every record of an align_uniform file: pairs, circles, circle alignment, polyhedra, degenerate sets, tolerance. */
export function checkAlignUniformFile(doc: Json): CaseResult[] {
  return [
    ...eachCase(doc.pair_cases, 'pair_cases', checkAlignUniformPairs),
    ...eachCase(doc.unit_circle_equally_spaced, 'unit_circle_equally_spaced', checkCircle),
    ...eachCase(optionalList(doc.unit_circle_alignment), 'unit_circle_alignment', checkCircleAlignment),
    ...eachCase(doc.polyhedra, 'polyhedra', checkPointSetUniformity),
    ...eachCase(doc.degenerate, 'degenerate', checkPointSetUniformity),
    ...eachCase(optionalList(doc.tolerance_case), 'tolerance_case', checkTolerance),
  ];
}

/** Every record of a negative_sampling file: the selection cases and the MoCHi case. */
export function checkNegativeSamplingFile(doc: Json): CaseResult[] {
  return [
    ...eachCase(doc.selection_cases, 'selection_cases', checkSelection),
    ...eachCase(optionalList(doc.mochi_case), 'mochi_case', checkMochi),
  ];
}

// ---- alignment and uniformity ---------------------------------------------------------------------------------

const ALIGN_KEY = /^align_alpha(\d+(?:\.\d+)?)$/;
const UNIFORM_KEY = /^uniform_t(\d+(?:\.\d+)?)(?:_(x|y|avg_xy))?$/;
const GRAD_KEY = /^grad_(align_alpha|uniform_t)(\d+(?:\.\d+)?)_wrt_(x|y)_(normalized|raw)$/;

// Every align_alpha<A>, uniform_t<T>[_x|_y|_avg_xy] and grad_..._wrt_<x|y>_<normalized|raw> field of a record.
function checkNamedMetrics(expect: Expect, x: Matrix, y: Matrix | null): void {
  for (const key of expect.keys()) {
    const align = ALIGN_KEY.exec(key);
    const unif = UNIFORM_KEY.exec(key);
    const grad = GRAD_KEY.exec(key);
    if (align && y !== null) expect.close(key, alignment(x, y, Number(align[1])));
    if (unif) {
      const t = Number(unif[1]);
      const which = unif[2] ?? 'x';
      if (which === 'avg_xy') {
        if (y !== null) expect.close(key, uniformityOfViews(x, y, t));
      } else if (which === 'x' || y !== null) {
        expect.close(key, uniformity(which === 'y' && y !== null ? y : x, t));
      }
    }
    if (grad) {
      const [, metric, param, wrt, space] = grad;
      const value = Number(param);
      if (metric === 'align_alpha' && y !== null) {
        const res = alignmentWithGradient(x, y, value);
        const pick = wrt === 'x' ? [res.gradXNormalized, res.gradX] : [res.gradYNormalized, res.gradY];
        expect.close(key, space === 'normalized' ? pick[0] : pick[1]);
      } else if (metric === 'uniform_t') {
        const res = uniformityWithGradient(wrt === 'y' && y !== null ? y : x, value);
        expect.close(key, space === 'normalized' ? res.gradNormalized : res.gradX);
      }
    }
  }
}

function checkAlignUniformPairs(rec: Json, expect: Expect): void {
  const x = matrix(rec, 'x');
  const y = matrix(rec, 'y');
  expect.equal('N', x.length);
  expect.equal('dim', x[0]?.length);
  expect.close('x_normalized', normalizeRows(x).unit);
  expect.close('y_normalized', normalizeRows(y).unit);
  checkNamedMetrics(expect, x, y);
}

function checkCircle(rec: Json, expect: Expect): void {
  const k = num(rec, 'k');
  const t = num(rec, 't');
  const phase = num(rec, 'phase');
  // Stored points (possibly with random radii) when present; otherwise rebuilt from the stated rule.
  const fromRule = circlePoints(k, phase);
  const points = 'points' in rec ? matrix(rec, 'points') : fromRule;
  expect.close('points_normalized', normalizeRows(points).unit);
  if ('points_normalized' in rec)
    expect.property('points_normalized follow the rule', fromRule, rec.points_normalized);
  const computed = uniformity(points, t);
  const closedForm = circleUniformityClosedForm(k, t);
  const limit = circleUniformityLimit(t);
  expect.close('uniform_computed', computed);
  expect.close('uniform_closed_form', closedForm);
  expect.close('continuous_uniform_limit', limit);
  expect.property('computed uniformity equals the closed form', computed, closedForm);
  if (k >= 2) {
    expect.comparator.check(
      'property: finite k lies below the continuous limit',
      closedForm <= limit + 1e-12,
    );
  }
}

function checkCircleAlignment(rec: Json, expect: Expect): void {
  const x = matrix(rec, 'x');
  const y = matrix(rec, 'y');
  const delta = num(rec, 'delta');
  checkNamedMetrics(expect, x, y);
  for (const key of expect.keys()) {
    const closed = /^align_alpha(\d+(?:\.\d+)?)_closed_form$/.exec(key);
    if (!closed) continue;
    const alpha = Number(closed[1]);
    expect.close(key, chordAlignment(delta, alpha));
    expect.property(
      `align_alpha${closed[1]} equals the closed form`,
      alignment(x, y, alpha),
      chordAlignment(delta, alpha),
    );
  }
}

// Polyhedra and degenerate sets: the uniformity of the stored points against the computed and the closed value.
function checkPointSetUniformity(rec: Json, expect: Expect): void {
  const points = matrix(rec, 'points');
  const t = 't' in rec ? num(rec, 't') : 2;
  const value = uniformity(points, t);
  expect.close('uniform_computed', value);
  expect.close('uniform_closed_form', value);
  expect.close('expected', value);
  checkNamedMetrics(expect, points, null);
}

function checkTolerance(rec: Json, expect: Expect): void {
  const x = matrix(rec, 'x');
  const res = tolerance(x, vector(rec, 'labels'));
  expect.close('x_normalized', normalizeRows(x).unit);
  expect.close('tolerance_same_class_mean', res.sameClassMean);
  expect.close('tolerance_indicator_expectation', res.indicatorExpectation);
  checkNamedMetrics(expect, x, null);
}

// ---- negative selection and MoCHi -----------------------------------------------------------------------------

function checkSelection(rec: Json, expect: Expect): void {
  const anchor = vector(rec, 'anchor');
  const positive = vector(rec, 'positive');
  const pool = matrix(rec, 'pool');
  const k = num(rec, 'k');
  expect.equal('dim', anchor.length);
  expect.equal('pool_size', pool.length);
  expect.close('cos_anchor_pool', negativeScores(anchor, positive, pool, 'nearest_to_anchor_cos'));
  expect.close('cos_positive_pool', negativeScores(anchor, positive, pool, 'nearest_to_positive_cos'));
  expect.close('dot_anchor_pool', gram([anchor], pool)[0]);
  expect.close('dot_positive_pool', gram([positive], pool)[0]);
  const sections = ['scores', 'ranking_desc', 'top_k', 'min_score_gap'] as const;
  const rules = new Set(sections.flatMap((section) => expect.nested(section)?.keys() ?? []));
  for (const rule of rules) {
    if (!(NEGATIVE_RULES as readonly string[]).includes(rule)) {
      expect.comparator.fail(`${rule}: unknown negative-selection rule`);
      continue;
    }
    const scores = negativeScores(anchor, positive, pool, rule as NegativeRule);
    expect.nested('scores')?.close(rule, scores);
    expect.nested('ranking_desc')?.equal(rule, rankDescending(scores));
    expect.nested('top_k')?.equal(rule, topK(scores, k));
    expect.nested('min_score_gap')?.close(rule, minScoreGap(scores));
  }
}

function checkMochi(rec: Json, expect: Expect): void {
  const mixPairs = matrix(rec, 'mix_pairs_rank_i_rank_j_alpha').map(
    (row) => [row[0] ?? Number.NaN, row[1] ?? Number.NaN, row[2] ?? Number.NaN] as const,
  );
  const queryMixes = matrix(rec, 'query_mix_rank_j_beta').map(
    (row) => [row[0] ?? Number.NaN, row[1] ?? Number.NaN] as const,
  );
  const res = mochi({
    query: vector(rec, 'q_raw'),
    key: vector(rec, 'key_normalized'),
    queue: matrix(rec, 'queue_normalized'),
    tau: num(rec, 'tau'),
    hardestCount: num(rec, 'N_hardest'),
    mixPairs,
    queryMixes,
  });
  expect.equal('queue_size', matrix(rec, 'queue_normalized').length);
  expect.close('q_normalized', res.queryNormalized);
  expect.close('q_dot_queue', res.queryDotQueue);
  expect.equal('hardest_queue_indices', res.hardestQueueIndices);
  expect.close('synthetic_h', res.syntheticH);
  expect.close('q_dot_synthetic_h', res.queryDotH);
  expect.close('synthetic_h_prime', res.syntheticHPrime);
  expect.close('q_dot_synthetic_h_prime', res.queryDotHPrime);
  expect.close('q_dot_source_negative_of_h_prime', res.queryDotSourceOfHPrime);
  expect.close('logits_without_synthetic', res.logitsWithoutSynthetic);
  expect.close('logits_with_synthetic', res.logitsWithSynthetic);
  expect.close('loss_without_synthetic', res.lossWithoutSynthetic);
  expect.close('loss_with_synthetic', res.lossWithSynthetic);
  expect.close('grad_q_raw_without_synthetic', res.gradQueryWithoutSynthetic);
  expect.close('grad_q_raw_with_synthetic', res.gradQueryWithSynthetic);
  res.queryDotHPrime.forEach((value, s) => {
    const source = res.queryDotSourceOfHPrime[s] ?? Number.NaN;
    expect.comparator.check(`property: h'[${s}] is no easier than its source`, value >= source - 1e-12);
  });
}
