import AxeBuilder from '@axe-core/playwright';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { openTestApp, type TestApp } from '../../test/app.ts';
import type { ImageStore } from '../../src/images/image-store.ts';

/**
 * What every browser test file shares: Debian's Chromium (as .ci/run installs it), the web app
 * (built once for the run, build.global.ts) served by a server on PGlite, pages that cannot reach
 * beyond this server, and axe. Each test file starts its own server, so files never share state.
 */
export const CHROMIUM = process.env.MINHBACH_CHROMIUM ?? '/usr/bin/chromium';
export const available = existsSync(CHROMIUM);
if (!available && process.env.CI === 'true') throw new Error(`CI=true but there is no Chromium at ${CHROMIUM}: .ci/run installs Debian's chromium`);

/** Where the e2e run saves a screenshot of each screen, shown in the README. */
export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../docs/screenshots');

export interface Portal {
  t: TestApp;
  base: string;
  browser: Browser;
  /** A new browser context (own cookies and storage) on `path`, Vietnamese and Hanoi time unless told. */
  open(path: string, options?: { viewport?: { width: number; height: number }; lang?: 'vi' | 'en' }): Promise<Page>;
  close(): Promise<void>;
}

export async function startPortal(options: { dumpsDir?: string; imageStore?: ImageStore } = {}): Promise<Portal> {
  // Built once for the whole project (build.global.ts).
  const t = await openTestApp({ webRoot: inject('webRoot'), limits: false, ...options });
  const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    t,
    base,
    browser,
    async open(where, options = {}) {
      const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
      // Nothing leaves the machine: only this server answers.
      await context.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => route.abort());
      if (options.lang) await context.addInitScript((l) => localStorage.setItem('minhbach.lang', l), options.lang);
      const page = await context.newPage();
      await page.goto(base + where);
      return page;
    },
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

/** axe-core on the page as it stands: no serious or critical WCAG 2.2 AA violation. */
export async function expectAccessible(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Saves `docs/screenshots/<name>-<lang>.png` once nothing on the page is loading any more. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await expect.poll(() => page.locator('p[role="status"]', { hasText: /^(Đang tải|Loading)/ }).count()).toBe(0);
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
