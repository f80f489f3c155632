// TensorFlow's Embedding Projector files (projector.tensorflow.org, "Load"): the vectors TSV, one row of
// tab-separated numbers per point and no header, and the metadata TSV, a header row then one row per point
// (a single column needs no header). Empty lines are skipped, as the Projector skips them.
import { type MetadataRecord, metadataColumns } from './metadata';
import { countLines, forEachLine, isBlank } from './text';
import { MAX_ROWS, type MetadataColumn, type Parsed, ProblemList, type VectorTable } from './types';
import { VectorRowsBuilder } from './vectorRows';

/** The points of a vectors TSV, or its problems with their line numbers. */
export function parseVectorsTsv(text: string): Parsed<VectorTable> {
  const problems = new ProblemList();
  const rows = new VectorRowsBuilder(problems, countLines(text));
  forEachLine(text, (line, number) => isBlank(line) || rows.add(line.split('\t'), `line ${number}`));
  return rows.finish('the vectors file');
}

/** The columns of a metadata TSV for `rows` points, or its problems with their line numbers. */
export function parseMetadataTsv(text: string, rows: number): Parsed<MetadataColumn[]> {
  const records: MetadataRecord[] = [];
  forEachLine(text, (line, number) => {
    if (!isBlank(line)) records.push({ cells: line.split('\t'), line: number });
    return records.length <= MAX_ROWS + 1; // a header and the most rows: enough to say the count is wrong
  });
  return metadataColumns(records, rows, true);
}
