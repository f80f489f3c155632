// A minimal static host for the production build under a sub-path (as GitHub Pages serves a project), with
// plain content types and no content encoding: what the lab must cope with beyond `vite preview`.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.gz': 'application/gzip',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.md': 'text/markdown',
};

/** Serves dist/ at `prefix` on a free loopback port; records requests that found no file. */
export async function serveDistUnder(prefix: string) {
  const misses: string[] = [];
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (!path.startsWith(prefix)) {
      misses.push(path);
      response.writeHead(404).end();
      return;
    }
    const relative = normalize(path.slice(prefix.length) || 'index.html').replace(/^(\.\.[/\\])+/, '');
    try {
      const body = await readFile(join('dist', relative.endsWith('/') ? `${relative}index.html` : relative));
      response.writeHead(200, { 'content-type': TYPES[extname(relative)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      misses.push(path);
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('invalid server address');
  return {
    url: `http://127.0.0.1:${address.port}${prefix}`,
    misses: () => [...misses],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
