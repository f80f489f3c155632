import { type KeyboardEvent, type MouseEvent, useMemo, useRef, useState } from 'react';
import type { LossId } from '../../protocol/config';
import { useLab } from '../../state/LabProvider';
import { ChartPanel } from '../../ui/ChartPanel';
import { ACTIONS_STYLE, clampAnchor, formatValue, MIN_CHART_WIDTH } from '../axes';
import { useChartSnapshot } from '../chartFeed';
import { MARK_COLOURS } from '../palette';
import { useChartWidth } from '../useChartWidth';
import { useFrameDraw } from '../useFrameDraw';
import { drawSimilarity, emptyMatrixImageCache } from './drawSimilarity';
import {
  type Cell,
  type CellRole,
  cellAt,
  describeCell,
  layoutSimilarity,
  type MatrixMode,
  ROLE_COLOURS,
  ROLE_LABELS,
  similarityColour,
} from './similarityLayout';

/** Where the pointer is: the cell under it and its position in CSS pixels over the canvas. */
interface Hover {
  readonly cell: Cell;
  readonly x: number;
  readonly y: number;
}

/**
 * The batch's rows x rows cosine matrix in the loss's row order, as a heatmap (or the self / positive /
 * negative label matrix), with positives outlined, hardest negatives dotted, the anchor row framed; hover for
 * the numbers, click (or arrow keys) to choose the anchor row.
 */
export function SimilarityMatrix() {
  const snapshot = useChartSnapshot();
  const viewAnchor = useLab((state) => state.view.anchor);
  const setView = useLab((state) => state.setView);
  const [mode, setMode] = useState<MatrixMode>('similarity');
  const [hover, setHover] = useState<Hover | null>(null);
  const [measure, width] = useChartWidth();
  const batch = snapshot?.batch ?? null;
  const rows = batch?.rows ?? 0;
  const anchor = clampAnchor(viewAnchor, rows);
  const layout = useMemo(
    () => (batch && rows > 0 ? layoutSimilarity(batch, anchor, width) : null),
    [batch, rows, anchor, width],
  );
  const canvas = useRef<HTMLCanvasElement>(null);
  const cache = useRef(emptyMatrixImageCache());
  const hoverCell = hover && hover.cell.row < rows && hover.cell.column < rows ? hover.cell : null;
  useFrameDraw(() => {
    if (batch && layout && canvas.current) {
      drawSimilarity(canvas.current, batch, layout, mode, hoverCell, cache.current);
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
    if (step === 0 || rows === 0) return;
    event.preventDefault();
    setView({ anchor: clampAnchor(anchor + step, rows) });
  };
  const info = batch && hoverCell ? describeCell(batch, hoverCell) : null;
  const lossId = snapshot?.lossId ?? null;

  const actions = (
    <label style={ACTIONS_STYLE}>
      <input
        type="checkbox"
        checked={mode === 'labels'}
        onChange={(event) => setMode(event.currentTarget.checked ? 'labels' : 'similarity')}
      />{' '}
      show label matrix
    </label>
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
                aria-label={`Cosine similarity of the ${rows} batch rows; anchor row ${anchor} framed. Arrow keys move the anchor.`}
                style={{ cursor: 'crosshair', display: 'block' }}
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
                    whiteSpace: 'nowrap',
                  }}
                >
                  i = {info.row}, j = {info.column} ({ROLE_LABELS[info.role]})
                  <br />
                  s_ij = {formatValue(info.similarity)}
                  {info.role === 'negative' || info.role === 'same-class'
                    ? `, r_ij = ${formatValue(info.weight)}`
                    : ''}
                  {info.role === 'self' || info.role === 'unused'
                    ? ''
                    : `, ∂ℓ_i/∂s_ij = ${formatValue(info.gradient)}`}
                </div>
              ) : null}
            </div>
            <MatrixLegend mode={mode} />
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

const ROLES: readonly CellRole[] = ['self', 'positive', 'negative', 'same-class', 'dropped', 'unused'];

/** The colour key: the cosine scale and the marks, or the role colours in label mode. */
function MatrixLegend({ mode }: { mode: MatrixMode }) {
  const item = { display: 'inline-flex', alignItems: 'center', gap: 3, marginRight: 10 } as const;
  const box = (style: object) => (
    <span aria-hidden="true" style={{ display: 'inline-block', width: 10, height: 10, ...style }} />
  );
  const gradient = [-1, -0.5, 0, 0.5, 1].map((s) => similarityColour(s)).join(', ');
  return (
    <div style={{ fontSize: '0.8rem', marginTop: 4 }} data-testid="similarity-legend">
      {mode === 'similarity' ? (
        <span style={item}>
          −1
          <span
            aria-hidden="true"
            style={{
              display: 'inline-block',
              width: 80,
              height: 10,
              background: `linear-gradient(to right, ${gradient})`,
            }}
          />
          +1 cosine s_ij
        </span>
      ) : null}
      {(mode === 'labels' ? ROLES : (['self'] as const)).map((role) => (
        <span key={role} style={item}>
          {box({ background: ROLE_COLOURS[role] })}
          {ROLE_LABELS[role]}
        </span>
      ))}
      {mode === 'similarity' ? (
        <span style={item}>
          {box({ border: `2px solid ${MARK_COLOURS.positive}` })}
          positive (i XOR 1)
        </span>
      ) : null}
      <span style={item}>
        {box({
          background: MARK_COLOURS.hardest,
          borderRadius: '50%',
          border: `1px solid ${MARK_COLOURS.text}`,
        })}
        hardest negative of the row
      </span>
      <span style={item}>
        {box({ border: `2px solid ${MARK_COLOURS.text}`, height: 6 })}
        anchor row (click a row to choose it)
      </span>
    </div>
  );
}

/** The layout of the batch, the mask, the count of negatives, and the N x N form when it is the running loss. */
function SimilarityExplanation({ lossId }: { lossId: LossId | null }) {
  return (
    <div>
      <p>
        Each cell is the cosine similarity s_ij of two rows of the current batch (at most 256 rows), in the
        loss’s own row order. The unsupervised SimCSE batch is laid out [a, a′, b, b′, …]: every input passes
        through the encoder twice with independent dropout masks, so rows 2k and 2k + 1 are the two views of
        input k and the positive of row i is row i XOR 1 (outlined in green, just off the diagonal).
      </p>
      <p>
        The diagonal (grey) is each row against itself: it is masked with −∞ before the softmax, so e^(−∞) = 0
        and it contributes exactly nothing. That leaves 2N − 2 negatives per anchor: every other row. The dot
        in each row marks its hardest negative, the one the running objective weighs most (under InfoNCE the
        most similar; under supervised SimCSE often the mined hard negative; under the triplet loss the mined
        one). Supervised SimCSE shows each pair’s mined hard negative as extra rows after the pairs. Purple
        cells are dissimilar, orange similar (ColorBrewer PuOr, colour-blind safe).
      </p>
      <p>
        The label matrix shows the same cells by role: self, positive, negative, and negatives that happen to
        share the anchor’s class (false negatives: semantically close, still pushed away); cells the running
        objective does not use for that row are light grey. Hover a cell for i, j, s_ij, the weight r_ij and
        the gradient ∂ℓ_i/∂s_ij; click a row, or focus the chart and use the arrow keys, to make it the anchor
        the other charts show.
      </p>
      <p>
        The official SimCSE code (princeton-nlp/SimCSE) computes instead an N × N cross-view matrix cos(a_i,
        a′_j) with label i and no mask: N − 1 negatives per anchor.
        {lossId === 'infonce-nxn'
          ? ' That is the loss running now: in this matrix it uses the even rows against the odd columns.'
          : ' The lab offers it as the loss “InfoNCE, N × N cross-view”.'}
      </p>
    </div>
  );
}
