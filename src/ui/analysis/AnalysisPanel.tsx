import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { MEASURE_ROWS, UNIFORMITY_POINTS } from '../../analysis/analysis';
import { countText, MAX_DIM, MAX_FILE_BYTES, MAX_ROWS, MAX_VALUES } from '../../analysis/types';
import { type AnalysisStore, createAnalysisStore } from '../../state/analysisStore';
import { useLabStore } from '../../state/LabProvider';
import { AnalysisView } from './AnalysisView';
import { AnalysisClient } from './analysisClient';
import { useKeptFiles } from './keptFiles';
import './analysis.css';

/**
 * "Analyse your own embeddings": a card of its own below the sweep, collapsed until wanted (it is a second
 * subject beside the live run, with charts of its own). A person loads embeddings from any model and sees them
 * with the lab's eyes, without training: on the hypersphere, their uniformity, tolerance and alignment, and for
 * one anchor the weight InfoNCE at tau would give each negative. Its store and worker live as long as the page's
 * panel; closing the card keeps the analysis.
 */
export function AnalysisPanel() {
  const lab = useLabStore();
  const [store] = useState(() => createAnalysisStore(lab.getState().config.tau));
  const files = useKeptFiles();
  const [client] = useState(() => new AnalysisClient(store, undefined, files.keep));
  useEffect(() => () => client.dispose(), [client]);
  const [open, setOpen] = useState(false);
  const dataset = useStore(store, (state) => state.dataset);
  // the files kept from an earlier visit are read again once the card is opened
  const [reloaded, setReloaded] = useState(false);
  useEffect(() => {
    if (!open || reloaded || !files.kept || store.getState().dataset || store.getState().loading) return;
    setReloaded(true);
    client.load(files.kept.vectors, files.kept.metadata);
  }, [open, reloaded, files.kept, store, client]);
  return (
    <details
      className="analysis-panel"
      data-testid="analysis-panel"
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary>
        <h2>Analyse your own embeddings</h2>
        {dataset ? (
          <span className="analysis-note">
            {' '}
            — {dataset.vectorsName}: {countText(dataset.points.rows)} points of {dataset.points.dim}{' '}
            dimensions
          </span>
        ) : null}
      </summary>
      {open ? (
        <div className="analysis-body">
          <p className="analysis-note">
            Load embeddings from any model and look at them as the lab looks at its own, without training: on
            the hypersphere, their uniformity, tolerance and alignment, and for an anchor the weight InfoNCE
            at a temperature would give every negative. The files are read in this page; nothing is sent
            anywhere.
          </p>
          <p className="analysis-note">
            <strong>Formats.</strong> TensorFlow’s Embedding Projector TSVs: vectors (one row of tab-separated
            numbers per point, no header) and metadata (a header, then one row per point: a label column and,
            if you have one, a pair-id column: rows sharing a pair id are positives of each other). Or a CSV
            with a header: its numeric columns are the vector, columns named <code>label</code>/
            <code>class</code> and <code>pair</code>/<code>pair_id</code> are metadata. Or a NumPy{' '}
            <code>.npy</code> (2-D float32 or float64, little-endian, C order), with an optional metadata TSV
            or CSV. At most {countText(MAX_ROWS)} points, {countText(MAX_DIM)} dimensions and{' '}
            {countText(MAX_VALUES)} numbers in all (files up to {countText(MAX_FILE_BYTES / 2 ** 20)} MB).
          </p>
          <FileForm store={store} client={client} />
          <p className="analysis-note" data-testid="analysis-kept">
            {files.kept
              ? `${files.kept.vectors.name}${files.kept.metadata ? ` and ${files.kept.metadata.name}` : ''} are kept in this browser (IndexedDB) for your next visit. `
              : 'Files that load are kept in this browser (IndexedDB) for your next visit, until you forget them.'}
            {files.kept ? (
              <button type="button" data-testid="analysis-forget" onClick={files.forget}>
                Forget these files
              </button>
            ) : null}
          </p>
          <Status store={store} />
          {dataset ? <AnalysisView store={store} client={client} dataset={dataset} /> : null}
          <p className="analysis-note">
            Uniformity (Wang &amp; Isola, t = 2) is measured on every ceil(n / {UNIFORMITY_POINTS})-th point,
            at most {UNIFORMITY_POINTS}: the subset the lab measures its own on, so the lab’s exported
            embeddings read back with the lab’s number. Tolerance (the mean cosine of same-label pairs) and
            alignment (alpha = 2, over the pairs the pair ids give) use up to {countText(MEASURE_ROWS)} evenly
            spread rows or pairs. Cosines are of the L2-normalised rows, as InfoNCE’s are.
          </p>
        </div>
      ) : null}
    </details>
  );
}

/** The two file choosers and the Analyse button. */
function FileForm({ store, client }: { store: AnalysisStore; client: AnalysisClient }) {
  const vectors = useRef<HTMLInputElement>(null);
  const metadata = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState(false);
  const loading = useStore(store, (state) => state.loading !== null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const file = vectors.current?.files?.[0];
    if (file) client.load(file, metadata.current?.files?.[0] ?? null);
  };
  return (
    <form className="analysis-files" onSubmit={submit}>
      <label>
        Vectors <span className="analysis-note">(.tsv, .csv or .npy)</span>
        <input
          ref={vectors}
          type="file"
          accept=".tsv,.txt,.tab,.csv,.npy,text/tab-separated-values,text/csv"
          data-testid="analysis-vectors-file"
          onChange={(event) => setChosen((event.currentTarget.files?.length ?? 0) > 0)}
        />
      </label>
      <label>
        Metadata <span className="analysis-note">(optional: labels, pair ids)</span>
        <input
          ref={metadata}
          type="file"
          accept=".tsv,.txt,.tab,.csv,text/tab-separated-values,text/csv"
          data-testid="analysis-metadata-file"
        />
      </label>
      <button type="submit" data-testid="analysis-load" disabled={!chosen || loading}>
        Analyse
      </button>
    </form>
  );
}

/** What is being read, and the latest refusal with its line-numbered problems (file text shown as text). */
function Status({ store }: { store: AnalysisStore }) {
  const loading = useStore(store, (state) => state.loading);
  const refusal = useStore(store, (state) => state.refusal);
  const dataset = useStore(store, (state) => state.dataset);
  return (
    <>
      {loading !== null ? (
        <p className="analysis-note" role="status" data-testid="analysis-loading">
          Reading {loading}…
        </p>
      ) : null}
      {refusal ? (
        <div className="analysis-problems" role="alert" data-testid="analysis-problems">
          <p>
            {refusal.file} was not loaded
            {dataset ? `; the analysis below is still that of ${dataset.vectorsName}` : ''}:
          </p>
          <ul>
            {refusal.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
