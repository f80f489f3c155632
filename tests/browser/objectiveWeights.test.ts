// Each objective's own weights on the page, in Chromium against the production build: under DCL and the triplet
// loss the weights chart's autograd check and the forces chart's sum check read what the engine tests hold
// (float32 agreement), and the triplet's effective negatives are its one mined negative, not InfoNCE's softmax.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/protocol/config';
import { DEFAULT_VIEW_CONFIG } from '../../src/state/schema';
import { serializeLink } from '../../src/state/url';
import { type LabPage, openLab } from './chromium';
import { labUrl, readoutValue, waitForReadout } from './lab';

/** The setup: digits in 2 dimensions at tau 0.02, where InfoNCE's weights were 49000% off DCL's. */
const SETUP: Partial<TrainConfig> = { dataset: 'digits', dim: 2, tau: 0.02 };

/** The captions' numbers: the weights check's max relative difference, the forces' percent apart. */
async function checks(lab: LabPage): Promise<{ weights: number; forcesPercent: number; text: string }> {
  const weightsText = (await lab.page.getByTestId('gradient-check-summary').textContent()) ?? '';
  const forcesText = (await lab.page.getByTestId('forces-summary').textContent()) ?? '';
  const weights = /Max relative difference (\S+) over/.exec(weightsText)?.[1];
  const forces = /sum vs autograd gradient: (\S+)% apart/.exec(forcesText)?.[1];
  return {
    weights: Number(weights ?? Number.NaN),
    forcesPercent: Number(forces ?? Number.NaN),
    text: `${weightsText} | ${forcesText}`,
  };
}

describe("each objective's own weights in Chromium", () => {
  let lab: LabPage;
  beforeAll(async () => {
    lab = await openLab(inject('baseUrl'));
  });
  afterAll(async () => {
    await lab?.close();
  });

  for (const loss of ['dcl', 'triplet'] as const) {
    it(`${loss}: the weights check and the forces' sum check agree with autograd to float32`, async () => {
      const { page } = lab;
      const hash = serializeLink({
        config: { ...DEFAULT_TRAIN_CONFIG, ...SETUP, loss },
        view: DEFAULT_VIEW_CONFIG,
      });
      await page.goto('about:blank');
      await page.goto(labUrl(inject('baseUrl'), hash));
      await waitForReadout(page, 'readout-step', (step) => step >= 30);
      // three readings some way apart, each of one snapshot's captions; a triplet anchor whose hinge is closed
      // has no gradient to compare (both captions say so), so the reading moves to the next anchor row
      for (let reading = 0, tries = 0; reading < 3; tries++) {
        const read = await checks(lab);
        const closed = /No negative of this anchor gets any gradient/.test(read.text);
        if (loss === 'triplet' && closed && tries < 40) {
          expect(read.text).toMatch(/sum 0/);
          await page.getByRole('button', { name: 'Next anchor row' }).first().click();
          await page.waitForTimeout(200);
          continue;
        }
        expect(read.weights, read.text).toBeLessThan(1e-2);
        expect(read.forcesPercent, read.text).toBeLessThan(1);
        reading++;
        await page.waitForTimeout(700);
      }
      const effective = await readoutValue(page, 'readout-effective-negatives');
      if (loss === 'triplet') {
        // one mined negative per anchor, or none where the hinge is closed
        expect(effective).toBeGreaterThanOrEqual(0);
        expect(effective).toBeLessThanOrEqual(1 + 1e-6);
      } else {
        expect(effective).toBeGreaterThan(0);
      }
      expect(lab.pageErrors).toEqual([]);
    });
  }
});
