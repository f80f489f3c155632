// The weights chart's note on skewed classes: the most frequent class's share of one anchor's push against its
// share of the anchor's negatives (issue 16, sampling bias).
import { describe, expect, it } from 'vitest';
import { popularClassShare } from '../../../src/charts/negativeWeights/StrategyCaption';
import { fakeBatch } from './fakeBatch';

describe('popularClassShare', () => {
  it('is null for a row without kept candidates', () => {
    const batch = fakeBatch(8, 3, 0.1, { classes: 4 });
    const kept = batch.kept.slice();
    kept.fill(0, 0, 16);
    expect(popularClassShare({ ...batch, kept }, 0, 0)).toBeNull();
    expect(popularClassShare(batch, 1, 0)).not.toBeNull();
  });

  it('sums the weight on the most frequent class over the anchor’s kept negatives', () => {
    const balanced = fakeBatch(8, 3, 0.1, { classes: 4 });
    // rows 0-9 class 0, the rest classes 1, 2, 3: class 0 holds 10 of 16 rows
    const labels = Int32Array.from({ length: 16 }, (_, i) => (i < 10 ? 0 : 1 + (i % 3)));
    const batch = { ...balanced, labels };
    const anchor = 12;
    const share = popularClassShare(batch, anchor, 0);
    if (!share) throw new Error('expected a share');
    let weight = 0;
    let popular = 0;
    let kept = 0;
    for (let j = 0; j < 16; j++) {
      if (batch.kept[anchor * 16 + j] !== 1) continue;
      kept++;
      if (labels[j] === 0) {
        popular++;
        weight += batch.negativeWeights[anchor * 16 + j] as number;
      }
    }
    expect(share.label).toBe(0);
    expect(share.candidates).toBeCloseTo(popular / kept, 12);
    expect(share.weight).toBeCloseTo(weight, 6);
    expect(popular).toBe(10);
  });
});
