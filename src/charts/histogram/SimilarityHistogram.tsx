import { useMemo, useRef, useState } from 'react';
import { MAX_DISPLAY_POINTS } from '../../core/pairHistograms';
import { ChartPanel } from '../../ui/ChartPanel';
import { Formula } from '../../ui/Formula';
import { ACTIONS_STYLE, formatCount, formatValue, MIN_CHART_WIDTH } from '../axes';
import { paintCanvas } from '../canvas';
import { useChartSnapshot } from '../chartFeed';
import { MARK_COLOURS } from '../palette';
import { Swatch } from '../Swatch';
import { useChartWidth } from '../useChartWidth';
import { useFrameDraw } from '../useFrameDraw';
import { drawHistogram } from './drawHistogram';
import { type HistogramSource, layoutHistogram, uniformSphereBinMass } from './histogramLayout';

const HEIGHT = 220;

/**
 * Histogram of pairwise cosine similarities (held-out display set, subsampled, or the batch's negative pairs)
 * with the batch's positive pairs overlaid, the means, and the uniform-sphere reference of the same dimension.
 */
export function SimilarityHistogram() {
  const snapshot = useChartSnapshot();
  const [source, setSource] = useState<HistogramSource>('display');
  const [measure, width] = useChartWidth();
  const display = snapshot?.display ?? null;
  const batch = snapshot?.batch ?? null;
  // counted in the trainer worker (core/pairHistograms.ts): the page only lays them out
  const histograms = snapshot && snapshot.batch.rows > 1 ? snapshot.histograms : null;
  const displayHistogram =
    source === 'display' && display && display.rows > 1 ? (histograms?.display ?? null) : null;
  const positives = histograms?.batchPositives ?? null;
  const dim = display?.dim ?? batch?.dim ?? 0;
  const reference = useMemo(() => uniformSphereBinMass(dim), [dim]);
  const main = source === 'display' ? displayHistogram : (histograms?.batchNegatives ?? null);
  const layout = useMemo(
    () => (main && positives ? layoutHistogram(main, positives, reference, { width, height: HEIGHT }) : null),
    [main, positives, reference, width],
  );
  const canvas = useRef<HTMLCanvasElement>(null);
  useFrameDraw(() => {
    if (layout && canvas.current)
      paintCanvas(canvas.current, width, HEIGHT, (context) => drawHistogram(context, layout));
  }, snapshot);

  const mainLabel = source === 'display' ? 'held-out pairs' : 'batch negative pairs';
  const actions = (
    <label style={ACTIONS_STYLE}>
      pairs{' '}
      <select value={source} onChange={(event) => setSource(event.currentTarget.value as HistogramSource)}>
        <option value="display">held-out display set</option>
        <option value="batch">batch, off-diagonal negatives</option>
      </select>
    </label>
  );
  return (
    <ChartPanel
      testId="chart-similarity-histogram"
      title="Distribution of similarities"
      actions={actions}
      explanation={<HistogramExplanation dim={dim} />}
    >
      <div ref={measure} style={{ minWidth: MIN_CHART_WIDTH }}>
        {!layout || !main || !positives ? (
          <p>Waiting for the first snapshot…</p>
        ) : (
          <>
            <canvas
              ref={canvas}
              role="img"
              aria-label={`Histogram of cosine similarities of ${mainLabel}, mean ${formatValue(main.mean)}, with positive pairs overlaid on their own scale`}
              data-testid="histogram-canvas"
              data-main-peak={layout.mainPeak.toFixed(3)}
            />
            <p style={{ fontSize: '0.8rem', margin: '0.1rem 0 0' }} data-testid="histogram-summary">
              <Swatch colour={MARK_COLOURS.negative} /> {mainLabel}: {formatCount(main.total)} pairs
              {displayHistogram && display
                ? ` of ${displayHistogram.points} of the ${display.rows} points (evenly spaced subsample)`
                : ''}
              , mean {formatValue(main.mean)} · <Swatch colour={MARK_COLOURS.positive} line /> positive pairs
              ({positives.total}), mean {formatValue(positives.mean)}, on their own scale (right axis) ·{' '}
              <Swatch colour={MARK_COLOURS.text} line /> uniform points on the sphere in R^{dim} · dashed
              lines: means
            </p>
          </>
        )}
      </div>
    </ChartPanel>
  );
}

/** What the bars, the outline and the faint line are, and the link to Wang & Isola's uniformity. */
function HistogramExplanation({ dim }: { dim: number }) {
  return (
    <div>
      <p>
        Blue bars: the cosine similarity of every pair of held-out points (embedded without dropout), or, with
        the toggle, of every negative pair of the current batch (off the diagonal, positives left out). The
        display set has up to 2,048 points, 2.1 million pairs: too many to recount at every snapshot, so the
        chart takes an evenly spaced subsample of at most {MAX_DISPLAY_POINTS} points, fewer in high
        dimensions (about 1.2 million multiply-adds per snapshot), the same points every time. Green outline:
        the batch’s positive pairs, the two dropout views of each input, on a scale of their own (the green
        axis on the right): they sit in a spike near +1 many times taller than the other bars, which on one
        shared scale would shrink to a sliver. Heights are densities, so the areas are 1 and the shapes
        compare; compare heights of the positives against the right axis only.
      </p>
      <p>
        Faint dark line: the same histogram for points spread uniformly on the sphere in R^{dim}, whose
        pairwise cosine has the density
      </p>
      <Formula
        display
        tex={`f_d(s) = \\frac{\\Gamma(d/2)}{\\sqrt{\\pi}\\,\\Gamma\\big(\\frac{d-1}{2}\\big)}\\,(1-s^2)^{(d-3)/2}, \\qquad d = ${dim}`}
      />
      <p>
        Wang and Isola’s uniformity (ICML 2020) is a function of this distribution alone: for unit vectors ‖u
        − v‖² = 2 − 2s, so
      </p>
      <Formula
        display
        tex={
          '\\mathcal{L}_\\text{uniform} = \\log \\mathbb{E}\\, e^{-t\\lVert u-v\\rVert^2} = \\log \\mathbb{E}\\, e^{-2t(1-s)}, \\quad t = 2'
        }
      />
      <p>
        Mass near s = +1 (points bunched together) makes it large; bars close to the dark line make it small.
        At a very low temperature training stalls once every positive beats its hardest negative, and the
        points stay bunched; a moderate temperature spreads them towards the uniform curve while the positive
        pairs stay near +1 (alignment). Where the dashed means sit shows both at a glance.
      </p>
    </div>
  );
}
