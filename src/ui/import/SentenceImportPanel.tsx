import { type DragEvent, useState } from 'react';
import { useStore } from 'zustand';
import { countText } from '../../analysis/types';
import {
  MAX_BYTES,
  MAX_CHARS,
  MAX_CLASSES,
  MAX_LINES,
  MIN_SENTENCES,
  readSentenceFile,
  readSentences,
  type SentenceImport,
  tooLarge,
} from '../../data/userSentences';
import { useLab, useLabStore } from '../../state/LabProvider';
import { useTrainerControls } from '../../state/trainerControls';
import { ImportResult, SentencePreview } from './ImportResult';
import { useUserDataStore } from './userDataContext';
import '../analysis/analysis.css';
import './import.css';

/** A read awaiting confirmation: nothing changes before "Use these sentences". */
interface Pending {
  readonly source: string;
  readonly result: SentenceImport;
}

/** The data set the lab returns to when the person forgets their sentences while training on them. */
const AFTER_FORGET = 'sentences';

/**
 * "Your sentences": paste sentences or choose/drop a .txt or .csv file, see what was read (or every rejected
 * line with its reason), and only then train on them (`dataset=mine`). The confirmed set is kept in this
 * browser's IndexedDB until "Forget my data"; it never leaves the page, and a link cannot carry it.
 */
export function SentenceImportPanel() {
  const userData = useUserDataStore();
  const stored = useStore(userData, (s) => s.sentences);
  const storage = useStore(userData, (s) => s.storage);
  const dataset = useLab((s) => s.config.dataset);
  const lab = useLabStore();
  const controls = useTrainerControls();
  const [pending, setPending] = useState<Pending | null>(null);
  const [paste, setPaste] = useState('');
  // open from the start while the lab trains on the person's sentences; then as the person leaves it
  const [open, setOpen] = useState(dataset === 'mine');

  const readFile = async (file: File) => {
    // an oversized file is refused by its size, before its bytes are read
    const result =
      file.size > MAX_BYTES
        ? tooLarge(file.size)
        : readSentenceFile(new Uint8Array(await file.arrayBuffer()), file.name);
    setPending({ source: file.name, result });
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const file = event.dataTransfer.files[0];
    if (file) void readFile(file);
  };
  const confirm = async (result: SentenceImport) => {
    if (!result.sentences) return;
    await userData.getState().use(result.sentences);
    setPending(null);
    const { config, view } = lab.getState();
    controls.restartWith({ config: { ...config, dataset: 'mine' }, view });
  };
  const forget = async () => {
    await userData.getState().forget();
    const { config, view } = lab.getState();
    if (config.dataset === 'mine')
      controls.restartWith({ config: { ...config, dataset: AFTER_FORGET }, view });
  };

  return (
    <details
      className="analysis-panel"
      data-testid="import-panel"
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
      onDragOver={(event) => event.preventDefault()}
      onDrop={onDrop}
    >
      <summary>
        <h2>Train on your own sentences</h2>
        {stored ? (
          <span className="analysis-note">
            {' '}
            — {countText(stored.texts.length)} stored from {stored.source}
          </span>
        ) : null}
      </summary>
      <div className="analysis-body">
        <p className="analysis-note">
          Paste sentences, or choose or drop a file: <code>.txt</code> with one sentence a line, or{' '}
          <code>.csv</code> with the sentence in the first column and an optional label in the second (a
          sentence with commas in double quotes; a first row whose first cell is <code>sentence</code> or{' '}
          <code>text</code> is a header). UTF-8 text, at most {countText(MAX_BYTES / 2 ** 20)} MB,{' '}
          {countText(MAX_LINES)} lines and {MAX_CHARS} characters a sentence (the encoder reads its first
          maxLen tokens); at least {MIN_SENTENCES} different sentences, at most {MAX_CLASSES} labels. A
          repeated sentence is kept once; a blank or too long line, a row with the wrong number of columns or
          bytes that are not UTF-8 refuse the file, with the line named. Without labels the sentences are
          grouped by length (quartiles of the word count), so kNN accuracy and the colours show how far the
          embedding sorts them by length. Those groups then stand in as the labels wherever the lab reads
          labels (the false-negative measures, supervised SimCSE, the triplet's mining): set “Label access” to
          hidden to train as on unlabelled data.
        </p>
        <p className="analysis-note">
          Nothing leaves this page: the sentences you use are kept in this browser (IndexedDB) until you
          forget them. A link cannot carry them. No STS Spearman is measured on them: it needs graded sentence
          pairs, which a list of sentences does not have.
        </p>
        <div className="import-inputs">
          <label>
            Paste sentences, one a line
            <textarea
              rows={5}
              value={paste}
              data-testid="import-paste"
              onChange={(event) => setPaste(event.currentTarget.value)}
            />
          </label>
          <button
            type="button"
            data-testid="import-read-paste"
            disabled={paste.trim() === ''}
            onClick={() =>
              setPending({ source: 'pasted text', result: readSentences(paste, 'txt', 'pasted text') })
            }
          >
            Read pasted text
          </button>
          <label>
            Or a file <span className="analysis-note">(.txt or .csv; or drop it on this card)</span>
            <input
              type="file"
              accept=".txt,.csv,text/plain,text/csv"
              data-testid="import-file"
              onChange={(event) => {
                const file = event.currentTarget.files?.[0];
                if (file) void readFile(file);
                event.currentTarget.value = '';
              }}
            />
          </label>
        </div>
        {pending ? (
          <>
            <ImportResult result={pending.result} source={pending.source} />
            {pending.result.sentences ? (
              <div className="import-actions">
                <button
                  type="button"
                  data-testid="import-confirm"
                  onClick={() => void confirm(pending.result)}
                >
                  Use these sentences
                </button>
                <button type="button" data-testid="import-cancel" onClick={() => setPending(null)}>
                  Cancel
                </button>
              </div>
            ) : null}
          </>
        ) : null}
        <StoredSet onForget={() => void forget()} storage={storage} />
      </div>
    </details>
  );
}

/** The stored set, and the button that forgets it. */
function StoredSet({
  onForget,
  storage,
}: {
  onForget: () => void;
  storage: 'loading' | 'ready' | 'unavailable';
}) {
  const stored = useStore(useUserDataStore(), (s) => s.sentences);
  if (!stored)
    return (
      <p className="analysis-note" data-testid="import-stored-none">
        {storage === 'unavailable'
          ? 'This browser refuses to store data for this page: imported sentences last until it closes.'
          : 'No sentences of yours are stored in this browser.'}
      </p>
    );
  return (
    <div className="import-stored">
      <p className="analysis-note">
        Stored in this browser{storage === 'unavailable' ? ' (for this page only: storage is refused)' : ''}:
      </p>
      <SentencePreview sentences={stored} testId="import-stored" />
      <button type="button" data-testid="import-forget" onClick={onForget}>
        Forget my data
      </button>
    </div>
  );
}
