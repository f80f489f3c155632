import type { ReactNode } from 'react';

/**
 * A titled panel holding one chart, its explanation (what every mark means, the formula, the paper) and
 * optional actions. `testId` is the chart's stable test hook (`chart-hypersphere`, ...).
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
  return (
    <figure className="chart-panel" data-testid={testId} aria-label={title}>
      <figcaption>
        <span className="chart-title">{title}</span>
        {actions ? <span className="chart-actions">{actions}</span> : null}
      </figcaption>
      <div className="chart-body">{children}</div>
      {explanation ? (
        <details className="chart-explanation">
          <summary>What this shows</summary>
          {explanation}
        </details>
      ) : null}
    </figure>
  );
}
