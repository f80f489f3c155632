// Analysis mode's state (a person's own embeddings, measured without training), in a store of its own: the lab's
// store is the main run's. Only the analysis client writes what the worker sends (the loaded points and their
// measures); the panel writes the choices (columns, anchor, tau). A refused file leaves the current analysis as
// it was and only sets the refusal.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Measure, Norms, UnitRows } from '../analysis/analysis';
import type { VectorFormat } from '../analysis/dataset';
import type { MetadataColumn } from '../analysis/types';

/** What the panel can ask of the page's analysis client (which talks to the analysis worker). */
export interface AnalysisControls {
  /** reads and measures the files; a refusal keeps the current analysis */
  load(vectors: File, metadata: File | null): void;
  /** measures tolerance and alignment with these label and pair-id columns (null: none) */
  chooseColumns(labelColumn: number | null, pairColumn: number | null): void;
}

/** The points as loaded: the unit rows (an anchor's cosines are O(rows x dim), computed on the page). */
export interface AnalysisDataset {
  /** the load's number: replies about an older load are dropped */
  readonly id: number;
  readonly vectorsName: string;
  readonly metadataName: string | null;
  readonly format: VectorFormat;
  readonly points: UnitRows;
  readonly columns: readonly MetadataColumn[];
  /** L2 norms of the rows as read */
  readonly norms: Norms;
  /** rows x 3 unit points of the view: the rows themselves up to 3 dimensions, else their PCA projection */
  readonly projection: Float32Array;
  /** share of the unit rows' mean square the 3 projection axes hold (1 up to 3 dimensions) */
  readonly captured: number;
  /** milliseconds spent reading the files, parsing them and projecting the points (in the worker) */
  readonly timings: { readonly readMs: number; readonly parseMs: number; readonly projectMs: number };
}

/** Tolerance and alignment for one choice of columns. */
export interface ColumnMeasures {
  readonly labelColumn: number | null;
  readonly pairColumn: number | null;
  readonly tolerance: Measure | null;
  readonly alignment: Measure | null;
}

/** The analysis as the panel shows it. */
export interface AnalysisData {
  /** names of the files being read, or null */
  readonly loading: string | null;
  /** the latest refused file and its problems (line-numbered), until the next load succeeds */
  readonly refusal: { readonly file: string; readonly problems: readonly string[] } | null;
  readonly dataset: AnalysisDataset | null;
  readonly labelColumn: number | null;
  readonly pairColumn: number | null;
  /** null while it is measured */
  readonly uniformity: Measure | null;
  /** null while they are measured */
  readonly columnMeasures: ColumnMeasures | null;
  /** the anchor row */
  readonly anchor: number;
  readonly tau: number;
}

/** The store's actions. */
export interface AnalysisActions {
  startLoading(names: string): void;
  refuse(file: string, problems: readonly string[]): void;
  loaded(dataset: AnalysisDataset, labelColumn: number | null, pairColumn: number | null): void;
  setUniformity(datasetId: number, uniformity: Measure): void;
  setColumns(labelColumn: number | null, pairColumn: number | null): void;
  setColumnMeasures(datasetId: number, measures: ColumnMeasures): void;
  setAnchor(anchor: number): void;
  setTau(tau: number): void;
}

export type AnalysisState = AnalysisData & AnalysisActions;
export type AnalysisStore = StoreApi<AnalysisState>;

/** A store with nothing loaded, its tau slider at `tau`. */
export function createAnalysisStore(tau: number): AnalysisStore {
  return createStore<AnalysisState>()((set, get) => {
    const current = (datasetId: number) => get().dataset?.id === datasetId;
    return {
      loading: null,
      refusal: null,
      dataset: null,
      labelColumn: null,
      pairColumn: null,
      uniformity: null,
      columnMeasures: null,
      anchor: 0,
      tau,
      startLoading: (names) => set({ loading: names }),
      refuse: (file, problems) => set({ loading: null, refusal: { file, problems } }),
      loaded: (dataset, labelColumn, pairColumn) =>
        set({
          loading: null,
          refusal: null,
          dataset,
          labelColumn,
          pairColumn,
          uniformity: null,
          columnMeasures: null,
          anchor: 0,
        }),
      setUniformity: (datasetId, uniformity) => {
        if (current(datasetId)) set({ uniformity });
      },
      setColumns: (labelColumn, pairColumn) => set({ labelColumn, pairColumn, columnMeasures: null }),
      setColumnMeasures: (datasetId, measures) => {
        const { labelColumn, pairColumn } = get();
        if (current(datasetId) && measures.labelColumn === labelColumn && measures.pairColumn === pairColumn)
          set({ columnMeasures: measures });
      },
      setAnchor: (anchor) => {
        const rows = get().dataset?.points.rows ?? 0;
        if (Number.isInteger(anchor) && anchor >= 0 && anchor < rows) set({ anchor });
      },
      setTau: (next) => set({ tau: next }),
    };
  });
}
