// Bundle sizes of the build, gzipped here with node:zlib: the lab's entry chunk (and the chunks it preloads),
// and the trainer worker's chunk with the chunks it imports statically, which alone should carry tf.js.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Sizes in KB (1000 bytes), raw and gzipped. */
export interface BundleSizes {
  /** the page's JavaScript: index.html's entry chunk and every chunk it loads, statically or on demand */
  readonly mainChunkGzipKb: number;
  /** the trainer.worker-*.js chunk plus the chunks it imports statically (all JS it runs before a step) */
  readonly workerChunkGzipKb: number;
  readonly mainChunkKb: number;
  readonly workerChunkKb: number;
  /** whether tf.js-core ended up in the page's chunks (it belongs in the worker only) */
  readonly tfjsInMain: boolean;
  readonly files: {
    readonly main: string;
    readonly preloads: string[];
    readonly page: string[];
    readonly worker: string;
    readonly workerImports: string[];
  };
}

/** A string tf.js-core carries (its URL flag parser), to see where tf.js was bundled. */
const TFJS_MARKER = 'tfjsflags';

const kb = (bytes: number) => Number((bytes / 1000).toFixed(1));

/** `import ... from "./x.js"`, `import "./x.js"` and `export ... from "./x.js"` (not `import("./x.js")`). */
const STATIC_IMPORT = /\b(?:import|export)\s*(?:[^"'()]*?\bfrom\s*)?["']\.\/([^"']+\.js)["']/g;
/** `import("./x.js")` (any quotes): a chunk loaded on demand (the entry loads the page's code this way at once). */
const DYNAMIC_IMPORT = /\bimport\(\s*["'`]\.\/([^"'`]+\.js)["'`]\s*\)/g;

/**
 * The chunks `file` (under assets/) imports, directly or through each other, as assets/ paths: statically, and
 * with `dynamic` also on demand.
 */
function importedChunks(read: (file: string) => Buffer, file: string, dynamic = false): string[] {
  const found = new Set<string>();
  const visit = (from: string) => {
    const code = read(from).toString('utf8');
    const matches = [...code.matchAll(STATIC_IMPORT), ...(dynamic ? code.matchAll(DYNAMIC_IMPORT) : [])];
    for (const match of matches) {
      const chunk = `assets/${match[1] as string}`;
      if (found.has(chunk)) continue;
      found.add(chunk);
      visit(chunk);
    }
  };
  visit(file);
  return [...found];
}

/** Measures the built files under `outDir`; throws when the expected chunks are missing. */
export function bundleSizes(outDir: string): BundleSizes {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const entry = /<script type="module"[^>]*src="\.?\/?(assets\/index-[^"]+\.js)"/.exec(html)?.[1];
  if (!entry) throw new Error(`invalid build: no index-*.js entry in ${outDir}/index.html`);
  const preloads = [...html.matchAll(/<link rel="modulepreload"[^>]*href="\.?\/?([^"]+\.js)"/g)].map(
    (m) => m[1] as string,
  );
  const worker = readdirSync(join(outDir, 'assets')).find((name) => /^trainer\.worker-.*\.js$/.test(name));
  if (!worker) throw new Error(`invalid build: no trainer.worker-*.js in ${outDir}/assets`);
  const read = (file: string) => readFileSync(join(outDir, file));
  const gz = (file: string) => gzipSync(read(file)).length;
  const workerFile = `assets/${worker}`;
  const workerImports = importedChunks(read, workerFile);
  // The page's code: the entry and everything it loads at start (statically, or on demand as the entry does
  // with the lab itself); lazily loaded parts are counted too, which errs on the large side.
  const pageFiles = [...new Set([entry, ...preloads, ...importedChunks(read, entry, true)])];
  const workerFiles = [workerFile, ...workerImports];
  return {
    mainChunkGzipKb: kb(pageFiles.reduce((sum, file) => sum + gz(file), 0)),
    workerChunkGzipKb: kb(workerFiles.reduce((sum, file) => sum + gz(file), 0)),
    mainChunkKb: kb(pageFiles.reduce((sum, file) => sum + read(file).length, 0)),
    workerChunkKb: kb(workerFiles.reduce((sum, file) => sum + read(file).length, 0)),
    tfjsInMain: pageFiles.some((file) => read(file).includes(TFJS_MARKER)),
    files: { main: entry, preloads, page: pageFiles, worker: workerFile, workerImports },
  };
}
