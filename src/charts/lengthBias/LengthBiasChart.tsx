import { useMemo, useRef } from 'react';
import type { LengthBiasMeasure } from '../../protocol/snapshot';
import { useLab } from '../../state/LabProvider';
import { ChartPanel } from '../../ui/ChartPanel';
import { MIN_CHART_WIDTH } from '../axes';
import { paintCanvas } from '../canvas';
import { useChartSnapshot } from '../chartFeed';
import { Swatch } from '../Swatch';
import { useChartWidth } from '../useChartWidth';
import { useFrameDraw } from '../useFrameDraw';
import { drawLengthBias, formatSlope, KIND_COLOURS } from './drawLengthBias';
import { layoutLengthBias } from './lengthBiasLayout';

const HEIGHT = 240;

/**
 * Cosine against length difference of the STS paraphrase and unrelated pairs, now and before training (text
 * mode only: the page shows nothing for the other data sets, and the chart takes no turn in the feed).
 */
export function LengthBiasChart() {
  const sentences = useLab((state) => state.config.dataset === 'sentences');
  return sentences ? <LengthBiasPanel /> : null;
}

/** What one measure's slopes say, in words (the canvas's text alternative and the legend). */
function slopesText(measure: LengthBiasMeasure): string {
  return `unrelated ${formatSlope(measure.unrelated.slope)}, paraphrase ${formatSlope(measure.paraphrase.slope)} cosine per token`;
}

function LengthBiasPanel() {
  const snapshot = useChartSnapshot();
  const [measure, width] = useChartWidth();
  const view = snapshot?.lengthBias ?? null;
  const layout = useMemo(
    () => (view ? layoutLengthBias(view, { width, height: HEIGHT }) : null),
    [view, width],
  );
  const canvas = useRef<HTMLCanvasElement>(null);
  useFrameDraw(() => {
    if (layout && canvas.current)
      paintCanvas(canvas.current, width, HEIGHT, (context) => drawLengthBias(context, layout));
  }, snapshot);

  return (
    <ChartPanel
      testId="chart-length-bias"
      title="Length bias: cosine against length difference"
      explanation={<LengthBiasExplanation />}
    >
      <p style={{ fontSize: '0.85rem', margin: '0 0 0.3rem' }}>
        SimCSE’s two views of a sentence always have the same length, so it can learn “same length, similar”:
        look for unrelated pairs of equal length scoring higher (a falling blue line). ESimCSE’s repetition
        (dup) lengthens one view to break that cue.
      </p>
      <div ref={measure} style={{ minWidth: MIN_CHART_WIDTH }}>
        {!view || !layout ? (
          <p>Waiting for the first snapshot…</p>
        ) : (
          <>
            <canvas
              ref={canvas}
              role="img"
              aria-label={`Cosine of ${layout.now.unrelated.n} unrelated and ${layout.now.paraphrase.n} paraphrase pairs against their length difference in tokens. Slopes at step ${view.now.step}: ${slopesText(view.now)}; at step ${view.before.step}: ${slopesText(view.before)}.`}
              data-testid="length-bias-canvas"
            />
            <p
              style={{ fontSize: '0.8rem', margin: '0.1rem 0 0' }}
              data-testid="length-bias-summary"
              data-slope-unrelated={view.now.unrelated.slope}
              data-slope-paraphrase={view.now.paraphrase.slope}
            >
              <Swatch colour={KIND_COLOURS.unrelated} /> ▲ unrelated (gold 0), slope{' '}
              {formatSlope(view.now.unrelated.slope)} · <Swatch colour={KIND_COLOURS.paraphrase} /> ●
              paraphrase (gold 5), slope {formatSlope(view.now.paraphrase.slope)} cosine per token, at step{' '}
              {view.now.step}
              {layout.before
                ? `; faint, dashed: step ${view.before.step} (before training), slopes ${formatSlope(view.before.unrelated.slope)} and ${formatSlope(view.before.paraphrase.slope)}`
                : ' (the run’s first snapshot: later ones draw it faint beside them)'}
            </p>
          </>
        )}
      </div>
    </ChartPanel>
  );
}

/** What the points, the lines and the slope are, and ESimCSE's argument. */
function LengthBiasExplanation() {
  return (
    <div>
      <p>
        Each mark is one held-out STS pair of the generated sentences, embedded without dropout: across, the
        difference of the two sentences’ lengths in tokens (as the encoder sees them, punctuation included);
        up, the cosine of their embeddings. Triangles: unrelated pairs (gold score 0: nothing shared), half of
        them made with equal numbers of words (about a third end up with equal numbers of tokens, as commas
        count). Circles: paraphrases (gold 5: the same meaning in other words), all with different numbers of
        words. Gold 4 is left out on purpose: it differs in the place, whose phrase changes the length too, so
        meaning and length would move together. Pairs with the same difference are spread a little sideways so
        that they do not hide each other; the lines are fitted to the true differences.
      </p>
      <p>
        Each line is the least-squares fit of cosine on length difference, and its slope is printed: the
        change of cosine per token of difference. The bias, one number (<code>length_bias</code> in{' '}
        <code>npm run train -- --json</code>): the unrelated pairs’ slope. Their meanings share nothing, so a
        trend there is length alone; below zero, the encoder finds sentences of equal length more alike. The
        faint dashed marks and lines are the same model at the run’s first snapshot, before training.
      </p>
      <p>
        Why it matters (Wu et al., ESimCSE, COLING 2022): unsupervised SimCSE’s positive pair is one sentence
        passed twice with different dropout, so the two views always have the same length, and the model can
        score length as similarity. ESimCSE repeats a few tokens of the second view (the <code>dup</code>{' '}
        setting), which changes its length but seldom its meaning.
      </p>
    </div>
  );
}
