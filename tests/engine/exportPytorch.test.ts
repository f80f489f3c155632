// Issue 20 (1, 3): the experiment exported as a PyTorch script trains under Debian's PyTorch as the lab trains
// it. For the defaults, digits, the supervised and triplet objectives, a MoCo queue and false-negative
// elimination, the script runs STEPS steps under /usr/bin/python3 beside the lab's own run of the same link
// (tf.js wasm, trainSteps): its loss falls, its lines carry the keys of `npm run train -- --json`, and its final
// uniformity and kNN accuracy are within TOLERANCE of the lab's. Random streams differ (init, batches, masks),
// so the tolerances are those of two seeds of one experiment: measured over seeds 1-5, below.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotLine, trainSteps } from '../../src/cli/trainSteps';
import { loadRunDataSource, METRIC_POINTS } from '../../src/engine/runData';
import { experimentData } from '../../src/handoff/experimentData';
import { EMBED_LIMIT, pytorchScript } from '../../src/handoff/pytorchScript';
import { FIELD_SPECS } from '../../src/protocol/fields';
import { parseLink } from '../../src/state/url';
import { PYTHON, removeScripts, requireTorch, runScript, writeScript } from './pytorchHarness';

const STEPS = 300;
const DIGITS_PATH = fileURLToPath(new URL('../../public/data/digits.csv.gz', import.meta.url));
const loadDigits = async () => new Uint8Array(await readFile(DIGITS_PATH));

/** Largest allowed |PyTorch - lab| of the final uniformity and kNN accuracy, per experiment. */
interface Tolerance {
  readonly uniformity: number;
  readonly knn: number;
}

// Measured over seeds 1-5 at 300 steps (|PyTorch - lab| of the final value, largest of the five):
// defaults uniformity 0.028, kNN 0.172; digits 0.018, 0.106; supervised 0.178, 0.070; triplet 0.226, 0.069;
// queue 0.157, 0.154; eliminate 0.038, 0.144. The lab's own spread over those seeds is as wide (kNN 0.05-0.25,
// uniformity 0.014-0.25). Each tolerance is 1.5 x the largest difference, rounded up.
const CASES: readonly (readonly [string, string, Tolerance])[] = [
  ['defaults', '#seed=1', { uniformity: 0.05, knn: 0.26 }],
  ['digits', '#dataset=digits', { uniformity: 0.03, knn: 0.16 }],
  ['supervised', '#loss=supervised', { uniformity: 0.27, knn: 0.11 }],
  ['triplet', '#loss=triplet', { uniformity: 0.34, knn: 0.11 }],
  ['queue', '#neg=queue', { uniformity: 0.24, knn: 0.24 }],
  ['eliminate', '#fn=eliminate', { uniformity: 0.06, knn: 0.22 }],
];

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('the PyTorch export', () => {
  beforeAll(requireTorch);
  afterAll(removeScripts);

  it.each(['#seed=1', '#dataset=digits&seed=4'])('%s: holds the rows a lab run trains on', async (link) => {
    const config = parseLink(link).state.config;
    const ours = await experimentData(config, loadDigits);
    const lab = await loadRunDataSource(config, loadDigits);
    expect(ours.train.features).toEqual(lab.split.train.features);
    expect(ours.train.labels).toEqual(lab.split.train.labels);
    expect(ours.display.features).toEqual(lab.display.features);
    expect(ours.display.labels).toEqual(lab.display.labels);
    const dim = lab.reference.dim;
    ours.referenceRows.forEach((row, i) => {
      expect(lab.reference.features.subarray(i * dim, (i + 1) * dim)).toEqual(
        ours.train.features.subarray(row * dim, (row + 1) * dim),
      );
      expect(lab.reference.labels[i]).toBe(ours.train.labels[row]);
    });
    // uploadRunData's strided subset
    const stride = Math.max(1, Math.ceil(lab.display.rows / METRIC_POINTS));
    expect(Array.from(ours.metricRows)).toEqual(
      Array.from({ length: Math.ceil(lab.display.rows / stride) }, (_, i) => i * stride),
    );
  });

  it.each(CASES)('%s (%s): trains under PyTorch as the lab does', async (_name, link, tolerance) => {
    const config = parseLink(link).state.config;
    const path = await writeScript(config, STEPS, link);
    const pytorch = runScript(path); // runs in its own process while the lab trains here
    const lab = await trainSteps(config, STEPS);
    const { lines } = await pytorch;
    expect(lab.failure).toBeNull();
    const labLast = snapshotLine(lab.snapshots.at(-1) as NonNullable<(typeof lab.snapshots)[number]>);
    const snapshots = lines.filter((line) => line.summary !== true);
    expect(snapshots.map((line) => line.step)).toEqual(
      Array.from({ length: STEPS / 10 }, (_, i) => 10 * (i + 1)),
    );
    for (const line of snapshots) {
      expect(Object.keys(line)).toEqual(Object.keys(labLast));
      expect(line).toMatchObject({ backend: 'torch-cpu', tau: config.tau, batch_rows: 2 * config.batch });
      for (const key of ['loss', 'alignment', 'uniformity', 'tolerance', 'knn_acc', 'effective_rank']) {
        expect(Number.isFinite(line[key]), `${key} at ${line.step}`).toBe(true);
      }
    }
    expect(lines.at(-1)).toMatchObject({ summary: true, steps: STEPS, step: STEPS });
    const losses = snapshots.map((line) => line.loss as number);
    expect(mean(losses.slice(-3))).toBeLessThan(mean(losses.slice(0, 3)));
    const last = snapshots.at(-1) ?? {};
    const gaps = {
      uniformity: Math.abs(Number(last.uniformity) - Number(labLast.uniformity)),
      knn: Math.abs(Number(last.knn_acc) - Number(labLast.knn_acc)),
    };
    console.log(
      `${link}: uniformity lab ${labLast.uniformity} torch ${last.uniformity}; ` +
        `kNN lab ${labLast.knn_acc} torch ${last.knn_acc}`,
    );
    expect(gaps.uniformity).toBeLessThanOrEqual(tolerance.uniformity);
    expect(gaps.knn).toBeLessThanOrEqual(tolerance.knn);
  });

  it('implements every option of the lab, and refuses an option it does not know', async () => {
    const path = await writeScript(parseLink('#seed=2').state.config, 10, '#seed=2');
    const read = `import json, runpy; print(json.dumps(runpy.run_path(${JSON.stringify(path)}, run_name="x")["SUPPORTED"]))`;
    const supported = JSON.parse(execFileSync(PYTHON, ['-c', read], { encoding: 'utf8' })) as Record<
      string,
      string[]
    >;
    // text mode is not exported yet (porting.ts): its data set and its text-only fields stay out of SUPPORTED
    const textOnly: Record<string, readonly string[]> = { dataset: ['sentences', 'mine'] };
    const choices = Object.entries(FIELD_SPECS).filter(
      ([key, spec]) => spec.kind === 'choice' && key !== 'backend' && key !== 'pool',
    );
    expect(Object.keys(supported).sort()).toEqual(choices.map(([key]) => key).sort());
    for (const [key, spec] of choices)
      expect(supported[key], key).toEqual(
        spec.kind === 'choice' && spec.options.filter((option) => !textOnly[key]?.includes(option)),
      );
    const edited = path.replace(/run\.py$/, 'edited.py');
    writeFileSync(edited, readFileSync(path, 'utf8').replace('"pick": "all"', '"pick": "nearest"'));
    const refused = spawnSync(PYTHON, [edited], { encoding: 'utf8' });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain("refusing to run:\n  pick = 'nearest' is not implemented here");
  });

  it('refuses text mode, which has no Python port yet', async () => {
    const config = { ...parseLink('#seed=1').state.config, dataset: 'sentences' as const };
    await expect(experimentData(config, loadDigits)).rejects.toThrow('text mode: not exported yet');
  });

  it('rows too large to embed go to a file beside the script, which reads them from there', async () => {
    const config = { ...parseLink('#seed=1').state.config, classes: 32, inputDim: 256 };
    const path = await writeScript(config, 10, '#classes=32&indim=256');
    const script = readFileSync(path, 'utf8');
    expect(script).toContain('DATA_FILE = "run.data"');
    expect(script).not.toContain('"b64": (');
    expect(readFileSync(path.replace(/run\.py$/, 'run.data')).length).toBeGreaterThan(EMBED_LIMIT / 2);
    const { lines } = await runScript(path);
    expect(lines.at(-1)).toMatchObject({ summary: true, steps: 10 });
  });

  it('npm run export writes what the generator writes, the link at its top', async () => {
    const link = 'http://127.0.0.1:4173/#loss=triplet&seed=3';
    const cli = execFileSync(
      process.execPath,
      [
        'node_modules/tsx/dist/cli.mjs',
        'src/cli/export.ts',
        '--link',
        link,
        '--steps',
        '40',
        '--margin',
        '0.3',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const config = { ...parseLink(link).state.config, margin: 0.3 };
    const data = await experimentData(config, loadDigits);
    const { script } = await pytorchScript({ config, steps: 40, link, data, dataFileName: 'run.data' });
    expect(cli).toBe(script);
    expect(cli).toContain(`# Lab link: ${link}\n# Steps: 40`);
    expect(cli).toContain('"margin": 0.3,');
  });
});
