import { type ChangeEvent, useRef } from 'react';
import { makeClusters } from '../data/clusters';
import type { TrainConfig } from '../protocol/config';
import { parseWeightsFile, weightsFileTooLarge } from '../protocol/weightsFile';
import { useLab, useLabStore } from '../state/LabProvider';
import { useTrainerControls } from '../state/trainerControls';
import { metricsCsv } from './export/csv';
import { downloadText } from './export/download';
import { projectorLabelsTsv, projectorVectorsTsv } from './export/projector';
import { sendWeights } from './export/weightsOffer';
import { HandoffExports } from './HandoffExports';

/** Longest file name quoted back in a refusal (the name is the person's, shown as text). */
const MAX_NAME_CHARS = 80;

/**
 * "Save and export": the metric history as CSV, the held-out embeddings for TensorFlow's Embedding Projector,
 * and the trained weights, downloaded or loaded back. A weights file is checked here first, so a bad one is
 * refused with its reason in the warnings and never reaches the worker.
 */
export function ExportPanel() {
  const store = useLabStore();
  const controls = useTrainerControls();
  const hasSnapshot = useLab((state) => state.snapshot !== null);
  const hasHistory = useLab((state) => state.historyVersion > 0);
  const fileInput = useRef<HTMLInputElement>(null);

  const saveMetrics = () =>
    downloadText(metricsCsv(store.getState().history), 'text/csv', 'infonce-metrics.csv');
  const saveVectors = () => {
    const display = store.getState().snapshot?.display;
    if (display)
      downloadText(projectorVectorsTsv(display), 'text/tab-separated-values', 'infonce-embeddings.tsv');
  };
  const saveLabels = () => {
    const { snapshot, config } = store.getState();
    if (!snapshot) return;
    const tsv = projectorLabelsTsv(snapshot.display.labels, classNamesOf(config));
    downloadText(tsv, 'text/tab-separated-values', 'infonce-labels.tsv');
  };
  const loadWeights = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const chosen = input.files?.[0];
    input.value = ''; // so that choosing the same file again (after a fix) fires a change
    if (!chosen) return;
    const name =
      chosen.name.length > MAX_NAME_CHARS ? `${chosen.name.slice(0, MAX_NAME_CHARS)}…` : chosen.name;
    const refuse = (reason: string) => {
      store.getState().setPendingWeights(null); // nothing to offer for a file that is not one
      store.getState().reportError({ code: 'BAD_WEIGHTS', message: `${name} was not loaded: ${reason}.` });
    };
    const tooLarge = weightsFileTooLarge(chosen.size); // before reading it all into memory
    if (tooLarge) return refuse(tooLarge);
    let text: string;
    try {
      text = await chosen.text();
    } catch {
      return refuse('the file could not be read');
    }
    const parsed = parseWeightsFile(text);
    if ('error' in parsed) return refuse(parsed.error);
    sendWeights(store, controls, { name, file: parsed.file });
  };

  return (
    <section
      className="export-panel"
      aria-labelledby="export-panel-title"
      data-testid="export-panel"
      style={{ border: '1px solid var(--line)', borderRadius: 6, padding: '0.5rem 0.75rem' }}
    >
      <h2 id="export-panel-title" style={{ fontSize: '1rem', margin: '0 0 0.4rem' }}>
        Save and export
      </h2>
      <div className="run-buttons">
        <button type="button" data-testid="export-metrics-csv" disabled={!hasHistory} onClick={saveMetrics}>
          Download metrics (CSV)
        </button>
        <button
          type="button"
          data-testid="export-embeddings-tsv"
          disabled={!hasSnapshot}
          onClick={saveVectors}
        >
          Embeddings for the Projector (TSV)
        </button>
        <button type="button" data-testid="export-labels-tsv" disabled={!hasSnapshot} onClick={saveLabels}>
          Labels for the Projector (TSV)
        </button>
        <button
          type="button"
          data-testid="export-weights"
          disabled={!hasSnapshot}
          onClick={() => controls.exportWeights()}
        >
          Download weights
        </button>
        <button
          type="button"
          data-testid="import-weights"
          disabled={!hasSnapshot}
          onClick={() => fileInput.current?.click()}
        >
          Load weights…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="import-weights-file"
          aria-label="Weights file to load"
          onChange={(event) => void loadWeights(event)}
        />
      </div>
      <HandoffExports />
      <p style={{ fontSize: '0.85rem', margin: '0.4rem 0 0', color: 'var(--muted)' }}>
        The CSV has one row per kept step (long runs keep an even sample). For TensorFlow&apos;s Embedding
        Projector (projector.tensorflow.org), choose Load and give it the embeddings, then the labels: one row
        per held-out point. Weights download as JSON with the settings that made them; loading them needs a
        model of the same shape (the page offers to apply the file&apos;s settings when the shapes differ),
        keeps the step count and starts a fresh Adam optimiser.
      </p>
    </section>
  );
}

/** The class names of the config's data set (the digits are named by their labels). */
function classNamesOf(config: TrainConfig): readonly string[] | undefined {
  if (config.dataset !== 'clusters') return undefined;
  // one point per class in one dimension: the names without generating the data set
  return makeClusters({ seed: config.seed, classes: config.classes, dim: 1, perClass: 1 }).classNames;
}
