// Helpers for reading the lab page's live readouts in browser tests.
import type { Page } from 'playwright-core';

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

/** The lab's URL for a link hash (without '#'). */
export function labUrl(baseUrl: string, hash = ''): string {
  return hash ? `${baseUrl}#${hash}` : baseUrl;
}
