// Classroom features in real Chromium against the production build: presets, `hide=`, `embed=`, the guided
// tour and the share link.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG } from '../../src/protocol/config';
import { PRESETS, type PresetId, presetById } from '../../src/state/presets';
import { CHART_IDS } from '../../src/state/schema';
import { parseLink, serializeLink } from '../../src/state/url';
import { type LabPage, openLab } from './chromium';
import { labUrl, readoutValue, waitForReadout } from './lab';

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

/** The first step and loss the readouts show below `step` (a new run), watched on every frame. */
async function newRunStart(page: Page, step: number): Promise<{ step: number; loss: number }> {
  const handle = await page.waitForFunction(
    (before) => {
      const read = (id: string) =>
        Number(document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-value') ?? Number.NaN);
      const now = read('readout-step');
      return now < before ? { step: now, loss: read('readout-loss') } : null;
    },
    step,
    { polling: 'raf', timeout: 30_000 },
  );
  return (await handle.jsonValue()) as { step: number; loss: number };
}

/** The URL hash once it is exactly `hash` (the store's write is debounced). */
async function hashIs(page: Page, hash: string): Promise<void> {
  await expect.poll(() => page.evaluate(() => window.location.hash), { timeout: 10_000 }).toBe(hash);
}

/** Why a preset is off under the classroom links below: what it needs, and the locked value the link keeps. */
const OFF_REASON =
  /Off with this link: this experiment needs .+, and the link locks (τ at 0\.05|batch at 32)/;

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
    const { classes, batch } = presetById('false-negatives').config;
    await expect.poll(() => page.getByTestId('control-classes-value').inputValue()).toBe(String(classes));
    expect(await page.getByTestId('control-batch-size').inputValue()).toBe(String(batch));
    await hashWith(page, [`classes=${classes}`, `batch=${batch}`]);
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

  it('a preset starts a fresh run: τ = 0.001 after 6 s of defaults restarts from step 0 and stalls', async () => {
    const { page } = lab;
    await open(page);
    await waitForReadout(page, 'readout-step', (step) => step > 0);
    await page.waitForTimeout(6000);
    const before = await readoutValue(page, 'readout-step');
    expect(await page.getByTestId('preset-fresh').textContent()).toContain('fresh run');
    await page.getByTestId('preset-select').selectOption('tau-tiny');
    const start = await newRunStart(page, before);
    expect(start.step, `the old run was at step ${before}`).toBeLessThanOrEqual(100);
    await waitForReadout(page, 'readout-uniformity', (u) => u > -0.5, 20_000);
    // and it stays bunched: the points do not spread at this τ (the old model had, to about -2)
    await waitForReadout(page, 'readout-step', (step) => step >= 300 && step < before + 300, 30_000);
    expect(await readoutValue(page, 'readout-uniformity')).toBeGreaterThan(-0.5);
  });

  it('the triplet preset after the supervised one starts from step 0 with a loss above 0', async () => {
    const { page } = lab;
    await open(page);
    const select = page.getByTestId('preset-select');
    await select.selectOption('hard-negatives');
    await waitForReadout(page, 'readout-step', (step) => step >= 300);
    const before = await readoutValue(page, 'readout-step');
    await select.selectOption('triplet');
    const start = await newRunStart(page, before);
    expect(start.step).toBeLessThanOrEqual(100);
    expect(start.loss).toBeGreaterThan(0);
  });

  it.each([
    ['tau=0.05&hide=tau', { tau: 0.05 }],
    ['tau=0.05&batch=32&hide=tau,batch', { tau: 0.05, batch: 32 }],
  ] as const)(
    '%s: every preset and tour card leaves the locked fields as the link set them',
    async (link, locked) => {
      const { page } = lab;
      await open(page, link);
      const { view } = parseLink(link).state;
      const opened = await page.evaluate(() => window.location.hash);
      expect(opened).toContain('tau=0.05');
      expect(await page.getByTestId('preset-locks').textContent()).toContain('This link locks τ');
      /** the link a preset gives here: its config over the defaults, the locked fields as the link has them */
      const expected = (id: PresetId) =>
        `#${serializeLink({ config: { ...DEFAULT_TRAIN_CONFIG, ...presetById(id).config, ...locked }, view })}`;

      const off = new Set<string>();
      let last: PresetId | null = null;
      for (const preset of PRESETS) {
        const option = page.getByTestId(`preset-option-${preset.id}`);
        if (await option.isDisabled()) {
          off.add(preset.id);
          expect(await option.textContent()).toContain('off: this link locks');
          const reason = await page.getByTestId(`preset-off-${preset.id}`).textContent();
          expect(reason).toMatch(OFF_REASON);
          continue;
        }
        await page.getByTestId('preset-select').selectOption(preset.id);
        await hashIs(page, expected(preset.id));
        last = preset.id;
        expect(await page.getByTestId('preset-select').inputValue()).toBe(preset.id);
        if ((preset.config.tau ?? DEFAULT_TRAIN_CONFIG.tau) !== 0.05)
          expect(await page.getByTestId('preset-lock-notes').textContent()).toContain('τ stays at 0.05');
      }
      // τ is what the temperature presets are about; the supervised and triplet ones merely reset it
      expect(off.has('tau-tiny') && off.has('tau-huge')).toBe(true);
      expect(off.has('triplet') || off.has('hard-negatives')).toBe(false);
      // Share passes the locked values on
      await page.getByTestId('share').click();
      const shared = await page.getByTestId('share-link').inputValue();
      if (last === null) throw new Error('no preset was applied');
      expect(`#${shared.split('#')[1]}`).toBe(expected(last));

      await page.getByTestId('tour').click();
      let previous = await page.evaluate(() => window.location.hash);
      for (const [i, preset] of PRESETS.entries()) {
        expect(await page.getByTestId('tour-title').textContent()).toBe(preset.title);
        const step = (await page.getByTestId('tour-step').textContent()) ?? '';
        expect(step.includes('not run with this link'), preset.id).toBe(off.has(preset.id));
        if (off.has(preset.id)) {
          expect(await page.getByTestId('preset-lock-reason').textContent()).toMatch(OFF_REASON);
          expect(await page.evaluate(() => window.location.hash)).toBe(previous);
        } else {
          await hashIs(page, expected(preset.id));
          previous = expected(preset.id);
        }
        if (i < PRESETS.length - 1) await page.getByTestId('tour-next').click();
      }
      await page.screenshot({ path: `${SHOTS}/classroom-locked-tour.png`, fullPage: true });
    },
  );

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
