// The analysis worker's work: reads a person's files (File.text() / arrayBuffer(), in the worker: nothing is
// sent anywhere), parses them, normalises and projects the rows for the view, hands a copy of them to the page,
// and measures them: core's uniformity on the 512-point metric subset at load, tolerance and alignment for each
// choice of columns. Parsing a 20,000 x 768 TSV takes over a second and core's uniformity on 512 such points
// another one or two: off the page's thread. The rows are kept twice (here and in the page): the measures'
// rows (up to 8,192 of each kind) are then never copied on the page's thread, and an anchor's cosines
// (O(rows x dim)) are the page's, so a click never waits behind a measure here. A refused file leaves the
// current rows as they were.
import {
  alignmentInput,
  alignmentOf,
  MEASURE_ROWS,
  normalise,
  toleranceInput,
  toleranceOf,
  type UnitRows,
  uniformityOf,
} from '../../analysis/analysis';
import {
  type FileContent,
  isCsv,
  labelCodes,
  pairGroups,
  positivePairs,
  readDataset,
  vectorFormatOf,
} from '../../analysis/dataset';
import { countText, MAX_FILE_BYTES, type MetadataColumn } from '../../analysis/types';
import { leadingSubspace, PROJECTION_SAMPLE } from '../../charts/hypersphere/projection';
import { subsampleIndices } from '../../core/pairHistograms';
import type { AnalysisDataset } from '../../state/analysisStore';
import type { AnalysisReply, AnalysisRequest } from './messages';

/** Bytes of a file's start that tell its format. */
const HEAD_BYTES = 4096;

/** Sends a reply, transferring the given buffers. */
export type Post = (reply: AnalysisReply, transfer?: Transferable[]) => void;

/** The rows the worker measures: the latest load that was not refused. */
interface Current {
  readonly id: number;
  readonly points: UnitRows;
  readonly columns: readonly MetadataColumn[];
}

/** Handles the panel's requests, in the order they come; one per worker. */
export class AnalysisHost {
  private current: Current | null = null;
  /** the newest load asked for: an older one still being read when it comes is dropped, as the page drops it */
  private latestLoad = 0;

  constructor(private readonly post: Post) {}

  async handle(request: AnalysisRequest): Promise<void> {
    if (request.type === 'load') {
      this.latestLoad = request.id;
      return this.load(request.id, request.vectors, request.metadata);
    }
    const { current } = this;
    if (current?.id !== request.datasetId) return; // about rows that were replaced
    const { labelColumn, pairColumn } = request;
    const labels = labelColumn === null ? undefined : current.columns[labelColumn];
    const pairs = pairColumn === null ? undefined : current.columns[pairColumn];
    const tolerance = labels ? toleranceInput(current.points, labelCodes(labels.cells).codes) : null;
    const alignment = pairs
      ? alignmentInput(current.points, positivePairs(pairGroups(pairs.cells).members, MEASURE_ROWS))
      : null;
    this.post({
      type: 'measures',
      datasetId: current.id,
      measures: {
        labelColumn,
        pairColumn,
        tolerance: tolerance ? toleranceOf(tolerance.points, tolerance.labels) : null,
        alignment: alignment ? alignmentOf(alignment.points, alignment.pairs) : null,
      },
    });
  }

  private async load(id: number, vectorsFile: File, metadataFile: File | null): Promise<void> {
    const refuse = (file: string, problems: string[]) => this.post({ type: 'refused', id, file, problems });
    const started = performance.now();
    const vectors = await readFile(vectorsFile, true);
    if ('problem' in vectors) return refuse(vectorsFile.name, [vectors.problem]);
    const metadata = metadataFile ? await readFile(metadataFile, false) : null;
    if (metadata && 'problem' in metadata) return refuse(metadataFile?.name ?? '', [metadata.problem]);
    const read = performance.now();
    const result = readDataset(
      vectors.content,
      vectors.format,
      metadata && 'text' in metadata.content
        ? { name: metadata.content.name, text: metadata.content.text, csv: metadata.format === 'csv' }
        : null,
    );
    if (!result.ok) return refuse(result.file, [...result.problems]);
    if (id !== this.latestLoad) return; // replaced while it was read: the page keeps what it shows
    const { points, norms } = normalise(result.value.table);
    const parsed = performance.now();
    const { projection, captured } = project(points);
    const projected = performance.now();
    this.current = { id, points, columns: result.value.columns };
    const copy: UnitRows = { ...points, unit: points.unit.slice() }; // the page's, transferred
    const dataset: AnalysisDataset = {
      id,
      vectorsName: vectorsFile.name,
      metadataName: metadataFile?.name ?? null,
      format: result.value.format,
      points: copy,
      columns: result.value.columns,
      norms,
      projection,
      captured,
      timings: { readMs: read - started, parseMs: parsed - read, projectMs: projected - parsed },
    };
    this.post({ type: 'loaded', dataset }, [copy.unit.buffer, projection.buffer]);
    // Uniformity after the page has its points (a measure asked for meanwhile waits its turn).
    this.post({ type: 'uniformity', datasetId: id, uniformity: uniformityOf(points) });
  }
}

/** A file's content and format, or why it cannot be read. */
type ReadFile =
  | { readonly content: FileContent; readonly format: 'projector-tsv' | 'csv' | 'npy' }
  | { readonly problem: string };

// Reads a file whole, as bytes for a .npy (vectors only) and as text otherwise; never past MAX_FILE_BYTES.
async function readFile(file: File, vectors: boolean): Promise<ReadFile> {
  if (file.size > MAX_FILE_BYTES) {
    const mb = (bytes: number) => countText(bytes / 2 ** 20);
    return { problem: `the file is ${mb(file.size)} MB; files up to ${mb(MAX_FILE_BYTES)} MB are read` };
  }
  try {
    const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
    if (vectors) {
      const format = vectorFormatOf(file.name, head);
      const content: FileContent =
        format === 'npy'
          ? { name: file.name, bytes: await file.arrayBuffer() }
          : { name: file.name, text: await file.text() };
      return { content, format };
    }
    return {
      content: { name: file.name, text: await file.text() },
      format: isCsv(file.name, head) ? 'csv' : 'projector-tsv',
    };
  } catch {
    return { problem: 'the file could not be read' };
  }
}

/**
 * The view's unit points, rows x 3: the rows themselves up to 3 dimensions (z = 0 in 2), else their projection on
 * the hypersphere chart's uncentred PCA basis (charts/hypersphere/projection.ts, from 512 evenly spread rows),
 * renormalised onto the sphere as that chart does; and the share of the mean square the 3 axes hold.
 */
function project(points: UnitRows): { projection: Float32Array; captured: number } {
  const { rows, dim, unit } = points;
  const projection = new Float32Array(rows * 3);
  if (dim <= 3) {
    for (let i = 0; i < rows; i++) projection.set(unit.subarray(i * dim, (i + 1) * dim), i * 3);
    return { projection, captured: 1 };
  }
  const { axes, captured } = projectionAxes(points);
  for (let i = 0; i < rows; i++) {
    let squares = 0;
    for (let a = 0; a < 3; a++) {
      let sum = 0;
      for (let k = 0; k < dim; k++) sum += (axes[a * dim + k] as number) * (unit[i * dim + k] as number);
      projection[i * 3 + a] = sum;
      squares += sum * sum;
    }
    const norm = Math.sqrt(squares);
    if (norm > 0)
      for (let a = 0; a < 3; a++) projection[i * 3 + a] = (projection[i * 3 + a] as number) / norm;
  }
  return { projection, captured };
}

/**
 * The 3 leading axes (3 x dim) of the second moment of 512 evenly spread rows X (m x dim), and the share of the
 * mean square they hold. Above 512 dimensions through the m x m matrix (1/dim) X X^T instead (leadingSubspace
 * of X's columns): the same nonzero spectrum scaled by dim / m, axes X^T v normalised, at O(m^2 dim) instead of
 * O(m dim^2) (4,096 dimensions: about a tenth of the time).
 */
export function projectionAxes(points: UnitRows): { axes: Float64Array; captured: number } {
  const { rows, dim, unit } = points;
  const total = (values: Float64Array) => values.reduce((sum, value) => sum + value, 0);
  if (dim <= PROJECTION_SAMPLE) {
    const basis = leadingSubspace(unit, rows, dim, 3);
    return { axes: basis.axes, captured: total(basis.moments) };
  }
  const sample = subsampleIndices(rows, PROJECTION_SAMPLE);
  const m = sample.length;
  const columns = new Float32Array(dim * m); // X^T: row k holds column k of the sample
  sample.forEach((row, s) => {
    for (let k = 0; k < dim; k++) columns[k * m + s] = unit[row * dim + k] as number;
  });
  const dual = leadingSubspace(columns, dim, m, 3, null, dim);
  const axes = new Float64Array(3 * dim);
  for (let a = 0; a < 3; a++) {
    sample.forEach((row, s) => {
      const weight = dual.axes[a * m + s] as number;
      for (let k = 0; k < dim; k++)
        axes[a * dim + k] = (axes[a * dim + k] as number) + weight * (unit[row * dim + k] as number);
    });
    let squares = 0;
    for (let k = 0; k < dim; k++) squares += (axes[a * dim + k] as number) ** 2;
    const norm = Math.sqrt(squares);
    if (norm > 0) for (let k = 0; k < dim; k++) axes[a * dim + k] = (axes[a * dim + k] as number) / norm;
  }
  return { axes, captured: (total(dual.moments) * dim) / m };
}
