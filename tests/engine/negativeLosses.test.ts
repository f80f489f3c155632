// The negatives families' tf.js losses (engine/negativeLosses.ts) against the oracle, through the same
// checkFileTf the oracle CLI runs, plus what the oracle's cases cannot show: everything kept is InfoNCE,
// alpha = 1 is InfoNCE, finite values and gradients at tau = 1e-4 and 1e4, exact zeros where only the positive
// is left, the keep count against core's exact decimal rule, and no leaked tensors.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult } from '../../src/cli/oracle/compare';
import { checkFileTf } from '../../src/cli/oracle/tfChecks';
import { hardNegativeKeepCount } from '../../src/core/negatives';
import { infoNceFromSimilarity } from '../../src/engine/losses';
import { BatchMasks, cosineMatrix, normalizeRows } from '../../src/engine/lossParts';
import {
  attractionCrossEntropy,
  keptCrossEntropy,
  labelFalseNegatives,
  momentumUpdate,
  positiveAwareKeep,
  quantileKeepCount,
  topKKeep,
} from '../../src/engine/negativeLosses';
import { ensureNodeBackend } from '../../src/engine/nodeBackend';

type OracleDoc = { cases: { id: string }[]; momentum_cases?: { id: string }[] } & Record<string, unknown>;

const readOracle = (name: string): OracleDoc =>
  JSON.parse(readFileSync(new URL(`../oracle/${name}.json`, import.meta.url), 'utf8')) as OracleDoc;

const NEGATIVES_FILES = [
  'hard_quantile',
  'false_negatives',
  'queue_infonce',
  'logq_correction',
  'full_softmax',
];

beforeAll(async () => {
  expect(await ensureNodeBackend()).toBe('wasm');
});

for (const file of NEGATIVES_FILES) {
  describe(`oracle ${file}.json via checkFileTf (float32)`, () => {
    const doc = readOracle(file);
    const ids = [...doc.cases, ...(doc.momentum_cases ?? [])].map((c) => c.id);
    const results = new Map<string, CaseResult>();
    let leaked = Number.NaN;

    beforeAll(async () => {
      const before = tf.memory().numTensors;
      const list = await checkFileTf(doc);
      leaked = tf.memory().numTensors - before;
      for (const result of list ?? []) results.set(result.id, result);
    });

    it('checks every case and leaks no tensor', () => {
      expect(results.size).toBe(ids.length);
      expect(leaked).toBe(0);
    });

    it.each(ids)('%s', (id) => {
      expect(results.get(id)?.failures).toEqual([]);
    });

    it('fails a copy whose stored loss was changed', async () => {
      const [first] = doc.cases as Record<string, unknown>[];
      const lossOf = (rec: Record<string, unknown> | undefined): Record<string, unknown> | undefined =>
        rec !== undefined && 'loss' in rec
          ? rec
          : lossOf((rec?.elimination ?? rec?.corrected) as Record<string, unknown> | undefined);
      const changed = structuredClone(first) as Record<string, unknown>;
      const target = lossOf(changed) as { loss: number };
      target.loss = target.loss * 1.01 + 0.01;
      const [result] = (await checkFileTf({ ...doc, cases: [changed], momentum_cases: undefined })) ?? [];
      expect(result?.failures.some((f) => /loss: got/.test(f))).toBe(true);
    });
  });
}

/** Random raw rows with norms from 0.5 to 3 (as the oracle's inputs). */
const randomRows = (rows: number, dim: number, seed: number): tf.Tensor2D =>
  tf.tidy(() =>
    tf.mul(
      tf.randomNormal([rows, dim], 0, 1, 'float32', seed),
      tf.randomUniform([rows, 1], 0.5, 3, 'float32', seed + 1),
    ),
  );

/** 1 at the 2N - 2 negatives of each row of a [a, a', b, b'] batch. */
const negativesOf = (masks: BatchMasks): tf.Tensor2D =>
  tf.tidy(() => tf.sub(tf.sub(1, tf.eye(masks.rows)), masks.partners));

const maxRelDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number =>
  Array.from(a).reduce(
    (worst, v, i) => Math.max(worst, Math.abs(v - (b[i] as number)) / (Math.abs(b[i] as number) + 1e-6)),
    0,
  );

describe('keptCrossEntropy is InfoNCE when nothing is dropped', () => {
  for (const tau of [1e-4, 0.05, 1, 1e4]) {
    it(`keeps every negative: same per-anchor losses as infoNceFromSimilarity at tau = ${tau}`, () => {
      const masks = new BatchMasks(16);
      const sim = tf.tidy(() => cosineMatrix(randomRows(32, 8, 3)));
      const kept = tf.tidy(() => keptCrossEntropy(sim, masks.partners, negativesOf(masks), tau).dataSync());
      const infonce = tf.tidy(() => infoNceFromSimilarity(sim, tau, masks).dataSync());
      expect(maxRelDiff(kept, infonce)).toBeLessThan(1e-5);
      sim.dispose();
      masks.dispose();
    });
  }

  it('alpha = 1 keeps all 2N - 2 negatives and gives the InfoNCE loss and gradient', () => {
    const masks = new BatchMasks(8);
    const x = randomRows(16, 5, 9);
    const tau = 0.1;
    const k = quantileKeepCount(1, masks.rows - 2);
    expect(k).toBe(masks.rows - 2);
    const keep = tf.tidy(() => topKKeep(cosineMatrix(x), negativesOf(masks), k));
    expect(Array.from(keep.dataSync())).toEqual(Array.from(tf.tidy(() => negativesOf(masks).dataSync())));
    const hard = tf.valueAndGrad((xt: tf.Tensor) =>
      tf.mean(keptCrossEntropy(cosineMatrix(xt as tf.Tensor2D), masks.partners, keep, tau)),
    )(x);
    const infonce = tf.valueAndGrad((xt: tf.Tensor) =>
      tf.mean(infoNceFromSimilarity(cosineMatrix(xt as tf.Tensor2D), tau, masks)),
    )(x);
    expect(maxRelDiff(hard.value.dataSync(), infonce.value.dataSync())).toBeLessThan(1e-6);
    expect(maxRelDiff(hard.grad.dataSync(), infonce.grad.dataSync())).toBeLessThan(1e-4);
    tf.dispose([x, keep, hard.value, hard.grad, infonce.value, infonce.grad]);
    masks.dispose();
  });
});

describe('every negatives loss at the temperature extremes', () => {
  /** Each family's per-anchor loss as a function of one raw 2N x d batch, its selections fixed beforehand. */
  const families = (
    masks: BatchMasks,
    x: tf.Tensor2D,
    tau: number,
  ): [string, (xt: tf.Tensor2D) => tf.Tensor1D][] => {
    const negatives = negativesOf(masks);
    const labels = tf.tensor1d(
      Array.from({ length: masks.rows }, (_, i) => (i >> 1) % 3),
      'int32',
    );
    const fn = labelFalseNegatives(labels, labels, negatives);
    const keepHard = tf.tidy(() =>
      topKKeep(cosineMatrix(x), negatives, quantileKeepCount(0.25, masks.rows - 2)),
    );
    const half = masks.rows / 2;
    const [queries, others] = tf.split(x, 2) as [tf.Tensor2D, tf.Tensor2D];
    const eye = tf.eye(half) as tf.Tensor2D;
    const others1 = tf.sub<tf.Tensor2D>(1, eye);
    const shift = tf.tidy(() =>
      tf.neg<tf.Tensor2D>(tf.log(tf.clipByValue(tf.randomUniform([1, half], 0, 0.3, 'float32', 4), 1e-6, 1))),
    );
    const queueScores = (xt: tf.Tensor2D): tf.Tensor2D => {
      const [q] = tf.split(xt, 2) as [tf.Tensor2D, tf.Tensor2D];
      return tf.concat(
        [tf.sum(tf.mul(normalizeRows(q), normalizeRows(others)), 1, true), cosineMatrix(q, others)],
        1,
      );
    };
    const queuePositives = tf.concat([tf.ones([half, 1]), tf.zeros([half, half])], 1) as tf.Tensor2D;
    const keepQueue = tf.tidy(() =>
      tf.concat(
        [tf.zeros([half, 1]), positiveAwareKeep(cosineMatrix(queries, others), tf.ones([half]), 0.9)],
        1,
      ),
    ) as tf.Tensor2D;
    return [
      ['hard quantile', (xt) => keptCrossEntropy(cosineMatrix(xt), masks.partners, keepHard, tau)],
      ['elimination', (xt) => keptCrossEntropy(cosineMatrix(xt), masks.partners, tf.sub(negatives, fn), tau)],
      ['attraction', (xt) => attractionCrossEntropy(cosineMatrix(xt), masks.partners, fn, negatives, tau)],
      ['queue (filtered)', (xt) => keptCrossEntropy(queueScores(xt), queuePositives, keepQueue, tau)],
      [
        'logQ',
        (xt) => {
          const [u, v] = tf.split(xt, 2) as [tf.Tensor2D, tf.Tensor2D];
          return keptCrossEntropy(cosineMatrix(u, v), eye, others1, tau, shift);
        },
      ],
    ];
  };

  for (const tau of [1e-4, 1e4]) {
    for (const sameViews of [false, true]) {
      it(`finite losses and gradients at tau = ${tau}${sameViews ? ', identical views' : ''}`, () => {
        const masks = new BatchMasks(12);
        const base = randomRows(24, 6, 21);
        // Identical views (dropout off): row 2k + 1 repeats row 2k, picked by a one-hot matMul.
        const pick = Array.from({ length: 24 }, (_, i) => i & ~1);
        const x = sameViews
          ? tf.tidy(() => tf.matMul(tf.oneHot(pick, 24).toFloat(), base) as tf.Tensor2D)
          : base;
        expect(masks.partners.shape).toEqual([24, 24]); // built and cached before counting tensors
        const before = tf.memory().numTensors;
        tf.tidy(() => {
          for (const [name, loss] of families(masks, x, tau)) {
            const { value, grad } = tf.valueAndGrad((xt: tf.Tensor) => tf.mean(loss(xt as tf.Tensor2D)))(x);
            const v = value.dataSync()[0] ?? Number.NaN;
            expect(Number.isFinite(v), `${name} loss ${v}`).toBe(true);
            expect(v, name).toBeGreaterThanOrEqual(0);
            expect(grad.dataSync().every(Number.isFinite), `${name} gradient`).toBe(true);
          }
        });
        expect(tf.memory().numTensors).toBe(before);
        tf.dispose([base, x]);
        masks.dispose();
      });
    }
  }
});

describe('the selections and helpers', () => {
  it('elimination with only false negatives leaves the positive alone: loss and gradient exactly 0', () => {
    const masks = new BatchMasks(2);
    const x = randomRows(4, 3, 5);
    const negatives = negativesOf(masks);
    const labels = tf.tensor1d([0, 0, 0, 0], 'int32');
    const fn = labelFalseNegatives(labels, labels, negatives);
    expect(Array.from(fn.dataSync())).toEqual(Array.from(negatives.dataSync()));
    const keep = tf.sub<tf.Tensor2D>(negatives, fn);
    for (const tau of [1e-4, 0.05, 1e4]) {
      const { value, grad } = tf.valueAndGrad((xt: tf.Tensor) =>
        tf.sum(keptCrossEntropy(cosineMatrix(xt as tf.Tensor2D), masks.partners, keep, tau)),
      )(x);
      expect(value.dataSync()[0]).toBe(0);
      expect(Array.from(grad.dataSync()).every((g) => g === 0)).toBe(true);
      tf.dispose([value, grad]);
    }
    tf.dispose([x, negatives, labels, fn, keep]);
    masks.dispose();
  });

  it('attraction without false negatives is InfoNCE', () => {
    const masks = new BatchMasks(6);
    const sim = tf.tidy(() => cosineMatrix(randomRows(12, 4, 8)));
    tf.tidy(() => {
      const none = tf.zerosLike(sim) as tf.Tensor2D;
      const attraction = attractionCrossEntropy(
        sim,
        masks.partners,
        none,
        negativesOf(masks),
        0.2,
      ).dataSync();
      expect(maxRelDiff(attraction, infoNceFromSimilarity(sim, 0.2, masks).dataSync())).toBeLessThan(1e-5);
    });
    sim.dispose();
    masks.dispose();
  });

  it('quantileKeepCount agrees with core exact decimal rule for alphas written with up to 3 decimals', () => {
    for (let thousandths = 1; thousandths <= 1000; thousandths++) {
      const alpha = Number((thousandths / 1000).toFixed(3));
      for (const count of [1, 2, 3, 6, 10, 30, 62, 126, 254, 1000, 4094]) {
        expect(quantileKeepCount(alpha, count), `alpha ${alpha}, count ${count}`).toBe(
          hardNegativeKeepCount(alpha, count),
        );
      }
    }
    expect(quantileKeepCount(0.1, 30)).toBe(3); // 0.1 * 30 is 3.0000000000000004 in float64
    expect(() => quantileKeepCount(0, 6)).toThrow(/invalid alpha: 0/);
  });

  it('topKKeep keeps exactly the k highest candidates per row, the lower column winning a tie', () => {
    tf.tidy(() => {
      const scores = tf.tensor2d([
        [0.9, 0.1, 0.5, 0.7, 0.3],
        [0.2, 0.6, 0.6, 0.1, 0.9],
      ]);
      const candidates = tf.tensor2d([
        [0, 1, 1, 1, 1],
        [1, 1, 1, 1, 0],
      ]);
      expect(topKKeep(scores, candidates, 2).arraySync()).toEqual([
        [0, 0, 1, 1, 0],
        [0, 1, 1, 0, 0],
      ]);
      // a tie at the k-th score: the lower column, as a stable sort (the oracle's rule) keeps it
      expect(topKKeep(scores, candidates, 1).arraySync()).toEqual([
        [0, 0, 0, 1, 0],
        [0, 1, 0, 0, 0],
      ]);
      // identical views (dropout off): each negative ties with its twin, and still exactly k are kept
      const twins = tf.tensor2d([[0.4, 0.4, 0.8, 0.8, 0.1, 0.1]]);
      const all = tf.ones([1, 6]) as tf.Tensor2D;
      expect(topKKeep(twins as tf.Tensor2D, all, 3).arraySync()).toEqual([[1, 0, 1, 1, 0, 0]]);
    });
  });

  it('positiveAwareKeep drops queue entries above perc * l_pos', () => {
    tf.tidy(() => {
      const lNeg = tf.tensor2d([
        [0.5, 0.75, 0.8],
        [0.1, 0.4, 0.2],
      ]);
      expect(positiveAwareKeep(lNeg, tf.tensor1d([0.8, 0.4]), 0.95).arraySync()).toEqual([
        [1, 1, 0],
        [1, 0, 1],
      ]);
      expect(() => positiveAwareKeep(lNeg, tf.tensor1d([0.8]), 0.95)).toThrow(/invalid positiveScores/);
      expect(() => positiveAwareKeep(lNeg, tf.tensor1d([0.8, 0.4]), Number.NaN)).toThrow(/invalid perc: NaN/);
    });
  });

  it('momentumUpdate moves each key variable towards its query value in place and leaks nothing', () => {
    const key = tf.variable(tf.tensor1d([1, 2]));
    const keyMatrix = tf.variable(tf.tensor2d([[4], [8]]));
    const query = tf.tensor1d([3, -2]);
    const queryMatrix = tf.tensor2d([[0], [0]]);
    const before = tf.memory().numTensors;
    momentumUpdate([key, keyMatrix], [query, queryMatrix], 0.75);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(key.dataSync())).toEqual([1.5, 1]);
    expect(keyMatrix.arraySync()).toEqual([[3], [6]]);
    expect(() => momentumUpdate([key], [query], 1.5)).toThrow(/invalid m: 1.5/);
    expect(() => momentumUpdate([key], [queryMatrix], 0.9)).toThrow(/invalid queryValues\[0\]/);
    expect(() => momentumUpdate([key, keyMatrix], [query], 0.9)).toThrow(/invalid queryValues/);
    tf.dispose([key, keyMatrix, query, queryMatrix]);
  });

  it('rejects bad arguments with invalid <name>', () => {
    tf.tidy(() => {
      const s = tf.zeros([2, 3]) as tf.Tensor2D;
      expect(() => keptCrossEntropy(s, s, s, 0)).toThrow(/invalid tau: 0/);
      expect(() => attractionCrossEntropy(s, s, s, s, -1)).toThrow(/invalid tau: -1/);
      expect(() => topKKeep(s, s, 0)).toThrow(/invalid k: 0/);
      expect(() => labelFalseNegatives(tf.tensor1d([1]), tf.tensor1d([1, 2, 3]), s)).toThrow(
        /invalid negatives/,
      );
    });
  });
});
