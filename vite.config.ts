import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// base './' keeps every asset URL relative, so the build works from any sub-path (static hosting).
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  optimizeDeps: {
    include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu'],
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  preview: { host: '127.0.0.1' },
  server: { host: '127.0.0.1' },
});
