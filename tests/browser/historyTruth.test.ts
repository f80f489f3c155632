// Issue 21 ("Classroom truth") in real Chromium against the production build: a rebuild (the output dimension)
// starts a new run in the history charts (4), steps/s is "paused" or at least 0, never negative (5), and the
// readouts and charts show one snapshot per round, each tile and caption saying what it averages over (7).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHART_IDS } from '../../src/state/schema';
import { type LabPage, openLab } from './chromium';
import { labUrl, readoutValue, waitForReadout } from './lab';

/** Loads the lab afresh (not a same-document hash change) and waits for the page to mount. */
async function open(page: Page, hash = ''): Promise<void> {
  await page.goto('about:blank');
  await page.goto(labUrl(inject('baseUrl'), hash));
  await page.locator('.lab').first().waitFor();
}

/** The metrics chart's drawn steps (its hidden test hook). */
async function metricsSteps(page: Page) {
  const hook = page.getByTestId('metrics-steps');
  const read = async (name: string) => (await hook.getAttribute(name)) ?? '';
  return {
    first: Number(await read('data-first')),
    last: Number(await read('data-last')),
    points: Number(await read('data-points')),
    forward: (await read('data-forward')) === 'true',
  };
}

/** The alignment-uniformity legend: each trail's label, whether current, and its number of points. */
async function trails(page: Page) {
  return page.getByTestId('trail').evaluateAll((items) =>
    items.map((item) => ({
      text: item.textContent ?? '',
      current: item.getAttribute('data-current') === 'true',
      points: Number(item.getAttribute('data-points')),
    })),
  );
}

/** Every value the steps/s readout shows over `ms`, read on every animation frame. */
function stepsPerSecondSeen(page: Page, ms: number): Promise<string[]> {
  return page.evaluate(
    (duration) =>
      new Promise<string[]>((resolve) => {
        const seen: string[] = [];
        const until = performance.now() + duration;
        const read = () => {
          const value = document
            .querySelector('[data-testid="readout-steps-per-second"]')
            ?.getAttribute('data-value');
          if (value !== undefined && value !== null && seen.at(-1) !== value) seen.push(value);
          if (performance.now() < until) requestAnimationFrame(read);
          else resolve(seen);
        };
        read();
      }),
    ms,
  );
}

/** A value of the steps/s readout that is neither "paused" nor a number of at least 0. */
const wrongRates = (values: readonly string[]) =>
  values.filter((value) => value !== 'paused' && !(Number(value) >= 0));

describe('classroom truth: histories, steps/s and one snapshot per round (production build)', () => {
  let lab: LabPage;
  beforeAll(async () => {
    lab = await openLab(inject('baseUrl'));
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('a dimension change starts a new run in the metrics chart and the alignment-uniformity trails', async () => {
    const { page } = lab;
    await open(page, 'dim=3');
    await waitForReadout(page, 'readout-step', (step) => step > 200, 60_000);
    await expect.poll(async () => (await metricsSteps(page)).last, { timeout: 20_000 }).toBeGreaterThan(200);
    const before = await readoutValue(page, 'readout-step');

    await page.getByTestId('control-dimension').selectOption('2');
    // the charts have the 2-D model once its trail is the current one, with a few points
    await expect
      .poll(
        async () => {
          const current = (await trails(page)).find((trail) => trail.current);
          return current?.text.includes('dim 2') === true && current.points >= 3;
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    await expect.poll(async () => (await metricsSteps(page)).points, { timeout: 20_000 }).toBeGreaterThan(2);
    const steps = await metricsSteps(page);
    // one history: the line starts at the new model's step 0 and only goes forward (no jump back from `before`)
    expect(steps.forward, JSON.stringify(steps)).toBe(true);
    expect(steps.first).toBe(0);
    expect(steps.last).toBeLessThan(before + (await readoutValue(page, 'readout-step')));
    const all = await trails(page);
    const current = all.filter((trail) => trail.current);
    expect(current).toHaveLength(1);
    expect(current[0]?.text).toMatch(/dim 2/);
    // the 3-D run keeps a trail of its own, which the 2-D run's points never join
    const old = all.filter((trail) => !trail.current && /dim 3/.test(trail.text));
    expect(old).toHaveLength(1);
    expect(all.filter((trail) => /dim 2/.test(trail.text) && /dim 3/.test(trail.text))).toEqual([]);
  });

  it('pause, then Reset or a dimension change: steps/s says "paused", never a negative number', async () => {
    const { page } = lab;
    await open(page, 'dim=3');
    await waitForReadout(page, 'readout-step', (step) => step > 100, 60_000);
    await page.getByTestId('pause').click();
    await expect
      .poll(() => page.getByTestId('readout-steps-per-second').getAttribute('data-value'), {
        timeout: 10_000,
      })
      .toBe('paused');

    const watchReset = stepsPerSecondSeen(page, 3000);
    await page.getByTestId('reset').click();
    const afterReset = await watchReset;
    expect(wrongRates(afterReset), afterReset.join(', ')).toEqual([]);
    await expect.poll(() => readoutValue(page, 'readout-step'), { timeout: 20_000 }).toBe(0);
    expect(await page.getByTestId('readout-steps-per-second').getAttribute('data-value')).toBe('paused');

    await page.getByTestId('play').click();
    await waitForReadout(page, 'readout-step', (step) => step > 50, 60_000);
    await page.getByTestId('pause').click();
    const watchRebuild = stepsPerSecondSeen(page, 3000);
    await page.getByTestId('control-dimension').selectOption('2');
    const afterRebuild = await watchRebuild;
    expect(wrongRates(afterRebuild), afterRebuild.join(', ')).toEqual([]);

    // training again: a number, at least 0, and soon above 0
    const watchPlay = stepsPerSecondSeen(page, 4000);
    await page.getByTestId('play').click();
    const playing = await watchPlay;
    expect(wrongRates(playing), playing.join(', ')).toEqual([]);
    expect(
      playing.some((value) => Number(value) > 0),
      playing.join(', '),
    ).toBe(true);
  });

  it('tiles that average over the batch say "batch mean"; the captions name their anchor', async () => {
    const { page } = lab;
    await open(page, 'anchor=5');
    await waitForReadout(page, 'readout-step', (step) => step > 0, 60_000);
    const label = (id: string) => page.getByTestId(id).locator('.readout-label').textContent();
    expect(await label('readout-effective-negatives')).toMatch(/batch mean/);
    expect(await label('readout-loss')).toMatch(/batch mean/);
    await page.getByTestId('hypersphere-summary').waitFor();
    const hypersphere = (await page.getByTestId('hypersphere-summary').textContent()) ?? '';
    const anchor = /^anchor (\d+)/.exec(hypersphere)?.[1];
    expect(anchor, hypersphere).toBeDefined();
    expect(hypersphere).toMatch(new RegExp(`effective negatives for anchor ${anchor}`));
    expect(await page.getByTestId('forces-summary').textContent()).toMatch(new RegExp(`^anchor ${anchor};`));
    expect(await page.getByTestId('effective-negatives').textContent()).toMatch(
      new RegExp(`anchor ${anchor}’s loss`),
    );
  });

  it('at full speed, every chart shows the readouts’ snapshot or says that it is behind', async () => {
    const { page } = lab;
    await open(page);
    await waitForReadout(page, 'readout-step', (step) => step > 100, 60_000);
    const samples = await page.evaluate(
      ({ ms, every }) =>
        new Promise<
          {
            step: string;
            charts: { id: string; step: string; behind: string }[];
            hypersphere: string;
            forces: string;
          }[]
        >((resolve) => {
          const out: {
            step: string;
            charts: { id: string; step: string; behind: string }[];
            hypersphere: string;
            forces: string;
          }[] = [];
          const until = performance.now() + ms;
          const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
          const sample = () => {
            out.push({
              step: document.querySelector('[data-testid="readout-step"]')?.getAttribute('data-value') ?? '',
              charts: [...document.querySelectorAll<HTMLElement>('figure.chart-panel')].map((figure) => ({
                id: figure.dataset.testid ?? '',
                step: figure.dataset.step ?? '',
                behind: figure.dataset.behind ?? '',
              })),
              hypersphere: text('hypersphere-summary'),
              forces: text('forces-summary'),
            });
            if (performance.now() < until) setTimeout(sample, every);
            else resolve(out);
          };
          sample();
        }),
      { ms: 6000, every: 150 },
    );
    expect(samples.length).toBeGreaterThan(20);
    const hardest = (caption: string) => /hardest negative (\d+)/.exec(caption)?.[1] ?? null;
    let compared = 0;
    for (const sample of samples) {
      // every chart that applies to clusters (the length-bias chart is text mode's only)
      expect(sample.charts.map((chart) => chart.id).sort()).toEqual(
        CHART_IDS.filter((id) => id !== 'length-bias')
          .map((id) => `chart-${id}`)
          .sort(),
      );
      for (const chart of sample.charts) {
        // a chart shows the readouts' step, or says that it is behind
        if (chart.behind !== 'true')
          expect(chart.step, `${chart.id} at ${JSON.stringify(sample)}`).toBe(sample.step);
      }
      const sphere = sample.charts.find((chart) => chart.id === 'chart-hypersphere');
      const forces = sample.charts.find((chart) => chart.id === 'chart-forces');
      if (sphere && forces && sphere.step === forces.step) {
        compared += 1;
        expect(hardest(sample.hypersphere), JSON.stringify(sample)).toBe(hardest(sample.forces));
      }
    }
    expect(compared).toBeGreaterThan(samples.length / 2);

    // once paused and the round is over, every chart shows the readouts' step
    await page.getByTestId('pause').click();
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const step = document.querySelector('[data-testid="readout-step"]')?.getAttribute('data-value');
            return [...document.querySelectorAll<HTMLElement>('figure.chart-panel')].every(
              (figure) => figure.dataset.step === step && figure.dataset.behind === 'false',
            );
          }),
        { timeout: 10_000 },
      )
      .toBe(true);
  });
});
