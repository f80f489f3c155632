// What the page shows of a text-mode run's rows as words: the sentences themselves, sent once per run by the
// trainer (a `texts` event) rather than in every snapshot. The snapshot's display set and its batch view's
// `sources` (with `sourceSides`) index these lists. Whether the texts were generated or are the person's own, the page gets them the
// same way, and renders them as text, never as HTML.
import type { StsBaselines } from '../data/stsBaselines';
import type { Dataset, TripletTexts } from '../data/types';

/** A run's sentences by row, and its STS baselines. */
export interface RunTexts {
  /** the sentence of each training row (BatchView.sources indexes it) */
  readonly train: readonly string[];
  /** the sentence of each display-set row (DisplaySet row order) */
  readonly display: readonly string[];
  /** the name of each class (label), e.g. the meaning groups of the generated sentences; empty without names */
  readonly classNames: readonly string[];
  /** each training row's entailment and contradiction (supervised SimCSE's rows on the sentences), or null */
  readonly triplets: TripletTexts | null;
  /** the bag-of-words baselines on the run's STS pairs, or null without STS pairs */
  readonly stsBaselines: StsBaselines | null;
}

/** The texts of a run's training rows and display set, or null when its rows are not sentences. */
export function runTextsOf(
  train: Dataset,
  display: Dataset,
  stsBaselines: StsBaselines | null,
): RunTexts | null {
  if (!train.texts || !display.texts) return null;
  return {
    train: train.texts,
    display: display.texts,
    classNames: train.classNames ?? [],
    triplets: train.tripletTexts ?? null,
    stsBaselines,
  };
}

/** Whether a run measures STS Spearman: the generated sentences have graded held-out pairs, other data none. */
export function measuresSts(config: { readonly dataset: string }): boolean {
  return config.dataset === 'sentences';
}
