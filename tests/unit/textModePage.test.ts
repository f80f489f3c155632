// Text mode on the page: the run's texts (split, display, batch rows and their triplet sides), the sentence
// lookups behind the tooltips and the weights list, and sentences rendered as text. STS: textModeSts.test.ts.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { layoutHypersphere } from '../../src/charts/hypersphere/hypersphereLayout';
import { pointHoverAt } from '../../src/charts/hypersphere/pointHover';
import { weightsSentences } from '../../src/charts/negativeWeights/weightsSentences';
import { SentenceLines } from '../../src/charts/SentenceTooltip';
import { batchText, cellSentences, classNameOf, displayText } from '../../src/charts/sentenceText';
import { makeSentences } from '../../src/data/sentences';
import { pickDisplaySet, splitTrainTest } from '../../src/data/split';
import { encode } from '../../src/data/tokenizer';
import { shownSources } from '../../src/engine/batchSources';
import { sentenceRows } from '../../src/engine/textData';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/protocol/config';
import { runTextsOf } from '../../src/protocol/runTexts';
import { fakeBatch } from './charts/fakeBatch';
import { fakeSnapshot } from './charts/hypersphereFixture';
import { fakeTexts } from './helpers/runTexts';

const config = (change: Partial<TrainConfig> = {}): TrainConfig => ({ ...DEFAULT_TRAIN_CONFIG, ...change });

describe('the run texts', () => {
  const run = config({ dataset: 'sentences', seed: 1, maxLen: 32 });
  const { dataset, sts } = sentenceRows(run);
  const split = splitTrainTest(dataset, { testFraction: 0.25, seed: run.seed });
  const display = pickDisplaySet(split.test, 64, run.seed);

  it('stay aligned with the rows through the split and the display pick', () => {
    for (const part of [split.train, split.test, display]) {
      expect(part.texts).toHaveLength(part.rows);
      for (const row of [0, Math.floor(part.rows / 2), part.rows - 1]) {
        const ids = Array.from(part.features.subarray(row * part.dim, (row + 1) * part.dim));
        expect(ids).toEqual(Array.from(encode(part.texts?.[row] ?? '', run.maxLen).ids));
      }
    }
  });

  it('are sent for text rows only, with the class names and baselines', () => {
    const texts = runTextsOf(split.train, display, sts.baselines);
    expect(texts?.train).toBe(split.train.texts);
    expect(texts?.display).toHaveLength(display.rows);
    expect(texts?.classNames).toBe(dataset.classNames);
    // each training row's triplet sentences follow it through the split
    const data = makeSentences({ seed: run.seed });
    const tripletOf = new Map(data.triplets.map((t) => [t.anchor.text, t]));
    for (const row of [0, 100, split.train.rows - 1]) {
      const triplet = tripletOf.get(texts?.train[row] ?? '');
      expect(texts?.triplets?.entailment[row]).toBe(triplet?.entailment.text);
      expect(texts?.triplets?.contradiction[row]).toBe(triplet?.contradiction.text);
    }
    const { texts: _dropped, ...vectors } = split.train;
    expect(runTextsOf(vectors, display, null)).toBeNull();
  });
});

describe('batch rows and their training rows', () => {
  const plan = (positives: Int32Array | null) => ({
    anchors: Int32Array.from([7, 3, 9]),
    positives,
    pool: null,
    dropout: { rate: 0.1, sameMask: false, seed: 1 },
  });

  const sourcesOf = (...args: Parameters<typeof shownSources>) => Array.from(shownSources(...args).sources);

  it('name each pair: both views of an anchor, or the anchor and its real positive; -1 past the pairs', () => {
    expect(sourcesOf(plan(null), 6, 'infonce')).toEqual([7, 7, 3, 3, 9, 9]);
    // the preview plan carries partners for every loss: InfoNCE still shows two views of each anchor
    expect(sourcesOf(plan(Int32Array.from([1, 2, 4])), 6, 'dcl')).toEqual([7, 7, 3, 3, 9, 9]);
    const mined = shownSources(plan(Int32Array.from([1, 2, 4])), 9, 'supervised');
    expect(Array.from(mined.sources)).toEqual([7, 1, 3, 2, 9, 4, -1, -1, -1]);
    expect(Array.from(mined.sourceSides)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // a view truncated to fewer rows than the plan
    expect(sourcesOf(plan(null), 4, 'infonce-nxn')).toEqual([7, 7, 3, 3]);
  });

  it('name supervised SimCSE’s triplet rows: the anchor’s entailment, then its contradiction after the pairs', () => {
    const triplets = { ...plan(Int32Array.from([7, 3, 9])), triplets: true };
    const { sources, sourceSides } = shownSources(triplets, 9, 'supervised');
    expect(Array.from(sources)).toEqual([7, 7, 3, 3, 9, 9, 7, 3, 9]);
    expect(Array.from(sourceSides)).toEqual([0, 1, 0, 1, 0, 1, 2, 2, 2]);
    const texts = {
      ...fakeTexts(10),
      triplets: {
        entailment: Array.from({ length: 10 }, (_, i) => `Entailed ${i}.`),
        contradiction: Array.from({ length: 10 }, (_, i) => `Contradicted ${i}.`),
      },
    };
    const batch = { ...fakeBatch(4, 3, 0.1), rows: 9, sources, sourceSides };
    expect([0, 1, 6].map((row) => batchText(texts, batch, row))).toEqual([
      'Sentence number 7.',
      'Entailed 7.',
      'Contradicted 7.',
    ]);
    // without triplet texts a side row has no sentence (never the anchor's by mistake)
    expect(batchText({ ...texts, triplets: null }, batch, 1)).toBeNull();
  });
});

describe('sentences of points and cells', () => {
  const base = fakeBatch(4, 3, 0.1);
  const batch = { ...base, sources: Int32Array.from([0, 0, 1, 1, 2, 2, 3, -1]) };
  const texts = fakeTexts(4);

  it('look batch rows up through their sources, display rows directly, classes by name', () => {
    expect(batchText(texts, batch, 2)).toBe('Sentence number 1.');
    expect(batchText(texts, batch, 7)).toBeNull(); // a row that is no training row
    expect(batchText(texts, base, 0)).toBeNull(); // a view without sources
    expect(batchText(null, batch, 0)).toBeNull();
    expect(displayText(texts, 3)).toBe('Held-out 3.');
    expect(displayText(texts, 99)).toBeNull();
    expect(classNameOf(texts, 1)).toBe('animals chase animals');
    expect(classNameOf(texts, 5)).toBeNull();
  });

  it('give a cell both sentences, or one on the diagonal', () => {
    expect(cellSentences(texts, batch, 0, 4)).toEqual([
      { label: 'i', text: 'Sentence number 0.' },
      { label: 'j', text: 'Sentence number 2.' },
    ]);
    expect(cellSentences(texts, batch, 2, 2)).toEqual([{ label: 'i = j', text: 'Sentence number 1.' }]);
    expect(cellSentences(texts, batch, 7, 0)).toEqual([{ label: 'j', text: 'Sentence number 0.' }]);
  });

  it('list the anchor’s heaviest negatives by weight, never its positive or itself', () => {
    const anchor = 2;
    const list = weightsSentences(texts, batch, anchor, 3);
    expect(list.anchor).toBe('Sentence number 1.');
    expect(list.positive).toBe('Sentence number 1.');
    const rows = batch.rows;
    const weightsOf = list.negatives.map((n) => n.weight);
    expect(weightsOf).toEqual([...weightsOf].sort((a, b) => b - a));
    for (const n of list.negatives) {
      expect(n.row).not.toBe(anchor);
      expect(n.row).not.toBe(anchor ^ 1);
      expect(n.weight).toBe(batch.negativeWeights[anchor * rows + n.row]);
      expect(n.text).toBe(batchText(texts, batch, n.row));
    }
    // the heaviest candidate with a sentence is listed first
    let best = -1;
    for (let j = 0; j < rows; j++) {
      if (batch.candidates[anchor * rows + j] !== 1 || (batch.sources[j] ?? -1) < 0) continue;
      if (
        best < 0 ||
        (batch.negativeWeights[anchor * rows + j] as number) >
          (batch.negativeWeights[anchor * rows + best] as number)
      )
        best = j;
    }
    expect(list.negatives[0]?.row).toBe(best);
  });

  it('on the sphere: the batch point under the pointer first, else a display point, else nothing', () => {
    const base = fakeSnapshot({ dim: 3, pairs: 4, displayRows: 64 });
    const snapshot = {
      ...base,
      batch: { ...base.batch, sources: Int32Array.from([0, 0, 1, 1, 2, 2, 3, 3]) },
    };
    const sphere = layoutHypersphere(snapshot, { anchor: 0, yaw: 0.6, pitch: 0.35 }, 300, 300);
    const texts = { ...fakeTexts(4), display: Array.from({ length: 64 }, (_, i) => `Held-out ${i}.`) };
    const onBatch = pointHoverAt(sphere, snapshot, texts, sphere.batch.x[2] ?? 0, sphere.batch.y[2] ?? 0, 6);
    expect(onBatch?.kind).toBe('batch');
    expect(onBatch?.text).toBe(batchText(texts, snapshot.batch, onBatch?.row ?? -1));
    // a display point with no batch point within the radius
    const lone = Array.from({ length: 64 }, (_, i) => i).find((i) => {
      const [x, y] = [sphere.display.x[i] ?? 0, sphere.display.y[i] ?? 0];
      return Array.from({ length: 8 }, (_, b) =>
        Math.hypot((sphere.batch.x[b] ?? 0) - x, (sphere.batch.y[b] ?? 0) - y),
      ).every((d) => d > 8);
    });
    expect(lone).toBeDefined();
    const x = sphere.display.x[lone ?? 0] ?? 0;
    const y = sphere.display.y[lone ?? 0] ?? 0;
    const onDisplay = pointHoverAt(sphere, snapshot, texts, x, y, 6);
    expect(onDisplay?.kind).toBe('display');
    expect(onDisplay?.text).toBe(`Held-out ${onDisplay?.row}.`);
    expect(onDisplay?.group).toBe(classNameOf(texts, snapshot.display.labels[onDisplay?.row ?? 0] ?? -1));
    expect(pointHoverAt(sphere, snapshot, texts, -500, -500, 6)).toBeNull();
  });

  it('are rendered as text: markup in a sentence is escaped, never an element', () => {
    const evil = '<img src=x onerror=alert(1)> & "quoted"';
    const html = renderToStaticMarkup(createElement(SentenceLines, { lines: [{ label: 'i', text: evil }] }));
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; ');
  });
});
