// Launches Debian's Chromium through playwright-core with the flags that work on these machines
// (PLATFORM.md), records console errors and page errors, and refuses every request beyond the page's origin.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
  '--enable-unsafe-swiftshader',
];

/** The window every lab page opens in (the benchmark's visits start from it too). */
export const LAB_VIEWPORT = { width: 1280, height: 900 } as const;

/** A browser page plus what it said: console errors, uncaught errors and requests to other origins. */
export interface LabPage {
  readonly page: Page;
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  readonly foreignRequests: string[];
  close(): Promise<void>;
}

/** Opens a fresh Chromium profile with one page; every request outside `baseUrl`'s origin is aborted. */
export async function openLab(baseUrl: string): Promise<LabPage> {
  const profile = mkdtempSync(join(tmpdir(), 'infonce-lab-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: LAB_VIEWPORT,
    acceptDownloads: true,
  });
  const origin = new URL(baseUrl).origin;
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const foreignRequests: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    foreignRequests.push(url);
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  return {
    page,
    consoleErrors,
    pageErrors,
    foreignRequests,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
