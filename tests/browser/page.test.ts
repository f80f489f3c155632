import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LabPage, openLab } from './chromium';
import { labUrl, readoutValue, settledStep, waitForReadout } from './lab';

/** Screenshots kept as test artefacts, to look at before a release. */
const SHOTS = 'test-results/screenshots';

/** Sets the temperature by typing it, as a person would. */
async function typeTemperature(lab: LabPage, tau: string): Promise<void> {
  const field = lab.page.getByTestId('control-temperature-value');
  await field.fill(tau);
  await field.press('Enter');
}

/** A cheap fingerprint of a chart's canvases, to tell whether it drew something different. */
async function canvasFingerprint(lab: LabPage, testId: string): Promise<string> {
  return lab.page.getByTestId(testId).evaluate((panel) =>
    Array.from(panel.querySelectorAll('canvas'))
      .map((canvas) => canvas.toDataURL().slice(-64))
      .join('|'),
  );
}

/** Counts the buffers the page hands back to the training worker (`recycle` commands) in window.recycled. */
function countRecycledBuffers(): void {
  const post = Worker.prototype.postMessage;
  const counter = window as unknown as { recycled: number };
  counter.recycled = 0;
  Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
    const command = message as { type?: string; buffers?: unknown[] } | null;
    if (command?.type === 'recycle') counter.recycled += command.buffers?.length ?? 0;
    return (post as (...args: unknown[]) => void).call(this, message, ...rest);
  };
}

describe('the lab page in Chromium (production build)', () => {
  let lab: LabPage;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    lab = await openLab(inject('baseUrl'));
    await lab.page.addInitScript(countRecycledBuffers);
    await lab.page.goto(labUrl(inject('baseUrl')));
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('loads with every chart, no console error, and starts training', async () => {
    const { page } = lab;
    await expect(page.title()).resolves.toBe('InfoNCE Lab');
    const first = await waitForReadout(page, 'readout-step', (step) => step > 0);
    await waitForReadout(page, 'readout-step', (step) => step > first + 20);
    for (const chart of [
      'chart-hypersphere',
      'chart-forces',
      'chart-negative-weights',
      'chart-similarity',
      'chart-metrics',
      'chart-align-uniform',
      'chart-similarity-histogram',
    ]) {
      expect(await page.getByTestId(chart).count(), chart).toBe(1);
    }
    await page.screenshot({ path: `${SHOTS}/default.png`, fullPage: true });
    expect(lab.consoleErrors).toEqual([]);
    expect(lab.pageErrors).toEqual([]);
    expect(lab.foreignRequests).toEqual([]);
  });

  it("hands the drawn snapshots' matrices back to the worker, while the charts read live values", async () => {
    const { page } = lab;
    // 16 buffers: four snapshots' worth, so the worker has reused some (it keeps what it is handed)
    await page.waitForFunction(() => (window as unknown as { recycled: number }).recycled >= 16, null, {
      timeout: 30_000,
    });
    // Both read the shown snapshot's matrices: a buffer handed back too early would read as empty (NaN here).
    await expect(page.getByTestId('gradient-check').textContent()).resolves.toMatch(
      /Max relative difference \d/,
    );
    const matrix = page.getByTestId('chart-similarity').locator('canvas').first();
    await matrix.hover({ position: { x: 40, y: 60 } });
    await expect(page.getByTestId('similarity-tooltip').textContent()).resolves.toMatch(
      /s_ij = -?\d.*, r_ij = \d/,
    );
    await page.mouse.move(0, 0);
    expect(lab.pageErrors).toEqual([]);
  });

  it('tau = 1e-4 brings the effective number of negatives near 1; tau = 100 near 2N - 2', async () => {
    const { page } = lab;
    await typeTemperature(lab, '0.0001');
    const step = await readoutValue(page, 'readout-step');
    await waitForReadout(page, 'readout-step', (s) => s > step + 5);
    expect(await waitForReadout(page, 'readout-effective-negatives', (n) => n < 2, 20_000)).toBeLessThan(2);
    await page.screenshot({ path: `${SHOTS}/tau-1e-4.png`, fullPage: true });
    await typeTemperature(lab, '100');
    const maxNegatives = 2 * 128 - 2;
    const spread = await waitForReadout(
      page,
      'readout-effective-negatives',
      (n) => n > 0.9 * maxNegatives,
      20_000,
    );
    expect(spread).toBeLessThanOrEqual(maxNegatives + 1e-6);
    await page.screenshot({ path: `${SHOTS}/tau-100.png`, fullPage: true });
    await typeTemperature(lab, '0.1');
  });

  it('choosing another anchor changes the weights chart', async () => {
    const { page } = lab;
    await page.getByTestId('pause').click();
    await page.waitForTimeout(300);
    const before = await canvasFingerprint(lab, 'chart-negative-weights');
    const text = await page.getByTestId('chart-negative-weights').textContent();
    await page.getByTestId('anchor-input').fill('7');
    await page.getByTestId('anchor-input').press('Enter');
    await expect.poll(() => canvasFingerprint(lab, 'chart-negative-weights')).not.toBe(before);
    expect(await page.getByTestId('chart-negative-weights').textContent()).not.toBe(text);
    await page.getByTestId('play').click();
  });

  it('draws the hypersphere at dimension 2, 3 and 16', async () => {
    const { page } = lab;
    for (const dim of ['2', '3', '16']) {
      // A new dimension rebuilds the model: wait for the step counter to restart, then for a few steps.
      const before = await waitForReadout(page, 'readout-step', (s) => s > 10);
      await page.getByTestId('control-dimension').selectOption(dim);
      await waitForReadout(page, 'readout-step', (s) => s < before);
      await waitForReadout(page, 'readout-step', (s) => s > 5);
      const fingerprint = await canvasFingerprint(lab, 'chart-hypersphere');
      expect(fingerprint.length).toBeGreaterThan(0);
      const blank = await page.getByTestId('chart-hypersphere').evaluate((panel) => {
        const canvas = panel.querySelector('canvas');
        if (!canvas) return true;
        const context = canvas.getContext('2d');
        const pixels =
          context?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
        return !pixels.some((value, i) => i % 4 === 3 && value > 0);
      });
      expect(blank, `dimension ${dim}`).toBe(false);
      if (dim === '16')
        expect(await page.getByTestId('chart-hypersphere').textContent()).toMatch(/projection/i);
    }
    expect(lab.pageErrors).toEqual([]);
  });

  it("trains on the digits data set, loaded from the page's own origin", async () => {
    const { page } = lab;
    await page.getByTestId('control-dataset').selectOption('digits');
    const before = await readoutValue(page, 'readout-step');
    await waitForReadout(page, 'readout-step', (s) => s < before || s > before + 20);
    await waitForReadout(page, 'readout-step', (s) => s > 20);
    expect(await page.getByTestId('warnings').textContent()).toBe('');
    expect(lab.foreignRequests).toEqual([]);
  });

  it('fits a phone width without sideways scrolling', async () => {
    const { page } = lab;
    await page.setViewportSize({ width: 390, height: 800 });
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}/phone.png` });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('works with the keyboard alone: change tau, then pause', async () => {
    const { page } = lab;
    await page.getByTestId('control-temperature').focus();
    const before = Number(await page.getByTestId('control-temperature').inputValue());
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(async () => Number(await page.getByTestId('control-temperature').inputValue()))
      .toBeGreaterThan(before);
    const tauShown = await page.getByTestId('control-temperature-value').inputValue();
    expect(Number(tauShown)).toBeGreaterThan(10 ** before);
    // Shift+Tab back from the temperature slider to Pause, and press it.
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Shift+Tab');
      if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'pause') break;
    }
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('pause');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('pause').isDisabled()).toBe(true);
    // the step settles (the readouts follow the charts' round), then it must hold: training has stopped
    const stopped = await settledStep(page);
    await page.waitForTimeout(500);
    expect(await readoutValue(page, 'readout-step')).toBe(stopped);
    expect(lab.consoleErrors).toEqual([]);
  });

  it('hide= also hides the objective parameters', async () => {
    const { page } = lab;
    await page.goto('about:blank');
    await page.goto(labUrl(inject('baseUrl'), 'loss=triplet'));
    await expect.poll(() => page.getByTestId('control-margin').count()).toBe(1);
    await page.goto('about:blank');
    await page.goto(labUrl(inject('baseUrl'), 'loss=triplet&hide=margin,mining'));
    await page.getByTestId('control-loss').waitFor();
    expect(await page.getByTestId('control-margin').count()).toBe(0);
    expect(await page.getByTestId('control-mining').count()).toBe(0);
  });
});
