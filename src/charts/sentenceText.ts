// Which sentence a chart's point or cell stands for, in text mode: display rows index RunTexts.display, batch
// rows name their training row in BatchView.sources. Pure lookups; the strings are shown as text nodes only
// (SentenceTooltip.tsx), since a person's own sentences may hold markup.
import type { RunTexts } from '../protocol/runTexts';
import type { BatchView } from '../protocol/snapshot';

/** The sentence of a display-set row, or null (no texts, or out of range). */
export function displayText(texts: RunTexts | null, row: number): string | null {
  if (!texts || !(row >= 0)) return null;
  return texts.display[row] ?? null;
}

/**
 * The sentence of a shown batch row: its training row's own, or that row's entailment or contradiction
 * (`sourceSides`); null where the row is no training row.
 */
export function batchText(texts: RunTexts | null, batch: BatchView, row: number): string | null {
  const source = batch.sources?.[row] ?? -1;
  if (!texts || !(source >= 0)) return null;
  const side = batch.sourceSides?.[row] ?? 0;
  const list =
    side === 0 ? texts.train : side === 1 ? texts.triplets?.entailment : texts.triplets?.contradiction;
  return list?.[source] ?? null;
}

/** The name of class `label` (a meaning group), or null without names. */
export function classNameOf(texts: RunTexts | null, label: number): string | null {
  if (!texts || !(label >= 0)) return null;
  return texts.classNames[label] ?? null;
}

/** The sentences of a similarity cell's row i and column j (one line when i = j), those that have one. */
export function cellSentences(
  texts: RunTexts | null,
  batch: BatchView,
  row: number,
  column: number,
): { label: string; text: string }[] {
  const rows =
    row === column
      ? [['i = j', row] as const]
      : ([
          ['i', row],
          ['j', column],
        ] as const);
  return rows.flatMap(([label, r]) => {
    const text = batchText(texts, batch, r);
    return text === null ? [] : [{ label, text }];
  });
}
