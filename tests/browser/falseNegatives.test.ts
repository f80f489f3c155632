// Issue 17 in real Chromium against the production build: the similarity matrix sorted by class shows the classes
// as blocks (read from its pixels), false negatives are marked and measured on labelled clusters, and with the
// labels hidden, as on unlabelled data, their marks and measures are gone with one line of reason while the filter
// still filters.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LabPage, openLab } from './chromium';
import { labUrl, readoutValue, waitForReadout } from './lab';

/** 4 classes at tau 0.1 on wasm, 128 pairs (the whole batch shown): a quarter of the negatives are false. */
const FOUR_CLASSES = 'backend=wasm&classes=4&tau=0.1';

/** Mean RGB of the matrix's cells inside and outside the class blocks, one pixel at each cell's centre. */
async function blockColours(page: Page) {
  return page
    .getByTestId('chart-similarity')
    .locator('canvas')
    .first()
    .evaluate((canvas: HTMLCanvasElement) => {
      const [left, top, size, rows] = (canvas.dataset.cells ?? '').split(' ').map(Number) as number[];
      const blocks = (canvas.dataset.blocks ?? '')
        .split(' ')
        .map((b) => b.split('-').map(Number) as number[]);
      const blockOf = (p: number) => blocks.findIndex(([start = 0, end = 0]) => p >= start && p < end);
      const scale = canvas.width / canvas.clientWidth;
      const pixels = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(
        0,
        0,
        canvas.width,
        canvas.height,
      ).data;
      const sums = { inside: [0, 0, 0, 0], outside: [0, 0, 0, 0] };
      const cell = (size as number) / (rows as number);
      for (let i = 0; i < (rows as number); i++) {
        for (let j = 0; j < (rows as number); j++) {
          // the diagonal pairs (self and positive) are marks, not cosines
          if (i >> 1 === j >> 1) continue;
          const x = Math.floor(((left as number) + (j + 0.5) * cell) * scale);
          const y = Math.floor(((top as number) + (i + 0.5) * cell) * scale);
          const k = 4 * (y * canvas.width + x);
          const sum = blockOf(i) === blockOf(j) ? sums.inside : sums.outside;
          for (let c = 0; c < 3; c++) (sum[c] as number) += pixels[k + c] as number;
          (sum[3] as number) += 1;
        }
      }
      const mean = (s: number[]) => s.slice(0, 3).map((v) => v / (s[3] as number));
      return { blocks: blocks.length, inside: mean(sums.inside), outside: mean(sums.outside) };
    });
}

describe('false negatives in Chromium (production build)', () => {
  let lab: LabPage;
  beforeAll(async () => {
    lab = await openLab(inject('baseUrl'));
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('the matrix sorted by class shows the classes as blocks: similar inside, false negatives marked', async () => {
    const { page } = lab;
    await page.goto(labUrl(inject('baseUrl'), `${FOUR_CLASSES}&order=class`));
    await waitForReadout(page, 'readout-step', (step) => step >= 150, 90_000);
    await page.getByTestId('pause').click();
    await expect.poll(() => page.getByTestId('similarity-class-order').count()).toBe(1);
    // cosines (PuOr: orange similar, purple dissimilar): a block's cells are more orange (red minus blue) than
    // the cells between classes once the classes have formed
    const cosine = await blockColours(page);
    expect(cosine.blocks).toBe(4);
    const orange = ([r = 0, , b = 0]: number[]) => r - b;
    expect(orange(cosine.inside)).toBeGreaterThan(orange(cosine.outside) + 40);
    // the label matrix: inside a block every cell is a false negative (black), outside a negative (blue)
    await page.getByLabel('show label matrix').check();
    const roles = await blockColours(page);
    for (const channel of roles.inside) expect(channel).toBeLessThan(40);
    expect(roles.outside[2]).toBeGreaterThan(150);
    // and the link carries the order
    expect(page.url()).toContain('order=class');
  });

  it('marks and measures them on labelled clusters; eliminate leaves them no weight', async () => {
    const { page } = lab;
    await page.goto('about:blank');
    await page.goto(labUrl(inject('baseUrl'), FOUR_CLASSES));
    await waitForReadout(page, 'readout-step', (step) => step > 10, 90_000);
    const share = await waitForReadout(page, 'readout-fn-share', Number.isFinite);
    expect(Math.abs(share - 0.25)).toBeLessThan(0.03);
    expect(await readoutValue(page, 'readout-fn-weight')).toBeGreaterThan(0.1);
    await expect
      .poll(() => page.getByTestId('weights-false-negatives').textContent())
      .toMatch(/of anchor 0’s 254 negatives in the batch carry its class .*% of its weight/);
    expect(await page.getByTestId('weights-legend').textContent()).toMatch(/false negative/);
    // live: eliminate them, and their weight drops to exactly 0 without a restart
    const before = await readoutValue(page, 'readout-step');
    await page.getByTestId('control-fn').selectOption('eliminate');
    await waitForReadout(page, 'readout-fn-weight', (weight) => weight === 0, 30_000);
    expect(await readoutValue(page, 'readout-step')).toBeGreaterThanOrEqual(before);
    expect(page.url()).toContain('fn=eliminate');
  });

  it('with the labels hidden: no marks or measures, one line of reason; the filter still filters', async () => {
    const { page } = lab;
    await page.goto('about:blank');
    await page.goto(labUrl(inject('baseUrl'), `${FOUR_CLASSES}&labels=hidden&fn=filter&perc=0.6`));
    await waitForReadout(page, 'readout-step', (step) => step > 10, 90_000);
    await expect
      .poll(() => page.getByTestId('weights-false-negatives').textContent())
      .toMatch(/labels are hidden .*nothing tells a false negative from a true one/);
    expect(await page.getByTestId('weights-legend').textContent()).not.toMatch(/false negative/);
    expect(await page.getByTestId('readout-fn-share').textContent()).toMatch(/labels hidden/);
    expect(await page.getByLabel('sort by class').isDisabled()).toBe(true);
    // the filter reads no labels: it still leaves out the negatives nearer than 0.6 x the positive
    await expect.poll(() => readoutValue(page, 'readout-negatives-used')).toBeLessThan(254);
  });
});
