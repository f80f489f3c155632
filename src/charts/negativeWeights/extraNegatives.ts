// One anchor's negatives beyond the shown rows (a MoCo queue's keys, the full softmax's training rows, MoCHi's
// points), as the snapshot carries them: its heaviest few per anchor and the share of its weight on all of them.
// Pure; the weights chart places them (weightsLayout.ts) and its caption counts them.

import { type BatchView, EXTRA_KIND_CODES, type ExtraKind } from '../../protocol/snapshot';

/** One of the anchor's heaviest negatives beyond the shown rows, before it is placed. */
export interface ExtraEntry {
  readonly kind: ExtraKind;
  readonly similarity: number;
  readonly weight: number;
  /** it carries the anchor's label (queue keys and corpus rows only; never a MoCHi point, nor labels hidden) */
  readonly falseNegative: boolean;
}

/** An extra negative placed on the chart (CSS pixels). */
export interface ExtraMark extends ExtraEntry {
  readonly x: number;
  readonly y: number;
}

/** The anchor's negatives beyond the shown rows, summed. */
export interface ExtraSummary {
  /** how many the loss compares (kept or not) */
  readonly count: number;
  /** the share of the anchor's weight they hold */
  readonly share: number;
  /** how many of the heaviest are drawn */
  readonly shown: number;
  /** their kinds, in EXTRA_KIND_CODES order, with how many of each are drawn */
  readonly kinds: readonly { readonly kind: ExtraKind; readonly drawn: number }[];
}

/** The anchor's heaviest extra negatives the snapshot carries (weight > 0), heaviest first. */
export function extraEntries(batch: BatchView, anchor: number): ExtraEntry[] {
  const extra = batch.extra;
  if (!extra || !(anchor >= 0 && anchor < batch.rows)) return [];
  const marks: ExtraEntry[] = [];
  for (let t = 0; t < extra.shown; t++) {
    const k = anchor * extra.shown + t;
    const kind = EXTRA_KIND_CODES[extra.kinds[k] as number] ?? null;
    const weight = extra.weights[k] as number;
    if (kind && weight > 0) {
      const similarity = extra.similarity[k] as number;
      marks.push({ kind, similarity, weight, falseNegative: extra.falseNegative?.[k] === 1 });
    }
  }
  return marks;
}

/** The anchor's extra negatives summed, with the kinds of those drawn; null when the loss has none. */
export function extraSummaryOf(
  batch: BatchView,
  anchor: number,
  drawn: readonly { kind: ExtraKind }[],
): ExtraSummary | null {
  const extra = batch.extra;
  if (!extra) return null;
  const kinds = EXTRA_KIND_CODES.flatMap((kind) =>
    kind && drawn.some((e) => e.kind === kind)
      ? [{ kind, drawn: drawn.filter((e) => e.kind === kind).length }]
      : [],
  );
  return { count: extra.count, share: extra.weightShare[anchor] ?? Number.NaN, shown: drawn.length, kinds };
}
