import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LabPage, openLab } from './chromium';

describe('the production build in Chromium', () => {
  let lab: LabPage;
  beforeAll(async () => {
    lab = await openLab(inject('baseUrl'));
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('shows the title and the empty layout with no console error', async () => {
    await lab.page.goto(inject('baseUrl'));
    await expect(lab.page.title()).resolves.toBe('InfoNCE Lab');
    await lab.page.getByRole('heading', { name: 'InfoNCE Lab' }).waitFor();
    expect(await lab.page.getByTestId('controls').count()).toBe(1);
    expect(await lab.page.getByTestId('chart-hypersphere').count()).toBe(1);
    expect(lab.consoleErrors).toEqual([]);
    expect(lab.pageErrors).toEqual([]);
    expect(lab.foreignRequests).toEqual([]);
  });
});
