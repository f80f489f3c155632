// Analysis mode's readers: the Projector's TSVs, CSV and .npy on good input, and their refusals of malformed
// files, each with the line (or element) it is about.
import { describe, expect, it } from 'vitest';
import { parseEmbeddingCsv, parseMetadataCsv } from '../../src/analysis/csv';
import {
  defaultColumn,
  isCsv,
  labelCodes,
  pairGroups,
  positivePairs,
  readDataset,
  vectorFormatOf,
} from '../../src/analysis/dataset';
import { isNpy, parseNpy } from '../../src/analysis/npy';
import { parseMetadataTsv, parseVectorsTsv } from '../../src/analysis/projectorTsv';
import { MAX_DIM, MAX_PROBLEMS, MAX_ROWS, MAX_VALUES } from '../../src/analysis/types';
import { projectorLabelsTsv, projectorVectorsTsv } from '../../src/ui/export/projector';

const encoder = new TextEncoder();

/** Rows of `dim` numbers, row i being i + 1, i + 2, ... (never all zero). */
function tsv(rows: number, dim: number): string[] {
  return Array.from({ length: rows }, (_, i) =>
    Array.from({ length: dim }, (_, k) => String(i + k + 1)).join('\t'),
  );
}

function problemsOf(result: { ok: boolean; problems?: readonly string[] }): readonly string[] {
  expect(result.ok).toBe(false);
  return result.problems ?? [];
}

/** A .npy file: header dict text, then the data bytes (version 1 unless given). */
function npy(header: string, data: ArrayBufferView, major = 1): ArrayBuffer {
  const start = major === 1 ? 10 : 12;
  let dict = header;
  while ((start + dict.length + 1) % 64 !== 0) dict += ' ';
  dict += '\n';
  const bytes = new Uint8Array(start + dict.length + data.byteLength);
  bytes.set([0x93, ...encoder.encode('NUMPY'), major, 0]);
  const view = new DataView(bytes.buffer);
  if (major === 1) view.setUint16(8, dict.length, true);
  else view.setUint32(8, dict.length, true);
  bytes.set(encoder.encode(dict), start);
  bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), start + dict.length);
  return bytes.buffer;
}

const f32 = (values: number[]) => Float32Array.from(values);

describe('Projector vectors TSV', () => {
  it("reads the lab's own export back exactly (float32 text round-trips)", () => {
    const embeddings = Float32Array.from({ length: 12 }, (_, k) => Math.fround(Math.sin(k + 1) / 3));
    const parsed = parseVectorsTsv(projectorVectorsTsv({ rows: 4, dim: 3, embeddings }));
    expect(parsed.ok && parsed.value).toEqual({ rows: 4, dim: 3, values: embeddings });
  });

  it('skips empty lines, reads Windows line ends and keeps line numbers', () => {
    const parsed = parseVectorsTsv('1\t2\r\n\r\n3\t4\r\n5\t6\n\n');
    expect(parsed.ok && parsed.value.rows).toBe(3);
    const ragged = parseVectorsTsv('1\t2\n\n3\t4\n5\n');
    expect(problemsOf(ragged)).toEqual(['line 4: 1 values, expected 2']);
  });

  it('refuses ragged rows, non-numbers, NaN and Infinity with their line numbers', () => {
    const lines = tsv(14, 32);
    lines[6] = lines[6]?.split('\t').slice(1).join('\t') ?? '';
    lines[11] = `abc\t${lines[11]?.split('\t').slice(1).join('\t')}`;
    lines[12] = `${lines[12]?.split('\t').slice(0, 31).join('\t')}\tNaN`;
    lines[13] = `Infinity\t${lines[13]?.split('\t').slice(1).join('\t')}`;
    expect(problemsOf(parseVectorsTsv(lines.join('\n')))).toEqual([
      'line 7: 31 values, expected 32',
      "line 12: 'abc' is not a number (column 1)",
      "line 13: 'NaN' is not a finite number (column 32)",
      "line 14: 'Infinity' is not a finite number (column 1)",
    ]);
  });

  it('refuses empty cells, hex, blank-only cells and all-zero rows', () => {
    expect(problemsOf(parseVectorsTsv('1\t2\n\t3\n0x1f\t1\n \t1\n0\t0\n'))).toEqual([
      'line 2: an empty value (column 1)',
      "line 3: '0x1f' is not a number (column 1)",
      'line 4: an empty value (column 1)',
      'line 5: every value is 0 (a point with no direction)',
    ]);
  });

  it('refuses an empty file, too few rows and one-dimensional points', () => {
    expect(problemsOf(parseVectorsTsv(''))).toEqual(['the vectors file holds no rows of numbers']);
    expect(problemsOf(parseVectorsTsv('\n\n'))).toEqual(['the vectors file holds no rows of numbers']);
    expect(problemsOf(parseVectorsTsv('1\t2\n3\t4\n'))).toEqual([
      'the vectors file holds 2 rows; at least 3 are needed',
    ]);
    expect(problemsOf(parseVectorsTsv('1\n2\n3\n'))[0]).toBe(
      'line 1: 1 value; points need at least 2 dimensions',
    );
  });

  it('lists the first 10 problems and says it stopped', () => {
    const problems = problemsOf(parseVectorsTsv(`1\t2\n${'x\t1\n'.repeat(30)}`));
    expect(problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(problems[0]).toBe("line 2: 'x' is not a number (column 1)");
    expect(problems[9]).toBe("line 11: 'x' is not a number (column 1)");
    expect(problems[10]).toMatch(/stopped at the first 10 problems/);
  });

  it('refuses more rows, dimensions or numbers than the limits', () => {
    const wide = Array.from({ length: MAX_DIM + 1 }, () => '1').join('\t');
    expect(problemsOf(parseVectorsTsv(`${wide}\n`))).toEqual([
      'line 1: 4,097 values; at most 4,096 dimensions are read',
    ]);
    const many = '1\t1\n'.repeat(MAX_ROWS + 1);
    expect(problemsOf(parseVectorsTsv(many))).toEqual([
      `line ${MAX_ROWS + 1}: more than 50,000 rows (the most this page reads)`,
    ]);
    const dim = 4096;
    const row = Array.from({ length: dim }, () => '1').join('\t');
    const rows = Math.floor(MAX_VALUES / dim) + 1;
    const problems = problemsOf(parseVectorsTsv(`${row}\n`.repeat(rows)));
    expect(problems).toEqual([
      `line ${rows}: more than 50,000,000 numbers in all (12,207 rows of 4096; the most this page reads)`,
    ]);
  });
});

describe('Projector metadata TSV', () => {
  it("reads the lab's own labels file: a header, then one row per point", () => {
    const parsed = parseMetadataTsv(projectorLabelsTsv(Int32Array.of(0, 1, 1), ['a', 'b']), 3);
    expect(parsed.ok && parsed.value).toEqual([
      { name: 'label', cells: ['0', '1', '1'] },
      { name: 'class_name', cells: ['a', 'b', 'b'] },
    ]);
  });

  it('takes a one-column file with one row per point as labels without a header (the Projector rule)', () => {
    const parsed = parseMetadataTsv('cat\ndog\ncat\n', 3);
    expect(parsed.ok && parsed.value).toEqual([{ name: 'label', cells: ['cat', 'dog', 'cat'] }]);
    const headed = parseMetadataTsv('animal\ncat\ndog\ncat\n', 3);
    expect(headed.ok && headed.value).toEqual([{ name: 'animal', cells: ['cat', 'dog', 'cat'] }]);
  });

  it('refuses ragged rows and a row count that differs from the vectors', () => {
    expect(problemsOf(parseMetadataTsv('label\tpair\na\t1\nb\nc\t2\n', 3))).toEqual([
      'line 3: 1 columns, expected 2',
    ]);
    expect(problemsOf(parseMetadataTsv(`label\n${'a\n'.repeat(99)}`, 100))).toEqual([
      'metadata has 99 rows, vectors 100',
    ]);
    expect(problemsOf(parseMetadataTsv('', 3))).toEqual(['the metadata file is empty']);
  });
});

describe('CSV', () => {
  it('takes numeric columns as the vector and label, pair, id and text columns as metadata', () => {
    const text =
      'id,x0,x1,label,pair,note\n0,1,2,cat,p1,"hello, world"\n1,3,4,dog,p1,"say ""hi"""\n2,5,6,cat,,x\n';
    const parsed = parseEmbeddingCsv(text);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    expect(parsed.value.table).toEqual({ rows: 3, dim: 2, values: f32([1, 2, 3, 4, 5, 6]) });
    expect(parsed.value.columns).toEqual([
      { name: 'id', cells: ['0', '1', '2'] },
      { name: 'label', cells: ['cat', 'dog', 'cat'] },
      { name: 'pair', cells: ['p1', 'p1', ''] },
      { name: 'note', cells: ['hello, world', 'say "hi"', 'x'] },
    ]);
  });

  it('reads quoted line breaks and keeps the line each record starts on', () => {
    const text = 'x0,x1,note\n1,2,"two\nlines"\n3,4,a\n5,abc,b\n';
    expect(problemsOf(parseEmbeddingCsv(text))).toEqual(["line 5: 'abc' is not a number (column 2)"]);
    expect(problemsOf(parseEmbeddingCsv('x0,x1,note\n1,2,"open\n3,4,a\n'))).toEqual([
      'line 2: a quoted value is not closed',
    ]);
  });

  it('refuses ragged rows, non-numbers, NaN and a file with no numbers', () => {
    const text = 'a,b,label\n1,2,x\n3,y\n4,NaN,z\n5,6,w\n';
    expect(problemsOf(parseEmbeddingCsv(text))).toEqual([
      'line 3: 2 values, expected 3',
      "line 4: 'NaN' is not a finite number (column 2)",
    ]);
    expect(problemsOf(parseEmbeddingCsv('label,text\na,b\n'))).toEqual([
      "line 2: no numbers (the vector is the CSV's numeric columns)",
    ]);
    expect(problemsOf(parseEmbeddingCsv(''))).toEqual(['the CSV file holds no rows of numbers']);
    expect(problemsOf(parseEmbeddingCsv('a,b\n'))).toEqual(['the CSV file holds no rows of numbers']);
  });

  it('reads a metadata CSV with its header', () => {
    const parsed = parseMetadataCsv('label,pair\n"a,1",1\nb,1\nc,2\n', 3);
    expect(parsed.ok && parsed.value).toEqual([
      { name: 'label', cells: ['a,1', 'b', 'c'] },
      { name: 'pair', cells: ['1', '1', '2'] },
    ]);
    expect(problemsOf(parseMetadataCsv('label\na\nb\n', 3))).toEqual(['metadata has 2 rows, vectors 3']);
  });
});

describe('NumPy .npy', () => {
  const header = (descr: string, shape: string, fortran = 'False') =>
    `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;

  it('reads 2-D little-endian float32 and float64 (versions 1 and 2)', () => {
    const values = [1, 2, 3, 4, 5, 6.5];
    const f4 = parseNpy(npy(header('<f4', '(3, 2)'), f32(values)));
    expect(f4.ok && f4.value).toEqual({ rows: 3, dim: 2, values: f32(values) });
    const f8 = parseNpy(npy(header('<f8', '(3, 2)'), Float64Array.from(values), 2));
    expect(f8.ok && f8.value).toEqual({ rows: 3, dim: 2, values: f32(values) });
    expect(isNpy(new Uint8Array(npy(header('<f4', '(3, 2)'), f32(values))))).toBe(true);
  });

  it('refuses a wrong magic, Fortran order, big-endian, other dtypes and shapes that are not 2-D', () => {
    const data = f32([1, 2, 3, 4, 5, 6]);
    const bytes = new Uint8Array(npy(header('<f4', '(3, 2)'), data));
    bytes[1] = 0x4f;
    expect(problemsOf(parseNpy(bytes.buffer))[0]).toMatch(/not a NumPy \.npy file/);
    expect(problemsOf(parseNpy(npy(header('<f4', '(3, 2)', 'True'), data)))[0]).toMatch(
      /fortran_order is True/,
    );
    expect(problemsOf(parseNpy(npy(header('>f4', '(3, 2)'), data)))[0]).toMatch(/big-endian data \('>f4'\)/);
    expect(problemsOf(parseNpy(npy(header('<i4', '(3, 2)'), data)))[0]).toMatch(/dtype '<i4' is not read/);
    expect(problemsOf(parseNpy(npy(header('<f4', '(1, 3, 2)'), data)))).toEqual([
      'shape (1, 3, 2) is 3-D; expected 2-D (points, dimensions)',
    ]);
    expect(problemsOf(parseNpy(npy(header('<f4', '(6,)'), data)))[0]).toMatch(/is 1-D/);
  });

  it('refuses data of the wrong size, NaN and Infinity (as x[i, j]), zero rows and the limits', () => {
    expect(problemsOf(parseNpy(npy(header('<f4', '(3, 3)'), f32([1, 2, 3, 4, 5, 6]))))).toEqual([
      'the data holds 24 bytes; shape (3, 3) of float32 needs 36',
    ]);
    expect(
      problemsOf(parseNpy(npy(header('<f4', '(3, 2)'), f32([1, 2, Number.NaN, 4, 5, Infinity])))),
    ).toEqual(['x[1, 0] is NaN', 'x[2, 1] is Infinity']);
    expect(problemsOf(parseNpy(npy(header('<f8', '(3, 2)'), Float64Array.of(1, 2, 0, 0, 1e300, 1))))).toEqual(
      ['x[1] is all zeros (a point with no direction)', 'x[2, 0] is 1e+300, beyond float32'],
    );
    expect(problemsOf(parseNpy(npy(header('<f4', `(${MAX_ROWS + 1}, 2)`), f32([]))))[0]).toBe(
      '50,001 rows; at most 50,000 are read',
    );
    expect(problemsOf(parseNpy(npy(header('<f4', '(3, 5000)'), f32([]))))[0]).toBe(
      '5,000 dimensions; at most 4,096 are read',
    );
    expect(problemsOf(parseNpy(npy(header('<f4', '(2, 2)'), f32([1, 2, 3, 4]))))[0]).toBe(
      '2 rows; at least 3 are needed',
    );
    expect(problemsOf(parseNpy(new ArrayBuffer(0)))[0]).toMatch(/not a NumPy/);
  });
});

describe('datasets: formats, columns, labels and pairs', () => {
  it('tells the formats apart by magic bytes, name and first line', () => {
    const head = (text: string) => encoder.encode(text);
    expect(
      vectorFormatOf(
        'x.bin',
        new Uint8Array(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", f32([]))),
      ),
    ).toBe('npy');
    expect(vectorFormatOf('x.csv', head('1\t2'))).toBe('csv');
    expect(vectorFormatOf('x.txt', head('1,2,3\n'))).toBe('csv');
    expect(vectorFormatOf('x.txt', head('1\t2\n'))).toBe('projector-tsv');
    expect(isCsv('meta.tsv', head('a,b\n'))).toBe(false);
  });

  it('joins a vectors file and its metadata; a refusal names the file', () => {
    const ok = readDataset({ name: 'v.tsv', text: tsv(3, 2).join('\n') }, 'projector-tsv', {
      name: 'm.tsv',
      text: 'Class\tpair_id\na\t1\nb\t1\na\t\n',
      csv: false,
    });
    if (!ok.ok) throw new Error(ok.problems.join('; '));
    expect(ok.value.columns.map((column) => column.name)).toEqual(['Class', 'pair_id']);
    expect(defaultColumn(ok.value.columns, 'label')).toBe(0);
    expect(defaultColumn(ok.value.columns, 'pair')).toBe(1);
    const bad = readDataset({ name: 'v.tsv', text: tsv(3, 2).join('\n') }, 'projector-tsv', {
      name: 'm.tsv',
      text: 'label\na\nb\n',
      csv: false,
    });
    expect(bad).toEqual({ ok: false, file: 'm.tsv', problems: ['metadata has 2 rows, vectors 3'] });
  });

  it('codes labels in order of appearance and pairs rows that share an id', () => {
    expect(labelCodes(['b', 'a', 'b', '<i>'])).toEqual({
      codes: Int32Array.of(0, 1, 0, 2),
      names: ['b', 'a', '<i>'],
    });
    const { group, members } = pairGroups(['p', '', 'q', 'p', 'r', 'q', 'p']);
    expect(Array.from(group)).toEqual([0, -1, 1, 0, -1, 1, 0]);
    expect(members).toEqual([
      [0, 3, 6],
      [2, 5],
    ]);
    expect(Array.from(positivePairs(members, 100))).toEqual([0, 3, 0, 6, 3, 6, 2, 5]);
    // one id on every row: the pairs are subsampled evenly, never all enumerated
    const all = Array.from({ length: 2000 }, (_, i) => i);
    const picked = positivePairs([all], 10);
    expect(picked).toHaveLength(20);
    for (let p = 0; p < 10; p++) expect(picked[2 * p] as number).toBeLessThan(picked[2 * p + 1] as number);
    expect(Array.from(picked.subarray(0, 2))).toEqual([0, 1]);
  });
});
