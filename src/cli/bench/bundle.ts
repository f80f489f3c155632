// Bundle sizes of the build, gzipped here with node:zlib: the lab's entry chunk (and the chunks it preloads),
// and the trainer worker's chunk with the chunks it imports statically, which alone should carry tf.js.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Sizes in KB (1000 bytes), raw and gzipped. */
export interface BundleSizes {
  /** the index-*.js entry chunk of index.html */
  readonly mainChunkGzipKb: number;
  /** the entry chunk plus the chunks index.html preloads with it (all JS the page needs to start) */
  readonly mainWithPreloadsGzipKb: number;
  /** the trainer.worker-*.js chunk plus the chunks it imports statically (all JS it runs before a step) */
  readonly workerChunkGzipKb: number;
  readonly mainChunkKb: number;
  readonly workerChunkKb: number;
  /** whether tf.js-core ended up in the lab's entry or its preloads (it belongs in the worker only) */
  readonly tfjsInMain: boolean;
  readonly files: {
    readonly main: string;
    readonly preloads: string[];
    readonly worker: string;
    readonly workerImports: string[];
  };
}

/** A string tf.js-core carries (its URL flag parser), to see where tf.js was bundled. */
const TFJS_MARKER = 'tfjsflags';

const kb = (bytes: number) => Number((bytes / 1000).toFixed(1));

/** `import ... from "./x.js"`, `import "./x.js"` and `export ... from "./x.js"` (not `import("./x.js")`). */
const STATIC_IMPORT = /\b(?:import|export)\s*(?:[^"'()]*?\bfrom\s*)?["']\.\/([^"']+\.js)["']/g;

/** The chunks `file` (under assets/) imports statically, directly or through each other, as assets/ paths. */
function staticImports(read: (file: string) => Buffer, file: string): string[] {
  const found = new Set<string>();
  const visit = (from: string) => {
    for (const match of read(from).toString('utf8').matchAll(STATIC_IMPORT)) {
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
  const workerImports = staticImports(read, workerFile);
  const workerFiles = [workerFile, ...workerImports];
  return {
    mainChunkGzipKb: kb(gz(entry)),
    mainWithPreloadsGzipKb: kb([entry, ...preloads].reduce((sum, file) => sum + gz(file), 0)),
    workerChunkGzipKb: kb(workerFiles.reduce((sum, file) => sum + gz(file), 0)),
    mainChunkKb: kb(read(entry).length),
    workerChunkKb: kb(workerFiles.reduce((sum, file) => sum + read(file).length, 0)),
    tfjsInMain: [entry, ...preloads].some((file) => read(file).includes(TFJS_MARKER)),
    files: { main: entry, preloads, worker: workerFile, workerImports },
  };
}
