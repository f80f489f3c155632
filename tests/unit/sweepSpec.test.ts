// What a person asks a sweep for: a field's comma list in the link (`sweep=tau:...`) and on the command line
// (`npm run sweep -- --tau ...`), read strictly by the field's codec (a bad item refuses the whole list, named),
// the plan it makes, and the sweep CLI's flags.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG } from '../../src/protocol/config';
import { MAX_SWEEP_RUNS } from '../../src/protocol/sweep';
import { FIGURE_IDS, figureById } from '../../src/state/figures';
import { DEFAULT_SWEEP_STEPS, parseSweepArgs, sweepUsage } from '../../src/state/sweepArgs';
import {
  DEFAULT_SWEEP_TEXT,
  formatSweep,
  parseSweepText,
  parseSweepValues,
  type SweepSpec,
  sweepPlan,
} from '../../src/state/sweepSpec';

const specOf = (text: string): SweepSpec => {
  const parsed = parseSweepText(text);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.spec;
};

describe('parseSweepValues and parseSweepText', () => {
  it('reads each item with the field’s codec', () => {
    expect(specOf('tau:0.01,0.05,0.2,1,5')).toEqual({
      key: 'tau',
      field: 'tau',
      values: [0.01, 0.05, 0.2, 1, 5],
    });
    expect(specOf('loss:infonce,dcl,hcl').values).toEqual(['infonce', 'dcl', 'hcl']);
    expect(specOf('same:0,1')).toMatchObject({ field: 'sameMask', values: [false, true] });
    expect(specOf('hidden:128,64-64').values).toEqual([[128], [64, 64]]);
    expect(specOf('tplus:0.05, 0.1').values).toEqual([0.05, 0.1]);
  });

  it('refuses a list with a bad item whole, naming every bad item', () => {
    const parsed = parseSweepValues('tau', '0.1,abc,-1');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      'tau item 2 "abc": "abc" is not a number',
      'tau item 3 "-1": -1 is below the minimum 0.0001',
    ]);
  });

  it('refuses what the link would adjust, repeats, empty items, unknown keys and too many values', () => {
    const problems = (key: string, list: string) => {
      const parsed = parseSweepValues(key, list);
      return parsed.ok ? [] : parsed.problems;
    };
    expect(problems('batch', '16,2.5')).toEqual(['batch item 2 "2.5": 2.5 is not a whole number']);
    expect(problems('tau', '0.1,0.10')).toEqual(['tau item 2 "0.10": repeats an earlier value']);
    expect(problems('tau', '0.1,')).toHaveLength(1);
    expect(problems('bogus', '1,2')).toEqual(['"bogus" is not a field of the experiment']);
    expect(problems('embed', 'forces')).toEqual(['"embed" is not a field of the experiment']);
    const many = Array.from({ length: MAX_SWEEP_RUNS + 1 }, (_, i) => String(i + 2)).join(',');
    expect(problems('dim', many)).toEqual([
      `dim: 9 values, at most ${MAX_SWEEP_RUNS} configurations a sweep`,
    ]);
    expect(parseSweepText('tau').ok).toBe(false);
    expect(parseSweepText(':1,2').ok).toBe(false);
  });

  it('formatSweep writes what parseSweepText reads back as the same spec', () => {
    for (const text of [
      DEFAULT_SWEEP_TEXT,
      'loss:infonce,dcl,hcl',
      'same:0,1',
      'hidden:128,64-64,',
      'batch:16,32,64,128',
      'alpha:0.001,1',
    ]) {
      const parsed = parseSweepText(text);
      if (!parsed.ok) {
        // 'hidden:128,64-64,' ends in an empty list item: no hidden layer, a valid value of its own
        expect(text).not.toBe(DEFAULT_SWEEP_TEXT);
        continue;
      }
      expect(parseSweepText(formatSweep(parsed.spec))).toEqual(parsed);
    }
  });
});

describe('sweepPlan', () => {
  it('makes one run per value over the base, labelled by key and value', () => {
    const plan = sweepPlan({ ...DEFAULT_TRAIN_CONFIG, seed: 7 }, specOf('tau:0.05,0.5'), 2, 30);
    expect(plan.runs.map((run) => run.label)).toEqual(['tau 0.05', 'tau 0.5']);
    expect(plan.runs.map((run) => run.config)).toEqual([
      { ...DEFAULT_TRAIN_CONFIG, seed: 7, tau: 0.05 },
      { ...DEFAULT_TRAIN_CONFIG, seed: 7, tau: 0.5 },
    ]);
    expect(plan).toMatchObject({ seeds: 2, steps: 30, swept: ['tau'] });
    expect(() => sweepPlan(DEFAULT_TRAIN_CONFIG, specOf('tau:1'), 4, 30)).toThrow(/invalid seeds/);
    expect(() => sweepPlan(DEFAULT_TRAIN_CONFIG, specOf('tau:1'), 1, 0)).toThrow(/invalid steps/);
  });
});

describe('parseSweepArgs', () => {
  it('sweeps the field given a comma list over the other flags, seeds and steps', () => {
    const args = parseSweepArgs([
      '--tau',
      '0.05,0.5',
      '--batch',
      '32',
      '--seed',
      '4',
      '--seeds',
      '2',
      '--steps=20',
    ]);
    expect(args.errors).toEqual([]);
    expect(args.plan?.runs.map((run) => run.config)).toEqual([
      { ...DEFAULT_TRAIN_CONFIG, tau: 0.05, batch: 32, seed: 4 },
      { ...DEFAULT_TRAIN_CONFIG, tau: 0.5, batch: 32, seed: 4 },
    ]);
    expect(args.plan).toMatchObject({ seeds: 2, steps: 20, swept: ['tau'] });
    const other = parseSweepArgs(['--batch', '16,32', '--out', 'x.csv', '--svg', 'x.svg', '--json']);
    expect(other.plan?.swept).toEqual(['batch']);
    expect(other).toMatchObject({ out: 'x.csv', svg: 'x.svg', json: true, figure: null });
  });

  it('without a list sweeps the default, or the one --tau given', () => {
    const plain = parseSweepArgs([]);
    expect(plain.errors).toEqual([]);
    expect(plain.plan?.runs.map((run) => run.config.tau)).toEqual([0.01, 0.05, 0.2, 1, 5]);
    expect(plain.plan).toMatchObject({ seeds: 1, steps: DEFAULT_SWEEP_STEPS });
    expect(parseSweepArgs(['--tau', '0.3']).plan?.runs.map((run) => run.config.tau)).toEqual([0.3]);
  });

  it('refuses a bad list with its items named, and plans nothing', () => {
    const args = parseSweepArgs(['--tau', '0.1,abc,-1', '--steps', '20']);
    expect(args.plan).toBeNull();
    expect(args.errors).toEqual([
      '--tau item 2 "abc": "abc" is not a number',
      '--tau item 3 "-1": -1 is below the minimum 0.0001',
    ]);
  });

  it('refuses two lists, a seed list, bad seeds and a bad value elsewhere', () => {
    expect(parseSweepArgs(['--tau', '0.1,1', '--batch', '16,32']).errors).toEqual([
      'only one field may have a list; --tau and --batch both do',
    ]);
    expect(parseSweepArgs(['--seed', '1,2']).errors[0]).toMatch(/--seeds K/);
    expect(parseSweepArgs(['--seeds', '4']).errors).toEqual(['--seeds: 4 is above the maximum 3']);
    const bad = parseSweepArgs(['--tau', '0.1,1', '--lr', '5']);
    expect(bad.errors).toEqual(['--lr: 5 is above the maximum 1']);
    expect(bad.plan).toBeNull();
    expect(parseSweepArgs(['--bogus', '1']).errors).toEqual(['unknown flag --bogus']);
  });

  it('runs a figure’s own plan, refusing flags that would change it; lists the figures', () => {
    const args = parseSweepArgs(['--figure', 'dcl-hcl', '--out', 'f.csv']);
    expect(args.errors).toEqual([]);
    expect(args.figure).toBe('dcl-hcl');
    expect(args.plan).toBe(figureById('dcl-hcl').plan);
    expect(parseSweepArgs(['--figure', 'dcl-hcl', '--tau', '1', '--seeds', '1']).errors).toEqual([
      "--tau: --figure runs the figure's own experiment",
      "--seeds: --figure runs the figure's own experiment",
    ]);
    expect(parseSweepArgs(['--figure', 'nope']).errors[0]).toMatch(/unknown figure "nope"/);
    expect(parseSweepArgs(['--figure', 'list'])).toMatchObject({ listFigures: true, errors: [] });
  });

  it('documents every sweep flag and figure', () => {
    const usage = sweepUsage();
    for (const flag of [
      '--steps',
      '--seeds',
      '--seed',
      '--link',
      '--out',
      '--svg',
      '--figure',
      '--json',
      '--tau',
    ])
      expect(usage).toContain(flag);
    for (const id of FIGURE_IDS) expect(usage).toContain(id);
  });
});
