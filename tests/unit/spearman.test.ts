import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitIdf, termCounts, tfCosine, tfIdfCosine } from '../../src/core/bagOfWords';
import { averageRanks, pearson, spearman } from '../../src/core/spearman';
import { makeSentences } from '../../src/data/sentences';
import { textIds } from '../../src/data/tokenizer';

describe('averageRanks', () => {
  it('gives 1-based ranks, tied values the mean of the ranks they span', () => {
    expect(Array.from(averageRanks([10, 20, 20, 30]))).toEqual([1, 2.5, 2.5, 4]);
    expect(Array.from(averageRanks([3, 1, 3, 3, 2]))).toEqual([4, 1, 4, 4, 2]);
    expect(Array.from(averageRanks([]))).toEqual([]);
    expect(() => averageRanks([1, Number.NaN])).toThrow('invalid value');
  });
});

describe('spearman', () => {
  it('matches a hand-computed case with ties on both sides', () => {
    // ranks x: 1 2.5 2.5 4 5; ranks y: 2 1 3.5 3.5 5; sxy = 7.25, sxx = syy = 9.5 (scipy: 0.7631578947368421).
    expect(spearman([1, 2, 2, 3, 4], [2, 1, 3, 3, 5])).toBeCloseTo(7.25 / 9.5, 14);
  });

  it('is 1 for any increasing relation, -1 for a decreasing one, NaN when a side is constant', () => {
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 1000])).toBeCloseTo(1, 14);
    expect(spearman([1, 2, 3, 4], [0.9, 0.5, 0.2, -1])).toBeCloseTo(-1, 14);
    expect(spearman([1, 2, 3], [5, 5, 5])).toBeNaN();
    expect(() => spearman([1, 2], [1])).toThrow('invalid lengths');
  });

  it('equals 1 - 6 sum d^2 / (n (n^2 - 1)) when there are no ties', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer(), { minLength: 3, maxLength: 40 }), fc.integer(), (xs, s) => {
        const n = xs.length;
        const ys = xs.map((_, i) => ((i * 7919 + s) % 104729) + i / 1000); // distinct values in another order
        const rx = averageRanks(xs);
        const ry = averageRanks(ys);
        let d2 = 0;
        for (let i = 0; i < n; i++) d2 += ((rx[i] as number) - (ry[i] as number)) ** 2;
        expect(spearman(xs, ys)).toBeCloseTo(1 - (6 * d2) / (n * (n * n - 1)), 10);
      }),
    );
  });

  it('is Pearson of the average ranks, and unchanged by increasing transforms (ties included)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: -1000, max: 1000 })), {
          minLength: 3,
          maxLength: 60,
        }),
        (pairs) => {
          const x = pairs.map((p) => p[0]);
          const y = pairs.map((p) => p[1] / 1000); // exp stays strictly increasing on this grid
          const rho = spearman(x, y);
          const viaRanks = pearson(averageRanks(x), averageRanks(y));
          if (Number.isNaN(viaRanks)) expect(rho).toBeNaN();
          else {
            expect(rho).toBeCloseTo(viaRanks, 12);
            expect(
              spearman(
                x.map((v) => v ** 3 + 2),
                y.map(Math.exp),
              ),
            ).toBeCloseTo(rho, 10);
          }
        },
      ),
    );
  });
});

describe('pearson', () => {
  it('matches a hand-computed value', () => {
    // x = 1 2 3, y = 1 3 2: sxy = 1, sxx = syy = 2, r = 0.5.
    expect(pearson([1, 2, 3], [1, 3, 2])).toBeCloseTo(0.5, 14);
    expect(pearson([1], [2])).toBeNaN();
  });
});

describe('bag of words', () => {
  it('takes the cosine of raw term counts', () => {
    expect(tfCosine(['a', 'b'], ['a', 'c'])).toBeCloseTo(0.5, 14);
    expect(tfCosine(['a', 'a', 'b'], ['a'])).toBeCloseTo(2 / Math.sqrt(5), 14);
    expect(tfCosine([1, 2, 3], [3, 2, 1])).toBeCloseTo(1, 14);
    expect(tfCosine([], ['a'])).toBe(0);
    expect(termCounts(['x', 'y', 'x']).get('x')).toBe(2);
  });

  it('weighs by smoothed IDF: a word in every document counts less than a rare one', () => {
    const idf = fitIdf([
      ['the', 'boy'],
      ['the', 'dog'],
      ['the', 'cat'],
    ]);
    expect(idf.weight('the')).toBeCloseTo(Math.log(4 / 4) + 1, 14);
    expect(idf.weight('boy')).toBeCloseTo(Math.log(4 / 2) + 1, 14);
    expect(idf.weight('unseen')).toBeCloseTo(Math.log(4) + 1, 14);
    const wb = idf.weight('boy');
    // ['the', 'boy'] vs ['the', 'dog']: only 'the' (weight 1) is shared.
    expect(tfIdfCosine(['the', 'boy'], ['the', 'dog'], idf)).toBeCloseTo(1 / (1 + wb * wb), 14);
    expect(tfIdfCosine(['the', 'boy'], ['the', 'dog'], idf)).toBeLessThan(
      tfCosine(['the', 'boy'], ['the', 'dog']),
    );
  });

  it('ranks the generated STS pairs better than chance, TF-IDF better than TF', () => {
    const d = makeSentences({ seed: 1 });
    const gold = d.sts.map((p) => p.score);
    const idf = fitIdf(d.sentences.map((s) => textIds(s.text)));
    const tf = spearman(
      d.sts.map((p) => tfCosine(textIds(p.a.text), textIds(p.b.text))),
      gold,
    );
    const tfidf = spearman(
      d.sts.map((p) => tfIdfCosine(textIds(p.a.text), textIds(p.b.text), idf)),
      gold,
    );
    // Measured on seed 1: TF 0.067, TF-IDF 0.398 (fillers and function words dominate raw counts).
    expect(tf).toBeGreaterThan(0);
    expect(tfidf).toBeGreaterThan(0.3);
    expect(tfidf).toBeGreaterThan(tf);
  });
});
