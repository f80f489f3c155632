import { type KeyboardEvent, type MouseEvent, useMemo, useRef, useState } from 'react';
import { useLab } from '../../state/LabProvider';
import { ChartPanel } from '../../ui/ChartPanel';
import { ACTIONS_STYLE, clampAnchor, formatValue, MIN_CHART_WIDTH } from '../axes';
import { paintCanvas } from '../canvas';
import { useChartSnapshot } from '../chartFeed';
import { MARK_COLOURS } from '../palette';
import { SentenceLines } from '../SentenceTooltip';
import { cellSentences } from '../sentenceText';
import { useChartWidth } from '../useChartWidth';
import { useFrameDraw } from '../useFrameDraw';
import { drawSimilarity, emptyMatrixImageCache } from './drawSimilarity';
import { rowOrderOf, stepRow } from './matrixOrder';
import { MatrixLegend, SimilarityExplanation } from './SimilarityText';
import {
  type Cell,
  cellAt,
  describeCell,
  layoutSimilarity,
  type MatrixMode,
  ROLE_LABELS,
} from './similarityLayout';

/** Where the pointer is: the cell under it and its position in CSS pixels over the canvas. */
interface Hover {
  readonly cell: Cell;
  readonly x: number;
  readonly y: number;
}

/**
 * The batch's rows x rows cosine matrix in the loss's row order or sorted by class (view.order), as a heatmap
 * (or the self / positive / false negative / negative label matrix), with positives outlined, hardest negatives
 * dotted, the anchor row's false negatives marked, the anchor row framed; hover for the numbers, click (or arrow
 * keys) to choose the anchor row.
 */
export function SimilarityMatrix() {
  const snapshot = useChartSnapshot();
  const viewAnchor = useLab((state) => state.view.anchor);
  const viewOrder = useLab((state) => state.view.order);
  const setView = useLab((state) => state.setView);
  const texts = useLab((state) => state.texts);
  const [mode, setMode] = useState<MatrixMode>('similarity');
  const [hover, setHover] = useState<Hover | null>(null);
  const [measure, width] = useChartWidth();
  const batch = snapshot?.batch ?? null;
  const rows = batch?.rows ?? 0;
  const anchor = clampAnchor(viewAnchor, rows);
  // With the labels hidden the lab acts as on unlabelled data: it cannot sort by class either.
  const labelsHidden = batch !== null && batch.falseNegatives === null;
  const byClass = viewOrder === 'class' && !labelsHidden;
  // its own memo: a new anchor keeps the order, so the cell image is not redrawn for a click
  const order = useMemo(
    () => (batch ? rowOrderOf(batch, byClass ? 'class' : 'pairs') : null),
    [batch, byClass],
  );
  const layout = useMemo(
    () => (batch && order && rows > 0 ? layoutSimilarity(batch, anchor, width, order, byClass) : null),
    [batch, order, rows, anchor, width, byClass],
  );
  const canvas = useRef<HTMLCanvasElement>(null);
  const cache = useRef(emptyMatrixImageCache());
  const hoverCell = hover && hover.cell.row < rows && hover.cell.column < rows ? hover.cell : null;
  useFrameDraw(() => {
    if (batch && layout && canvas.current) {
      const images = cache.current;
      paintCanvas(canvas.current, layout.width, layout.height, (context) =>
        drawSimilarity(context, batch, layout, mode, hoverCell, images),
      );
    }
  }, snapshot);

  const pointer = (event: MouseEvent<HTMLCanvasElement>) => {
    if (!layout) return null;
    const box = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - box.left;
    const y = event.clientY - box.top;
    const cell = cellAt(layout, x, y);
    return cell ? { cell, x, y } : null;
  };
  const onMove = (event: MouseEvent<HTMLCanvasElement>) => {
    const next = pointer(event);
    // Re-render only when the cell changes (or the tooltip would jitter behind the pointer for nothing).
    if (next?.cell.row !== hover?.cell.row || next?.cell.column !== hover?.cell.column) setHover(next);
  };
  const onClick = (event: MouseEvent<HTMLCanvasElement>) => {
    const at = pointer(event);
    if (at) setView({ anchor: at.cell.row });
  };
  const onKey = (event: KeyboardEvent<HTMLCanvasElement>) => {
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (step === 0 || rows === 0 || !layout) return;
    event.preventDefault();
    // down the rows as drawn; the anchor stays a batch row
    setView({ anchor: stepRow(layout.order, layout.positions, anchor, step) });
  };
  const info = batch && hoverCell ? describeCell(batch, hoverCell) : null;
  const sentences = batch && info ? cellSentences(texts, batch, info.row, info.column) : [];
  const lossId = snapshot?.lossId ?? null;

  const actions = (
    <span style={ACTIONS_STYLE}>
      <label>
        <input
          type="checkbox"
          checked={mode === 'labels'}
          onChange={(event) => setMode(event.currentTarget.checked ? 'labels' : 'similarity')}
        />{' '}
        show label matrix
      </label>{' '}
      <label
        title={labelsHidden ? 'The labels are hidden (labels=hidden): no classes to sort by' : undefined}
      >
        <input
          type="checkbox"
          checked={byClass}
          disabled={labelsHidden}
          onChange={(event) => setView({ order: event.currentTarget.checked ? 'class' : 'pairs' })}
        />{' '}
        sort by class
      </label>
    </span>
  );
  return (
    <ChartPanel
      testId="chart-similarity"
      title="Similarity matrix of the batch"
      actions={actions}
      explanation={<SimilarityExplanation lossId={lossId} />}
    >
      <div ref={measure} style={{ minWidth: MIN_CHART_WIDTH }}>
        {!batch || !layout ? (
          <p>Waiting for the first snapshot of the batch…</p>
        ) : (
          <>
            <div style={{ position: 'relative', width: layout.width }}>
              <canvas
                ref={canvas}
                tabIndex={0}
                role="img"
                aria-label={`Cosine similarity of the ${rows} batch rows${byClass ? ', sorted by class' : ''}; anchor row ${anchor} framed. Arrow keys move the anchor.`}
                style={{ cursor: 'crosshair', display: 'block' }}
                // where the cells are, in CSS pixels, and the class blocks as display positions start-end (for
                // the browser tests' pixel checks)
                data-cells={`${layout.left} ${layout.top} ${layout.size} ${rows}`}
                data-blocks={layout.blocks.map((b) => `${b.start}-${b.end}`).join(' ')}
                onMouseMove={onMove}
                onMouseLeave={() => setHover(null)}
                onClick={onClick}
                onKeyDown={onKey}
              />
              {info && hover ? (
                <div
                  role="tooltip"
                  data-testid="similarity-tooltip"
                  style={{
                    position: 'absolute',
                    pointerEvents: 'none',
                    left: hover.x > layout.width - 190 ? undefined : hover.x + 12,
                    right: hover.x > layout.width - 190 ? layout.width - hover.x + 12 : undefined,
                    top: hover.y + 12,
                    background: '#ffffff',
                    border: `1px solid ${MARK_COLOURS.grid}`,
                    borderRadius: 4,
                    padding: '2px 6px',
                    fontSize: '0.8rem',
                    // sentences wrap; the numbers stay on their lines
                    whiteSpace: sentences.length > 0 ? 'normal' : 'nowrap',
                    maxWidth: sentences.length > 0 ? 320 : undefined,
                  }}
                >
                  i = {info.row}, j = {info.column} ({ROLE_LABELS[info.role]}
                  {info.role === 'same-class' && info.leftOut ? ', left out this step' : ''})
                  <br />
                  s_ij = {formatValue(info.similarity)}
                  {info.role === 'negative' || info.role === 'same-class'
                    ? `, r_ij = ${formatValue(info.weight)}`
                    : ''}
                  {info.role === 'self' || info.role === 'unused'
                    ? ''
                    : `, ∂ℓ_i/∂s_ij = ${formatValue(info.gradient)}`}
                  <SentenceLines lines={sentences} />
                </div>
              ) : null}
            </div>
            <MatrixLegend mode={mode} labelsHidden={labelsHidden} byClass={byClass} />
            {lossId === 'infonce-nxn' ? (
              <p style={{ fontSize: '0.8rem' }}>
                The running loss is the SimCSE code’s N × N cross-view form: it uses only the cells of even
                rows (a) against odd columns (a′), N − 1 negatives each, no mask; the label matrix greys the
                cells it does not use.
              </p>
            ) : null}
          </>
        )}
      </div>
    </ChartPanel>
  );
}
