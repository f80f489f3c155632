// The tf.js losses against the oracle (through the same checkFileTf the oracle CLI runs), plus the properties
// the hot loop relies on: no leaked tensors, finite values and gradients at tau = 1e-4 and 1e4, an exactly inert
// masked diagonal, and cached masks.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult } from '../../src/cli/oracle/compare';
import { checkFileTf } from '../../src/cli/oracle/tfChecks';
import {
  crossViewLoss,
  dclHclLoss,
  infoNceFromSimilarity,
  infoNceLoss,
  supervisedLoss,
  TRIPLET_FORMS,
  tripletLoss,
} from '../../src/engine/losses';
import { BatchMasks, batchCosineSimilarity } from '../../src/engine/lossParts';
import { ensureNodeBackend } from '../../src/engine/nodeBackend';

type OracleDoc = { cases: { id: string }[] } & Record<string, unknown>;

const readOracle = (name: string): OracleDoc =>
  JSON.parse(readFileSync(new URL(`../oracle/${name}.json`, import.meta.url), 'utf8')) as OracleDoc;

const TRAINING_FILES = ['infonce_unsup', 'simcse_supervised', 'triplet', 'dcl_hcl', 'temperature_limits'];
const worstByFile = new Map<string, number>();

beforeAll(async () => {
  expect(await ensureNodeBackend()).toBe('wasm');
});

afterAll(() => {
  const lines = [...worstByFile].map(([file, worst]) => `  ${file}: ${worst.toExponential(2)}`);
  console.log(`worst float32 relative error per oracle file (CaseComparator):\n${lines.join('\n')}`);
});

for (const file of TRAINING_FILES) {
  describe(`oracle ${file}.json via checkFileTf (float32)`, () => {
    const doc = readOracle(file);
    const results = new Map<string, CaseResult>();
    let leaked = Number.NaN;

    beforeAll(async () => {
      await ensureNodeBackend();
      const before = tf.memory().numTensors;
      const list = await checkFileTf(doc);
      leaked = tf.memory().numTensors - before;
      for (const result of list ?? []) results.set(result.id, result);
      worstByFile.set(file, Math.max(0, ...(list ?? []).map((r) => r.worstRelErr)));
    });

    it('checks every case and leaks no tensor', () => {
      expect(results.size).toBe(doc.cases.length);
      expect(leaked).toBe(0);
    });

    it.each(doc.cases.map((c) => c.id))('%s', (id) => {
      const result = results.get(id);
      expect(result).toBeDefined();
      expect(result?.failures).toEqual([]);
    });
  });
}

describe('checkFileTf outside the training losses', () => {
  it('returns null for align_uniform, negative_sampling and unknown files', async () => {
    expect(await checkFileTf(readOracle('align_uniform'))).toBeNull();
    expect(await checkFileTf(readOracle('negative_sampling'))).toBeNull();
    expect(await checkFileTf({ cases: [{ foo: 1 }] })).toBeNull();
  });

  it('reports a malformed case as a failure instead of throwing', async () => {
    const doc = readOracle('infonce_unsup');
    const [first] = doc.cases;
    const broken = { ...first, id: 'broken', x: [[1, 2], [3]] };
    const badTau = { ...first, id: 'bad-tau', tau: -1 };
    const results = await checkFileTf({ ...doc, cases: [first, broken, badTau] });
    expect(results?.map((r) => [r.id, r.failures.length > 0])).toEqual([
      [first?.id, false],
      ['broken', true],
      ['bad-tau', true],
    ]);
    expect(results?.[2]?.failures[0]).toMatch(/invalid tau: -1/);
  });
});

const randomBatch = (rows: number, dim: number, seed: number): tf.Tensor2D =>
  tf.tidy(() =>
    tf.mul(
      tf.randomNormal([rows, dim], 0, 1, 'float32', seed),
      tf.randomUniform([rows, 1], 0.5, 3, 'float32', seed + 1),
    ),
  );

/** Masks for a 2N-row batch, and for the N' = floor(2N/3) triplets cut from it. */
const masksFor = (rows: number) => ({
  pairs: new BatchMasks(rows / 2),
  triplets: new BatchMasks(Math.floor(rows / 3)),
});

/** Every loss as a function of one raw 2N x d batch (supervised and triplet use its thirds). */
function lossesOf(
  { pairs: masks, triplets: tripletMasks }: ReturnType<typeof masksFor>,
  tau: number,
): [string, (x: tf.Tensor2D) => tf.Scalar][] {
  const withTriplets =
    (f: (a: tf.Tensor2D, p: tf.Tensor2D, q: tf.Tensor2D) => tf.Scalar) => (x: tf.Tensor2D) => {
      const n = tripletMasks.pairs;
      const [a, p, q] = tf.split(tf.slice(x, [0, 0], [3 * n, -1]), 3) as [
        tf.Tensor2D,
        tf.Tensor2D,
        tf.Tensor2D,
      ];
      return f(a, p, q);
    };
  return [
    ['infonce', (x) => infoNceLoss(x, tau, masks)],
    ['cross-view', (x) => crossViewLoss(x, tau, masks)],
    ['supervised', withTriplets((a, p, q) => supervisedLoss(a, p, q, tau, Math.log(2), tripletMasks))],
    ['dcl', (x) => dclHclLoss(x, { t: tau, tauPlus: 0.1, beta: 0 }, masks)],
    ['hcl', (x) => dclHclLoss(x, { t: tau, tauPlus: 0.1, beta: 1 }, masks)],
    ...TRIPLET_FORMS.map((form): [string, (x: tf.Tensor2D) => tf.Scalar] => [
      `triplet ${form}`,
      withTriplets((a, p, q) => tripletLoss(a, p, q, form, 0.2)),
    ]),
  ];
}

describe('losses at the temperature extremes', () => {
  for (const tau of [1e-4, 1e4]) {
    for (const [label, sameViews] of [
      ['random views', false],
      ['identical views', true],
    ] as const) {
      it(`every loss and its gradient are finite at tau = ${tau}, 2N = 96, ${label}`, () => {
        const masks = masksFor(96);
        const base = randomBatch(96, 8, 7);
        // Identical views (dropout off, or one mask for both) give s_pos = 1 and coinciding triplet points.
        const x = sameViews
          ? tf.tidy(() =>
              tf.gather(
                base,
                Array.from({ length: 96 }, (_, i) => i & ~1),
              ),
            )
          : base;
        for (const [name, loss] of lossesOf(masks, tau)) {
          const { value, grads } = tf.valueAndGrads((xt: tf.Tensor) => loss(xt as tf.Tensor2D))([x]);
          const v = value.dataSync()[0] ?? Number.NaN;
          const g = grads[0]?.dataSync() ?? new Float32Array();
          expect(Number.isFinite(v), `${name} loss ${v}`).toBe(true);
          expect(v, name).toBeGreaterThanOrEqual(0);
          expect(g.every(Number.isFinite), `${name} gradient`).toBe(true);
          tf.dispose([value, ...grads]);
        }
        tf.dispose([x, base]);
        masks.pairs.dispose();
        masks.triplets.dispose();
      });
    }
  }
});

describe('the masked diagonal', () => {
  const rows = 12;
  const masks = new BatchMasks(rows / 2);
  afterAll(() => masks.dispose());

  /** A random cosine matrix with its diagonal replaced by `diag`. */
  const simWithDiagonal = (diag: number): tf.Tensor2D =>
    tf.tidy(() => {
      const sim = batchCosineSimilarity(randomBatch(rows, 5, 11));
      const eye = tf.eye(rows);
      return tf.add(tf.mul(sim, tf.sub(1, eye)), tf.mul(eye, diag));
    });

  for (const tau of [1e-4, 0.05, 1, 1e4]) {
    it(`contributes exactly nothing at tau = ${tau}: same losses bit for bit, zero gradient`, () => {
      const reference = tf.tidy(() => infoNceFromSimilarity(simWithDiagonal(1), tau, masks).dataSync());
      for (const diag of [0, -1, 2, 1e3, -1e3]) {
        const changed = tf.tidy(() => infoNceFromSimilarity(simWithDiagonal(diag), tau, masks).dataSync());
        expect(Array.from(changed)).toEqual(Array.from(reference));
      }
      const grad = tf.tidy(() =>
        tf.grad((s: tf.Tensor) => tf.mean(infoNceFromSimilarity(s as tf.Tensor2D, tau, masks)))(
          simWithDiagonal(1),
        ),
      );
      const g = grad.arraySync() as number[][];
      expect(g.map((row, i) => row[i])).toEqual(Array.from({ length: rows }, () => 0));
      expect(g.flat().every(Number.isFinite)).toBe(true);
      grad.dispose();
    });
  }

  it('matches the loss with the self term removed from the sum (float64 reference)', () => {
    const tau = 0.05;
    const sim = simWithDiagonal(1);
    const s = sim.arraySync();
    const losses = tf.tidy(() => infoNceFromSimilarity(sim, tau, masks).arraySync());
    const expected = s.map((row, i) => {
      const others = row.filter((_, j) => j !== i).map((v) => v / tau);
      const max = Math.max(...others);
      const lse = max + Math.log(others.reduce((acc, v) => acc + Math.exp(v - max), 0));
      return lse - (row[i ^ 1] ?? Number.NaN) / tau;
    });
    losses.forEach((l, i) => {
      expect(l).toBeCloseTo(expected[i] ?? Number.NaN, 4);
    });
    sim.dispose();
  });
});

describe('masks and memory in a training loop', () => {
  it('builds each mask once, keeps it through tidy, frees it on dispose', () => {
    const before = tf.memory().numTensors;
    const masks = new BatchMasks(4);
    const inside = tf.tidy(() => masks.selfLogits);
    expect(inside.isDisposed).toBe(false);
    expect(masks.selfLogits).toBe(inside);
    expect(masks.negativeLogits.shape).toEqual([8, 8]);
    expect(masks.supervisedHard.shape).toEqual([4, 8]);
    masks.dispose();
    expect(inside.isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => masks.partners).toThrow(/invalid masks/);
  });

  it('keeps the tensor count flat over variableGrads steps with cached masks', () => {
    const before = tf.memory().numTensors;
    const masks = masksFor(32);
    const w = tf.tidy(() => tf.variable(tf.randomNormal([8, 4], 0, 1, 'float32', 3))); // tidy frees the initial value
    const input = randomBatch(32, 8, 5);
    const optimizer: tf.Optimizer = tf.train.adam(1e-2);
    const counts: number[] = [];
    for (let step = 0; step < 6; step++) {
      for (const [, loss] of lossesOf(masks, 0.1)) {
        const { value, grads } = tf.variableGrads(() => loss(tf.matMul(input, w)));
        optimizer.applyGradients(grads);
        tf.dispose([value, ...Object.values(grads)]);
      }
      counts.push(tf.memory().numTensors);
    }
    // Step 1 builds the masks and Adam's moments; later steps allocate nothing that survives.
    expect(new Set(counts.slice(1)).size).toBe(1);
    masks.pairs.dispose();
    masks.triplets.dispose();
    optimizer.dispose();
    tf.dispose([w, input]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad arguments with invalid <name>', () => {
    const masks = new BatchMasks(2);
    const x = randomBatch(4, 3, 1);
    expect(() => infoNceLoss(x, 0, masks)).toThrow(/invalid tau: 0/);
    expect(() => infoNceLoss(x, Number.NaN, masks)).toThrow(/invalid tau: NaN/);
    const odd = randomBatch(6, 3, 1);
    expect(() => infoNceLoss(odd, 0.1, masks)).toThrow(/invalid x/);
    expect(() => dclHclLoss(x, { t: 0.5, tauPlus: 1, beta: 0 }, masks)).toThrow(/invalid tauPlus: 1/);
    expect(() => new BatchMasks(0)).toThrow(/invalid pairs: 0/);
    masks.dispose();
    tf.dispose([x, odd]);
  });
});
