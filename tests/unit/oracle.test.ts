// The float64 core against every golden file in tests/oracle, through the same checkFile64 the CLI runs: one test
// per oracle case, so a report names the case that broke. Also checks that the checker recomputes from inputs
// (perturbed inputs fail), does not depend on case ids or order, and fails a copy of a record whose stored
// outputs were changed (so no family's check can pass vacuously).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkFile64, worstRelErr } from '../../src/cli/oracle/float64Checks';
import { detectOracleKind, type OracleKind } from '../../src/cli/oracle/kinds';
import { falseNegatives, hardNegativeKeepCount, hardQuantile } from '../../src/core/negatives';
import {
  fullSoftmax,
  logQCorrection,
  momentumSteps,
  momentumUpdate,
  positiveAwareFilter,
} from '../../src/core/negativesRetrieval';

const oracleDir = fileURLToPath(new URL('../oracle/', import.meta.url));
const files = readdirSync(oracleDir)
  .filter((name) => name.endsWith('.json'))
  .sort();
const load = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(oracleDir, name), 'utf8')) as Record<string, unknown>;

describe('oracle files are present', () => {
  it('finds the twelve golden files', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });
});

for (const file of files) {
  describe(file, () => {
    const results = checkFile64(load(file));

    it('is recognised and has cases', () => {
      expect(results.length).toBeGreaterThan(0);
      expect(results[0]?.failures).not.toContain('unknown oracle family: no checker recognises this file');
    });

    for (const result of results) {
      it(result.id, () => {
        expect(result.failures).toEqual([]);
      });
    }

    it('float64 worst relative error is below 1e-9', () => {
      expect(worstRelErr(results)).toBeLessThan(1e-9);
    });
  });
}

describe('checkFile64 recomputes from inputs', () => {
  const infonce = load('infonce_unsup.json');
  const cases = infonce.cases as Record<string, unknown>[];

  it('does not depend on case ids or their order', () => {
    const renamed = { ...infonce, cases: [...cases].reverse().map((c, i) => ({ ...c, id: `renamed_${i}` })) };
    const results = checkFile64(renamed);
    expect(results.map((r) => r.id)).toEqual(cases.map((_, i) => `renamed_${i}`));
    expect(results.flatMap((r) => r.failures)).toEqual([]);
  });

  it('fails a case whose input no longer matches its stored outputs', () => {
    const first = cases[0] as { x: number[][]; tau: number };
    const perturbed = {
      ...first,
      x: first.x.map((row, i) => (i === 0 ? row.map((v) => v * 1.001 + 0.01) : row)),
    };
    const [result] = checkFile64({ ...infonce, cases: [perturbed] });
    expect(result?.failures.some((f) => f.startsWith('loss'))).toBe(true);
    const [otherTau] = checkFile64({ ...infonce, cases: [{ ...first, tau: first.tau * 2 }] });
    expect(otherTau?.failures.length).toBeGreaterThan(0);
  });

  it('rebuilds unit-circle points from the stated rule when they are omitted', () => {
    const geometry = load('align_uniform.json');
    const circles = (geometry.unit_circle_equally_spaced as Record<string, unknown>[]).map(
      ({ points: _points, points_normalized: _normalized, ...rest }) => rest,
    );
    const results = checkFile64({ ...geometry, unit_circle_equally_spaced: circles });
    expect(results.flatMap((r) => r.failures)).toEqual([]);
  });

  it('reports a missing input as a failure of that case only', () => {
    const { x: _x, ...withoutX } = cases[1] as Record<string, unknown>;
    const results = checkFile64({ ...infonce, cases: [cases[0], withoutX] });
    expect(results[0]?.failures).toEqual([]);
    expect(results[1]?.failures).toEqual(['error: missing input field x']);
  });

  it('answers an unknown family with one failed result', () => {
    const results = checkFile64({ something: 'else' });
    expect(results).toHaveLength(1);
    expect(results[0]?.failures[0]).toMatch(/unknown oracle family/);
  });
});

// ---- the negatives families -----------------------------------------------------------------------------------

type Path = readonly (string | number)[];

/** A deep copy of rec with the value at path changed: a number moved by about 1%, a flag flipped, null set. */
function tampered(rec: unknown, path: Path): unknown {
  const copy = structuredClone(rec) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  const value = parent[last];
  if (typeof value === 'number') parent[last] = value * 1.01 + 0.01;
  else if (typeof value === 'boolean') parent[last] = !value;
  else if (value === null) parent[last] = 0.5;
  else throw new Error(`cannot tamper with ${path.join('.')}`);
  return copy;
}

/** Per family: which case to tamper with (section and index) and the stored outputs to change, one at a time. */
const TAMPERING: Record<string, { kind: OracleKind; section: string; index: number; paths: Path[] }[]> = {
  'hard_quantile.json': [
    {
      kind: 'hard_quantile',
      section: 'cases',
      index: 1, // alpha 0.5: some negatives dropped
      paths: [
        ['loss'],
        ['per_anchor_loss', 2],
        ['grad_x', 3, 1],
        ['kept_mask', 1, 7],
        ['kept_indices_desc', 0, 0],
        ['threshold_s_alpha', 4],
        ['selection_margin', 5],
        ['softmax_p', 0, 1],
        ['dl_ds_per_anchor', 2, 3],
        ['k_kept'],
      ],
    },
    {
      kind: 'hard_quantile',
      section: 'cases',
      index: 0,
      paths: [['selection_margin'], ['largest_dropped_s']],
    },
  ],
  'false_negatives.json': [
    {
      kind: 'false_negatives',
      section: 'cases',
      index: 3, // labels [0,1,0,1]: two false negatives per anchor
      paths: [
        ['infonce', 'loss'],
        ['elimination', 'loss'],
        ['attraction', 'loss'],
        ['elimination', 'per_anchor_loss', 0],
        ['attraction', 'grad_x', 1, 1],
        ['elimination', 'softmax_p', 0, 1],
        ['attraction', 'target_weights', 0, 4],
        ['attraction', 'fnc_code_total_loss'],
        ['false_negative_mask', 0, 4],
        ['n_false_negatives', 2],
        ['anchor_has_no_true_negative', 0],
        ['neg_weights_r', 0, 2],
        ['fn_weight_share_r', 1],
      ],
    },
  ],
  'queue_infonce.json': [
    {
      kind: 'queue_infonce',
      section: 'cases',
      index: 0,
      paths: [
        ['loss'],
        ['per_query_loss', 1],
        ['grad_q_raw', 0, 0],
        ['softmax', 1, 3],
        ['l_neg', 0, 5],
        ['logits', 2, 0],
        ['filtered', 0, 'loss'],
        ['filtered', 0, 'kept_mask', 1, 7],
        ['filtered', 1, 'grad_q_raw', 3, 2],
        ['filtered', 1, 'threshold', 0],
        ['filtered', 0, 'n_kept', 3],
      ],
    },
    {
      kind: 'queue_infonce',
      section: 'momentum_cases',
      index: 0,
      paths: [
        ['p_k_updated', 0],
        ['p_k_after_steps_fixed_p_q', 2],
        ['closed_form_after_steps', 1],
        ['one_minus_m'],
      ],
    },
  ],
  'logq_correction.json': [
    {
      kind: 'logq_correction',
      section: 'cases',
      index: 0,
      paths: [
        ['corrected', 'loss'],
        ['uncorrected', 'loss'],
        ['corrected', 'grad_u_raw', 0, 0],
        ['uncorrected', 'grad_v_raw', 1, 1],
        ['corrected', 'logits', 0, 1],
        ['corrected', 'loss_sum_tfrs_default_reduction'],
        ['minus_log_p_clipped', 2],
        ['p_clipped', 0],
      ],
    },
  ],
  'full_softmax.json': [
    {
      kind: 'full_softmax',
      section: 'cases',
      index: 0,
      paths: [
        ['loss'],
        ['per_anchor_loss', 1],
        ['grad_anchors_raw', 0, 0],
        ['grad_corpus_raw', 7, 2],
        ['softmax', 0, 5],
        ['in_batch', 'loss'],
        ['in_batch', 'grad_anchors_raw', 2, 1],
        ['in_batch', 'columns', 0],
      ],
    },
  ],
};

for (const [file, plans] of Object.entries(TAMPERING)) {
  describe(`${file}: the float64 check is not vacuous`, () => {
    const doc = load(file);

    it(`is detected as ${plans[0]?.kind} from its fields, whatever its cases are called`, () => {
      expect(detectOracleKind(doc)).toBe(plans[0]?.kind);
      const renamed = Object.fromEntries(
        Object.entries(doc).map(([key, value]) => [
          key,
          Array.isArray(value) ? [...value].reverse().map((c, i) => ({ ...c, id: `other_${i}` })) : value,
        ]),
      );
      const results = checkFile64(renamed);
      expect(results.every((r) => r.id.startsWith('other_'))).toBe(true);
      expect(results.flatMap((r) => r.failures)).toEqual([]);
    });

    for (const { section, index, paths } of plans) {
      const record = (doc[section] as unknown[])[index];
      const only = (rec: unknown) => ({ ...doc, cases: [], momentum_cases: [], [section]: [rec] });

      it(`${section}[${index}] as stored passes`, () => {
        expect(checkFile64(only(record)).flatMap((r) => r.failures)).toEqual([]);
      });

      it.each(paths.map((path) => [path.join('.'), path] as const))(
        `${section}[${index}] with %s changed fails`,
        (_, path) => {
          const failures = checkFile64(only(tampered(record, path))).flatMap((r) => r.failures);
          expect(failures.length).toBeGreaterThan(0);
        },
      );
    }
  });
}

describe('the negatives families recompute from their inputs', () => {
  it('hard_quantile: another alpha selects another k and fails', () => {
    const doc = load('hard_quantile.json');
    const alphaHalf = (doc.cases as Record<string, unknown>[])[1]; // alpha 0.5, k = 3 of M = 6
    const [result] = checkFile64({ ...doc, cases: [{ ...alphaHalf, alpha: 0.25 }] });
    expect(result?.failures.some((f) => f.startsWith('k_kept'))).toBe(true);
  });

  it('false_negatives: other labels give other masks and fail', () => {
    const doc = load('false_negatives.json');
    const rec = (doc.cases as Record<string, unknown>[])[3] as { labels: number[] };
    const [result] = checkFile64({ ...doc, cases: [{ ...rec, labels: rec.labels.map((_, i) => i >> 1) }] });
    expect(result?.failures.some((f) => f.startsWith('false_negative_mask'))).toBe(true);
  });

  it('logq_correction: other sampling probabilities change the corrected loss only', () => {
    const doc = load('logq_correction.json');
    const rec = (doc.cases as Record<string, unknown>[])[0] as { item_prob_p: number[] };
    const [result] = checkFile64({
      ...doc,
      cases: [{ ...rec, item_prob_p: rec.item_prob_p.map((p, j) => (j === 0 ? p / 2 : p)) }],
    });
    const failures = result?.failures ?? [];
    expect(failures.some((f) => f.startsWith('corrected.loss'))).toBe(true);
    expect(failures.some((f) => f.startsWith('uncorrected.'))).toBe(false);
  });

  it('queue_infonce: a file of momentum cases alone is recognised and checked', () => {
    const { cases: _cases, ...momentumOnly } = load('queue_infonce.json');
    expect(detectOracleKind(momentumOnly)).toBe('queue_infonce');
    const results = checkFile64(momentumOnly);
    expect(results.map((r) => r.id)).toEqual(['momentum_m0.9', 'momentum_m0.995']);
    expect(results.flatMap((r) => r.failures)).toEqual([]);
  });
});

describe('the negatives core refuses bad arguments with invalid <name>', () => {
  const x = [
    [1, 0],
    [0.9, 0.1],
    [0, 1],
    [0.2, 0.8],
  ];

  it('counts kept negatives on alpha as written, exactly', () => {
    expect(hardNegativeKeepCount(0.1, 30)).toBe(3); // 0.1 * 30 is 3.0000000000000004 in float64
    expect(hardNegativeKeepCount(0.5, 6)).toBe(3);
    expect(hardNegativeKeepCount(0.01, 6)).toBe(1);
    expect(hardNegativeKeepCount(1e-7, 6)).toBe(1);
    expect(() => hardNegativeKeepCount(0, 6)).toThrow('invalid alpha: 0');
    expect(() => hardNegativeKeepCount(1.5, 6)).toThrow('invalid alpha: 1.5');
    expect(() => hardNegativeKeepCount(0.5, 0)).toThrow('invalid count: 0');
  });

  it('checks each family input', () => {
    expect(() => hardQuantile(x, 0, 0.5)).toThrow('invalid tau: 0');
    expect(() => falseNegatives(x, [0, 0, 1], 0.2)).toThrow('invalid labels: 3 labels for 4 rows');
    expect(() => fullSoftmax(x, x, [1, 1, 2, 3], 0.2)).toThrow('invalid positiveIndex: 1,1,2,3');
    expect(() => logQCorrection(x, x, [0.1, -0.1, 0.2, 0.3], 0.2)).toThrow('invalid itemProbability: -0.1');
    expect(() => momentumUpdate([1, 2], [3, 4], 1.5)).toThrow('invalid m: 1.5');
    expect(() => momentumSteps([1, 2], [3], 0.9, 2)).toThrow('invalid queryParams: length 1, not 2');
    expect(() => positiveAwareFilter([0.5], [[0.1]], Number.NaN)).toThrow('invalid perc: NaN');
  });
});
