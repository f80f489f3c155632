// Browser-only: sets up tf.js for the engine from its parts, since all code here is parsed before the first
// step: the core and its gradients (not the union package `@tensorflow/tfjs`, whose tfjs-layers and
// tfjs-converter the engine does not use), the CPU and WASM backends at once, with the WASM binaries served by
// Vite as application/wasm, and WebGPU and WebGL on first need (loadBrowserBackend). Imported for its effect
// by the worker and the benchmark page, before any tf.js work.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPath from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdPath from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedPath from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendLoader } from './backend';

// The threaded build needs cross-origin isolation and gains nothing on 2 cores (PLATFORM.md).
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPath,
  'tfjs-backend-wasm-simd.wasm': wasmSimdPath,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedPath,
});

/**
 * Registers WebGPU or WebGL when first needed: together they are most of tf.js's code, and `auto` skips both
 * on a software GPU (as here), so the worker parses neither before its first step.
 */
export const loadBrowserBackend: BackendLoader = async (backend) => {
  if (backend === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  if (backend === 'webgl') await import('@tensorflow/tfjs-backend-webgl');
};
