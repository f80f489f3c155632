// Helpers of the PyTorch export's tests: Debian's PyTorch (required, never skipped), the exported script of a
// config written to a temporary folder, and its runs, alone or under torchrun, read as JSON lines.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { experimentData } from '../../src/handoff/experimentData';
import { pytorchScript } from '../../src/handoff/pytorchScript';
import type { TrainConfig } from '../../src/protocol/config';

/** Debian's interpreter, which python3-torch installs into (another python3 may come first on PATH). */
export const PYTHON = '/usr/bin/python3';
export const TORCHRUN = '/usr/bin/torchrun';

const DIGITS_PATH = fileURLToPath(new URL('../../public/data/digits.csv.gz', import.meta.url));

/** Throws, with how to install it, unless /usr/bin/python3 imports torch and numpy. */
export function requireTorch(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      `PyTorch is missing for ${PYTHON} (${(probe.stderr || String(probe.error)).trim().split('\n').at(-1)}). ` +
        'Install it: apt-get install -y python3-torch (Debian; npm test installs it when run as root).',
    );
  }
}

/** The temporary folders writeScript made, for removeScripts. */
const folders: string[] = [];

/** A config's exported script, written to a new temporary folder; returns its path. */
export async function writeScript(config: TrainConfig, steps: number, link: string): Promise<string> {
  const data = await experimentData(config, async () => new Uint8Array(await readFile(DIGITS_PATH)));
  const { script, dataFile } = await pytorchScript({ config, steps, link, data, dataFileName: 'run.data' });
  const folder = mkdtempSync(join(tmpdir(), 'infonce-export-'));
  folders.push(folder);
  writeFileSync(join(folder, 'run.py'), script);
  if (dataFile) writeFileSync(join(folder, dataFile.name), dataFile.bytes);
  return join(folder, 'run.py');
}

/** Removes every folder writeScript made (call after a file's tests). */
export function removeScripts(): void {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/** One thread a process: the machine has two cores, shared with the lab's run and other test files. */
const ENV = { ...process.env, OMP_NUM_THREADS: '1' };

/** What a run printed: its JSON lines in order (every line must parse), stderr, and its wall time in s. */
export interface ScriptRun {
  readonly lines: Record<string, unknown>[];
  readonly stderr: string;
  readonly seconds: number;
}

/** Runs a command to its end without blocking the event loop (the lab's run can train meanwhile). */
function runCommand(command: string, args: readonly string[]): Promise<ScriptRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: ENV });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${stderr.slice(-3000)}`));
        return;
      }
      const lines = stdout
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      resolve({ lines, stderr, seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** The script in one process. */
export function runScript(path: string, args: readonly string[] = []): Promise<ScriptRun> {
  return runCommand(PYTHON, [path, ...args]);
}

/**
 * The script under torchrun with `processes` CPU processes (gloo). Debian's torch 1.13 on Python 3.11: the
 * default --redirects and --tee ("0") fail on an enum change of Python 3.11, so both name a rank that does not
 * exist; a short monitor interval ends the run as soon as its processes do.
 */
export function runTorchrun(
  path: string,
  processes: number,
  args: readonly string[] = [],
): Promise<ScriptRun> {
  return runCommand(TORCHRUN, [
    '--standalone',
    '--monitor_interval',
    '0.2',
    '--redirects',
    '9:1',
    '--tee',
    '9:1',
    '--nproc_per_node',
    String(processes),
    path,
    ...args,
  ]);
}
