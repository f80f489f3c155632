// Dropout masks of the text encoder, where BERT has dropout: the embeddings (after their LayerNorm), the
// attention probabilities, the attention output and the feed-forward output. As in model.ts they come from the
// lab's seeded stream (`core/rng`) and the step's DropoutPlan seed, so a link reproduces them; unlike model.ts,
// each position draws from a stream of its own: `dropout/text/<site>/<p>` for hidden states (p the position)
// and `dropout/text/<site>/<q>/<k>` for attention (query q, key k). A real token's masks then depend on its
// sentence row and its position, never on how long the batch is padded, so the same sentence padded to L = 12
// or L = 32 gets the same masks at its real positions and the same embedding (tests/engine/textEncoder.test.ts).
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../core/rng';
import type { DropoutPlan } from './model';

/**
 * The masks of one forward pass over `rows` sentences of `length` positions. With `sameMask` the rows are a
 * two-view batch `[a, a', b, b', ...]` and rows 2i and 2i + 1 read the same draws (draw row i), so the views
 * are identical; otherwise each row draws its own. Rate 0 (or no plan) leaves every activation untouched.
 */
export class TextDropout {
  private readonly rate: number;

  constructor(
    private readonly plan: DropoutPlan | null,
    private readonly rows: number,
    private readonly length: number,
    private readonly width: number,
    private readonly heads: number,
  ) {
    this.rate = plan?.rate ?? 0;
    if (!(this.rate >= 0 && this.rate < 1)) throw new Error(`invalid dropout rate: ${this.rate}`);
    if (plan?.sameMask && rows % 2 !== 0) throw new Error(`invalid rows: ${rows} (sameMask needs pairs)`);
  }

  /** h: (rows * L) x width, row r * L + p; unit (r, p, u) from stream `<site>/<p>`, draw (r, u). */
  hidden(site: string, h: tf.Tensor2D): tf.Tensor2D {
    if (this.rate <= 0 || this.plan === null) return h;
    const { rows, length, width, rate } = this;
    const scale = 1 / (1 - rate);
    const pairs = this.plan.sameMask;
    const out = new Float32Array(rows * length * width);
    for (let p = 0; p < length; p++) {
      const rng = createRng(this.plan.seed, `dropout/text/${site}/${p}`);
      for (let d = 0; d < (pairs ? rows / 2 : rows); d++) {
        // the batch row of draw row d (sameMask: the pair's first view; its second is written alongside)
        const at = ((pairs ? 2 * d : d) * length + p) * width;
        for (let u = 0; u < width; u++) {
          const value = rng.next() >= rate ? scale : 0;
          out[at + u] = value;
          if (pairs) out[at + length * width + u] = value;
        }
      }
    }
    return tf.mul(h, tf.tensor2d(out, [rows * length, width]));
  }

  /** probs: rows x heads x L x L (query by key); entry (r, h, q, k) from stream `<site>/<q>/<k>`, draw (r, h). */
  attention(site: string, probs: tf.Tensor4D): tf.Tensor4D {
    if (this.rate <= 0 || this.plan === null) return probs;
    const { rows, length, heads, rate } = this;
    const scale = 1 / (1 - rate);
    const pairs = this.plan.sameMask;
    const block = length * length; // one (row, head)'s entries
    const out = new Float32Array(rows * heads * block);
    for (let q = 0; q < length; q++) {
      for (let k = 0; k < length; k++) {
        const rng = createRng(this.plan.seed, `dropout/text/${site}/${q}/${k}`);
        const offset = q * length + k;
        for (let d = 0; d < (pairs ? rows / 2 : rows); d++) {
          const at = (pairs ? 2 * d : d) * heads * block + offset;
          for (let h = 0; h < heads; h++) {
            const value = rng.next() >= rate ? scale : 0;
            out[at + h * block] = value;
            if (pairs) out[at + (heads + h) * block] = value;
          }
        }
      }
    }
    return tf.mul(probs, tf.tensor4d(out, [rows, heads, length, length]));
  }
}
