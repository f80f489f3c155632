// A person's own sentences (issue 19, item 6): pasted text or a .txt / .csv file read into a data set the text
// encoder trains on. Input from people: reading never throws; it gives the sentences or the reasons it refused,
// each rejected line with its number. Any rejected line refuses the whole import (nothing is half-loaded), so
// what trains is exactly what the preview showed.
//
// Rules (the import panel states them):
// - .txt and pasted text: one sentence a line.
// - .csv: the sentence in the first column, an optional label in the second (RFC 4180 quotes, so a sentence
//   with commas is written in double quotes). The first row is a header when its first cell is `sentence` or
//   `text` (any case); otherwise it is a sentence.
// - Limits: MAX_BYTES, MAX_LINES, MAX_CHARS characters (Unicode code points) a sentence, MIN_SENTENCES after
//   merging repeats, MAX_CLASSES labels. Blank lines after the last sentence are ignored; any other blank line
//   is rejected ("empty").
// - Repeats of a sentence are kept once (the first; a copy in the same batch would be a false negative).
// - Labels: the label column's distinct values are the classes, in order of first appearance. Without labels,
//   the classes are length groups (quartiles of the word count): kNN accuracy and the colours then show how far
//   the embedding sorts sentences by length, the bias ESimCSE's word repetition targets; one class for all
//   would make kNN always 1, and a class per line would leave nothing for kNN to find.
//   The groups then stand in as labels wherever the lab reads labels (false negatives, supervised SimCSE, the
//   triplet's mining); `labels=hidden` trains as on unlabelled data, and the panel says so.
import { forEachCsvRecord } from '../analysis/csv';
import { countLines, forEachLine, isBlank, quoted } from '../analysis/text';
import { countText, ProblemList } from '../analysis/types';
import { decodeUtf8, looksBinary } from './textBytes';

/** Largest file or paste read, in bytes (UTF-8). */
export const MAX_BYTES = 5 * 1024 * 1024;
/** Most lines read. */
export const MAX_LINES = 20_000;
/** Longest sentence, in characters (code points); the encoder reads at most maxLen tokens of it anyway. */
export const MAX_CHARS = 300;
/** Fewest distinct sentences: a quarter is held out for the display and kNN, the rest must fill batches. */
export const MIN_SENTENCES = 20;
/** Most distinct labels (beyond that a column is more likely ids than classes, and colours repeat). */
export const MAX_CLASSES = 64;
/** Rejected lines listed; a count stands for the rest. */
export const MAX_LISTED = 200;

/** A person's sentences as the trainer receives them (structured-cloned to the worker, kept in IndexedDB). */
export interface UserSentences {
  /** distinct sentences, trimmed, in file order */
  readonly texts: readonly string[];
  /** texts.length class ids in [0, classNames.length) */
  readonly labels: Int32Array;
  readonly classNames: readonly string[];
  /** true: the classes are the file's labels; false: length groups */
  readonly labelled: boolean;
  /** where they came from: a file name or "pasted text" */
  readonly source: string;
}

/** One rejected line: its 1-based number and why. */
export interface RejectedLine {
  readonly line: number;
  readonly reason: string;
}

/** What reading gave: the sentences (null when refused) and everything to show about it. */
export interface SentenceImport {
  readonly sentences: UserSentences | null;
  /** a reason that refuses the whole input (binary, too large, too few), or null */
  readonly refusal: string | null;
  /** every rejected line's reason, up to MAX_LISTED */
  readonly rejected: readonly RejectedLine[];
  /** rejected lines in all (may exceed rejected.length) */
  readonly rejectedCount: number;
  /** not refusals: repeats kept once, the header row found */
  readonly notes: readonly string[];
}

/** The format a text is read as. */
export type SentenceFormat = 'txt' | 'csv';

/** The format of a file name: .csv is CSV, anything else one sentence a line. */
export function formatOf(fileName: string): SentenceFormat {
  return /\.csv$/i.test(fileName) ? 'csv' : 'txt';
}

/** Reads a file's bytes: binary and oversized files are refused whole, lines that are not UTF-8 by number. */
export function readSentenceFile(bytes: Uint8Array, fileName: string): SentenceImport {
  if (bytes.length > MAX_BYTES) return tooLarge(bytes.length);
  if (looksBinary(bytes))
    return refused('a binary file, not text (save it as plain UTF-8 text: .txt or .csv)');
  const decoded = decodeUtf8(bytes);
  if ('badLines' in decoded) {
    const rejected = decoded.badLines.map((line) => ({
      line,
      reason: 'not UTF-8 text (save the file as UTF-8)',
    }));
    return { ...refused(null), rejected: rejected.slice(0, MAX_LISTED), rejectedCount: rejected.length };
  }
  return readSentences(decoded.text, formatOf(fileName), fileName);
}

/** Reads text (a paste, or a decoded file) as sentences of `format`. */
export function readSentences(text: string, format: SentenceFormat, source: string): SentenceImport {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_BYTES) return tooLarge(bytes);
  const lines = countLines(text);
  if (lines > MAX_LINES) return refused(`${countText(lines)} lines; at most ${countText(MAX_LINES)}`);
  const rows: Row[] = [];
  const rejects = new Rejects();
  const notes: string[] = [];
  if (format === 'txt') readTxt(text, rows, rejects);
  else readCsv(text, rows, rejects, notes);
  if (rejects.count > 0) return { ...refused(null), ...rejects.result(), notes };
  return build(rows, source, notes);
}

/** A sentence as read, before repeats are merged. */
interface Row {
  readonly line: number;
  readonly text: string;
  readonly label: string | null;
}

class Rejects {
  private readonly items: RejectedLine[] = [];
  count = 0;

  add(line: number, reason: string): void {
    if (this.items.length < MAX_LISTED) this.items.push({ line, reason });
    this.count++;
  }

  result(): { rejected: RejectedLine[]; rejectedCount: number } {
    return { rejected: [...this.items].sort((a, b) => a.line - b.line), rejectedCount: this.count };
  }
}

/** The refusal of input of `bytes` bytes, above MAX_BYTES (a file is refused by its size before it is read). */
export function tooLarge(bytes: number): SentenceImport {
  return refused(`${sizeText(bytes)}; at most ${sizeText(MAX_BYTES)}`);
}

function refused(refusal: string | null): SentenceImport {
  return { sentences: null, refusal, rejected: [], rejectedCount: 0, notes: [] };
}

/** Lines after the last non-blank one (blank lines there are a file's ending, not empty sentences). */
function lastNonBlankLine(text: string): number {
  let last = 0;
  forEachLine(text, (line, number) => {
    if (!isBlank(line)) last = number;
    return true;
  });
  return last;
}

/** A sentence's problem, or null: too long (in code points), or blank. */
function sentenceProblem(text: string): string | null {
  if (text === '') return 'empty';
  // UTF-16 units are at least the code points: only a long string needs counting
  const chars = text.length > MAX_CHARS ? [...text].length : text.length;
  return chars > MAX_CHARS ? `too long: ${countText(chars)} characters, at most ${MAX_CHARS}` : null;
}

function readTxt(text: string, rows: Row[], rejects: Rejects): void {
  const last = lastNonBlankLine(text);
  forEachLine(text, (line, number) => {
    if (number > last) return false;
    const sentence = line.trim();
    const problem = sentenceProblem(sentence);
    if (problem) rejects.add(number, problem);
    else rows.push({ line: number, text: sentence, label: null });
    return true;
  });
}

/** Header names of the sentence column. */
const SENTENCE_HEADERS = new Set(['sentence', 'sentences', 'text']);

function readCsv(text: string, rows: Row[], rejects: Rejects, notes: string[]): void {
  const last = lastNonBlankLine(text);
  // forEachCsvRecord skips blank lines: they are found here, less those inside a quoted multi-line sentence
  const blank = new Set<number>();
  forEachLine(text, (line, number) => {
    if (number < last && isBlank(line)) blank.add(number);
    return number < last;
  });
  const quoteProblems = new ProblemList();
  let columns = 0;
  forEachCsvRecord(text, quoteProblems, (cells, line) => {
    const spanned = cells.reduce((n, cell) => n + cell.split('\n').length - 1, 0);
    for (let k = 1; k <= spanned; k++) blank.delete(line + k);
    if (columns === 0) {
      columns = cells.length;
      if (columns > 2) {
        rejects.add(line, `${columns} values; a sentences CSV has 1 (sentence) or 2 (sentence, label)`);
        return false;
      }
      if (SENTENCE_HEADERS.has((cells[0] ?? '').trim().toLowerCase())) {
        notes.push(`line ${line} is the header row (its first cell is ${quoted(cells[0] ?? '')})`);
        return true;
      }
    }
    if (cells.length !== columns) {
      const hint = cells.length > columns ? ' (a sentence with commas goes in double quotes)' : '';
      rejects.add(line, `${cells.length} values, expected ${columns}${hint}`);
      return true;
    }
    const sentence = (cells[0] ?? '').trim();
    const label = columns === 2 ? (cells[1] ?? '').trim() : null;
    const problem = sentenceProblem(sentence) ?? (label === '' ? 'empty label' : null);
    if (problem) rejects.add(line, problem);
    else rows.push({ line, text: sentence, label });
    return true;
  });
  for (const line of blank) rejects.add(line, 'empty');
  for (const problem of quoteProblems.list()) {
    const match = /^line (\d+): (.*)$/.exec(problem);
    if (match) rejects.add(Number(match[1]), match[2] as string);
  }
}

/** Merges repeats, checks the counts and makes the classes. */
function build(rows: readonly Row[], source: string, notes: string[]): SentenceImport {
  const first = new Map<string, Row>();
  const kept: Row[] = [];
  let repeats = 0;
  for (const row of rows) {
    const earlier = first.get(row.text);
    if (earlier === undefined) {
      first.set(row.text, row);
      kept.push(row);
      continue;
    }
    repeats++;
    if (repeats <= 5) {
      const other = row.label !== earlier.label ? ` with another label (${quoted(row.label ?? '')})` : '';
      notes.push(
        `line ${row.line} repeats line ${earlier.line}${other}: kept once, as on line ${earlier.line}`,
      );
    }
  }
  if (repeats > 5) notes.push(`${countText(repeats)} repeated lines in all, each kept once`);
  if (kept.length < MIN_SENTENCES)
    return { ...refused(`${kept.length} distinct sentences; at least ${MIN_SENTENCES} are needed`), notes };
  const labelled = kept[0]?.label !== null && kept[0]?.label !== undefined;
  const classes = labelled ? labelClasses(kept) : lengthGroups(kept.map((row) => wordCount(row.text)));
  if (classes.names.length > MAX_CLASSES)
    return {
      ...refused(`${classes.names.length} distinct labels; at most ${MAX_CLASSES} (is the column an id?)`),
      notes,
    };
  return {
    sentences: {
      texts: kept.map((row) => row.text),
      labels: classes.labels,
      classNames: classes.names,
      labelled,
      source,
    },
    refusal: null,
    rejected: [],
    rejectedCount: 0,
    notes,
  };
}

interface Classes {
  readonly labels: Int32Array;
  readonly names: string[];
}

function labelClasses(rows: readonly Row[]): Classes {
  const ids = new Map<string, number>();
  const labels = Int32Array.from(rows, (row) => {
    const name = row.label ?? '';
    let id = ids.get(name);
    if (id === undefined) {
      id = ids.size;
      ids.set(name, id);
    }
    return id;
  });
  return { labels, names: [...ids.keys()] };
}

/** Words: runs of non-space characters. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => word !== '').length;
}

/**
 * Up to four groups by word count, cut at the quartiles (each group holds the counts up to its cut), named by
 * their range: "1–4 words", "5 words".
 */
export function lengthGroups(words: readonly number[]): Classes {
  const sorted = [...words].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.floor(q * (sorted.length - 1))] as number;
  const max = sorted[sorted.length - 1] ?? 0;
  const cuts = [...new Set([at(0.25), at(0.5), at(0.75), max])];
  const min = sorted[0] ?? 0;
  const names = cuts.map((cut, g) => {
    const low = g === 0 ? min : (cuts[g - 1] as number) + 1;
    if (low === cut) return `${cut} word${cut === 1 ? '' : 's'}`;
    return `${low}–${cut} words`;
  });
  const labels = Int32Array.from(words, (count) => cuts.findIndex((cut) => count <= cut));
  return { labels, names };
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${countText(bytes)} bytes`;
}
