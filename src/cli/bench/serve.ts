// The production build the benchmark measures: rebuilt when missing or older than its sources, then served by
// `vite preview` on a free loopback port (a child process, stopped by its own pid).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const VITE = 'node_modules/vite/bin/vite.js';
/** What a build is made from: newer than the build means stale. */
const SOURCES = ['src', 'public', 'index.html', 'bench.html', 'vite.config.ts', 'package-lock.json'];
/** Longest wait for the preview server to print its address. */
const SERVER_START_MS = 30_000;

/** Newest modification time (ms) of a file or of any file under a directory; 0 when absent. */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Why `outDir` needs a build (missing page, or a source newer than it), or null when it is current. */
export function staleReason(outDir: string): string | null {
  const pages = ['index.html', 'bench.html'].map((page) => join(outDir, page));
  const missing = pages.find((page) => !existsSync(page));
  if (missing) return `${missing} is missing`;
  const built = Math.min(...pages.map((page) => statSync(page).mtimeMs));
  const newer = SOURCES.find((source) => newestMtime(source) > built);
  return newer ? `${newer} changed since the last build` : null;
}

/** Runs `vite build` into `outDir`; throws when it fails. */
export function build(outDir: string): void {
  const result = spawnSync(process.execPath, [VITE, 'build', '--outDir', outDir, '--emptyOutDir'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status ?? result.signal})`);
}

/** A running `vite preview` and its address. */
export interface PreviewServer {
  /** http://127.0.0.1:<port>/ */
  readonly baseUrl: string;
  /** stops the server process (by its pid) and waits for it to exit */
  stop(): Promise<void>;
}

/** Serves `outDir` on a port the OS picks (port 0), resolving once the server prints its address. */
export async function startPreview(outDir: string): Promise<PreviewServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [VITE, 'preview', '--host', '127.0.0.1', '--port', '0', '--strictPort', '--outDir', outDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
    await exited;
  };
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`vite preview printed no address: ${output}`)),
      SERVER_START_MS,
    );
    const read = (chunk: Buffer) => {
      output += String(chunk);
      const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve(`http://127.0.0.1:${match[1]}/`);
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`vite preview exited (${code}) before serving: ${output}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { baseUrl, stop };
}
