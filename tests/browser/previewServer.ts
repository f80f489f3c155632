// Vitest global setup for the browser suite: serves the production build (dist/) with `vite preview` on a free
// loopback port and hands its address to the tests as `baseUrl`. LAB_DIST names another build folder (so two
// builds of one tree can be tested side by side; `vite build --outDir NAME`).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

let server: ChildProcess | undefined;

export default async function setup(project: TestProject) {
  const outDir = process.env.LAB_DIST ?? 'dist';
  if (!existsSync(`${outDir}/index.html`))
    throw new Error(`invalid build: run \`vite build\` before the browser tests (no ${outDir}/index.html)`);
  const port = await freePort();
  server = spawn(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
      '--outDir',
      outDir,
    ],
    { stdio: 'ignore' },
  );
  const baseUrl = `http://127.0.0.1:${port}/`;
  await waitForServer(baseUrl, 30_000);
  project.provide('baseUrl', baseUrl);
  return () => {
    server?.kill('SIGTERM');
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitForServer(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`preview server did not answer at ${url} within ${timeoutMs} ms`);
}
