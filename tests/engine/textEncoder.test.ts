// The text encoder (engine/textEncoder.ts, transformerLayer.ts, textDropout.ts) on tf.js wasm: a padded token
// changes nothing (with and without dropout), shapes and pooling, gradients reach every variable (zero for the
// token rows never used and the positions past the longest sentence), dropout views, BERT's initialisation from
// the seed, no leaked tensors, and 50 steps of InfoNCE lowering the loss.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { infoNceLoss } from '../../src/engine/losses';
import { BatchMasks, oneHotFloat } from '../../src/engine/lossParts';
import type { DropoutPlan } from '../../src/engine/model';
import { ensureNodeBackend } from '../../src/engine/nodeBackend';
import { SentenceEncoder, type TextEncoderShape, type TextPool } from '../../src/engine/textEncoder';
import { lookupRows } from '../../src/engine/transformerLayer';

beforeAll(async () => {
  expect(await ensureNodeBackend()).toBe('wasm');
});

const SMALL: TextEncoderShape = {
  vocabSize: 40,
  maxLen: 32,
  width: 32,
  heads: 4,
  layers: 2,
  pool: 'mean',
  outputDim: 16,
};

const encoder = (overrides: Partial<TextEncoderShape> = {}, seed = 1) =>
  new SentenceEncoder({ ...SMALL, ...overrides }, createRng(seed, 'init'));

/** Sentences of token ids (no 0s) padded with [PAD] = 0 to `length`: rows x length int32. */
function padded(sentences: readonly number[][], length: number): tf.Tensor2D {
  const ids = new Int32Array(sentences.length * length);
  sentences.forEach((sentence, r) => {
    ids.set(sentence, r * length);
  });
  return tf.tensor2d(ids, [sentences.length, length], 'int32');
}

// one sentence fills L = 12 exactly; one is a lone token
const SENTENCES = [[1, 5, 9, 13, 2], [1, 7, 7, 30, 22, 11, 4, 39, 3, 18, 26, 2], [1], [1, 8, 16, 2]];

/** A tensor's values, disposing it. */
async function values(t: tf.Tensor): Promise<Float32Array> {
  const out = (await t.data()) as Float32Array;
  t.dispose();
  return out;
}

const maxAbsDiff = (a: Float32Array, b: Float32Array) =>
  a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);
const maxAbs = (a: Float32Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** Rows of an interleaved two-view output: [a, a', ...] -> [a rows, a' rows] as plain arrays of `dim`. */
const viewRows = (flat: Float32Array, dim: number, parity: 0 | 1) =>
  Float32Array.from({ length: flat.length / 2 }, (_, i) => {
    const row = Math.floor(i / dim);
    return flat[(2 * row + parity) * dim + (i % dim)] as number;
  });

describe('text encoder: padding', () => {
  it.each(['mean', 'first'] as TextPool[])(
    '%s pooling: padding to 12 or 32 gives the same embedding',
    async (pool) => {
      const model = encoder({ pool });
      const short = padded(SENTENCES, 12);
      const long = padded(SENTENCES, 32);
      const a = await values(model.embed(short));
      const b = await values(model.embed(long));
      expect(maxAbsDiff(a, b)).toBeLessThan(1e-6 * Math.max(1, maxAbs(a)) + 1e-7);
      tf.dispose([short, long]);
      model.dispose();
    },
  );

  it.each(['mean', 'first'] as TextPool[])(
    '%s pooling: the same with dropout, since masks are drawn per position',
    async (pool) => {
      const model = encoder({ pool });
      const short = padded(SENTENCES, 12);
      const long = padded(SENTENCES, 32);
      for (const sameMask of [false, true]) {
        const plan: DropoutPlan = { rate: 0.2, sameMask, seed: 11 };
        const a = await values(model.embedTwoViews(short, plan));
        const b = await values(model.embedTwoViews(long, plan));
        expect(maxAbsDiff(a, b), `sameMask ${sameMask}`).toBeLessThan(1e-6 * Math.max(1, maxAbs(a)) + 1e-7);
      }
      const c = await values(model.embedOneView(short, { rate: 0.2, sameMask: false, seed: 5 }));
      const d = await values(model.embedOneView(long, { rate: 0.2, sameMask: false, seed: 5 }));
      expect(maxAbsDiff(c, d)).toBeLessThan(1e-6 * Math.max(1, maxAbs(c)) + 1e-7);
      tf.dispose([short, long]);
      model.dispose();
    },
  );

  it.each(['mean', 'first'] as TextPool[])(
    '%s pooling: changing one real token changes the embedding',
    async (pool) => {
      const model = encoder({ pool });
      const changed = SENTENCES.map((s) => [...s]);
      (changed[1] as number[])[6] = 12; // a middle token of the long sentence (4 -> 12)
      const x = padded(SENTENCES, 16);
      const y = padded(changed, 16);
      const a = await values(model.embed(x));
      const b = await values(model.embed(y));
      const dim = SMALL.outputDim;
      // only row 1 changed: rows are embedded independently. At init the change is small for 'first' (it
      // reaches [CLS] through near-uniform attention and 0.02-sd weights: ~2e-4) but far above float noise.
      expect(maxAbsDiff(a.subarray(dim, 2 * dim), b.subarray(dim, 2 * dim))).toBeGreaterThan(1e-5);
      expect(maxAbsDiff(a.subarray(0, dim), b.subarray(0, dim))).toBe(0);
      tf.dispose([x, y]);
      model.dispose();
    },
  );
});

describe('text encoder: shapes, init, errors', () => {
  it('embed, embedTwoViews and embedOneView (either tower) give rows x dim, 2N x dim and N x dim', () => {
    const model = encoder();
    const x = padded(SENTENCES, 20);
    const plan: DropoutPlan = { rate: 0.1, sameMask: false, seed: 3 };
    const outs = [
      model.embed(x),
      model.embedTwoViews(x, plan),
      model.embedOneView(x, plan),
      model.embedOneView(x, plan, 1),
    ];
    expect(outs.map((t) => t.shape)).toEqual([
      [4, 16],
      [8, 16],
      [4, 16],
      [4, 16], // a lone encoder is both towers
    ]);
    expect(model.variables.length).toBe(4 + 16 * SMALL.layers + 2);
    expect(model.variableNames.length).toBe(model.variables.length);
    expect(model.shape).toEqual({ inputDim: 32, hidden: [32, 32], outputDim: 16 });
    tf.dispose([x, ...outs]);
    model.dispose();
  });

  it("BERT's initialisation, reproduced by the seed: truncated normal 0.02, zero biases, LayerNorm 1 and 0", async () => {
    const [a, b, c] = [encoder({}, 7), encoder({}, 7), encoder({}, 8)];
    const wa = await a.readWeights();
    const wb = await b.readWeights();
    const wc = await c.readWeights();
    expect(wa).toEqual(wb);
    expect(wa[0]).not.toEqual(wc[0]);
    a.variableNames.forEach((name, i) => {
      const w = wa[i] as Float32Array;
      if (name === 'token' || name === 'position' || name.endsWith('kernel')) {
        expect(maxAbs(w), name).toBeLessThanOrEqual(0.04 + 1e-7);
        const sd = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
        expect(sd, name).toBeGreaterThan(0.015); // a normal truncated at 2 sd keeps 0.88 of its sd
        expect(sd, name).toBeLessThan(0.02);
      } else {
        const expected = name.endsWith('gamma') ? 1 : 0;
        expect(
          w.every((v) => v === expected),
          name,
        ).toBe(true);
      }
    });
    for (const m of [a, b, c]) m.dispose();
  });

  it('refuses float ids, inputs longer than maxLen and bad shapes', () => {
    const model = encoder({ maxLen: 8 });
    const floats = tf.zeros([2, 4]) as tf.Tensor2D;
    const long = padded([[1, 2]], 9);
    expect(() => model.embed(floats)).toThrow(/invalid ids/);
    expect(() => model.embed(long)).toThrow(/invalid ids/);
    expect(() => encoder({ width: 30, heads: 4 })).toThrow(/invalid heads/);
    expect(() => encoder({ pool: 'max' as TextPool })).toThrow(/invalid pool/);
    tf.dispose([floats, long]);
    model.dispose();
  });
});

describe('text encoder: gradients on wasm', () => {
  it("the lookup's ScatterNd gradient equals the one-hot matMul's, repeated ids summed", async () => {
    const table = tf.randomNormal([7, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
    const ids = tf.tensor1d([1, 3, 1, 0, 3, 3], 'int32');
    const weights = tf.randomNormal([6, 3], 0, 1, 'float32', 2);
    const viaScatter = tf.grad((t) => tf.sum(tf.mul(lookupRows(t as tf.Tensor2D, ids), weights)))(table);
    const viaOneHot = tf.grad((t) =>
      tf.sum(tf.mul(tf.matMul(oneHotFloat(ids, 7), t as tf.Tensor2D), weights)),
    )(table);
    // ids made and freed inside an inner tidy, before the backward pass: the gradient must have kept its own
    const viaInnerTidy = tf.grad((t) =>
      tf.sum(
        tf.mul(
          tf.tidy(() => lookupRows(t as tf.Tensor2D, tf.cast(tf.add(ids, 0), 'int32'))),
          weights,
        ),
      ),
    )(table);
    const forward = maxAbsDiff(await values(lookupRows(table, ids)), await values(tf.gather(table, ids)));
    expect(forward).toBe(0);
    const oneHot = await values(viaOneHot);
    expect(maxAbsDiff(await values(viaScatter), oneHot)).toBeLessThan(1e-6);
    expect(maxAbsDiff(await values(viaInnerTidy), oneHot)).toBeLessThan(1e-6);
    tf.dispose([table, ids, weights]);
  });

  it.each(['mean', 'first'] as TextPool[])(
    '%s pooling: every variable gets a finite, non-zero gradient; unused tokens and positions get exactly 0',
    async (pool) => {
      const model = encoder({ pool });
      const x = padded(SENTENCES, 16);
      const masks = new BatchMasks(SENTENCES.length);
      const grads = tf.tidy(() => {
        const plan: DropoutPlan = { rate: 0.1, sameMask: false, seed: 9 };
        const { value, grads: g } = tf.variableGrads(
          () => infoNceLoss(model.embedTwoViews(x, plan), 0.1, masks),
          model.variables,
        );
        value.dispose();
        return model.variables.map((v) => g[v.name] as tf.Tensor);
      });
      const arrays = await Promise.all(grads.map(values));
      const names = model.variableNames;
      arrays.forEach((g, i) => {
        expect(g.every(Number.isFinite), names[i]).toBe(true);
        expect(maxAbs(g), names[i]).toBeGreaterThan(0);
      });
      const width = SMALL.width;
      const rowNorm = (g: Float32Array, row: number) => maxAbs(g.subarray(row * width, (row + 1) * width));
      const used = new Set(SENTENCES.flat());
      const tokenGrad = arrays[0] as Float32Array;
      for (let id = 0; id < SMALL.vocabSize; id++) {
        if (used.has(id)) expect(rowNorm(tokenGrad, id), `token ${id}`).toBeGreaterThan(0);
        else expect(rowNorm(tokenGrad, id), `token ${id}`).toBe(0); // [PAD] = 0 included
      }
      const longest = Math.max(...SENTENCES.map((s) => s.length));
      const positionGrad = arrays[1] as Float32Array;
      for (let p = 0; p < SMALL.maxLen; p++) {
        if (p < longest) expect(rowNorm(positionGrad, p), `position ${p}`).toBeGreaterThan(0);
        else expect(rowNorm(positionGrad, p), `position ${p}`).toBe(0);
      }
      x.dispose();
      masks.dispose();
      model.dispose();
    },
  );
});

describe('text encoder: dropout', () => {
  it('two views with their own masks differ; sameMask or rate 0 makes them identical; the seed fixes them', async () => {
    const model = encoder();
    const x = padded(SENTENCES, 12);
    const dim = SMALL.outputDim;
    const twoViews = async (plan: DropoutPlan) => {
      const flat = await values(model.embedTwoViews(x, plan));
      return { flat, gap: maxAbsDiff(viewRows(flat, dim, 0), viewRows(flat, dim, 1)) };
    };
    const own = await twoViews({ rate: 0.1, sameMask: false, seed: 4 });
    expect(own.gap).toBeGreaterThan(1e-3);
    expect((await twoViews({ rate: 0.1, sameMask: true, seed: 4 })).gap).toBe(0);
    const none = await twoViews({ rate: 0, sameMask: false, seed: 4 });
    expect(none.gap).toBe(0);
    // rate 0 is the evaluation pass, view by view
    expect(maxAbsDiff(viewRows(none.flat, dim, 0), await values(model.embed(x)))).toBeLessThan(1e-6);
    expect((await twoViews({ rate: 0.1, sameMask: false, seed: 4 })).flat).toEqual(own.flat);
    expect(
      maxAbsDiff((await twoViews({ rate: 0.1, sameMask: false, seed: 5 })).flat, own.flat),
    ).toBeGreaterThan(1e-3);
    x.dispose();
    model.dispose();
  });
});

describe('text encoder: memory', () => {
  it('leaks no tensor: embeds and a gradient inside tidy, and the variables after dispose', () => {
    const start = tf.memory().numTensors;
    const model = encoder();
    const x = padded(SENTENCES, 12);
    const masks = new BatchMasks(SENTENCES.length);
    const before = tf.memory().numTensors;
    const plan: DropoutPlan = { rate: 0.1, sameMask: false, seed: 1 };
    tf.tidy(() => {
      model.embed(x);
      model.embedTwoViews(x, plan);
      model.embedOneView(x, plan);
    });
    expect(tf.memory().numTensors).toBe(before);
    const embedded = model.embedTwoViews(x, plan); // one tensor out, nothing else
    expect(tf.memory().numTensors).toBe(before + 1);
    embedded.dispose();
    tf.tidy(() => {
      tf.variableGrads(() => infoNceLoss(model.embedTwoViews(x, plan), 0.1, masks), model.variables);
    });
    masks.dispose(); // its lazily built masks
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});

describe('text encoder: training', () => {
  it('50 steps of InfoNCE on 8 groups of token sequences lower the loss (width 64, 2 layers, 4 heads, L 32, 64 pairs)', async () => {
    const vocabSize = 2000;
    const length = 32;
    const pairs = 64;
    const model = new SentenceEncoder(
      { vocabSize, maxLen: length, width: 64, heads: 4, layers: 2, pool: 'mean', outputDim: 64 },
      createRng(1, 'init'),
    );
    // 8 groups: a prototype each (id 1 = [CLS] first, 8 to 31 tokens), members with a quarter of tokens redrawn
    const rng = createRng(1, 'data');
    const prototypes = Array.from({ length: 8 }, () =>
      Array.from({ length: 8 + rng.int(24) }, (_, p) => (p === 0 ? 1 : 2 + rng.int(vocabSize - 2))),
    );
    const corpus = Array.from({ length: 512 }, (_, i) =>
      (prototypes[i % 8] as number[]).map((id, p) =>
        p > 0 && rng.next() < 0.25 ? 2 + rng.int(vocabSize - 2) : id,
      ),
    );
    const masks = new BatchMasks(pairs);
    const optimizer = tf.train.adam(1e-3);
    const batchRng = createRng(1, 'batch');
    const losses: number[] = [];
    let seconds = 0;
    for (let step = 0; step < 50; step++) {
      const picked = Array.from(batchRng.sample(corpus.length, pairs), (i) => corpus[i] as number[]);
      const x = padded(picked, length);
      const plan: DropoutPlan = { rate: 0.1, sameMask: false, seed: step };
      const t0 = performance.now();
      const loss = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(
          () => infoNceLoss(model.embedTwoViews(x, plan), 0.05, masks),
          model.variables,
        );
        optimizer.applyGradients(grads as Record<string, tf.Variable>);
        return value;
      });
      losses.push((await loss.data())[0] as number);
      if (step >= 5) seconds += (performance.now() - t0) / 1000; // after warm-up
      tf.dispose([loss, x]);
    }
    const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    const first = mean(losses.slice(0, 5));
    const last = mean(losses.slice(-5));
    console.log(
      `text encoder on ${tf.getBackend()}: ${(45 / seconds).toFixed(2)} steps/s; loss ${first.toFixed(3)} -> ${last.toFixed(3)}`,
    );
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(last).toBeLessThan(0.7 * first);
    masks.dispose();
    optimizer.dispose();
    model.dispose();
  });
});
