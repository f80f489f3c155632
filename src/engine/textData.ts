// Text mode's rows (issue 19): the generated sentences as a Dataset whose features are token ids, so the split,
// the display set and the kNN reference are picked by the same functions as for the other data sets, and the
// held-out STS pairs that `sts_spearman` is measured on.
import { makeSentences } from '../data/sentences';
import { type StsBaselines, stsBaselines } from '../data/stsBaselines';
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
  /** the bag-of-words baselines on the same pairs (100 x Spearman), computed once per run */
  readonly baselines: StsBaselines | null;
}

/**
 * Supervised SimCSE's triplets of the training sentences (data/sentences.ts: one per sentence), row r holding
 * sentence r's entailment and contradiction as ids (rows x maxLen each, row-major). They are not training rows:
 * the supervised objective reads them by its anchor's row.
 */
export interface TripletRows {
  readonly entailment: Int32Array;
  readonly contradiction: Int32Array;
  /** each contradiction's meaning group (a swap of agent and object may change it) */
  readonly contradictionLabels: Int32Array;
  readonly rows: number;
  readonly maxLen: number;
}

/** rows x maxLen ids, each [CLS] tokens [SEP] then [PAD]. */
export function encodeAll(texts: readonly string[], maxLen: number): Int32Array {
  const ids = new Int32Array(texts.length * maxLen);
  texts.forEach((text, i) => {
    ids.set(encode(text, maxLen).ids, i * maxLen);
  });
  return ids;
}

/**
 * The training sentences as a Dataset (ids as float32: exact below 2^24), the held-out STS pairs and the
 * triplets, row r of the triplets belonging to the dataset's row r.
 */
export function sentenceRows(config: TrainConfig): { dataset: Dataset; sts: StsRows; triplets: TripletRows } {
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
    texts: data.sentences.map((s) => s.text),
    // one triplet per training sentence, in row order (the page shows them in supervised SimCSE's batch)
    tripletTexts: {
      entailment: data.triplets.map((t) => t.entailment.text),
      contradiction: data.triplets.map((t) => t.contradiction.text),
    },
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
    baselines: stsBaselines(
      data.sentences.map((s) => s.text),
      data.sts.map((p) => ({ a: p.a.text, b: p.b.text, score: p.score })),
    ),
  };
  const sideIds = (side: 'entailment' | 'contradiction') =>
    encodeAll(
      data.triplets.map((t) => t[side].text),
      maxLen,
    );
  const triplets: TripletRows = {
    entailment: sideIds('entailment'),
    contradiction: sideIds('contradiction'),
    contradictionLabels: Int32Array.from(data.triplets, (t) => t.contradiction.label),
    rows: data.triplets.length,
    maxLen,
  };
  return { dataset, sts, triplets };
}

/**
 * The triplets of a split's training rows, in its row order. The split keeps no row indices, so the same split
 * is taken of the row numbers (the split reads only the labels and the seed: it picks the same rows).
 */
export function tripletsOfSplit(
  dataset: Dataset,
  triplets: TripletRows,
  split: (numbered: Dataset) => Dataset,
): TripletRows {
  const numbered = split({
    ...dataset,
    features: Float32Array.from({ length: dataset.rows }, (_, r) => r),
    dim: 1,
  });
  const { maxLen } = triplets;
  const pick = (ids: Int32Array) => {
    const out = new Int32Array(numbered.rows * maxLen);
    numbered.features.forEach((r, i) => {
      out.set(ids.subarray(r * maxLen, (r + 1) * maxLen), i * maxLen);
    });
    return out;
  };
  return {
    entailment: pick(triplets.entailment),
    contradiction: pick(triplets.contradiction),
    contradictionLabels: Int32Array.from(numbered.features, (r) => triplets.contradictionLabels[r] as number),
    rows: numbered.rows,
    maxLen,
  };
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
