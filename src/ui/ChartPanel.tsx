import { type ReactNode, type RefObject, useRef, useState } from 'react';
import { type ChartStep, useChartStep } from '../charts/chartFeed';
import { useLabStore } from '../state/LabProvider';
import { chartFileName, chartPng, chartSvg } from './export/chartExport';
import { downloadBlob } from './export/download';

/**
 * A titled panel holding one chart, its explanation (what every mark means, the formula, the paper) and
 * optional actions, followed by the PNG and SVG export buttons every chart has. `testId` is the chart's
 * stable test hook (`chart-hypersphere`, ...). Inside a ChartSlot (every chart of the page), the caption gives
 * the step of the snapshot the chart shows, and says while the chart is behind the readouts' snapshot (the
 * charts take each snapshot one after another): `data-step`, `data-behind` and `aria-busy` on the figure.
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
  const step = useChartStep();
  return (
    <figure
      className="chart-panel"
      data-testid={testId}
      aria-label={title}
      data-step={step?.step ?? undefined}
      data-behind={step ? String(step.behind) : undefined}
      aria-busy={step?.behind || undefined}
    >
      <figcaption>
        <span className="chart-title">{title}</span>
        <StepCaption testId={testId} step={step} />
        <span className="chart-actions">
          {actions}
          <ExportButtons testId={testId} title={title} body={body} shown={step} />
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
 * Which snapshot the chart shows: its step, and while the chart waits its turn for the readouts' newer one, that
 * it is behind (in the tooltip and to screen readers; the visible text is the step, so nothing flickers).
 */
function StepCaption({ testId, step }: { testId: string; step: ChartStep | null }) {
  if (step?.step === null || step === null) return null;
  const text = `step ${step.step.toLocaleString('en-US')}`;
  const title =
    step.behind && step.roundStep !== null
      ? `This chart still shows step ${step.step}; it draws step ${step.roundStep} (the readouts') next. The charts take each snapshot in turn.`
      : 'the training step of the snapshot this chart shows (the readouts show the same one)';
  return (
    <span
      className="chart-step"
      data-testid={`${testId}-step`}
      title={title}
      style={{ fontWeight: 'normal', fontSize: '0.8em', opacity: 0.75, marginLeft: '0.6em' }}
    >
      {text}
      {step.behind ? <span className="visually-hidden">, behind: updating to the readouts’ step</span> : null}
    </span>
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

/**
 * Buttons that download the chart as `infonce-<chart>-step<N>.png` or `.svg`: the picture on screen with the
 * title, the temperature and step, the legend and the caption (src/ui/export/chartExport.ts).
 */
function ExportButtons({
  testId,
  title,
  body,
  shown,
}: {
  testId: string;
  title: string;
  body: RefObject<HTMLDivElement | null>;
  /** the snapshot the chart shows (its step and tau), null outside a ChartSlot */
  shown: ChartStep | null;
}) {
  const store = useLabStore();
  const [busy, setBusy] = useState(false);
  const save = async (format: 'png' | 'svg') => {
    const root = body.current;
    if (!root) return;
    // the picture on screen now (this chart's snapshot), read before the PNG's asynchronous work
    const latest = store.getState().snapshot;
    const step = shown?.step ?? latest?.step ?? null;
    const meta = { title, step, tau: shown?.tau ?? latest?.tau ?? null };
    const fileName = chartFileName(testId, step ?? 0, format);
    setBusy(true);
    try {
      const blob =
        format === 'png'
          ? await chartPng(root, meta)
          : new Blob([chartSvg(root, meta)], { type: 'image/svg+xml;charset=utf-8' });
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
