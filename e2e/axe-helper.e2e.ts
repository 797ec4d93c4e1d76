/** The checks the journeys rely on must be able to fail: axe with JavaScript on and off, and reflow. */
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll } from './axe.ts';
import { startSite } from './harness.ts';

const site = await startSite();

const BROKEN = `<!DOCTYPE html><html lang="en"><head><title>Broken</title></head><body>
<main><h1>Broken page</h1><img src="/static/none.png"><input id="x" type="text">
<div style="width: 900px">Too wide</div></main></body></html>`;

for (const javaScript of [true, false]) {
  describe(`checks with JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    it('expectAccessible reports each violation with the rule and element', async () => {
      const page = await site.newPage({ javaScript, width: 320, height: 640 });
      await page.route('**/broken-fixture', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: BROKEN }));
      await page.goto('/broken-fixture');
      const failure = await expectAccessible(page, 'fixture').then(
        () => undefined,
        (error: Error) => error.message,
      );
      expect(failure).toContain('image-alt');
      expect(failure).toContain('label');
      expect(failure).toContain('<img src="/static/none.png">');
      const scroll = await expectNoHorizontalScroll(page).then(
        () => undefined,
        (error: Error) => error.message,
      );
      expect(scroll).toMatch(/scrolls sideways at 320px; too wide: div/);
    });
  });
}
