// The first impression (issue 22): a first load that does not jump, a quiet backend line with its reason on
// demand, a hint of where to look, a tour that shows and outlines what it talks about without covering it, the
// temperature within reach of a chart on a phone, and a large-text mode for a projector.
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { type LabPage, openLab } from './chromium';
import { labUrl, waitForReadout } from './lab';

/** How long after a fresh load the layout shifts are summed (the measure). */
const SHIFT_WINDOW_MS = 6000;

/** Records every layout shift without recent input into window.layoutShifts (runs before the page's scripts). */
function recordLayoutShifts(): void {
  const record = window as unknown as { layoutShifts: { value: number; time: number }[] };
  record.layoutShifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as unknown as {
      value: number;
      hadRecentInput: boolean;
      startTime: number;
    }[]) {
      if (!entry.hadRecentInput) record.layoutShifts.push({ value: entry.value, time: entry.startTime });
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

/** The layout shifts of the first SHIFT_WINDOW_MS of a fresh load of the lab in a `width` x `height` window. */
async function firstLoadShift(lab: LabPage, width: number, height: number): Promise<number> {
  const { page } = lab;
  await page.setViewportSize({ width, height });
  await page.addInitScript(recordLayoutShifts);
  await page.goto(labUrl(inject('baseUrl')));
  await page.waitForTimeout(SHIFT_WINDOW_MS + 500);
  const shifts = await page.evaluate(
    () => (window as unknown as { layoutShifts: { value: number; time: number }[] }).layoutShifts,
  );
  return shifts.filter((shift) => shift.time <= SHIFT_WINDOW_MS).reduce((sum, shift) => sum + shift.value, 0);
}

/** An element's box in the viewport, or a failure naming it. */
async function box(page: Page, testId: string) {
  const found = await page.getByTestId(testId).first().boundingBox();
  if (!found) throw new Error(`${testId} is not laid out`);
  return found;
}

type Box = { x: number; y: number; width: number; height: number };
const intersects = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('the first impression in Chromium', () => {
  let lab: LabPage | undefined;
  afterEach(async () => {
    await lab?.close();
    lab = undefined;
  });

  it.each([
    [1280, 900],
    [390, 844],
  ])('a fresh load at %i x %i shifts its layout by at most 0.05 in its first 6 s', async (width, height) => {
    lab = await openLab(inject('baseUrl'));
    const shift = await firstLoadShift(lab, width, height);
    expect(shift).toBeLessThanOrEqual(0.05);
    expect(lab.pageErrors).toEqual([]);
  });

  it('names the backend on one quiet line; its reason floats over the page behind "why?"', async () => {
    lab = await openLab(inject('baseUrl'));
    const { page } = lab;
    await page.goto(labUrl(inject('baseUrl')));
    const badge = page.getByTestId('readout-backend');
    const before = await box(page, 'readout-backend');
    await expect.poll(() => badge.getAttribute('data-value'), { timeout: 60_000 }).toBe('wasm');
    expect(await badge.locator('.backend-name').textContent()).toBe('Runs on WebAssembly (wasm)');
    // the reason's arrival and its opening move nothing
    expect((await box(page, 'readout-backend')).height).toBe(before.height);
    const controls = await box(page, 'controls');
    await badge.locator('summary').click();
    const reason = badge.locator('.backend-reason');
    expect(await reason.isVisible()).toBe(true);
    expect(await reason.textContent()).toMatch(/wasm/);
    expect((await box(page, 'controls')).y).toBe(controls.y);
    // the backend's line is quieter than the page's title
    const size = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((element) => Number.parseFloat(getComputedStyle(element).fontSize));
    expect(await size('.backend-name')).toBeLessThan(await size('.tagline'));
  });

  it('shows a first-visit hint until it is dismissed, and never in an embedded chart', async () => {
    lab = await openLab(inject('baseUrl'));
    const { page } = lab;
    await page.goto(labUrl(inject('baseUrl')));
    const hint = page.getByTestId('first-visit-hint');
    await hint.waitFor();
    expect(await hint.textContent()).toMatch(/drag the temperature τ.*hypersphere.*weights chart/);
    await page.getByTestId('first-visit-hint-dismiss').click();
    expect(await hint.count()).toBe(0);
    await page.reload();
    await waitForReadout(page, 'readout-step', () => true);
    expect(await hint.count()).toBe(0);
    await page.evaluate(() => localStorage.clear());
    await page.goto(labUrl(inject('baseUrl'), 'embed=hypersphere'));
    await page.getByTestId('embed').waitFor();
    expect(await hint.count()).toBe(0);
  });

  it("the tour outlines each step's chart, scrolls to it and docks its card beside it, never over it", async () => {
    lab = await openLab(inject('baseUrl'));
    const { page } = lab;
    await page.goto(labUrl(inject('baseUrl')));
    await waitForReadout(page, 'readout-step', (step) => step > 0);
    await page.getByTestId('tour').click();
    const card = page.getByTestId('tour-card');
    for (let step = 0; step < 6; step++) {
      const target = (await card.getAttribute('data-target')) ?? '';
      expect(target, `step ${step + 1}`).toMatch(/^(chart|control)-/);
      const outlined = page.locator('.tour-target');
      expect(await outlined.count()).toBe(1);
      // a control's outline is its whole field; a chart's, its panel
      expect(
        await outlined.evaluate((element, id) => element.matches(`[data-testid="${id}"], .field`), target),
      ).toBe(true);
      // scrolled into view (smoothly: wait until it arrives): at least 300 px of it on the screen
      await expect
        .poll(async () => {
          const { y, height } = (await outlined.boundingBox()) ?? { y: 0, height: 0 };
          return Math.min(900, y + height) - Math.max(0, y);
        })
        .toBeGreaterThanOrEqual(Math.min(300, (await outlined.boundingBox())?.height ?? 0));
      const cardBox = await box(page, 'tour-card');
      const targetBox = await outlined.boundingBox();
      if (!targetBox) throw new Error(`${target} is not laid out`);
      expect(intersects(cardBox, targetBox), `step ${step + 1}: the card covers ${target}`).toBe(false);
      await page.getByTestId('tour-next').click();
    }
    await page.getByTestId('tour-close').click();
    expect(await page.locator('.tour-target').count()).toBe(0);
  });

  it('on a phone, the temperature and play/pause stay in view with the hypersphere, and move the experiment', async () => {
    lab = await openLab(inject('baseUrl'));
    const { page } = lab;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(labUrl(inject('baseUrl')));
    await waitForReadout(page, 'readout-step', (step) => step > 0);
    await page.getByTestId('chart-hypersphere').evaluate((panel) => panel.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(200);
    const inView = (b: Box) => b.y >= 0 && b.y + b.height <= 844 && b.x >= 0 && b.x + b.width <= 390;
    const slider = await box(page, 'phone-temperature');
    const sphere = await page.getByTestId('chart-hypersphere').locator('canvas').boundingBox();
    if (!sphere) throw new Error('the hypersphere has no canvas');
    expect(inView(slider)).toBe(true);
    expect(inView(sphere)).toBe(true);
    // the bar does not cover the chart
    expect(sphere.y).toBeGreaterThanOrEqual(
      (await box(page, 'phone-bar')).y + (await box(page, 'phone-bar')).height,
    );
    expect(inView(await box(page, 'phone-play'))).toBe(true);

    // the slider moves in log10 τ: -1.5 is τ ≈ 0.03, whatever round value the slider settles on
    await page.getByTestId('phone-temperature').fill('-1.5');
    const tau = page.getByTestId('phone-temperature-value');
    await expect.poll(async () => Number(await tau.inputValue())).toBeLessThan(0.05);
    const shown = await tau.inputValue();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toContain(`tau=${shown}`);
    // the panel's control is bound to the same field
    expect(await page.getByTestId('control-temperature-value').inputValue()).toBe(shown);
    expect(inView(await box(page, 'phone-temperature'))).toBe(true);
    await page.getByTestId('phone-play').click();
    await expect
      .poll(() => page.getByTestId('readout-steps-per-second').getAttribute('data-value'))
      .toBe('paused');
    // no sideways scroll on the phone
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('large text (text=large) enlarges captions and axis labels, from the header toggle or the link', async () => {
    lab = await openLab(inject('baseUrl'));
    const { page } = lab;
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(labUrl(inject('baseUrl')));
    await waitForReadout(page, 'readout-step', (step) => step > 0);
    const fontSize = (locator: ReturnType<Page['locator']>) =>
      locator.first().evaluate((element) => Number.parseFloat(getComputedStyle(element).fontSize));
    const caption = page.locator('.chart-title');
    const axis = page.getByTestId('chart-metrics').locator('svg text');
    const normal = { caption: await fontSize(caption), axis: await fontSize(axis) };
    await page.getByTestId('text-size').click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('text=large');
    expect(await page.getByTestId('text-size').getAttribute('aria-pressed')).toBe('true');
    expect(await fontSize(caption)).toBeGreaterThanOrEqual(1.3 * normal.caption);
    expect(await fontSize(axis)).toBeGreaterThanOrEqual(12);
    expect(normal.axis).toBeLessThan(12);
    // the canvas charts read the same scale (charts/axes.ts)
    expect(
      await page.evaluate(() => document.documentElement.style.getPropertyValue('--chart-text-scale')),
    ).toBe('1.35');
    // a link opens in large text, and the toggle goes back
    await page.goto('about:blank');
    await page.goto(labUrl(inject('baseUrl'), 'text=large'));
    await waitForReadout(page, 'readout-step', (step) => step > 0);
    expect(await page.evaluate(() => document.documentElement.dataset.text)).toBe('large');
    await page.getByTestId('text-size').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.text)).toBe('normal');
    await expect.poll(() => page.evaluate(() => window.location.hash)).not.toContain('text=');
  });

  it("the presets menu's placeholder fits the sidebar", async () => {
    lab = await openLab(inject('baseUrl'));
    const { page } = lab;
    await page.goto(labUrl(inject('baseUrl'), 'tau=0.07'));
    const select = page.getByTestId('preset-select');
    await select.waitFor();
    const fits = await select.evaluate((element) => {
      const menu = element as HTMLSelectElement;
      const text = menu.options[menu.selectedIndex]?.text ?? '';
      const context = document.createElement('canvas').getContext('2d');
      if (!context) return false;
      const style = getComputedStyle(menu);
      context.font = `${style.fontSize} ${style.fontFamily}`;
      // the arrow takes about 1.5em on the right
      return context.measureText(text).width <= menu.clientWidth - 1.5 * Number.parseFloat(style.fontSize);
    });
    expect(fits).toBe(true);
  });
});
