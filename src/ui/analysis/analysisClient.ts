// The page's side of analysis mode: starts the analysis worker on the first load, sends it the files and the
// choices of columns, and writes its replies into the analysis store, dropping replies about a load that was
// replaced. The worker is the panel's: it ends with it.
import { defaultColumn } from '../../analysis/dataset';
import type { AnalysisControls, AnalysisDataset, AnalysisStore } from '../../state/analysisStore';
import type { AnalysisReply, AnalysisRequest } from './messages';

/** The files of one load: the vectors and, where given, the metadata. */
export interface AnalysisFiles {
  readonly vectors: File;
  readonly metadata: File | null;
}

/** A new analysis worker. */
export const createAnalysisWorker = (): Worker =>
  new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module', name: 'analysis' });

/** Talks to the analysis worker for one panel. */
export class AnalysisClient implements AnalysisControls {
  private worker: Worker | null = null;
  private loads = 0;
  /** the load whose reply is awaited (replies to older ones are dropped) */
  private pending = 0;
  private pendingNames = '';
  private pendingFiles: AnalysisFiles | null = null;

  constructor(
    private readonly store: AnalysisStore,
    private readonly createWorker: () => Worker = createAnalysisWorker,
    /** called with the files of each load that succeeds (the panel keeps them across reloads) */
    private readonly onLoaded: (files: AnalysisFiles) => void = () => {},
  ) {}

  load(vectors: File, metadata: File | null): void {
    this.pending = ++this.loads;
    this.pendingFiles = { vectors, metadata };
    this.pendingNames = metadata ? `${vectors.name} and ${metadata.name}` : vectors.name;
    this.store.getState().startLoading(this.pendingNames);
    this.send({ type: 'load', id: this.pending, vectors, metadata });
  }

  chooseColumns(labelColumn: number | null, pairColumn: number | null): void {
    const state = this.store.getState();
    state.setColumns(labelColumn, pairColumn);
    if (state.dataset) this.measure(state.dataset, labelColumn, pairColumn);
  }

  /** Ends the worker (the panel unmounts). */
  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  // Tolerance and alignment for a choice of columns, measured in the worker on its own copy of the rows: the
  // rows they need (up to 8,192 rows and 8,192 pairs, of up to 4,096 numbers) are not copied on this thread.
  private measure(dataset: AnalysisDataset, labelColumn: number | null, pairColumn: number | null): void {
    this.send({ type: 'measure', datasetId: dataset.id, labelColumn, pairColumn });
  }

  private send(request: AnalysisRequest, transfer: Transferable[] = []): void {
    if (!this.worker) {
      const worker = this.createWorker();
      worker.onmessage = (event: MessageEvent<AnalysisReply>) => this.receive(event.data);
      // A worker that dies (out of memory on a huge file) refuses the load it was on; the analysis shown stays.
      worker.onerror = (event) => {
        event.preventDefault();
        this.dispose();
        this.store
          .getState()
          .refuse(this.pendingNames, [`the analysis stopped: ${event.message || 'the worker failed'}`]);
      };
      this.worker = worker;
    }
    this.worker.postMessage(request, transfer);
  }

  private receive(reply: AnalysisReply): void {
    const state = this.store.getState();
    switch (reply.type) {
      case 'refused':
        if (reply.id === this.pending) state.refuse(reply.file, reply.problems);
        return;
      case 'loaded': {
        const { dataset } = reply;
        if (dataset.id !== this.pending) return;
        const label = defaultColumn(dataset.columns, 'label');
        const pair = defaultColumn(dataset.columns, 'pair');
        state.loaded(dataset, label, pair);
        this.measure(dataset, label, pair);
        if (this.pendingFiles) this.onLoaded(this.pendingFiles);
        return;
      }
      case 'uniformity':
        state.setUniformity(reply.datasetId, reply.uniformity);
        return;
      case 'measures':
        state.setColumnMeasures(reply.datasetId, reply.measures);
        return;
    }
  }
}
