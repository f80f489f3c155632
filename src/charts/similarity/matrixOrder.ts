// The similarity matrix's row order, pure: the loss's own [a, a', b, b', ...] order, or the same rows grouped by
// class so that classes show as blocks on the diagonal and false negatives as the squares inside them. The
// matrix draws through a permutation `order` (display position -> batch row); everything the other charts read
// (the anchor, a hovered cell) stays a batch row, so only drawing and hit testing go through it.

import type { BatchView } from '../../protocol/snapshot';
import type { MatrixOrder } from '../../state/schema';

/** The batch fields an order reads. */
type OrderedRows = Pick<BatchView, 'rows' | 'labels' | 'positives'>;

/** The loss's own order: position p shows row p. */
export function identityOrder(rows: number): Int32Array {
  return Int32Array.from({ length: rows }, (_, i) => i);
}

/**
 * Display position -> batch row, grouped by class: each pair [a, a'] (rows that are each other's positive) stays
 * together in its own order, pairs sorted stably by their first row's label; rows outside a pair (supervised
 * SimCSE's hard negatives) follow all the pairs, sorted stably by label. Stable, so within a class the loss's
 * order is kept and the view does not shuffle between snapshots of the same labels.
 */
export function classOrder(batch: OrderedRows): Int32Array {
  const { rows, labels, positives } = batch;
  const pairs: number[][] = [];
  const singles: number[][] = [];
  const placed = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    if (placed[i] === 1) continue;
    placed[i] = 1;
    const p = positives[i] ?? -1;
    // a pair only when the two rows are each other's positive (a row pointing at a placed row stands alone)
    if (p > i && p < rows && positives[p] === i && placed[p] === 0) {
      placed[p] = 1;
      pairs.push([i, p]);
    } else singles.push([i]);
  }
  const labelOf = (unit: readonly number[]) => labels[unit[0] as number] ?? 0;
  // Array.prototype.sort is stable (ES2019), which keeps each class in the loss's order
  const byLabel = (a: readonly number[], b: readonly number[]) => labelOf(a) - labelOf(b);
  return Int32Array.from([...pairs.sort(byLabel), ...singles.sort(byLabel)].flat());
}

/** The permutation a view order asks for (display position -> batch row). */
export function rowOrderOf(batch: OrderedRows, order: MatrixOrder): Int32Array {
  return order === 'class' ? classOrder(batch) : identityOrder(batch.rows);
}

/** The inverse of a permutation: batch row -> display position. */
export function positionsOf(order: Int32Array): Int32Array {
  const positions = new Int32Array(order.length);
  order.forEach((row, p) => {
    positions[row] = p;
  });
  return positions;
}

/** A run of consecutive display positions whose rows share one label. */
export interface ClassBlock {
  readonly label: number;
  /** first display position */
  readonly start: number;
  /** one past the last display position */
  readonly end: number;
}

/** The maximal runs of one label along the display order (the class blocks of a class order). */
export function classBlocks(labels: Int32Array, order: Int32Array): ClassBlock[] {
  const blocks: ClassBlock[] = [];
  for (let p = 0; p < order.length; p++) {
    const label = labels[order[p] as number] ?? 0;
    const last = blocks[blocks.length - 1];
    if (last && last.label === label && last.end === p) blocks[blocks.length - 1] = { ...last, end: p + 1 };
    else blocks.push({ label, start: p, end: p + 1 });
  }
  return blocks;
}

/**
 * The row `step` display positions from `row` (clamped to the matrix): the arrow keys move along what is drawn,
 * and the anchor they set is still a batch row.
 */
export function stepRow(order: Int32Array, positions: Int32Array, row: number, step: number): number {
  if (order.length === 0) return row;
  const from = positions[row] ?? 0;
  const to = Math.min(order.length - 1, Math.max(0, from + step));
  return order[to] as number;
}
