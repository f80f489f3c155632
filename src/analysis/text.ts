// Reading text files line by line and number by number, shared by the TSV and CSV parsers.

/** Longest piece of a cell quoted back in a problem (the cell is the person's text, shown as text). */
const QUOTE_CHARS = 24;

/**
 * Calls `visit` with each line (without its line break; a trailing \r of Windows line ends dropped) and its
 * 1-based number, until it returns false. A final line break does not start another line. Lines are slices of
 * `text`, not a split array: a 200 MB file is not copied once more.
 */
export function forEachLine(text: string, visit: (line: string, number: number) => boolean): void {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark is not part of the first cell
  for (let number = 1; start < text.length; number++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    start = end + 1;
    if (!visit(line, number)) return;
  }
}

/** Lines forEachLine would visit (an estimate of the rows, to size the arrays once). */
export function countLines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return text.length > 0 && !text.endsWith('\n') ? count + 1 : count;
}

/** Whether a line holds nothing but white space (skipped, as the Embedding Projector skips empty lines). */
export function isBlank(line: string): boolean {
  return line.trim() === '';
}

/**
 * The finite number a cell holds, or why not: decimal or exponent notation, surrounding spaces allowed; no hex,
 * no empty cell, no NaN or Infinity (they would poison every mean and softmax downstream). Number() does the
 * reading, so every float32 the lab writes reads back exactly; the checks after it are only for its leniencies
 * ('' and ' ' read as 0, '0x1f' as 31).
 */
export function numberOf(cell: string): { value: number } | { problem: string } {
  const value = Number(cell);
  if (Number.isFinite(value)) {
    const odd = value === 0 ? !/\d/.test(cell) : radixPrefixed(cell);
    if (!odd) return { value };
  }
  if (/^\s*[+-]?(nan|inf|infinity)\s*$/i.test(cell))
    return { problem: `${quoted(cell)} is not a finite number` };
  return { problem: cell.trim() === '' ? 'an empty value' : `${quoted(cell)} is not a number` };
}

// '0x1f', '0b1', '0o7' (which Number reads in base 16, 2, 8); char codes first: this runs on every cell.
function radixPrefixed(cell: string): boolean {
  const first = cell.charCodeAt(0);
  if (first === 48) {
    const second = cell.charCodeAt(1) | 32; // lower case
    return second === 120 || second === 98 || second === 111;
  }
  return first <= 32 && /^\s*0[xXbBoO]/.test(cell);
}

/** A cell quoted for a problem's text, cut to QUOTE_CHARS. */
export function quoted(cell: string): string {
  const text = cell.length > QUOTE_CHARS ? `${cell.slice(0, QUOTE_CHARS)}…` : cell;
  return `'${text}'`;
}
