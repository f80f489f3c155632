// The page's hand-off buttons in real Chromium against the production build: the PyTorch script of the running
// experiment (its link and its current step count written in, its data embedded) runs under Python with PyTorch
// and prints `npm run train`'s keys; the sentence-transformers script compiles.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PYTHON } from '../engine/pytorchHarness';
import { type LabPage, openLab } from './chromium';
import { labUrl, settledStep, waitForReadout } from './lab';

describe('hand-off exports in Chromium (production build)', () => {
  let lab: LabPage;
  const folder = mkdtempSync(join(tmpdir(), 'infonce-handoff-'));
  beforeAll(async () => {
    lab = await openLab(inject('baseUrl'));
  });
  afterAll(async () => {
    await lab?.close();
  });

  async function download(target: Locator): Promise<{ name: string; path: string; text: string }> {
    const [file] = await Promise.all([
      lab.page.waitForEvent('download', { timeout: 60_000 }),
      target.click(),
    ]);
    const path = join(folder, file.suggestedFilename());
    await file.saveAs(path);
    return { name: file.suggestedFilename(), path, text: readFileSync(path, 'utf8') };
  }

  it('the PyTorch script carries the link and the current step count, and runs', async () => {
    const { page } = lab;
    await page.goto(labUrl(inject('baseUrl'), 'backend=wasm&tau=0.2&batch=32'));
    await waitForReadout(page, 'readout-step', (step) => step >= 30, 90_000);
    await page.getByTestId('pause').click();
    const step = await settledStep(page);
    const script = await download(page.getByTestId('export-pytorch'));
    expect(script.name).toBe('infonce_run.py');
    expect(script.text).toContain('tau=0.2');
    expect(script.text).toMatch(new RegExp(`STEPS = ${step}\\b`));
    // a short run of it: the JSON lines of npm run train's keys, the loss finite
    const out = execFileSync(PYTHON, [script.path, '--steps', '20'], { encoding: 'utf8', timeout: 120_000 });
    const lines = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const last = lines.at(-1) as Record<string, unknown>;
    for (const key of ['loss', 'alignment', 'uniformity', 'tolerance', 'knn_acc', 'effective_negatives'])
      expect(Number.isFinite(last[key]), key).toBe(true);
    expect(last.tau).toBe(0.2);
  });

  it('the sentence-transformers script compiles', async () => {
    const script = await download(lab.page.getByTestId('export-sentence-transformers'));
    expect(script.text).toContain('MultipleNegativesRankingLoss');
    execFileSync(PYTHON, ['-m', 'py_compile', script.path], { timeout: 60_000 });
    expect(lab.foreignRequests).toEqual([]);
  });
});
