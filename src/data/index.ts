// The data sets the lab offers: ids (used in links) kept apart from what the page shows.

import { DIGITS_CREDIT, DIGITS_FILE } from './digits';
import { SENTENCES_SYNTHETIC_NOTE } from './sentences';
import { DATASET_IDS, type DatasetId } from './types';

export { type BatchSampler, createBatchSampler } from './batches';
export {
  CLUSTERS_DEFAULTS,
  type ClustersConfig,
  type ClustersOptions,
  clusterCentres,
  makeClusters,
} from './clusters';
export {
  DIGITS_CLASSES,
  DIGITS_CREDIT,
  DIGITS_DIM,
  DIGITS_FILE,
  DIGITS_SOURCE_URL,
  type DigitsResult,
  decodeDigits,
  parseDigitsCsv,
} from './digits';
export {
  classBuckets,
  DISPLAY_MAX_POINTS,
  pickDisplaySet,
  type SplitOptions,
  splitTrainTest,
  subsetRows,
} from './split';
export { DATASET_IDS, type Dataset, type DatasetId, type DatasetSplit } from './types';

/** What the page shows about a data set, and where its rows come from. */
export interface DatasetInfo {
  /** Id used in links and configs. */
  readonly id: DatasetId;
  /** Short label for a picker. */
  readonly label: string;
  /** One sentence for an explanation panel. */
  readonly description: string;
  /** Attribution to show with it, when it is someone else's data. */
  readonly credit?: string;
  /**
   * 'generated' in the page from a seed, a 'file' under public/ fetched at `file` (relative to base URL), or
   * 'imported' by the person (kept in the browser's IndexedDB, sent to the worker with the run)
   */
  readonly source: 'generated' | 'file' | 'imported';
  /** Path under public/ for file data sets. */
  readonly file?: string;
}

/** The registry: one entry per DatasetId, in display order. */
export const DATASETS: Readonly<Record<DatasetId, DatasetInfo>> = Object.freeze({
  clusters: {
    id: 'clusters',
    label: 'Gaussian clusters',
    description: 'Classes drawn around equally spaced centres with Gaussian noise; generated from the seed.',
    source: 'generated',
  },
  digits: {
    id: 'digits',
    label: 'Handwritten digits',
    description: '1,797 handwritten digits as 8 x 8 images, ten classes.',
    credit: DIGITS_CREDIT,
    source: 'file',
    file: DIGITS_FILE,
  },
  sentences: {
    id: 'sentences',
    label: 'Generated sentences',
    description: `Template sentences labelled by meaning group, with held-out graded pairs for STS. ${SENTENCES_SYNTHETIC_NOTE}`,
    source: 'generated',
  },
  mine: {
    id: 'mine',
    label: 'Your sentences',
    description:
      'Sentences you imported (pasted or from a .txt or .csv file), kept in this browser only: a link cannot carry them.',
    source: 'imported',
  },
});

/** Whether a value (e.g. from a link) is a known DatasetId. */
export function isDatasetId(value: unknown): value is DatasetId {
  return typeof value === 'string' && (DATASET_IDS as readonly string[]).includes(value);
}
