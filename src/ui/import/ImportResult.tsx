import { countText } from '../../analysis/types';
import type { SentenceImport, UserSentences } from '../../data/userSentences';

/** Sentences the preview shows. */
const PREVIEW_LINES = 5;

/**
 * What reading gave, before anything changes: the refusal with every rejected line's number and reason, or the
 * counts, the classes and the first sentences. The person's text is rendered as text (React text nodes).
 */
export function ImportResult({ result, source }: { result: SentenceImport; source: string }) {
  const { sentences } = result;
  return (
    <div className="import-result">
      {sentences ? (
        <SentencePreview sentences={sentences} />
      ) : (
        <div className="analysis-problems" role="alert" data-testid="import-problems">
          <p>{source} was not loaded; the running experiment is unchanged:</p>
          <ul>
            {result.refusal ? <li>{result.refusal}</li> : null}
            {result.rejected.map((r) => (
              <li key={r.line}>
                line {r.line}: {r.reason}
              </li>
            ))}
            {result.rejectedCount > result.rejected.length ? (
              <li>and {countText(result.rejectedCount - result.rejected.length)} more rejected lines</li>
            ) : null}
          </ul>
        </div>
      )}
      {result.notes.length > 0 ? (
        <ul className="analysis-note" data-testid="import-notes">
          {result.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Counts, classes and the first sentences of a set. */
export function SentencePreview({
  sentences,
  testId = 'import-preview',
}: {
  sentences: UserSentences;
  testId?: string;
}) {
  const { texts, labels, classNames, labelled } = sentences;
  return (
    <div data-testid={testId}>
      <p className="analysis-note" data-testid={`${testId}-counts`}>
        {countText(texts.length)} sentences from {sentences.source};{' '}
        {labelled
          ? `${classNames.length} labels from the file`
          : `no labels: ${classNames.length} length groups (${classNames.join(', ')})`}
        .
      </p>
      <ol className="import-lines">
        {texts.slice(0, PREVIEW_LINES).map((text, i) => (
          <li key={text}>
            <span className="import-text">{text}</span>{' '}
            <span className="analysis-note">({classNames[labels[i] ?? 0]})</span>
          </li>
        ))}
      </ol>
      {texts.length > PREVIEW_LINES ? (
        <p className="analysis-note">and {countText(texts.length - PREVIEW_LINES)} more</p>
      ) : null}
    </div>
  );
}
