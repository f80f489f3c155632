// The median of repeated measurements: the benchmark's summaries and the presets' measured numbers.

/** The middle value (the mean of the two middle ones for an even count). Throws on no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('invalid values: empty');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
