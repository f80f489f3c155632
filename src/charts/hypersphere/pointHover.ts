// Text mode: the point under the pointer on the hypersphere and its sentence. A batch point wins over a display
// point within the same radius (the batch is drawn on top).
import type { RunTexts } from '../../protocol/runTexts';
import type { Snapshot } from '../../protocol/snapshot';
import { batchText, classNameOf, displayText } from '../sentenceText';
import { type HypersphereLayout, nearestPoint, type PointMarks } from './hypersphereLayout';

/** A hovered point: which set and row, where it is drawn (CSS px over the canvas), its sentence and class name. */
export interface PointHover {
  readonly kind: 'batch' | 'display';
  readonly row: number;
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly group: string | null;
}

/** The point within radiusPx of (x, y) that has a sentence, batch rows first, or null. */
export function pointHoverAt(
  layout: HypersphereLayout,
  snapshot: Snapshot,
  texts: RunTexts,
  x: number,
  y: number,
  radiusPx: number,
): PointHover | null {
  const { batch, display } = snapshot;
  const batchRow = nearestPoint(layout.batch, x, y, radiusPx);
  const batchSentence = batchRow >= 0 ? batchText(texts, batch, batchRow) : null;
  if (batchSentence !== null) {
    const group = classNameOf(texts, batch.labels[batchRow] ?? -1);
    return { kind: 'batch', row: batchRow, ...at(layout.batch, batchRow), text: batchSentence, group };
  }
  const displayRow = nearestPoint(layout.display, x, y, radiusPx);
  const displaySentence = displayRow >= 0 ? displayText(texts, displayRow) : null;
  if (displaySentence === null) return null;
  const group = classNameOf(texts, display.labels[displayRow] ?? -1);
  return {
    kind: 'display',
    row: displayRow,
    ...at(layout.display, displayRow),
    text: displaySentence,
    group,
  };
}

const at = (marks: PointMarks, i: number) => ({ x: marks.x[i] as number, y: marks.y[i] as number });
