import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const page = (file: string) => fileURLToPath(new URL(file, import.meta.url));

// base './' keeps every asset URL relative, so the build works from any sub-path (static hosting).
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-core/dist/register_all_gradients',
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgl',
      '@tensorflow/tfjs-backend-webgpu',
    ],
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    // bench.html: the benchmark harness (`npm run bench`), never linked from the lab.
    rolldownOptions: { input: { index: page('./index.html'), bench: page('./bench.html') } },
  },
  preview: { host: '127.0.0.1' },
  server: { host: '127.0.0.1' },
});
