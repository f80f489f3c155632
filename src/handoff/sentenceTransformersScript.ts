// The sentence-transformers hand-off: one experiment of the lab as a script that fine-tunes a real sentence
// encoder (a pretrained model the person names) on their own sentences with sentence-transformers, the lab's
// choices mapped to the library (stMapping.ts) and each mapping written beside the setting it made. Pure: the
// config, the link text and the model name in, the Python text out, so `npm run export -- --format
// sentence-transformers` and a page button make the same file.
//
// Library calls, as confirmed in sentence-transformers' own source and docstrings (huggingface/sentence-
// transformers, v5.1.1 and main, read through the docs and code search):
//   MultipleNegativesRankingLoss(model, scale=20.0, similarity_fct=util.cos_sim, gather_across_devices=False):
//     "scale = 1 / temperature, so scale=20.0 is equivalent to temperature=0.05"
//   CachedMultipleNegativesRankingLoss(model, scale=20.0, similarity_fct=util.cos_sim, mini_batch_size=32, ...)
//   GISTEmbedLoss(model, guide, temperature=0.01, margin_strategy="absolute", margin=0.0, contrast_anchors=True,
//     contrast_positives=True, ...): "relative": discards negatives whose guide similarity is >= positive_score *
//     (1 - margin)
//   CachedGISTEmbedLoss(model, guide, temperature=0.01, mini_batch_size=32, show_progress_bar=False,
//     margin_strategy="absolute", margin=0.0)
//   TripletLoss(model, distance_metric=TripletDistanceMetric.EUCLIDEAN, triplet_margin=5);
//     TripletDistanceMetric.COSINE = 1 - pairwise_cos_sim
//   util.mine_hard_negatives(dataset, model, ..., absolute_margin=None, relative_margin=None, num_negatives=3,
//     sampling_strategy="top", ..., output_format="triplet"): NV-Retriever's TopK-PercPos (95%) is
//     relative_margin=0.05 with "top" (its docstring); margins from PR #3321 (v4.1)
//   SentenceTransformerTrainingArguments(batch_sampler=BatchSamplers.NO_DUPLICATES): "no_duplicates", "ensuring
//     no duplicate samples in a batch", recommended for the in-batch losses above; a string is read too
import type { DatasetId, TrainConfig } from '../protocol/config';
import { PY_ST_MAIN } from './python/pySentenceTransformers';
import { pythonLiteral } from './pytorchScript';
import { CACHE_ABOVE, MINI_BATCH_SIZE, ST_FIELD_NOTES, type StPlan, stPlan } from './stMapping';

/** The model the export suggests: small (22M parameters, 384 dimensions) and trained for sentence similarity. */
export const DEFAULT_ST_MODEL = 'all-MiniLM-L6-v2';

/** What the export needs. */
export interface SentenceTransformersExportInput {
  readonly config: TrainConfig;
  /** the lab link the experiment came from, as given (written at the top of the script) */
  readonly link: string;
  /** the pretrained model to fine-tune: a Hugging Face id or a local path */
  readonly model: string;
}

/** What the lab trained on, per data set (a new data set must say what it was). */
const LAB_DATA: { readonly [K in DatasetId]: (config: TrainConfig) => string } = {
  clusters: (c) => `${c.classes} Gaussian clusters in R^${c.inputDim}`,
  digits: () => '8 x 8 handwritten digits (UCI)',
  sentences: () => "the lab's generated sentences (synthetic)",
  mine: () => 'your own sentences, imported in the page',
};

/** A float literal that Python reads as a float (20 -> 20.0). */
export function pyFloat(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`invalid value: ${value}`);
  // small rates read better as 3e-5 than as 0.00003
  const text = value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential() : JSON.stringify(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

function headerLines(config: TrainConfig, link: string, model: string): string[] {
  const widths = [...config.hidden, config.dim].join(' -> ');
  return [
    'InfoNCE Lab experiment exported for sentence-transformers by',
    '`npm run export -- --format sentence-transformers` (src/handoff/sentenceTransformersScript.ts).',
    '',
    `Lab link: ${link}`,
    `Model: ${model} (--model to change)`,
    '',
    `What the lab trained: a tiny MLP (${widths}) from scratch on ${LAB_DATA[config.dataset](config)}, to watch`,
    'what the temperature and the negatives do. What this script does: fine-tunes a pretrained sentence encoder',
    "on your sentences with sentence-transformers, the lab's choices mapped to the library in the settings below:",
    'each names the lab field and value it comes from; what has no counterpart in the library says so, here and',
    'in a warning printed when the script starts.',
    '',
    'Install:  pip install "sentence-transformers[train]>=4.1"   (the train extra brings datasets and accelerate)',
    'Run:      python3 st.py --data sentences.txt   one sentence per line: unsupervised SimCSE on (s, s) pairs',
    '          python3 st.py --data pairs.tsv       anchor<TAB>positive[<TAB>hard negative] per line',
    '          python3 st.py --help                 epochs, steps, batch, learning rate, output folder',
    '(st.py: this file.) The fine-tuned model is saved to st-output/final; SentenceTransformer("st-output/final")',
    'loads it.',
    '',
    'Written against sentence-transformers 4.1 or newer. Where it was generated the library could not be',
    'installed, so this script was compiled and run against a stub of the library there, never the real one.',
  ];
}

/** A Python dict literal of the mining settings, or None. */
function miningLiteral(plan: StPlan): string {
  const m = plan.mining;
  if (!m) return 'None';
  return [
    '{',
    `    "num_negatives": ${m.numNegatives},`,
    `    "sampling_strategy": ${pythonLiteral(m.samplingStrategy)},`,
    `    "relative_margin": ${m.relativeMargin === null ? 'None' : pyFloat(m.relativeMargin)},`,
    `    "absolute_margin": ${m.absoluteMargin === null ? 'None' : pyFloat(m.absoluteMargin)},`,
    '}',
  ].join('\n');
}

/** The settings block: each library setting with the lab field and value it comes from. */
function settingsLines(config: TrainConfig, model: string, plan: StPlan): string[] {
  const { tau, batch, perc } = config;
  const lines = [
    "# ---- the lab's choices mapped to sentence-transformers ------------------------------------------------------",
    '#',
    '# Each setting says which lab field and value it comes from. Edit them here to try otherwise.',
    '',
    `MODEL_NAME = ${pythonLiteral(model)}  # the export's --model (--model to change when running)`,
    '',
    plan.data === 'pairs'
      ? `DATA = "pairs"  # lab loss = ${pythonLiteral(config.loss)}: a TSV of anchor, positive[, hard negative]`
      : `DATA = "sentences"  # lab loss = ${pythonLiteral(config.loss)}: one sentence per line -> (s, s) pairs; a TSV is read as pairs`,
    '',
    `# ${plan.lossWhy}.`,
  ];
  if (
    config.loss === 'infonce' ||
    config.loss === 'infonce-nxn' ||
    config.loss === 'dcl' ||
    config.loss === 'hcl'
  ) {
    lines.push(
      "# On (s, s) pairs each column is embedded in its own forward pass, with the model's dropout active, so the",
      "# two columns are SimCSE's two views. The library's in-batch layout is the N x N cross-view form (the lab's",
      "# infonce-nxn, SimCSE's official code): anchor i of the first column against the N second-column rows, N - 1",
      "# negatives; not the lab's [a, a', b, b'] with 2N - 2 negatives per anchor and both views as anchors. (The",
      '# library\'s main branch adds MultipleNegativesRankingLoss(directions=(...)), whose "query_to_query" term',
      '# would add the other anchors as negatives: 2N - 2 for the first-column anchors; not used here.)',
    );
  }
  if (config.loss === 'hcl') {
    lines.push(
      "# HCL's importance weights exp(beta s / tau) have no counterpart in the releases this script targets. The",
      '# library\'s main branch adds CachedMultipleNegativesRankingLoss(hardness_mode="in_batch_negatives",',
      "# hardness_strength=...), which adds strength x cos (without gradient) to each in-batch negative's logit: a",
      "# weight exp(strength x cos), like HCL's with strength = beta / tau, without DCL's tau+ correction. Not used.",
    );
  }
  if (config.loss === 'supervised') {
    lines.push(
      '# MultipleNegativesRankingLoss on (anchor, positive, hard negative) rows compares each anchor with every',
      "# positive and every hard negative of the batch: supervised SimCSE's logits. The lab's hardNegativeWeight",
      `# (ln alpha = ${config.hardNegativeWeight}) has no counterpart: the library weighs every candidate alike (alpha = 1).`,
    );
  }
  lines.push(
    `LOSS = ${pythonLiteral(plan.loss)}`,
    `SCALE = ${pyFloat(plan.scale)}  # lab tau = ${tau} -> MultipleNegativesRankingLoss(scale = 1 / tau)`,
    `TEMPERATURE = ${pyFloat(plan.temperature)}  # lab tau = ${tau} -> GISTEmbedLoss(temperature = tau): "Inverse of the scale"`,
    `TRIPLET_MARGIN = ${plan.tripletMargin === null ? 'None' : pyFloat(plan.tripletMargin)}  # ${
      plan.tripletMargin === null
        ? 'not the triplet loss'
        : `lab margin = ${config.margin} -> TripletLoss(triplet_margin=...) with TripletDistanceMetric.COSINE: [cos(a, n) - cos(a, p) + m]_+`
    }`,
    '',
    `BATCH_SIZE = ${plan.batchSize}  # lab batch = ${batch} pairs -> per_device_train_batch_size (rows per batch)`,
    `CACHE_ABOVE = ${CACHE_ABOVE}  # above this many rows a batch's activations outgrow most GPUs: the Cached loss`,
    plan.miniBatchSize === null
      ? `MINI_BATCH_SIZE = None  # lab batch = ${batch} <= ${CACHE_ABOVE}: the plain loss holds the batch in memory`
      : `MINI_BATCH_SIZE = ${plan.miniBatchSize}  # lab batch = ${batch} > ${CACHE_ABOVE} -> CachedMultipleNegativesRankingLoss(mini_batch_size=${MINI_BATCH_SIZE})`,
    '# (CachedMultipleNegativesRankingLoss is GradCache: embed without gradients in mini-batches, cache dLoss /',
    '# dEmbedding, re-embed each mini-batch with the same dropout state and backpropagate: the same loss and',
    '# gradient as the plain one, memory set by the mini-batch, roughly 2x slower.)',
    plan.noDuplicates
      ? 'BATCH_SAMPLER = "no_duplicates"  # BatchSamplers.NO_DUPLICATES: an in-batch loss; a text twice in a batch would be its own false negative'
      : 'BATCH_SAMPLER = "batch_sampler"  # BatchSamplers.BATCH_SAMPLER: TripletLoss uses no in-batch negatives',
    '',
  );
  if (plan.relativeMargin === null) {
    lines.push(
      `RELATIVE_MARGIN = None  # lab falseNegatives = ${pythonLiteral(config.falseNegatives)}: no filter`,
    );
  } else {
    lines.push(
      `RELATIVE_MARGIN = ${pyFloat(plan.relativeMargin)}  # lab falseNegatives = "filter", perc = ${perc} -> relative margin 1 - perc`,
      "# The lab drops, each step, the in-batch negatives whose cosine to the anchor exceeds perc x the positive's",
      "# (NV-Retriever's positive-aware rule; TopK-PercPos 95% is perc 0.95, relative_margin 0.05). Two library",
      '# forms of it: GISTEmbedLoss(margin_strategy="relative", margin=RELATIVE_MARGIN), used here, masks in-batch',
      '# candidates during training, judged by a frozen guide model (the untrained model unless --guide-model)',
      '# rather than the model being trained; util.mine_hard_negatives(relative_margin=RELATIVE_MARGIN) applies the',
      '# rule once, before training, to the hard negatives it mines (used when MINE is set).',
    );
  }
  const mining = plan.mining;
  lines.push(
    mining
      ? `# ${mining.why} -> util.mine_hard_negatives(num_negatives=${mining.numNegatives}, sampling_strategy=${pythonLiteral(mining.samplingStrategy)}), before training`
      : `# lab pick = ${pythonLiteral(config.pick)}${config.loss === 'infonce' ? '' : ' (InfoNCE only)'}: nothing mined`,
    `MINE = ${miningLiteral(plan)}`,
    '',
    `LEARNING_RATE = ${pyFloat(plan.learningRate)}  # the library's usual 2e-5..5e-5 for a pretrained transformer (SimCSE: 3e-5)`,
    `LAB_LR = ${pyFloat(config.lr)}  # lab lr: Adam on a tiny MLP from scratch; far too large for a pretrained transformer (--lr to try it)`,
    'WARMUP_FRACTION = 0.1  # linear warm-up over the first 10% of steps, then linear decay (the lab: constant rate)',
    `SEED = ${config.seed}  # lab seed -> TrainingArguments(seed=...): the library's random streams, not the lab's`,
    '',
    '# What the lab does that this run does not, or does otherwise (printed at start):',
    'WARNINGS = [',
    ...plan.warnings.map((w) => `    ${pythonLiteral(w)},`),
    ']',
    '',
    '# The experiment, field by field as the lab names them (src/protocol/config.ts), and what this script does',
    '# with each: a record, not read below.',
    'LAB_CONFIG = {',
    ...(Object.keys(ST_FIELD_NOTES) as (keyof TrainConfig)[]).map(
      (key) => `    "${key}": ${pythonLiteral(config[key])},  # ${ST_FIELD_NOTES[key]}`,
    ),
    '}',
  );
  return lines;
}

/** The exported script: the lab's experiment as a sentence-transformers fine-tuning script. */
export function sentenceTransformersScript(input: SentenceTransformersExportInput): string {
  const { config, link, model } = input;
  const name = model.trim();
  if (name === '' || /[\r\n]/.test(name)) throw new Error(`invalid model: ${JSON.stringify(model)}`);
  const plan = stPlan(config);
  return [
    '#!/usr/bin/env python3',
    ...headerLines(config, link.replace(/[\r\n]+/g, ' '), name).map((line) => (line ? `# ${line}` : '#')),
    '',
    `LINK = ${pythonLiteral(link)}`,
    '',
    ...settingsLines(config, name, plan),
    PY_ST_MAIN,
  ].join('\n');
}
