// The metrics chart's explanation: what each panel measures, with the newest values.
import { Formula, texNumber } from '../../ui/Formula';
import { LABELS_HIDDEN } from '../../ui/labels';
import type { MetricPanel, MetricsLayout } from './metricsLayout';

/** What each metric is, its source, and the newest value of each panel. */
export function MetricsExplanation({ layout }: { layout: MetricsLayout }) {
  const now = (key: MetricPanel['key']): string =>
    texNumber(layout.panels.find((panel) => panel.key === key)?.current ?? Number.NaN);
  return (
    <div>
      <p>
        One small chart per metric, all against the training step. The blue line is the metric (a dot where a
        value stands alone); a break in the line is a value that was not a number. Dashed purple lines mark
        the steps where the temperature changed, labelled with the new τ. The number at the top right of each
        panel is the newest value. When the loss spans a huge range (at τ = 10⁻⁴ it starts in the thousands),
        its y axis fits the last 80% of the run and the panel says “clipped”; the log scale shows it whole.
      </p>
      <p>
        <strong>Loss</strong>: the objective being minimised (InfoNCE: the mean over anchors of −log of the
        positive&apos;s softmax weight). Its floor depends on τ and the batch, so compare shapes, not levels,
        across temperatures. Now <Formula tex={now('loss')} />.
      </p>
      <p>
        <strong>Alignment</strong> (Wang &amp; Isola 2020), lower is better:{' '}
        <Formula
          tex={`\\mathcal L_\\text{align} = \\mathbb E\\lVert f(x)-f(y)\\rVert^2 = ${now('alignment')}`}
        />{' '}
        over the batch&apos;s two views. With dropout 0 (or one shared mask) the views are identical and it is
        0 whatever the model does: SimCSE&apos;s Figure 2 shows uniformity still improving then while
        alignment becomes meaningless and the representation degrades.
      </p>
      <p>
        <strong>Uniformity</strong> (Wang &amp; Isola 2020), lower is better:{' '}
        <Formula
          tex={`\\mathcal L_\\text{uniform} = \\log \\mathbb E\\, e^{-t\\lVert f(x)-f(y)\\rVert^2} = ${now('uniformity')}`}
        />{' '}
        with t = 2, over pairs of held-out points: between −4 (not reachable) and 0 (all points in one place).
      </p>
      <p>
        <strong>Tolerance</strong> (Wang &amp; Liu 2021): the mean cosine of same-class pairs,{' '}
        <Formula tex={`T = \\mathbb E_{l(x)=l(y)}\\, f(x)^\\top f(y) = ${now('tolerance')}`} />. A small τ
        makes the embedding more uniform but less tolerant: same-class points (potential false negatives) are
        pushed apart, the uniformity-tolerance dilemma.
      </p>
      <p>
        <strong>kNN accuracy</strong>: each held-out point takes the majority label of its k = 5 most similar
        training points (cosine); higher is better. Now <Formula tex={now('knnAccuracy')} />.
      </p>
      <p>
        <strong>Effective negatives</strong>:{' '}
        <Formula
          tex={`N_\\text{eff} = \\exp\\bigl(-\\textstyle\\sum_j r_{ij}\\log r_{ij}\\bigr) = ${now('effectiveNegatives')}`}
        />{' '}
        averaged over the anchors, where r<sub>ij</sub> is the softmax of s<sub>ij</sub>/τ over the negatives
        only (Wang &amp; Liu&apos;s relative penalty). Near 1: only the hardest negative counts (τ → 0); near
        the number of negatives: all weigh the same (τ → ∞).
      </p>
      <p>
        <strong>False negatives</strong>: the share of each anchor&apos;s candidate negatives that have its
        own class, and the <strong>weight on false negatives</strong>, the share of its push r<sub>ij</sub>{' '}
        that goes to them; both averaged over the anchors. They read the labels: with the labels hidden (as on
        unlabelled data) the panels say “{LABELS_HIDDEN.text}”, since {LABELS_HIDDEN.reason}.
      </p>
      {layout.panels.some((panel) => panel.key === 'stsSpearman') ? (
        <p>
          <strong>STS Spearman</strong> (text mode): 100 × Spearman&apos;s rank correlation between the
          encoder&apos;s cosine (no dropout) of each held-out graded pair and its gold score, SimCSE&apos;s
          STS protocol. The dashed lines are the untrained encoder (this model at step 0) and a bag-of-words
          baseline (TF-IDF cosine) on the same pairs. The sentences are synthetic: compare with these lines,
          not with published STS-B numbers.
        </p>
      ) : null}
      <p>
        Sources: T. Wang, P. Isola, “Understanding Contrastive Representation Learning through Alignment and
        Uniformity on the Hypersphere”, ICML 2020; F. Wang, H. Liu, “Understanding the Behaviour of
        Contrastive Loss”, CVPR 2021; T. Gao, X. Yao, D. Chen, “SimCSE”, EMNLP 2021.
      </p>
    </div>
  );
}
