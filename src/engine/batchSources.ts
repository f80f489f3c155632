// Which training row (and which of its sentences) each row a snapshot shows of its batch embeds, so the page can
// show the row's sentence.
import type { LossId } from '../protocol/config';
import type { BatchPlan } from './objectiveTypes';

/** A source row's own sentence, its entailment, its contradiction (BatchView.sourceSides). */
export const SIDE = { own: 0, entailment: 1, contradiction: 2 } as const;

/**
 * rows: the training row of each shown row, -1 where it is no training row the page can name, and which of its
 * sentences it is. Every objective shows its pairs first, `[a_0, a'_0, a_1, a'_1, ...]`: row 2k is anchor k,
 * row 2k + 1 its second view (the same row) or, for the objectives with real positives (supervised, triplet),
 * the plan's positive. The preview plan carries positives for every loss, so the loss, not the plan, says which.
 * Supervised SimCSE on the sentences' triplets (`plan.triplets`) shows anchor k's entailment at 2k + 1 and its
 * contradiction at 2N + k; its mined hard negatives elsewhere are chosen on the backend and stay -1.
 */
export function shownSources(
  plan: BatchPlan,
  rows: number,
  loss: LossId,
): { sources: Int32Array; sourceSides: Int8Array } {
  const sources = new Int32Array(rows).fill(-1);
  const sourceSides = new Int8Array(rows);
  const pairs = Math.min(plan.anchors.length, Math.floor(rows / 2));
  const realPositives = loss === 'supervised' || loss === 'triplet';
  const second = (realPositives ? plan.positives : null) ?? plan.anchors;
  for (let k = 0; k < pairs; k++) {
    sources[2 * k] = plan.anchors[k] as number;
    sources[2 * k + 1] = (second[k] as number | undefined) ?? -1;
  }
  if (plan.triplets && loss === 'supervised') {
    for (let k = 0; k < pairs; k++) {
      sourceSides[2 * k + 1] = SIDE.entailment;
      const negative = 2 * pairs + k;
      if (negative >= rows) break;
      sources[negative] = plan.anchors[k] as number;
      sourceSides[negative] = SIDE.contradiction;
    }
  }
  return { sources, sourceSides };
}
