// The sweep's result panels, all SVG so that the figure's SVG export keeps lines and points as vectors: each
// metric against the swept value (mean line, min-max band over seeds), each run's small sphere, and the
// alignment-uniformity plane with one point per run. Titles are drawn inside each SVG so the export carries them.
import { formatValue } from '../axes';
import { CLASS_COLOURS, classColour, MARK_COLOURS } from '../palette';
import { SvgAxis } from '../SvgPlot';
import { layoutMetricPanel, type MetricPanelInput } from './sweepLayout';
import { layoutSphereMultiple, layoutSweepPlane, type PlaneInput, type SphereInput } from './sweepSpheres';

/** Colour of the sweep's marks. */
const INK = CLASS_COLOURS[0];

/** Panel titles of the scalars a sweep plots (others show their key). */
export const METRIC_TITLES: Readonly<Record<string, string>> = {
  loss: 'Loss',
  alignment: 'Alignment (lower: views closer)',
  uniformity: 'Uniformity (lower: more spread)',
  tolerance: 'Tolerance (higher: classes tighter)',
  knn_acc: 'kNN accuracy',
  effective_negatives: 'Effective negatives',
  effective_rank: 'Effective rank',
  fn_share: 'False-negative share',
  fn_weight: 'False-negative weight',
  sts_spearman: 'STS Spearman ×100 (higher: better)',
};

/** The title of a metric's panel. */
export const metricTitle = (metric: string): string => METRIC_TITLES[metric] ?? metric;

/** One metric against the swept value. `testid` `sweep-metric-<metric>`; each run's point is a circle. */
export function MetricPanel({ metric, input }: { metric: string; input: MetricPanelInput }) {
  const layout = layoutMetricPanel(input);
  const { plot, x } = layout;
  const title = metricTitle(metric);
  const bottom = plot.top + plot.height;
  return (
    <svg
      width={layout.width}
      height={layout.height}
      role="img"
      aria-label={`${title} against ${x.title}`}
      data-testid={`sweep-metric-${metric}`}
      data-points={layout.marks.length}
      style={{ display: 'block', font: '11px system-ui, sans-serif' }}
    >
      <text x={4} y={14} fontWeight={600} fontSize={12} fill={MARK_COLOURS.text}>
        {title}
      </text>
      <SvgAxis orient="left" ticks={layout.yTicks} plot={plot} />
      <SvgAxis orient="bottom" ticks={x.ticks} plot={plot} grid={false} />
      <text x={plot.left + plot.width} y={bottom + 30} textAnchor="end" fill={MARK_COLOURS.axis}>
        {x.kind === 'log' ? `${x.title} (log scale)` : x.title}
      </text>
      {layout.region ? (
        <g>
          <rect
            x={layout.region.left}
            y={plot.top}
            width={layout.region.right - layout.region.left}
            height={plot.height}
            fill={MARK_COLOURS.masked}
            fillOpacity={0.18}
          >
            <title>{layout.region.text}</title>
          </rect>
        </g>
      ) : null}
      {layout.band ? <path d={layout.band} fill={INK} fillOpacity={0.16} stroke="none" /> : null}
      {layout.line ? <path d={layout.line} fill="none" stroke={INK} strokeWidth={1.5} /> : null}
      {layout.marks.map((mark) => (
        <g key={mark.run} className="sweep-point" data-run={mark.run}>
          {x.kind === 'category' && mark.yMin !== mark.yMax ? (
            <line x1={mark.x} x2={mark.x} y1={mark.yMin} y2={mark.yMax} stroke={INK} strokeWidth={1.5} />
          ) : null}
          <circle cx={mark.x} cy={mark.y} r={3.5} fill={INK}>
            <title>
              {`${input.labels[mark.run] ?? ''}: ${formatValue(mark.stat.mean)}` +
                (input.seeds > 1
                  ? ` (min ${formatValue(mark.stat.min)}, max ${formatValue(mark.stat.max)})`
                  : '')}
            </title>
          </circle>
        </g>
      ))}
    </svg>
  );
}

/** One run's small sphere: its end-of-run display points by class, far side faint. */
export function SphereMultiple({
  run,
  label,
  display,
  size,
}: {
  run: number;
  label: string;
  display: SphereInput;
  size: number;
}) {
  const layout = layoutSphereMultiple(display, size);
  const head = layout.isProjection ? 28 : 16;
  const note = layout.isProjection ? `PCA of ${display.dim}-D` : '';
  return (
    <svg
      width={size}
      height={size + head}
      role="img"
      aria-label={`Embeddings of ${label}${note ? ` (${note})` : ''}`}
      data-testid={`sweep-sphere-${run}`}
      data-points={layout.points.length}
      style={{ display: 'block', font: '11px system-ui, sans-serif' }}
    >
      <text x={size / 2} y={12} textAnchor="middle" fill={MARK_COLOURS.text}>
        {label}
      </text>
      {note ? (
        <text x={size / 2} y={24} textAnchor="middle" fill={MARK_COLOURS.axis} fontSize={9.5}>
          {note}
        </text>
      ) : null}
      <g transform={`translate(0 ${head})`}>
        <circle
          cx={layout.cx}
          cy={layout.cy}
          r={layout.radius}
          fill="none"
          stroke={MARK_COLOURS.grid}
          strokeWidth={1}
        />
        {layout.points.map((point, i) => (
          <circle
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed set of points per result
            key={i}
            cx={point.x}
            cy={point.y}
            r={1.6}
            fill={classColour(point.label)}
            fillOpacity={point.depth < 0 ? 0.25 : 0.85}
          />
        ))}
      </g>
    </svg>
  );
}

/** The alignment-uniformity plane, one labelled point per run (means over seeds). */
export function SweepPlane({
  runs,
  width,
  dim,
  joined,
}: {
  runs: readonly PlaneInput[];
  width: number;
  dim: number | null;
  joined: boolean;
}) {
  const layout = layoutSweepPlane(runs, width, dim, joined);
  const { plot } = layout;
  const right = plot.left + plot.width;
  const bottom = plot.top + plot.height;
  return (
    <svg
      width={layout.width}
      height={layout.height}
      role="img"
      aria-label="Alignment against uniformity, one point per run"
      data-testid="sweep-plane"
      data-points={layout.marks.length}
      style={{ display: 'block', font: '11px system-ui, sans-serif' }}
    >
      <text x={4} y={14} fontWeight={600} fontSize={12} fill={MARK_COLOURS.text}>
        Alignment and uniformity (lower is better on both)
      </text>
      <SvgAxis orient="left" ticks={layout.yTicks} plot={plot} />
      <SvgAxis orient="bottom" ticks={layout.xTicks} plot={plot} />
      <text x={right} y={bottom + 30} textAnchor="end" fill={MARK_COLOURS.axis}>
        uniformity (t = 2)
      </text>
      <text
        transform={`translate(11 ${plot.top + plot.height}) rotate(-90)`}
        textAnchor="start"
        fill={MARK_COLOURS.axis}
      >
        alignment
      </text>
      {layout.uniformLimit ? (
        <g>
          <line
            x1={layout.uniformLimit.position}
            x2={layout.uniformLimit.position}
            y1={plot.top}
            y2={bottom}
            stroke={MARK_COLOURS.axis}
            strokeDasharray="4 3"
          />
          <text x={layout.uniformLimit.position + 3} y={bottom - 4} fill={MARK_COLOURS.axis}>
            uniform on the sphere
          </text>
        </g>
      ) : null}
      {layout.path ? <path d={layout.path} fill="none" stroke={INK} strokeOpacity={0.5} /> : null}
      {layout.marks.map((mark) => (
        <g key={mark.run} className="sweep-point" data-run={mark.run}>
          <circle cx={mark.x} cy={mark.y} r={4} fill={INK}>
            <title>
              {`${mark.label}: alignment ${formatValue(mark.alignment)}, uniformity ${formatValue(mark.uniformity)}`}
            </title>
          </circle>
          {mark.labelAt ? (
            <text
              x={mark.labelAt.x}
              y={mark.labelAt.y}
              textAnchor={mark.labelAt.anchor}
              fill={MARK_COLOURS.text}
            >
              {mark.label}
            </text>
          ) : null}
        </g>
      ))}
    </svg>
  );
}
