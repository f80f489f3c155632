// A person's embeddings as analysis mode reads them: which reader a file needs, the points with their metadata
// columns, the default label and pair-id columns, and the labels and positive pairs those columns give.
import { subsampleIndices } from '../core/pairHistograms';
import { parseEmbeddingCsv, parseMetadataCsv } from './csv';
import { LABEL_NAMES, PAIR_NAMES } from './metadata';
import { isNpy, parseNpy } from './npy';
import { parseMetadataTsv, parseVectorsTsv } from './projectorTsv';
import type { MetadataColumn, Parsed, VectorTable } from './types';

/** How a vectors file is read. */
export type VectorFormat = 'projector-tsv' | 'csv' | 'npy';

/** Display names of the formats. */
export const FORMAT_NAMES: Readonly<Record<VectorFormat, string>> = {
  'projector-tsv': 'Embedding Projector TSV',
  csv: 'CSV',
  npy: 'NumPy .npy',
};

/** A file's content as read: its text, or its bytes for a .npy. */
export type FileContent =
  | { readonly name: string; readonly text: string }
  | { readonly name: string; readonly bytes: ArrayBuffer };

/** Points with their metadata columns (a CSV's own text columns, then the metadata file's). */
export interface Dataset {
  readonly format: VectorFormat;
  readonly table: VectorTable;
  readonly columns: readonly MetadataColumn[];
}

/** A refusal names the file its problems are in. */
export type DatasetResult =
  | { readonly ok: true; readonly value: Dataset }
  | { readonly ok: false; readonly file: string; readonly problems: readonly string[] };

/**
 * The reader a vectors file needs: .npy by its magic bytes, whatever its name; else CSV by a .csv name or a first
 * line with commas and no tabs; else the Projector's TSV. `head` is the file's first bytes (a few KB).
 */
export function vectorFormatOf(name: string, head: Uint8Array): VectorFormat {
  if (isNpy(head)) return 'npy';
  return isCsv(name, head) ? 'csv' : 'projector-tsv';
}

/** Whether a metadata file is a CSV (by name, or a first line with commas and no tabs) rather than a TSV. */
export function isCsv(name: string, head: Uint8Array): boolean {
  if (/\.csv$/i.test(name)) return true;
  if (/\.(tsv|tab)$/i.test(name)) return false;
  const firstLine = new TextDecoder().decode(head).split('\n', 1)[0] ?? '';
  return firstLine.includes(',') && !firstLine.includes('\t');
}

/** Reads the points and their metadata; a refusal names the file and lists its problems with their lines. */
export function readDataset(
  vectors: FileContent,
  format: VectorFormat,
  metadata: { readonly name: string; readonly text: string; readonly csv: boolean } | null,
): DatasetResult {
  const read = readVectors(vectors, format);
  if (!read.ok) return { ok: false, file: vectors.name, problems: read.problems };
  const { table, columns } = read.value;
  if (metadata === null) return { ok: true, value: { format, table, columns } };
  const parsed = metadata.csv
    ? parseMetadataCsv(metadata.text, table.rows)
    : parseMetadataTsv(metadata.text, table.rows);
  if (!parsed.ok) return { ok: false, file: metadata.name, problems: parsed.problems };
  return { ok: true, value: { format, table, columns: [...columns, ...parsed.value] } };
}

function readVectors(
  content: FileContent,
  format: VectorFormat,
): Parsed<{ table: VectorTable; columns: MetadataColumn[] }> {
  if ('bytes' in content) {
    const table = parseNpy(content.bytes);
    return table.ok ? { ok: true, value: { table: table.value, columns: [] } } : table;
  }
  if (format === 'csv') return parseEmbeddingCsv(content.text);
  const table = parseVectorsTsv(content.text);
  return table.ok ? { ok: true, value: { table: table.value, columns: [] } } : table;
}

/** The column that holds labels (label, labels, class, class_name, in that order) or pair ids; null if none. */
export function defaultColumn(columns: readonly MetadataColumn[], role: 'label' | 'pair'): number | null {
  const names: readonly string[] = role === 'label' ? LABEL_NAMES : PAIR_NAMES;
  const keys = columns.map((column) => column.name.trim().toLowerCase());
  for (const name of names) {
    const index = keys.indexOf(name);
    if (index >= 0) return index;
  }
  return null;
}

/** Integer class codes for a label column (0, 1, ... in order of first appearance) and each code's text. */
export function labelCodes(cells: readonly string[]): { codes: Int32Array; names: string[] } {
  const index = new Map<string, number>();
  const codes = Int32Array.from(cells, (cell) => {
    const known = index.get(cell);
    if (known !== undefined) return known;
    index.set(cell, index.size);
    return index.size - 1;
  });
  return { codes, names: [...index.keys()] };
}

/**
 * Rows sharing a pair id are positives of each other. Per row, its group (-1 for an empty id or an id no other
 * row has); per group, its rows in order.
 */
export function pairGroups(ids: readonly string[]): { group: Int32Array; members: number[][] } {
  const byId = new Map<string, number[]>();
  ids.forEach((id, row) => {
    if (id.trim() === '') return;
    const rows = byId.get(id);
    if (rows) rows.push(row);
    else byId.set(id, [row]);
  });
  const members = [...byId.values()].filter((rows) => rows.length >= 2);
  const group = new Int32Array(ids.length).fill(-1);
  members.forEach((rows, g) => {
    for (const row of rows) group[row] = g;
  });
  return { group, members };
}

/**
 * The positive pairs (i < j within a group, groups in order), evenly subsampled to at most `max` (a group of k
 * rows has k(k - 1)/2 pairs: one id shared by every row must not mean a billion pairs): flat [i0, j0, i1, ...].
 */
export function positivePairs(members: readonly (readonly number[])[], max: number): Int32Array {
  const total = members.reduce((sum, rows) => sum + (rows.length * (rows.length - 1)) / 2, 0);
  const picks = subsampleIndices(total, max); // increasing pair numbers
  const out = new Int32Array(2 * picks.length);
  let g = 0;
  let groupStart = 0; // pair number of the group's first pair
  let a = 0; // the current pair's first member, and the pair number where its run of pairs starts
  let runStart = 0;
  picks.forEach((pick, t) => {
    for (;;) {
      const k = members[g]?.length ?? 0;
      if (pick < groupStart + (k * (k - 1)) / 2) break;
      groupStart += (k * (k - 1)) / 2;
      g++;
      a = 0;
      runStart = groupStart;
    }
    const rows = members[g] ?? [];
    while (pick >= runStart + rows.length - 1 - a) {
      runStart += rows.length - 1 - a;
      a++;
    }
    out[2 * t] = rows[a] ?? 0;
    out[2 * t + 1] = rows[a + 1 + pick - runStart] ?? 0;
  });
  return out;
}
