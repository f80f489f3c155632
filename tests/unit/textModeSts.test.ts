// Text mode's STS on the page: the bag-of-words baselines the run carries, the readouts beside them, the
// untrained value kept from step 0, the metric panel with its reference lines, and sweeps that plot it.
import { describe, expect, it } from 'vitest';
import { layoutMetrics, type SeriesPoints } from '../../src/charts/metrics/metricsLayout';
import { fitIdf, tfIdfCosine } from '../../src/core/bagOfWords';
import { spearman } from '../../src/core/spearman';
import { makeSentences } from '../../src/data/sentences';
import { stsBaselines } from '../../src/data/stsBaselines';
import { textIds } from '../../src/data/tokenizer';
import { sentenceRows } from '../../src/engine/textData';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/protocol/config';
import type { Snapshot } from '../../src/protocol/snapshot';
import { createLabStore, METRIC_KEYS, type MetricKey } from '../../src/state/store';
import { sweepMetrics } from '../../src/state/sweepSummary';
import { readoutTiles } from '../../src/ui/Readouts';
import { fakeSnapshot } from './charts/hypersphereFixture';
import { fakeTexts } from './helpers/runTexts';

const config = (change: Partial<TrainConfig> = {}): TrainConfig => ({ ...DEFAULT_TRAIN_CONFIG, ...change });

describe('the STS bag-of-words baselines', () => {
  it('are 100 x Spearman of the TF and TF-IDF cosines, IDF from the corpus, and null under two pairs', () => {
    const corpus = ['the cat sat', 'the dog ran', 'a bird sang', 'the cat ran'];
    const pairs = [
      { a: 'the cat sat', b: 'the cat sat', score: 5 },
      { a: 'the cat sat', b: 'the cat ran', score: 3 },
      { a: 'the cat sat', b: 'a bird sang', score: 0 },
    ];
    const b = stsBaselines(corpus, pairs);
    // the cosines fall as the gold scores do: a perfect rank correlation either way
    expect(b?.tf).toBeCloseTo(100, 9);
    expect(b?.tfIdf).toBeCloseTo(100, 9);
    expect(stsBaselines(corpus, pairs.slice(0, 1))).toBeNull();
    const reversed = stsBaselines(
      corpus,
      pairs.map((p, i) => ({ ...p, score: i })),
    );
    expect(reversed?.tfIdf).toBeCloseTo(-100, 9);
  });

  it('come with the run: sentenceRows carries the TF-IDF Spearman of its own STS pairs', () => {
    const { dataset, sts } = sentenceRows(config({ dataset: 'sentences', seed: 2 }));
    const data = makeSentences({ seed: 2 });
    const idf = fitIdf(data.sentences.map((s) => textIds(s.text)));
    const byHand = spearman(
      data.sts.map((p) => tfIdfCosine(textIds(p.a.text), textIds(p.b.text), idf)),
      data.sts.map((p) => p.score),
    );
    expect(sts.baselines?.tfIdf).toBeCloseTo(100 * byHand, 9);
    expect(sts.baselines?.tfIdf).toBeGreaterThan(sts.baselines?.tf ?? Number.POSITIVE_INFINITY);
    expect(dataset.texts).toHaveLength(dataset.rows);
  });
});

describe('STS on the page', () => {
  const snapshot = (step: number, sts: number | null, modelId = 1): Snapshot => ({
    ...fakeSnapshot({ dim: 3 }),
    step,
    modelId,
    stsSpearman: sts,
  });

  it('has readouts only with the generated sentences: the value, the untrained one and the TF-IDF bar', () => {
    const ids = (change: Partial<TrainConfig>) =>
      readoutTiles(snapshot(10, 41.5), config(change), 'running').map((t) => t.id);
    expect(ids({ dataset: 'clusters' })).not.toContain('sts');
    const tiles = readoutTiles(snapshot(10, 41.5), config({ dataset: 'sentences' }), 'running', {
      stsStart: 3.25,
      stsBaselines: { tf: 6.7, tfIdf: 39.8 },
    });
    const value = (id: string) => tiles.find((t) => t.id === id)?.value;
    expect(value('sts')).toBe(41.5);
    expect(value('sts-untrained')).toBe(3.25);
    expect(value('sts-tfidf')).toBe(39.8);
  });

  it('keeps the untrained value from step 0 of the current model, and the run’s texts until the next run', () => {
    const store = createLabStore();
    const runId = store.getState().nextRun();
    const texts = fakeTexts(2);
    store.getState().ingest({ type: 'texts', runId, texts });
    store.getState().ingest({ type: 'texts', runId: runId - 1, texts: fakeTexts(1) }); // an older run's: dropped
    expect(store.getState().texts).toBe(texts);
    store.getState().ingest({ type: 'snapshot', runId, snapshot: { ...snapshot(0, 2.5), runId } });
    store.getState().ingest({ type: 'snapshot', runId, snapshot: { ...snapshot(20, 30), runId } });
    expect(store.getState().stsStart).toBe(2.5);
    // a rebuild: a new model, from step 0 again
    store.getState().ingest({ type: 'snapshot', runId, snapshot: { ...snapshot(0, -1, 2), runId } });
    expect(store.getState().stsStart).toBe(-1);
    expect(store.getState().history.stsSpearman.points().values).toEqual([-1]);
    store.getState().nextRun();
    expect(store.getState().texts).toBeNull();
    expect(store.getState().stsStart).toBeNull();
  });

  it('has a metrics panel in text mode only, with its reference lines inside the y domain', () => {
    const steps = [0, 10, 20];
    const series = Object.fromEntries(
      METRIC_KEYS.map((key): [MetricKey, SeriesPoints] => [key, { steps, values: [0.5, 0.4, 0.3] }]),
    ) as Record<MetricKey, SeriesPoints>;
    series.stsSpearman = { steps, values: [2, 20, 35] };
    const without = layoutMetrics({ width: 500, series, logLoss: false });
    expect(without.panels.map((p) => p.key)).not.toContain('stsSpearman');
    const layout = layoutMetrics({
      width: 500,
      series,
      logLoss: false,
      textMode: true,
      references: {
        stsSpearman: [
          { label: 'TF-IDF', value: 39.8 },
          { label: 'untrained', value: 2 },
        ],
      },
    });
    expect(layout.height).toBeGreaterThan(without.height);
    const panel = layout.panels.find((p) => p.key === 'stsSpearman');
    expect(panel?.yDomain[1]).toBeGreaterThanOrEqual(39.8);
    const [tfIdf, untrained] = panel?.references ?? [];
    expect(tfIdf && untrained && tfIdf.y < untrained.y).toBe(true); // higher value, higher on the panel
    for (const ref of panel?.references ?? []) {
      expect(ref.y).toBeGreaterThanOrEqual(panel?.plot.top ?? 0);
      expect(ref.y).toBeLessThanOrEqual((panel?.plot.top ?? 0) + (panel?.plot.height ?? 0));
    }
  });
});

describe('sweeps on sentences', () => {
  it('plot sts_spearman when a run trains on the generated sentences', () => {
    const plan = (dataset: TrainConfig['dataset']) => ({
      runs: [0, 0.1].map((dropout) => ({
        label: `dropout ${dropout}`,
        config: config({ dataset, dropout }),
      })),
      seeds: 1,
      steps: 10,
      swept: ['dropout' as const],
    });
    expect(sweepMetrics(plan('sentences'))).toContain('sts_spearman');
    expect(sweepMetrics(plan('clusters'))).not.toContain('sts_spearman');
  });
});
