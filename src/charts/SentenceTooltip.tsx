// A tooltip that shows sentences over a chart. Every string is a React text child, so it is never parsed as
// HTML: a person's sentence such as `<img src=x onerror=...>` reads as those characters.
import type { ReactNode } from 'react';
import { MARK_COLOURS } from './palette';

/** One sentence line: what it is (e.g. "anchor") and the sentence. */
export interface SentenceLine {
  readonly label: string;
  readonly text: string;
}

/** Sentence lines, one a line: the label, then the sentence quoted (test id `tooltip-sentence`: its text alone). */
export function SentenceLines({ lines }: { lines: readonly SentenceLine[] }) {
  return (
    <>
      {lines.map((line, i) => (
        <span
          // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional (i, j) and never reordered
          key={i}
          style={{ display: 'block', whiteSpace: 'normal' }}
        >
          {line.label ? `${line.label}: ` : ''}
          <q data-testid="tooltip-sentence">{line.text}</q>
        </span>
      ))}
    </>
  );
}

/** Width (px) past which a tooltip opens to the left of the pointer instead of the right. */
const FLIP_MARGIN = 260;

/** A box beside the pointer at (x, y) over a chart `width` wide; pointer events pass through it. */
export function PointerTooltip({
  x,
  y,
  width,
  testId,
  children,
}: {
  x: number;
  y: number;
  width: number;
  testId: string;
  children: ReactNode;
}) {
  const flip = x > width - FLIP_MARGIN;
  return (
    <div
      role="tooltip"
      data-testid={testId}
      style={{
        position: 'absolute',
        pointerEvents: 'none',
        left: flip ? undefined : x + 12,
        right: flip ? width - x + 12 : undefined,
        top: y + 12,
        maxWidth: 320,
        background: '#ffffff',
        border: `1px solid ${MARK_COLOURS.grid}`,
        borderRadius: 4,
        padding: '2px 6px',
        fontSize: '0.8rem',
        zIndex: 2,
      }}
    >
      {children}
    </div>
  );
}
