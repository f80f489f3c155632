// The sentence-transformers hand-off's mapping: what each field of the experiment becomes in the library
// (SentenceTransformer, SentenceTransformerTrainer, losses.*, util.mine_hard_negatives, the no-duplicates batch
// sampler), and what has no counterpart there. Pure: a TrainConfig in, the settings and the warnings out; the
// script (sentenceTransformersScript.ts) writes them with their reasons. Never invents a counterpart: where the
// library has none, the plan runs the closest thing it has and says what differs.
import type { TrainConfig } from '../protocol/config';

/** The loss class the script builds (the Cached* forms hold the batch in mini-batches: GradCache). */
export type StLoss =
  | 'MultipleNegativesRankingLoss'
  | 'CachedMultipleNegativesRankingLoss'
  | 'GISTEmbedLoss'
  | 'CachedGISTEmbedLoss'
  | 'TripletLoss';

/** util.mine_hard_negatives's settings, run once before training when the data has no negative column. */
export interface StMining {
  readonly numNegatives: number;
  readonly samplingStrategy: 'top' | 'random';
  /** drop a candidate scoring above the positive's score x (1 - margin): NV-Retriever's TopK-PercPos */
  readonly relativeMargin: number | null;
  /** drop a candidate scoring above the positive's score - margin */
  readonly absoluteMargin: number | null;
  /** the lab field and value it stands for */
  readonly why: string;
}

/** What the script runs for one experiment. */
export interface StPlan {
  /** 'pairs': a TSV of anchor, positive[, hard negative] is required; 'sentences': one per line, or a TSV */
  readonly data: 'sentences' | 'pairs';
  /** the loss for the lab's batch (CACHE_ABOVE decides the Cached* forms) */
  readonly loss: StLoss;
  readonly lossWhy: string;
  /** MultipleNegativesRankingLoss's scale: 1 / tau */
  readonly scale: number;
  /** GISTEmbedLoss's temperature: tau itself */
  readonly temperature: number;
  /** per_device_train_batch_size: the lab's pairs per batch */
  readonly batchSize: number;
  /** CachedMultipleNegativesRankingLoss's mini_batch_size when the batch is above CACHE_ABOVE, else null */
  readonly miniBatchSize: number | null;
  /** BatchSamplers.NO_DUPLICATES for the in-batch losses, else the default sampler */
  readonly noDuplicates: boolean;
  /** falseNegatives = filter: 1 - perc, GISTEmbedLoss's relative margin (and mine_hard_negatives's), else null */
  readonly relativeMargin: number | null;
  readonly mining: StMining | null;
  /** TripletLoss's margin (cosine distance) for loss = triplet, else null */
  readonly tripletMargin: number | null;
  /** the library's learning rate for a pretrained transformer (the lab's stays a comment) */
  readonly learningRate: number;
  /** what the lab does that this run does not, or does otherwise: printed at the script's start */
  readonly warnings: readonly string[];
}

/** Above this many pairs per batch, the script uses the Cached (GradCache) form of its loss. */
export const CACHE_ABOVE = 256;
/** CachedMultipleNegativesRankingLoss's default mini-batch (the library's own default, 32). */
export const MINI_BATCH_SIZE = 32;
/** SimCSE's learning rate for unsupervised BERT-base (docs/SCIENCE.md), inside the library's usual 2e-5..5e-5. */
export const PRETRAINED_LR = 3e-5;

/** One line per TrainConfig field: what the sentence-transformers script does with it. */
export const ST_FIELD_NOTES: { readonly [K in keyof TrainConfig]: string } = {
  seed: "TrainingArguments(seed=...): the library's random streams, not the lab's",
  dataset: "not used: your sentences (--data) replace the lab's data",
  classes: "clusters only: not used (your sentences replace the lab's data)",
  inputDim: 'clusters only: not used',
  separation: 'clusters only: not used',
  noise: 'clusters only: not used',
  loss: 'infonce, infonce-nxn, dcl, hcl: MultipleNegativesRankingLoss; supervised: the same on triplets; triplet: TripletLoss',
  tau: 'MultipleNegativesRankingLoss(scale = 1 / tau); GISTEmbedLoss(temperature = tau)',
  batch: `per_device_train_batch_size (pairs per batch); above ${CACHE_ABOVE}, the Cached (GradCache) loss`,
  dropout: "not used: the transformer keeps its own dropout (it makes SimCSE's two views)",
  sameMask: 'none: the library embeds each column with its own dropout mask',
  lr: 'not used as is: LEARNING_RATE below is for a pretrained transformer (--lr to change)',
  dim: "not used: the pretrained model's own embedding width",
  hidden: "not used: the pretrained transformer replaces the lab's MLP",
  backend: 'not used: PyTorch picks the GPU, else the CPU',
  hardNegativeWeight: 'supervised: ln alpha: no counterpart (the library weighs every candidate alike)',
  margin: 'triplet: TripletLoss(triplet_margin=...) with the cosine distance',
  mining: "triplet: the negative's mining: mine_hard_negatives before training, not per batch",
  tauPlus: 'DCL/HCL: no counterpart in the library',
  beta: 'HCL: no counterpart in the library',
  negatives: "InfoNCE: batch is the library's only source; queue and all have no counterpart",
  queueSize: 'InfoNCE with a queue: no counterpart',
  momentum: 'InfoNCE with a queue: no counterpart',
  pick: "InfoNCE: hard, near-pos, kgpolicy: mine_hard_negatives(sampling_strategy='top'); quantile: none",
  pickK: "InfoNCE: mine_hard_negatives's num_negatives",
  alpha: 'InfoNCE with quantile: no counterpart',
  mochi: 'InfoNCE: MoCHi has no counterpart',
  mochiQuery: 'InfoNCE: MoCHi has no counterpart',
  mochiHardest: 'InfoNCE: MoCHi has no counterpart',
  skew: 'clusters only: not used',
  logQ: 'InfoNCE: no counterpart (no sampling-bias correction in the library)',
  towers: '1: one encoder, as the library trains; 2: no counterpart here',
  falseNegatives:
    'InfoNCE: filter: GISTEmbedLoss and mine_hard_negatives with relative margin 1 - perc; eliminate, attract: none',
  perc: 'InfoNCE with the filter: relative margin = 1 - perc',
  labels: 'not used: your sentences carry no classes',
  pool: 'the pretrained model keeps its own pooling (text mode: not exported yet)',
  layers: 'the pretrained model keeps its own layers (text mode: not exported yet)',
  heads: 'the pretrained model keeps its own heads (text mode: not exported yet)',
  width: 'the pretrained model keeps its own width (text mode: not exported yet)',
  maxLen: 'not mapped: the model keeps its own max_seq_length (text mode: not exported yet)',
  dup: "no counterpart: ESimCSE's word repetition is not in the library (text mode: not exported yet)",
  dupRate: "no counterpart: ESimCSE's word repetition is not in the library (text mode: not exported yet)",
};

/** MultipleNegativesRankingLoss's scale: 1 / tau, the same double Python computes (0.05 gives exactly 20). */
export function scaleOf(tau: number): number {
  if (!(tau > 0 && Number.isFinite(tau))) throw new Error(`invalid tau: ${tau}`);
  return 1 / tau;
}

/** 1 - perc without float noise (0.95 gives 0.05, not 0.050000000000000044). */
export function relativeMarginOf(perc: number): number {
  return Number((1 - perc).toPrecision(12));
}

/** The false-negative rule the lab applies (eliminate and attract fall back to keep without labels). */
function falseNegativeRule(config: TrainConfig): TrainConfig['falseNegatives'] {
  const needsLabels = config.falseNegatives === 'eliminate' || config.falseNegatives === 'attract';
  return needsLabels && config.labels === 'hidden' ? 'keep' : config.falseNegatives;
}

/** The mining for InfoNCE's pick rules (null for all and quantile) and what it cannot reproduce. */
function pickMining(config: TrainConfig, relativeMargin: number | null, warnings: string[]): StMining | null {
  const k = config.pickK;
  const offline =
    'mined once before training with the untrained model over the whole file, and added to the in-batch ' +
    'negatives, where the lab keeps only those k of each batch at every step with the current model';
  switch (config.pick) {
    case 'all':
      return null;
    case 'hard':
      warnings.push(`pick = hard (k = ${k}): the k sentences nearest each anchor are ${offline}`);
      return mining(k, 'top', relativeMargin, `lab pick = hard, k = ${k}: the k nearest the anchor`);
    case 'near-pos':
      warnings.push(
        `pick = near-pos (k = ${k}): the library ranks candidates by the anchor only; with (s, s) pairs the ` +
          `anchor is its positive, so the ranking is the same; with a TSV it is the anchor's; and they are ${offline}`,
      );
      return mining(k, 'top', relativeMargin, `lab pick = near-pos, k = ${k}: nearest the anchor instead`);
    case 'kgpolicy':
      warnings.push(
        `pick = kgpolicy (k = ${k}): KGPolicy's score cos(a, n) + cos(n, p) has no counterpart; the closest is ` +
          `the k nearest the anchor, ${offline}`,
      );
      return mining(k, 'top', relativeMargin, `lab pick = kgpolicy, k = ${k}: nearest the anchor instead`);
    case 'quantile':
      warnings.push(
        `pick = quantile (alpha = ${config.alpha}): no counterpart (mine_hard_negatives takes a count, not a ` +
          'fraction of each batch): every in-batch negative counts, as in plain InfoNCE',
      );
      return null;
  }
}

function mining(
  numNegatives: number,
  samplingStrategy: 'top' | 'random',
  relativeMargin: number | null,
  why: string,
  absoluteMargin: number | null = null,
): StMining {
  return { numNegatives, samplingStrategy, relativeMargin, absoluteMargin, why };
}

/** The triplet's mined negative: one per anchor, before training (the lab mines in each batch). */
function tripletMining(config: TrainConfig): StMining {
  switch (config.mining) {
    case 'hardest':
      return mining(1, 'top', null, 'lab mining = hardest: the nearest candidate');
    case 'random':
      return mining(1, 'random', null, 'lab mining = random: a random one of the nearest candidates');
    case 'semi-hard':
      // absolute_margin 0 drops candidates above the positive's score: the nearest one left is farther than
      // the positive, FaceNet's lower bound; the upper bound (within the margin) has no setting.
      return mining(
        1,
        'top',
        null,
        'lab mining = semi-hard: the nearest candidate farther than the positive (no upper bound)',
        0,
      );
  }
}

/** The settings and warnings of one experiment's sentence-transformers script. */
export function stPlan(config: TrainConfig): StPlan {
  const warnings: string[] = [];
  const cached = config.batch > CACHE_ABOVE;
  const miniBatchSize = cached ? MINI_BATCH_SIZE : null;
  const infonce = config.loss === 'infonce';
  const rule = infonce ? falseNegativeRule(config) : 'keep';
  const relativeMargin = rule === 'filter' ? relativeMarginOf(config.perc) : null;
  let loss: StLoss = cached ? 'CachedMultipleNegativesRankingLoss' : 'MultipleNegativesRankingLoss';
  let lossWhy: string;
  let mined: StMining | null = null;
  let tripletMargin: number | null = null;
  const n = config.batch;

  switch (config.loss) {
    case 'infonce':
      lossWhy = 'lab loss = infonce: InfoNCE with in-batch negatives on (s, s) pairs (SimCSE)';
      warnings.push(
        `loss = infonce: the lab's [a, a', b, b', ...] batch gives each of its 2N anchors 2N - 2 = ${2 * n - 2} ` +
          "negatives; the library's in-batch layout is the N x N cross-view form (the lab's infonce-nxn, " +
          `SimCSE's official code): N - 1 = ${n - 1} negatives, anchors from the first column only`,
      );
      break;
    case 'infonce-nxn':
      lossWhy = "lab loss = infonce-nxn: the N x N cross-view form, the library's own layout";
      break;
    case 'dcl':
    case 'hcl': {
      const name = config.loss === 'dcl' ? 'DCL' : 'HCL';
      const extra = config.loss === 'hcl' ? `, beta = ${config.beta}` : '';
      lossWhy = `lab loss = ${config.loss}: no counterpart; the closest, plain InfoNCE`;
      warnings.push(
        `loss = ${config.loss} (${name}, tau+ = ${config.tauPlus}${extra}) has no counterpart in ` +
          'sentence-transformers: this trains plain InfoNCE (MultipleNegativesRankingLoss, the N x N form) ' +
          `without ${name}'s ${config.loss === 'dcl' ? 'debiased denominator' : 'debiasing and hardness reweighting'}`,
      );
      break;
    }
    case 'supervised':
      lossWhy =
        'lab loss = supervised: supervised SimCSE, each anchor against every positive and hard negative of the batch';
      if (config.hardNegativeWeight !== 0) {
        warnings.push(
          `hardNegativeWeight = ln alpha = ${config.hardNegativeWeight} has no counterpart: the library weighs ` +
            "the anchor's own hard negative like every other candidate (alpha = 1, ln alpha = 0)",
        );
      }
      break;
    case 'triplet':
      loss = 'TripletLoss';
      tripletMargin = config.margin;
      lossWhy = `lab loss = triplet: [cos(a, n) - cos(a, p) + m]_+, TripletLoss with the cosine distance 1 - cos`;
      mined = tripletMining(config);
      warnings.push(
        `loss = triplet, mining = ${config.mining}: the lab mines each anchor's negative in the batch at every ` +
          "step, excluding its class; TripletLoss takes the negatives it is given: a TSV's third column, else one " +
          'mined before training by mine_hard_negatives with the untrained model (no classes to exclude)',
      );
      break;
  }

  if (infonce) {
    if (config.negatives === 'queue') {
      warnings.push(
        `negatives = queue (MoCo, K = ${config.queueSize}, m = ${config.momentum}): no momentum encoder or key ` +
          'queue in sentence-transformers; in-batch negatives only. Closest: a larger batch with ' +
          'CachedMultipleNegativesRankingLoss (--batch-size, --mini-batch-size)',
      );
    } else if (config.negatives === 'all') {
      warnings.push(
        'negatives = all (a softmax over every training row): no counterpart; in-batch negatives only. Closest: ' +
          'a larger batch with CachedMultipleNegativesRankingLoss, or mined hard negatives',
      );
    }
    mined = pickMining(config, relativeMargin, warnings);
    if (config.mochi > 0 || config.mochiQuery > 0) {
      warnings.push(
        `MoCHi (s = ${config.mochi}, s' = ${config.mochiQuery}, N = ${config.mochiHardest}): synthetic hard ` +
          'negatives have no counterpart in sentence-transformers; none are mixed',
      );
    }
    if (config.logQ !== 'off') {
      warnings.push(
        `logQ = ${config.logQ}: the library has no sampling-bias correction; the logits are not shifted by ` +
          '-log p (the no-duplicates sampler removes repeated texts, not popularity bias)',
      );
    }
    if (config.falseNegatives === 'eliminate' || config.falseNegatives === 'attract') {
      warnings.push(
        config.labels === 'hidden'
          ? `falseNegatives = ${config.falseNegatives} with labels hidden: the lab keeps them too`
          : `falseNegatives = ${config.falseNegatives} reads the classes, which sentences do not have: no ` +
              'counterpart; false negatives are kept. ' +
              (config.falseNegatives === 'eliminate'
                ? 'Closest without labels: GISTEmbedLoss, whose guide model masks candidates it rates above the positive'
                : 'Attraction (FNC) has no counterpart'),
      );
    }
    if (rule === 'filter') {
      loss = cached ? 'CachedGISTEmbedLoss' : 'GISTEmbedLoss';
      lossWhy =
        `lab falseNegatives = filter, perc = ${config.perc}: in-batch positive-aware filter, ` +
        'GISTEmbedLoss with relative margin 1 - perc';
      warnings.push(
        `falseNegatives = filter (perc = ${config.perc}): GISTEmbedLoss masks an in-batch candidate when a frozen ` +
          'guide model (the untrained model, or --guide-model) rates it above the positive x perc; the lab ' +
          'judges with the model being trained. GISTEmbedLoss also contrasts anchor-anchor and positive-positive ' +
          'pairs (the guide masks those too)',
      );
    }
  }

  if (config.towers === 2) {
    warnings.push(
      'towers = 2: the script trains one encoder for both columns; a second tower has no counterpart here ' +
        "(the library's closest is an asymmetric models.Router, not built by this script)",
    );
  }
  if (config.sameMask && config.loss !== 'supervised' && config.loss !== 'triplet') {
    warnings.push(
      'sameMask = true: no counterpart; the library embeds each column in its own forward pass, so the two ' +
        'views of a sentence get independent dropout masks (SimCSE) rather than one',
    );
  }
  if (config.dropout !== 0.1) {
    warnings.push(
      `dropout = ${config.dropout} was the lab MLP's rate; the transformer keeps its own (0.1 in BERT and ` +
        "MiniLM, SimCSE's default), which makes the two views",
    );
  }

  return {
    data: config.loss === 'supervised' ? 'pairs' : 'sentences',
    loss,
    lossWhy,
    scale: scaleOf(config.tau),
    temperature: config.tau,
    batchSize: config.batch,
    miniBatchSize: loss === 'TripletLoss' ? null : miniBatchSize,
    noDuplicates: loss !== 'TripletLoss',
    relativeMargin,
    mining: mined,
    tripletMargin,
    learningRate: PRETRAINED_LR,
    warnings,
  };
}
