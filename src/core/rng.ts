// Seeded random numbers with named streams.
//
// Algorithm: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state, PractRand-clean,
// the counter rules out short cycles), seeded by hashing "seed + stream name" with cyrb128 (bryc's
// 128-bit string hash). Only 32-bit integer ops (|0, >>>, Math.imul), so Node and every browser give the
// same sequence bit for bit.
//
// Streams: each (seed, stream) pair is its own generator, so draws on the 'batch' stream never shift the
// 'data' stream. `fork(name)` derives the sub-stream "<stream>/<name>" from the seed and the stream's NAME,
// not from the parent's position: a fork is the same however many numbers the parent has drawn.

/** Stream names used by the lab; any other string names an ad-hoc stream. */
export type StreamName = 'data' | 'init' | 'dropout' | 'batch' | (string & {});

/** A mutable indexable sequence (Array, Int32Array, Float32Array...) that `shuffle` can permute in place. */
export interface Swappable<T> {
  readonly length: number;
  [index: number]: T;
}

/** A seeded generator bound to one named stream; instances hold state, modules hold none. */
export interface Rng {
  /** The integer seed this stream was derived from. */
  readonly seed: number;
  /** Full stream path, e.g. 'data' or 'data/split'. */
  readonly stream: string;
  /** Uniform float in [0, 1) with 32 bits of resolution. */
  next(): number;
  /** Uniform unsigned 32-bit integer in [0, 2^32). */
  uint32(): number;
  /** Uniform integer in [0, n), unbiased (rejection sampling); n is an integer in [1, 2^32]. */
  int(n: number): number;
  /** Gaussian draw (Box-Muller; the spare value is cached in this instance). */
  normal(mean?: number, std?: number): number;
  /** Fisher-Yates shuffle in place; returns the same sequence for chaining. */
  shuffle<A extends Swappable<unknown>>(items: A): A;
  /** k distinct integers from [0, n) in random order (partial Fisher-Yates, O(k) memory when k << n). */
  sample(n: number, k: number): Int32Array;
  /** Independent sub-stream "<stream>/<name>", determined by (seed, path) only. */
  fork(name: string): Rng;
}

const TWO_POW_32 = 4294967296;

/** Throws `invalid seed` unless seed is a safe integer (links and flags carry integers). */
function checkSeed(seed: number): void {
  if (!Number.isSafeInteger(seed)) throw new Error(`invalid seed: ${seed}`);
}

/** cyrb128 (bryc, public domain): 128-bit hash of a string as four 32-bit words. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** The hashed key of a (seed, stream) pair; the NUL separator keeps "1"+"2x" apart from "12"+"x". */
function streamKey(seed: number, stream: string): string {
  return `${seed}\u0000${stream}`;
}

/** Creates the generator for one named stream of a seed; throws `invalid seed` / `invalid stream`. */
export function createRng(seed: number, stream: StreamName): Rng {
  checkSeed(seed);
  if (typeof stream !== 'string' || stream.length === 0) throw new Error(`invalid stream: ${String(stream)}`);
  return new Sfc32(seed, stream);
}

// A class rather than closures: methods on one prototype keep their optimised code, whereas closures made
// per generator (the engine makes several a step) left V8 recompiling them once their makers died.
class Sfc32 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = Number.NaN; // cached second Box-Muller value; NaN = none

  constructor(
    readonly seed: number,
    readonly stream: string,
  ) {
    const [a, b, c, d] = cyrb128(streamKey(seed, stream));
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    // Discard the first outputs: sfc32's author recommends a short warm-up so nearby keys decorrelate.
    for (let i = 0; i < 15; i++) this.uint32();
  }

  uint32(): number {
    // sfc32 step: 32-bit adds via |0, rotation via shifts; >>> 0 maps to unsigned.
    const a = this.a | 0;
    const b = this.b | 0;
    const c = this.c | 0;
    const d = this.d | 0;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    const rotated = (c << 21) | (c >>> 11);
    this.b = (c + (c << 3)) | 0;
    this.c = (rotated + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.uint32() / TWO_POW_32;
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) throw new Error(`invalid n: ${n}`);
    // Reject the top partial block so every residue is equally likely.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let u = this.uint32();
    while (u >= limit) u = this.uint32();
    return u % n;
  }

  normal(mean = 0, std = 1): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = Number.NaN;
      return mean + std * z;
    }
    const u1 = 1 - this.next(); // (0, 1]: log never sees 0
    const u2 = this.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    this.spare = r * Math.sin(theta);
    return mean + std * r * Math.cos(theta);
  }

  shuffle<A extends Swappable<unknown>>(items: A): A {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i] as A[number];
      items[i] = items[j] as A[number];
      items[j] = tmp;
    }
    return items;
  }

  sample(n: number, k: number): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) throw new Error(`invalid n: ${n}`);
    if (!Number.isInteger(k) || k < 0 || k > n) throw new Error(`invalid k: ${k}`);
    const out = new Int32Array(k);
    if (k * 4 >= n) {
      // Dense: partial Fisher-Yates over the whole range.
      const pool = new Int32Array(n);
      for (let i = 0; i < n; i++) pool[i] = i;
      for (let i = 0; i < k; i++) {
        const j = i + this.int(n - i);
        const picked = pool[j] as number;
        pool[j] = pool[i] as number;
        pool[i] = picked;
        out[i] = picked;
      }
      return out;
    }
    // Sparse: the same partial Fisher-Yates, remembering only the swapped slots.
    const swapped = new Map<number, number>();
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const picked = swapped.get(j) ?? j;
      swapped.set(j, swapped.get(i) ?? i);
      out[i] = picked;
    }
    return out;
  }

  fork(name: string): Rng {
    if (typeof name !== 'string' || name.length === 0) throw new Error(`invalid fork name: ${String(name)}`);
    return createRng(this.seed, `${this.stream}/${name}`);
  }
}

/**
 * `length` uniform draws in [0, 1) from the stream (seed, stream). The engine's dropout masks and random mining
 * scores come from here rather than tf.randomUniform, which builds a new seedrandom generator for every call:
 * V8 recompiled that generator's code for as long as training ran.
 */
export function uniformArray(seed: number, stream: StreamName, length: number): Float32Array {
  const rng = createRng(seed, stream);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = rng.next();
  return out;
}

/** Integer seed in [0, 2^31) for a tf.js random op (tf.randomNormal, initializers), drawn from `rng`. */
export function tfSeed(rng: Rng): number {
  return rng.uint32() >>> 1;
}

/** Integer seed in [0, 2^31) fixed by (seed, stream) alone, for tf.js ops that need one stable seed. */
export function deriveSeed(seed: number, stream: StreamName): number {
  checkSeed(seed);
  return cyrb128(streamKey(seed, `${stream}#seed`))[0] >>> 1;
}
