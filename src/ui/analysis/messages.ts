// The messages between the analysis panel's client and its worker. Every reply names the load it is about
// (`datasetId`), so the client drops replies about an older load.
import type { Measure } from '../../analysis/analysis';
import type { AnalysisDataset, ColumnMeasures } from '../../state/analysisStore';

/** What the page asks of the analysis worker. */
export type AnalysisRequest =
  | { readonly type: 'load'; readonly id: number; readonly vectors: File; readonly metadata: File | null }
  | {
      readonly type: 'measure';
      readonly datasetId: number;
      readonly labelColumn: number | null;
      readonly pairColumn: number | null;
    };

/** What the worker answers. */
export type AnalysisReply =
  | { readonly type: 'refused'; readonly id: number; readonly file: string; readonly problems: string[] }
  /** the points read (a copy of their unit rows and their projection, transferred) */
  | { readonly type: 'loaded'; readonly dataset: AnalysisDataset }
  | { readonly type: 'uniformity'; readonly datasetId: number; readonly uniformity: Measure }
  | { readonly type: 'measures'; readonly datasetId: number; readonly measures: ColumnMeasures };
