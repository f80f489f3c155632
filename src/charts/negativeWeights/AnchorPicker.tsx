import { useState } from 'react';
import { clampAnchor } from '../axes';

/**
 * Keyboard control of the anchor row: a labelled number input (data-testid `anchor-input`, 0..rows-1) plus
 * previous/next buttons. A half-typed value stays in the field until it parses; only whole rows reach `onChange`.
 */
export function AnchorPicker({
  anchor,
  rows,
  onChange,
}: {
  /** the anchor shown (already clamped) */
  anchor: number;
  /** rows of the shown batch; 0 before the first snapshot (then any row up to 255 may be asked for) */
  rows: number;
  onChange: (anchor: number) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const limit = rows > 0 ? rows : 256;
  const set = (value: number) => onChange(clampAnchor(value, limit));
  return (
    <span className="anchor-picker" style={{ display: 'inline-flex', gap: '0.25rem', alignItems: 'center' }}>
      <button
        type="button"
        aria-label="Previous anchor row"
        disabled={anchor <= 0}
        onClick={() => set(anchor - 1)}
      >
        ‹
      </button>
      <label>
        Anchor row{' '}
        <input
          type="number"
          data-testid="anchor-input"
          min={0}
          max={limit - 1}
          step={1}
          style={{ width: '4.5em' }}
          value={draft ?? String(anchor)}
          onChange={(event) => {
            const text = event.currentTarget.value;
            setDraft(text);
            const value = Number(text);
            if (text.trim() !== '' && Number.isFinite(value)) set(value);
          }}
          onBlur={() => setDraft(null)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') setDraft(null);
          }}
        />
      </label>
      <button
        type="button"
        aria-label="Next anchor row"
        disabled={anchor >= limit - 1}
        onClick={() => set(anchor + 1)}
      >
        ›
      </button>
    </span>
  );
}
