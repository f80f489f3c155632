// Set-up shared by `npm start` and `npm test`: installs npm packages from the lock file when they are missing
// or older than the lock file or a patch to a dependency (patches/, applied after install), and (for the
// tests) Debian's Chromium and PyTorch when they are missing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Debian's interpreter, which python3-torch installs into (the PyTorch export's tests run scripts with it). */
export const PYTHON_PATH = '/usr/bin/python3';

/** Runs a command with inherited output; exits this process with its status when it fails. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

/** `npm ci` when node_modules is absent or older than package-lock.json or a patch to a dependency. */
export function ensureNodeModules() {
  const marker = 'node_modules/.package-lock.json';
  const sources = ['package-lock.json', ...readdirSync('patches').map((name) => `patches/${name}`)];
  const stale =
    !existsSync(marker) || sources.some((source) => statSync(marker).mtimeMs < statSync(source).mtimeMs);
  if (stale) {
    console.log('Installing npm packages from package-lock.json ...');
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
}

/** Whether we may install Debian packages: root with apt-get. */
const canAptInstall = () => process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');

/** apt-get install of Debian packages, after an update of the package lists. */
function aptInstall(packages) {
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', ...packages], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** Installs Debian's chromium when it is missing and we may (root with apt-get); else explains what to do. */
export function ensureChromium() {
  if (existsSync(CHROMIUM_PATH)) return;
  if (!canAptInstall()) {
    console.error(
      `Chromium is missing at ${CHROMIUM_PATH}. Install it (Debian: sudo apt-get install -y chromium)`,
    );
    console.error('or point CHROMIUM_PATH at a Chromium binary, then run npm test again.');
    process.exit(1);
  }
  console.log('Installing Debian chromium for the browser tests ...');
  aptInstall(['chromium']);
}

/**
 * Installs Debian's python3-torch (PyTorch and numpy for /usr/bin/python3) when it does not import and we may;
 * else explains what to do. The PyTorch export's tests run the exported scripts with it.
 */
export function ensureTorch() {
  const imports = () =>
    spawnSync(PYTHON_PATH, ['-c', 'import torch, numpy'], { stdio: 'ignore' }).status === 0;
  if (imports()) return;
  if (!canAptInstall()) {
    console.error(
      `PyTorch is missing for ${PYTHON_PATH}. Install it (Debian: sudo apt-get install -y python3-torch),`,
    );
    console.error('then run npm test again.');
    process.exit(1);
  }
  console.log('Installing Debian python3-torch for the PyTorch export tests (about 2 minutes) ...');
  aptInstall(['python3-torch']);
}
