// The tf.js half of the oracle check: recomputes every training-loss case of an oracle file from its stored
// inputs with the engine's float32 losses (src/engine/losses.ts) and compares values and autograd gradients
// with FLOAT32_TOLERANCE. Nothing here is keyed on case ids: any file in the oracle's format can be fed in.
import * as tf from '@tensorflow/tfjs';
import {
  crossViewLoss,
  crossViewPerRow,
  dclHclLoss,
  dclHclPerAnchor,
  infoNceLoss,
  infoNcePerAnchor,
  infoNceWeights,
  supervisedLoss,
  supervisedPerRow,
  TRIPLET_FORMS,
  type TripletForm,
  tripletLoss,
  tripletPreHinge,
} from '../../engine/losses';
import { BatchMasks, batchCosineSimilarity, cosineMatrix } from '../../engine/lossParts';
import { ensureNodeBackend } from '../../engine/nodeBackend';
import { CaseComparator, type CaseResult, FLOAT32_TOLERANCE } from './compare';
import { detectOracleKind, type OracleKind } from './kinds';
import {
  checkFalseNegativesTf,
  checkFullSoftmaxTf,
  checkHardQuantileTf,
  checkLogQTf,
  checkMomentumTf,
  checkQueueTf,
} from './tfNegativesChecks';
import {
  type CaseCheck,
  closeIfPresent,
  isObject,
  lossAndGrads,
  matrixField,
  numberField,
  objectField,
  unsupervisedBatch,
  withMasks,
} from './tfRecord';

const checkInfoNce: CaseCheck = (record, cmp) => {
  const tau = numberField(record, 'tau');
  const { x, masks } = unsupervisedBatch(record);
  withMasks(masks, () => {
    const sim = batchCosineSimilarity(x);
    closeIfPresent(cmp, '', record, 'cos_sim', () => sim.arraySync());
    closeIfPresent(cmp, '', record, 'per_anchor_loss', () => infoNcePerAnchor(x, tau, masks).arraySync());
    const weights = infoNceWeights(sim, tau, masks);
    closeIfPresent(cmp, '', record, 'softmax_p', () => weights.p.arraySync());
    closeIfPresent(cmp, '', record, 'neg_weights_r', () => weights.r.arraySync());
    const { loss, grads } = lossAndGrads((xt) => infoNceLoss(xt, tau, masks), [x]);
    cmp.close('loss', loss, record.loss);
    closeIfPresent(cmp, '', record, 'grad_x', () => grads[0]);

    if (!('simcse_code_variant' in record)) return;
    const variant = objectField(record, 'simcse_code_variant');
    const prefix = 'simcse_code_variant.';
    closeIfPresent(cmp, prefix, variant, 'per_row_loss', () => crossViewPerRow(x, tau, masks).arraySync());
    const cross = lossAndGrads((xt) => crossViewLoss(xt, tau, masks), [x]);
    cmp.close(`${prefix}loss`, cross.loss, variant.loss);
    closeIfPresent(cmp, prefix, variant, 'grad_x', () => cross.grads[0]);
  });
};

const checkSupervised: CaseCheck = (record, cmp) => {
  const tau = numberField(record, 'tau');
  const w = 'hard_negative_weight' in record ? numberField(record, 'hard_negative_weight') : 0;
  const z = ['z1_anchor', 'z2_positive', 'z3_hard_negative'].map((key) => matrixField(record, key));
  const [z1, z2, z3] = z.map((rows) => tf.tensor2d(rows)) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  withMasks(new BatchMasks(z1.shape[0]), (masks) => {
    closeIfPresent(cmp, '', record, 'cos_z1_z2', () => cosineMatrix(z1, z2).arraySync());
    closeIfPresent(cmp, '', record, 'cos_z1_z3', () => cosineMatrix(z1, z3).arraySync());
    closeIfPresent(cmp, '', record, 'per_row_loss', () =>
      supervisedPerRow(z1, z2, z3, tau, w, masks).arraySync(),
    );
    const { loss, grads } = lossAndGrads((a, p, n) => supervisedLoss(a, p, n, tau, w, masks), [z1, z2, z3]);
    cmp.close('loss', loss, record.loss);
    ['grad_z1', 'grad_z2', 'grad_z3'].forEach((key, i) => {
      closeIfPresent(cmp, '', record, key, () => grads[i]);
    });
  });
};

const checkTriplet: CaseCheck = (record, cmp) => {
  const margin = numberField(record, 'margin');
  const [a, p, n] = ['anchor', 'positive', 'negative'].map((key) =>
    tf.tensor2d(matrixField(record, key)),
  ) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  const forms = objectField(record, 'forms');
  for (const [name, expected] of Object.entries(forms)) {
    const prefix = `forms.${name}.`;
    if (!TRIPLET_FORMS.includes(name as TripletForm)) {
      cmp.fail(`forms.${name}: unknown triplet form`);
      continue;
    }
    if (!isObject(expected)) {
      cmp.fail(`forms.${name}: not an object`);
      continue;
    }
    const form = name as TripletForm;
    const pre = tripletPreHinge(a, p, n, form, margin).arraySync();
    closeIfPresent(cmp, prefix, expected, 'pre_hinge', () => pre);
    closeIfPresent(cmp, prefix, expected, 'per_triplet_loss', () => pre.map((v) => Math.max(0, v)));
    if ('active' in expected)
      cmp.equal(
        `${prefix}active`,
        pre.map((v) => v > 0),
        expected.active,
      );
    const { loss, grads } = lossAndGrads((aa, pp, nn) => tripletLoss(aa, pp, nn, form, margin), [a, p, n]);
    cmp.close(`${prefix}loss`, loss, expected.loss);
    ['grad_anchor', 'grad_positive', 'grad_negative'].forEach((key, i) => {
      closeIfPresent(cmp, prefix, expected, key, () => grads[i]);
    });
  }
};

const checkDclHcl: CaseCheck = (record, cmp) => {
  const params = {
    t: numberField(record, 't'),
    tauPlus: numberField(record, 'tau_plus'),
    beta: numberField(record, 'beta'),
  };
  const { x, masks } = unsupervisedBatch(record);
  withMasks(masks, () => {
    closeIfPresent(cmp, '', record, 'per_anchor_loss', () => dclHclPerAnchor(x, params, masks).arraySync());
    const { loss, grads } = lossAndGrads((xt) => dclHclLoss(xt, params, masks), [x]);
    cmp.close('loss', loss, record.loss);
    closeIfPresent(cmp, '', record, 'grad_x', () => grads[0]);
  });
};

/** temperature_limits: the InfoNCE per-anchor losses and weights at every tau, and finite gradients there. */
const checkTemperatureLimits: CaseCheck = (record, cmp) => {
  const { x, masks } = unsupervisedBatch(record);
  withMasks(masks, () => {
    const sim = batchCosineSimilarity(x);
    closeIfPresent(cmp, '', record, 'cos_sim', () => sim.arraySync());
    for (const section of ['small_tau', 'large_tau']) {
      const entries = record[section];
      if (entries === undefined) continue;
      if (!Array.isArray(entries)) throw new Error(`field ${section}: not a list`);
      entries.forEach((entry: unknown, k) => {
        if (!isObject(entry)) throw new Error(`field ${section}[${k}]: not an object`);
        const tau = numberField(entry, 'tau');
        const prefix = `${section}[${k}](tau=${tau}).`;
        tf.tidy(() => {
          const perAnchor = infoNcePerAnchor(x, tau, masks).arraySync();
          closeIfPresent(cmp, prefix, entry, 'per_anchor_loss', () => perAnchor);
          closeIfPresent(cmp, prefix, entry, 'tau_times_per_anchor_loss', () =>
            perAnchor.map((l) => tau * l),
          );
          const weights = infoNceWeights(sim, tau, masks);
          closeIfPresent(cmp, prefix, entry, 'softmax_p', () => weights.p.arraySync());
          closeIfPresent(cmp, prefix, entry, 'neg_weights_r', () => weights.r.arraySync());
          const grad = lossAndGrads((xt) => infoNceLoss(xt, tau, masks), [x]).grads[0] ?? [];
          cmp.check(`${prefix}grad_x finite`, grad.flat().every(Number.isFinite));
        });
      });
    }
  });
};

// The sections of each family's file that hold cases, with the check of one case of each.
const CHECKS: Partial<Record<OracleKind, Readonly<Record<string, CaseCheck>>>> = {
  infonce: { cases: checkInfoNce },
  supervised: { cases: checkSupervised },
  triplet: { cases: checkTriplet },
  dcl_hcl: { cases: checkDclHcl },
  temperature_limits: { cases: checkTemperatureLimits },
  hard_quantile: { cases: checkHardQuantileTf },
  false_negatives: { cases: checkFalseNegativesTf },
  queue_infonce: { cases: checkQueueTf, momentum_cases: checkMomentumTf },
  logq_correction: { cases: checkLogQTf },
  full_softmax: { cases: checkFullSoftmaxTf },
};

/**
 * Checks every case of a parsed oracle file of a training-loss family (infonce with its simcse_code_variant,
 * supervised, triplet, dcl_hcl, temperature_limits, and the negatives families: hard_quantile,
 * false_negatives, queue_infonce with its momentum cases, logq_correction, full_softmax) with the tf.js float32
 * losses on the Node backend; null for other families (align_uniform, negative_sampling) and unrecognised
 * files. Never throws on bad input: a malformed case comes back as a failure.
 */
export async function checkFileTf(doc: unknown): Promise<CaseResult[] | null> {
  const kind = detectOracleKind(doc);
  const sections = kind === null ? undefined : CHECKS[kind];
  if (sections === undefined || !isObject(doc)) return null;
  await ensureNodeBackend();
  return Object.entries(sections).flatMap(([section, check]) => {
    const records = doc[section];
    if (records === undefined) return [];
    // Ids of records without one match the float64 half's (case[i], momentum_cases[i]), so the CLI counts once.
    const label = section === 'cases' ? 'case' : section;
    if (!Array.isArray(records)) {
      return [{ id: label, failures: [`${section} is not a list`], worstRelErr: 0 }];
    }
    return records.map((record: unknown, i) => {
      const id = isObject(record) && typeof record.id === 'string' ? record.id : `${label}[${i}]`;
      const cmp = new CaseComparator(id, FLOAT32_TOLERANCE);
      try {
        if (!isObject(record)) throw new Error('case is not an object');
        tf.tidy(() => check(record, cmp));
      } catch (error) {
        // A malformed field or an out-of-range parameter (tau <= 0, ...) is the file's fault: report, go on.
        cmp.fail(`cannot evaluate: ${error instanceof Error ? error.message : String(error)}`);
      }
      return cmp.result();
    });
  });
}
