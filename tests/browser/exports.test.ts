import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LabPage, openLab } from './chromium';
import { labUrl, readoutValue, settledStep, waitForReadout } from './lab';

/** Every chart panel's test id and title (the export buttons are named after the title). */
const CHARTS = [
  ['chart-hypersphere', 'Embeddings on the hypersphere'],
  ['chart-forces', 'Forces on the anchor'],
  ['chart-negative-weights', 'Weight of each negative'],
  ['chart-similarity', 'Similarity matrix of the batch'],
  ['chart-metrics', 'Metrics over time'],
  ['chart-align-uniform', 'Alignment and uniformity'],
  ['chart-similarity-histogram', 'Distribution of similarities'],
] as const;

/** Exported charts kept as test artefacts, to look at before a release. */
const EXPORTS = 'test-results/exports';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('exports in Chromium (production build)', () => {
  let lab: LabPage;

  /**
   * When the latest downloads began: Chromium drops a frame's download requests beyond 10 a second (its "throttle
   * url download requests from a RenderFrame"; Chromium 156 here dropped the 11th of a quick series), a pace no
   * person clicks at, so the tests keep under it.
   */
  const started: number[] = [];
  const DOWNLOADS_PER_SECOND = 10;

  /** Clicks (or presses Enter on) `target` and returns the file it downloads. */
  async function download(target: Locator, how: 'click' | 'enter' = 'click') {
    // the one nine back: once it is over a second old, this one is at most the tenth in any second
    const ninthLast = started.at(-(DOWNLOADS_PER_SECOND - 1));
    if (ninthLast !== undefined) {
      const wait = ninthLast + 1100 - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    started.push(performance.now());
    const [file] = await Promise.all([
      lab.page.waitForEvent('download', { timeout: 30_000 }),
      how === 'click' ? target.click() : target.press('Enter'),
    ]);
    const path = await file.path();
    const bytes = readFileSync(path);
    if (/\.(png|svg)$/.test(file.suggestedFilename()))
      writeFileSync(`${EXPORTS}/${file.suggestedFilename()}`, bytes);
    return { name: file.suggestedFilename(), path, bytes };
  }

  /** The page's reading of an image file: its size once decoded (0 x 0 when it does not decode). */
  function decodeInPage(bytes: Buffer, mimeType: string): Promise<{ width: number; height: number }> {
    return lab.page.evaluate(
      async ({ base64, mimeType }) => {
        const image = new Image();
        image.src = `data:${mimeType};base64,${base64}`;
        try {
          await image.decode();
        } catch {
          return { width: 0, height: 0 };
        }
        return { width: image.naturalWidth, height: image.naturalHeight };
      },
      { base64: bytes.toString('base64'), mimeType },
    );
  }

  beforeAll(async () => {
    mkdirSync(EXPORTS, { recursive: true });
    lab = await openLab(inject('baseUrl'));
    await lab.page.goto(labUrl(inject('baseUrl')));
    await waitForReadout(lab.page, 'readout-step', (step) => step > 30);
    // paused, so that 2 shared cores spend their time on the exports
    await lab.page.getByTestId('pause').click();
    await lab.page.waitForSelector('[data-testid="pause"]:disabled');
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('every chart downloads a PNG that decodes, named after the chart and the step', async () => {
    const { page } = lab;
    const step = await settledStep(page);
    for (const [chart, title] of CHARTS) {
      const button = page.getByTestId(`${chart}-export-png`);
      expect(await button.getAttribute('aria-label')).toBe(`Export ${title} as PNG`);
      const file = await download(button);
      expect(file.name).toBe(`infonce-${chart.slice('chart-'.length)}-step${step}.png`);
      expect([...file.bytes.subarray(0, 8)], chart).toEqual(PNG_SIGNATURE);
      const size = await decodeInPage(file.bytes, 'image/png');
      expect(size.width, chart).toBeGreaterThan(0);
      expect(size.height, chart).toBeGreaterThan(0);
    }
  });

  it('every chart downloads a well-formed standalone SVG (keyboard: Enter on the button)', async () => {
    const { page } = lab;
    for (const [chart] of CHARTS) {
      const file = await download(page.getByTestId(`${chart}-export-svg`), 'enter');
      expect(file.name).toMatch(new RegExp(`^infonce-${chart.slice('chart-'.length)}-step\\d+\\.svg$`));
      const parsed = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        const root = doc.documentElement;
        return {
          error: doc.querySelector('parsererror')?.textContent ?? null,
          root: root.localName,
          namespace: root.namespaceURI,
          width: Number(root.getAttribute('width')),
          height: Number(root.getAttribute('height')),
          images: root.querySelectorAll('image').length,
          pngImages: Array.from(root.querySelectorAll('image')).filter((image) =>
            image.getAttribute('href')?.startsWith('data:image/png;base64,'),
          ).length,
          layers: root.querySelectorAll(':scope > svg').length,
        };
      }, file.bytes.toString('utf8'));
      expect(parsed.error, chart).toBeNull();
      expect(parsed.root).toBe('svg');
      expect(parsed.namespace).toBe('http://www.w3.org/2000/svg');
      expect(parsed.width).toBeGreaterThan(0);
      expect(parsed.height).toBeGreaterThan(0);
      expect(parsed.layers, chart).toBeGreaterThan(0); // each drawing of the panel, clipped to its box
      expect(parsed.pngImages).toBe(parsed.images); // a raster by nature (heatmap, dense scatter) only
      if (chart === 'chart-metrics') expect(parsed.images).toBe(0); // vector marks (exportsVector.test.ts)
      // standalone: it renders on its own, at its declared size
      const size = await decodeInPage(file.bytes, 'image/svg+xml');
      expect(size.width, chart).toBeCloseTo(parsed.width, 0);
    }
  });

  it('downloads the metric history as CSV that parses back', async () => {
    const file = await download(lab.page.getByTestId('export-metrics-csv'));
    expect(file.name).toBe('infonce-metrics.csv');
    const [header, ...rows] = file.bytes.toString('utf8').trimEnd().split('\n');
    expect(header).toBe(
      'step,loss,alignment,uniformity,tolerance,knn_acc,effective_negatives,fn_share,fn_weight,sts_spearman',
    );
    expect(rows.length).toBeGreaterThan(0);
    const cells = rows.map((row) => row.split(',').map(Number));
    for (const row of cells) {
      expect(row).toHaveLength(10);
      expect(Number.isInteger(row[0])).toBe(true);
    }
    // sts_spearman is text mode's: NaN (a gap) on the clusters
    expect(cells.at(-1)?.slice(0, -1).every(Number.isFinite)).toBe(true);
    expect(cells.at(-1)?.at(-1)).toBeNaN();
    expect(cells.map((row) => row[0])).toEqual(
      [...cells.map((row) => row[0] as number)].sort((a, b) => a - b),
    );
  });

  it('downloads the display set as the Projector TSVs: vectors and labels of the same rows', async () => {
    const vectors = await download(lab.page.getByTestId('export-embeddings-tsv'));
    const labels = await download(lab.page.getByTestId('export-labels-tsv'));
    expect(vectors.name).toBe('infonce-embeddings.tsv');
    expect(labels.name).toBe('infonce-labels.tsv');
    const points = vectors.bytes
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((line) => line.split('\t').map(Number));
    const [header, ...named] = labels.bytes.toString('utf8').trimEnd().split('\n');
    expect(header).toBe('label\tclass_name');
    expect(points.length).toBeGreaterThan(100);
    expect(named).toHaveLength(points.length);
    for (const point of points) {
      expect(point).toHaveLength(3); // the default output dimension
      expect(Math.hypot(...point)).toBeCloseTo(1, 4); // unit vectors
    }
    for (const line of named) expect(line).toMatch(/^\d+\t[A-H]$/); // 8 clusters, named A to H
  });

  it('downloads the weights and loads the same file back: no error, and training goes on', async () => {
    const { page } = lab;
    const file = await download(page.getByTestId('export-weights'));
    const step = await readoutValue(page, 'readout-step');
    expect(file.name).toBe(`infonce-weights-step${step}.json`);
    const json = JSON.parse(file.bytes.toString('utf8'));
    expect(json.format).toBe('infonce-lab-weights');
    expect(json.layers).toHaveLength(4);
    await page.getByTestId('import-weights-file').setInputFiles(file.path);
    await expect
      .poll(() => page.getByTestId('warnings').textContent(), { timeout: 20_000 })
      .toMatch(new RegExp(`Loaded the weights of step ${step} from the file.*fresh Adam optimiser`));
    expect(await page.locator('[data-code="BAD_WEIGHTS"]').count()).toBe(0);
    expect(await readoutValue(page, 'readout-step')).toBe(step);
    await page.getByTestId('play').click();
    await waitForReadout(page, 'readout-step', (s) => s > step + 10);
    await page.getByTestId('pause').click();
  });

  it('refuses a broken weights file in the page, naming the reason', async () => {
    const { page } = lab;
    const input = page.getByTestId('import-weights-file');
    await input.setInputFiles({
      name: 'model.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ format: 'keras', layers: [] })),
    });
    const refusal = page.locator('[data-code="BAD_WEIGHTS"]');
    await refusal.first().waitFor({ state: 'visible', timeout: 10_000 });
    expect(await refusal.first().textContent()).toMatch(
      /model\.json was not loaded: it is not an InfoNCE Lab weights file \(its format is "keras"\)/,
    );
    await input.setInputFiles({
      name: 'cut.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format":'),
    });
    // one banner at a time: the new refusal replaces the last
    await expect
      .poll(() => refusal.first().textContent())
      .toMatch(/cut\.json was not loaded: the file is not JSON/);
    expect(await refusal.count()).toBe(1);
    expect(await refusal.first().textContent()).toMatch(/^The weights were not loaded:/); // words, not a code
    expect(lab.consoleErrors).toEqual([]);
    expect(lab.pageErrors).toEqual([]);
    expect(lab.foreignRequests).toEqual([]);
  });

  it('a file of another model shape: plain words, the offer of its own settings, and accepting it loads', async () => {
    const { page } = lab;
    const file = await download(page.getByTestId('export-weights')); // the default model: output dimension 3
    // a new document: the previous test's refusal must not be the banner this one reads
    await page.goto('about:blank');
    await page.goto(labUrl(inject('baseUrl'), 'dim=8'));
    await waitForReadout(page, 'readout-step', (step) => step >= 0);
    await page.getByTestId('import-weights-file').setInputFiles(file.path);
    const refusal = page.locator('[data-code="BAD_WEIGHTS"]');
    await refusal.first().waitFor({ state: 'visible', timeout: 20_000 });
    const said = (await refusal.first().textContent()) ?? '';
    expect(said).toMatch(
      /^The weights were not loaded: the file holds a model of another shape \(layer widths 32 → 128 → 3\) than this run's \(32 → 128 → 8\)/,
    );
    expect(said).not.toContain('BAD_WEIGHTS');
    expect(said).toMatch(/Output dimension 3 \(this run: 8\)/);
    await page.getByTestId('weights-use-file-settings').click();
    await expect
      .poll(() => page.getByTestId('warnings').textContent(), { timeout: 30_000 })
      .toMatch(/Loaded the weights of step \d+ from the file/);
    expect(await refusal.count()).toBe(0);
    expect(await page.getByTestId('control-dimension').inputValue()).toBe('3');
    expect(lab.pageErrors).toEqual([]);
  });
});
