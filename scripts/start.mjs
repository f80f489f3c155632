// `npm start`: install what is missing, build for production, serve on 127.0.0.1 (PORT, default 4173).
import { spawn } from 'node:child_process';
import { ensureNodeModules, run } from './setup.mjs';

ensureNodeModules();
run(process.execPath, ['node_modules/vite/bin/vite.js', 'build']);

const port = process.env.PORT ?? '4173';
const server = spawn(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', port, '--strictPort'],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
let announced = false;
server.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (!announced && String(chunk).includes(port)) {
    announced = true;
    console.log(`\nInfoNCE Lab is running at http://127.0.0.1:${port}/  (Ctrl+C stops it)\n`);
  }
});
server.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
