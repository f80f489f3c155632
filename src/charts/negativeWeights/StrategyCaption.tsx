import type { BatchView, ExtraKind } from '../../protocol/snapshot';
import { formatValue } from '../axes';
import type { NegativeWeightsLayout } from './weightsLayout';

/** How many negatives the anchor's loss uses: the snapshot's count, else the candidates listed. */
export function usedBy(batch: BatchView, anchor: number, listed: number): number {
  const used = batch.negativesUsed[anchor] ?? Number.NaN;
  return Number.isFinite(used) ? used : listed;
}

/** Extra-column kinds as the caption names them. */
const EXTRA_NAMES: Readonly<Record<ExtraKind, string>> = {
  bank: 'queue keys',
  corpus: 'training rows',
  mixed: 'MoCHi mixes of two hard negatives',
  'query-mixed': 'MoCHi mixes of the anchor and a hard negative',
};

/**
 * Where a negative strategy's negatives are: the shown rows it keeps, those it left out (grey), and those beyond
 * the shown rows with their share of the weight. Nothing without a strategy.
 */
export function StrategyCaption({ layout }: { layout: NegativeWeightsLayout }) {
  const extra = layout.extraSummary;
  if (layout.dropped.length === 0 && !extra) return null;
  const kinds = extra?.kinds.map((k) => EXTRA_NAMES[k.kind]).join(', ');
  return (
    <p style={{ fontSize: '0.85rem', margin: '0 0 0.25rem' }} data-testid="weights-strategy">
      {layout.bars.length} of the batch’s rows count
      {layout.dropped.length > 0 ? `, ${layout.dropped.length} left out this step (grey ticks)` : ''}
      {extra
        ? `; ${extra.count} more beyond the batch${kinds ? ` (${kinds})` : ''} hold ${formatValue(100 * extra.share)}% of the weight, the ${extra.shown} heaviest drawn`
        : ''}
      .
    </p>
  );
}
