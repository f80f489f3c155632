import { useRef } from 'react';
import { useLab } from '../../state/LabProvider';
import { ChartPanel } from '../../ui/ChartPanel';
import { Formula, texNumber } from '../../ui/Formula';
import { formatValue } from '../axes';
import { paintCanvas } from '../canvas';
import { useChartData } from '../chartFeed';
import { MARK_COLOURS } from '../palette';
import { SvgAxis, SvgPlot } from '../SvgPlot';
import { useChartWidth } from '../useChartWidth';
import { useFrameDraw } from '../useFrameDraw';
import {
  type AlignUniformLayout,
  describeLatest,
  layoutAlignUniform,
  sphereS2UniformityLimit,
  UNIFORMITY_T,
} from './alignUniformLayout';
import { drawTrails } from './drawTrails';

/**
 * The alignment-uniformity plane (Wang & Isola 2020): x uniformity, y alignment, both lower is better. Shows
 * the current run's trajectory with an arrowhead at its newest point, earlier runs and temperatures fainter,
 * the uniform limit of the current output sphere and alignment 0. Trails are drawn on a canvas on the next
 * animation frame; axes, reference lines and text are SVG underneath; the legend is an HTML list.
 */
export function AlignUniformChart() {
  const { trails, snapshot } = useChartData();
  const configDim = useLab((state) => state.config.dim);
  const dim = snapshot?.display.dim ?? configDim;
  const identicalViews = useLab((state) => state.config.dropout === 0 || state.config.sameMask);
  const [containerRef, width] = useChartWidth();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const layout = layoutAlignUniform({ width, trails, dim });
  useFrameDraw(() => {
    if (canvasRef.current)
      paintCanvas(canvasRef.current, layout.width, layout.height, (context) => drawTrails(context, layout));
  }, trails);
  const { plot, uniformLimit, zeroAlignment } = layout;
  const right = plot.left + plot.width;
  const bottom = plot.top + plot.height;
  const legend = [...layout.trails].reverse(); // current first
  const points = new Map(trails.map((trail) => [trail.id, trail.alignment.length]));

  return (
    <ChartPanel
      testId="chart-align-uniform"
      title="Alignment and uniformity"
      explanation={<AlignUniformExplanation layout={layout} />}
    >
      <SvgPlot
        containerRef={containerRef}
        canvasRef={canvasRef}
        width={layout.width}
        height={layout.height}
        label={summary(layout)}
      >
        <SvgAxis orient="left" ticks={layout.yTicks} plot={plot} />
        <SvgAxis orient="bottom" ticks={layout.xTicks} plot={plot} />
        <text x={right} y={bottom + 30} textAnchor="end" fill={MARK_COLOURS.axis}>
          uniformity (t = 2) → less uniform
        </text>
        <text
          transform={`translate(12 ${plot.top}) rotate(-90)`}
          textAnchor="end"
          fill={MARK_COLOURS.axis}
          fontSize={10.5}
        >
          alignment → views further apart
        </text>
        <line
          x1={plot.left}
          x2={right}
          y1={zeroAlignment.position}
          y2={zeroAlignment.position}
          stroke={MARK_COLOURS.axis}
          strokeDasharray="1 3"
        />
        <text
          x={right - 2}
          y={zeroAlignment.position + 11}
          textAnchor="end"
          fill={MARK_COLOURS.axis}
          fontSize={10}
        >
          {zeroAlignment.label}
        </text>
        {uniformLimit ? (
          <g data-testid="uniform-limit">
            <line
              x1={uniformLimit.position}
              x2={uniformLimit.position}
              y1={plot.top}
              y2={bottom}
              stroke={MARK_COLOURS.axis}
              strokeDasharray="5 3"
            />
            <text x={uniformLimit.position + 4} y={plot.top + 10} fill={MARK_COLOURS.axis} fontSize={10}>
              {uniformLimit.label}
            </text>
          </g>
        ) : null}
        <text
          x={layout.goodCorner[0]}
          y={layout.goodCorner[1]}
          fill={MARK_COLOURS.positive}
          fontWeight={600}
          fontSize={10.5}
        >
          {layout.goodCornerLabel}
        </text>
      </SvgPlot>
      {identicalViews ? (
        <p role="note" style={{ margin: '0.3rem 0', fontSize: '0.85rem' }}>
          The two views are identical (dropout 0 or one shared mask): alignment is 0 by construction and says
          nothing. Uniformity can still improve, but the representation degrades (SimCSE, Figure 2).
        </p>
      ) : null}
      {layout.empty ? <p>Waiting for the first snapshot.</p> : null}
      <ol aria-label="Trails, current first" style={{ listStyle: 'none', margin: '0.3rem 0', padding: 0 }}>
        {legend.map((trail) => (
          <li
            key={trail.id}
            data-testid="trail"
            data-current={String(trail.current)}
            data-points={points.get(trail.id) ?? 0}
            style={{ fontSize: '0.85rem', opacity: Math.max(0.6, trail.opacity) }}
          >
            <span
              aria-hidden="true"
              style={{
                display: 'inline-block',
                width: '1.4em',
                height: trail.current ? 3 : 2,
                marginRight: '0.4em',
                verticalAlign: 'middle',
                background: trail.colour,
                opacity: trail.opacity,
              }}
            />
            {trail.current ? <strong>{trail.label} (current)</strong> : trail.label}: {describeLatest(trail)}
          </li>
        ))}
      </ol>
    </ChartPanel>
  );
}

function summary(layout: AlignUniformLayout): string {
  const current = layout.trails[layout.trails.length - 1];
  if (!current) return 'Alignment-uniformity plane: no data yet';
  return `Alignment-uniformity plane, ${layout.trails.length} trail(s); current ${current.label}: ${describeLatest(current)}`;
}

function AlignUniformExplanation({ layout }: { layout: AlignUniformLayout }) {
  const current = layout.trails[layout.trails.length - 1];
  const alignment = texNumber(current?.latest?.alignment ?? Number.NaN);
  const uniformity = texNumber(current?.latest?.uniformity ?? Number.NaN);
  const limit = layout.uniformLimit;
  const s2 = sphereS2UniformityLimit(UNIFORMITY_T);
  return (
    <div>
      <p>
        Each snapshot is a point: across, the uniformity of the held-out embeddings; up, the alignment of the
        batch&apos;s two views. Lower is better on both axes, so a good encoder heads for the bottom-left
        corner. The thick line with an arrowhead is the current run (the arrowhead is its newest snapshot);
        fainter lines are earlier runs or earlier temperatures of this run, labelled in the list below (newest
        first), each ending in a dot at its last snapshot. Breaks in a line are snapshots with a value that
        was not a number.
      </p>
      <p>
        <Formula tex={`\\mathcal L_\\text{align} = \\mathbb E\\lVert f(x)-f(y)\\rVert^2 = ${alignment}`} />,{' '}
        <Formula
          tex={`\\mathcal L_\\text{uniform} = \\log \\mathbb E\\, e^{-t\\lVert f(x)-f(y)\\rVert^2} = ${uniformity}`}
        />{' '}
        (t = 2, pairs of distinct held-out points), both on unit vectors.
      </p>
      <p>
        The dashed vertical line is the uniformity of the uniform distribution on the output sphere
        {limit ? ` (dimension ${limit.dim}: ${formatValue(limit.value)})` : ''}, the value a well-spread
        embedding approaches (a finite, evenly spread set can sit slightly left of it). On the circle
        (dimension 2) it is <Formula tex="-2t + \log I_0(2t) = -1.5750" />; on the sphere S² (dimension 3),
        where the cosine of two uniform points is itself uniform on [−1, 1],{' '}
        <Formula tex={`\\log\\frac{1 - e^{-4t}}{4t} = \\log\\frac{1 - e^{-8}}{8} = ${s2.toFixed(4)}`} />,
        which agrees with the rounded <Formula tex="\log(1/8) = -2.0794" /> up to{' '}
        <Formula tex="\log(1 - e^{-8}) \approx -3.4\times 10^{-4}" />. Higher dimensions are integrated
        numerically over the angle between two points. In the lab&apos;s PyTorch reference runs in 3
        dimensions, every τ from about 0.05 up reached this limit, so there uniformity alone cannot tell those
        temperatures apart.
      </p>
      <p>
        The dotted horizontal line is alignment 0: the two views are identical. That happens without dropout
        (or with one mask for both views); SimCSE&apos;s Figure 2 shows that uniformity then still improves
        while alignment becomes meaningless, and the sentence embeddings get worse.
      </p>
      <p>
        Why compare temperatures here: a smaller τ weighs the hardest negatives more and spreads the embedding
        more uniformly, but lowers the tolerance to same-class neighbours (Wang &amp; Liu&apos;s
        uniformity-tolerance dilemma); too small a τ stalls training with the points still bunched.
      </p>
      <p>
        Sources: T. Wang, P. Isola, “Understanding Contrastive Representation Learning through Alignment and
        Uniformity on the Hypersphere”, ICML 2020; F. Wang, H. Liu, “Understanding the Behaviour of
        Contrastive Loss”, CVPR 2021; T. Gao, X. Yao, D. Chen, “SimCSE”, EMNLP 2021.
      </p>
    </div>
  );
}
