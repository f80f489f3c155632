// InfoNCE's negative strategies on the control panel, in real Chromium against the production build: the
// Negatives group shows with InfoNCE only, a control the current choice ignores is disabled with its reason,
// `hide=` removes any of them, and the keyboard reaches what is enabled.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LabPage, openLab } from './chromium';
import { labUrl } from './lab';

const SHOTS = 'test-results/screenshots';

/** The new controls of the Negatives group (skew belongs to the clusters data). */
const NEGATIVE_TEST_IDS = [
  'control-negatives',
  'control-queue-size',
  'control-momentum',
  'control-pick',
  'control-pick-k',
  'control-alpha',
  'control-mochi',
  'control-mochi-query',
  'control-mochi-hardest',
  'control-logq',
] as const;

const K_REASON = 'k counts only with pick = hard, near-pos or kgpolicy.';

/** Loads the lab afresh and waits for the controls. */
async function open(page: Page, hash = ''): Promise<void> {
  await page.goto('about:blank');
  await page.goto(labUrl(inject('baseUrl'), hash));
  await page.getByTestId('control-loss').waitFor();
}

/** The URL hash once the store's debounced write has settled on one that `accept`s. */
async function hashWhere(page: Page, accept: (hash: string) => boolean): Promise<string> {
  await expect.poll(() => page.evaluate(() => window.location.hash), { timeout: 10_000 }).toSatisfy(accept);
  return page.evaluate(() => window.location.hash);
}

/** The text of the hint an input names in aria-describedby ('' without one). */
const hintOf = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluate((input) => {
    const id = input.getAttribute('aria-describedby');
    return (id ? document.getElementById(id)?.textContent : '') ?? '';
  });

const focusedTestId = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

describe('negative strategy controls (production build)', () => {
  let lab: LabPage;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    lab = await openLab(inject('baseUrl'));
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('shows the Negatives group under InfoNCE and leaves it out under DCL', async () => {
    const { page } = lab;
    await open(page);
    await expect.poll(() => page.getByTestId('control-group-negatives').isVisible()).toBe(true);
    for (const id of [...NEGATIVE_TEST_IDS, 'control-skew']) {
      expect(await page.getByTestId(id).isVisible(), id).toBe(true);
    }
    expect(await page.getByTestId('control-tau-plus').count()).toBe(0);

    await page.getByTestId('control-loss').selectOption('dcl');
    await page.getByTestId('control-tau-plus').waitFor();
    expect(await page.getByTestId('control-group-negatives').count()).toBe(0);
    for (const id of NEGATIVE_TEST_IDS) expect(await page.getByTestId(id).count(), id).toBe(0);
    // the data set's skew stays: it is not InfoNCE's
    expect(await page.getByTestId('control-skew').count()).toBe(1);
    await hashWhere(page, (hash) => hash.includes('loss=dcl'));
  });

  it('disables k with its reason while pick = all; pick = hard enables it and goes into the link', async () => {
    const { page } = lab;
    await open(page);
    const k = page.getByTestId('control-pick-k');
    expect(await k.isDisabled()).toBe(true);
    expect(await k.getAttribute('aria-disabled')).toBe('true');
    expect(await hintOf(page, 'control-pick-k')).toBe(K_REASON);
    expect(await page.getByText(K_REASON).isVisible()).toBe(true);
    // the queue's controls wait for neg = queue, α for pick = quantile, MoCHi N for s or s′ above 0
    for (const id of ['control-queue-size', 'control-momentum', 'control-alpha', 'control-mochi-hardest']) {
      expect(await page.getByTestId(id).isDisabled(), id).toBe(true);
    }
    for (const id of ['control-negatives', 'control-pick', 'control-mochi', 'control-logq']) {
      expect(await page.getByTestId(id).isDisabled(), id).toBe(false);
    }

    await page.getByTestId('control-pick').selectOption('hard');
    await expect.poll(() => k.isDisabled()).toBe(false);
    expect(await hintOf(page, 'control-pick-k')).toMatch(/Wang et al\. 2020/);
    await hashWhere(page, (hash) => hash.includes('pick=hard'));
    await k.selectOption('4');
    await hashWhere(page, (hash) => hash.includes('k=4'));
    await page.getByTestId('controls').screenshot({ path: `${SHOTS}/negative-controls.png` });

    await page.getByTestId('control-negatives').selectOption('queue');
    await expect.poll(() => page.getByTestId('control-queue-size').isDisabled()).toBe(false);
    expect(await page.getByTestId('control-momentum-value').isDisabled()).toBe(false);
    await hashWhere(page, (hash) => hash.includes('neg=queue'));
  });

  it('hide=k,pick hides those two and keeps the rest of the group', async () => {
    const { page } = lab;
    await open(page, 'pick=hard&hide=k,pick');
    await page.getByTestId('control-negatives').waitFor();
    expect(await page.getByTestId('control-pick').count()).toBe(0);
    expect(await page.getByTestId('control-pick-k').count()).toBe(0);
    expect(await page.getByTestId('control-alpha').isDisabled()).toBe(true);
  });

  it('keeps working with the keyboard: Tab skips what is disabled, arrows change a choice', async () => {
    const { page } = lab;
    await open(page);
    await page.getByTestId('control-pick').focus();
    // pick = all: Tab leaves k and α (disabled) for MoCHi s
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('control-mochi');
    await page.keyboard.press('Shift+Tab');
    expect(await focusedTestId(page)).toBe('control-pick');
    // next option after `all` is `hard`
    await page.keyboard.press('ArrowDown');
    await hashWhere(page, (hash) => hash.includes('pick=hard'));
    await expect.poll(() => page.getByTestId('control-pick-k').isDisabled()).toBe(false);
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('control-pick-k');
    await page.keyboard.press('ArrowUp');
    await hashWhere(page, (hash) => hash.includes('k=8'));
    expect(lab.pageErrors).toEqual([]);
    expect(lab.consoleErrors).toEqual([]);
    expect(lab.foreignRequests).toEqual([]);
  });
});
