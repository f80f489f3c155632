/** The distinct buffers under `arrays`, as postMessage's transfer list wants them (a buffer listed twice throws). */
export function distinctBuffers(arrays: readonly ArrayBufferView[]): ArrayBuffer[] {
  return [...new Set(arrays.map((array) => array.buffer as ArrayBuffer))];
}
