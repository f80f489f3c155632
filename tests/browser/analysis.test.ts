// Analysis mode in Chromium: the lab's own Projector TSVs, downloaded from the export panel, load back into the
// analysis panel and read back with the uniformity and tolerance the lab showed for the same display set; a
// malformed file is refused with its line-numbered reasons (as text) and the analysis stays; tau at 1e-4 and
// 1e4 gives finite numbers; nothing is requested from another origin.
import { readFileSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseVectorsTsv } from '../../src/analysis/projectorTsv';
import { uniformity as coreUniformity } from '../../src/core/geometry';
import { METRIC_POINTS } from '../../src/engine/runData';
import { type LabPage, openLab } from './chromium';
import { labUrl, readoutValue, settledStep, waitForReadout } from './lab';

describe('analysis mode in Chromium (production build)', () => {
  let lab: LabPage;
  /** the downloaded Projector files, under their suggested names */
  let vectorsFile = { name: '', mimeType: 'text/tab-separated-values', buffer: Buffer.alloc(0) };
  let labelsFile = vectorsFile;
  /** the lab's readouts for the display set the files hold */
  let labUniformity = Number.NaN;
  let labTolerance = Number.NaN;

  /** Clicks `target` and returns the file it downloads, named as the page named it. */
  async function download(target: Locator) {
    const [file] = await Promise.all([
      lab.page.waitForEvent('download', { timeout: 30_000 }),
      target.click(),
    ]);
    const buffer = readFileSync(await file.path());
    return { name: file.suggestedFilename(), mimeType: 'text/tab-separated-values', buffer };
  }

  /** A readout of the analysis panel, once it holds a number. */
  async function analysisValue(id: string): Promise<number> {
    return waitForReadout(lab.page, `analysis-${id}`, Number.isFinite, 120_000);
  }

  beforeAll(async () => {
    lab = await openLab(inject('baseUrl'));
    // 8 output dimensions: the panel's sphere is then a PCA projection, as the hypersphere chart's; 32 classes
    // of 256 points: a display set of 2,048, which the lab measures uniformity on every 4th point of
    await lab.page.goto(labUrl(inject('baseUrl'), 'dim=8&classes=32'));
    await waitForReadout(lab.page, 'readout-step', (step) => step > 30);
    await lab.page.getByTestId('pause').click();
    await lab.page.waitForSelector('[data-testid="pause"]:disabled');
    const step = await settledStep(lab.page);
    // paused and settled: the round's snapshot (the readouts') is the store's (the exports')
    labUniformity = await readoutValue(lab.page, 'readout-uniformity');
    vectorsFile = await download(lab.page.getByTestId('export-embeddings-tsv'));
    labelsFile = await download(lab.page.getByTestId('export-labels-tsv'));
    // tolerance has no tile: the metric history's last row (the same snapshot) holds it
    const csv = (await download(lab.page.getByTestId('export-metrics-csv'))).buffer.toString('utf8');
    const [header = '', ...rows] = csv.trimEnd().split('\n');
    const last = (rows.at(-1) ?? '').split(',');
    const column = (name: string) => Number(last[header.split(',').indexOf(name)]);
    expect(column('step')).toBe(step);
    expect(column('uniformity')).toBe(labUniformity);
    labTolerance = column('tolerance');
  });
  afterAll(async () => {
    await lab?.close();
  });

  it("loads the lab's exported TSVs and shows the lab's uniformity and tolerance of that display set", async () => {
    const { page } = lab;
    await page.getByTestId('analysis-panel').locator('summary').click();
    expect([vectorsFile.name, labelsFile.name]).toEqual(['infonce-embeddings.tsv', 'infonce-labels.tsv']);
    await page.getByTestId('analysis-vectors-file').setInputFiles(vectorsFile);
    await page.getByTestId('analysis-metadata-file').setInputFiles(labelsFile);
    await page.getByTestId('analysis-load').click();
    const uniformity = await analysisValue('uniformity');
    // The lab measures uniformity on every ceil(n / 512)-th display point (engine/runData.ts), in float32 on its
    // backend; the panel on the same subset with core's float64 function: equal to 3 decimals.
    expect(uniformity).toBeCloseTo(labUniformity, 3);
    // And core's uniformity of that subset of the file, computed here in Node, to float32 rounding.
    const parsed = parseVectorsTsv(vectorsFile.buffer.toString('utf8'));
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    expect(uniformity).toBeCloseTo(coreUniformity(metricSubset(parsed.value), 2), 5);
    // The lab's tolerance is over the whole display set by label, as the panel's (label is the default column).
    expect(await page.getByTestId('analysis-label-column').inputValue()).toBe('0');
    expect(await analysisValue('tolerance')).toBeCloseTo(labTolerance, 3);
    const summary = (await page.getByTestId('analysis-summary').textContent()) ?? '';
    expect(parsed.value.rows).toBe(2048);
    expect(summary).toContain('2,048 points of 8 dimensions');
    expect(await page.getByTestId('analysis-alignment').textContent()).toContain('no pairs');
    expect(await page.getByTestId('analysis-sphere').locator('canvas').boundingBox()).not.toBeNull();
  });

  it('refuses a malformed file with its line-numbered reasons, shown as text, and keeps the analysis', async () => {
    const { page } = lab;
    const before = await readoutValue(page, 'analysis-uniformity');
    await page.getByTestId('analysis-metadata-file').setInputFiles([]);
    await page.getByTestId('analysis-vectors-file').setInputFiles({
      name: 'broken.tsv',
      mimeType: 'text/tab-separated-values',
      buffer: Buffer.from('0.1\t0.2\t0.3\n0.4\t0.5\n<img src=x onerror=alert(1)>\t1\t2\n1\tNaN\t2\n'),
    });
    await page.getByTestId('analysis-load').click();
    const problems = page.getByTestId('analysis-problems');
    await problems.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await problems.locator('li').allTextContents()).toEqual([
      'line 2: 2 values, expected 3',
      "line 3: '<img src=x onerror=alert…' is not a number (column 1)",
      "line 4: 'NaN' is not a finite number (column 2)",
    ]);
    expect(await problems.locator('p').textContent()).toBe(
      'broken.tsv was not loaded; the analysis below is still that of infonce-embeddings.tsv:',
    );
    expect(await page.getByTestId('analysis-panel').locator('img').count()).toBe(0); // text, never HTML
    expect(await readoutValue(page, 'analysis-uniformity')).toBe(before);
    expect(await page.getByTestId('analysis-summary').textContent()).toContain('infonce-embeddings.tsv');
  });

  it('gives finite weights, effective negatives and false-negative shares at tau 1e-4 and 1e4', async () => {
    const { page } = lab;
    const rows = Number(
      /([\d,]+) points/
        .exec((await page.getByTestId('analysis-summary').textContent()) ?? '')?.[1]
        ?.replace(/,/g, ''),
    );
    await page.getByTestId('analysis-anchor-input').fill('5');
    await expect
      .poll(() => page.getByTestId('analysis-anchor').textContent())
      .toMatch(/^Anchor: row 5, label "\d+"/);
    const setTau = async (text: string) => {
      const input = page.getByTestId('analysis-tau-value');
      await input.fill(text);
      await input.press('Enter');
      await expect
        .poll(() => page.getByTestId('analysis-weights').locator('figcaption').textContent())
        .toContain(`tau = ${text === '0.0001' ? '1.00e-4' : '10000'}`);
    };
    await setTau('0.0001');
    const cold = {
      effective: await analysisValue('effective-negatives'),
      max: await analysisValue('max-weight'),
      fn: await analysisValue('fn-share'),
    };
    expect(cold.effective).toBeGreaterThanOrEqual(1);
    expect(cold.effective).toBeLessThan(1.5); // the hardest negative takes (nearly) all the weight
    expect(cold.max).toBeGreaterThan(0.5);
    expect(cold.fn).toBeGreaterThanOrEqual(0);
    expect(cold.fn).toBeLessThanOrEqual(1);
    await setTau('10000');
    const warm = await analysisValue('effective-negatives');
    expect(Math.abs(warm - (rows - 1))).toBeLessThan(1e-2); // every negative weighs the same
    expect(await analysisValue('max-weight')).toBeCloseTo(1 / (rows - 1), 6);
    expect(Number.isFinite(await analysisValue('fn-share'))).toBe(true);
  });

  it('requested nothing from another origin and raised no errors', () => {
    expect(lab.foreignRequests).toEqual([]);
    expect(lab.pageErrors).toEqual([]);
    expect(lab.consoleErrors).toEqual([]);
  });
});

/** The rows of the lab's metric subset, every ceil(n / 512)-th from row 0 (engine/runData.ts's rule). */
function metricSubset({
  rows,
  dim,
  values,
}: {
  rows: number;
  dim: number;
  values: Float32Array;
}): number[][] {
  const stride = Math.max(1, Math.ceil(rows / METRIC_POINTS));
  const out: number[][] = [];
  for (let row = 0; row < rows; row += stride)
    out.push(Array.from(values.subarray(row * dim, (row + 1) * dim)));
  return out;
}
