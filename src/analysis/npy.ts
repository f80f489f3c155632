// NumPy's .npy format (numpy.org/doc/stable/reference/generated/numpy.lib.format.html): the magic "\x93NUMPY",
// a major and minor version byte, the header's length (uint16 little-endian in version 1, uint32 in 2 and 3),
// then the header, a Python dict literal such as {'descr': '<f4', 'fortran_order': False, 'shape': (100, 32), }
// padded with spaces and a newline, then the data. Read here: 2-D, C order, little-endian float32 or float64.
// Problems name the offending element as NumPy would index it (x[6, 2]).
import {
  countText,
  MAX_DIM,
  MAX_ROWS,
  MAX_VALUES,
  MIN_ROWS,
  type Parsed,
  ProblemList,
  refuse,
  type VectorTable,
} from './types';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93 N U M P Y

/** Whether the bytes start with the .npy magic (the file is a .npy whatever its name). */
export function isNpy(bytes: Uint8Array): boolean {
  return MAGIC.every((byte, i) => bytes[i] === byte);
}

/** The points of a .npy file, or why it is refused. */
export function parseNpy(buffer: ArrayBuffer): Parsed<VectorTable> {
  const bytes = new Uint8Array(buffer);
  if (!isNpy(bytes)) return refuse('not a NumPy .npy file (it does not start with \\x93NUMPY)');
  const major = bytes[6] ?? 0;
  if (major < 1 || major > 3)
    return refuse(`format version ${major}.${bytes[7] ?? 0} is not read (1.0, 2.0 and 3.0 are)`);
  const view = new DataView(buffer);
  const headerStart = major === 1 ? 10 : 12;
  const cut = 'the header is cut off (the file ends inside it)';
  if (bytes.length < headerStart) return refuse(cut);
  const dataStart = headerStart + (major === 1 ? view.getUint16(8, true) : view.getUint32(8, true));
  if (dataStart > bytes.length) return refuse(cut);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(headerStart, dataStart),
  );
  const parsed = parseHeader(header);
  if ('problem' in parsed) return refuse(parsed.problem);
  const { itemSize, rows, dim } = parsed;
  const needed = rows * dim * itemSize;
  const held = bytes.length - dataStart;
  if (held !== needed) {
    return refuse(
      `the data holds ${countText(held)} bytes; shape (${rows}, ${dim}) of float${8 * itemSize} needs ${countText(needed)}`,
    );
  }
  return readValues(view, dataStart, rows, dim, itemSize);
}

interface Header {
  readonly itemSize: 4 | 8;
  readonly rows: number;
  readonly dim: number;
}

// descr, fortran_order and shape from the header dict; every refusal says how to save a file that is read.
function parseHeader(header: string): Header | { problem: string } {
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(header)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined)
    return { problem: 'the header has no descr, fortran_order or shape' };
  if (/^>[fc]/.test(descr))
    return { problem: `big-endian data ('${descr}'); save x.astype('<f4') or '<f8' (little-endian)` };
  const itemSize = descr === '<f4' ? 4 : descr === '<f8' ? 8 : null;
  if (itemSize === null)
    return { problem: `dtype '${descr}' is not read; float32 ('<f4') and float64 ('<f8') are` };
  if (fortran === 'True')
    return { problem: 'fortran_order is True (column-major); save np.ascontiguousarray(x)' };
  const shape = shapeText
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (shape.length !== 2 || !shape.every((part) => /^\d+$/.test(part)))
    return { problem: `shape (${shape.join(', ')}) is ${shape.length}-D; expected 2-D (points, dimensions)` };
  const [rows, dim] = shape.map(Number) as [number, number];
  if (rows > MAX_ROWS) return { problem: `${countText(rows)} rows; at most ${countText(MAX_ROWS)} are read` };
  if (dim > MAX_DIM)
    return { problem: `${countText(dim)} dimensions; at most ${countText(MAX_DIM)} are read` };
  if (rows * dim > MAX_VALUES)
    return { problem: `${countText(rows * dim)} numbers; at most ${countText(MAX_VALUES)} in all are read` };
  if (rows < MIN_ROWS) return { problem: `${rows} rows; at least ${MIN_ROWS} are needed` };
  if (dim < 2) return { problem: `${dim} dimension; points need at least 2` };
  return { itemSize, rows, dim };
}

// The values as float32, refusing NaN, infinities and all-zero rows (named x[i, j] and x[i]).
function readValues(
  view: DataView,
  start: number,
  rows: number,
  dim: number,
  itemSize: 4 | 8,
): Parsed<VectorTable> {
  const values = new Float32Array(rows * dim);
  const problems = new ProblemList();
  for (let i = 0; i < rows && !problems.full; i++) {
    let squares = 0;
    for (let j = 0; j < dim; j++) {
      const offset = start + (i * dim + j) * itemSize;
      const read = itemSize === 4 ? view.getFloat32(offset, true) : view.getFloat64(offset, true);
      const value = Math.fround(read);
      if (!Number.isFinite(value)) {
        const what = Number.isNaN(read)
          ? 'NaN'
          : Number.isFinite(read)
            ? `${read}, beyond float32`
            : String(read);
        if (!problems.add(`x[${i}, ${j}] is ${what}`)) break;
        continue;
      }
      values[i * dim + j] = value;
      squares += value * value;
    }
    if (squares === 0) problems.add(`x[${i}] is all zeros (a point with no direction)`);
  }
  return problems.empty ? { ok: true, value: { rows, dim, values } } : problems.refusal();
}
