import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { type LabPage, openLab } from './chromium';
import { labUrl, readoutValue, waitForReadout } from './lab';

describe('the training engine in Chromium', () => {
  let lab: LabPage;
  beforeEach(async () => {
    lab = await openLab(inject('baseUrl'));
  });
  afterEach(async () => {
    await lab?.close();
  });

  it('forced webgpu really runs on webgpu: a few steps lower the loss and no tensor leaks', async () => {
    const { page } = lab;
    await page.goto(labUrl(inject('baseUrl'), 'backend=webgpu&batch=16&tau=0.2&lr=0.01&dim=3'));
    await expect
      .poll(() => page.getByTestId('readout-backend').getAttribute('data-value'), { timeout: 60_000 })
      .toBe('webgpu');
    await expect(page.getByTestId('readout-backend')).toBeDefined();
    const reason = await page.getByTestId('readout-backend').textContent();
    expect(reason).toMatch(/forced/);
    await waitForReadout(page, 'readout-step', (step) => step >= 3, 120_000);
    const firstLoss = await readoutValue(page, 'readout-loss');
    const tensorsEarly = await readoutValue(page, 'readout-tensors');
    const stepEarly = await readoutValue(page, 'readout-step');
    await waitForReadout(page, 'readout-step', (step) => step >= stepEarly + 15, 120_000);
    await waitForReadout(page, 'readout-loss', (loss) => loss < firstLoss, 60_000);
    expect(await readoutValue(page, 'readout-tensors')).toBe(tensorsEarly);
    expect(lab.pageErrors).toEqual([]);
  });

  it('auto takes wasm on this machine without measuring it and says why', async () => {
    const { page } = lab;
    await page.goto(labUrl(inject('baseUrl')));
    await expect
      .poll(() => page.getByTestId('readout-backend').getAttribute('data-value'), { timeout: 60_000 })
      .toBe('wasm');
    const reason = await page.getByTestId('readout-backend').textContent();
    expect(reason).toMatch(/software fallback|no WebGPU adapter/);
    // Both GPUs are software here and cpu is never faster than wasm: nothing is left to compare wasm with.
    expect(reason).toMatch(/not measured: .*webgl \(software renderer\).*cpu \(plain JavaScript/);
    expect(reason).toMatch(/wasm is the only candidate left \(taken without measuring\)/);
    await waitForReadout(page, 'readout-step', (step) => step > 10);
    expect(lab.consoleErrors).toEqual([]);
    expect(lab.pageErrors).toEqual([]);
    expect(lab.foreignRequests).toEqual([]);
  });
});
