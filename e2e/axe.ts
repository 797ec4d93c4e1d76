/** Accessibility checks every journey runs on every page it visits. */
import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { isJavaScriptOff } from './harness.ts';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const checkers = new WeakMap<BrowserContext, Promise<BrowserContext>>();

/**
 * axe runs inside the page and needs timers, which do not fire with JavaScript disabled. For a
 * no-JS page we check a copy of its DOM exactly as the browser built it without scripts: served
 * at the same address in a scripting context that blocks the page's own scripts, so the markup
 * and the site's CSS are what the no-JS resident saw.
 */
async function snapshotPage(page: Page): Promise<Page> {
  const context = page.context();
  const browser = context.browser()!;
  let checker = checkers.get(context);
  if (!checker) {
    checker = browser.newContext({ javaScriptEnabled: true, viewport: page.viewportSize() ?? undefined });
    checkers.set(context, checker);
    context.on('close', () => void checker!.then((c) => c.close()).catch(() => undefined));
  }
  const html = await page.content();
  const url = page.url();
  const copy = await (await checker).newPage();
  await copy.setViewportSize(page.viewportSize() ?? { width: 1280, height: 900 });
  await copy.route('**/*', async (route) => {
    const request = route.request();
    if (request.isNavigationRequest() && request.url() === url) {
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    }
    if (request.resourceType() === 'script') return route.abort();
    return route.continue();
  });
  await copy.goto(url);
  return copy;
}

/** Runs axe at WCAG 2.2 A/AA and fails with a readable list of every violation and where it is. */
export async function expectAccessible(page: Page, label?: string): Promise<void> {
  const target = isJavaScriptOff(page) ? await snapshotPage(page) : page;
  try {
    const results = await new AxeBuilder({ page: target }).withTags(WCAG_TAGS).analyze();
    // axe really looked at the page (a blank or unloaded page would pass vacuously).
    expect(results.passes.length, `axe found nothing to check on ${page.url()}`).toBeGreaterThan(0);
    const report = results.violations.map((violation) => {
      const nodes = violation.nodes
        .map(
          (node) =>
            `      at ${node.target.join(' ')}\n        ${node.html.slice(0, 240)}\n        ${node.failureSummary?.replace(/\s+/g, ' ') ?? ''}`,
        )
        .join('\n');
      return `  [${violation.impact}] ${violation.id}: ${violation.help}\n${nodes}`;
    });
    const where = `${label ? `${label}: ` : ''}${page.url()}${isJavaScriptOff(page) ? ' (JavaScript off)' : ''}`;
    // Thrown rather than compared, so the whole list is printed, not a truncated diff.
    if (report.length > 0) throw new Error(`${report.length} axe violation(s) on ${where}:\n${report.join('\n')}`);
  } finally {
    if (target !== page) await target.close();
  }
}

/** No horizontal scrolling at the current viewport (WCAG 1.4.10 reflow at 320 CSS pixels). */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, innerWidth, culprits } = await page.evaluate(() => {
    const width = window.innerWidth;
    // The innermost elements that reach past the right edge, to say what to fix.
    const wide = [...document.body.querySelectorAll('*')].filter((element) => element.getBoundingClientRect().right > width + 1);
    const innermost = wide.filter((element) => !wide.some((other) => other !== element && element.contains(other)));
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: width,
      culprits: innermost.slice(0, 5).map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} "${(element.textContent ?? '').trim().slice(0, 60)}"`),
    };
  });
  expect(scrollWidth, `${page.url()} scrolls sideways at ${innerWidth}px; too wide: ${culprits.join('; ')}`).toBeLessThanOrEqual(innerWidth);
}
