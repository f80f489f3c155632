// The control panel's table (ui/controlTable.ts): one entry per field with a control, ids that `hide=` can name,
// ranges from FIELD_SPECS, explanations that cite their papers, and when each control is hidden or disabled.

import { describe, expect, it } from 'vitest';
import { falseNegativeRule } from '../../src/engine/falseNegativeRules';
import { LOGQ_STREAM_RATE } from '../../src/engine/negativeSources';
import { usesNegativeStrategy } from '../../src/engine/negativeStrategy';
import { DEFAULT_TRAIN_CONFIG, type LossId, type TrainConfig } from '../../src/protocol/config';
import { FIELD_SPECS } from '../../src/protocol/fields';
import { CONFIG_LINK_KEYS, CONTROL_IDS, type ControlId } from '../../src/state/schema';
import { type ControlEntry, controlHint, controlState, sliderBounds } from '../../src/ui/controlKit';
import { CONTROL_TABLE, FIELDS_WITHOUT_CONTROL, filterTrains } from '../../src/ui/controlTable';
import { lockNote } from '../../src/ui/presetLockText';

type Field = keyof TrainConfig;

/** The fields issues 16 and 17 added, each with the papers its explanation must name. */
const NEW_FIELDS: Readonly<Partial<Record<Field, readonly RegExp[]>>> = {
  negatives: [/He et al\. 2020/, /full softmax/],
  queueSize: [/He et al\. 2020/, /65,536/],
  momentum: [/He et al\. 2020/, /k ← m k \+ \(1 − m\) q/, /0\.999/],
  pick: [/Wang et al\. 2020/, /Wang & Liu 2021/, /cos\(a, n\) \+ cos\(n, p\)/],
  pickK: [/Wang et al\. 2020/],
  alpha: [/Wang & Liu 2021/, /α = 1 is InfoNCE/],
  mochi: [/Kalantidis et al\. 2020/, /normalize\(a nᵢ \+ \(1 − a\) nⱼ\)/, /U\(0, 1\)/],
  mochiQuery: [/Kalantidis et al\. 2020/, /normalize\(b q \+ \(1 − b\) nⱼ\)/, /U\(0, 0\.5\)/, /detached/],
  mochiHardest: [/Kalantidis et al\. 2020/],
  skew: [/Zipf/, /Yi et al\. 2019/],
  logQ: [/Yi et al\. 2019/, /RecSys/, /log p_j/],
  falseNegatives: [/FNC, Huynh et al\. 2022/, /NV-Retriever, Moreira et al\. 2024/, /labels as an oracle/],
  perc: [/Moreira et al\. 2024/, /perc × the anchor's cosine to its positive/],
  labels: [/unlabelled data/, /no false-negative marks or\s+measures/, /filter still works/],
};

/** The testIds the browser tests and people's scripts rely on, by field. */
const TEST_IDS: Readonly<Partial<Record<Field, string>>> = {
  tau: 'control-temperature',
  batch: 'control-batch-size',
  dim: 'control-dimension',
  dataset: 'control-dataset',
  loss: 'control-loss',
  backend: 'control-backend',
  seed: 'control-seed',
  classes: 'control-classes',
  separation: 'control-separation',
  noise: 'control-noise',
  dropout: 'control-dropout',
  lr: 'control-learning-rate',
  hardNegativeWeight: 'control-hard-negative-weight',
  margin: 'control-margin',
  mining: 'control-mining',
  tauPlus: 'control-tau-plus',
  beta: 'control-beta',
  negatives: 'control-negatives',
  queueSize: 'control-queue-size',
  momentum: 'control-momentum',
  pick: 'control-pick',
  pickK: 'control-pick-k',
  alpha: 'control-alpha',
  mochi: 'control-mochi',
  mochiQuery: 'control-mochi-query',
  mochiHardest: 'control-mochi-hardest',
  skew: 'control-skew',
  logQ: 'control-logq',
  falseNegatives: 'control-fn',
  perc: 'control-perc',
  labels: 'control-labels',
};

/** The panel's order before the table (new fields aside), which it keeps. */
const FORMER_ORDER: readonly Field[] = [
  'tau',
  'batch',
  'dropout',
  'sameMask',
  'lr',
  'dim',
  'dataset',
  'classes',
  'separation',
  'noise',
  'loss',
  'hardNegativeWeight',
  'margin',
  'mining',
  'tauPlus',
  'beta',
  'backend',
  'seed',
];

const NEGATIVE_FIELDS: readonly Field[] = [
  'negatives',
  'queueSize',
  'momentum',
  'pick',
  'pickK',
  'alpha',
  'mochi',
  'mochiQuery',
  'mochiHardest',
  'logQ',
];

const entry = (field: Field): ControlEntry => {
  const found = CONTROL_TABLE.find((e) => e.field === field);
  if (!found) throw new Error(`invalid field: ${field}`);
  return found;
};
const config = (change: Partial<TrainConfig> = {}): TrainConfig => ({ ...DEFAULT_TRAIN_CONFIG, ...change });
/** `shown`, `disabled` or `hidden`: how a field's control shows for a config and hidden ids. */
const showing = (field: Field, change: Partial<TrainConfig> = {}, hidden: readonly ControlId[] = []) => {
  const state = controlState(entry(field), config(change), hidden);
  if (!state.shown) return 'hidden';
  return state.disabledReason === null ? 'shown' : 'disabled';
};

describe('the control table', () => {
  it('has exactly one entry per TrainConfig field with a control, and says why the others have none', () => {
    const fields: Field[] = CONTROL_TABLE.map((e) => e.field);
    expect(new Set(fields).size).toBe(fields.length);
    const without = Object.keys(FIELDS_WITHOUT_CONTROL);
    expect(without.filter((field) => fields.includes(field as Field))).toEqual([]);
    expect([...fields, ...without].sort()).toEqual(Object.keys(DEFAULT_TRAIN_CONFIG).sort());
  });

  it('gives each control its field’s link key as its id: a CONTROL_IDS member, unique', () => {
    const ids = CONTROL_TABLE.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of CONTROL_TABLE) {
      expect(e.id).toBe(CONFIG_LINK_KEYS[e.field]);
      expect(CONTROL_IDS).toContain(e.id);
    }
  });

  it('keeps every existing testId, adds the new ones, and keeps the former order', () => {
    for (const [field, testId] of Object.entries(TEST_IDS)) expect(entry(field as Field).testId).toBe(testId);
    const testIds = CONTROL_TABLE.map((e) => e.testId);
    expect(new Set(testIds).size).toBe(testIds.length);
    const order = CONTROL_TABLE.map((e) => e.field).filter((field) => FORMER_ORDER.includes(field));
    expect(order).toEqual(FORMER_ORDER);
    expect(CONTROL_TABLE.filter((e) => e.group === 'negatives').map((e) => e.field)).toEqual(NEGATIVE_FIELDS);
    expect(CONTROL_TABLE.filter((e) => e.group === 'falseNegatives').map((e) => e.field)).toEqual([
      'falseNegatives',
      'perc',
      'labels',
    ]);
  });

  it('takes ranges and options from FIELD_SPECS: sliders inside the range, integer fields in whole steps', () => {
    for (const e of CONTROL_TABLE) {
      const spec = FIELD_SPECS[e.field];
      const value = DEFAULT_TRAIN_CONFIG[e.field];
      switch (e.widget) {
        case 'slider': {
          if (spec.kind !== 'number') throw new Error(`invalid slider: ${e.field}`);
          const { min, max } = sliderBounds(e);
          expect(min, e.field).toBeGreaterThanOrEqual(spec.min);
          expect(max, e.field).toBeLessThanOrEqual(spec.max);
          expect(value, e.field).toBeGreaterThanOrEqual(min);
          expect(value, e.field).toBeLessThanOrEqual(max);
          if (spec.integer) expect([e.step, e.log], e.field).toEqual([1, undefined]);
          break;
        }
        case 'menu':
          if (spec.kind !== 'number') throw new Error(`invalid menu: ${e.field}`);
          for (const v of e.values) {
            expect(v, e.field).toBeGreaterThanOrEqual(spec.min);
            expect(v, e.field).toBeLessThanOrEqual(spec.max);
            if (spec.integer) expect(Number.isInteger(v), e.field).toBe(true);
          }
          break;
        case 'select':
          if (spec.kind !== 'choice') throw new Error(`invalid select: ${e.field}`);
          expect(e.options.map((o) => o.value)).toEqual(spec.options);
          break;
        case 'checkbox':
          expect(spec.kind).toBe('boolean');
      }
    }
    const queue = entry('queueSize');
    expect(queue.widget === 'menu' && queue.values).toEqual([
      16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384,
    ]);
  });

  it('explains every new field with its formula and names its paper', () => {
    for (const [field, patterns] of Object.entries(NEW_FIELDS)) {
      const text = entry(field as Field).explanation ?? '';
      for (const pattern of patterns ?? []) expect(text, field).toMatch(pattern);
    }
    expect(entry('logQ').explanation).toContain(`rate ${LOGQ_STREAM_RATE}`);
  });

  it('labels the new fields with the names the lock notes use', () => {
    for (const field of Object.keys(NEW_FIELDS) as Field[]) {
      const note = lockNote({ field, kept: DEFAULT_TRAIN_CONFIG[field], wanted: null, essential: true });
      const name = note.slice(0, note.indexOf(' stays at ')).toLowerCase();
      expect(entry(field).label.toLowerCase(), field).toContain(name);
    }
  });
});

describe('when a control applies', () => {
  it.each<[string, Partial<TrainConfig>, Field, 'shown' | 'disabled' | 'hidden']>([
    ['defaults: negatives from the batch', {}, 'negatives', 'shown'],
    ['neg=batch: no queue', {}, 'queueSize', 'disabled'],
    ['neg=batch: no momentum', {}, 'momentum', 'disabled'],
    ['neg=all: no queue', { negatives: 'all' }, 'queueSize', 'disabled'],
    ['neg=queue', { negatives: 'queue' }, 'queueSize', 'shown'],
    ['neg=queue: momentum', { negatives: 'queue' }, 'momentum', 'shown'],
    ['pick=all: no k', {}, 'pickK', 'disabled'],
    ['pick=all: no α', {}, 'alpha', 'disabled'],
    ['pick=hard', { pick: 'hard' }, 'pickK', 'shown'],
    ['pick=near-pos', { pick: 'near-pos' }, 'pickK', 'shown'],
    ['pick=kgpolicy', { pick: 'kgpolicy' }, 'pickK', 'shown'],
    ['pick=quantile: no k', { pick: 'quantile' }, 'pickK', 'disabled'],
    ['pick=quantile: α', { pick: 'quantile' }, 'alpha', 'shown'],
    ['pick=hard: no α', { pick: 'hard' }, 'alpha', 'disabled'],
    ['s = s′ = 0: no N', {}, 'mochiHardest', 'disabled'],
    ['s = 2: N', { mochi: 2 }, 'mochiHardest', 'shown'],
    ['s′ = 1: N', { mochiQuery: 1 }, 'mochiHardest', 'shown'],
    ['MoCHi s always', {}, 'mochi', 'shown'],
    ['logQ always under InfoNCE', {}, 'logQ', 'shown'],
    ['loss=dcl hides the negatives', { loss: 'dcl' }, 'negatives', 'hidden'],
    ['loss=dcl hides k, even with pick=hard', { loss: 'dcl', pick: 'hard' }, 'pickK', 'hidden'],
    ['loss=infonce-nxn hides the queue', { loss: 'infonce-nxn', negatives: 'queue' }, 'queueSize', 'hidden'],
    ['loss=dcl shows τ⁺', { loss: 'dcl' }, 'tauPlus', 'shown'],
    ['loss=dcl hides β', { loss: 'dcl' }, 'beta', 'hidden'],
    ['loss=hcl shows β', { loss: 'hcl' }, 'beta', 'shown'],
    ['InfoNCE hides τ⁺', {}, 'tauPlus', 'hidden'],
    ['supervised shows ln α', { loss: 'supervised' }, 'hardNegativeWeight', 'shown'],
    ['triplet shows the mining', { loss: 'triplet' }, 'mining', 'shown'],
    ['clusters: skew', {}, 'skew', 'shown'],
    ['skew under any objective', { loss: 'triplet' }, 'skew', 'shown'],
    ['digits hide skew', { dataset: 'digits' }, 'skew', 'hidden'],
    ['digits hide the classes', { dataset: 'digits' }, 'classes', 'hidden'],
    ['defaults: fn', {}, 'falseNegatives', 'shown'],
    ['fn=keep: no perc', {}, 'perc', 'disabled'],
    ['fn=eliminate: no perc', { falseNegatives: 'eliminate' }, 'perc', 'disabled'],
    ['fn=filter: perc', { falseNegatives: 'filter' }, 'perc', 'shown'],
    ['fn=eliminate with labels known', { falseNegatives: 'eliminate' }, 'falseNegatives', 'shown'],
    [
      'fn=eliminate, labels hidden',
      { falseNegatives: 'eliminate', labels: 'hidden' },
      'falseNegatives',
      'disabled',
    ],
    [
      'fn=attract, labels hidden',
      { falseNegatives: 'attract', labels: 'hidden' },
      'falseNegatives',
      'disabled',
    ],
    ['fn=filter, labels hidden', { falseNegatives: 'filter', labels: 'hidden' }, 'falseNegatives', 'shown'],
    ['fn=filter, labels hidden: perc', { falseNegatives: 'filter', labels: 'hidden' }, 'perc', 'shown'],
    ['labels always', {}, 'labels', 'shown'],
    ['loss=dcl hides fn', { loss: 'dcl', falseNegatives: 'eliminate' }, 'falseNegatives', 'hidden'],
    ['loss=triplet hides perc', { loss: 'triplet', falseNegatives: 'filter' }, 'perc', 'hidden'],
    ['labels under any objective', { loss: 'triplet' }, 'labels', 'shown'],
  ])('%s', (_, change, field, expected) => {
    expect(showing(field, change)).toBe(expected);
    expect(entry(field).applies(config(change)) === null).toBe(expected === 'shown');
  });

  it('gives the reasons people read', () => {
    expect(entry('pickK').applies(config())).toBe('k counts only with pick = hard, near-pos or kgpolicy.');
    expect(entry('queueSize').applies(config({ loss: 'dcl' }))).toBe(
      'Only InfoNCE ([a, a′, b, b′]) trains with a queue.',
    );
    expect(entry('skew').applies(config({ dataset: 'digits' }))).toBe('Clusters data only.');
    expect(entry('falseNegatives').applies(config({ falseNegatives: 'attract', labels: 'hidden' }))).toBe(
      'Needs the labels: with labels hidden it trains as keep.',
    );
    expect(entry('perc').applies(config())).toBe(
      'perc counts only when the filter drops false negatives (fn = filter).',
    );
    expect(entry('falseNegatives').applies(config({ loss: 'supervised' }))).toBe(
      'Only InfoNCE ([a, a′, b, b′]) trains with a false-negative rule.',
    );
  });

  it('disables the false-negative rule exactly when the engine trains another one (keep for the oracles)', () => {
    const rules = FIELD_SPECS.falseNegatives.kind === 'choice' ? FIELD_SPECS.falseNegatives.options : [];
    const access = FIELD_SPECS.labels.kind === 'choice' ? FIELD_SPECS.labels.options : [];
    expect(rules.length * access.length).toBe(8);
    for (const falseNegatives of rules as TrainConfig['falseNegatives'][]) {
      for (const labels of access as TrainConfig['labels'][]) {
        const c = config({ falseNegatives, labels });
        expect(entry('falseNegatives').inactive(c) !== null, `${falseNegatives} ${labels}`).toBe(
          falseNegativeRule(c) !== falseNegatives,
        );
      }
    }
  });

  it('says the filter trains exactly when the engine runs it: InfoNCE with fn = filter', () => {
    const losses = FIELD_SPECS.loss.kind === 'choice' ? (FIELD_SPECS.loss.options as LossId[]) : [];
    for (const loss of losses) {
      for (const falseNegatives of ['keep', 'filter'] as const) {
        const c = config({ loss, falseNegatives, labels: 'hidden' });
        expect(filterTrains(c), `${loss} ${falseNegatives}`).toBe(
          usesNegativeStrategy(c) && falseNegativeRule(c) === 'filter',
        );
      }
    }
  });

  it('hides any control the link names, applying or not', () => {
    expect(showing('pickK', { pick: 'hard' }, ['k', 'pick'])).toBe('hidden');
    expect(showing('pick', {}, ['k', 'pick'])).toBe('hidden');
    expect(showing('pickK', {}, ['k'])).toBe('hidden');
    expect(showing('alpha', {}, ['k', 'pick'])).toBe('disabled');
    for (const e of CONTROL_TABLE) expect(controlState(e, config(), [e.id]).shown).toBe(false);
  });

  it('shows the negatives exactly under the objective the engine runs them with', () => {
    const everything = config({ negatives: 'queue', pick: 'hard', mochi: 2, logQ: 'exact' });
    const losses = FIELD_SPECS.loss.kind === 'choice' ? (FIELD_SPECS.loss.options as LossId[]) : [];
    for (const loss of losses) {
      const withLoss = { ...everything, loss };
      for (const field of NEGATIVE_FIELDS) {
        expect(controlState(entry(field), withLoss, []).shown, `${loss} ${field}`).toBe(
          usesNegativeStrategy(withLoss),
        );
      }
    }
  });

  it('puts the disabled reason in the hint, else the note, else the explanation', () => {
    const panel = { batchLimit: null };
    const k = entry('pickK');
    expect(controlHint(k, config(), panel, k.inactive(config()))).toMatch(/^k counts only/);
    expect(controlHint(k, config({ pick: 'hard' }), panel, null)).toBe(k.explanation);
    expect(controlHint(entry('batch'), config({ batch: 512 }), { batchLimit: 256 }, null)).toBe(
      'At most 256 pairs here (the notice above says whether the training set or the backend sets the limit); training uses 256.',
    );
    expect(controlHint(entry('batch'), config(), panel, null)).toBeUndefined();
    expect(controlHint(entry('dropout'), config({ dropout: 0 }), panel, null)).toMatch(/^p = 0/);
    expect(controlHint(entry('dropout'), config(), panel, null)).toBeUndefined();
  });
});
