// The rows of numbers of a text file (Projector TSV, CSV), checked as they are read: every row as wide as the
// first, every cell a finite number, no all-zero row (it has no direction to normalise), and the limits.
import { numberOf } from './text';
import {
  countText,
  MAX_DIM,
  MAX_ROWS,
  MAX_VALUES,
  MIN_ROWS,
  type Parsed,
  type ProblemList,
  refuse,
  type VectorTable,
} from './types';

/** Builds a VectorTable row by row; problems go to the list, and reading stops when it is full or at a limit. */
export class VectorRowsBuilder {
  private values = new Float32Array(0);
  private rows = 0;
  private dim = 0;

  /** `expectedRows`: a guess of the rows (the file's lines), so the array is sized once. */
  constructor(
    private readonly problems: ProblemList,
    private readonly expectedRows: number,
  ) {}

  /**
   * Reads one row of cells. `where` names it in problems ("line 7"); `column(k)` is the file's column number of
   * cell k (a CSV's vector columns are not all its columns). False when reading should stop.
   */
  add(cells: readonly string[], where: string, column: (k: number) => number = (k) => k + 1): boolean {
    if (this.dim === 0 && !this.setWidth(cells.length, where)) return false;
    const { dim } = this;
    if (cells.length !== dim) return this.problems.add(`${where}: ${cells.length} values, expected ${dim}`);
    if (this.rows >= MAX_ROWS) {
      this.problems.add(`${where}: more than ${countText(MAX_ROWS)} rows (the most this page reads)`);
      return false;
    }
    if ((this.rows + 1) * dim > MAX_VALUES) {
      this.problems.add(
        `${where}: more than ${countText(MAX_VALUES)} numbers in all (${countText(this.rows)} rows of ${dim}; the most this page reads)`,
      );
      return false;
    }
    if ((this.rows + 1) * dim > this.values.length) this.grow();
    const base = this.rows * dim;
    let squares = 0;
    let bad = false;
    for (let k = 0; k < dim; k++) {
      const read = numberOf(cells[k] as string);
      if ('problem' in read) {
        if (!this.problems.add(`${where}: ${read.problem} (column ${column(k)})`)) return false;
        bad = true;
        continue;
      }
      const stored = Math.fround(read.value);
      this.values[base + k] = stored;
      squares += stored * stored;
    }
    if (bad) return true; // go on, to list the other rows' problems
    if (squares === 0) return this.problems.add(`${where}: every value is 0 (a point with no direction)`);
    this.rows++;
    return true;
  }

  /** The table read, or the refusal (its problems, or too few rows). `what` names the file in the latter. */
  finish(what = 'the file'): Parsed<VectorTable> {
    if (!this.problems.empty) return this.problems.refusal();
    const { rows, dim } = this;
    if (rows < MIN_ROWS) {
      return refuse(
        rows === 0
          ? `${what} holds no rows of numbers`
          : `${what} holds ${rows} rows; at least ${MIN_ROWS} are needed`,
      );
    }
    const size = rows * dim;
    const values = this.values.length === size ? this.values : this.values.slice(0, size);
    return { ok: true, value: { rows, dim, values } };
  }

  // The first row fixes the width; the array is sized for the expected rows (never past the limits).
  private setWidth(width: number, where: string): boolean {
    if (width > MAX_DIM) {
      this.problems.add(
        `${where}: ${countText(width)} values; at most ${countText(MAX_DIM)} dimensions are read`,
      );
      return false;
    }
    if (width < 2) {
      this.problems.add(`${where}: ${width} value; points need at least 2 dimensions`);
      return false;
    }
    this.dim = width;
    const rows = Math.min(this.expectedRows, MAX_ROWS, Math.floor(MAX_VALUES / width));
    this.values = new Float32Array(Math.max(1, rows) * width);
    return true;
  }

  // Doubles the array (only when the expected rows were too few: a CSV's quoted line breaks).
  private grow(): void {
    const next = new Float32Array(Math.min(MAX_VALUES, Math.max(this.values.length * 2, this.dim * 16)));
    next.set(this.values);
    this.values = next;
  }
}
