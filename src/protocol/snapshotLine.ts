// The scalars of a snapshot as `npm run train -- --json` prints them (snake_case keys): the CLI's lines, the
// sweep's results and CSV columns, and the preset measurements all read a snapshot through this one table.
import type { Snapshot } from './snapshot';

/** The scalars of a snapshot, in snake_case, as the CLI prints them. */
export function snapshotLine(snapshot: Snapshot): Record<string, number | string | null> {
  const fn = snapshot.falseNegatives;
  return {
    step: snapshot.step,
    loss: snapshot.loss,
    alignment: snapshot.alignment,
    uniformity: snapshot.uniformity,
    tolerance: snapshot.tolerance,
    knn_acc: snapshot.knnAccuracy,
    sts_spearman: snapshot.stsSpearman,
    // text mode: cosine per token of length difference (null otherwise); the bias is the unrelated pairs' slope
    length_bias: snapshot.lengthBias?.now.unrelated.slope ?? null,
    length_bias_paraphrase: snapshot.lengthBias?.now.paraphrase.slope ?? null,
    length_bias_before: snapshot.lengthBias?.before.unrelated.slope ?? null,
    length_bias_paraphrase_before: snapshot.lengthBias?.before.paraphrase.slope ?? null,
    effective_negatives: snapshot.effectiveNegatives,
    candidates: snapshot.negativesUsed,
    hardest_weight: snapshot.hardestWeight,
    // null when the labels are hidden; the filter's precision and recall null without the filter
    fn_share: fn?.share ?? null,
    fn_weight: fn?.weight ?? null,
    fn_count: fn?.count ?? null,
    filter_precision: fn?.filterPrecision ?? null,
    filter_recall: fn?.filterRecall ?? null,
    effective_rank: snapshot.effectiveRank,
    tau: snapshot.tau,
    batch_rows: snapshot.batch.rows,
    steps_per_s: snapshot.stepsPerSecond,
    backend: snapshot.backend,
  };
}
