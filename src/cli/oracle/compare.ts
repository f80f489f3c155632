/** Tolerance of a comparison: pass when |actual - expected| <= atol + rtol * |expected|. */
export interface Tolerance {
  readonly atol: number;
  readonly rtol: number;
}

/** float64 reference maths against the oracle (its README's suggested tolerance). */
export const FLOAT64_TOLERANCE: Tolerance = { atol: 1e-10, rtol: 1e-8 };
/** tf.js float32 losses and gradients against the oracle. */
export const FLOAT32_TOLERANCE: Tolerance = { atol: 1e-4, rtol: 1e-3 };

/** One oracle case's outcome: the fields that failed and its worst relative error. */
export interface CaseResult {
  readonly id: string;
  readonly failures: readonly string[];
  readonly worstRelErr: number;
}

/**
 * Collects comparisons for one oracle case. The relative error is |a - b| / (|b| + atol / rtol), so a value
 * passes exactly when its relative error is at most rtol; near-zero expectations do not blow it up.
 */
export class CaseComparator {
  private readonly failures: string[] = [];
  private worst = 0;

  constructor(
    readonly id: string,
    private readonly tolerance: Tolerance,
  ) {}

  /** Compares numbers, or nested arrays of numbers of the same shape; `field` names it in a failure. */
  close(field: string, actual: unknown, expected: unknown): void {
    const { atol, rtol } = this.tolerance;
    const visit = (a: unknown, b: unknown, path: string): void => {
      if (typeof b === 'number') {
        if (typeof a !== 'number' || !Number.isFinite(a)) {
          this.fail(`${path}: got ${String(a)}, expected ${b}`);
          return;
        }
        const relErr = Math.abs(a - b) / (Math.abs(b) + atol / rtol);
        this.worst = Math.max(this.worst, relErr);
        if (Math.abs(a - b) > atol + rtol * Math.abs(b)) this.fail(`${path}: got ${a}, expected ${b}`);
        return;
      }
      if (Array.isArray(b)) {
        if (!isArrayLike(a) || a.length !== b.length) {
          this.fail(`${path}: shape differs (expected length ${b.length})`);
          return;
        }
        b.forEach((item, i) => {
          visit(a[i], item, `${path}[${i}]`);
        });
        return;
      }
      this.fail(`${path}: expected value is not numeric`);
    };
    visit(actual, expected, field);
  }

  /** Exact equality, for indices, booleans and rankings. */
  equal(field: string, actual: unknown, expected: unknown): void {
    if (JSON.stringify(toPlain(actual)) !== JSON.stringify(expected)) {
      this.fail(`${field}: got ${JSON.stringify(toPlain(actual))}, expected ${JSON.stringify(expected)}`);
    }
  }

  /** A check that is true or false, such as a property the oracle states. */
  check(field: string, ok: boolean, detail = ''): void {
    if (!ok) this.fail(`${field}${detail ? `: ${detail}` : ''}`);
  }

  fail(message: string): void {
    this.failures.push(message);
  }

  result(): CaseResult {
    return { id: this.id, failures: [...this.failures], worstRelErr: this.worst };
  }
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || ArrayBuffer.isView(value);
}

function toPlain(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>);
  }
  if (Array.isArray(value)) return value.map(toPlain);
  return value;
}
