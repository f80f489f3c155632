/**
 * A metric series with a fixed capacity: when full, every other point is dropped and the stride between kept
 * points doubles, so a long run keeps an even sample of its whole history in bounded memory (no unbounded
 * arrays). Points are (step, value) pairs, appended in increasing step order.
 */
export class DecimatedSeries {
  private readonly steps: number[] = [];
  private readonly values: number[] = [];
  private stride = 1;
  private pending = 0;

  constructor(readonly capacity = 512) {
    if (!Number.isInteger(capacity) || capacity < 4) throw new Error(`invalid capacity: ${capacity}`);
  }

  /** Appends a point; keeps one point in every `stride` offered once decimation has started. */
  push(step: number, value: number): void {
    if (this.pending++ % this.stride !== 0) return;
    this.steps.push(step);
    this.values.push(value);
    if (this.steps.length >= this.capacity) this.halve();
  }

  private halve(): void {
    let kept = 0;
    for (let i = 0; i < this.steps.length; i += 2) {
      this.steps[kept] = this.steps[i] as number;
      this.values[kept] = this.values[i] as number;
      kept++;
    }
    this.steps.length = kept;
    this.values.length = kept;
    this.stride *= 2;
    this.pending = 0;
  }

  /** Number of points kept. */
  get length(): number {
    return this.steps.length;
  }

  /** The kept points as parallel arrays (copies), in step order. */
  points(): { steps: number[]; values: number[] } {
    return { steps: [...this.steps], values: [...this.values] };
  }

  /** The newest kept value, or NaN when empty. */
  last(): number {
    return this.values[this.values.length - 1] ?? Number.NaN;
  }
}
