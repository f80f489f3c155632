// Text mode's rows (issue 19): the generated sentences as a Dataset whose features are token ids, so the split,
// the display set and the kNN reference are picked by the same functions as for the other data sets, and the
// held-out STS pairs that `sts_spearman` is measured on.
import { makeSentences } from '../data/sentences';
import { encode } from '../data/tokenizer';
import type { Dataset } from '../data/types';
import type { TrainConfig } from '../protocol/config';

/** The STS pairs of a run: both sides' ids (pairs x maxLen each, row-major) and their gold scores. */
export interface StsRows {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly scores: Float64Array;
  readonly pairs: number;
  readonly maxLen: number;
}

/** rows x maxLen ids, each [CLS] tokens [SEP] then [PAD]. */
function encodeAll(texts: readonly string[], maxLen: number): Int32Array {
  const ids = new Int32Array(texts.length * maxLen);
  texts.forEach((text, i) => {
    ids.set(encode(text, maxLen).ids, i * maxLen);
  });
  return ids;
}

/** The training sentences as a Dataset (ids as float32: exact below 2^24) and the held-out STS pairs. */
export function sentenceRows(config: TrainConfig): { dataset: Dataset; sts: StsRows } {
  const data = makeSentences({ seed: config.seed });
  const { maxLen } = config;
  const dataset: Dataset = {
    id: 'sentences',
    name: data.name,
    credit: data.note,
    features: Float32Array.from(
      encodeAll(
        data.sentences.map((s) => s.text),
        maxLen,
      ),
    ),
    labels: data.labels,
    rows: data.rows,
    dim: maxLen,
    classes: data.classes,
    classNames: data.classNames,
  };
  const sts: StsRows = {
    a: encodeAll(
      data.sts.map((p) => p.a.text),
      maxLen,
    ),
    b: encodeAll(
      data.sts.map((p) => p.b.text),
      maxLen,
    ),
    scores: Float64Array.from(data.sts, (p) => p.score),
    pairs: data.sts.length,
    maxLen,
  };
  return { dataset, sts };
}

/** Each row's unpadded length (its non-[PAD] ids; padding is only at the end). rows x dim ids. */
export function rowLengths(features: ArrayLike<number>, rows: number, dim: number): Int32Array {
  const lengths = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let n = 0;
    while (n < dim && features[r * dim + n] !== 0) n++;
    lengths[r] = n;
  }
  return lengths;
}
