// Typed arrays packed for a Python script: little-endian bytes, zlib-compressed (the web's CompressionStream
// 'deflate' is zlib's format, which Python's zlib.decompress reads), then base64 in the script or raw bytes in a
// file beside it. Pure: web-standard APIs only, so the page can export too.

/** The element types the script decodes (numpy dtype names, little-endian). */
export type PackedDtype = 'float32' | 'uint8' | 'uint16' | 'int32';

/** One array as the script reads it: values = frombuffer(zlib.decompress(bytes), dtype) * scale, reshaped. */
export interface PackedArray {
  readonly dtype: PackedDtype;
  readonly shape: readonly number[];
  /** multiplies the stored values (1 / 16 for the digits' ink counts), 1 for none */
  readonly scale: number;
  /** zlib-compressed little-endian values */
  readonly compressed: Uint8Array;
}

const ARRAYS: Record<PackedDtype, (values: readonly number[] | ArrayLike<number>) => ArrayBufferView> = {
  float32: (values) => Float32Array.from(values),
  uint8: (values) => Uint8Array.from(values),
  uint16: (values) => Uint16Array.from(values),
  int32: (values) => Int32Array.from(values),
};

/** zlib-compresses bytes with CompressionStream('deflate') (browsers and Node >= 18). */
async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const source = new Blob([new Uint8Array(bytes)]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(source).arrayBuffer());
}

/** Throws unless the platform is little-endian (typed arrays use the platform's byte order; numpy reads '<'). */
function requireLittleEndian(): void {
  if (new Uint8Array(Uint16Array.of(1).buffer)[0] !== 1) throw new Error('invalid platform: big-endian');
}

/** Packs integer values into the smallest unsigned type that holds them (int32 when some are negative). */
export async function packIndices(values: ArrayLike<number>, shape: readonly number[]): Promise<PackedArray> {
  let low = 0;
  let high = 0;
  for (let i = 0; i < values.length; i++) {
    low = Math.min(low, values[i] as number);
    high = Math.max(high, values[i] as number);
  }
  const dtype: PackedDtype = low < 0 ? 'int32' : high < 256 ? 'uint8' : high < 65536 ? 'uint16' : 'int32';
  return pack(dtype, values, shape, 1);
}

/**
 * Packs float features: as uint8 counts times `scale` when every value is exactly such a count (the digits:
 * ink 0..16 over 16, a quarter of the bytes and far better compressed), else as float32.
 */
export async function packFeatures(values: Float32Array, shape: readonly number[]): Promise<PackedArray> {
  const scale = 1 / 16;
  const counts = Array.from(values, (v) => v / scale);
  const exact = counts.every(
    (c, i) => Number.isInteger(c) && c >= 0 && c < 256 && Math.fround(c * scale) === values[i],
  );
  return exact ? pack('uint8', counts, shape, scale) : pack('float32', values, shape, 1);
}

async function pack(
  dtype: PackedDtype,
  values: ArrayLike<number>,
  shape: readonly number[],
  scale: number,
): Promise<PackedArray> {
  requireLittleEndian();
  const view = ARRAYS[dtype](values);
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  return { dtype, shape, scale, compressed: await deflate(bytes) };
}

/** Standard base64 of bytes (btoa over chunks: a single String.fromCharCode call overflows the stack). */
export function base64(bytes: Uint8Array): string {
  const chunk = 0x8000;
  let binary = '';
  for (let at = 0; at < bytes.length; at += chunk) {
    binary += String.fromCharCode(...bytes.subarray(at, at + chunk));
  }
  return btoa(binary);
}
