/**
 * What a resident on a slow phone connection pays for a page: a 375 px viewport on a 150 ms,
 * 1.6 Mbit/s link (Chromium's network emulation), the bytes that crossed the wire (compressed
 * size plus headers, as Chromium counts them), how many requests, and Largest Contentful Paint.
 * A first visit starts with an empty cache; the repeat visit opens the same address again in the
 * same browser, as a resident coming back would. Used by e2e/phone-budget.e2e.ts and the bench.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const PHONE = { width: 375, height: 667, latencyMs: 150, downloadBitsPerSecond: 1_600_000 };

/** The budgets the issue sets for these pages on that profile. */
export const BUDGET = { firstVisitBytes: 60 * 1024, repeatVisitBytes: 12 * 1024, lcpMs: 1000 };

export interface VisitFigures {
  bytes: number;
  requests: number;
  lcpMs: number;
  /** Each request's address and bytes, to say where the weight is. */
  files: { url: string; bytes: number; status: number }[];
}

export interface PageFigures {
  path: string;
  first: VisitFigures;
  repeat: VisitFigures;
}

/** A phone-sized context on the throttled link; close it when done. */
export async function phoneContext(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: PHONE.width, height: PHONE.height },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  context.setDefaultTimeout(60_000);
  // LCP entries are buffered; the last one before input is the page's LCP.
  await context.addInitScript(() => {
    const w = window as unknown as { __lcp: number };
    w.__lcp = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__lcp = entry.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
  return context;
}

/** Opens `path` in `page` on the throttled link and counts what it cost. */
export async function visit(page: Page, path: string): Promise<VisitFigures> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: PHONE.latencyMs,
    downloadThroughput: PHONE.downloadBitsPerSecond / 8,
    uploadThroughput: PHONE.downloadBitsPerSecond / 8,
  });
  const urls = new Map<string, { url: string; status: number }>();
  const files: VisitFigures['files'] = [];
  cdp.on('Network.requestWillBeSent', (event) => urls.set(event.requestId, { url: event.request.url, status: 0 }));
  cdp.on('Network.responseReceived', (event) => {
    const known = urls.get(event.requestId);
    if (known) known.status = event.response.status;
  });
  cdp.on('Network.loadingFinished', (event) => {
    const known = urls.get(event.requestId);
    if (known) files.push({ url: known.url, status: known.status, bytes: event.encodedDataLength });
  });
  await page.goto(path, { waitUntil: 'load' });
  // Let late requests (favicon, deferred modules) finish before counting.
  await page.waitForLoadState('networkidle');
  const lcpMs = await page.evaluate(() => (window as unknown as { __lcp: number }).__lcp);
  await cdp.detach();
  const wire = files.filter((file) => file.bytes > 0);
  return { bytes: wire.reduce((sum, file) => sum + file.bytes, 0), requests: wire.length, lcpMs, files: wire };
}

/** A first visit in a fresh phone context, then the repeat visit in the same one. */
export async function measurePage(browser: Browser, baseUrl: string, path: string): Promise<PageFigures> {
  const context = await phoneContext(browser, baseUrl);
  try {
    const first = await visit(await context.newPage(), path);
    const repeat = await visit(await context.newPage(), path);
    return { path, first, repeat };
  } finally {
    await context.close();
  }
}

export function formatFigures(rows: PageFigures[]): string {
  const kib = (bytes: number) => (bytes / 1024).toFixed(1);
  const lines = [
    '| page | first visit KiB (requests) | repeat visit KiB (requests) | LCP ms first / repeat |',
    '|---|--:|--:|--:|',
    ...rows.map(
      (r) =>
        `| ${r.path} | ${kib(r.first.bytes)} (${r.first.requests}) | ${kib(r.repeat.bytes)} (${r.repeat.requests}) | ${Math.round(r.first.lcpMs)} / ${Math.round(r.repeat.lcpMs)} |`,
    ),
  ];
  return lines.join('\n');
}
