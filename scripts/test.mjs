// `npm test`: typecheck, lint, unit and engine tests, production build, browser tests in Chromium.
// Stops at the first failing stage and ends with one summary line of the test counts.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { ensureChromium, ensureNodeModules, ensureTorch, run } from './setup.mjs';

ensureNodeModules();
ensureChromium();
ensureTorch();
mkdirSync('test-results', { recursive: true });

const node = process.execPath;
const stage = (name, args) => {
  console.log(`\n=== ${name}`);
  run(node, args);
};
const totals = { passed: 0, failed: 0, skipped: 0 };
const vitest = (name, projects) => {
  const out = `test-results/${name}.json`;
  const projectArgs = projects.flatMap((p) => ['--project', p]);
  console.log(`\n=== ${name} tests`);
  const args = [
    'node_modules/vitest/vitest.mjs',
    'run',
    ...projectArgs,
    '--reporter=default',
    '--reporter=json',
  ];
  try {
    run(node, [...args, `--outputFile.json=${out}`]);
  } finally {
    if (existsSync(out)) {
      const report = JSON.parse(readFileSync(out, 'utf8'));
      totals.passed += report.numPassedTests;
      totals.failed += report.numFailedTests;
      totals.skipped += report.numPendingTests + report.numTodoTests;
    }
  }
};

stage('typecheck', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']);
stage('lint', ['node_modules/@biomejs/biome/bin/biome', 'check', '.']);
vitest('node', ['unit', 'engine']);
stage('build', ['node_modules/vite/bin/vite.js', 'build']);
vitest('browser', ['browser']);
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
