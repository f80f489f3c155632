// The person's own sentences: good .txt / .csv / pasted text read into sentences and classes; malformed input
// refused whole or line by line, each rejected line with its number and reason.
import { describe, expect, it } from 'vitest';
import { decodeUtf8, looksBinary } from '../../src/data/textBytes';
import {
  lengthGroups,
  MAX_BYTES,
  MAX_CHARS,
  MAX_CLASSES,
  MAX_LINES,
  MIN_SENTENCES,
  readSentenceFile,
  readSentences,
  type SentenceImport,
  wordCount,
} from '../../src/data/userSentences';
import { parseCliArgs } from '../../src/state/cliArgs';

const encoder = new TextEncoder();

/** n distinct sentences, sentence i having i % 7 + 2 words. */
function lines(n: number): string[] {
  return Array.from({ length: n }, (_, i) =>
    [`s${i}`, ...Array.from({ length: i % 7 }, (_, k) => `w${k}`), 'end'].join(' '),
  );
}

function reasons(result: SentenceImport): string[] {
  expect(result.sentences).toBeNull();
  return result.rejected.map((r) => `${r.line}: ${r.reason}`);
}

describe('reading sentences', () => {
  it('reads a .txt file one sentence a line, with unicode, CRLF and a byte-order mark', () => {
    const texts = [...lines(MIN_SENTENCES - 2), 'Café — naïve 日本語の文です', '😀 emoji <b>bold</b>'];
    const bytes = encoder.encode(`\ufeff${texts.join('\r\n')}\r\n`);
    const result = readSentenceFile(bytes, 'mine.txt');
    expect(result.refusal).toBeNull();
    expect(result.sentences?.texts).toEqual(texts);
    expect(result.sentences?.labelled).toBe(false);
    expect(result.sentences?.source).toBe('mine.txt');
  });

  it('trims spaces and ignores blank lines after the last sentence', () => {
    const result = readSentences(`  ${lines(MIN_SENTENCES).join('\n')}  \n\n \n`, 'txt', 'pasted text');
    expect(result.sentences?.texts[0]).toBe('s0 end');
    expect(result.sentences?.texts).toHaveLength(MIN_SENTENCES);
  });

  it('reads a CSV with a header, labels and quoted cells holding commas, quotes and line breaks', () => {
    const body = lines(MIN_SENTENCES).map((s, i) => `${s},${i % 2 ? 'odd' : 'even'}`);
    const csv = ['Sentence,label', '"Hello, world",greeting', '"She said ""hi""",greeting', ...body].join(
      '\r\n',
    );
    const result = readSentenceFile(encoder.encode(csv), 'data.CSV');
    const sentences = result.sentences;
    expect(sentences?.labelled).toBe(true);
    expect(sentences?.classNames).toEqual(['greeting', 'even', 'odd']);
    expect(sentences?.texts.slice(0, 2)).toEqual(['Hello, world', 'She said "hi"']);
    expect(Array.from(sentences?.labels.slice(0, 4) ?? [])).toEqual([0, 0, 1, 2]);
    expect(result.notes.join()).toMatch(/line 1 is the header/);
  });

  it('reads a one-column CSV without a header: the first row is a sentence', () => {
    const result = readSentences(lines(MIN_SENTENCES).join('\n'), 'csv', 'x.csv');
    expect(result.sentences?.texts).toHaveLength(MIN_SENTENCES);
    expect(result.sentences?.labelled).toBe(false);
  });

  it('keeps a repeated sentence once, saying which line it repeats', () => {
    const texts = lines(MIN_SENTENCES);
    const result = readSentences([...texts, texts[3]].join('\n'), 'txt', 'p');
    expect(result.sentences?.texts).toEqual(texts);
    expect(result.notes).toEqual([`line ${MIN_SENTENCES + 1} repeats line 4: kept once, as on line 4`]);
  });
});

describe('refusals', () => {
  it('refuses binary files whole: NUL bytes or mostly control bytes', () => {
    const nul = encoder.encode(`${lines(30).join('\n')}\0`);
    expect(readSentenceFile(nul, 'a.txt').refusal).toMatch(/binary/);
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
    expect(looksBinary(png)).toBe(true);
    expect(looksBinary(encoder.encode('plain\ttext\r\n'))).toBe(false);
    const utf16 = new Uint8Array(Uint16Array.from('hello world', (c) => c.charCodeAt(0)).buffer);
    expect(readSentenceFile(utf16, 'b.txt').refusal).toMatch(/binary/);
  });

  it('names each line that is not UTF-8 (mixed encodings)', () => {
    const good = encoder.encode(`${lines(25).slice(0, 2).join('\n')}\n`);
    const latin1 = Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x0a]); // "café\n" in Latin-1
    const bytes = new Uint8Array([...good, ...latin1, ...encoder.encode('naïve ok\n'), ...latin1]);
    expect(decodeUtf8(bytes)).toEqual({ badLines: [3, 5] });
    expect(reasons(readSentenceFile(bytes, 'm.txt'))).toEqual([
      '3: not UTF-8 text (save the file as UTF-8)',
      '5: not UTF-8 text (save the file as UTF-8)',
    ]);
  });

  it('rejects empty and too long lines by number, and loads nothing', () => {
    const texts = lines(30);
    texts[4] = '   ';
    texts[9] = 'x'.repeat(MAX_CHARS + 1);
    texts[12] = '😀'.repeat(MAX_CHARS); // code points, not UTF-16 units: fits
    const result = readSentences(texts.join('\n'), 'txt', 'p');
    expect(reasons(result)).toEqual(['5: empty', `10: too long: ${MAX_CHARS + 1} characters, at most 300`]);
    expect(result.rejectedCount).toBe(2);
  });

  it('rejects CSV rows with the wrong column count, empty labels and empty lines', () => {
    const rows = lines(30).map((s) => `${s},a`);
    rows[2] = 'one, two, three';
    rows[5] = 'no label here';
    rows[7] = 'sentence,';
    rows[8] = '';
    rows[10] = '"a quoted\n\nsentence",b'; // the blank line inside quotes is part of the sentence
    const result = readSentences(rows.join('\n'), 'csv', 'c.csv');
    expect(reasons(result)).toEqual([
      '3: 3 values, expected 2 (a sentence with commas goes in double quotes)',
      '6: 1 values, expected 2',
      '8: empty label',
      '9: empty',
    ]);
  });

  it('refuses a CSV of more than two columns at its first row', () => {
    expect(reasons(readSentences('a,b,c\nd,e,f', 'csv', 'c.csv'))).toEqual([
      '1: 3 values; a sentences CSV has 1 (sentence) or 2 (sentence, label)',
    ]);
  });

  it('reports an unclosed quote at the line it starts on', () => {
    const text = `${lines(25).join('\n')}\n"never closed, x\nmore`;
    expect(reasons(readSentences(text, 'csv', 'c.csv'))).toEqual(['26: a quoted value is not closed']);
  });

  it('refuses too many lines, too many bytes, too few sentences and too many labels', () => {
    expect(readSentences(lines(MAX_LINES + 1).join('\n'), 'txt', 'p').refusal).toMatch(
      /lines; at most 20,000/,
    );
    const big = new Uint8Array(MAX_BYTES + 1).fill(0x61);
    expect(readSentenceFile(big, 'big.txt').refusal).toMatch(/at most 5\.0 MB/);
    const few = readSentences([...lines(MIN_SENTENCES - 1), 's0 end'].join('\n'), 'txt', 'p');
    expect(few.refusal).toBe(`${MIN_SENTENCES - 1} distinct sentences; at least 20 are needed`);
    const ids = lines(MAX_CLASSES + 1).map((s, i) => `${s},id${i}`);
    expect(readSentences(ids.join('\n'), 'csv', 'c.csv').refusal).toMatch(/65 distinct labels; at most 64/);
  });

  it('lists every rejected line up to a cap, and counts them all', () => {
    const result = readSentences(
      lines(500)
        .map((s, i) => (i % 2 ? '' : s))
        .join('\n'),
      'txt',
      'p',
    );
    expect(result.rejected).toHaveLength(200);
    expect(result.rejectedCount).toBe(249); // the last blank line ends the text and is not counted
    expect(result.rejected[0]).toEqual({ line: 2, reason: 'empty' });
  });
});

describe('classes without labels', () => {
  it('groups by word count at the quartiles, named by range', () => {
    const counts = [1, 2, 3, 4, 5, 6, 7, 8];
    const groups = lengthGroups(counts);
    expect(groups.names).toEqual(['1–2 words', '3–4 words', '5–6 words', '7–8 words']);
    expect(Array.from(groups.labels)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });

  it('merges equal cuts, and names one-count groups', () => {
    const groups = lengthGroups([1, 1, 1, 1, 1, 1, 5]);
    expect(groups.names).toEqual(['1 word', '2–5 words']);
    expect(Array.from(groups.labels)).toEqual([0, 0, 0, 0, 0, 0, 1]);
  });

  it('counts words as runs of non-space characters', () => {
    expect(wordCount('  two\twords ')).toBe(2);
    expect(wordCount('日本語')).toBe(1);
  });
});

describe("npm run train's --sentences", () => {
  it('is required by --dataset mine and read with it only', () => {
    expect(parseCliArgs(['--dataset', 'mine']).errors).toEqual(['--dataset mine needs --sentences <file>']);
    expect(parseCliArgs(['--sentences', 'a.txt']).errors).toEqual([
      '--sentences is read with --dataset mine only',
    ]);
    const args = parseCliArgs(['--dataset', 'mine', '--sentences', 'my file.csv']);
    expect(args.errors).toEqual([]);
    expect(args.sentences).toBe('my file.csv');
  });
});
