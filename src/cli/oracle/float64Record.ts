// Reading oracle records for the float64 checks: typed access to stored inputs (a missing input fails only its
// case) and `Expect`, which compares computed values with whatever outputs a record stores.

import { CaseComparator, type CaseResult, FLOAT64_TOLERANCE } from './compare';

/** A parsed JSON object. */
export type Json = Record<string, unknown>;

/** True for a plain JSON object (not an array, not null). */
export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A single optional record as a list of zero or one records. */
export const optionalList = (value: unknown): unknown[] => (value === undefined ? [] : [value]);

/** Runs `check` on every record of a section; a missing input or a core error fails that case, not the file. */
export function eachCase(
  section: unknown,
  label: string,
  check: (rec: Json, expect: Expect) => void,
): CaseResult[] {
  if (section === undefined) return [];
  if (!Array.isArray(section)) return [failed(label, `${label} is not a list`)];
  return section.map((rec: unknown, index) => {
    const fallbackId = `${label}[${index}]`;
    if (!isObject(rec)) return failed(fallbackId, 'record is not an object');
    const id = typeof rec.id === 'string' ? rec.id : describeRecord(fallbackId, rec);
    const comparator = new CaseComparator(id, FLOAT64_TOLERANCE);
    try {
      check(rec, new Expect(comparator, rec, ''));
    } catch (error) {
      comparator.fail(`error: ${error instanceof Error ? error.message : String(error)}`);
    }
    return comparator.result();
  });
}

/** Calls `check` on every object of the list at key, with messages prefixed `key[index].`. */
export function eachEntry(expect: Expect, key: string, check: (entry: Expect, rec: Json) => void): void {
  const list = expect.record[key];
  if (list === undefined) return;
  if (!Array.isArray(list)) throw new Error(`${key} is not a list`);
  list.forEach((rec: unknown, index) => {
    if (!isObject(rec)) throw new Error(`${key}[${index}] is not an object`);
    check(new Expect(expect.comparator, rec, `${key}[${index}].`), rec);
  });
}

// Records without an id (circles, polyhedra) are named by position plus what distinguishes them.
function describeRecord(fallbackId: string, rec: Json): string {
  if (typeof rec.name === 'string') return `${fallbackId} ${rec.name}`;
  if (typeof rec.k === 'number') {
    return `${fallbackId} k=${rec.k}${rec.radii_random === true ? ' random radii' : ''}`;
  }
  return fallbackId;
}

/** A result that failed before any comparison. */
export function failed(id: string, message: string): CaseResult {
  return { id, failures: [message], worstRelErr: 0 };
}

function input(rec: Json, key: string): unknown {
  if (!(key in rec)) throw new Error(`missing input field ${key}`);
  return rec[key];
}

/** The stored input number at key (throws when missing or not a number). */
export function num(rec: Json, key: string): number {
  const value = input(rec, key);
  if (typeof value !== 'number') throw new Error(`input field ${key} is not a number`);
  return value;
}

/** The stored input list of numbers at key. */
export function vector(rec: Json, key: string): number[] {
  const value = input(rec, key);
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number')) {
    throw new Error(`input field ${key} is not a list of numbers`);
  }
  return value;
}

/** The stored input matrix (list of lists of numbers) at key. */
export function matrix(rec: Json, key: string): number[][] {
  const value = input(rec, key);
  if (
    !Array.isArray(value) ||
    !value.every((row) => Array.isArray(row) && row.every((v) => typeof v === 'number'))
  ) {
    throw new Error(`input field ${key} is not a matrix of numbers`);
  }
  return value as number[][];
}

/** Compares computed values with the record's stored fields, skipping fields the record does not carry. */
export class Expect {
  constructor(
    readonly comparator: CaseComparator,
    private readonly rec: Json,
    private readonly prefix: string,
  ) {}

  /** Stored field key (if present) against a computed number or nested array, with FLOAT64_TOLERANCE. */
  close(key: string, actual: unknown): void {
    if (key in this.rec) this.comparator.close(this.prefix + key, actual, this.rec[key]);
  }

  /** Stored field key (if present) exactly equal to the computed value (indices, flags, rankings). */
  equal(key: string, actual: unknown): void {
    if (key in this.rec) this.comparator.equal(this.prefix + key, actual, this.rec[key]);
  }

  /** A property of the computed values, compared like a stored field (it counts towards the worst error). */
  property(name: string, actual: unknown, expected: unknown): void {
    this.comparator.close(`${this.prefix}property: ${name}`, actual, expected);
  }

  /** The nested object at key (null if absent); `path` names it in messages. */
  nested(key: string, path = key): Expect | null {
    const value = this.rec[key];
    if (value === undefined) return null;
    if (!isObject(value)) throw new Error(`${this.prefix}${key} is not an object`);
    return new Expect(this.comparator, value, `${this.prefix}${path}.`);
  }

  /** The record's field names. */
  keys(): string[] {
    return Object.keys(this.rec);
  }

  /** The record itself. */
  get record(): Json {
    return this.rec;
  }
}
