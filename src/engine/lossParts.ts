// Pieces shared by every tf.js loss in losses.ts: row normalisation, cosine matrices, the constant masks of a
// batch size (built once, cached by the caller), a stable row log-sum-exp and the labelled cross-entropy.
// All functions are pure tf.js ops: no read-backs, safe inside tf.tidy and under tf.variableGrads.
import * as tf from '@tensorflow/tfjs-core';

/**
 * The logit given to a removed column (self-pairs; self and partner for DCL/HCL negatives). Finite on purpose:
 * -Infinity would turn `mask * 0` or `-inf - (-inf)` into NaN in fused or backend-specific kernels. It removes
 * the column exactly: unmasked logits stay within about +-1e5 for every temperature the lab allows (|s| <= 2,
 * tau >= 1e-4, times 1 + beta for HCL), far below ulp(1e30) ~ 7.6e22, so a masked logit rounds to exactly
 * MASKED_LOGIT whatever the similarity there, and exp(MASKED_LOGIT - rowMax) underflows to exactly 0 in float32
 * (every row keeps unmasked columns, so rowMax >= -1e5). The column adds exactly 0 to the sum, gets softmax
 * weight exactly 0 and so gradient exactly 0 (tests/engine/losses.test.ts checks this bit for bit).
 */
export const MASKED_LOGIT = -1e30;

// Guards the inverse norm of an all-zero row (it then maps to 0 with a finite gradient); 1e-12 is far below
// float32 resolution for any real squared norm, so it changes no value the oracle checks.
const NORM_EPS = 1e-12;

/** Throws `invalid <name>: <value>` unless value is a finite number > 0 (temperatures). */
export function requirePositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) throw new Error(`invalid ${name}: ${value}`);
}

/** Throws `invalid <name>: <value>` unless value is a finite number (margins, log-weights). */
export function requireFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new Error(`invalid ${name}: ${value}`);
}

/** Throws `invalid <name>: shape [..]` unless t is a matrix with `rows` rows (any rows when omitted). */
export function requireMatrix(name: string, t: tf.Tensor, rows?: number): void {
  if (t.rank !== 2 || (rows !== undefined && t.shape[0] !== rows)) {
    throw new Error(
      `invalid ${name}: shape [${t.shape.join(',')}]${rows === undefined ? '' : `, want ${rows} rows`}`,
    );
  }
}

/** u = x / ||x|| per row. x: rows x d, raw embeddings; returns rows x d unit vectors (differentiable). */
export function normalizeRows(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.mul(x, tf.rsqrt(tf.add(tf.sum(tf.square(x), 1, true), NORM_EPS))));
}

/**
 * a * b^T with a hand-written gradient that never multiplies with a transposed big operand: tf.js wasm's matMul
 * with transposeA/transposeB runs 10-30x slower than on pre-transposed inputs (measured at 2N = 4096, d = 16:
 * 229 ms vs 17 ms forward, 665 ms vs 23 ms for dL/db), so only the thin n x d / m x d operands are transposed.
 * a: n x d, b: m x d; returns n x m. Gradients: da = dy b, db = (a^T dy)^T.
 */
export const matMulTransposeB = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const a = args[0] as tf.Tensor2D;
  const b = args[1] as tf.Tensor2D;
  const save = args[2] as tf.GradSaveFunc;
  save([a, b]);
  return {
    value: tf.matMul(a, tf.transpose(b)),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor2D, tf.Tensor2D];
      const dy2 = dy as tf.Tensor2D;
      return [tf.matMul(dy2, sb), tf.transpose(tf.matMul(tf.transpose(sa), dy2))];
    },
  };
}) as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

/**
 * Cosine similarities cos(a_i, b_j) of raw embeddings: a is n x d, b is m x d (b omitted: a with itself);
 * returns n x m, row-major, cosine in [-1, 1]. One normalisation per input and one matMul.
 */
export function cosineMatrix(a: tf.Tensor2D, b?: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const ua = normalizeRows(a);
    return matMulTransposeB(ua, b === undefined ? ua : normalizeRows(b));
  });
}

/** The batch's cosine-similarity matrix, for snapshots. x: rows x d, raw; returns rows x rows (diagonal ~1). */
export function batchCosineSimilarity(x: tf.Tensor2D): tf.Tensor2D {
  requireMatrix('x', x);
  return cosineMatrix(x);
}

/**
 * One-hot rows of `indices` (k, int32) over `depth` columns, float32 (k x depth). Built as int32 and cast: tf.js
 * wasm's OneHot with dtype 'float32' writes the int32 bit pattern of 1, which reads as 1.4e-45.
 */
export function oneHotFloat(indices: tf.Tensor1D, depth: number): tf.Tensor2D {
  return tf.cast(tf.oneHot(indices, depth), 'float32') as tf.Tensor2D;
}

/** Index of each row's positive in the `[a, a', b, b', ...]` layout: i XOR 1, for 2N rows. */
export function partnerIndex(rows: number): Int32Array {
  return Int32Array.from({ length: rows }, (_, i) => i ^ 1);
}

/**
 * The constant masks of one batch size (N pairs; 2N rows in the `[a, a', b, b', ...]` layout, or N triplets
 * for supervised SimCSE). Each mask is built on first use and kept (tf.keep) until dispose(), so it survives the
 * caller's tf.tidy. Caching: the trainer holds one BatchMasks, passes it to every step's loss, and replaces
 * it (disposing the old one) only when the batch size changes; the hot loop then never rebuilds a mask. A
 * 2N x 2N mask is 4N^2 float32 (64 MiB at 2N = 4096), hence lazy: a loss builds only the masks it reads.
 */
export class BatchMasks {
  /** 2N, the rows of an unsupervised batch */
  readonly rows: number;
  private readonly built = new Map<string, tf.Tensor2D>();
  private disposed = false;

  constructor(readonly pairs: number) {
    if (!Number.isInteger(pairs) || pairs < 1) throw new Error(`invalid pairs: ${pairs}`);
    this.rows = 2 * pairs;
  }

  /** 2N x 2N additive logit mask: MASKED_LOGIT on the diagonal (self-pairs), 0 elsewhere. */
  get selfLogits(): tf.Tensor2D {
    return this.lazy('self', () => tf.mul(tf.eye(this.rows), MASKED_LOGIT));
  }

  /** 2N x 2N one-hot of each row's positive (column i XOR 1): the InfoNCE label. */
  get partners(): tf.Tensor2D {
    return this.lazy('partners', () => oneHotFloat(tf.tensor1d(partnerIndex(this.rows), 'int32'), this.rows));
  }

  /** 2N x 2N additive logit mask: MASKED_LOGIT at self and partner, 0 at the 2N-2 negatives. */
  get negativeLogits(): tf.Tensor2D {
    return this.lazy('negatives', () => tf.add(this.selfLogits, tf.mul(this.partners, MASKED_LOGIT)));
  }

  /** N x N identity: row i's label in the cross-view (SimCSE code) form is column i. */
  get crossLabels(): tf.Tensor2D {
    return this.lazy('cross', () => tf.eye(this.pairs));
  }

  /** N x 2N one-hot of column i: supervised row i's label (its own positive z2_i). */
  get supervisedLabels(): tf.Tensor2D {
    return this.lazy('supervised', () =>
      tf.concat([tf.eye(this.pairs), tf.zeros([this.pairs, this.pairs])], 1),
    );
  }

  /** N x 2N one-hot of column N+i: supervised row i's own hard negative z3_i. */
  get supervisedHard(): tf.Tensor2D {
    return this.lazy('hard', () => tf.concat([tf.zeros([this.pairs, this.pairs]), tf.eye(this.pairs)], 1));
  }

  /** queueTargetMasks of this batch size at `columns` columns, kept (InfoNCE with a full queue). */
  queueTargets(columns: number): { positives: tf.Tensor2D; candidates: tf.Tensor2D } {
    return {
      positives: this.lazy(
        `queue-positives:${columns}`,
        () => queueTargetMasks(this.partners, columns).positives,
      ),
      candidates: this.lazy(
        `queue-candidates:${columns}`,
        () => queueTargetMasks(this.partners, columns).candidates,
      ),
    };
  }

  /** Frees every mask built so far; the object cannot be used afterwards. Idempotent. */
  dispose(): void {
    for (const mask of this.built.values()) mask.dispose();
    this.built.clear();
    this.disposed = true;
  }

  private lazy(key: string, build: () => tf.Tensor2D): tf.Tensor2D {
    if (this.disposed) throw new Error(`invalid masks: disposed (pairs ${this.pairs})`);
    let mask = this.built.get(key);
    if (mask === undefined) {
      // keep: the first use may happen inside the caller's tidy, which must not free a cached mask.
      mask = tf.keep(tf.tidy(build));
      this.built.set(key, mask);
    }
    return mask;
  }
}

/**
 * The 2N batch rows compared with themselves and then `columns - 2N` queued keys: the positive (i XOR 1, from
 * `partners`, 2N x 2N) and the candidates (every column but the anchor and its partner), 2N x C each, 0/1.
 */
export function queueTargetMasks(partners: tf.Tensor2D, columns: number) {
  const rows = partners.shape[0];
  const widen = (mask: tf.Tensor2D, fill: number) =>
    tf.pad(
      mask,
      [
        [0, 0],
        [0, columns - rows],
      ],
      fill,
    ) as tf.Tensor2D;
  return { positives: widen(partners, 0), candidates: widen(tf.sub(tf.sub(1, partners), tf.eye(rows)), 1) };
}

/**
 * Row-wise log-sum-exp with a hand-written gradient. logits: R x C (masked columns at MASKED_LOGIT); returns R
 * values max + log(sum(exp(x - max))), gradient dy * softmax(x) built from the forward pass's exp and sum (one
 * R x C pass; no second exp, no gradient through the max as autograd of tf.logSumExp would send). Stable at any
 * temperature; masked columns get exactly zero weight.
 */
export const logSumExpRows = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const logits = args[0] as tf.Tensor2D;
  const save = args[1] as tf.GradSaveFunc;
  const max = tf.max(logits, 1, true);
  const shiftedExp = tf.exp(tf.sub(logits, max)); // R x C, in [0, 1], 1 at the row max
  const total = tf.sum(shiftedExp, 1); // R, >= 1
  save([shiftedExp, total]);
  return {
    value: tf.add(tf.log(total), tf.reshape(max, [-1])),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [e, sum] = saved as [tf.Tensor, tf.Tensor];
      return tf.mul(e, tf.expandDims(tf.div(dy, sum), 1));
    },
  };
}) as (logits: tf.Tensor2D) => tf.Tensor1D;

/**
 * Per-row softmax cross-entropy with one-hot labels of the logits scale * scores + bias, evaluated as
 * lse(scale * (scores - scores_label) + bias). Shifting by the label's score first makes the label's logit
 * exactly 0, so a loss near 0 keeps its precision at tau = 1e-4 (no difference of two 1e4-sized numbers) and is
 * never negative. scores, labels: R x C (labels one-hot); bias: R x C additive (masks, log-weights) that must
 * be 0 at the label column; returns R losses.
 */
export function labelledCrossEntropy(
  scores: tf.Tensor2D,
  labels: tf.Tensor2D,
  scale: number,
  bias?: tf.Tensor2D,
): tf.Tensor1D {
  return tf.tidy(() => {
    const labelScore = tf.sum(tf.mul(scores, labels), 1, true);
    const shifted = tf.mul<tf.Tensor2D>(tf.sub(scores, labelScore), scale);
    return logSumExpRows(bias === undefined ? shifted : tf.add<tf.Tensor2D>(shifted, bias));
  });
}
