// The similarity matrix's words: its colour key (cosine scale, marks, or roles) and its explanation.

import type { LossId } from '../../protocol/config';
import { MARK_COLOURS } from '../palette';
import {
  type CellRole,
  type MatrixMode,
  ROLE_COLOURS,
  ROLE_LABELS,
  similarityColour,
} from './similarityLayout';

const ROLES: readonly CellRole[] = ['self', 'positive', 'negative', 'same-class', 'dropped', 'unused'];

/** Why nothing is marked a false negative with the labels hidden: one line, shown in place of the marks. */
export const LABELS_HIDDEN_NOTE =
  'The labels are hidden (labels=hidden), as on unlabelled data: no cell is marked a false negative (those ' +
  'cells are plain negatives) and the rows cannot be sorted by class.';

/**
 * The colour key: the cosine scale and the marks, or the role colours in label mode; with the labels hidden, no
 * false-negative entry but the reason; in class order, what the axis labels are.
 */
export function MatrixLegend({
  mode,
  labelsHidden,
  byClass,
}: {
  mode: MatrixMode;
  labelsHidden: boolean;
  byClass: boolean;
}) {
  const item = { display: 'inline-flex', alignItems: 'center', gap: 3, marginRight: 10 } as const;
  const box = (style: object) => (
    <span aria-hidden="true" style={{ display: 'inline-block', width: 10, height: 10, ...style }} />
  );
  const gradient = [-1, -0.5, 0, 0.5, 1].map((s) => similarityColour(s)).join(', ');
  const roles =
    mode === 'labels' ? ROLES.filter((r) => r !== 'same-class' || !labelsHidden) : ['self' as const];
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
      {roles.map((role) => (
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
      {mode === 'similarity' && !labelsHidden ? (
        <span style={item}>
          {box({ background: MARK_COLOURS.falseNegative, width: 7, height: 7 })}
          false negative of the anchor row (same class)
        </span>
      ) : null}
      <span style={item}>
        {box({ border: `2px solid ${MARK_COLOURS.text}`, height: 6 })}
        anchor row (click a row to choose it)
      </span>
      {byClass ? (
        <span style={item} data-testid="similarity-class-order">
          sorted by class: each pair kept together, c0, c1, … on the axes name the class blocks
        </span>
      ) : null}
      {labelsHidden ? (
        <span style={{ display: 'block' }} data-testid="similarity-labels-hidden">
          {LABELS_HIDDEN_NOTE}
        </span>
      ) : null}
    </div>
  );
}

/** The layout of the batch, the mask, the count of negatives, and the N x N form when it is the running loss. */
export function SimilarityExplanation({ lossId }: { lossId: LossId | null }) {
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
        A false negative is a negative that carries the anchor’s own class: semantically close, still pushed
        away. The black squares mark the anchor row’s false negatives; the label matrix shows every cell by
        role: self, positive, false negative (black), negative of another class; cells the running objective
        does not use for that row are light grey, and a false negative the loss leaves out this step (the fn
        rule eliminates or attracts it, or the filter drops it) is faded. “Sort by class” reorders the rows
        and columns by label, keeping each pair together (rows outside a pair, such as supervised SimCSE’s
        hard negatives, follow the pairs): the classes become blocks on the diagonal, and the false negatives
        are the off-diagonal cells inside them. Hover a cell for i, j, s_ij, the weight r_ij and the gradient
        ∂ℓ_i/∂s_ij; click a row, or focus the chart and use the arrow keys, to make it the anchor the other
        charts show.
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
