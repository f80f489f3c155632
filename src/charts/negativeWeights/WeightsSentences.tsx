// Text mode: the weights chart's anchor and its heaviest negatives as sentences (text nodes only).
import type { RunTexts } from '../../protocol/runTexts';
import type { BatchView } from '../../protocol/snapshot';
import { formatValue } from '../axes';
import { weightsSentences } from './weightsSentences';

/** The anchor's sentence, its positive's and its heaviest negatives', each with r and s. */
export function WeightsSentenceList({
  texts,
  batch,
  anchor,
}: {
  texts: RunTexts;
  batch: BatchView;
  anchor: number;
}) {
  const list = weightsSentences(texts, batch, anchor);
  if (list.anchor === null) return null;
  return (
    <div data-testid="weights-sentences" style={{ fontSize: '0.85rem', margin: '0.2rem 0 0.4rem' }}>
      <div>
        Anchor {anchor}: <q data-testid="weights-anchor-sentence">{list.anchor}</q>
        {list.positive !== null ? (
          <>
            {' '}
            · positive: <q>{list.positive}</q>
          </>
        ) : null}
      </div>
      {list.negatives.length > 0 ? (
        <>
          <div>Its heaviest negatives (largest weight r first):</div>
          <ol style={{ margin: '0.1rem 0', paddingLeft: '1.6rem' }}>
            {list.negatives.map((negative) => (
              <li key={negative.row} data-testid="weights-negative-sentence" data-row={negative.row}>
                <q>{negative.text}</q> (row {negative.row}, r = {formatValue(negative.weight)}, s ={' '}
                {formatValue(negative.similarity)})
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </div>
  );
}
