// CSV files (RFC 4180: a header row, commas, double-quoted cells that may hold commas, quotes as "" and line
// breaks). An embeddings CSV's numeric columns are the vector; its label, pair-id and other text columns are
// metadata. A metadata CSV is the Projector's metadata TSV with commas.
import { columnRole, type MetadataRecord, metadataColumns } from './metadata';
import { countLines, forEachLine, isBlank, numberOf } from './text';
import { MAX_ROWS, type MetadataColumn, type Parsed, ProblemList, type VectorTable } from './types';
import { VectorRowsBuilder } from './vectorRows';

/** An embeddings CSV read: the points and the metadata columns (label, pair ids, text, row ids). */
export interface CsvEmbeddings {
  readonly table: VectorTable;
  readonly columns: MetadataColumn[];
}

/**
 * Calls `visit` with each record's cells and the line it starts on, skipping blank lines, until it returns
 * false. An unclosed quote is a problem. Files without a quote character take a fast path (split per line).
 */
export function forEachCsvRecord(
  text: string,
  problems: ProblemList,
  visit: (cells: string[], line: number) => boolean,
): void {
  if (!text.includes('"')) {
    forEachLine(text, (line, number) => isBlank(line) || visit(line.split(','), number));
    return;
  }
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const emit = (): boolean => {
    cells.push(cell);
    const blank = cells.length === 1 && isBlank(cells[0] as string);
    const go = blank || visit(cells, start);
    cells = [];
    cell = '';
    return go;
  };
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n') {
      if (cell.endsWith('\r')) cell = cell.slice(0, -1);
      if (!emit()) return;
      line++;
      start = line;
    } else cell += c;
  }
  if (quoted) problems.add(`line ${start}: a quoted value is not closed`);
  else if (cell !== '' || cells.length > 0) {
    if (cell.endsWith('\r')) cell = cell.slice(0, -1);
    emit();
  }
}

/** The points and metadata of an embeddings CSV, or its problems with their line numbers. */
export function parseEmbeddingCsv(text: string): Parsed<CsvEmbeddings> {
  const problems = new ProblemList();
  const rows = new VectorRowsBuilder(problems, countLines(text));
  let header: string[] | null = null;
  let vectorColumns: number[] = []; // file column of each vector cell
  let textColumns: number[] = [];
  let textCells: string[][] = [];
  forEachCsvRecord(text, problems, (cells, line) => {
    if (header === null) {
      header = cells;
      return true;
    }
    if (cells.length !== header.length)
      return problems.add(`line ${line}: ${cells.length} values, expected ${header.length}`);
    if (vectorColumns.length === 0 && textColumns.length === 0) {
      // The first data row decides: a column is the vector's if its cell is a number and its name is no label,
      // pair id or row id.
      const names = header;
      const numeric = cells.map(
        (cell, k) => columnRole(names[k] ?? '') === null && 'value' in numberOf(cell),
      );
      vectorColumns = indicesWhere(numeric, true);
      textColumns = indicesWhere(numeric, false);
      textCells = textColumns.map(() => []);
      if (vectorColumns.length === 0) {
        problems.add(`line ${line}: no numbers (the vector is the CSV's numeric columns)`);
        return false;
      }
    }
    textColumns.forEach((k, c) => {
      textCells[c]?.push(cells[k] ?? '');
    });
    const vector = vectorColumns.map((k) => cells[k] ?? '');
    return rows.add(vector, `line ${line}`, (k) => (vectorColumns[k] ?? 0) + 1);
  });
  const table = rows.finish('the CSV file'); // the builder shares `problems`: a refusal lists them all
  if (!table.ok) return table;
  const names: string[] = header ?? [];
  return {
    ok: true,
    value: {
      table: table.value,
      columns: textColumns.map((k, c) => ({
        name: names[k]?.trim() || `column ${k + 1}`,
        cells: textCells[c] ?? [],
      })),
    },
  };
}

/** The columns of a metadata CSV (a header, then one row per point) for `rows` points, or its problems. */
export function parseMetadataCsv(text: string, rows: number): Parsed<MetadataColumn[]> {
  const problems = new ProblemList();
  const records: MetadataRecord[] = [];
  forEachCsvRecord(text, problems, (cells, line) => {
    records.push({ cells, line });
    return records.length <= MAX_ROWS + 1;
  });
  return problems.empty ? metadataColumns(records, rows, false) : problems.refusal();
}

function indicesWhere(flags: readonly boolean[], value: boolean): number[] {
  return flags.flatMap((flag, k) => (flag === value ? [k] : []));
}
