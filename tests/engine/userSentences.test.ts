// The person's own sentences through the trainer's messages: they arrive with `configure`, train the text
// encoder with their labels as classes, are kept for a restart, and a run without them fails with the reason.
import { describe, expect, it } from 'vitest';
import { MIN_SENTENCES, readSentences } from '../../src/data/userSentences';
import { createNodeTrainer } from '../../src/engine/nodeHost';
import { runSweepJobs, type SweepReport } from '../../src/engine/sweepRunner';
import { NO_USER_SENTENCES } from '../../src/engine/userTextData';
import { snapshotLine } from '../../src/protocol/snapshotLine';
import { drive, testConfig } from './driver';

const mine = testConfig({ dataset: 'mine', batch: 8, dim: 16, width: 32, heads: 4, layers: 1 });

/** 40 labelled sentences, two topics; one holds markup, which is only text here. */
function sentences() {
  const rows = Array.from({ length: 40 }, (_, i) =>
    i % 2 ? `the cat number ${i} sleeps on the mat,cats` : `"a red car ${i}, fast",cars`,
  );
  rows[5] = '<img src=x onerror=alert(1)>,cats';
  const read = readSentences(['sentence,label', ...rows].join('\n'), 'csv', 'topics.csv');
  if (!read.sentences) throw new Error(`refused: ${read.refusal}`);
  return read.sentences;
}

describe('dataset=mine', () => {
  it('trains on the sentences sent with configure, and keeps them for a restart', async () => {
    const driven = await drive();
    const data = sentences();
    await driven.send({ type: 'configure', runId: 1, config: mine, sentences: data });
    await driven.send({ type: 'step', runId: 1, steps: 3 });
    expect(driven.errors()).toEqual([]);
    const snapshot = driven.lastSnapshot();
    expect(snapshot.step).toBe(3);
    expect(Number.isFinite(snapshot.loss)).toBe(true);
    expect(snapshotLine(snapshot).sts_spearman).toBeNull(); // no graded pairs in a person's sentences
    const texts = driven.events.find((e) => e.type === 'texts');
    const shown = texts?.type === 'texts' ? texts.texts.display : [];
    expect(shown.length).toBeGreaterThan(0);
    for (const text of shown) expect(data.texts).toContain(text);
    // a restart without sentences in its message trains on the kept ones
    await driven.send({ type: 'configure', runId: 2, config: { ...mine, seed: 2 } });
    await driven.send({ type: 'step', runId: 2, steps: 1 });
    expect(driven.errors()).toEqual([]);
    expect(driven.snapshots(2).at(-1)?.step).toBe(1);
    await driven.send({ type: 'dispose', runId: 2 });
  }, 60_000);

  it('trains on the fewest sentences allowed, unlabelled, with the batch capped by the data', async () => {
    const texts = Array.from({ length: MIN_SENTENCES }, (_, i) => `line ${i}${' word'.repeat(i % 5)}`);
    const read = readSentences(texts.join('\n'), 'txt', 'pasted text');
    if (!read.sentences) throw new Error(`refused: ${read.refusal}`);
    const driven = await drive();
    await driven.send({
      type: 'configure',
      runId: 1,
      config: { ...mine, batch: 64 },
      sentences: read.sentences,
    });
    await driven.send({ type: 'step', runId: 1, steps: 2 });
    expect(driven.errors()).toEqual([]);
    // 20 sentences: 15 train (a quarter held out), so batches of 15 pairs
    const notices = driven.events.flatMap((e) => (e.type === 'notice' ? [e.message] : []));
    expect(notices.join()).toContain('the training set has 15, so training uses batches of 15 pairs');
    expect(Number.isFinite(driven.lastSnapshot().loss)).toBe(true);
  }, 60_000);

  it('fails with the reason when no sentences came', async () => {
    const driven = await drive();
    await driven.send({ type: 'configure', runId: 1, config: mine });
    expect(driven.errors().map((e) => [e.code, e.message])).toEqual([
      ['DATA_FAILED', `could not load the mine data set: ${NO_USER_SENTENCES}`],
    ]);
  });

  it('a sweep trains on them: the runner sends them with each job of mine (the page’s sweep workers)', async () => {
    const data = sentences();
    const jobs = [0.05, 0.5].map((tau, run) => ({ run, seed: 1, config: { ...mine, tau } }));
    const reports: SweepReport[] = [];
    await runSweepJobs(createNodeTrainer, jobs, 2, (report) => reports.push(report), { sentences: data });
    expect(reports.filter((r) => r.type === 'error')).toEqual([]);
    const results = reports.flatMap((r) => (r.type === 'result' ? [r.result] : []));
    expect(results.map((r) => [r.run, r.scalars.step])).toEqual([
      [0, 2],
      [1, 2],
    ]);
    // without them a job of mine fails with the reason, and the sweep goes on
    const bare: SweepReport[] = [];
    await runSweepJobs(createNodeTrainer, jobs.slice(0, 1), 2, (report) => bare.push(report));
    expect(bare.find((r) => r.type === 'error')).toMatchObject({
      message: expect.stringContaining('DATA_FAILED'),
    });
  }, 60_000);
});
