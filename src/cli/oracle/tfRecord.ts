// Reading oracle records for the tf.js checks: typed access to a case's stored inputs (a malformed field throws,
// which fails that case only), comparisons of optional outputs, and autograd read back as plain arrays.
import * as tf from '@tensorflow/tfjs';
import { BatchMasks } from '../../engine/lossParts';
import type { CaseComparator } from './compare';

/** A parsed JSON object. */
export type Json = Record<string, unknown>;
/** A row-major matrix read back from a tensor or from the file. */
export type Matrix = number[][];
/** Checks one case; runs inside tf.tidy, so tensors it does not dispose are freed after it. */
export type CaseCheck = (record: Json, cmp: CaseComparator) => void;

/** True for a plain JSON object (not an array, not null). */
export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The finite number at key (throws when missing or not a number). */
export function numberField(record: Json, key: string): number {
  const value = record[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`field ${key}: not a number`);
  return value;
}

/** The non-empty list of finite numbers at key. */
export function vectorField(record: Json, key: string): number[] {
  const value = record[key];
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((v) => typeof v === 'number' && Number.isFinite(v))
  ) {
    throw new Error(`field ${key}: not a non-empty list of numbers`);
  }
  return value as number[];
}

/** The non-empty rectangular matrix of finite numbers at key. */
export function matrixField(record: Json, key: string): Matrix {
  const value = record[key];
  const width = Array.isArray(value) && Array.isArray(value[0]) ? value[0].length : 0;
  const ok =
    Array.isArray(value) &&
    value.length > 0 &&
    width > 0 &&
    value.every(
      (row) =>
        Array.isArray(row) &&
        row.length === width &&
        row.every((v) => typeof v === 'number' && Number.isFinite(v)),
    );
  if (!ok) throw new Error(`field ${key}: not a non-empty rectangular matrix of numbers`);
  return value as Matrix;
}

/** The JSON object at key. */
export function objectField(record: Json, key: string): Json {
  const value = record[key];
  if (!isObject(value)) throw new Error(`field ${key}: not an object`);
  return value;
}

/** Compares `actual` with record[key] when the file has that field (outputs other than `loss` are optional). */
export function closeIfPresent(
  cmp: CaseComparator,
  prefix: string,
  record: Json,
  key: string,
  actual: () => unknown,
): void {
  if (key in record) cmp.close(`${prefix}${key}`, actual(), record[key]);
}

/** Compares a 0/1 tensor with the boolean matrix record[key] exactly, when the file has that field. */
export function maskIfPresent(
  cmp: CaseComparator,
  prefix: string,
  record: Json,
  key: string,
  mask: () => tf.Tensor2D,
): void {
  if (key in record) {
    const flags = (mask().arraySync() as Matrix).map((row) => row.map((v) => v > 0));
    cmp.equal(`${prefix}${key}`, flags, record[key]);
  }
}

/** Value and gradients of a scalar loss with respect to each input tensor, read back as plain arrays. */
export function lossAndGrads(f: (...inputs: tf.Tensor2D[]) => tf.Scalar, inputs: tf.Tensor2D[]) {
  const { value, grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => f(...(xs as tf.Tensor2D[])))(inputs);
  return { loss: value.arraySync(), grads: grads.map((g) => g.arraySync() as Matrix) };
}

/** The 2N-row batch of an unsupervised case, with its masks; checks that the row count is even. */
export function unsupervisedBatch(record: Json): { x: tf.Tensor2D; masks: BatchMasks } {
  const rows = matrixField(record, 'x');
  if (rows.length % 2 !== 0) throw new Error(`field x: ${rows.length} rows, want an even number`);
  return { x: tf.tensor2d(rows), masks: new BatchMasks(rows.length / 2) };
}

/** Runs `body` with the masks of a batch and always frees them (they are kept outside every tidy). */
export function withMasks<T>(masks: BatchMasks, body: (masks: BatchMasks) => T): T {
  try {
    return body(masks);
  } finally {
    masks.dispose();
  }
}
