// Run texts for the text-mode page tests: every training row's sentence named by its number.
import type { RunTexts } from '../../../src/protocol/runTexts';

/** A run's texts: `rows` training sentences, 8 display sentences, two class names, no triplets or baselines. */
export function fakeTexts(
  rows: number,
  sentences: (i: number) => string = (i) => `Sentence number ${i}.`,
): RunTexts {
  return {
    train: Array.from({ length: rows }, (_, i) => sentences(i)),
    display: Array.from({ length: 8 }, (_, i) => `Held-out ${i}.`),
    classNames: ['people greet people', 'animals chase animals'],
    triplets: null,
    stsBaselines: null,
  };
}
