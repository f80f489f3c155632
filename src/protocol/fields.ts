import { isTextDataset } from '../data/types';
import type { TrainConfig } from './config';

/** The allowed values of one TrainConfig field: the single source of ranges for the engine, links and UI. */
export type FieldSpec =
  | {
      readonly kind: 'number';
      readonly min: number;
      readonly max: number;
      readonly integer?: boolean;
      readonly log?: boolean;
    }
  | { readonly kind: 'choice'; readonly options: readonly string[] }
  | { readonly kind: 'boolean' }
  | {
      readonly kind: 'list';
      readonly min: number;
      readonly max: number;
      readonly minLength: number;
      readonly maxLength: number;
    };

/** Every TrainConfig field's allowed values. */
export const FIELD_SPECS: { readonly [K in keyof TrainConfig]: FieldSpec } = {
  seed: { kind: 'number', min: 0, max: 2 ** 31 - 1, integer: true },
  dataset: { kind: 'choice', options: ['clusters', 'digits', 'sentences', 'mine'] },
  classes: { kind: 'number', min: 2, max: 32, integer: true },
  inputDim: { kind: 'number', min: 2, max: 256, integer: true },
  separation: { kind: 'number', min: 0, max: 20 },
  noise: { kind: 'number', min: 0.01, max: 10 },
  loss: { kind: 'choice', options: ['infonce', 'infonce-nxn', 'supervised', 'triplet', 'dcl', 'hcl'] },
  tau: { kind: 'number', min: 1e-4, max: 1e4, log: true },
  batch: { kind: 'number', min: 2, max: 4096, integer: true },
  dropout: { kind: 'number', min: 0, max: 0.9 },
  sameMask: { kind: 'boolean' },
  lr: { kind: 'number', min: 1e-6, max: 1, log: true },
  dim: { kind: 'number', min: 2, max: 128, integer: true },
  hidden: { kind: 'list', min: 1, max: 1024, minLength: 0, maxLength: 4 },
  backend: { kind: 'choice', options: ['auto', 'webgpu', 'wasm', 'webgl', 'cpu'] },
  hardNegativeWeight: { kind: 'number', min: -5, max: 5 },
  margin: { kind: 'number', min: 0, max: 2 },
  mining: { kind: 'choice', options: ['random', 'hardest', 'semi-hard'] },
  tauPlus: { kind: 'number', min: 0, max: 0.5 },
  beta: { kind: 'number', min: 0, max: 10 },
  negatives: { kind: 'choice', options: ['batch', 'queue', 'all'] },
  queueSize: { kind: 'number', min: 16, max: 16384, integer: true, log: true },
  momentum: { kind: 'number', min: 0, max: 0.9999 },
  pick: { kind: 'choice', options: ['all', 'hard', 'near-pos', 'kgpolicy', 'quantile'] },
  pickK: { kind: 'number', min: 1, max: 16384, integer: true, log: true },
  alpha: { kind: 'number', min: 0.001, max: 1, log: true },
  mochi: { kind: 'number', min: 0, max: 256, integer: true },
  mochiQuery: { kind: 'number', min: 0, max: 256, integer: true },
  mochiHardest: { kind: 'number', min: 1, max: 1024, integer: true },
  skew: { kind: 'number', min: 0, max: 3 },
  logQ: { kind: 'choice', options: ['off', 'exact', 'stream'] },
  towers: { kind: 'number', min: 1, max: 2, integer: true },
  falseNegatives: { kind: 'choice', options: ['keep', 'eliminate', 'attract', 'filter'] },
  perc: { kind: 'number', min: 0.5, max: 1.5 },
  labels: { kind: 'choice', options: ['known', 'hidden'] },
  pool: { kind: 'choice', options: ['mean', 'first'] },
  layers: { kind: 'number', min: 1, max: 4, integer: true },
  heads: { kind: 'number', min: 1, max: 8, integer: true },
  width: { kind: 'number', min: 16, max: 256, integer: true },
  maxLen: { kind: 'number', min: 8, max: 64, integer: true },
  dup: { kind: 'boolean' },
  // below 1: at 1 the official rule would sample more positions than a sentence has (wordRepetition.ts)
  dupRate: { kind: 'number', min: 0, max: 0.99 },
};

/** Why `value` is not allowed by `spec`, or null when it is. */
export function fieldProblem(spec: FieldSpec, value: unknown): string | null {
  switch (spec.kind) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'not a finite number';
      if (spec.integer && !Number.isInteger(value)) return 'not a whole number';
      if (value < spec.min || value > spec.max) return `outside [${spec.min}, ${spec.max}]`;
      return null;
    case 'choice':
      return typeof value === 'string' && spec.options.includes(value)
        ? null
        : `not one of ${spec.options.join(', ')}`;
    case 'boolean':
      return typeof value === 'boolean' ? null : 'not true or false';
    case 'list': {
      if (!Array.isArray(value)) return 'not a list';
      if (value.length < spec.minLength || value.length > spec.maxLength) {
        return `length outside [${spec.minLength}, ${spec.maxLength}]`;
      }
      const bad = value.find((v) => !Number.isInteger(v) || v < spec.min || v > spec.max);
      return bad === undefined
        ? null
        : `holds ${String(bad)}, outside whole numbers in [${spec.min}, ${spec.max}]`;
    }
  }
}

/** Every problem of a config, as `field: reason` strings; empty when the config is valid. */
export function configProblems(config: TrainConfig): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(FIELD_SPECS) as (keyof TrainConfig)[]) {
    const problem = fieldProblem(FIELD_SPECS[key], config[key]);
    if (problem) problems.push(`${key}: ${problem}`);
  }
  if (isTextDataset(config.dataset)) problems.push(...textProblems(config));
  return problems;
}

/**
 * What text mode cannot run. The full softmax embeds every training sentence through the Transformer on each
 * step (minutes per step on wasm): refused rather than half-supported. The queue runs (ESimCSE's momentum keys).
 */
function textProblems(config: TrainConfig): string[] {
  const problems: string[] = [];
  if (config.width % config.heads !== 0)
    problems.push(`heads: ${config.heads} does not divide width ${config.width}`);
  if (config.negatives === 'all')
    problems.push('negatives: all (full softmax) is not available in text mode');
  if (config.towers !== 1) problems.push('towers: text mode trains one encoder');
  return problems;
}
