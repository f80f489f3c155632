// What the PyTorch export says about itself: how it uses each field of the experiment (written beside CONFIG in
// the script; typed over every TrainConfig field, so a new field does not compile until the export says what it
// does with it) and the comment at the top of the script.
import type { TrainConfig } from '../protocol/config';

/** Why the PyTorch script refuses `dataset=sentences`: the text encoder has no Python port yet. */
export const TEXT_NOT_EXPORTED = 'text mode: not exported yet';

/** One line per TrainConfig field: what the script does with it. */
export const FIELD_NOTES: { readonly [K in keyof TrainConfig]: string } = {
  seed: "the data's (embedded below) and this script's own generators",
  dataset: 'the rows below come from it',
  classes: 'clusters: classes (in the data below)',
  inputDim: 'clusters: input dimension (in the data below)',
  separation: 'clusters: distance between centres (in the data below)',
  noise: 'clusters: noise (in the data below)',
  loss: 'the objective: BLOCKS',
  tau: 'temperature',
  batch: 'pairs N of the global batch (2N rows), split over the processes',
  dropout: 'dropout rate after each hidden layer',
  sameMask: 'one mask for both views of a row (one tower)',
  lr: "Adam's learning rate",
  dim: 'output dimension',
  hidden: 'hidden layer widths',
  backend: "the lab's tf.js backend: ignored here (PyTorch on the first GPU, else the CPU)",
  hardNegativeWeight: "supervised: ln alpha on the anchor's own hard negative",
  margin: 'triplet: margin',
  mining: "triplet: the negative's mining",
  tauPlus: 'DCL/HCL: class prior tau+',
  beta: 'HCL: concentration beta',
  negatives: 'InfoNCE: batch, a MoCo queue, or every training row',
  queueSize: 'InfoNCE with a queue: K keys',
  momentum: "InfoNCE with a queue: the key encoder's momentum m",
  pick: 'InfoNCE: which candidates count',
  pickK: 'InfoNCE with hard, near-pos or kgpolicy: negatives kept',
  alpha: "InfoNCE with quantile: Wang & Liu's upper fraction kept",
  mochi: "InfoNCE: MoCHi's s, mixes of two hard negatives",
  mochiQuery: "InfoNCE: MoCHi's s', mixes of the anchor and a hard negative",
  mochiHardest: "InfoNCE: MoCHi's N hardest negatives mixed from",
  skew: 'clusters: Zipf skew of the classes (in the data below)',
  logQ: 'InfoNCE: logQ correction, exact or streamed class probabilities',
  towers: '1: one encoder; 2: the positives through a second one',
  falseNegatives: 'InfoNCE: keep, eliminate, attract (FNC) or filter (positive-aware)',
  perc: 'InfoNCE with the filter: drop negatives above perc x the positive',
  labels: 'known: the false-negative rules and measures read the labels; hidden: they do not',
  pool: 'text mode: not exported yet',
  layers: 'text mode: not exported yet',
  heads: 'text mode: not exported yet',
  width: 'text mode: not exported yet',
  maxLen: 'text mode: not exported yet',
  dup: 'text mode: not exported yet',
  dupRate: 'text mode: not exported yet',
};

/** The comment at the top of the script: where it comes from, how to run it, what differs from the lab. */
export function headerLines(link: string, steps: number, dataFile: string | null): string[] {
  return [
    'InfoNCE Lab experiment exported for PyTorch by `npm run export` (src/handoff/pytorchScript.ts).',
    '',
    `Lab link: ${link}`,
    `Steps: ${steps} (--steps N to change)`,
    '',
    'Run:  python3 run.py                          one process (the first GPU, else the CPU)',
    '      torchrun --nproc_per_node P run.py      P processes: gloo between CPU processes, NCCL between GPUs',
    '      python3 run.py --check-fixed-batch      the loss and gradient of one fixed batch (compare with P)',
    'Needs torch and numpy, nothing else. Prints a JSON line every 10 steps with the keys of',
    '`npm run train -- --json` (so the two compare line by line), then a summary line.',
    '',
    'The same experiment as the link: the same rows (training, display, kNN reference and metric subset:',
    dataFile
      ? `in ${dataFile} beside this script, too large to embed), the same MLP (widths, ReLU, dropout after each`
      : 'embedded at the end of this file), the same MLP (widths, ReLU, dropout after each',
    "hidden layer, He-normal kernels and zero biases), objective, temperature, batch, Adam (the lab's learning",
    "rate; tf.js's beta1 0.9, beta2 0.999, epsilon 1e-7), negatives and false-negative handling, steps; each",
    "snapshot's metrics computed as the lab computes them.",
    '',
    'What differs, so that runs agree in behaviour, not bit for bit:',
    "- random streams: weight init, batch order, positives, pools, dropout masks, random mining and MoCHi's",
    "  draws come from PyTorch's and NumPy's generators seeded with the link's seed, not the lab's sfc32",
    "  streams (the data is the lab's own rows);",
    '- float32 kernels of PyTorch instead of tf.js: sums run in another order;',
    '- a column left out of a softmax is -inf here, -1e30 in the lab: both weigh exactly 0;',
    "- `backend` is torch-cpu or torch-cuda (the link's backend field is ignored); steps_per_s is this machine's.",
    '',
    'Under torchrun with P processes (the batch must split evenly: N % P == 0):',
    '- what changes: each process embeds N / P pairs of the global batch, so activation memory per process',
    '  falls about P-fold (the parameters and, with negatives = all, the corpus are in every process); each',
    '  process draws its own dropout masks; sums run in another order; the batch metrics of a line re-embed',
    "  the batch with process 0's masks;",
    '- what does not: the batch order, the loss, the negatives each anchor sees (every row of the global batch:',
    '  the embeddings are gathered with gradients, torch.distributed.nn.functional.all_gather), the queue and',
    "  the gradient. Each process takes the mean loss of its own anchors; all_gather's backward sums every",
    "  process's gradient onto the rows each one gathered, and the gradients are averaged over the P processes",
    '  as DDP does, which leaves exactly the single-process gradient. --check-fixed-batch shows it: the same',
    '  loss and gradient for 1 and P processes, to float precision.',
    "- Debian 12's python3-torch (1.13 on Python 3.11): torchrun's default --redirects trips over an enum change",
    '  of Python 3.11; add `--redirects 9:1 --tee 9:1` (a setting for a rank that does not exist).',
  ];
}
