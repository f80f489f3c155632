import { useState } from 'react';
import { DIGITS_FILE } from '../data/digits';
import { experimentData } from '../handoff/experimentData';
import { pytorchScript } from '../handoff/pytorchScript';
import { DEFAULT_ST_MODEL, sentenceTransformersScript } from '../handoff/sentenceTransformersScript';
import { useLab, useLabStore } from '../state/LabProvider';
import { linkForState } from '../state/url';
import { downloadBlob, downloadText } from './export/download';

/** Steps the PyTorch script trains when the page has not trained yet (as `npm run train`'s default). */
const STEPS_BEFORE_TRAINING = 200;

/** The script's name beside its data file, when the rows are too large to embed. */
const DATA_FILE_NAME = 'run.data';

/** The digits file beside index.html, read as bytes (the same file the worker trains on). */
async function loadDigits(): Promise<Uint8Array> {
  const response = await fetch(new URL(DIGITS_FILE, document.baseURI));
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${DIGITS_FILE}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * The hand-off buttons: the running experiment as one PyTorch script (its data embedded, the page's current step
 * count as its steps; `npm run export`'s generator) and as a sentence-transformers script for a person's own
 * sentences. Built in the page from the link's settings: nothing is sent anywhere.
 */
export function HandoffExports() {
  const store = useLabStore();
  const step = useLab((state) => state.snapshot?.step ?? 0);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const link = () => {
    const { config, view } = store.getState();
    return linkForState(window.location.href, { config, view });
  };
  const savePytorch = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const { config } = store.getState();
      const data = await experimentData(config, loadDigits);
      const steps = step > 0 ? step : STEPS_BEFORE_TRAINING;
      const made = await pytorchScript({ config, steps, link: link(), data, dataFileName: DATA_FILE_NAME });
      downloadText(made.script, 'text/x-python', 'infonce_run.py');
      if (made.dataFile) downloadBlob(new Blob([made.dataFile.bytes.slice()]), made.dataFile.name);
    } catch (error) {
      setProblem(`The script was not written: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };
  const saveSentenceTransformers = () => {
    const { config } = store.getState();
    const script = sentenceTransformersScript({ config, link: link(), model: DEFAULT_ST_MODEL });
    downloadText(script, 'text/x-python', 'infonce_sentence_transformers.py');
  };
  return (
    <div className="run-buttons" style={{ marginTop: '0.4rem' }}>
      <button type="button" data-testid="export-pytorch" disabled={busy} onClick={() => void savePytorch()}>
        {busy ? 'Writing the PyTorch script…' : 'PyTorch script (.py)'}
      </button>
      <button type="button" data-testid="export-sentence-transformers" onClick={saveSentenceTransformers}>
        sentence-transformers script (.py)
      </button>
      <p style={{ fontSize: '0.85rem', margin: '0.2rem 0 0', color: 'var(--muted)', flexBasis: '100%' }}>
        The PyTorch script reproduces this experiment for {step > 0 ? step : STEPS_BEFORE_TRAINING} steps with
        torch and numpy only (also under torchrun); the sentence-transformers script fine-tunes a pretrained
        sentence encoder ({DEFAULT_ST_MODEL}) on your own sentences with these settings mapped to the library.
        See the README’s “When you outgrow the lab”.
      </p>
      {problem ? (
        <p role="alert" data-testid="export-pytorch-problem">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
