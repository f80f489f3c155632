// Spearman's rank correlation, the STS protocol's measure (SimCSE reports it x 100; the caller scales it).
//
// Ties get the average of the ranks they span (the "fractional ranking" SciPy's spearmanr uses), so the result is
// Pearson's correlation of the two rank vectors. STS gold scores tie a lot (six levels here), so this matters.

/** 1-based ranks of the values, tied values sharing the mean of their ranks; throws on NaN. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < n; i++)
    if (Number.isNaN(values[i] as number)) throw new Error(`invalid value: NaN at ${i}`);
  order.sort((a, b) => (values[a] as number) - (values[b] as number));
  const ranks = new Float64Array(n);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && values[order[end] as number] === values[order[start] as number]) end++;
    const rank = (start + 1 + end) / 2; // mean of ranks start+1 .. end
    for (let k = start; k < end; k++) ranks[order[k] as number] = rank;
    start = end;
  }
  return ranks;
}

/** Means and centred sums of squares and products of two equally long samples; throws on different lengths. */
export function centredSums(x: ArrayLike<number>, y: ArrayLike<number>) {
  const n = x.length;
  if (y.length !== n) throw new Error(`invalid lengths: ${n} and ${y.length}`);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] as number;
    my += y[i] as number;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return { n, mx, my, sxx, sxy, syy };
}

/** Pearson's correlation of two equally long samples; NaN when either is constant or shorter than 2. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const { n, sxx, sxy, syy } = centredSums(x, y);
  if (n < 2) return Number.NaN;
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

/** Spearman's rho in [-1, 1]: Pearson's correlation of the average ranks; NaN when either side is constant. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (y.length !== x.length) throw new Error(`invalid lengths: ${x.length} and ${y.length}`);
  return pearson(averageRanks(x), averageRanks(y));
}
