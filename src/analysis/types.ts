// What analysis mode reads from a person's files, its limits, and how a refusal is reported. A file is input
// from people: parsing never throws, it gives a value or the first problems found, each with its line number.

/** Most points a file may hold. */
export const MAX_ROWS = 50_000;
/** Most dimensions a point may have. */
export const MAX_DIM = 4_096;
/**
 * Most numbers in all: 200 MB as float32. 50,000 x 4,096 would be 800 MB, beyond what a tab holds beside the
 * file's own text; 50,000 x 768 (a BERT-size model) or 12,000 x 4,096 fit.
 */
export const MAX_VALUES = 50_000_000;
/** Largest file read: about the largest string a browser tab can hold (text files) and MAX_VALUES in float64. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;
/** Fewest points: an anchor, a positive or a negative, and one more to weigh. */
export const MIN_ROWS = 3;
/** Problems a refusal lists before it stops reading. */
export const MAX_PROBLEMS = 10;

/** A parse's outcome: the value, or the problems that refused the file (at most MAX_PROBLEMS, plus a note). */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Points as read: rows x dim, row-major float32 (float64 files are rounded to float32: 7 digits). */
export interface VectorTable {
  readonly rows: number;
  readonly dim: number;
  readonly values: Float32Array;
}

/** One text column of metadata: its header name and one cell per point, in the points' order. */
export interface MetadataColumn {
  readonly name: string;
  readonly cells: readonly string[];
}

/** Collects a file's problems up to MAX_PROBLEMS; reading stops once it is full. */
export class ProblemList {
  private readonly items: string[] = [];
  private truncated = false;

  /** Adds a problem; false once the list is full (the caller stops reading). */
  add(problem: string): boolean {
    if (this.items.length < MAX_PROBLEMS) this.items.push(problem);
    else this.truncated = true;
    return this.items.length < MAX_PROBLEMS;
  }

  get empty(): boolean {
    return this.items.length === 0;
  }

  get full(): boolean {
    return this.items.length >= MAX_PROBLEMS;
  }

  /** The problems, with a last line saying reading stopped when there were more. */
  list(): string[] {
    return this.truncated || this.full
      ? [...this.items, `(reading stopped at the first ${MAX_PROBLEMS} problems)`]
      : [...this.items];
  }

  /** The refusal of these problems. */
  refusal<T>(): Parsed<T> {
    return { ok: false, problems: this.list() };
  }
}

/** A refusal with one problem. */
export function refuse<T>(problem: string): Parsed<T> {
  return { ok: false, problems: [problem] };
}

/** A whole count with thousands separated by commas, for problem text (50000 -> "50,000"). */
export function countText(count: number): string {
  return String(Math.round(count)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
