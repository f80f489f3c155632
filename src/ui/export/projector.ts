// The display set for TensorFlow's Embedding Projector (projector.tensorflow.org, "Load"): a vectors TSV and a
// metadata TSV with one row per point, in the same order.
import type { DisplaySet } from '../../protocol/snapshot';

/** The vectors file: one row per display point, `dim` tab-separated floats, no header. */
export function projectorVectorsTsv(display: Pick<DisplaySet, 'rows' | 'dim' | 'embeddings'>): string {
  const { rows, dim, embeddings } = display;
  if (!Number.isInteger(rows) || !Number.isInteger(dim) || rows * dim !== embeddings.length) {
    throw new Error(`invalid display: ${rows} x ${dim} with ${embeddings.length} values`);
  }
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let j = 0; j < dim; j++) row.push(float32Text(embeddings[r * dim + j] as number));
    lines.push(row.join('\t'));
  }
  return lines.map((line) => `${line}\n`).join('');
}

/**
 * The metadata file: a header `label\tclass_name`, then one row per point. `classNames[label]` names a class
 * (the label itself where there is no name); tabs and line breaks in names become spaces.
 */
export function projectorLabelsTsv(labels: Int32Array, classNames: readonly string[] = []): string {
  const rows = Array.from(labels, (label) => {
    const name = (classNames[label] ?? String(label)).replace(/[\t\r\n]+/g, ' ');
    return `${label}\t${name}\n`;
  });
  return `label\tclass_name\n${rows.join('')}`;
}

/** The shortest decimal text that reads back (through Math.fround) to the same float32. */
export function float32Text(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  for (let digits = 1; digits < 9; digits++) {
    const text = String(Number(value.toPrecision(digits)));
    if (Math.fround(Number(text)) === value) return text;
  }
  return String(Number(value.toPrecision(9))); // 9 significant digits always round-trip a float32
}
