/**
 * A resident finds a consultation by ward and topic and by keyword, reads it, and follows the
 * feed. Run twice: JavaScript on at 375px (a phone), and JavaScript off at 320px. axe on every
 * page; no page may scroll sideways.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LADDER_LABELS } from '../src/modules/consultations/catalogue.ts';
import { expectAccessible, expectNoHorizontalScroll } from './axe.ts';
import { startSite } from './harness.ts';
import { FindPage } from './pages/find.page.ts';

const site = await startSite();
const PARKING = 'Parking in Barking town centre';

async function check(page: Page, label: string) {
  await expectAccessible(page, label);
  await expectNoHorizontalScroll(page);
}

async function go(page: Page, action: () => Promise<unknown>) {
  await Promise.all([page.waitForNavigation(), action()]);
}

const runs = [
  { name: 'JavaScript on, 375px phone', javaScript: true, width: 375, height: 812 },
  { name: 'JavaScript off, 320px', javaScript: false, width: 320, height: 640 },
];

for (const run of runs) {
  describe(`resident journey (${run.name})`, () => {
    it('finds a consultation by ward and topic, reads it, searches by keyword and follows the feed', async () => {
      const page = await site.newPage(run);

      // Home.
      await page.goto('/');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Have your say');
      // govuk-frontend marks the body when its JavaScript runs: proves which run this is.
      expect(((await page.locator('body').getAttribute('class')) ?? '').includes('govuk-frontend-supported')).toBe(run.javaScript);
      await check(page, 'home');

      // Find a consultation: all open ones, then by ward and topic.
      await go(page, () => page.getByRole('link', { name: /^\d+ open consultations?$/ }).click());
      const find = new FindPage(page);
      await find.expectOnPage();
      const allOpen = await find.resultTitles();
      expect(allOpen).toContain(PARKING);
      expect(allOpen).toContain('Urgent treatment centre at Barking Community Hospital');
      await check(page, 'find: all open');

      await find.filter({ ward: 'Abbey', topic: 'Transport, roads and streets' });
      const filtered = await find.resultTitles();
      expect(filtered).toContain(PARKING);
      // Same ward, different topic; and a closed one on the same topic elsewhere: both left out.
      expect(filtered).not.toContain('Urgent treatment centre at Barking Community Hospital');
      expect(filtered).not.toContain('Dagenham Heathway high street improvements');
      expect(filtered.length).toBeLessThan(allOpen.length);
      expect(await find.resultsHeading()).toMatch(new RegExp(`^${filtered.length} open consultations?$`));
      const url = new URL(page.url());
      expect(url.searchParams.get('topic')).toBe('transport-and-streets');
      expect(url.searchParams.get('ward')).toMatch(/^E05\d{6}$/);
      // The chosen filters stay chosen, and are listed with a way to remove them.
      expect(await page.getByLabel('Ward', { exact: true }).locator('option:checked').textContent()).toBe('Abbey');
      expect(await page.getByRole('link', { name: /remove filter .*Abbey/ }).count()).toBe(1);
      await check(page, 'find: Abbey and transport');

      // The consultation page: dates, how to take part, documents, who is consulting, influence.
      await find.open(PARKING);
      const main = page.locator('main');
      const body = await main.innerText();
      expect(await main.getByRole('heading', { name: 'Dates' }).count()).toBe(1);
      expect(body).toMatch(/Opened\s+\d{1,2} \w+ \d{4}/);
      expect(body).toMatch(/Closes\s+\d{1,2} \w+ \d{4}/);
      expect(await main.getByRole('heading', { name: 'How to take part' }).count()).toBe(1);
      expect(body).toContain('This consultation is open until');
      expect(body).toContain('You can respond on paper or by phone.');
      expect(await main.getByRole('heading', { name: 'Documents' }).count()).toBe(1);
      const documentLink = main.getByRole('link', { name: `${PARKING}: full consultation document` });
      const documentHref = await documentLink.getAttribute('href');
      const download = await page.request.get(documentHref!);
      expect(download.status()).toBe(200);
      expect(download.headers()['content-type']).toContain('application/pdf');
      expect(await main.getByRole('heading', { name: 'Who is consulting' }).count()).toBe(1);
      expect(body).toContain('Barking and Dagenham Council');
      expect(await main.getByRole('heading', { name: 'How much you can influence this' }).count()).toBe(1);
      expect(body).toContain(LADDER_LABELS.consult.plain);
      expect(body).toContain('Abbey');
      await check(page, 'consultation page');

      // Back to the start and a keyword search.
      await page.goto('/');
      await page.getByLabel('Search consultations').fill('parking');
      await go(page, () => page.getByRole('button', { name: 'Search', exact: true }).click());
      await find.expectOnPage();
      expect(await find.resultTitles()).toContain(PARKING);
      expect(await find.resultTitles()).not.toContain('Weekly food waste collections');
      expect(await page.getByRole('search', { name: 'Filter consultations' }).getByLabel('Search', { exact: true }).inputValue()).toBe('parking');
      await check(page, 'find: keyword parking');

      // A search that finds nothing says what to try instead.
      await find.filter({ q: 'zebra crossings on the moon' });
      expect(await find.resultTitles()).toEqual([]);
      expect(await page.locator('main').innerText()).toContain('check your spelling or use fewer words');
      await check(page, 'find: no results');

      // The Atom feed link works and lists published consultations, each linking to its page.
      const feedHref = await page.getByRole('link', { name: 'Get updates with a feed reader (Atom)' }).getAttribute('href');
      const feed = await page.request.get(feedHref!);
      expect(feed.status()).toBe(200);
      expect(feed.headers()['content-type']).toContain('application/atom+xml');
      const xml = await feed.text();
      expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
      expect(xml).toContain(`<title>${PARKING}</title>`);
      expect(xml).not.toContain('Youth services review'); // a draft never reaches the feed
      const entryLink = /<link rel="alternate" type="text\/html" href="[^"]*(\/consultations\/barking-town-centre-parking)"/.exec(xml);
      expect(entryLink).not.toBeNull();
      await page.goto(entryLink![1]!);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(PARKING);
    });
  });
}
