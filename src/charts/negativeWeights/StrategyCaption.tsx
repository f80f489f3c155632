import type { FalseNegativeHandling, LossId } from '../../protocol/config';
import type { BatchView, ExtraKind } from '../../protocol/snapshot';
import { formatValue } from '../axes';
import type { AnchorFalseNegatives } from './falseNegatives';
import type { NegativeWeightsLayout } from './weightsLayout';

/** How many negatives the anchor's loss uses: the snapshot's count, else the candidates listed. */
export function usedBy(batch: BatchView, anchor: number, listed: number): number {
  const used = batch.negativesUsed[anchor] ?? Number.NaN;
  return Number.isFinite(used) ? used : listed;
}

/**
 * Where the snapshot shows fewer rows than training uses (at most 256: a large batch's first pairs), that the
 * chart's counts are of the shown rows, set apart from the training batch; null when it shows them all. The
 * supervised objective shows 3 rows a pair (its hard negatives), the others 2.
 */
export function shownRowsNote(shownRows: number, trainingPairs: number, lossId: LossId): string | null {
  const perPair = lossId === 'supervised' ? 3 : 2;
  const trainingRows = perPair * trainingPairs;
  if (!(trainingRows > shownRows) || shownRows <= 0) return null;
  return `These counts are of the ${shownRows} rows the chart shows (the batch’s first ${Math.floor(shownRows / perPair)} pairs), not of the training batch: ${trainingPairs} pairs, ${trainingRows} rows.`;
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

/** The one line in place of every false-negative mark while the labels are hidden. */
export const LABELS_HIDDEN_WEIGHTS =
  'The labels are hidden (labels=hidden), as on unlabelled data: nothing tells a false negative from a true ' +
  'one here; the filter (fn=filter) still works.';

/** What the running fn rule does to an anchor's false negatives, as the caption says it. */
function ruleSentence(
  rule: FalseNegativeHandling,
  lossId: LossId,
  perc: number,
  fn: AnchorFalseNegatives,
  dropped: number,
): string {
  // the rules are InfoNCE's (the engine applies them to no other objective)
  if (rule !== 'keep' && lossId !== 'infonce')
    return `fn=${rule} acts on InfoNCE only: this objective pushes them like any other negative.`;
  switch (rule) {
    case 'keep':
      return 'fn=keep: they are pushed away like any other negative.';
    case 'eliminate':
      return 'fn=eliminate: they are out of the denominator, weight 0 (black ticks under the axis).';
    case 'attract':
      return 'fn=attract: they are pulled as extra positives (FNC), so as negatives they weigh 0 (black ticks under the axis).';
    case 'filter':
      return `fn=filter, blind to labels (it drops a negative whose cosine exceeds ${formatValue(perc)} × the positive’s): ${fn.leftOut} of them left out this step (black ticks under the axis, the others grey), of ${dropped} left out in all.`;
  }
}

/**
 * The caption's sentence on one anchor's false negatives: how many of its negatives carry its class, the share
 * of its weight they take, and what the fn rule does to them; with the labels hidden, only why there is none.
 */
export function falseNegativeText(
  layout: NegativeWeightsLayout,
  rule: FalseNegativeHandling,
  lossId: LossId,
  perc: number,
): string {
  const fn = layout.falseNegatives;
  if (!fn) return LABELS_HIDDEN_WEIGHTS;
  const total = fn.inBatch + fn.extra;
  const count =
    fn.inBatch === 0
      ? `None of anchor ${layout.anchor}’s ${fn.candidates} negatives in the batch carries its class`
      : `${fn.inBatch} of anchor ${layout.anchor}’s ${fn.candidates} negatives in the batch ${fn.inBatch === 1 ? 'carries' : 'carry'} its class (false negatives, black ticks)`;
  const extra = fn.extraShown > 0 ? `, and ${fn.extra} of the ${fn.extraShown} heaviest beyond it` : '';
  const weight = total > 0 ? `; they take ${formatValue(100 * fn.weight)}% of its weight` : '';
  const rules =
    total > 0 || rule !== 'keep' ? ` ${ruleSentence(rule, lossId, perc, fn, layout.dropped.length)}` : '';
  return `${count}${extra}${weight}.${rules}`;
}

/** The false-negative caption of the weights chart (always one line: the count, or why there is none). */
export function FalseNegativeCaption(props: {
  layout: NegativeWeightsLayout;
  rule: FalseNegativeHandling;
  lossId: LossId;
  perc: number;
}) {
  return (
    <p style={{ fontSize: '0.85rem', margin: '0 0 0.25rem' }} data-testid="weights-false-negatives">
      {falseNegativeText(props.layout, props.rule, props.lossId, props.perc)}
    </p>
  );
}

/** The popular class's part of one anchor's push: its share of the weight and of the candidates. */
export interface PopularClassShare {
  readonly label: number;
  /** share of the anchor's weight on the kept candidates of that class */
  readonly weight: number;
  /** that class's share of the anchor's kept candidates */
  readonly candidates: number;
}

/**
 * Class `label`'s part of `anchor`'s push: its share of the weight on the kept candidates and its share of those
 * candidates. Under sampling bias the two part ways. Null for a row without kept candidates.
 */
export function popularClassShare(batch: BatchView, anchor: number, label: number): PopularClassShare | null {
  let weight = 0;
  let popular = 0;
  let kept = 0;
  for (let j = 0; j < batch.rows; j++) {
    const k = anchor * batch.rows + j;
    if (batch.kept[k] !== 1) continue;
    kept++;
    if (batch.labels[j] !== label) continue;
    popular++;
    weight += batch.negativeWeights[k] as number;
  }
  return kept > 0 ? { label, weight, candidates: popular / kept } : null;
}

/**
 * On skewed clusters (class frequencies 1 / (c + 1)^skew, so class 0 is the most frequent): that class's share
 * of the anchor's push against its share of the negatives. The caller shows it only for skewed data: a balanced
 * batch's classes differ by sampling noise alone.
 */
export function PopularClassNote({
  batch,
  anchor,
  logQ,
}: {
  batch: BatchView;
  anchor: number;
  logQ: boolean;
}) {
  const share = popularClassShare(batch, anchor, 0);
  if (!share) return null;
  return (
    <p style={{ fontSize: '0.85rem', margin: '0 0 0.25rem' }} data-testid="weights-popular-class">
      Skewed classes: the most frequent, class {share.label}, is {formatValue(100 * share.candidates)}% of
      this anchor’s negatives and takes {formatValue(100 * share.weight)}% of its push
      {logQ
        ? '; logQ lowers each of its logits by log p, so it takes less than in-batch sampling alone would give it.'
        : '; in-batch sampling makes it a negative that often. Turn logQ on to correct for it.'}
    </p>
  );
}
