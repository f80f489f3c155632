// The UCI handwritten digits (8 x 8 images, 10 classes), read from public/data/digits.csv.gz.
// Pure: the caller fetches the bytes (page) or reads the file (tests, CLI); this module only decodes.
// Each row: 64 integers 0..16 (ink counts of 4x4 blocks, row-major image) then the label 0..9; no header.

import type { Dataset } from './types';

/** Attribution required by the data set's CC BY 4.0 licence; show it wherever the digits are shown. */
export const DIGITS_CREDIT =
  'Digits: E. Alpaydin and C. Kaynak (1998), "Optical Recognition of Handwritten Digits", ' +
  'UCI Machine Learning Repository, CC BY 4.0.';

/** Where the data set's page lives, for an "about this data set" link. */
export const DIGITS_SOURCE_URL =
  'https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits';

/** Path of the gzipped CSV relative to the site's base URL (served from public/). */
export const DIGITS_FILE = 'data/digits.csv.gz';

/** Pixels per image (8 x 8) = feature dimension. */
export const DIGITS_DIM = 64;

/** Number of classes (digits 0..9). */
export const DIGITS_CLASSES = 10;

/** Largest pixel value in the file; pixels are divided by it so features lie in [0, 1]. */
const PIXEL_MAX = 16;

/** Detailed warnings kept; further bad rows are counted in one summary line so a junk file stays readable. */
const MAX_ROW_WARNINGS = 20;

/** The digits data set plus warnings about skipped rows (never an exception). */
export interface DigitsResult {
  /** The rows that parsed (possibly none). */
  readonly dataset: Dataset;
  /** One line each, for the page to show. */
  readonly warnings: readonly string[];
}

/** Parses one CSV line into pixels[offset .. offset+64) (scaled /16): its label, or why it is invalid. */
function parseRow(line: string, pixels: Float32Array, offset: number): { error: string } | { label: number } {
  const cells = line.split(',');
  if (cells.length !== DIGITS_DIM + 1) {
    return { error: `expected ${DIGITS_DIM + 1} comma-separated values, got ${cells.length}` };
  }
  for (let j = 0; j < DIGITS_DIM; j++) {
    const cell = (cells[j] as string).trim();
    const v = cell === '' ? Number.NaN : Number(cell);
    if (!Number.isFinite(v) || v < 0 || v > PIXEL_MAX) {
      return { error: `pixel ${j + 1} is "${cell.slice(0, 20)}", expected a number 0..${PIXEL_MAX}` };
    }
    pixels[offset + j] = v / PIXEL_MAX;
  }
  const labelCell = (cells[DIGITS_DIM] as string).trim();
  const label = labelCell === '' ? Number.NaN : Number(labelCell);
  if (!Number.isInteger(label) || label < 0 || label >= DIGITS_CLASSES) {
    return { error: `label is "${labelCell.slice(0, 20)}", expected an integer 0..${DIGITS_CLASSES - 1}` };
  }
  return { label };
}

/**
 * Parses the digits CSV text. Never throws: bad rows are skipped with a warning naming the 1-based line;
 * blank lines are ignored silently. features: rows x 64 in [0, 1], row-major.
 */
export function parseDigitsCsv(text: string): DigitsResult {
  const warnings: string[] = [];
  const lines = typeof text === 'string' ? text.split(/\r?\n/) : [];
  // Upper bound on rows; trimmed to the real count at the end.
  const pixels = new Float32Array(lines.length * DIGITS_DIM);
  const labels = new Int32Array(lines.length);
  let rows = 0;
  let bad = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const result = parseRow(line, pixels, rows * DIGITS_DIM);
    if ('error' in result) {
      bad++;
      if (bad <= MAX_ROW_WARNINGS) warnings.push(`digits: skipped row ${i + 1}: ${result.error}`);
      continue;
    }
    labels[rows] = result.label;
    rows++;
  }
  if (bad > MAX_ROW_WARNINGS) {
    warnings.push(`digits: skipped ${bad - MAX_ROW_WARNINGS} more bad rows (${bad} in all)`);
  }
  if (rows === 0) warnings.push('digits: no valid rows found');
  return {
    dataset: {
      id: 'digits',
      name: 'Handwritten digits (8 x 8)',
      credit: DIGITS_CREDIT,
      features: pixels.slice(0, rows * DIGITS_DIM),
      labels: labels.slice(0, rows),
      rows,
      dim: DIGITS_DIM,
      classes: DIGITS_CLASSES,
      classNames: Array.from({ length: DIGITS_CLASSES }, (_, k) => String(k)),
    },
    warnings,
  };
}

/** Gunzips bytes with the standard DecompressionStream (Node >= 18 and browsers) into UTF-8 text. */
async function gunzipText(gz: Uint8Array): Promise<string> {
  const source = new ReadableStream<BufferSource>({
    start(controller) {
      // A copy: typed as backed by a plain ArrayBuffer (what the stream accepts), and safe from later writes.
      controller.enqueue(new Uint8Array(gz));
      controller.close();
    },
  });
  const reader = source.pipeThrough(new DecompressionStream('gzip')).getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** Decodes digits.csv.gz bytes into the data set. Never rejects: a corrupt file gives an empty set + warning. */
export async function decodeDigits(gz: Uint8Array): Promise<DigitsResult> {
  // A server that sends the file with `Content-Encoding: gzip` (vite preview does) has fetch undo the gzip
  // already: without gzip's magic bytes the bytes are the CSV itself.
  if (gz[0] !== 0x1f || gz[1] !== 0x8b) return parseDigitsCsv(new TextDecoder().decode(gz));
  let text: string;
  try {
    text = await gunzipText(gz);
  } catch (error) {
    const empty = parseDigitsCsv('');
    const reason = error instanceof Error ? error.message : String(error);
    return { dataset: empty.dataset, warnings: [`digits: could not decompress the file (${reason})`] };
  }
  return parseDigitsCsv(text);
}
