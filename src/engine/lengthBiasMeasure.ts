// Length bias of a text encoder (ESimCSE's argument; issue 19), measured on the STS pairs every text-mode
// snapshot already embeds: for paraphrases (gold 5) and unrelated pairs (gold 0), the OLS line of cosine on the
// pair's length difference (core/lengthBias.ts).
//
// Choices, and why:
// - Paraphrase = gold 5 only. A 4 differs in the place, whose phrase also changes the length, so meaning and
//   length would move together; a 5 is the same meaning in other words, so any trend is length alone. Every
//   paraphrase pair has unequal length (data/sentences.ts), every second unrelated pair equal length.
// - Length in tokens as the encoder sees them (after truncation to maxLen, punctuation included), not words:
//   the encoder's only view of length is its token count, and ESimCSE's repetition adds tokens.
// - The bias, one number: the unrelated pairs' slope (cosine per token of difference). They share no meaning,
//   so a trend there is length alone, and half of them have a difference of 0: a negative slope means equal
//   length reads as similarity, which SimCSE's equal-length views teach.
import { type LengthPair, lengthBias } from '../core/lengthBias';
import { type GoldScore, pairKind } from '../data/sentences';
import type { LengthBiasGroup, LengthBiasMeasure, LengthBiasView } from '../protocol/snapshot';
import { rowLengths } from './textData';

/** |length a - length b| per pair, from both sides' ids (pairs x maxLen each). */
export function lengthDifferences(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  pairs: number,
  maxLen: number,
): Int32Array {
  const la = rowLengths(a, pairs, maxLen);
  const lb = rowLengths(b, pairs, maxLen);
  return la.map((n, i) => Math.abs(n - (lb[i] as number)));
}

/**
 * The length-bias measure of one model at `step`: pairs-long cosines, gold scores and length differences in,
 * the paraphrase and unrelated groups with their OLS lines out (related pairs, gold 1 to 4, left out).
 */
export function measureLengthBias(
  step: number,
  cosines: ArrayLike<number>,
  scores: ArrayLike<number>,
  lengthDiff: ArrayLike<number>,
): LengthBiasMeasure {
  if (cosines.length !== scores.length || scores.length !== lengthDiff.length)
    throw new Error(`invalid lengthBias pairs: ${cosines.length}, ${scores.length}, ${lengthDiff.length}`);
  const pairs: LengthPair[] = [];
  for (let i = 0; i < scores.length; i++) {
    const kind = pairKind(scores[i] as GoldScore);
    if (kind === 'related') continue;
    pairs.push({ cosine: cosines[i] as number, lengthDiff: lengthDiff[i] as number, kind });
  }
  const fits = lengthBias(pairs);
  const group = (kind: LengthPair['kind']): LengthBiasGroup => {
    const chosen = pairs.filter((p) => p.kind === kind);
    return {
      lengthDiff: Int32Array.from(chosen, (p) => p.lengthDiff),
      cosine: Float32Array.from(chosen, (p) => p.cosine),
      slope: fits[kind].slope,
      intercept: fits[kind].intercept,
    };
  };
  return { step, paraphrase: group('paraphrase'), unrelated: group('unrelated') };
}

/**
 * The snapshot's length bias from the STS cosines just read back: now, and the run's first measure as
 * "before" (kept on the run); null without STS pairs.
 */
export function lengthBiasView(
  run: { readonly step: number; lengthBiasBefore: LengthBiasMeasure | null },
  cosines: ArrayLike<number> | undefined,
  sts: { readonly scores: Float64Array; readonly lengthDiff: Int32Array } | null,
): LengthBiasView | null {
  if (!cosines || !sts) return null;
  const now = measureLengthBias(run.step, cosines, sts.scores, sts.lengthDiff);
  run.lengthBiasBefore ??= now;
  return { now, before: run.lengthBiasBefore };
}
