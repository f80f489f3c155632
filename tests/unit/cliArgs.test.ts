// Command-line flags: the link's keys, read strictly (bad values are errors), with --link as a starting
// point that flags override, and a usage text generated from the schema table.

import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG } from '../../src/protocol/config';
import { cliUsage, DEFAULT_STEPS, parseCliArgs } from '../../src/state/cliArgs';
import { CONFIG_ENTRIES, DEFAULT_LAB_STATE, showValue } from '../../src/state/schema';
import { linkForState } from '../../src/state/url';

describe('parseCliArgs', () => {
  it('gives the defaults for no flags', () => {
    expect(parseCliArgs([])).toEqual({
      config: DEFAULT_TRAIN_CONFIG,
      steps: DEFAULT_STEPS,
      json: false,
      help: false,
      sentences: null,
      warnings: [],
      errors: [],
    });
  });

  it('reads config flags, --steps and --json, as `--key value` or `--key=value`', () => {
    const args = parseCliArgs([
      '--tau',
      '0.05',
      '--batch=64',
      '--dataset',
      'digits',
      '--steps',
      '200',
      '--json',
    ]);
    expect(args.errors).toEqual([]);
    expect(args.config).toEqual({ ...DEFAULT_TRAIN_CONFIG, tau: 0.05, batch: 64, dataset: 'digits' });
    expect(args.steps).toBe(200);
    expect(args.json).toBe(true);
  });

  it('reads the long keys and list/boolean forms, and values that start with "-"', () => {
    const args = parseCliArgs([
      '--hnw',
      '-2',
      '--hidden',
      '128-64',
      '--same',
      'true',
      '--tplus',
      '0.05',
      '--indim=16',
    ]);
    expect(args.errors).toEqual([]);
    expect(args.config).toMatchObject({
      hardNegativeWeight: -2,
      hidden: [128, 64],
      sameMask: true,
      tauPlus: 0.05,
      inputDim: 16,
    });
    expect(parseCliArgs(['--hidden', '']).config.hidden).toEqual([]);
  });

  it('starts from --link and lets flags override it, before or after', () => {
    const link = linkForState('https://lab.example/', {
      ...DEFAULT_LAB_STATE,
      config: { ...DEFAULT_TRAIN_CONFIG, tau: 0.2, batch: 32, loss: 'dcl' },
    });
    const after = parseCliArgs(['--link', link, '--tau', '0.05']);
    expect(after.errors).toEqual([]);
    expect(after.config).toEqual({ ...DEFAULT_TRAIN_CONFIG, tau: 0.05, batch: 32, loss: 'dcl' });
    expect(parseCliArgs(['--tau', '0.05', `--link=${link}`]).config).toEqual(after.config);
    expect(parseCliArgs(['--link', '#tau=0.3&hide=tau&embed=forces']).config).toEqual({
      ...DEFAULT_TRAIN_CONFIG,
      tau: 0.3,
    });
  });

  it('reads --link leniently, like the page: its problems are warnings', () => {
    const args = parseCliArgs(['--link', '?tau=1e9&foo=1', '--batch', '64']);
    expect(args.errors).toEqual([]);
    expect(args.config).toEqual({ ...DEFAULT_TRAIN_CONFIG, tau: 1e4, batch: 64 });
    expect(args.warnings).toEqual([
      '--link: tau: 1e9 is above the maximum 10000; using 10000',
      '--link: unknown field "foo" ignored',
    ]);
  });

  it('makes bad flag values errors', () => {
    const args = parseCliArgs([
      '--tau',
      'abc',
      '--lr',
      '5',
      '--batch',
      '2.5',
      '--loss',
      'mse',
      '--same',
      'maybe',
      '--hidden',
      '128-x',
      '--steps',
      '0',
    ]);
    expect(args.errors).toEqual([
      '--loss: "mse" is not one of infonce, infonce-nxn, supervised, triplet, dcl, hcl',
      '--tau: "abc" is not a number',
      '--batch: 2.5 is not a whole number',
      '--same: "maybe" is not 1, 0, true or false',
      '--lr: 5 is above the maximum 1',
      '--hidden: "128-x" is not widths joined by "-"',
      '--steps: 0 is below the minimum 1',
    ]);
  });

  it('makes unknown flags (with their values), view keys, stray words and missing values errors', () => {
    const args = parseCliArgs(['--foo', '1', '--hide', 'tau', '--v=1', 'extra', '--bar', '--tau', '--batch']);
    expect(args.errors).toEqual([
      'unknown flag --foo',
      'unknown flag --hide',
      'unknown flag --v',
      'unexpected argument "extra"',
      'unknown flag --bar',
      '--tau needs a value',
      '--batch needs a value',
    ]);
    expect(parseCliArgs(['--json=1']).errors).toEqual(['--json takes no value']);
    expect(parseCliArgs(['--__proto__', 'x']).errors).toEqual(['unknown flag --__proto__']);
  });

  it('keeps the last of a repeated flag, with a warning', () => {
    const args = parseCliArgs(['--tau', '0.05', '--tau', '0.2']);
    expect(args.config.tau).toBe(0.2);
    expect(args.warnings).toEqual(['--tau given more than once; using the last, "0.2"']);
  });

  it('sets help for --help and -h, and skips a bare --', () => {
    expect(parseCliArgs(['--help']).help).toBe(true);
    expect(parseCliArgs(['--', '-h']).help).toBe(true);
    expect(parseCliArgs(['--', '-h']).errors).toEqual([]);
  });
});

describe('cliUsage', () => {
  it('lists every config key with its range and default, and the CLI-only flags', () => {
    const usage = cliUsage();
    for (const entry of CONFIG_ENTRIES) {
      const line = usage.split('\n').find((l) => l.trimStart().startsWith(`--${entry.key} `));
      expect(line).toContain(entry.codec.range);
      expect(line).toContain(`(default ${showValue<unknown>(entry, entry.default)})`);
    }
    for (const flag of ['--link', '--steps', '--json', '--help']) expect(usage).toContain(flag);
    expect(usage).toContain('--tau <value>      number in [0.0001, 10000], log scale (default 0.1)');
  });
});
