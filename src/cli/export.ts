// `npm run export -- --link "<share link>" --steps 300 --out run.py`: the experiment as a self-contained PyTorch
// script (src/handoff/pytorchScript.ts). The experiment's flags are `npm run train`'s; without --out the script
// goes to stdout.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { experimentData } from '../handoff/experimentData';
import { pytorchScript } from '../handoff/pytorchScript';
import {
  configOfFlags,
  DEFAULT_STEPS,
  experimentUsage,
  isConfigKey,
  readFlags,
  readStrict,
  stepsField,
  usageLine,
} from '../state/cliArgs';

/** The digits file shipped in public/ (the page fetches it; here it is read from disk). */
const DIGITS_PATH = fileURLToPath(new URL('../../public/data/digits.csv.gz', import.meta.url));

function usage(): string {
  return [
    'Usage: npm run export -- [--link <link>] [--<key> <value>]... [--steps <n>] [--out <file.py>]',
    '',
    'Writes the experiment as one PyTorch script (torch and numpy only; runs alone or under torchrun).',
    'The flags are the share link keys, as for npm run train; they override --link.',
    '',
    '  --link <link>      a share link, or its hash or query: the experiment to export',
    usageLine('--steps <n>', stepsField(DEFAULT_STEPS).codec.range, String(DEFAULT_STEPS)),
    '  --out <file.py>    where to write the script (default: stdout)',
    '  --help, -h         print this help',
    '',
    ...experimentUsage(),
  ].join('\n');
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const flags = readFlags(
    argv,
    new Set(['help']),
    (name) => name === 'link' || name === 'steps' || name === 'out' || isConfigKey(name),
  );
  if (flags.switches.has('help')) {
    console.log(usage());
    return 0;
  }
  const config = configOfFlags(flags);
  const stepsText = flags.values.get('steps');
  const steps =
    stepsText === undefined ? DEFAULT_STEPS : readStrict(stepsField(DEFAULT_STEPS), stepsText, flags.errors);
  if (flags.errors.length > 0) {
    for (const error of flags.errors) console.error(`error: ${error}`);
    console.error(`\n${usage()}`);
    return 2;
  }
  for (const warning of flags.warnings) console.error(`warning: ${warning}`);
  const out = flags.values.get('out') ?? null;
  // the command line as the script's origin when no link was given: the flags are the experiment
  const link = flags.values.get('link') ?? `npm run export -- ${argv.join(' ')}`;
  const data = await experimentData(config, async () => new Uint8Array(await readFile(DIGITS_PATH)));
  const dataFileName = `${basename(out ?? 'run.py').replace(/\.py$/, '')}.data`;
  const { script, dataFile } = await pytorchScript({ config, steps, link, data, dataFileName });
  if (!out) {
    if (dataFile) {
      console.error('error: the rows are too large to embed in the script; give --out so they go beside it');
      return 1;
    }
    process.stdout.write(script);
    return 0;
  }
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, script);
  if (dataFile) await writeFile(join(dirname(out), dataFile.name), dataFile.bytes);
  console.error(`wrote ${out}${dataFile ? ` and ${join(dirname(out), dataFile.name)}` : ''}`);
  return 0;
}

process.exitCode = await main();
