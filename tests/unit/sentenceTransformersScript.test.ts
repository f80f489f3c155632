// Issue 20 (3): the sentence-transformers export's mapping, read back from the script's text. Each setting the
// script uses is a `NAME = value` line written from the lab's experiment (src/handoff/stMapping.ts); these tests
// parse those lines and check the values against the lab's fields: scale = 1 / tau exactly, the relative margin
// 1 - perc, the Cached loss and its mini-batch above 256 pairs, the no-duplicates sampler for the in-batch
// losses, the mining for the pick rules, and a printed warning for every lab choice without a counterpart.
// (tests/engine/exportSentenceTransformers.test.ts compiles the scripts and runs them against a stub library.)
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ST_MODEL,
  pyFloat,
  sentenceTransformersScript,
} from '../../src/handoff/sentenceTransformersScript';
import { relativeMarginOf, ST_FIELD_NOTES, stPlan } from '../../src/handoff/stMapping';
import { DEFAULT_TRAIN_CONFIG, FIELD_EFFECTS, type TrainConfig } from '../../src/protocol/config';
import { parseLink } from '../../src/state/url';

const scriptOf = (link: string, model = DEFAULT_ST_MODEL) =>
  sentenceTransformersScript({ config: parseLink(link).state.config, link, model });

/** The text after `NAME = ` on the script's top-level assignment line (up to a comment). */
function setting(script: string, name: string): string {
  const line = script.split('\n').find((l) => l.startsWith(`${name} = `));
  if (line === undefined) throw new Error(`no ${name} in the script`);
  return line.slice(name.length + 3).replace(/\s+#.*$/, '');
}

/** A multi-line dict setting (MINE) as its "key": value pairs. */
function dictSetting(script: string, name: string): Record<string, string> | null {
  const lines = script.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${name} = `));
  if (start < 0) throw new Error(`no ${name} in the script`);
  if (lines[start] === `${name} = None`) return null;
  const end = lines.indexOf('}', start);
  return Object.fromEntries(
    lines.slice(start + 1, end).map((l) => {
      const match = /^\s+"(\w+)": (.*),$/.exec(l);
      if (!match) throw new Error(`unexpected line in ${name}: ${l}`);
      return [match[1], match[2]];
    }),
  );
}

/** The WARNINGS list's strings, as Python would read them (JSON string literals). */
function warnings(script: string): string[] {
  const lines = script.split('\n');
  const start = lines.indexOf('WARNINGS = [');
  const end = lines.indexOf(']', start);
  return lines.slice(start + 1, end).map((l) => JSON.parse(l.trim().replace(/,$/, '')) as string);
}

describe('the sentence-transformers export: the mapping, read from the script', () => {
  it('defaults: MultipleNegativesRankingLoss on (s, s) pairs, scale 1 / tau, the no-duplicates sampler', () => {
    const script = scriptOf('#seed=1');
    expect(setting(script, 'MODEL_NAME')).toBe('"all-MiniLM-L6-v2"');
    expect(setting(script, 'DATA')).toBe('"sentences"');
    expect(setting(script, 'LOSS')).toBe('"MultipleNegativesRankingLoss"');
    expect(setting(script, 'SCALE')).toBe('10.0'); // tau 0.1
    expect(setting(script, 'BATCH_SIZE')).toBe('128');
    expect(setting(script, 'MINI_BATCH_SIZE')).toBe('None');
    expect(setting(script, 'BATCH_SAMPLER')).toBe('"no_duplicates"');
    expect(setting(script, 'RELATIVE_MARGIN')).toBe('None');
    expect(dictSetting(script, 'MINE')).toBeNull();
    expect(setting(script, 'LEARNING_RATE')).toBe('3e-5');
    expect(setting(script, 'LAB_LR')).toBe('0.001');
    expect(setting(script, 'SEED')).toBe('1');
    // the library's in-batch layout is the lab's infonce-nxn, not its [a, a', b, b']: said in a warning
    const [layout, ...rest] = warnings(script);
    expect(layout).toContain('2N - 2 = 254 negatives');
    expect(layout).toContain('N x N cross-view form');
    expect(layout).toContain('N - 1 = 127');
    expect(rest).toEqual([]);
    expect(script).toContain('# Lab link: #seed=1');
    expect(script).toContain('pip install "sentence-transformers[train]>=4.1"');
    // infonce-nxn is the library's own layout: nothing to warn about
    expect(warnings(scriptOf('#loss=infonce-nxn'))).toEqual([]);
  });

  it('scale is exactly 1 / tau (tau 0.05 -> 20.0), the double Python computes', () => {
    expect(setting(scriptOf('#tau=0.05'), 'SCALE')).toBe('20.0');
    expect(setting(scriptOf('#tau=0.05'), 'TEMPERATURE')).toBe('0.05');
    for (const tau of [0.07, 0.1, 0.2, 0.3, 1, 1e-4, 1e4]) {
      const value = Number(setting(scriptOf(`#tau=${tau}`), 'SCALE'));
      expect(value).toBe(1 / tau);
    }
    expect(pyFloat(20)).toBe('20.0');
    expect(pyFloat(1e-4)).toBe('1e-4');
    expect(pyFloat(14.285714285714286)).toBe('14.285714285714286');
  });

  it('supervised: (anchor, positive, hard negative) pairs with MNRL; ln alpha has no counterpart', () => {
    const plain = scriptOf('#loss=supervised&tau=0.05');
    expect(setting(plain, 'DATA')).toBe('"pairs"');
    expect(setting(plain, 'LOSS')).toBe('"MultipleNegativesRankingLoss"');
    expect(setting(plain, 'SCALE')).toBe('20.0');
    expect(setting(plain, 'BATCH_SAMPLER')).toBe('"no_duplicates"');
    expect(warnings(plain)).toEqual([]); // alpha = 1 is the library's own weighting
    const weighted = scriptOf('#loss=supervised&hnw=0.7');
    expect(warnings(weighted)).toEqual([expect.stringContaining('ln alpha = 0.7 has no counterpart')]);
    expect(weighted).toContain('# (ln alpha = 0.7) has no counterpart');
  });

  it('pick = hard, k = 4: mine_hard_negatives(num_negatives=4, sampling_strategy="top") before training', () => {
    const script = scriptOf('#pick=hard&k=4');
    expect(dictSetting(script, 'MINE')).toEqual({
      num_negatives: '4',
      sampling_strategy: '"top"',
      relative_margin: 'None',
      absolute_margin: 'None',
    });
    expect(warnings(script)).toContainEqual(expect.stringContaining('pick = hard (k = 4)'));
    expect(dictSetting(scriptOf('#pick=near-pos&k=8'), 'MINE')).toMatchObject({ num_negatives: '8' });
    expect(dictSetting(scriptOf('#pick=kgpolicy&k=2'), 'MINE')).toMatchObject({ num_negatives: '2' });
    // quantile has none: nothing mined, and said
    const quantile = scriptOf('#pick=quantile&alpha=0.25');
    expect(dictSetting(quantile, 'MINE')).toBeNull();
    expect(warnings(quantile)).toContainEqual(
      expect.stringContaining('pick = quantile (alpha = 0.25): no counterpart'),
    );
    // the lab applies pick to InfoNCE only
    expect(dictSetting(scriptOf('#loss=infonce-nxn&pick=hard&k=4'), 'MINE')).toBeNull();
  });

  it('falseNegatives = filter, perc 0.95: relative margin 0.05 (GISTEmbedLoss and the mining)', () => {
    const script = scriptOf('#fn=filter&perc=0.95');
    expect(setting(script, 'RELATIVE_MARGIN')).toBe('0.05');
    expect(setting(script, 'LOSS')).toBe('"GISTEmbedLoss"');
    expect(setting(script, 'TEMPERATURE')).toBe('0.1');
    expect(warnings(script)).toContainEqual(expect.stringContaining('frozen guide model'));
    expect(script).toContain('margin_strategy="relative", margin=RELATIVE_MARGIN');
    expect(script).toContain('relative_margin=MINE["relative_margin"]');
    const mined = scriptOf('#fn=filter&perc=0.9&pick=hard&k=3');
    expect(setting(mined, 'RELATIVE_MARGIN')).toBe('0.1');
    expect(dictSetting(mined, 'MINE')).toMatchObject({ num_negatives: '3', relative_margin: '0.1' });
    expect(relativeMarginOf(0.95)).toBe(0.05);
    expect(relativeMarginOf(1.2)).toBe(-0.2);
    // with a large batch, the cached form
    expect(setting(scriptOf('#fn=filter&batch=512'), 'LOSS')).toBe('"CachedGISTEmbedLoss"');
  });

  it('eliminate and attract read labels: no counterpart, said; with labels hidden the lab keeps too', () => {
    const eliminate = warnings(scriptOf('#fn=eliminate'));
    expect(eliminate).toContainEqual(expect.stringContaining('falseNegatives = eliminate reads the classes'));
    expect(eliminate).toContainEqual(expect.stringContaining('Closest without labels: GISTEmbedLoss'));
    expect(warnings(scriptOf('#fn=attract'))).toContainEqual(
      expect.stringContaining('Attraction (FNC) has no counterpart'),
    );
    expect(setting(scriptOf('#fn=eliminate'), 'LOSS')).toBe('"MultipleNegativesRankingLoss"');
  });

  it('a batch of 512: CachedMultipleNegativesRankingLoss with mini_batch_size 32; 256 stays plain', () => {
    const script = scriptOf('#batch=512');
    expect(setting(script, 'LOSS')).toBe('"CachedMultipleNegativesRankingLoss"');
    expect(setting(script, 'MINI_BATCH_SIZE')).toBe('32');
    expect(setting(script, 'BATCH_SIZE')).toBe('512');
    expect(script).toContain(
      'CachedMultipleNegativesRankingLoss(model, scale=SCALE, mini_batch_size=mini_batch_size)',
    );
    const edge = scriptOf('#batch=256');
    expect(setting(edge, 'LOSS')).toBe('"MultipleNegativesRankingLoss"');
    expect(setting(edge, 'MINI_BATCH_SIZE')).toBe('None');
  });

  it('dcl and hcl: no counterpart; the closest (MNRL) runs and a warning names what differs', () => {
    for (const [loss, what] of [
      ['dcl', "without DCL's debiased denominator"],
      ['hcl', "without HCL's debiasing and hardness reweighting"],
    ] as const) {
      const script = scriptOf(`#loss=${loss}`);
      expect(setting(script, 'LOSS')).toBe('"MultipleNegativesRankingLoss"');
      expect(setting(script, 'BATCH_SAMPLER')).toBe('"no_duplicates"');
      const [warning] = warnings(script);
      expect(warning).toContain(`loss = ${loss}`);
      expect(warning).toContain('has no counterpart in sentence-transformers');
      expect(warning).toContain(what);
    }
  });

  it('triplet: TripletLoss with the cosine distance and the lab margin, one negative mined, default sampler', () => {
    const script = scriptOf('#loss=triplet&margin=0.3&mining=hardest');
    expect(setting(script, 'LOSS')).toBe('"TripletLoss"');
    expect(setting(script, 'TRIPLET_MARGIN')).toBe('0.3');
    expect(setting(script, 'BATCH_SAMPLER')).toBe('"batch_sampler"');
    expect(dictSetting(script, 'MINE')).toEqual({
      num_negatives: '1',
      sampling_strategy: '"top"',
      relative_margin: 'None',
      absolute_margin: 'None',
    });
    expect(dictSetting(scriptOf('#loss=triplet&mining=semi-hard'), 'MINE')).toMatchObject({
      absolute_margin: '0.0',
    });
    expect(dictSetting(scriptOf('#loss=triplet&mining=random'), 'MINE')).toMatchObject({
      sampling_strategy: '"random"',
    });
    expect(script).toContain(
      'distance_metric=losses.TripletDistanceMetric.COSINE, triplet_margin=TRIPLET_MARGIN',
    );
    expect(warnings(script)).toEqual([expect.stringContaining('the lab mines each anchor')]);
  });

  it('queue, all, MoCHi, logQ, two towers, one mask, another dropout: each a warning, nothing invented', () => {
    const script = scriptOf('#neg=queue&mochi=4&logq=stream&towers=2&same=1&dropout=0.2');
    const said = warnings(script);
    for (const part of [
      'negatives = queue (MoCo, K = 1024, m = 0.99): no momentum encoder',
      "MoCHi (s = 4, s' = 0, N = 32)",
      'logQ = stream: the library has no sampling-bias correction',
      'towers = 2',
      'sameMask = true: no counterpart',
      'dropout = 0.2',
    ]) {
      expect(said).toContainEqual(expect.stringContaining(part));
    }
    expect(setting(script, 'LOSS')).toBe('"MultipleNegativesRankingLoss"');
    expect(warnings(scriptOf('#neg=all'))).toContainEqual(expect.stringContaining('negatives = all'));
  });

  it('every TrainConfig field has a note, and the script records each with its value', () => {
    expect(Object.keys(ST_FIELD_NOTES).sort()).toEqual(Object.keys(FIELD_EFFECTS).sort());
    for (const note of Object.values(ST_FIELD_NOTES)) expect(note.length).toBeGreaterThan(8);
    const script = scriptOf('#seed=1');
    for (const key of Object.keys(DEFAULT_TRAIN_CONFIG) as (keyof TrainConfig)[]) {
      expect(script).toContain(`    "${key}": `);
    }
  });

  it('the model name is the one given; a link with line breaks stays one comment line', () => {
    const script = scriptOf('#seed=2', 'sentence-transformers/all-mpnet-base-v2');
    expect(setting(script, 'MODEL_NAME')).toBe('"sentence-transformers/all-mpnet-base-v2"');
    expect(script).toContain('# Model: sentence-transformers/all-mpnet-base-v2');
    const config = DEFAULT_TRAIN_CONFIG;
    const odd = sentenceTransformersScript({ config, link: '#a\nimport os', model: 'm' });
    expect(odd).toContain('# Lab link: #a import os');
    expect(odd).toContain('LINK = "#a\\nimport os"');
    expect(() => sentenceTransformersScript({ config, link: '', model: ' ' })).toThrow(/invalid model/);
    expect(() => sentenceTransformersScript({ config, link: '', model: 'a\nb' })).toThrow(/invalid model/);
  });

  it('the plan is what the script says (the page can use it as is)', () => {
    const plan = stPlan({
      ...DEFAULT_TRAIN_CONFIG,
      tau: 0.05,
      batch: 1024,
      falseNegatives: 'filter',
      perc: 0.95,
    });
    expect(plan).toMatchObject({
      loss: 'CachedGISTEmbedLoss',
      scale: 20,
      temperature: 0.05,
      batchSize: 1024,
      miniBatchSize: 32,
      noDuplicates: true,
      relativeMargin: 0.05,
      mining: null,
    });
  });
});
