// Shapes shared by every data set. Arrays are typed and row-major so they can cross the worker boundary
// (transferred, not copied) and feed tf.tensor2d without reshaping.

/** The data sets the lab offers (ids only; display labels live in ./index.ts). */
export const DATASET_IDS = ['clusters', 'digits', 'sentences', 'mine'] as const;

/** Id of a data set, as used in links (`dataset=`) and configs. */
export type DatasetId = (typeof DATASET_IDS)[number];

/** Whether a data set is text (the text encoder on token ids): the generated sentences or the person's own. */
export function isTextDataset(id: DatasetId): boolean {
  return id === 'sentences' || id === 'mine';
}

/** A labelled data set held in memory. */
export interface Dataset {
  /** Which data set this is (a split keeps its parent's id). */
  readonly id: DatasetId;
  /** Human-readable name for the UI, e.g. "Gaussian clusters (8 x 32)". */
  readonly name: string;
  /** Attribution to show wherever the data set is shown (required by the digits' CC BY 4.0 licence). */
  readonly credit?: string;
  /**
   * rows x dim, row-major; units depend on the set (clusters: raw coordinates, digits: ink in [0, 1], sentences:
   * token ids, exact in float32, so the split and display picks treat text like any other rows).
   */
  readonly features: Float32Array;
  /** rows, each an integer class in [0, classes). */
  readonly labels: Int32Array;
  /** Number of samples. */
  readonly rows: number;
  /** Features per sample. */
  readonly dim: number;
  /** Number of classes (some may be absent from a small split). */
  readonly classes: number;
  /** Display name of each class, length `classes`, when the set has meaningful names. */
  readonly classNames?: readonly string[];
  /** Text mode: each row's sentence as written (length `rows`), for the page to show; absent for vectors. */
  readonly texts?: readonly string[];
  /** Text mode with triplets: each row's entailment and contradiction sentences (length `rows` each). */
  readonly tripletTexts?: TripletTexts;
}

/** The two sentences a row's triplet pairs it with, row-aligned. */
export interface TripletTexts {
  readonly entailment: readonly string[];
  readonly contradiction: readonly string[];
}

/** A stratified train / held-out split; the held-out part feeds kNN evaluation and the display. */
export interface DatasetSplit {
  /** Rows the encoder trains on. */
  readonly train: Dataset;
  /** Rows never trained on. */
  readonly test: Dataset;
}
