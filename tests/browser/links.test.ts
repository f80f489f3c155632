import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseLink } from '../../src/state/url';
import { type LabPage, openLab } from './chromium';
import { firstLosses, labUrl, nodeLosses, waitForReadout } from './lab';
import { serveDistUnder } from './staticServer';

const INJECTION = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>"\'';
const enc = encodeURIComponent;

/** Links that must open the lab with defaults for the bad fields and a warning naming them. */
const HOSTILE_LINKS: { name: string; hash: string; badFields: string[] }[] = [
  {
    name: 'markup and quotes in every field',
    hash: ['tau', 'batch', 'dropout', 'lr', 'dim', 'dataset', 'loss', 'backend', 'seed']
      .map((k) => `${k}=${enc(INJECTION)}`)
      .join('&'),
    badFields: ['tau', 'batch', 'dropout', 'lr', 'dim', 'dataset', 'loss', 'backend', 'seed'],
  },
  {
    name: 'NaN and Infinity',
    hash: 'tau=NaN&lr=Infinity&dropout=-Infinity',
    badFields: ['tau', 'lr', 'dropout'],
  },
  // out of range: clamped to the nearest allowed value (tau to 1e-4) and named
  {
    name: 'negative and huge numbers',
    hash: 'tau=-5&batch=-7&dropout=7&seed=1e300',
    badFields: ['tau', 'batch', 'dropout', 'seed'],
  },
  { name: 'unknown version and keys', hash: `v=999&${enc('<b>x</b>')}=1&__proto__=1`, badFields: ['v'] },
  {
    name: 'unicode and broken escapes',
    hash: `tau=${enc('٠٫٥😀')}&loss=%E0%A4%A&seed=${enc('１２')}`,
    badFields: ['tau', 'loss', 'seed'],
  },
  { name: 'a 100 KB link', hash: `tau=0.5&junk=${'A'.repeat(100_000)}`, badFields: [''] },
];

describe('share links in Chromium', () => {
  let lab: LabPage;
  beforeAll(async () => {
    lab = await openLab(inject('baseUrl'));
  });
  afterAll(async () => {
    await lab?.close();
  });

  for (const link of HOSTILE_LINKS) {
    it(`a hostile link (${link.name}) opens the lab with defaults and a warning naming the bad fields`, async () => {
      const { page } = lab;
      await page.goto('about:blank');
      await page.goto(labUrl(inject('baseUrl'), link.hash));
      await waitForReadout(page, 'readout-step', (step) => step >= 0);
      const warned = await page
        .locator('[data-testid="warnings"] li')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-field') ?? ''));
      for (const field of link.badFields) expect(warned, `${link.name}: ${field}`).toContain(field);
      if (link.badFields.includes('tau')) {
        const clamped = link.name.startsWith('negative');
        expect(await page.getByTestId('control-temperature-value').inputValue()).toBe(
          clamped ? '1.00e-4' : '0.1',
        );
      }
      expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(
        await page.locator('[data-testid="warnings"] img, [data-testid="warnings"] script').count(),
      ).toBe(0);
      expect(lab.pageErrors).toEqual([]);
    });
  }

  it('Back and forward restore the experiment; a pasted link applies without a reload', async () => {
    const { page } = lab;
    await page.goto('about:blank');
    await page.goto(labUrl(inject('baseUrl'), 'tau=0.2'));
    await waitForReadout(page, 'readout-step', (step) => step > 0);
    await page.evaluate(() => {
      (window as { __sameDocument?: boolean }).__sameDocument = true;
    });
    await page.getByTestId('control-dataset').selectOption('digits');
    await expect.poll(() => page.url()).toContain('dataset=digits');
    await page.goBack();
    await expect.poll(() => page.getByTestId('control-dataset').inputValue()).toBe('clusters');
    await page.goForward();
    await expect.poll(() => page.getByTestId('control-dataset').inputValue()).toBe('digits');
    await page.evaluate(() => {
      window.location.hash = 'tau=0.5&dim=2';
    });
    await expect.poll(() => page.getByTestId('control-temperature-value').inputValue()).toBe('0.5');
    expect(await page.getByTestId('control-dimension').inputValue()).toBe('2');
    expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  });

  it('the shared link reproduces the run: same config and the same first 20 losses, in a fresh page and in Node', async () => {
    await lab.page.goto('about:blank');
    await lab.page.goto(labUrl(inject('baseUrl'), 'backend=wasm&seed=5&batch=32&tau=0.2&dim=3'));
    const original = await firstLosses(lab, 20);
    await lab.page.getByTestId('share').click();
    const link = await lab.page.getByTestId('share-link').inputValue();
    expect(link).toContain('seed=5');

    const fresh = await openLab(inject('baseUrl'));
    try {
      await fresh.page.goto(link);
      expect(await fresh.page.getByTestId('control-temperature-value').inputValue()).toBe('0.2');
      const replayed = await firstLosses(fresh, 20);
      expect(replayed).toEqual(original);
    } finally {
      await fresh.close();
    }

    // The same link through the engine in Node (the CLI's path): tf.js wasm there too.
    const losses = await nodeLosses(parseLink(link).state.config, 20);
    losses.forEach((loss, i) => {
      expect(Math.abs(loss - (original[i] as number))).toBeLessThanOrEqual(1e-5 * Math.abs(loss));
    });
  });

  it('works from a sub-path of a static host', async () => {
    const server = await serveDistUnder('/some/sub/path/');
    const hosted = await openLab(server.url);
    try {
      await hosted.page.goto(`${server.url}#backend=wasm&dataset=digits&batch=32`);
      await waitForReadout(hosted.page, 'readout-step', (step) => step > 5);
      expect(await hosted.page.getByTestId('warnings').textContent()).toBe('');
      expect(hosted.pageErrors).toEqual([]);
      expect(hosted.foreignRequests).toEqual([]);
      expect(server.misses()).toEqual([]);
    } finally {
      await hosted.close();
      await server.close();
    }
  });
});
