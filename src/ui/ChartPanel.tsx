import type { ReactNode } from 'react';

/** A titled panel that holds one chart and its explanation. */
export function ChartPanel({
  testId,
  title,
  children,
}: {
  testId: string;
  title: string;
  children?: ReactNode;
}) {
  return (
    <figure className="chart-panel" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div className="chart-body">{children}</div>
    </figure>
  );
}
