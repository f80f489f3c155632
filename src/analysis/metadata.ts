// A metadata table (one row per point, in the points' order) turned into columns, for the Projector's TSV and
// for CSV alike: the same header rule, row widths and row count checks.
import { countText, type MetadataColumn, type Parsed, ProblemList, refuse } from './types';

/** Header names (trimmed, any case) of a label column, best first. */
export const LABEL_NAMES = ['label', 'labels', 'class', 'class_name'] as const;
/** Header names of a pair-id column: rows sharing a pair id are positives of each other. */
export const PAIR_NAMES = ['pair', 'pair_id', 'pairid', 'pair id', 'pair-id'] as const;
/** Header names of a row-id column (pandas writes an unnamed index): metadata, never part of a CSV's vector. */
const ID_NAMES = ['', 'id', 'index', 'unnamed: 0'] as const;

/** What a header name says its column is: labels, pair ids, row ids, or nothing in particular. */
export function columnRole(name: string): 'label' | 'pair' | 'id' | null {
  const key = name.trim().toLowerCase();
  if ((LABEL_NAMES as readonly string[]).includes(key)) return 'label';
  if ((PAIR_NAMES as readonly string[]).includes(key)) return 'pair';
  if ((ID_NAMES as readonly string[]).includes(key)) return 'id';
  return null;
}

/** One record of a metadata file: its cells and the line it starts on. */
export interface MetadataRecord {
  readonly cells: readonly string[];
  readonly line: number;
}

/**
 * The columns of `records` for `rows` points. The first record is the header, except (the Embedding Projector's
 * rule, when `headerlessSingleColumn`) in a one-column file with exactly one record per point, which is all
 * labels (unless its first cell is a label column's name, such as 'label': then a row is missing). Every
 * record must be as wide as the first, and there must be one per point.
 */
export function metadataColumns(
  records: readonly MetadataRecord[],
  rows: number,
  headerlessSingleColumn: boolean,
): Parsed<MetadataColumn[]> {
  const first = records[0];
  if (!first) return refuse('the metadata file is empty');
  const width = first.cells.length;
  const headerless =
    headerlessSingleColumn &&
    width === 1 &&
    records.length === rows &&
    columnRole(first.cells[0] ?? '') !== 'label';
  const names = headerless ? ['label'] : first.cells.map((name, k) => name.trim() || `column ${k + 1}`);
  const data = headerless ? records : records.slice(1);
  const problems = new ProblemList();
  for (const record of data) {
    if (record.cells.length !== width) {
      const ok = problems.add(`line ${record.line}: ${record.cells.length} columns, expected ${width}`);
      if (!ok) return problems.refusal();
    }
  }
  if (data.length !== rows)
    problems.add(`metadata has ${countText(data.length)} rows, vectors ${countText(rows)}`);
  if (!problems.empty) return problems.refusal();
  return {
    ok: true,
    value: names.map((name, k) => ({ name, cells: data.map((record) => record.cells[k] ?? '') })),
  };
}
