// Issue 16 in real Chromium against the production build: every negative strategy trains in the page, the
// weights chart marks its negatives (left out, queue keys, corpus rows, MoCHi's points) and its check against
// autograd holds, and a link with the new keys reproduces the run in a fresh page and in Node.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseLink } from '../../src/state/url';
import { type LabPage, openLab } from './chromium';
import { firstLosses, labUrl, nodeLosses, readoutValue, waitForReadout } from './lab';

/** SimCSE's recipe on wasm: 64 pairs, so 126 in-batch negatives per anchor. */
const BASE = 'backend=wasm&batch=64&tau=0.05';

/** Each strategy's link keys, the negatives an anchor's loss then uses, and what the weights chart says. */
const STRATEGIES = [
  {
    name: 'hard, k = 8',
    keys: 'pick=hard&k=8',
    used: 8,
    caption: /118 left out this step/,
    legend: /left out/,
  },
  {
    name: 'quantile, alpha 0.1',
    keys: 'pick=quantile&alpha=0.1',
    used: 13,
    caption: /left out/,
    legend: /left out/,
  },
  {
    name: 'queue of 256',
    keys: 'neg=queue&queue=256',
    // the queue holds the batch just trained on: each anchor's own key, its own row again, is left out
    used: 126 + 255,
    caption: /256 more .*queue keys/,
    legend: /queue key/,
  },
  {
    name: 'full softmax',
    keys: 'neg=all',
    used: 1535,
    caption: /1536 more .*training rows/,
    legend: /training row/,
  },
  { name: 'MoCHi', keys: 'mochi=4&mochiq=2', used: 126 + 6, caption: /6 more .*MoCHi/, legend: /MoCHi/ },
  {
    name: 'logQ on skewed classes',
    keys: 'logq=exact&skew=1.5',
    used: 126,
    caption: null,
    legend: null,
    note: /Skewed classes: the most frequent, class 0, .*logQ lowers/,
  },
  { name: 'two towers', keys: 'towers=2', used: 126, caption: null, legend: null },
] as const;

describe('negative strategies in Chromium (production build)', () => {
  let lab: LabPage;
  beforeAll(async () => {
    lab = await openLab(inject('baseUrl'));
  });
  afterAll(async () => {
    await lab?.close();
  });

  it.each(STRATEGIES)('$name trains in the page; the weights chart marks its negatives', async (strategy) => {
    const { page } = lab;
    await page.goto('about:blank');
    await page.goto(labUrl(inject('baseUrl'), `${BASE}&${strategy.keys}`));
    // a queue of 256 fills in 4 steps of 64 keys
    await waitForReadout(page, 'readout-step', (step) => step > 10, 90_000);
    await expect
      .poll(() => readoutValue(page, 'readout-negatives-used'), { timeout: 30_000 })
      .toBe(strategy.used);
    const caption = page.getByTestId('weights-strategy');
    if (strategy.caption)
      await expect.poll(() => caption.textContent(), { timeout: 10_000 }).toMatch(strategy.caption);
    else expect(await caption.count()).toBe(0);
    if (strategy.legend) {
      await expect
        .poll(() => page.getByTestId('weights-legend').textContent(), { timeout: 10_000 })
        .toMatch(strategy.legend);
    }
    if ('note' in strategy) {
      await expect
        .poll(() => page.getByTestId('weights-popular-class').textContent(), { timeout: 10_000 })
        .toMatch(strategy.note);
    } else {
      // balanced classes: a batch's class counts differ by sampling noise alone, which is no sampling bias
      expect(await page.getByTestId('weights-popular-class').count()).toBe(0);
    }
    // the closed form against autograd: the queue and corpus as one lumped share, logQ's shifts per class
    const summary = await page
      .getByTestId('gradient-check-summary')
      .textContent()
      .catch(() => null);
    if (strategy.keys === 'neg=all') expect(summary).toBeNull();
    else {
      const difference = Number(/Max relative difference ([\d.e+-]+)/.exec(summary ?? '')?.[1]);
      expect(difference, summary ?? '').toBeLessThan(0.01);
    }
    const weightOnHardest = await readoutValue(page, 'readout-hardest-weight');
    expect(weightOnHardest).toBeGreaterThan(0);
    expect(weightOnHardest).toBeLessThanOrEqual(1);
    expect(lab.pageErrors).toEqual([]);
    expect(lab.consoleErrors).toEqual([]);
  });

  it('a link with the new keys reproduces the run: the same first 12 losses in a fresh page and in Node', async () => {
    const hash = `${BASE}&seed=5&batch=32&neg=queue&queue=64&momentum=0.9&pick=hard&k=8&mochi=2&mochiq=1&logq=stream&skew=1`;
    await lab.page.goto('about:blank');
    await lab.page.goto(labUrl(inject('baseUrl'), hash));
    const original = await firstLosses(lab, 12);
    await lab.page.getByTestId('share').click();
    const link = await lab.page.getByTestId('share-link').inputValue();
    for (const key of [
      'neg=queue',
      'queue=64',
      'pick=hard',
      'k=8',
      'mochi=2',
      'mochiq=1',
      'logq=stream',
      'skew=1',
    ])
      expect(link).toContain(key);
    const fresh = await openLab(inject('baseUrl'));
    try {
      await fresh.page.goto(link);
      expect(await firstLosses(fresh, 12)).toEqual(original);
    } finally {
      await fresh.close();
    }
    const losses = await nodeLosses(parseLink(link).state.config, 12);
    losses.forEach((loss, i) => {
      expect(Math.abs(loss - (original[i] as number))).toBeLessThanOrEqual(1e-5 * Math.abs(loss));
    });
  });
});
