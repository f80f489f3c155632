// The trainer sends a text-mode run's sentences once (a `texts` event, before its first snapshot), and every
// snapshot's batch rows name the training rows they embed, so the page can show each point's sentence.
import { describe, expect, it } from 'vitest';
import { makeSentences } from '../../src/data/sentences';
import { loadRunDataSource } from '../../src/engine/runData';
import type { TrainerEvent } from '../../src/protocol/messages';
import type { RunTexts } from '../../src/protocol/runTexts';
import { drive, testConfig } from './driver';

const text = testConfig({
  dataset: 'sentences',
  batch: 8,
  dim: 8,
  width: 32,
  heads: 2,
  layers: 1,
  maxLen: 32,
});

describe('the run texts event', () => {
  it('comes once per text run before its first snapshot, with every training and display row', async () => {
    const driven = await drive();
    await driven.send({ type: 'configure', runId: 1, config: text });
    await driven.waitFor((e) => e.type === 'snapshot' && e.runId === 1, 60_000);
    const kinds = driven.events.filter((e) => e.runId === 1).map((e) => e.type);
    expect(kinds.filter((k) => k === 'texts')).toHaveLength(1);
    expect(kinds.indexOf('texts')).toBeLessThan(kinds.indexOf('snapshot'));
    const texts = (driven.events.find((e) => e.type === 'texts') as Extract<TrainerEvent, { type: 'texts' }>)
      .texts as RunTexts;
    const generated = new Set(makeSentences({ seed: text.seed }).sentences.map((s) => s.text));
    const snapshot = driven.lastSnapshot();
    expect(texts.display).toHaveLength(snapshot.display.rows);
    expect(texts.train.length + texts.display.length).toBeLessThanOrEqual(generated.size);
    for (const sentence of [...texts.train.slice(0, 20), ...texts.display.slice(0, 20)])
      expect(generated.has(sentence)).toBe(true);
    expect(texts.classNames.length).toBeGreaterThan(1);
    expect(Number.isFinite(texts.stsBaselines?.tfIdf)).toBe(true);

    // one step: the batch rows are two views of each anchor, each naming a training row
    await driven.send({ type: 'step', runId: 1, steps: 1 });
    await driven.waitFor((e) => e.type === 'snapshot' && e.snapshot.step === 1, 60_000);
    const { batch } = driven.lastSnapshot();
    const sources = Array.from(batch.sources ?? []);
    expect(sources).toHaveLength(batch.rows);
    // the same split the trainer made: each shown row's label is its source row's label
    const { split } = await loadRunDataSource(text, () => Promise.reject(new Error('no digits')));
    expect(texts.train).toEqual(split.train.texts);
    sources.forEach((source, row) => {
      expect(source).toBeGreaterThanOrEqual(0);
      expect(source).toBeLessThan(texts.train.length);
      if (row % 2 === 1) expect(source).toBe(sources[row - 1]);
      expect(batch.labels[row]).toBe(split.train.labels[source]);
    });

    // supervised SimCSE on the triplets: each anchor's entailment after it, its contradiction after the pairs
    await driven.send({ type: 'configure', runId: 3, config: { ...text, loss: 'supervised' } });
    await driven.waitFor((e) => e.type === 'snapshot' && e.runId === 3, 60_000);
    await driven.send({ type: 'step', runId: 3, steps: 1 });
    await driven.waitFor((e) => e.type === 'snapshot' && e.runId === 3 && e.snapshot.step === 1, 60_000);
    const supervised = driven.lastSnapshot().batch;
    const pairs = text.batch;
    expect(supervised.rows).toBe(3 * pairs);
    expect(Array.from(supervised.sourceSides ?? [])).toEqual(
      Array.from({ length: 3 * pairs }, (_, i) => (i >= 2 * pairs ? 2 : i % 2)),
    );
    const anchorsOf = Array.from(supervised.sources ?? []);
    for (let k = 0; k < pairs; k++) {
      expect(anchorsOf[2 * k + 1]).toBe(anchorsOf[2 * k]);
      expect(anchorsOf[2 * pairs + k]).toBe(anchorsOf[2 * k]);
    }

    // the clusters run that follows sends none
    await driven.send({ type: 'configure', runId: 4, config: testConfig({ batch: 8 }) });
    await driven.waitFor((e) => e.type === 'snapshot' && e.runId === 4, 60_000);
    expect(driven.events.some((e) => e.type === 'texts' && e.runId === 4)).toBe(false);
    await driven.send({ type: 'dispose', runId: 4 });
  }, 120_000);
});
