// The frame of the line charts (metrics, alignment-uniformity): axes and text in SVG underneath, the many marks on
// a canvas over it, in a container whose width the chart follows.
import type { ReactNode, Ref } from 'react';
import { MIN_CHART_WIDTH } from './axes';
import type { Rect, Tick } from './metrics/lineAxes';
import { MARK_COLOURS } from './palette';

/** An SVG of `width` x `height` labelled `label` (its children), with the marks' canvas on top of it. */
export function SvgPlot({
  containerRef,
  canvasRef,
  width,
  height,
  label,
  children,
}: {
  containerRef: Ref<HTMLDivElement>;
  canvasRef: Ref<HTMLCanvasElement>;
  width: number;
  height: number;
  label: string;
  children: ReactNode;
}) {
  return (
    <div ref={containerRef} style={{ position: 'relative', width: '100%', minWidth: MIN_CHART_WIDTH }}>
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={label}
        style={{ display: 'block', font: '11px system-ui, sans-serif' }}
      >
        {children}
      </svg>
      <canvas ref={canvasRef} style={{ position: 'absolute', left: 0, top: 0, pointerEvents: 'none' }} />
    </div>
  );
}

/** Tick marks, labels and (optionally) grid lines of one axis of `plot`, from a layout's ticks. */
export function SvgAxis({
  orient,
  ticks,
  plot,
  showLabels = true,
  grid = true,
}: {
  orient: 'left' | 'bottom';
  ticks: readonly Tick[];
  plot: Rect;
  showLabels?: boolean;
  grid?: boolean;
}) {
  const right = plot.left + plot.width;
  const bottom = plot.top + plot.height;
  if (orient === 'left') {
    return (
      <g fill={MARK_COLOURS.axis} fontSize={10}>
        <line x1={plot.left} x2={plot.left} y1={plot.top} y2={bottom} stroke={MARK_COLOURS.axis} />
        {ticks.map((tick) => (
          <g key={tick.value}>
            {grid ? (
              <line
                x1={plot.left}
                x2={right}
                y1={tick.position}
                y2={tick.position}
                stroke={MARK_COLOURS.grid}
              />
            ) : null}
            <line
              x1={plot.left - 4}
              x2={plot.left}
              y1={tick.position}
              y2={tick.position}
              stroke={MARK_COLOURS.axis}
            />
            {showLabels ? (
              <text x={plot.left - 6} y={tick.position} dy="0.32em" textAnchor="end">
                {tick.label}
              </text>
            ) : null}
          </g>
        ))}
      </g>
    );
  }
  return (
    <g fill={MARK_COLOURS.axis} fontSize={10}>
      <line x1={plot.left} x2={right} y1={bottom} y2={bottom} stroke={MARK_COLOURS.axis} />
      {ticks.map((tick) => (
        <g key={tick.value}>
          {grid ? (
            <line
              x1={tick.position}
              x2={tick.position}
              y1={plot.top}
              y2={bottom}
              stroke={MARK_COLOURS.grid}
            />
          ) : null}
          <line
            x1={tick.position}
            x2={tick.position}
            y1={bottom}
            y2={bottom + 4}
            stroke={MARK_COLOURS.axis}
          />
          {showLabels ? (
            <text x={tick.position} y={bottom + 15} textAnchor="middle">
              {tick.label}
            </text>
          ) : null}
        </g>
      ))}
    </g>
  );
}
