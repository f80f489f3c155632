import { describe, expect, it } from 'vitest';
import { MatrixPool } from '../../src/engine/matrixPool';

const matrix = (values: number[]) => Float32Array.from(values);

describe('matrix pool (snapshot matrices handed back by the page)', () => {
  it('copies into a fresh buffer until one is handed back, then into that one', () => {
    const pool = new MatrixPool();
    const first = pool.copy(matrix([1, 2, 3, 4]));
    expect(Array.from(first)).toEqual([1, 2, 3, 4]);
    pool.give([first.buffer as ArrayBuffer]);
    expect(pool.freeCount).toBe(1);
    const second = pool.copy(matrix([5, 6, 7, 8]));
    expect(second.buffer).toBe(first.buffer);
    expect(Array.from(second)).toEqual([5, 6, 7, 8]);
    expect(pool.freeCount).toBe(0);
  });

  it('drops buffers of another size, detached ones and ones it already holds', () => {
    const pool = new MatrixPool();
    pool.copy(matrix([1, 2, 3, 4]));
    const detached = new ArrayBuffer(16);
    structuredClone(detached, { transfer: [detached] });
    const kept = new ArrayBuffer(16);
    pool.give([new ArrayBuffer(8), detached, kept, kept]);
    expect(pool.freeCount).toBe(1);
  });

  it('forgets its buffers when the batch size changes, and keeps at most 16', () => {
    const pool = new MatrixPool();
    pool.copy(matrix([1, 2, 3, 4]));
    pool.give(Array.from({ length: 20 }, () => new ArrayBuffer(16)));
    expect(pool.freeCount).toBe(16);
    const larger = pool.copy(matrix([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(larger.buffer.byteLength).toBe(36);
    expect(pool.freeCount).toBe(0);
  });
});
