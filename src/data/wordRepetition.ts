// ESimCSE's word repetition: lengthen a view by emitting some of its tokens twice, in place, so the two views of
// a sentence no longer always have the same length (SimCSE's positives do, which lets a model learn "same length,
// similar meaning"). Repeating a word rarely changes what a sentence says; deleting or inserting words can.
//
// The rule is the official code's (caskcsg/sentemb, ESimCSE/train.py, `dup_type == "bpe"`), on token ids after
// tokenisation, as ../shared/SCIENCE.md states it:
//   if int(dup_rate * L) > 0:
//     add_len = randrange(min(10, int(dup_rate * L)))         uniform on 0 .. min(10, floor(dup_rate L)) - 1
//     dup = sorted(sample(range(1, L - 1), add_len))           never position 0 ([CLS]) nor L - 1 ([SEP])
//     each token at a position in dup is emitted twice
// L is `len(input_ids)` of the tokenizer's output with padding off, that is the UNPADDED length INCLUDING [CLS]
// and [SEP]: this module uses exactly that L (the `length` of ./tokenizer.ts's encode). The paper writes
// dup_len ~ U[0, max(2, int(dup_rate * len))] instead, which is the code's other branch (`dup_type == "word"`, on
// whitespace words); the lab follows the token branch, as SCIENCE.md does. One difference: the official code
// repeats after truncating to max_seq_length and lets the result grow past it (its collator pads to the longest
// row); the lab's rows have a fixed width, so the result is cut back to maxLen with [SEP] kept last.

import type { Rng } from '../core/rng';
import { PAD_ID } from './tokenizer';

/** Most tokens one view may gain (the official code's cap). */
export const MAX_ADDED = 10;

/** ESimCSE's default duplication rate (run.sh). */
export const ESIMCSE_DUP_RATE = 0.32;

/** The exclusive upper bound of add_len for an unpadded length L: min(10, floor(dupRate L)); 0 = no repetition. */
export function addLenBound(length: number, dupRate: number): number {
  return Math.min(MAX_ADDED, Math.floor(dupRate * length));
}

/** A view after word repetition. */
export interface Repeated {
  /** maxLen ids: the lengthened sequence, [SEP] last, then PAD_ID. */
  readonly ids: Int32Array;
  /** Unpadded length after repetition (and the cut to maxLen). */
  readonly length: number;
  /** Positions (in the input, ascending) whose token was emitted twice; empty when none. */
  readonly positions: Int32Array;
}

/**
 * Repeats tokens of one encoded sequence by ESimCSE's rule. `ids` holds [CLS] ... [SEP] in its first `length`
 * entries (the rest is ignored); `dupRate` in [0, 1) (at 1 the code's sample would ask for more positions than
 * exist); `maxLen` defaults to ids.length. Draws from `rng` only when floor(dupRate L) > 0, as the code does.
 */
export function repeatWords(
  ids: Int32Array,
  length: number,
  dupRate: number,
  rng: Rng,
  maxLen: number = ids.length,
): Repeated {
  if (!Number.isInteger(length) || length < 2 || length > ids.length)
    throw new Error(`invalid length: ${length}`);
  if (!(dupRate >= 0 && dupRate < 1)) throw new Error(`invalid dupRate: ${dupRate}`);
  if (!Number.isInteger(maxLen) || maxLen < 2) throw new Error(`invalid maxLen: ${maxLen}`);
  const bound = addLenBound(length, dupRate);
  let positions = new Int32Array(0);
  if (bound > 0) {
    const addLen = rng.int(bound); // randrange(bound)
    // sample(range(1, L - 1), add_len): add_len <= floor(dupRate L) - 1 <= L - 2 positions exist for dupRate < 1.
    positions = rng
      .sample(length - 2, addLen)
      .map((p) => p + 1)
      .sort();
  }
  const out = new Int32Array(maxLen).fill(PAD_ID);
  let at = 0;
  let next = 0; // index into positions
  // Every token but the last ([SEP]) is copied, twice at a chosen position, while room for [SEP] remains.
  for (let i = 0; i < length - 1 && at < maxLen - 1; i++) {
    const id = ids[i] as number;
    out[at++] = id;
    if (positions[next] === i) {
      next++;
      if (at < maxLen - 1) out[at++] = id;
    }
  }
  out[at++] = ids[length - 1] as number;
  return { ids: out, length: at, positions };
}
