import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { CLS_ID, encode, PAD_ID, SEP_ID } from '../../src/data/tokenizer';
import { addLenBound, repeatWords } from '../../src/data/wordRepetition';

/** [CLS] 100 101 ... [SEP] of unpadded length L, padded to width: each body token distinct so positions show. */
const sequence = (L: number, width = L): Int32Array => {
  const ids = new Int32Array(width).fill(PAD_ID);
  ids[0] = CLS_ID;
  for (let i = 1; i < L - 1; i++) ids[i] = 100 + i;
  ids[L - 1] = SEP_ID;
  return ids;
};

/** The input with the tokens at `positions` emitted twice: what the official code builds. */
const expected = (ids: Int32Array, L: number, positions: Int32Array): number[] => {
  const out: number[] = [];
  for (let i = 0; i < L; i++) {
    if (positions.includes(i)) out.push(ids[i] as number);
    out.push(ids[i] as number);
  }
  return out;
};

describe('addLenBound', () => {
  it('is min(10, floor(dupRate L)) with L the unpadded length including [CLS] and [SEP]', () => {
    expect(addLenBound(10, 0.32)).toBe(3);
    expect(addLenBound(3, 0.32)).toBe(0);
    expect(addLenBound(4, 0.32)).toBe(1);
    expect(addLenBound(40, 0.32)).toBe(10);
    expect(addLenBound(100, 0.5)).toBe(10);
  });
});

describe('repeatWords', () => {
  it('never repeats [CLS] or [SEP], keeps add_len below its bound, and emits chosen tokens twice in place', () => {
    for (let seed = 0; seed < 300; seed++) {
      const rng = createRng(seed, 'test');
      const L = 3 + (seed % 30);
      const dupRate = [0.1, 0.32, 0.5, 0.9][seed % 4] as number;
      const ids = sequence(L, 48);
      const r = repeatWords(ids, L, dupRate, rng, 48);
      const bound = addLenBound(L, dupRate);
      expect(r.positions.length).toBeLessThan(Math.max(bound, 1));
      for (let k = 0; k < r.positions.length; k++) {
        const p = r.positions[k] as number;
        expect(p).toBeGreaterThanOrEqual(1);
        expect(p).toBeLessThanOrEqual(L - 2);
        if (k > 0) expect(p).toBeGreaterThan(r.positions[k - 1] as number); // sorted, distinct
      }
      expect(r.length).toBe(L + r.positions.length);
      expect(Array.from(r.ids.subarray(0, r.length))).toEqual(expected(ids, L, r.positions));
      expect(r.ids[0]).toBe(CLS_ID);
      expect(r.ids[r.length - 1]).toBe(SEP_ID);
      expect(r.ids.subarray(1, r.length - 1)).not.toContain(SEP_ID);
      expect(r.ids.subarray(1, r.length)).not.toContain(CLS_ID);
      expect(Array.from(r.ids.subarray(r.length))).toEqual(new Array(48 - r.length).fill(PAD_ID));
    }
  });

  it('leaves a sequence alone and draws nothing when floor(dupRate L) is 0', () => {
    const rng = createRng(5, 'test');
    const ids = sequence(3, 8);
    const r = repeatWords(ids, 3, 0.32, rng);
    expect(Array.from(r.ids)).toEqual(Array.from(ids));
    expect(r.length).toBe(3);
    expect(rng.next()).toBe(createRng(5, 'test').next());
  });

  it('is deterministic for a seed and varies across seeds', () => {
    const { ids, length } = encode(
      'The young boy certainly devoured the bowl of soup in the public park.',
      32,
    );
    const a = repeatWords(ids, length, 0.32, createRng(9, 'dup'));
    const b = repeatWords(ids, length, 0.32, createRng(9, 'dup'));
    expect(Array.from(a.ids)).toEqual(Array.from(b.ids));
    const lengths = new Set(
      Array.from({ length: 40 }, (_, s) => repeatWords(ids, length, 0.32, createRng(s, 'dup')).length),
    );
    expect(lengths.size).toBeGreaterThan(2);
  });

  it('draws add_len uniformly on 0 .. bound - 1 and every inner position, never the ends', () => {
    const L = 30; // bound = min(10, floor(0.32 * 30)) = 9
    const bound = addLenBound(L, 0.32);
    expect(bound).toBe(9);
    const rng = createRng(1, 'uniform');
    const draws = 9000;
    const counts = new Array<number>(bound).fill(0);
    const hits = new Array<number>(L).fill(0);
    const ids = sequence(L);
    for (let i = 0; i < draws; i++) {
      const r = repeatWords(ids, L, 0.32, rng);
      counts[r.positions.length] = (counts[r.positions.length] as number) + 1;
      for (const p of r.positions) hits[p] = (hits[p] as number) + 1;
    }
    const e = draws / bound;
    const chi2 = counts.reduce((s, c) => s + (c - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(26.12); // chi-square, 8 degrees of freedom, p = 0.001
    expect(hits[0]).toBe(0);
    expect(hits[L - 1]).toBe(0);
    // Each inner position is chosen with probability E[add_len] / (L - 2) = 4 / 28 per draw.
    for (let p = 1; p < L - 1; p++) expect(Math.abs((hits[p] as number) / draws - 4 / 28)).toBeLessThan(0.02);
  });

  it('cuts the result to maxLen with [SEP] kept last', () => {
    const ids = sequence(30, 30);
    for (let seed = 0; seed < 50; seed++) {
      const r = repeatWords(ids, 30, 0.32, createRng(seed, 'cut'), 30);
      expect(r.ids).toHaveLength(30);
      expect(r.length).toBe(30);
      expect(r.ids[29]).toBe(SEP_ID);
      expect(Array.from(r.ids.subarray(0, 29))).toEqual(expected(ids, 30, r.positions).slice(0, 29));
    }
  });

  it('throws on invalid arguments', () => {
    const ids = sequence(5);
    const rng = createRng(1, 'x');
    expect(() => repeatWords(ids, 5, 1, rng)).toThrow('invalid dupRate');
    expect(() => repeatWords(ids, 5, -0.1, rng)).toThrow('invalid dupRate');
    expect(() => repeatWords(ids, 6, 0.3, rng)).toThrow('invalid length');
    expect(() => repeatWords(ids, 1, 0.3, rng)).toThrow('invalid length');
    expect(() => repeatWords(ids, 5, 0.3, rng, 1)).toThrow('invalid maxLen');
  });
});
