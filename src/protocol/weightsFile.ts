// Trained weights as a file people download and load back. On disk: JSON whose layers hold base64 of
// little-endian float32; in memory and across the worker boundary: Float32Arrays (transferred, not copied).
// Reading a file never throws: it gives the file or a refusal with the reason.
import type { TrainConfig } from './config';
import { configProblems, FIELD_SPECS } from './fields';
import { distinctBuffers } from './transfer';

/** The tag every weights file carries, so another JSON file is refused by name. */
export const WEIGHTS_FORMAT = 'infonce-lab-weights';
/** The version of the weights file this code writes and reads. */
export const WEIGHTS_VERSION = 1;
/** Largest weights file read, bytes (the largest model the lab builds needs about 19 MB). */
export const MAX_WEIGHTS_FILE_BYTES = 50 * 1024 * 1024;

/** One parameter tensor: its shape and its values, row-major. */
export interface WeightsLayer {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** A model's weights with the experiment that made them, decoded (the JSON holds base64). */
export interface WeightsFile {
  readonly format: typeof WEIGHTS_FORMAT;
  readonly version: typeof WEIGHTS_VERSION;
  /** the settings of the run the weights come from */
  readonly config: TrainConfig;
  /** the training step the weights were read at */
  readonly step: number;
  /** the encoder's variables in order: per dense layer, its kernel (in x out) then its bias (out) */
  readonly layers: readonly WeightsLayer[];
}

/** A weights file of the current format. */
export function weightsFileOf(
  config: TrainConfig,
  step: number,
  layers: readonly WeightsLayer[],
): WeightsFile {
  if (!Number.isInteger(step) || step < 0) throw new Error(`invalid step: ${step}`);
  return { format: WEIGHTS_FORMAT, version: WEIGHTS_VERSION, config, step, layers };
}

/** The buffers of a weights file, to pass as postMessage's transfer list. */
export function weightsTransferables(file: WeightsFile): ArrayBuffer[] {
  return distinctBuffers(file.layers.map((layer) => layer.data));
}

/** The file's JSON text: layers as base64 of little-endian float32. */
export function encodeWeightsFile(file: WeightsFile): string {
  return JSON.stringify({
    format: file.format,
    version: file.version,
    config: file.config,
    step: file.step,
    layers: file.layers.map((layer) => ({ shape: [...layer.shape], data: floatsToBase64(layer.data) })),
  });
}

/** Why a file of `bytes` bytes is too large to read, or null when it is not. */
export function weightsFileTooLarge(bytes: number): string | null {
  if (bytes <= MAX_WEIGHTS_FILE_BYTES) return null;
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `the file is ${mb(bytes)}, more than the ${mb(MAX_WEIGHTS_FILE_BYTES)} a weights file can be`;
}

/** Reads a weights file's text: the file, or a refusal saying why. Never throws. */
export function parseWeightsFile(text: string): { file: WeightsFile } | { error: string } {
  if (typeof text !== 'string') return { error: 'the file could not be read as text' };
  const tooLarge = weightsFileTooLarge(text.length);
  if (tooLarge) return { error: tooLarge };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { error: `the file is not JSON (${error instanceof Error ? error.message : 'unreadable'})` };
  }
  if (!isRecord(json)) return { error: 'the file is JSON but not an object' };
  if (json.format !== WEIGHTS_FORMAT) {
    return { error: `it is not an InfoNCE Lab weights file (its format is ${shown(json.format)})` };
  }
  if (json.version !== WEIGHTS_VERSION) {
    return {
      error: `its version ${shown(json.version)} is not one this lab reads (version ${WEIGHTS_VERSION})`,
    };
  }
  const step = json.step;
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0) {
    return { error: `its step ${shown(step)} is not a whole number of steps` };
  }
  const config = configOf(json.config);
  if (typeof config === 'string') return { error: config };
  const layers = decodeLayers(json.layers);
  if (typeof layers === 'string') return { error: layers };
  const file = weightsFileOf(config, step, layers);
  const problem = weightsProblem(file);
  return problem ? { error: problem } : { file };
}

/**
 * Why a weights file's layers cannot be an encoder, or null when they can: dense layers as kernel (in x out)
 * and bias (out) pairs that chain, each array as long as its shape says, every value finite.
 */
export function weightsProblem(file: WeightsFile): string | null {
  const { layers } = file;
  if (!Array.isArray(layers) || layers.length === 0) return 'it holds no layers';
  if (layers.length % 2 !== 0) return `its ${layers.length} layers are not kernel and bias pairs`;
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i] as WeightsLayer;
    const name = `layer ${i + 1} (${i % 2 === 0 ? 'a kernel' : 'a bias'})`;
    if (!isShape(layer?.shape) || !(layer.data instanceof Float32Array)) return `${name} is not a layer`;
    const size = layer.shape.reduce((product, n) => product * n, 1);
    if (layer.data.length !== size) {
      return `${name} has shape [${layer.shape.join(', ')}] but holds ${layer.data.length} values, not ${size}`;
    }
    const bad = layer.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) return `${name} holds a non-finite value (${layer.data[bad]}) at index ${bad}`;
    if (i % 2 === 0) {
      if (layer.shape.length !== 2) return `${name} has shape [${layer.shape.join(', ')}], not [in, out]`;
      const previous = layers[i - 2]?.shape[1];
      if (previous !== undefined && layer.shape[0] !== previous) {
        return `${name} takes ${layer.shape[0]} inputs but the layer before gives ${previous}`;
      }
    } else {
      const out = (layers[i - 1] as WeightsLayer).shape[1];
      if (layer.shape.length !== 1 || layer.shape[0] !== out) {
        return `${name} has shape [${layer.shape.join(', ')}], not [${out}] like its kernel's outputs`;
      }
    }
  }
  return null;
}

/** The model that a list of kernel and bias shapes describes, as its layer widths `in → hidden... → out`. */
export function describeModel(shapes: readonly (readonly number[])[]): string {
  const kernels = shapes.filter((_, i) => i % 2 === 0);
  const widths = [kernels[0]?.[0], ...kernels.map((shape) => shape[1])];
  return widths.map((w) => String(w ?? '?')).join(' → ');
}

/**
 * Why weights of `fileShapes` cannot load into a model of `modelShapes`, in plain words, or null when the shapes
 * agree. The page offers to apply the file's own settings (it holds them) and load it then.
 */
export function modelMismatch(
  fileShapes: readonly (readonly number[])[],
  modelShapes: readonly (readonly number[])[],
): string | null {
  const same =
    fileShapes.length === modelShapes.length &&
    fileShapes.every((shape, i) => shape.join() === modelShapes[i]?.join());
  if (same) return null;
  return `the file holds a model of another shape (layer widths ${describeModel(fileShapes)}) than this run's (${describeModel(modelShapes)}): weights only fit a model built with the same settings`;
}

/** How every notice of loaded weights opens: the store recognises them by it. */
const LOADED_OPENING = 'Loaded the weights';

/** What the page says once weights are loaded: from which step, that the step stays and Adam starts afresh. */
export function loadedNotice(file: WeightsFile, runConfig: TrainConfig, runStep: number): string {
  const otherData =
    file.config.dataset === runConfig.dataset
      ? ''
      : ` They were trained on ${file.config.dataset}; this run uses ${runConfig.dataset}.`;
  return `${LOADED_OPENING} of step ${file.step} from the file; training goes on from step ${runStep} with a fresh Adam optimiser (its moment estimates start again from zero).${otherData}`;
}

/** Whether a notice says that weights were loaded (one such banner at a time: a new one replaces it). */
export function isLoadedNotice(message: string): boolean {
  return message.startsWith(LOADED_OPENING);
}

/** The file's config, with only the known fields, or why it is not a valid one. */
function configOf(value: unknown): TrainConfig | string {
  if (!isRecord(value)) return 'its settings (config) are missing';
  const config = Object.fromEntries(
    Object.keys(FIELD_SPECS).map((key) => [key, value[key]]),
  ) as unknown as TrainConfig;
  const problems = configProblems(config);
  return problems.length === 0 ? config : `its settings are not valid: ${problems.slice(0, 3).join('; ')}`;
}

function decodeLayers(value: unknown): WeightsLayer[] | string {
  if (!Array.isArray(value) || value.length === 0) return 'it holds no layers';
  const layers: WeightsLayer[] = [];
  for (const [i, entry] of value.entries()) {
    const name = `layer ${i + 1}`;
    if (!isRecord(entry) || !isShape(entry.shape)) return `${name} has no valid shape`;
    if (typeof entry.data !== 'string') return `${name} has no data`;
    const data = base64ToFloats(entry.data);
    if (typeof data === 'string') return `${name}'s data ${data}`;
    layers.push({ shape: entry.shape, data });
  }
  return layers;
}

/** Strict base64: the alphabet, padded to a multiple of 4 (a truncated file fails here or on its length). */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function base64ToFloats(text: string): Float32Array | string {
  if (text.length % 4 !== 0 || !BASE64.test(text)) return 'is not base64 (is the file cut short?)';
  const binary = atob(text);
  if (binary.length % 4 !== 0) return `holds ${binary.length} bytes, not a whole number of float32 values`;
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i));
  const values = new Float32Array(binary.length / 4);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(4 * i, true);
  return values;
}

function floatsToBase64(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i] as number, true);
  // in chunks: String.fromCharCode takes its bytes as arguments, and argument lists are bounded
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isShape(value: unknown): value is number[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((n) => typeof n === 'number' && Number.isSafeInteger(n) && n > 0)
  );
}

/** An untrusted value as short text for a refusal (rendered as text, never markup). */
function shown(value: unknown): string {
  const text = value === undefined ? 'missing' : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
