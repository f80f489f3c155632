// Classroom features in real Chromium against the production build: presets, `hide=`, `embed=`, the guided
// tour and the share link.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PRESETS, presetById } from '../../src/state/presets';
import { CHART_IDS } from '../../src/state/schema';
import { type LabPage, openLab } from './chromium';
import { labUrl } from './lab';

const SHOTS = 'test-results/screenshots';

/** Loads the lab afresh (not a same-document hash change) and waits for the page to mount. */
async function open(page: Page, hash = ''): Promise<void> {
  await page.goto('about:blank');
  await page.goto(labUrl(inject('baseUrl'), hash));
  await page.locator('.lab, .embed').first().waitFor();
}

/** The shown values of the controls a link sets, for comparing two pages. */
async function controlValues(page: Page): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const id of [
    'control-temperature-value',
    'control-batch-size',
    'control-dropout-value',
    'control-dimension',
  ]) {
    values[id] = await page.getByTestId(id).inputValue();
  }
  return values;
}

/** The URL hash once the store's debounced write has settled on one containing every `parts`. */
async function hashWith(page: Page, parts: readonly string[]): Promise<string> {
  await expect
    .poll(() => page.evaluate(() => window.location.hash), { timeout: 10_000 })
    .toSatisfy((hash: string) => parts.every((part) => hash.includes(part)));
  return page.evaluate(() => window.location.hash);
}

/** The data-testid of the focused element and whether it sits inside the tour card. */
const focusInfo = (page: Page) =>
  page.evaluate(() => ({
    testId: document.activeElement?.getAttribute('data-testid') ?? null,
    inCard: document.activeElement?.closest('[data-testid="tour-card"]') !== null,
  }));

describe('classroom: presets, hide, embed, tour and share (production build)', () => {
  let lab: LabPage;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    lab = await openLab(inject('baseUrl'));
    const origin = new URL(inject('baseUrl')).origin;
    await lab.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('choosing a preset changes the controls and the link, and shows what to look for', async () => {
    const { page } = lab;
    await open(page);
    const select = page.getByTestId('preset-select');
    expect(await select.inputValue()).toBe('');
    await select.selectOption('simcse-default');
    await expect.poll(() => page.getByTestId('control-temperature-value').inputValue()).toBe('0.05');
    expect(await page.getByTestId('control-batch-size').inputValue()).toBe('64');
    await hashWith(page, ['tau=0.05', 'batch=64', 'dropout=0.1']);
    expect(await page.getByTestId('preset-description').textContent()).toContain('86.2');

    await select.selectOption('false-negatives');
    await expect.poll(() => page.getByTestId('control-classes-value').inputValue()).toBe('2');
    expect(await page.getByTestId('control-batch-size').inputValue()).toBe('512');
    await hashWith(page, ['classes=2', 'batch=512']);
    await page.screenshot({ path: `${SHOTS}/classroom-preset.png`, fullPage: true });

    // a change by hand leaves the preset: the menu says so
    const tau = page.getByTestId('control-temperature-value');
    await tau.fill('0.3');
    await tau.press('Enter');
    await expect.poll(() => select.inputValue()).toBe('');
  });

  it('hide=tau,batch,presets removes those controls (and the tour) but keeps the rest', async () => {
    const { page } = lab;
    await open(page, 'hide=tau,batch,presets');
    await page.getByTestId('control-dropout').waitFor();
    for (const id of [
      'control-temperature',
      'control-temperature-value',
      'control-batch-size',
      'presets',
      'tour',
    ]) {
      expect(await page.getByTestId(id).count(), id).toBe(0);
    }
    expect(await page.getByTestId('share').count()).toBe(1);
    // nothing hidden can take the focus: walk the whole tab order
    const seen = new Set<string>();
    for (let i = 0; i < 60; i += 1) {
      await page.keyboard.press('Tab');
      const { testId } = await focusInfo(page);
      if (testId) seen.add(testId);
    }
    expect(seen.has('control-dropout')).toBe(true);
    expect([...seen].filter((id) => /temperature|batch-size|preset|^tour$/.test(id))).toEqual([]);

    await open(page, 'hide=share,play');
    await page.getByTestId('control-temperature').waitFor();
    for (const id of ['share', 'play', 'pause']) expect(await page.getByTestId(id).count(), id).toBe(0);
  });

  it('embed=similarity shows only that chart, full width, with a link to the full lab', async () => {
    const { page } = lab;
    await open(page, 'tau=0.2&embed=similarity');
    await page.getByTestId('chart-similarity').waitFor();
    for (const chart of CHART_IDS) {
      expect(await page.getByTestId(`chart-${chart}`).count(), chart).toBe(chart === 'similarity' ? 1 : 0);
    }
    for (const id of ['controls', 'presets', 'share', 'tour', 'warnings']) {
      expect(await page.getByTestId(id).count(), id).toBe(0);
    }
    expect(await page.locator('header').count()).toBe(0);
    const box = await page.getByTestId('chart-similarity').boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(0.9 * 1280);
    const href = (await page.getByTestId('embed-open').getAttribute('href')) ?? '';
    expect(href).toContain('tau=0.2');
    expect(href).not.toContain('embed=');
    await page.locator('canvas').first().waitFor({ timeout: 60_000 });
    await page.screenshot({ path: `${SHOTS}/classroom-embed.png` });
  });

  it('the guided tour applies presets in order; Escape closes it and gives the focus back', async () => {
    const { page } = lab;
    await open(page);
    await page.getByTestId('tour').click();
    const card = page.getByTestId('tour-card');
    await card.waitFor();
    const [first, second] = PRESETS;
    expect(await page.getByTestId('tour-title').textContent()).toBe(first?.title);
    expect((await focusInfo(page)).inCard).toBe(true);
    await expect.poll(() => page.getByTestId('preset-select').inputValue()).toBe(first?.id);
    await page.screenshot({ path: `${SHOTS}/classroom-tour.png` });

    await page.getByTestId('tour-next').click();
    expect(await page.getByTestId('tour-title').textContent()).toBe(second?.title);
    await expect.poll(() => page.getByTestId('preset-select').inputValue()).toBe(second?.id);
    expect(await page.getByTestId('control-temperature-value').inputValue()).toBe(
      String(presetById('tau-tiny').config.tau),
    );
    // Back from the first step keeps the focus on Back
    await page.getByTestId('tour-back').click();
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('tour-title').textContent()).toBe(first?.title);
    expect((await focusInfo(page)).testId).toBe('tour-back');

    await page.keyboard.press('Escape');
    expect(await card.count()).toBe(0);
    expect((await focusInfo(page)).testId).toBe('tour');
  });

  it('Share copies a link that opens the same experiment in a fresh page', async () => {
    const { page } = lab;
    await open(page, 'tau=0.3&batch=32&dropout=0.2&dim=16&hide=seed');
    await page.getByTestId('share').click();
    const field = page.getByTestId('share-link');
    await field.waitFor();
    const link = await field.inputValue();
    await expect.poll(() => page.getByTestId('share-feedback').textContent()).toBe('Link copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    const hash = await hashWith(page, ['tau=0.3', 'batch=32']);
    expect(`#${link.split('#')[1]}`).toBe(hash);
    expect(link).toContain('hide=seed');
    const values = await controlValues(page);

    const fresh = await page.context().newPage();
    try {
      await fresh.goto(link);
      await fresh.getByTestId('control-temperature').waitFor();
      expect(await controlValues(fresh)).toEqual(values);
      expect(await fresh.evaluate(() => window.location.hash)).toBe(hash);
      expect(await fresh.getByTestId('control-seed').count()).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it('without a Clipboard API, Share selects the link in its field for copying by hand', async () => {
    const page = await lab.page.context().newPage();
    try {
      await page.addInitScript(() => {
        Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });
      });
      await open(page, 'tau=0.7');
      await page.getByTestId('share').click();
      await expect.poll(() => page.getByTestId('share-feedback').textContent()).not.toBe('');
      const selected = await page.evaluate(() => {
        const field = document.activeElement;
        if (!(field instanceof HTMLInputElement)) return null;
        return {
          testId: field.getAttribute('data-testid'),
          selected: field.value.slice(field.selectionStart ?? 0, field.selectionEnd ?? 0),
          value: field.value,
        };
      });
      expect(selected?.testId).toBe('share-link');
      expect(selected?.selected).toBe(selected?.value);
      expect(selected?.value).toContain('tau=0.7');
    } finally {
      await page.close();
    }
    expect(lab.pageErrors).toEqual([]);
    expect(lab.foreignRequests).toEqual([]);
  });
});
