// The PyTorch hand-off: one experiment of the lab as one self-contained, readable Python file (torch and numpy
// only) that trains it as the lab does, alone or under torchrun. Pure: it takes the config, the steps, the link
// text and the rows (experimentData.ts), and uses web-standard APIs only, so `npm run export` and the page's
// export button make the same file.
import { isTextDataset } from '../data/types';
import type { TrainConfig } from '../protocol/config';
import { base64, type PackedArray, packFeatures, packIndices } from './arrayCodec';
import type { ExperimentData } from './experimentData';
import { FIELD_NOTES, headerLines, TEXT_NOT_EXPORTED } from './porting';
import { PY_MAIN } from './python/pyMain';
import { PY_METRICS } from './python/pyMetrics';
import { PY_MODEL } from './python/pyModel';
import { PY_OBJECTIVES } from './python/pyObjectives';
import { PY_SETUP } from './python/pySetup';
import { PY_STRATEGIES } from './python/pyStrategies';

/** What the export needs. */
export interface PytorchExportInput {
  readonly config: TrainConfig;
  readonly steps: number;
  /** the lab link the experiment came from, as given (written at the top of the script) */
  readonly link: string;
  readonly data: ExperimentData;
  /** the name of the data file written beside the script when the rows are too large to embed */
  readonly dataFileName: string;
}

/** The script, and the data file to write beside it when the rows did not fit in it (else null). */
export interface PytorchExport {
  readonly script: string;
  readonly dataFile: { readonly name: string; readonly bytes: Uint8Array } | null;
}

/** Most base64 characters embedded in the script (the default clusters take ~0.35 MB); beyond, a file beside. */
export const EMBED_LIMIT = 4_000_000;
/** base64 characters per line of the script */
const B64_LINE = 100;

/** A JSON-like value as a Python literal (True/False/None; JSON's numbers and strings are Python's too). */
export function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`invalid value: ${value}`);
    return JSON.stringify(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
  throw new Error(`invalid value: ${String(value)}`);
}

/** Packs the rows: features compactly, labels and row indices in the smallest integer type that holds them. */
async function packData(data: ExperimentData): Promise<Record<string, PackedArray>> {
  const { train, display } = data;
  return {
    train_x: await packFeatures(train.features, [train.rows, train.dim]),
    train_y: await packIndices(train.labels, [train.rows]),
    display_x: await packFeatures(display.features, [display.rows, display.dim]),
    display_y: await packIndices(display.labels, [display.rows]),
    reference_rows: await packIndices(data.referenceRows, [data.referenceRows.length]),
    metric_rows: await packIndices(data.metricRows, [data.metricRows.length]),
  };
}

/** What each packed array is, for the comment above DATA. */
const ARRAY_NOTES: Record<string, string> = {
  train_x: 'training rows (the lab trains on these)',
  train_y: 'their classes',
  display_x: 'held-out rows the lab shows on the sphere; tolerance reads all of them',
  display_y: 'their classes',
  reference_rows: 'rows of train_x that the kNN classifier looks up',
  metric_rows: 'rows of display_x (evenly strided) that uniformity and kNN accuracy read',
};

/** The DATA dict: each array's dtype, shape and scale, and its base64 (embedded) or its bytes' place (beside). */
function dataSection(arrays: Record<string, PackedArray>, embedded: boolean): string[] {
  const lines = [
    '# ---- the data ----------------------------------------------------------------------------------------------',
    '',
    embedded
      ? "# The lab's rows, packed: each array zlib-compressed little-endian values of its dtype, in base64, times its"
      : `# The lab's rows, packed: each array zlib-compressed little-endian values of its dtype, at its offset in`,
    embedded ? '# scale (load_data decodes them).' : '# DATA_FILE, times its scale (load_data decodes them).',
    ...Object.entries(arrays).map(
      ([name, a]) =>
        `#   ${name}: ${a.shape.join(' x ')} ${a.dtype}${a.scale === 1 ? '' : ` x ${a.scale}`}, ${ARRAY_NOTES[name]}`,
    ),
    'DATA = {',
  ];
  let offset = 0;
  for (const [name, a] of Object.entries(arrays)) {
    lines.push(`    "${name}": {`);
    lines.push(`        "dtype": "${a.dtype}",`, `        "shape": ${pythonLiteral(a.shape)},`);
    lines.push(`        "scale": ${pythonLiteral(a.scale)},`);
    if (embedded) {
      const text = base64(a.compressed);
      lines.push('        "b64": (');
      for (let at = 0; at < text.length; at += B64_LINE)
        lines.push(`            "${text.slice(at, at + B64_LINE)}"`);
      lines.push('        ),');
    } else {
      lines.push(`        "offset": ${offset},`, `        "length": ${a.compressed.length},`);
      offset += a.compressed.length;
    }
    lines.push('    },');
  }
  lines.push('}');
  return lines;
}

/** The exported script (and its data file when the rows are too large to embed). */
export async function pytorchScript(input: PytorchExportInput): Promise<PytorchExport> {
  const { config, steps, link, data, dataFileName } = input;
  if (!(Number.isInteger(steps) && steps >= 1)) throw new Error(`invalid steps: ${steps}`);
  if (isTextDataset(config.dataset)) throw new Error(TEXT_NOT_EXPORTED);
  const arrays = await packData(data);
  const base64Size = Object.values(arrays).reduce(
    (sum, a) => sum + 4 * Math.ceil(a.compressed.length / 3),
    0,
  );
  const embedded = base64Size <= EMBED_LIMIT;
  const configLines = (Object.keys(FIELD_NOTES) as (keyof TrainConfig)[]).map(
    (key) => `    "${key}": ${pythonLiteral(config[key])},  # ${FIELD_NOTES[key]}`,
  );
  const script = [
    '#!/usr/bin/env python3',
    ...headerLines(link.replace(/[\r\n]+/g, ' '), steps, embedded ? null : dataFileName).map((line) =>
      line ? `# ${line}` : '#',
    ),
    '',
    `LINK = ${pythonLiteral(link)}`,
    `STEPS = ${steps}`,
    `CLASSES = ${data.train.classes}  # classes of the data set (logQ's class probabilities)`,
    `DATA_FILE = ${embedded ? 'None' : pythonLiteral(dataFileName)}  # rows beside the script, or None`,
    '',
    '# The experiment, field by field as the lab names them (src/protocol/config.ts).',
    'CONFIG = {',
    ...configLines,
    '}',
    PY_SETUP,
    PY_MODEL,
    PY_OBJECTIVES,
    PY_STRATEGIES,
    PY_METRICS,
    PY_MAIN,
    ...dataSection(arrays, embedded),
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
    '',
  ].join('\n');
  const bytes = new Uint8Array(Object.values(arrays).reduce((sum, a) => sum + a.compressed.length, 0));
  let at = 0;
  for (const a of Object.values(arrays)) {
    bytes.set(a.compressed, at);
    at += a.compressed.length;
  }
  return { script, dataFile: embedded ? null : { name: dataFileName, bytes } };
}
