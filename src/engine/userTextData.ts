// The person's own sentences (`dataset=mine`) as a Dataset of token ids, like the generated ones (textData.ts),
// so the split, the display set and kNN treat them the same way. They arrive in the configure message (the page
// keeps them in IndexedDB; a link cannot carry them) and have no graded pairs: no STS is measured on them.
import type { Dataset } from '../data/types';
import type { UserSentences } from '../data/userSentences';
import type { TrainConfig } from '../protocol/config';
import { encodeAll } from './textData';

/** Why a run of `dataset=mine` has nothing to train on. */
export const NO_USER_SENTENCES =
  'no sentences of yours were sent with this run (import them in the card "Train on your own sentences")';

/** The person's sentences as rows x maxLen ids (float32: exact below 2^24). Throws when there are none. */
export function userSentenceRows(config: TrainConfig, sentences: UserSentences | null): Dataset {
  if (sentences === null || sentences.texts.length === 0) throw new Error(NO_USER_SENTENCES);
  const { maxLen } = config;
  return {
    id: 'mine',
    name: `Your sentences (${sentences.source}, ${sentences.texts.length})`,
    features: Float32Array.from(encodeAll(sentences.texts, maxLen)),
    labels: Int32Array.from(sentences.labels),
    rows: sentences.texts.length,
    dim: maxLen,
    classes: sentences.classNames.length,
    classNames: sentences.classNames,
    texts: sentences.texts,
  };
}
