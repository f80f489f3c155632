import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice, BackendName } from '../protocol/config';
import type { AdapterInfo, BackendReport } from '../protocol/snapshot';

/** Backends in the order `auto` prefers them when they measure the same. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'wasm', 'webgl', 'cpu'];

/** Measures training speed (steps per second) on the backend that is active when it is called. */
export type SpeedProbe = (backend: BackendName) => Promise<number>;

/** Registers a backend that its platform loads on first need (the browser's GPU backends); else a no-op. */
export type BackendLoader = (backend: BackendName) => Promise<void>;

const registeredAlready: BackendLoader = async () => {};

/** Runs `load` for `name`; a backend whose code fails to load is then simply not registered. */
async function tryLoad(load: BackendLoader, name: BackendName): Promise<void> {
  try {
    await load(name);
  } catch {
    // activateBackend finds no factory and reports the backend as unavailable
  }
}

/** A forced backend that cannot run; carries the reason for the page. */
export class BackendUnavailableError extends Error {
  constructor(
    readonly backend: BackendName,
    reason: string,
  ) {
    super(`backend ${backend} is not available: ${reason}`);
  }
}

/** Describes the WebGPU adapter the browser offers, or null where there is none (Node, no flag, no GPU). */
export async function probeWebGpuAdapter(): Promise<AdapterInfo | null> {
  const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
  if (!gpu) return null;
  try {
    const adapter = (await gpu.requestAdapter()) as {
      info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
      isFallbackAdapter?: boolean;
    } | null;
    if (!adapter) return null;
    const info = adapter.info ?? {};
    return {
      vendor: info.vendor ?? '',
      architecture: info.architecture ?? '',
      description: info.description ?? '',
      // Chromium moved the flag from the adapter to its info; read both.
      isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
    };
  } catch {
    return null;
  }
}

/** The WebGL renderer's name (e.g. "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device ...))"), or null. */
export function probeWebGlRenderer(): string | null {
  if (typeof OffscreenCanvas === 'undefined') return null;
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return renderer;
  } catch {
    return null;
  }
}

/** Software rasterisers: WebGL there compiles shaders for seconds and then runs slower than wasm (PLATFORM.md). */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software/i;

/** Switches tf.js to `name` and confirms it really runs there: tf.js falls back silently otherwise. */
export async function activateBackend(name: BackendName): Promise<boolean> {
  if (!tf.engine().registryFactory[name]) return false;
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

const describeAdapter = (adapter: AdapterInfo) =>
  [adapter.vendor, adapter.architecture, adapter.description].filter(Boolean).join(' ') || 'unnamed adapter';

/**
 * Picks and activates the backend for a run. A forced choice that fails throws BackendUnavailableError (it is
 * reported, never replaced). `auto` takes WebGPU on a real (non-fallback) adapter; otherwise it measures the
 * other registered candidates with `probe` and keeps the fastest, or takes a lone candidate without measuring.
 * `load` registers a backend only once it is forced or a candidate.
 */
export async function chooseBackend(
  choice: BackendChoice,
  probe: SpeedProbe,
  load: BackendLoader = registeredAlready,
): Promise<BackendReport> {
  // wasm is where `auto` ends wherever WebGPU is not on hardware: it starts (its binary fetched and compiled)
  // while the WebGPU adapter and the WebGL renderer are probed (~0.4 s of start-up here).
  const wasmStarting = choice === 'auto' ? activateBackend('wasm') : Promise.resolve(false);
  const adapter = await probeWebGpuAdapter();
  if (choice !== 'auto') {
    if (choice === 'webgpu' && !adapter) {
      throw new BackendUnavailableError('webgpu', 'this browser offers no WebGPU adapter');
    }
    await tryLoad(load, choice);
    if (!(await activateBackend(choice))) {
      throw new BackendUnavailableError(
        choice,
        `tf.js could not start it (running ${tf.getBackend() ?? 'none'})`,
      );
    }
    const on = choice === 'webgpu' && adapter ? ` on ${describeAdapter(adapter)}` : '';
    return {
      backend: choice,
      requested: choice,
      reason: `forced by the link or the control${on}`,
      adapter,
      measured: {},
    };
  }

  const hardware = adapter !== null && !adapter.isFallbackAdapter;
  const renderer = hardware ? null : probeWebGlRenderer();
  await wasmStarting; // no other backend starts while wasm is starting (tf.js initialises one at a time)
  if (hardware) {
    await tryLoad(load, 'webgpu');
    if (await activateBackend('webgpu')) {
      return {
        backend: 'webgpu',
        requested: 'auto',
        reason: `WebGPU on a hardware adapter (${describeAdapter(adapter)})`,
        adapter,
        measured: {},
      };
    }
  }

  const why = adapter
    ? `the WebGPU adapter is a software fallback (${describeAdapter(adapter)})`
    : 'no WebGPU adapter is available';
  const skipped: string[] = [];
  const candidates: BackendName[] = [];
  for (const name of BACKEND_ORDER) {
    // Software GPUs are the slowest choices here (PLATFORM.md) and cost seconds of shader compiles to measure.
    if (name === 'webgpu') {
      if (adapter) skipped.push('webgpu (software adapter)');
      continue;
    }
    const webglRenderer = name === 'webgl' ? (renderer ?? probeWebGlRenderer()) : null;
    if (webglRenderer !== null && SOFTWARE_RENDERER.test(webglRenderer)) {
      skipped.push('webgl (software renderer)');
      continue;
    }
    await tryLoad(load, name);
    if (tf.engine().registryFactory[name]) candidates.push(name);
  }
  // cpu runs the same kernels in plain JavaScript: never faster than wasm, and its probe costs ~1.3 s of
  // start-up, so it stays a candidate only where wasm cannot start.
  if (candidates.includes('wasm') && candidates.includes('cpu')) {
    const dropped = (await activateBackend('wasm')) ? 'cpu' : 'wasm';
    candidates.splice(candidates.indexOf(dropped), 1);
    skipped.push(dropped === 'cpu' ? 'cpu (plain JavaScript, slower than wasm)' : 'wasm (could not start)');
  }
  const notMeasured = skipped.length > 0 ? `; not measured: ${skipped.join(', ')}` : '';

  // Measuring a lone candidate would only delay the first step (~250 ms) with nothing to compare it with.
  const [only] = candidates;
  if (candidates.length === 1 && only && (await activateBackend(only))) {
    return {
      backend: only,
      requested: 'auto',
      reason: `${why}${notMeasured}; ${only} is the only candidate left (taken without measuring)`,
      adapter,
      measured: {},
    };
  }

  const measured: Partial<Record<BackendName, number>> = {};
  for (const name of candidates) {
    if (!(await activateBackend(name))) continue;
    try {
      measured[name] = await probe(name);
    } catch {
      // a backend that fails to train is simply not a candidate
    }
  }
  const ranked = (Object.entries(measured) as [BackendName, number][]).sort((a, b) => b[1] - a[1]);
  const best = ranked[0];
  if (!best || !(await activateBackend(best[0]))) {
    throw new BackendUnavailableError('cpu', 'no tf.js backend could train here');
  }
  const table = ranked.map(([name, speed]) => `${name} ${speed.toFixed(0)}`).join(', ');
  return {
    backend: best[0],
    requested: 'auto',
    reason: `${why}; measured steps/s: ${table}${notMeasured}; ${best[0]} is fastest`,
    adapter,
    measured,
  };
}
