// The sweep in the page, in real Chromium against the production build: a sweep link runs to the end on its own
// (progress bars full, every panel drawn, the CSV parses back, the figure exports as vector SVG and PNG, the
// main lab resumes), and a cancelled sweep stops training at once (its steps stop, its workers are gone).
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LabPage, openLab } from './chromium';
import { labUrl, readoutValue, waitForReadout } from './lab';

/** The metrics a plain sweep plots, which are also the CSV's first measured columns. */
const METRICS = ['loss', 'alignment', 'uniformity', 'tolerance', 'knn_acc', 'effective_negatives'];

/** A progress bar's value and max. */
async function bar(page: Page, testId: string): Promise<{ value: number; max: number }> {
  const locator = page.getByTestId(testId);
  return {
    value: Number(await locator.getAttribute('data-value')),
    max: Number(await locator.getAttribute('max')),
  };
}

/** The page's sweep workers still alive (a terminated worker leaves page.workers()). */
const sweepWorkers = (page: Page) => page.workers().filter((worker) => /sweep/.test(worker.url()));

async function waitForStatus(page: Page, status: string, timeoutMs: number): Promise<void> {
  await page.waitForSelector(`[data-testid="sweep-status"][data-status="${status}"]`, { timeout: timeoutMs });
}

describe('the sweep in Chromium (production build)', () => {
  let lab: LabPage;

  beforeAll(async () => {
    lab = await openLab(inject('baseUrl'));
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('runs a sweep link to the end, draws every panel, and exports its results', async () => {
    const { page } = lab;
    await page.goto(labUrl(inject('baseUrl'), 'backend=wasm&sweep=tau:0.05,0.5&steps=60&seeds=1'));
    await page.waitForSelector('[data-testid="sweep-status"]', { timeout: 20_000 });
    expect(await page.getByTestId('sweep-policy').textContent()).toMatch(/the main lab pauses/);
    await waitForStatus(page, 'done', 45_000);

    // progress: the whole sweep and each run at their max
    const overall = await bar(page, 'sweep-progress');
    expect(overall).toEqual({ value: 120, max: 120 });
    for (const run of [0, 1])
      expect(await bar(page, `sweep-progress-run-${run}`)).toEqual({ value: 60, max: 60 });
    expect(await page.getByTestId('sweep-time-left').textContent()).toMatch(/120 \/ 120 steps, took/);

    // every panel drawn: a point per run in each metric, a sphere per run, the plane
    for (const metric of METRICS) {
      const panel = page.getByTestId(`sweep-metric-${metric}`);
      expect(await panel.getAttribute('data-points'), metric).toBe('2');
      expect(await panel.locator('.sweep-point circle').count(), metric).toBe(2);
      expect(await panel.locator('path').count(), metric).toBeGreaterThan(0); // the mean line
    }
    for (const run of [0, 1]) {
      const points = Number(await page.getByTestId(`sweep-sphere-${run}`).getAttribute('data-points'));
      expect(points).toBeGreaterThan(100);
    }
    expect(await page.getByTestId('sweep-plane').locator('.sweep-point').count()).toBe(2);
    expect(await page.getByTestId('sweep-plane').textContent()).toContain('0.05');

    // the CSV parses back: the documented header, one row per configuration and seed
    const [csv] = await Promise.all([
      page.waitForEvent('download', { timeout: 20_000 }),
      page.getByTestId('sweep-export-csv').click(),
    ]);
    expect(csv.suggestedFilename()).toBe('infonce-sweep-tau.csv');
    const [header, ...rows] = readFileSync(await csv.path(), 'utf8')
      .trimEnd()
      .split('\n');
    const columns = (header ?? '').split(',');
    expect(columns.slice(0, 8)).toEqual(['seed', 'tau', ...METRICS]);
    expect(rows).toHaveLength(2);
    const cells = rows.map((row) => row.split(','));
    expect(cells.map((row) => [Number(row[0]), Number(row[1])])).toEqual([
      [1, 0.05],
      [1, 0.5],
    ]);
    for (const row of cells) {
      expect(row).toHaveLength(columns.length);
      for (const value of row.slice(2, 8)) expect(Number.isFinite(Number(value))).toBe(true);
      expect(Number(row[columns.indexOf('step')])).toBe(60);
    }

    // the figure as SVG (vectors: the panels' circles and paths, no raster) and as PNG
    const [svg] = await Promise.all([
      page.waitForEvent('download', { timeout: 20_000 }),
      page.getByTestId('sweep-export-svg').click(),
    ]);
    expect(svg.suggestedFilename()).toBe('infonce-sweep-tau.svg');
    const markup = readFileSync(await svg.path(), 'utf8');
    expect(markup).toMatch(/^<\?xml|^<svg/);
    expect((markup.match(/<circle/g) ?? []).length).toBeGreaterThan(200);
    expect(markup).not.toContain('<image');
    const [png] = await Promise.all([
      page.waitForEvent('download', { timeout: 20_000 }),
      page.getByTestId('sweep-export-png').click(),
    ]);
    expect(png.suggestedFilename()).toBe('infonce-sweep-tau.png');
    expect([...readFileSync(await png.path()).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);

    // the sweep's workers are gone, and the main lab (paused for the sweep) trains again
    await expect.poll(() => sweepWorkers(page).length, { timeout: 5000 }).toBe(0);
    const step = await readoutValue(page, 'readout-step');
    await waitForReadout(page, 'readout-step', (s) => s > step, 20_000);
    expect(lab.pageErrors).toEqual([]);
    expect(lab.foreignRequests).toEqual([]);
  });

  it('pauses, resumes and cancels a longer sweep: no training goes on after the cancel', async () => {
    const { page } = lab;
    // a new document (a goto differing only in its hash would stay in the same one)
    await page.goto('about:blank');
    await page.goto(
      labUrl(inject('baseUrl'), 'backend=wasm&sweep=tau:0.05,0.1,0.2,0.5,1&steps=2000&seeds=2'),
    );
    await expect
      .poll(async () => (await bar(page, 'sweep-progress')).value, { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(sweepWorkers(page).length).toBeGreaterThan(0);
    expect(await page.getByTestId('sweep-time-left').textContent()).toMatch(/ left|measuring the speed/);
    // the main lab is paused while the sweep runs (one trainer per core)
    await expect
      .poll(() => page.getByTestId('readout-steps-per-second').getAttribute('data-value'), {
        timeout: 10_000,
      })
      .toBe('paused');
    expect(await page.getByTestId('sweep-main-paused').count()).toBe(1);
    // pause holds the steps (after the chunk in flight), resume goes on
    await page.getByTestId('sweep-pause').click();
    await waitForStatus(page, 'paused', 5000);
    await page.waitForTimeout(1000);
    const held = await bar(page, 'sweep-progress');
    await page.waitForTimeout(1500);
    expect(await bar(page, 'sweep-progress')).toEqual(held);
    await page.getByTestId('sweep-resume').click();
    await expect
      .poll(async () => (await bar(page, 'sweep-progress')).value, { timeout: 15_000 })
      .toBeGreaterThan(held.value);
    await page.getByTestId('sweep-cancel').click();
    await waitForStatus(page, 'cancelled', 5000);
    const stopped = await bar(page, 'sweep-progress');
    expect(stopped.value).toBeLessThan(stopped.max);
    await page.waitForTimeout(2000);
    expect(await bar(page, 'sweep-progress')).toEqual(stopped);
    expect(sweepWorkers(page)).toHaveLength(0);
    // the main lab carries on
    await expect
      .poll(() => page.getByTestId('readout-steps-per-second').getAttribute('data-value'), {
        timeout: 10_000,
      })
      .not.toBe('paused');
    expect(lab.pageErrors).toEqual([]);
  });

  it('shows a paper figure’s card, the paper’s finding beside the lab’s, before it is run', async () => {
    const { page } = lab;
    await page.getByTestId('sweep-mode-figure').check();
    const card = page.getByTestId('figure-card-wang-liu-tau');
    expect(await card.textContent()).toMatch(
      /What the paper found.*Wang & Liu 2021.*What this lab measured/s,
    );
    expect(['none', 'stored']).toContain(
      await card.getByTestId('figure-verdict').getAttribute('data-source'),
    );
    await page.getByTestId('sweep-mode-field').check();
    await page.getByTestId('sweep-text').fill('tau:0.1,abc,-1');
    expect(await page.getByTestId('sweep-problems').textContent()).toMatch(/item 2 "abc".*item 3 "-1"/s);
    expect(await page.getByTestId('sweep-start').isDisabled()).toBe(true);
  });
});
