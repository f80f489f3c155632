/** Free buffers kept at most: a few snapshots' four matrices (the page holds two or three at a time). */
const MAX_FREE = 16;

/**
 * Buffers for the snapshot's rows x rows matrices, handed back by the page once no chart reads them. Every
 * snapshot transferred four fresh 256 x 256 Float32 matrices (about 4 MB a second at the page's pace), and the
 * page's garbage collector counted each until its next major collection: most of the page's external memory
 * churn, and a major collection every 2 s. Reused, they are taken back out of the page's count on transfer.
 * Only buffers of the size last asked for are kept: a new batch size leaves the old ones to the collector.
 */
export class MatrixPool {
  private byteLength = 0;
  private free: ArrayBuffer[] = [];

  /** Takes back buffers the page has done with; detached, foreign-sized or surplus ones are dropped. */
  give(buffers: readonly ArrayBuffer[]): void {
    for (const buffer of buffers) {
      if (this.free.length >= MAX_FREE) return;
      if (buffer.byteLength === this.byteLength && buffer.byteLength > 0 && !this.free.includes(buffer))
        this.free.push(buffer);
    }
  }

  /** A copy of `source` in a free buffer of its size where there is one. */
  copy(source: Float32Array): Float32Array {
    if (source.byteLength !== this.byteLength) {
      this.byteLength = source.byteLength;
      this.free = [];
    }
    const reused = this.free.pop();
    const target = reused ? new Float32Array(reused) : new Float32Array(source.length);
    target.set(source);
    return target;
  }

  /** Free buffers waiting to be reused (for tests). */
  get freeCount(): number {
    return this.free.length;
  }
}
