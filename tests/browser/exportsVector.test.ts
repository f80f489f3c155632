// First impression (issue 22) in Chromium: chart exports a teacher can put on a slide (vector SVGs that carry the
// title, the temperature and step, the legend and the caption; PNGs at twice the screen's width or more), the
// similarity histogram readable at the default settings, the temperature slider's round steps and typed value,
// and the temperature in an embedded chart.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LabPage, openLab } from './chromium';
import { labUrl, settledStep, waitForReadout } from './lab';

/** Exported charts kept as test artefacts, to look at before a release. */
const EXPORTS = 'test-results/exports-vector';

/** Each chart's panel test id, title, and a phrase of its legend or caption the picture must carry. */
const CHARTS = [
  ['chart-metrics', 'Metrics over time', 'Effective negatives'],
  ['chart-negative-weights', 'Weight of each negative', 'effective negatives'],
  ['chart-align-uniform', 'Alignment and uniformity', '(current)'],
  ['chart-hypersphere', 'Embeddings on the hypersphere', 'hardest negative (dashed)'],
  ['chart-forces', 'Forces on the anchor', 'anchor'],
  ['chart-similarity', 'Similarity matrix of the batch', 'anchor'],
  ['chart-similarity-histogram', 'Distribution of similarities', 'positive pairs'],
] as const;

/** The charts whose marks are all vectors: their SVG embeds no image at all. */
const ALL_VECTOR = new Set([
  'chart-metrics',
  'chart-align-uniform',
  'chart-similarity-histogram',
  'chart-forces',
]);

/** A PNG's width in pixels, from its IHDR chunk (bytes 16 to 19, big-endian). */
function pngWidth(bytes: Buffer): number {
  return bytes.readUInt32BE(16);
}

describe('chart exports for slides (production build)', () => {
  let lab: LabPage;

  async function download(target: Locator) {
    const [file] = await Promise.all([
      lab.page.waitForEvent('download', { timeout: 30_000 }),
      target.click(),
    ]);
    const bytes = readFileSync(await file.path());
    writeFileSync(`${EXPORTS}/${file.suggestedFilename()}`, bytes);
    // Chromium drops a frame's downloads beyond 10 a second; a person never clicks that fast
    await lab.page.waitForTimeout(150);
    return { name: file.suggestedFilename(), bytes };
  }

  beforeAll(async () => {
    mkdirSync(EXPORTS, { recursive: true });
    lab = await openLab(inject('baseUrl'));
    await lab.page.goto(labUrl(inject('baseUrl')));
    await waitForReadout(lab.page, 'readout-step', (step) => step > 30);
    await lab.page.getByTestId('pause').click();
    await lab.page.waitForSelector('[data-testid="pause"]:disabled');
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('SVGs: vector marks (no image in the line charts or the weights bars), title, tau, step, legend, caption', async () => {
    const { page } = lab;
    const step = await settledStep(page);
    const tau = await page.getByTestId('control-temperature-value').inputValue();
    for (const [chart, title, phrase] of CHARTS) {
      const file = await download(page.getByTestId(`${chart}-export-svg`));
      const parsed = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        const root = doc.documentElement;
        const images = Array.from(root.querySelectorAll('image'));
        return {
          error: doc.querySelector('parsererror')?.textContent ?? null,
          text: root.textContent ?? '',
          title: root.querySelector(':scope > title')?.textContent ?? null,
          desc: root.querySelector(':scope > desc')?.textContent ?? '',
          images: images.length,
          paths: root.querySelectorAll('path, rect, line, circle').length,
          texts: root.querySelectorAll('text').length,
        };
      }, file.bytes.toString('utf8'));
      expect(parsed.error, chart).toBeNull();
      expect(parsed.title, chart).toBe(title);
      expect(parsed.text, chart).toContain(title);
      expect(parsed.text, chart).toContain(`τ = ${Number(tau)}`);
      expect(parsed.text, chart).toContain(`step ${step.toLocaleString('en-US')}`);
      expect(parsed.text, chart).toContain(phrase);
      expect(parsed.paths, chart).toBeGreaterThan(5);
      expect(parsed.texts, chart).toBeGreaterThan(3);
      if (ALL_VECTOR.has(chart)) expect(parsed.images, chart).toBe(0);
      // an embedded raster is said so, in the file's description and under the picture
      if (parsed.images > 0) expect(parsed.desc, chart).toMatch(/embedded raster image/);
    }
  });

  it('the weights chart: its bars and gradient check are vectors; only the dense batch scatter is an image', async () => {
    const file = await download(lab.page.getByTestId('chart-negative-weights-export-svg'));
    const text = file.bytes.toString('utf8');
    expect(text.match(/<image /g) ?? []).toHaveLength(1);
    expect(text).toMatch(/Autograd against the formula/);
    expect(text).toMatch(/Every anchor’s negatives/);
    expect(text).toMatch(/hardest: row \d+/);
  });

  it('PNGs are at least twice as wide as the chart on screen', async () => {
    const { page } = lab;
    for (const [chart] of CHARTS) {
      const onScreen = await page
        .getByTestId(chart)
        .locator('.chart-body')
        .evaluate((body) => body.getBoundingClientRect().width);
      const file = await download(page.getByTestId(`${chart}-export-png`));
      expect(pngWidth(file.bytes), chart).toBeGreaterThanOrEqual(2 * onScreen);
    }
  });

  it('the similarity histogram at the defaults: the held-out bars reach a third of the plot or more', async () => {
    const peak = Number(await lab.page.getByTestId('histogram-canvas').getAttribute('data-main-peak'));
    expect(peak).toBeGreaterThanOrEqual(1 / 3);
    expect(peak).toBeLessThanOrEqual(1);
  });

  it('the temperature: arrow keys step through round values, marks are labelled, a typed value stays as typed', async () => {
    const { page } = lab;
    const slider = page.getByTestId('control-temperature');
    const typed = page.getByTestId('control-temperature-value');
    expect(await typed.inputValue()).toBe('0.1');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => typed.inputValue()).toBe('0.2');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => typed.inputValue()).toBe('0.05');
    await page.keyboard.press('PageUp');
    await expect.poll(() => typed.inputValue()).toBe('0.5');
    const labels = await page
      .getByTestId('control-temperature')
      .locator('xpath=..')
      .getByTestId('slider-mark-labels')
      .textContent();
    for (const mark of ['0.01', '0.05', '0.1', '1']) expect(labels).toContain(mark);
    await typed.fill('0.0001');
    await typed.press('Enter');
    await expect.poll(() => page.getByTestId('control-temperature').inputValue()).toBe('-4');
    expect(await typed.inputValue()).toBe('0.0001');
    expect(lab.consoleErrors).toEqual([]);
    expect(lab.pageErrors).toEqual([]);
  });

  it('an embedded chart shows the temperature it trains at', async () => {
    const { page } = lab;
    await page.goto(labUrl(inject('baseUrl'), 'tau=0.05&embed=similarity-histogram'));
    await page.getByTestId('chart-similarity-histogram').waitFor();
    expect(await page.getByTestId('embed-tau').textContent()).toBe('temperature τ = 0.05');
  });
});
