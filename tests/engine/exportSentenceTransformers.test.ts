// Issue 20 (3): the sentence-transformers export compiles and runs, as far as it can without the library.
// sentence-transformers cannot be installed on these machines, so the scripts are never run against the real
// library here. What this file does instead:
// - every script of the cases below compiles under Debian's /usr/bin/python3 (`py_compile`);
// - each runs end to end (arguments, reading the file, mining, the loss, the training arguments, the trainer,
//   the save) against a stub `sentence_transformers` and `datasets` put first on PYTHONPATH: a few Python files
//   whose classes and functions have the signatures confirmed in the library's source (keyword names and
//   defaults; an unknown keyword is a TypeError) and record every call with its values to a JSON-lines file.
//   That proves the script calls what it names with the values the lab's fields map to (scale 1 / tau, the
//   relative margin, the mini-batch, the sampler, the mining) and reads the person's file as described; it does
//   not prove that the real library trains, nor that its behaviour matches the comments.
// - `npm run export -- --format sentence-transformers` writes what the generator writes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ST_MODEL, sentenceTransformersScript } from '../../src/handoff/sentenceTransformersScript';
import { parseLink } from '../../src/state/url';

const PYTHON = '/usr/bin/python3';

// The stub library: the signatures as read in huggingface/sentence-transformers (losses/*.py, util's
// mine_hard_negatives, training_args.BatchSamplers); TrainingArguments only takes the keywords the script
// passes (all of them transformers.TrainingArguments fields).
const STUB: Record<string, string> = {
  'record.py': `
import json, os
def record(call, **values):
    with open(os.environ["ST_STUB_RECORD"], "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"call": call, **values}, default=str) + "\\n")
`,
  'datasets/__init__.py': `
from record import record
class Dataset:
    def __init__(self, columns):
        self.columns = columns
    @classmethod
    def from_dict(cls, mapping):
        record("Dataset.from_dict", columns={key: list(value) for key, value in mapping.items()})
        return cls({key: list(value) for key, value in mapping.items()})
    @property
    def column_names(self):
        return list(self.columns)
    def __len__(self):
        return len(next(iter(self.columns.values())))
`,
  'sentence_transformers/__init__.py': `
import os
from record import record
__version__ = os.environ.get("ST_STUB_VERSION", "5.1.1")
class SentenceTransformer:
    def __init__(self, model_name_or_path=None):
        self.name = model_name_or_path
        record("SentenceTransformer", name=model_name_or_path)
    def save_pretrained(self, path):
        record("save_pretrained", path=path)
class SentenceTransformerTrainingArguments:
    def __init__(self, *, output_dir, num_train_epochs, max_steps, per_device_train_batch_size, learning_rate,
                 warmup_steps, seed, batch_sampler, logging_steps, save_strategy, report_to):
        values = dict(locals())
        values.pop("self")
        values["batch_sampler"] = getattr(batch_sampler, "value", batch_sampler)
        record("SentenceTransformerTrainingArguments", **values)
class SentenceTransformerTrainer:
    def __init__(self, model=None, args=None, train_dataset=None, eval_dataset=None, loss=None):
        record("SentenceTransformerTrainer", model=model.name, columns=train_dataset.column_names,
               rows=len(train_dataset), loss=type(loss).__name__)
    def train(self):
        record("train")
from . import losses, util
`,
  'sentence_transformers/training_args.py': `
import enum
class BatchSamplers(str, enum.Enum):
    BATCH_SAMPLER = "batch_sampler"
    NO_DUPLICATES = "no_duplicates"
    GROUP_BY_LABEL = "group_by_label"
`,
  'sentence_transformers/losses.py': `
from record import record
class MultipleNegativesRankingLoss:
    def __init__(self, model, scale=20.0, similarity_fct=None, gather_across_devices=False):
        record("MultipleNegativesRankingLoss", scale=scale)
class CachedMultipleNegativesRankingLoss:
    def __init__(self, model, scale=20.0, similarity_fct=None, mini_batch_size=32, gather_across_devices=False,
                 show_progress_bar=False):
        record("CachedMultipleNegativesRankingLoss", scale=scale, mini_batch_size=mini_batch_size)
class GISTEmbedLoss:
    def __init__(self, model, guide, temperature=0.01, margin_strategy="absolute", margin=0.0,
                 contrast_anchors=True, contrast_positives=True, gather_across_devices=False):
        record("GISTEmbedLoss", guide=guide.name, temperature=temperature, margin_strategy=margin_strategy,
               margin=margin)
class CachedGISTEmbedLoss:
    def __init__(self, model, guide, temperature=0.01, mini_batch_size=32, show_progress_bar=False,
                 margin_strategy="absolute", margin=0.0):
        record("CachedGISTEmbedLoss", guide=guide.name, temperature=temperature, mini_batch_size=mini_batch_size,
               margin_strategy=margin_strategy, margin=margin)
class TripletDistanceMetric:
    COSINE = "cosine"
    EUCLIDEAN = "euclidean"
    MANHATTAN = "manhattan"
class TripletLoss:
    def __init__(self, model, distance_metric=TripletDistanceMetric.EUCLIDEAN, triplet_margin=5):
        record("TripletLoss", distance_metric=distance_metric, triplet_margin=triplet_margin)
`,
  'sentence_transformers/util.py': `
from record import record
from datasets import Dataset
def mine_hard_negatives(dataset, model, anchor_column_name=None, positive_column_name=None, corpus=None,
                        cross_encoder=None, range_min=0, range_max=None, max_score=None, min_score=None,
                        absolute_margin=None, relative_margin=None, num_negatives=3, sampling_strategy="top",
                        query_prompt_name=None, query_prompt=None, corpus_prompt_name=None, corpus_prompt=None,
                        include_positives=False, output_format="triplet", output_scores=False, batch_size=32,
                        faiss_batch_size=16384, use_faiss=False, use_multi_process=False, verbose=True,
                        cache_folder=None, as_triplets=None, margin=None):
    record("mine_hard_negatives", model=model.name, num_negatives=num_negatives,
           sampling_strategy=sampling_strategy, relative_margin=relative_margin, absolute_margin=absolute_margin,
           output_format=output_format)
    # a stand-in for the mined negatives: the next sentences of the file
    anchors = dataset.columns["anchor"]
    columns = {"anchor": anchors, "positive": dataset.columns["positive"]}
    n = len(anchors)
    if output_format == "triplet":  # k rows per anchor, one negative each
        rows = [(row, i) for row in range(n) for i in range(num_negatives)]
        return Dataset({
            "anchor": [anchors[row] for row, _ in rows],
            "positive": [dataset.columns["positive"][row] for row, _ in rows],
            "negative": [anchors[(row + i + 1) % n] for row, i in rows],
        })
    for i in range(num_negatives):  # "n-tuple": one row per anchor, k negative columns
        columns[f"negative_{i + 1}"] = [anchors[(row + i + 1) % n] for row in range(n)]
    return Dataset(columns)
`,
};

let folder = '';
let stubPath = '';

/** The generated script of a link, written to the temporary folder; returns its path. */
function writeScriptOf(name: string, link: string, model = DEFAULT_ST_MODEL): string {
  const path = join(folder, `${name}.py`);
  writeFileSync(path, sentenceTransformersScript({ config: parseLink(link).state.config, link, model }));
  return path;
}

/** A data file in the temporary folder. */
function dataFile(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

const SENTENCES = [
  'A man plays a guitar.',
  'A woman reads.',
  '',
  'Two dogs run in a field.',
  'It rains.',
].join('\n');

interface StubRun {
  readonly status: number | null;
  readonly stderr: string;
  /** every call the script made into the stub, in order */
  readonly calls: Record<string, unknown>[];
}

/** Runs a script against the stub library. */
function runWithStub(script: string, args: readonly string[], env: Record<string, string> = {}): StubRun {
  const record = join(folder, `record-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(record, '');
  const run = spawnSync(PYTHON, [script, ...args, '--output-dir', join(folder, 'out')], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: stubPath, ST_STUB_RECORD: record, ...env },
  });
  const calls = readFileSync(record, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { status: run.status, stderr: run.stderr, calls };
}

const call = (run: StubRun, name: string) => run.calls.find((c) => c.call === name);

describe('the sentence-transformers export', () => {
  beforeAll(() => {
    const probe = spawnSync(PYTHON, ['--version'], { encoding: 'utf8' });
    if (probe.status !== 0) throw new Error(`${PYTHON} is missing: apt-get install -y python3`);
    folder = mkdtempSync(join(tmpdir(), 'infonce-st-'));
    stubPath = join(folder, 'stub');
    for (const [file, text] of Object.entries(STUB)) {
      mkdirSync(join(stubPath, file, '..'), { recursive: true });
      writeFileSync(join(stubPath, file), text);
    }
  });
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it.each([
    ['defaults', '#seed=1'],
    ['supervised', '#loss=supervised&hnw=0.5'],
    ['hard', '#pick=hard&k=4'],
    ['filter', '#fn=filter&perc=0.95'],
    ['batch512', '#batch=512'],
    ['dcl', '#loss=dcl'],
    ['triplet', '#loss=triplet'],
    ['everything', '#neg=queue&mochi=2&logq=exact&towers=2&fn=attract&same=1&pick=quantile'],
  ])('%s (%s): compiles under py_compile', (name, link) => {
    const path = writeScriptOf(name, link);
    const compiled = spawnSync(PYTHON, ['-m', 'py_compile', path], { encoding: 'utf8' });
    expect(compiled.stderr).toBe('');
    expect(compiled.status).toBe(0);
  });

  it('--help works without the library installed', () => {
    const path = writeScriptOf('help', '#seed=1');
    const help = spawnSync(PYTHON, [path, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--data');
    expect(help.stdout).toContain('--mini-batch-size');
    const missing = spawnSync(PYTHON, [path, '--data', dataFile('missing.txt', 'a\n')], { encoding: 'utf8' });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('Install: pip install "sentence-transformers[train]>=4.1"');
  });

  it('defaults, tau 0.05: (s, s) pairs, MNRL(scale=20.0), the no-duplicates sampler, the lab batch and seed', () => {
    const script = writeScriptOf('tau', '#tau=0.05&seed=7');
    const run = runWithStub(script, ['--data', dataFile('sentences.txt', SENTENCES)]);
    expect(run.stderr).toContain('warning: loss = infonce');
    expect(run.status).toBe(0);
    const sentences = ['A man plays a guitar.', 'A woman reads.', 'Two dogs run in a field.', 'It rains.'];
    expect(call(run, 'Dataset.from_dict')?.columns).toEqual({ anchor: sentences, positive: sentences });
    expect(call(run, 'SentenceTransformer')?.name).toBe('all-MiniLM-L6-v2');
    expect(call(run, 'MultipleNegativesRankingLoss')).toEqual({
      call: 'MultipleNegativesRankingLoss',
      scale: 20,
    });
    expect(call(run, 'SentenceTransformerTrainingArguments')).toMatchObject({
      per_device_train_batch_size: 128,
      learning_rate: 3e-5,
      seed: 7,
      batch_sampler: 'no_duplicates',
      max_steps: -1,
      report_to: 'none',
    });
    expect(call(run, 'SentenceTransformerTrainer')).toMatchObject({
      columns: ['anchor', 'positive'],
      rows: 4,
      loss: 'MultipleNegativesRankingLoss',
    });
    expect(run.calls.map((c) => c.call).slice(-2)).toEqual(['train', 'save_pretrained']);
    expect(call(run, 'save_pretrained')?.path).toBe(join(folder, 'out', 'final'));
  });

  it('pick = hard, k = 3: k negative columns per anchor for MNRL', () => {
    const script = writeScriptOf('hardRun', '#pick=hard&k=3');
    const run = runWithStub(script, ['--data', dataFile('s1.txt', SENTENCES)]);
    expect(run.status).toBe(0);
    expect(call(run, 'mine_hard_negatives')).toMatchObject({
      model: 'all-MiniLM-L6-v2',
      num_negatives: 3,
      sampling_strategy: 'top',
      relative_margin: null,
      output_format: 'n-tuple',
    });
    expect(call(run, 'SentenceTransformerTrainer')).toMatchObject({
      columns: ['anchor', 'positive', 'negative_1', 'negative_2', 'negative_3'],
      rows: 4,
    });
  });

  it('filter with pick = hard: GISTEmbedLoss(relative, 0.05) with a guide, and mining with relative_margin 0.05', () => {
    const script = writeScriptOf('filterHard', '#fn=filter&perc=0.95&pick=hard&k=2');
    const run = runWithStub(script, [
      '--data',
      dataFile('s2.txt', SENTENCES),
      '--guide-model',
      'bigger-model',
    ]);
    expect(run.status).toBe(0);
    // GISTEmbedLoss takes (anchor, positive[, negative]): the k negatives come as k triplet rows per anchor
    expect(call(run, 'mine_hard_negatives')).toEqual({
      call: 'mine_hard_negatives',
      model: 'bigger-model',
      num_negatives: 2,
      sampling_strategy: 'top',
      relative_margin: 0.05,
      absolute_margin: null,
      output_format: 'triplet',
    });
    expect(call(run, 'GISTEmbedLoss')).toEqual({
      call: 'GISTEmbedLoss',
      guide: 'bigger-model',
      temperature: 0.1,
      margin_strategy: 'relative',
      margin: 0.05,
    });
    expect(call(run, 'SentenceTransformerTrainer')).toMatchObject({
      columns: ['anchor', 'positive', 'negative'],
      rows: 8,
    });
  });

  it('a batch of 512: CachedMultipleNegativesRankingLoss(mini_batch_size=32); --mini-batch-size 0: the plain one', () => {
    const script = writeScriptOf('big', '#batch=512');
    const data = dataFile('s3.txt', SENTENCES);
    const cached = runWithStub(script, ['--data', data]);
    expect(cached.status).toBe(0);
    expect(call(cached, 'CachedMultipleNegativesRankingLoss')).toMatchObject({
      scale: 10,
      mini_batch_size: 32,
    });
    expect(call(cached, 'SentenceTransformerTrainingArguments')?.per_device_train_batch_size).toBe(512);
    const plain = runWithStub(script, ['--data', data, '--mini-batch-size', '0']);
    expect(call(plain, 'MultipleNegativesRankingLoss')).toBeDefined();
    expect(plain.stderr).toContain('--mini-batch-size 32 holds it in less memory');
  });

  it('supervised: a TSV of triplets (header skipped) with MNRL; plain sentences are refused', () => {
    const script = writeScriptOf('sup', '#loss=supervised');
    const tsv = dataFile(
      'nli.tsv',
      'anchor\tpositive\tnegative\nA man sleeps.\tA person rests.\tA man runs.\nIt rains.\tIt is wet.\tIt is dry.\n',
    );
    const run = runWithStub(script, ['--data', tsv, '--max-steps', '20']);
    expect(run.status).toBe(0);
    expect(call(run, 'Dataset.from_dict')?.columns).toEqual({
      anchor: ['A man sleeps.', 'It rains.'],
      positive: ['A person rests.', 'It is wet.'],
      negative: ['A man runs.', 'It is dry.'],
    });
    expect(call(run, 'MultipleNegativesRankingLoss')).toBeDefined();
    expect(call(run, 'SentenceTransformerTrainingArguments')).toMatchObject({
      max_steps: 20,
      warmup_steps: 2,
    });
    const refused = runWithStub(script, ['--data', dataFile('plain.txt', SENTENCES)]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('supervised SimCSE needs pairs');
  });

  it('triplet: one mined negative, TripletLoss(cosine, margin), the default sampler', () => {
    const script = writeScriptOf('tri', '#loss=triplet&margin=0.3&mining=semi-hard');
    const run = runWithStub(script, ['--data', dataFile('s4.txt', SENTENCES)]);
    expect(run.status).toBe(0);
    expect(call(run, 'mine_hard_negatives')).toMatchObject({
      num_negatives: 1,
      absolute_margin: 0,
      output_format: 'triplet',
    });
    expect(call(run, 'TripletLoss')).toEqual({
      call: 'TripletLoss',
      distance_metric: 'cosine',
      triplet_margin: 0.3,
    });
    expect(call(run, 'SentenceTransformerTrainingArguments')?.batch_sampler).toBe('batch_sampler');
  });

  it('dcl: still trains (MNRL), after a warning naming what differs', () => {
    const run = runWithStub(writeScriptOf('dclRun', '#loss=dcl'), ['--data', dataFile('s5.txt', SENTENCES)]);
    expect(run.status).toBe(0);
    expect(run.stderr.split('\n')[0]).toMatch(
      /^warning: loss = dcl \(DCL, tau\+ = 0\.1\) has no counterpart/,
    );
    expect(call(run, 'MultipleNegativesRankingLoss')).toBeDefined();
  });

  it('refuses a ragged TSV with line numbers, and a library older than 4.1', () => {
    const script = writeScriptOf('bad', '#seed=1');
    const ragged = runWithStub(script, ['--data', dataFile('bad.tsv', 'a\tb\nc\td\te\n\nf\t\n')]);
    expect(ragged.status).not.toBe(0);
    expect(ragged.stderr).toContain('line 2: 3 tab-separated fields where the first line has 2');
    expect(ragged.stderr).toContain('line 4: an empty field');
    expect(ragged.calls).toEqual([]);
    const old = runWithStub(script, ['--data', dataFile('s6.txt', SENTENCES)], { ST_STUB_VERSION: '3.4.1' });
    expect(old.status).not.toBe(0);
    expect(old.stderr).toContain('sentence-transformers 3.4.1 is older than 4.1');
  });

  it('npm run export -- --format sentence-transformers writes what the generator writes', () => {
    const link = 'http://127.0.0.1:4173/#fn=filter&perc=0.9&seed=3';
    const out = join(folder, 'cli', 'st.py');
    execFileSync(
      process.execPath,
      [
        'node_modules/tsx/dist/cli.mjs',
        'src/cli/export.ts',
        '--link',
        link,
        '--format',
        'sentence-transformers',
        '--model',
        'all-mpnet-base-v2',
        '--tau',
        '0.05',
        '--out',
        out,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const config = { ...parseLink(link).state.config, tau: 0.05 };
    expect(readFileSync(out, 'utf8')).toBe(
      sentenceTransformersScript({ config, link, model: 'all-mpnet-base-v2' }),
    );
    expect(readFileSync(out, 'utf8')).toContain('SCALE = 20.0');
    const wrong = spawnSync(
      process.execPath,
      ['node_modules/tsx/dist/cli.mjs', 'src/cli/export.ts', '--model', 'x', '--format', 'keras'],
      { encoding: 'utf8' },
    );
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('--format must be pytorch or sentence-transformers, not "keras"');
  });
});
