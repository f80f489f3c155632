// The person's own sentences in Chromium: a good file is previewed, then trained on once confirmed
// (dataset=mine); malformed files are refused with line-numbered reasons while the running experiment goes on
// untouched; the sentences survive a reload, "Forget my data" removes them (after a reload too), a link with
// dataset=mine in a browser that holds none opens with the default data set and a warning, and a sentence of
// markup is shown as text.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LabPage, openLab } from './chromium';
import { labUrl, readoutValue, waitForReadout } from './lab';

const MARKUP = '<img src=x onerror=alert(1)>';
/** 30 sentences, two labelled topics, one of them markup. */
const GOOD_CSV = [
  'sentence,label',
  `${MARKUP},cats`,
  ...Array.from({ length: 29 }, (_, i) =>
    i % 2 ? `the cat ${i} sleeps on the warm mat,cats` : `"a red car ${i}, very fast",cars`,
  ),
].join('\n');
// small: the text encoder trains a few steps a second here
const SMALL = 'dataset=sentences&dim=16&batch=8&width=32&heads=4&layers=1&maxlen=16';

function file(name: string, content: string | Buffer) {
  return {
    name,
    mimeType: 'text/plain',
    buffer: typeof content === 'string' ? Buffer.from(content) : content,
  };
}

describe('your own sentences in Chromium (production build)', () => {
  let lab: LabPage;

  beforeAll(async () => {
    lab = await openLab(inject('baseUrl'));
    await lab.page.goto(labUrl(inject('baseUrl'), SMALL));
    await waitForReadout(lab.page, 'readout-step', (step) => step > 0, 120_000);
  }, 150_000);
  afterAll(async () => {
    await lab?.close();
  });

  it('refuses malformed files with line-numbered reasons and leaves the running experiment alone', async () => {
    const { page } = lab;
    await page.getByTestId('import-panel').locator('summary').click();
    const hash = await page.evaluate(() => window.location.hash);
    const before = await readoutValue(page, 'readout-step');
    const cases: [string, string | Buffer, RegExp[]][] = [
      ['binary.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]), [/binary file/]],
      ['columns.csv', 'a,b\nc,d,e\nf', [/line 2: 3 values, expected 2/, /line 3: 1 values, expected 2/]],
      [
        'long.txt',
        `fine\n${'x'.repeat(301)}\n\nfine too`,
        [/line 2: too long: 301 characters/, /line 3: empty/],
      ],
      [
        'latin1.txt',
        Buffer.concat([
          Buffer.from('good line\n'),
          Buffer.from([0x63, 0x61, 0x66, 0xe9]),
          Buffer.from('\nok'),
        ]),
        [/line 2: not UTF-8 text/],
      ],
    ];
    for (const [name, content, reasons] of cases) {
      await page.getByTestId('import-file').setInputFiles(file(name, content));
      const problems = page.getByTestId('import-problems');
      await expect.poll(() => problems.textContent()).toContain(`${name} was not loaded`);
      const text = (await problems.textContent()) ?? '';
      for (const reason of reasons) expect(text, name).toMatch(reason);
      expect(await page.getByTestId('import-confirm').count()).toBe(0);
    }
    // the same run: its steps went on from where they were, and the link (the config) did not change
    await waitForReadout(page, 'readout-step', (step) => step > before);
    expect(await page.evaluate(() => window.location.hash)).toBe(hash);
    expect(await page.getByTestId('control-dataset').inputValue()).toBe('sentences');
  }, 120_000);

  it('previews a good file, trains on it once confirmed, and shows markup as text', async () => {
    const { page } = lab;
    const preview = page.getByTestId('import-preview');
    // pasted lines: no labels, so the classes are length groups
    const pasted = Array.from({ length: 24 }, (_, i) => `pasted sentence ${i}${' more'.repeat(i % 4)}`);
    await page.getByTestId('import-paste').fill(pasted.join('\n'));
    await page.getByTestId('import-read-paste').click();
    await expect
      .poll(() => preview.textContent())
      .toContain(
        '24 sentences from pasted text; no labels: 4 length groups (3 words, 4 words, 5 words, 6 words)',
      );
    // a file dropped on the card is read as one chosen
    await page.getByTestId('import-panel').evaluate((panel, csv) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([csv], 'topics.csv', { type: 'text/csv' }));
      panel.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, GOOD_CSV);
    await expect
      .poll(() => preview.textContent())
      .toContain('30 sentences from topics.csv; 2 labels from the file');
    // the markup is a text node of the preview, not an element
    expect(await preview.locator('img').count()).toBe(0);
    expect(await preview.textContent()).toContain(MARKUP);
    expect(await page.getByTestId('control-dataset').inputValue()).toBe('sentences'); // nothing changed yet
    await page.getByTestId('import-confirm').click();
    await expect.poll(() => page.getByTestId('control-dataset').inputValue()).toBe('mine');
    const option = page.getByTestId('control-dataset').locator('option[value="mine"]');
    expect(await option.textContent()).toBe('Your sentences');
    await waitForReadout(page, 'readout-step', (step) => step >= 3, 120_000);
    expect(await page.evaluate(() => window.location.hash)).toContain('dataset=mine');
    expect(lab.pageErrors).toEqual([]);
    expect(lab.foreignRequests).toEqual([]);
  }, 180_000);

  it('keeps the sentences across a reload, says the link cannot carry them, and forgets them', async () => {
    const { page } = lab;
    await page.reload();
    await expect
      .poll(() => page.getByTestId('control-dataset').inputValue(), { timeout: 60_000 })
      .toBe('mine');
    await waitForReadout(page, 'readout-step', (step) => step > 0, 120_000);
    const stored = page.getByTestId('import-stored-counts');
    await expect.poll(() => stored.textContent()).toContain('30 sentences from topics.csv');
    await page.getByTestId('share').click();
    expect(await page.getByTestId('share-note').textContent()).toContain('does not carry your sentences');
    await page.getByTestId('import-forget').click();
    await expect.poll(() => page.getByTestId('control-dataset').inputValue()).toBe('sentences');
    expect(await page.getByTestId('import-stored-none').textContent()).toContain('No sentences of yours');
    await page.reload();
    await page.getByTestId('import-panel').locator('summary').click();
    await expect
      .poll(() => page.getByTestId('import-stored-none').textContent(), { timeout: 60_000 })
      .toContain('No sentences of yours');
    // a link that names dataset=mine, in a browser that holds none: the default data set and a warning
    await page.goto(labUrl(inject('baseUrl'), 'dataset=mine&seed=3'));
    await page.reload();
    await expect
      .poll(() => page.getByTestId('warnings').textContent(), { timeout: 60_000 })
      .toContain('dataset: mine (your sentences) is kept only in the browser that imported them');
    expect(await page.getByTestId('control-dataset').inputValue()).toBe('clusters');
    // the link was repaired in place: Back does not return to a run that cannot load
    expect(await page.evaluate(() => window.location.hash)).toMatch(/seed=3&dataset=clusters&/);
    await page.goBack();
    await expect.poll(() => page.evaluate(() => window.location.hash)).not.toContain('seed=3');
    expect(await page.evaluate(() => window.location.hash)).not.toContain('dataset=mine');
  }, 240_000);

  it("keeps analysis mode's last files across a reload, until they are forgotten", async () => {
    const { page } = lab;
    const vectors = Array.from({ length: 40 }, (_, i) =>
      [Math.cos(i), Math.sin(i), Math.cos(2 * i), (i % 5) - 2].join('\t'),
    ).join('\n');
    const openPanel = () => page.getByTestId('analysis-panel').locator('summary').click();
    await openPanel();
    await page.getByTestId('analysis-vectors-file').setInputFiles(file('mine.tsv', vectors));
    await page.getByTestId('analysis-load').click();
    const uniformity = await waitForReadout(page, 'analysis-uniformity', Number.isFinite, 60_000);
    await expect.poll(() => page.getByTestId('analysis-kept').textContent()).toContain('mine.tsv are kept');
    await page.reload();
    await openPanel();
    // read again from the kept file: the same points, the same number
    expect(await waitForReadout(page, 'analysis-uniformity', Number.isFinite, 60_000)).toBe(uniformity);
    await page.getByTestId('analysis-forget').click();
    await page.reload();
    await openPanel();
    await expect
      .poll(() => page.getByTestId('analysis-kept').textContent(), { timeout: 30_000 })
      .toContain('Files that load are kept');
    expect(await page.getByTestId('analysis-uniformity').count()).toBe(0);
  }, 180_000);
});
