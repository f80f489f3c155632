// Text mode's words on the page (issue 19), in Chromium against the production build: the STS readout beside
// its two baselines, a generated sentence under the pointer on the hypersphere and the similarity matrix, the
// weights chart's hardest negatives as sentences, the notes on synthetic sentences and PromptBERT, and the STS
// metric panel with its reference lines; none of it for clusters.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeSentences } from '../../src/data/sentences';
import { type LabPage, openLab } from './chromium';
import { labUrl, readoutValue, settledStep, waitForReadout } from './lab';

/** A small text encoder on wasm (a few steps a second here). */
const SMALL_TEXT = 'dataset=sentences&seed=1&dim=16&width=32&batch=16&backend=wasm';
/** Every sentence seed 1 generates: what a tooltip or list may show. */
const GENERATED = new Set(makeSentences({ seed: 1 }).sentences.map((s) => s.text));

/**
 * Moves the pointer over the canvas in a spiral from its centre until the tooltip appears; its sentence, or null.
 */
async function hoverUntilSentence(page: Page, canvasTestId: string, tooltipTestId: string) {
  const canvas = page.locator(`[data-testid="${canvasTestId}"] canvas`).first();
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no canvas');
  const tooltip = page.getByTestId(tooltipTestId);
  for (let k = 0; k < 120; k++) {
    const radius = 4 * k;
    const angle = k * 0.9;
    const x = box.x + box.width / 2 + radius * Math.cos(angle);
    const y = box.y + box.height / 2 + radius * Math.sin(angle);
    if (x < box.x || x > box.x + box.width || y < box.y || y > box.y + box.height) continue;
    await page.mouse.move(x, y);
    if ((await tooltip.count()) > 0) return tooltip.getByTestId('tooltip-sentence').first().textContent();
  }
  return null;
}

describe('text mode on the page (production build)', () => {
  let lab: LabPage;
  beforeAll(async () => {
    lab = await openLab(inject('baseUrl'));
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('shows STS with its baselines, sentences under the pointer and in the weights list, and the notes', async () => {
    const { page } = lab;
    await page.goto('about:blank');
    await page.goto(labUrl(inject('baseUrl'), SMALL_TEXT));
    await waitForReadout(page, 'readout-step', (step) => step >= 3, 120_000);
    await page.getByTestId('pause').click();
    await page.waitForSelector('[data-testid="pause"]:disabled');
    await settledStep(page, 400, 30_000);

    const sts = await readoutValue(page, 'readout-sts');
    const untrained = await waitForReadout(page, 'readout-sts-untrained', Number.isFinite);
    const tfIdf = await waitForReadout(page, 'readout-sts-tfidf', Number.isFinite);
    expect(Number.isFinite(sts)).toBe(true);
    expect(Math.abs(sts)).toBeLessThanOrEqual(100);
    expect(Math.abs(untrained)).toBeLessThanOrEqual(100);
    expect(tfIdf).toBeGreaterThan(30); // the bag of words already ranks these pairs (seed 1: 39.8)
    expect(tfIdf).toBeLessThan(50);

    // the metrics chart: an STS panel with the untrained and TF-IDF lines
    const references = page.getByTestId('metric-stsSpearman-reference');
    expect(await references.count()).toBe(2);
    const lines = (await references.allTextContents()).join(' ');
    expect(lines).toContain('TF-IDF');
    expect(lines).toContain('untrained');

    const notes = page.getByTestId('text-mode-notes');
    expect(await notes.textContent()).toMatch(/synthetic/);
    expect(await notes.textContent()).toMatch(/not comparable with published STS-B/);
    expect(await page.getByTestId('text-notes-promptbert').textContent()).toMatch(
      /pretrained masked language/,
    );
    expect(await page.getByTestId('text-notes-towers').textContent()).toMatch(/One tower or two/);

    const pointSentence = await hoverUntilSentence(page, 'chart-hypersphere', 'hypersphere-tooltip');
    expect(pointSentence).not.toBeNull();
    expect(GENERATED.has(pointSentence ?? '')).toBe(true);
    expect(await page.getByTestId('chart-hypersphere').textContent()).toMatch(/colour = meaning group/);

    // a similarity cell: its two rows' sentences
    const matrix = page.locator('[data-testid="chart-similarity"] canvas').first();
    const [left, top, size, rows] = ((await matrix.getAttribute('data-cells')) ?? '').split(' ').map(Number);
    await matrix.scrollIntoViewIfNeeded();
    const box = await matrix.boundingBox();
    if (!box || left === undefined || top === undefined || size === undefined || !rows)
      throw new Error('no matrix');
    // column 0, row 4 as drawn: two different rows, so two sentences
    const cell = size / rows;
    await page.mouse.move(box.x + left + cell * 0.5, box.y + top + cell * 4.5);
    await page.getByTestId('similarity-tooltip').waitFor({ timeout: 10_000 });
    const cellSentences = await page
      .getByTestId('similarity-tooltip')
      .getByTestId('tooltip-sentence')
      .allTextContents();
    expect(cellSentences).toHaveLength(2);
    for (const sentence of cellSentences) expect(GENERATED.has(sentence)).toBe(true);

    const negatives = page.getByTestId('weights-negative-sentence');
    expect(await negatives.count()).toBeGreaterThan(0);
    const anchor = (await page.getByTestId('weights-anchor-sentence').textContent()) ?? '';
    expect(GENERATED.has(anchor)).toBe(true);
    for (const item of await negatives.locator('q').allTextContents()) expect(GENERATED.has(item)).toBe(true);
  }, 300_000);

  it('shows none of it for clusters', async () => {
    const { page } = lab;
    await page.goto('about:blank');
    await page.goto(labUrl(inject('baseUrl'), 'backend=wasm'));
    await waitForReadout(page, 'readout-step', (step) => step > 5);
    await page.getByTestId('chart-negative-weights').waitFor();
    for (const id of ['readout-sts', 'readout-sts-tfidf', 'text-mode-notes', 'weights-sentences'])
      expect(await page.getByTestId(id).count(), id).toBe(0);
    expect(await page.getByTestId('metric-stsSpearman').count()).toBe(0);
    expect(await hoverUntilSentence(page, 'chart-hypersphere', 'hypersphere-tooltip')).toBeNull();
  }, 180_000);
});
