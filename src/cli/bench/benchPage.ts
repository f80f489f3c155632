// Calls the harness of dist/bench.html (src/bench) from Node. Every measurement starts from a fresh load of the
// page, so no run inherits another's tf.js state, compiled kernels or heap.
import type { Page } from 'playwright-core';
import type { ScalingRequest, ScalingResult, SpeedRequest, SpeedResult } from '../../bench/api';
import type { AdapterInfo } from '../../protocol/snapshot';

/** The harness of one browser page. */
export class BenchPage {
  constructor(
    private readonly page: Page,
    private readonly url: string,
  ) {}

  private async fresh(): Promise<void> {
    await this.page.goto(this.url, { waitUntil: 'load' });
    await this.page.waitForFunction(() => window.bench?.ready === true, null, { timeout: 30_000 });
  }

  /** Steps/s of the real worker with snapshots on (the `engine` figure). */
  async engine(request: SpeedRequest): Promise<SpeedResult> {
    await this.fresh();
    return this.page.evaluate((r) => (window.bench as NonNullable<Window['bench']>).engine(r), request);
  }

  /** Steps/s of the naive main-thread loop on the textbook model and loss (the `naive` figure). */
  async naive(request: SpeedRequest): Promise<SpeedResult> {
    await this.fresh();
    return this.page.evaluate((r) => (window.bench as NonNullable<Window['bench']>).naive(r), request);
  }

  /** Steps/s of the naive loop on the engine's model and loss (the `naive_engine_code` figure). */
  async naiveEngineCode(request: SpeedRequest): Promise<SpeedResult> {
    await this.fresh();
    return this.page.evaluate(
      (r) => (window.bench as NonNullable<Window['bench']>).naiveEngineCode(r),
      request,
    );
  }

  /** ms per step at one grid point (the `scaling` figure). */
  async scaling(request: ScalingRequest): Promise<ScalingResult> {
    await this.fresh();
    return this.page.evaluate((r) => (window.bench as NonNullable<Window['bench']>).scaling(r), request);
  }

  /** The browser's WebGPU adapter (null without one) and its full version (the user agent hides it). */
  async browserInfo(): Promise<{ adapter: AdapterInfo | null; browser: string }> {
    await this.fresh();
    const adapter = await this.page.evaluate(() => (window.bench as NonNullable<Window['bench']>).adapter());
    const cdp = await this.page.context().newCDPSession(this.page);
    try {
      const { product } = await cdp.send('Browser.getVersion');
      return { adapter, browser: product };
    } finally {
      await cdp.detach();
    }
  }
}
