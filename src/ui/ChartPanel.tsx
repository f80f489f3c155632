import { type ReactNode, type RefObject, useRef, useState } from 'react';
import { useLabStore } from '../state/LabProvider';
import { chartFileName, chartPng, chartSvg } from './export/chartExport';
import { downloadBlob } from './export/download';

/**
 * A titled panel holding one chart, its explanation (what every mark means, the formula, the paper) and
 * optional actions, followed by the PNG and SVG export buttons every chart has. `testId` is the chart's
 * stable test hook (`chart-hypersphere`, ...).
 */
export function ChartPanel({
  testId,
  title,
  children,
  explanation,
  actions,
}: {
  testId: string;
  title: string;
  children?: ReactNode;
  explanation?: ReactNode;
  actions?: ReactNode;
}) {
  const body = useRef<HTMLDivElement>(null);
  return (
    <figure className="chart-panel" data-testid={testId} aria-label={title}>
      <figcaption>
        <span className="chart-title">{title}</span>
        <span className="chart-actions">
          {actions}
          <ExportButtons testId={testId} title={title} body={body} />
        </span>
      </figcaption>
      <div className="chart-body" ref={body}>
        {children}
      </div>
      {explanation ? <Explanation>{explanation}</Explanation> : null}
    </figure>
  );
}

/**
 * The chart's explanation, mounted only while open: its live formulas are typeset again on every snapshot,
 * work the main thread need not do for a closed panel.
 */
function Explanation({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="chart-explanation" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>What this shows</summary>
      {open ? children : null}
    </details>
  );
}

/** Buttons that download the chart's drawings as `infonce-<chart>-step<N>.png` or `.svg`. */
function ExportButtons({
  testId,
  title,
  body,
}: {
  testId: string;
  title: string;
  body: RefObject<HTMLDivElement | null>;
}) {
  const store = useLabStore();
  const [busy, setBusy] = useState(false);
  const save = async (format: 'png' | 'svg') => {
    const root = body.current;
    if (!root) return;
    // the step of the picture on screen now, before the PNG's asynchronous work
    const fileName = chartFileName(testId, store.getState().snapshot?.step ?? 0, format);
    setBusy(true);
    try {
      const blob =
        format === 'png'
          ? await chartPng(root)
          : new Blob([chartSvg(root)], { type: 'image/svg+xml;charset=utf-8' });
      downloadBlob(blob, fileName);
    } catch (error) {
      store.getState().reportError({
        code: 'INTERNAL',
        message: `${title} could not be exported as ${format.toUpperCase()}: ${error instanceof Error ? error.message : String(error)}`,
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <span style={{ display: 'inline-flex', gap: '0.25rem' }}>
      {(['png', 'svg'] as const).map((format) => {
        const label = `Export ${title} as ${format.toUpperCase()}`;
        return (
          <button
            key={format}
            type="button"
            aria-label={label}
            title={label}
            data-testid={`${testId}-export-${format}`}
            disabled={busy}
            onClick={() => void save(format)}
            style={{ padding: '0.1rem 0.45rem' }}
          >
            {format.toUpperCase()}
          </button>
        );
      })}
    </span>
  );
}
