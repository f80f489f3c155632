// Helpers for reading the lab page's live readouts in browser tests, and the same run's losses in Node.
import type { Page } from 'playwright-core';
import { createNodeTrainer } from '../../src/engine/nodeHost';
import type { TrainConfig } from '../../src/protocol/config';
import type { LabPage } from './chromium';

/** The number in a readout's data-value. */
export async function readoutValue(page: Page, testId: string): Promise<number> {
  return Number(await page.getByTestId(testId).getAttribute('data-value'));
}

/** Waits until `predicate` holds for a readout's number (polling), returning the value. */
export async function waitForReadout(
  page: Page,
  testId: string,
  predicate: (value: number) => boolean,
  timeoutMs = 60_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const raw = await page
      .getByTestId(testId)
      .getAttribute('data-value', { timeout: timeoutMs })
      .catch(() => null);
    const value = Number(raw);
    if (raw !== null && raw !== '' && predicate(value)) return value;
    if (Date.now() > deadline) throw new Error(`${testId} never satisfied the condition (last ${raw})`);
    await page.waitForTimeout(100);
  }
}

/**
 * After a pause: the step once the readouts hold it for `quietMs` and no chart is behind them. The readouts
 * follow the charts' round (chartFeed.ts), which may still take the last snapshot sent before the pause.
 */
export async function settledStep(page: Page, quietMs = 400, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let step = await readoutValue(page, 'readout-step');
  for (;;) {
    await page.waitForTimeout(quietMs);
    const now = await readoutValue(page, 'readout-step');
    const behind = await page.locator('[data-behind="true"]').count();
    if (now === step && behind === 0) return step;
    if (Date.now() > deadline)
      throw new Error(`the step never settled (last ${now}, ${behind} charts behind)`);
    step = now;
  }
}

/** The lab's URL for a link hash (without '#'). */
export function labUrl(baseUrl: string, hash = ''): string {
  return hash ? `${baseUrl}#${hash}` : baseUrl;
}

/** Losses of the first `count` steps of a fresh, paused run, pressing Step as a person would. */
export async function firstLosses(lab: LabPage, count: number): Promise<number[]> {
  const { page } = lab;
  await waitForReadout(page, 'readout-step', () => true);
  await page
    .getByTestId('pause')
    .click()
    .catch(() => undefined);
  await page.getByTestId('reset').click();
  await waitForReadout(page, 'readout-step', (step) => step === 0);
  const losses: number[] = [];
  for (let step = 1; step <= count; step++) {
    await page.getByTestId('step').click();
    await waitForReadout(page, 'readout-step', (s) => s === step);
    losses.push(await readoutValue(page, 'readout-loss'));
  }
  return losses;
}

/** Losses of the first `count` steps of `config` through the engine in Node (the CLI's path, tf.js wasm). */
export async function nodeLosses(config: TrainConfig, count: number): Promise<number[]> {
  const losses: number[] = [];
  const trainer = await createNodeTrainer((event) => {
    if (event.type === 'snapshot' && event.snapshot.step > 0) losses.push(event.snapshot.loss);
  });
  await trainer.handle({ type: 'configure', runId: 1, config });
  for (let i = 0; i < count; i++) await trainer.handle({ type: 'step', runId: 1 });
  await trainer.handle({ type: 'dispose', runId: 1 });
  return losses;
}
