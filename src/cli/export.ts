// `npm run export -- --link "<share link>" --steps 300 --out run.py`: the experiment as a self-contained PyTorch
// script (src/handoff/pytorchScript.ts). The experiment's flags are `npm run train`'s; without --out the script
// goes to stdout. `--format sentence-transformers [--model <name>]` writes instead a script that fine-tunes a
// pretrained sentence encoder on the person's own sentences (src/handoff/sentenceTransformersScript.ts).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { experimentData } from '../handoff/experimentData';
import { pytorchScript } from '../handoff/pytorchScript';
import { DEFAULT_ST_MODEL, sentenceTransformersScript } from '../handoff/sentenceTransformersScript';
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

/** What --format writes. */
const FORMATS = ['pytorch', 'sentence-transformers'] as const;
type Format = (typeof FORMATS)[number];
const isFormat = (text: string): text is Format => (FORMATS as readonly string[]).includes(text);

function usage(): string {
  return [
    'Usage: npm run export -- [--link <link>] [--<key> <value>]... [--steps <n>] [--out <file.py>]',
    '       npm run export -- --format sentence-transformers [--model <name>] [--link <link>] [--out <file.py>]',
    '',
    'Writes the experiment as one PyTorch script (torch and numpy only; runs alone or under torchrun), or as a',
    'sentence-transformers script that fine-tunes a pretrained sentence encoder on your own sentences with the',
    "experiment's choices mapped to the library. The flags are the share link keys, as for npm run train; they",
    'override --link.',
    '',
    '  --link <link>      a share link, or its hash or query: the experiment to export',
    `  --format <f>       ${FORMATS.join(' or ')} (default: pytorch)`,
    `  --model <name>     sentence-transformers: the model to fine-tune (default: ${DEFAULT_ST_MODEL})`,
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
    (name) => ['link', 'steps', 'out', 'format', 'model'].includes(name) || isConfigKey(name),
  );
  if (flags.switches.has('help')) {
    console.log(usage());
    return 0;
  }
  const config = configOfFlags(flags);
  const stepsText = flags.values.get('steps');
  const steps =
    stepsText === undefined ? DEFAULT_STEPS : readStrict(stepsField(DEFAULT_STEPS), stepsText, flags.errors);
  const formatText = flags.values.get('format') ?? 'pytorch';
  if (!isFormat(formatText))
    flags.errors.push(`--format must be ${FORMATS.join(' or ')}, not "${formatText}"`);
  const format: Format = isFormat(formatText) ? formatText : 'pytorch';
  const model = flags.values.get('model');
  if (model !== undefined && format !== 'sentence-transformers') {
    flags.errors.push('--model is for --format sentence-transformers');
  }
  if (model !== undefined && model.trim() === '') flags.errors.push('--model needs a model name');
  if (format === 'sentence-transformers' && stepsText !== undefined) {
    flags.warnings.push(
      '--steps is for the PyTorch script; the sentence-transformers one takes --epochs or --max-steps',
    );
  }
  if (flags.errors.length > 0) {
    for (const error of flags.errors) console.error(`error: ${error}`);
    console.error(`\n${usage()}`);
    return 2;
  }
  for (const warning of flags.warnings) console.error(`warning: ${warning}`);
  const out = flags.values.get('out') ?? null;
  // the command line as the script's origin when no link was given: the flags are the experiment
  const link = flags.values.get('link') ?? `npm run export -- ${argv.join(' ')}`;
  if (format === 'sentence-transformers') {
    const script = sentenceTransformersScript({ config, link, model: model ?? DEFAULT_ST_MODEL });
    if (!out) {
      process.stdout.write(script);
      return 0;
    }
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, script);
    console.error(`wrote ${out}`);
    return 0;
  }
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
