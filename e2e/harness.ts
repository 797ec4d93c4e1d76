/**
 * startSite(): the real app listening on a free port over a fresh, migrated database with the
 * demo data (in-memory PGlite, or a new database on TEST_DATABASE_URL), and Debian's Chromium
 * driven by playwright-core. Call it with top-level await in a spec file; afterAll stops both.
 */
import type { AddressInfo } from 'node:net';
import { afterAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { build, type TestContext } from '../test/helpers.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.ts';

export { DEMO_PASSWORD, TestClock } from '../test/helpers.ts';

export { CHROMIUM, CHROMIUM_ARGS };

export interface Site extends TestContext {
  /** http://localhost:PORT: localhost is a secure context, so the Secure session cookie is kept. */
  baseUrl: string;
  browser: Browser;
  /** A fresh browser context (own cookies) with the base URL set; closed with the site. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a fresh context: JavaScript on or off, at a given viewport. */
  newPage(options?: { javaScript?: boolean; width?: number; height?: number }): Promise<Page>;
}

const noJavaScript = new WeakSet<BrowserContext>();

/** True for pages in a context made with JavaScript disabled (the no-JS resident). */
export function isJavaScriptOff(page: Page): boolean {
  return noJavaScript.has(page.context());
}

export async function startSite(options: { now?: Date | string } = {}): Promise<Site> {
  const context = await build({ now: options.now });
  await context.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = context.app.server.address() as AddressInfo;
  const baseUrl = `http://localhost:${port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser.close();
  });

  async function newContext(contextOptions: BrowserContextOptions = {}) {
    const created = await browser.newContext({ baseURL: baseUrl, locale: 'en-GB', timezoneId: 'Europe/London', ...contextOptions });
    created.setDefaultTimeout(60_000);
    if (contextOptions.javaScriptEnabled === false) noJavaScript.add(created);
    contexts.push(created);
    return created;
  }

  async function newPage(pageOptions: { javaScript?: boolean; width?: number; height?: number } = {}) {
    const created = await newContext({
      javaScriptEnabled: pageOptions.javaScript ?? true,
      viewport: { width: pageOptions.width ?? 1280, height: pageOptions.height ?? 900 },
    });
    return created.newPage();
  }

  return { ...context, baseUrl, browser, newContext, newPage };
}
