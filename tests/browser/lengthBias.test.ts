// The length-bias chart (issue 19) in Chromium against the production build: on the sentences it appears with two
// finite slopes, now and before training, a text alternative and a vector export; for clusters it is absent.
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LabPage, openLab } from './chromium';
import { labUrl, waitForReadout } from './lab';

/** Screenshots kept as test artefacts, to look at. */
const SHOTS = 'test-results/screenshots';

/** A small text encoder on wasm: the sentences train a few steps a second. */
const SMALL_TEXT = 'dataset=sentences&dim=16&width=32&batch=16&backend=wasm';

describe('the length-bias chart (production build)', () => {
  let lab: LabPage;
  beforeAll(async () => {
    lab = await openLab(inject('baseUrl'));
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('on the sentences: two finite slopes, now beside step 0, told in words, exported as vectors', async () => {
    const { page } = lab;
    await page.goto('about:blank');
    await page.goto(labUrl(inject('baseUrl'), SMALL_TEXT));
    await waitForReadout(page, 'readout-step', (step) => step >= 5, 120_000);
    const summary = page.getByTestId('length-bias-summary');
    await summary.waitFor({ timeout: 60_000 });
    await page.getByTestId('pause').click();
    // the chart takes its turn after the readouts: wait until it shows a trained step
    await page.waitForFunction(
      () =>
        Number(document.querySelector('[data-testid="chart-length-bias"]')?.getAttribute('data-step')) > 0,
      undefined,
      { timeout: 30_000 },
    );
    for (const kind of ['unrelated', 'paraphrase']) {
      const slope = Number(await summary.getAttribute(`data-slope-${kind}`));
      expect(Number.isFinite(slope), kind).toBe(true);
      expect(Math.abs(slope), kind).toBeLessThan(2);
    }
    const text = (await summary.textContent()) ?? '';
    expect(text).toMatch(/unrelated \(gold 0\), slope [+−]\d\.\d{3}/);
    expect(text).toMatch(/paraphrase \(gold 5\), slope [+−]\d\.\d{3}/);
    expect(text).toMatch(/step 0 \(before training\)/);
    const label = (await page.getByTestId('length-bias-canvas').getAttribute('aria-label')) ?? '';
    expect(label).toMatch(/100 unrelated and 100 paraphrase pairs/);
    expect(label).toMatch(/at step 0: unrelated [+−]\d\.\d{3}, paraphrase [+−]\d\.\d{3}/);

    mkdirSync(SHOTS, { recursive: true });
    await page.getByTestId('chart-length-bias').screenshot({ path: `${SHOTS}/length-bias.png` });

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page.getByTestId('chart-length-bias-export-svg').click(),
    ]);
    const svg = readFileSync(await download.path(), 'utf8');
    expect(svg).not.toContain('<image');
    expect(svg).toContain('Length bias: cosine against length difference');
    expect(svg).toContain('length difference |a − b| (tokens)');
    expect(svg).toMatch(/unrelated \(gold 0\), slope/);
  }, 240_000);

  it('is absent for clusters', async () => {
    const { page } = lab;
    await page.goto('about:blank');
    await page.goto(labUrl(inject('baseUrl'), 'backend=wasm'));
    await waitForReadout(page, 'readout-step', (step) => step > 5);
    await page.getByTestId('chart-similarity-histogram').waitFor();
    expect(await page.getByTestId('chart-length-bias').count()).toBe(0);
  }, 120_000);
});
