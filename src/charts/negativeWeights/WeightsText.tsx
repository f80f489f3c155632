// The weights chart's words: how each objective's weights read (name, candidates, closed form, curve legend) and
// the explanation of every mark, with the live tau and effective number of negatives.

import type { LossId } from '../../protocol/config';
import { Formula, texNumber } from '../../ui/Formula';

/** How each objective's weights read: its name, its candidates, its closed form and its curve's legend. */
export const OBJECTIVE_TEXT: Readonly<
  Record<
    LossId,
    { name: string; candidates: string; tex: string; curve: string; mined: string; note: string }
  >
> = {
  infonce: {
    name: 'InfoNCE',
    candidates: 'every row but itself and its positive, 2N − 2',
    tex: 'r_{ij} = \\frac{e^{s_{ij}/\\tau}}{\\sum_{k \\ne i,\\,\\mathrm{pos}(i)} e^{s_{ik}/\\tau}}',
    curve: 'exp(s/τ)/Z, the Boltzmann curve',
    mined: 'mined negative',
    note: 'The weights are a Boltzmann distribution over the negatives, with the temperature as its temperature.',
  },
  'infonce-nxn': {
    name: 'the N × N form',
    candidates: 'the other inputs’ second views, N − 1',
    tex: "r_{ij} = \\frac{e^{s(a_i, a'_j)/\\tau}}{\\sum_{k \\ne i} e^{s(a_i, a'_k)/\\tau}}",
    curve: 'exp(s/τ)/Z over the N − 1 columns',
    mined: 'mined negative',
    note: 'Only the first view’s rows are anchors, compared with the second views: a Boltzmann distribution over N − 1 negatives.',
  },
  supervised: {
    name: 'supervised SimCSE',
    candidates: 'the other inputs’ positives and every hard negative, 2N − 1',
    tex: 'r_{ij} = \\frac{e^{s_{ij}/\\tau + w[j = h(i)]}}{\\sum_k e^{s_{ik}/\\tau + w[k = h(i)]}}',
    curve: 'exp(s/τ)/Z (ordinary negatives)',
    mined: 'own hard negative (its logit + w, so α = e^w times the curve)',
    note: 'A softmax like InfoNCE’s, over the other positives and all hard negatives; the anchor’s own hard negative gets the log-weight w = ln α added, so its bar stands α times above the curve.',
  },
  dcl: {
    name: 'DCL',
    candidates: 'every row but itself and its positive, M = 2N − 2',
    tex: 'r_{ij} = \\frac{e^{s_{ij}/t}}{\\sum_k e^{s_{ik}/t}}\\ \\text{while } N_g \\text{ is above its floor, else } 0',
    curve: 'the DCL weight exp(s/t)/Z',
    mined: 'mined negative',
    note: 'DCL subtracts τ⁺ times the positive from the negatives’ sum; the shares among negatives stay InfoNCE’s at t, but their total is scaled, and when the corrected sum falls to its floor M·e^(−1/t) no negative gets any gradient.',
  },
  hcl: {
    name: 'HCL',
    candidates: 'every row but itself and its positive, M = 2N − 2',
    tex: 'r_{ij} = (1+\\beta)\\,\\frac{e^{(1+\\beta)s_{ij}/t}}{\\sum_k e^{(1+\\beta)s_{ik}/t}} - \\beta\\,\\frac{e^{\\beta s_{ij}/t}}{\\sum_k e^{\\beta s_{ik}/t}}',
    curve: 'the HCL weight (hardness β)',
    mined: 'mined negative',
    note: 'HCL reweights the negatives by e^(β s/t), so hard ones weigh more than InfoNCE gives them; the official code does not detach the importance weights, so the easiest negatives get a small negative weight (a pull).',
  },
  triplet: {
    name: 'the triplet loss',
    candidates: 'the one it mined from the rows of another class; the others are grey ticks',
    tex: 'r_{ij} = [\\,j = n(i)\\ \\text{and}\\ s_{i,n(i)} - s_{i,\\mathrm{pos}} + m > 0\\,]',
    curve: '',
    mined: 'the mined negative',
    note: 'The triplet loss uses one mined negative per anchor: it takes all the weight while the hinge is open and none once the positive beats it by the margin. Its effective number of negatives is 1 or 0, never InfoNCE’s dozens.',
  },
};

/** What every mark means, the objective's formula with the live tau and N_eff, and the two limits. */
export function WeightsExplanation({
  tau,
  neff,
  anchor,
  lossId,
}: {
  tau: number;
  neff: number;
  anchor: number;
  lossId: LossId;
}) {
  const text = OBJECTIVE_TEXT[lossId];
  return (
    <div>
      <p>
        For the chosen anchor i, each blue bar is one negative j its loss uses ({text.candidates}), placed by
        its cosine similarity s_ij (or its rank by similarity), its height the share of the loss’s push that j
        gets: r_ij = (∂ℓ_i/∂s_ij) / Σ_k ∂ℓ_i/∂s_ik over the anchor’s negatives, from autograd of the running
        objective ({text.name}). For InfoNCE this is the relative penalty Wang and Liu define. Its closed form
        here:
      </p>
      <Formula display tex={`${text.tex}, \\qquad \\tau = ${texNumber(tau)}`} />
      <p>
        {text.note} The black line, where there is one, is that formula drawn as a function of s; the pink bar
        with a ring is the hardest negative, the one weighed most. The big number is the effective number of
        negatives, between 1 (one negative takes all the weight) and all of them (all weigh the same):
      </p>
      <Formula
        display
        tex={`N_\\text{eff} = \\exp\\Big(-\\sum_j r_{ij}\\log r_{ij}\\Big) = ${texNumber(neff)} \\ \\text{for anchor } ${anchor}`}
      />
      <p>
        As τ → 0 InfoNCE counts only the hardest negative: the loss tends to (1/τ) max(s_max − s_pos, 0), a
        triplet loss with margin 0. As τ → ∞ every negative weighs the same, wherever it lies. Near-ties keep
        N_eff above 1 even at τ = 1e-4 when several negatives are almost equally similar. On a log axis
        weights below 1e-12 are clamped to 1e-12 (at τ = 1e-4 they span hundreds of orders of magnitude, and
        float32 stores most as 0).
      </p>
      <p>
        With a negative strategy (the Negatives controls, InfoNCE only) the loss uses a chosen set: grey ticks
        under the axis are the batch’s candidates the selection left out this step (no weight; under the
        triplet loss, the candidates its mining passed over); orange diamonds are negatives beyond the shown
        rows, a MoCo queue’s keys or, for the full softmax, training rows; blue triangles are MoCHi’s
        synthetic points. Only each anchor’s 16 heaviest of those are drawn; the caption gives their count and
        share. The closed form then runs over the kept rows with those beyond lumped into one term, and with
        logQ each logit carries its class’s −log p.
      </p>
      <p>
        A false negative is a negative of the anchor’s own class (the lab’s labels as an oracle): a black tick
        above its bar (or above a queue key’s diamond), a black tick under the axis when the loss leaves it
        out, black in the right panel. The caption counts them and the share of the push they take, and says
        what the fn rule does: keep pushes them like any negative, eliminate drops them from the denominator,
        attract pulls them as extra positives (FNC), and the filter, which reads no labels, drops every
        negative more similar than perc times the positive. With the labels hidden nothing is marked.
      </p>
      <p>
        Left panel: the gradient autograd computes for this anchor, |∂ℓ_i/∂s_ij| (tf.js, float32), against the
        objective’s closed form (float64, from the same similarities). The points lie on y = x; the positive
        (green) is the pull. Right panel: r_ij against s_ij for every anchor’s negatives at once (one pixel
        each, darker where they pile up), the current anchor’s in vermillion.
      </p>
      <p>
        F. Wang and H. Liu, “Understanding the Behaviour of Contrastive Loss”, CVPR 2021; C.-Y. Chuang et al.,
        “Debiased Contrastive Learning”, NeurIPS 2020; J. Robinson et al., “Contrastive Learning with Hard
        Negative Samples”, ICLR 2021; T. Gao, X. Yao and D. Chen, “SimCSE”, EMNLP 2021; F. Schroff et al.,
        “FaceNet”, CVPR 2015.
      </p>
    </div>
  );
}
