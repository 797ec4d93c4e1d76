/**
 * Channels in a real browser, axe on every page: an engagement officer drafts a bulletin, adds and
 * reorders items, previews it as email and web, sends it and watches the progress (all with
 * JavaScript off: every step is a form), then a resident reads the archive and its feed at 320px
 * with JavaScript off; staff open the share text page and the channel report for the demo.
 */
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll } from './axe.ts';
import { startSite } from './harness.ts';
import { go, h1, mainText } from './pages/feedback-pages.ts';
import { SignInPage } from './pages/sign-in.page.ts';

const site = await startSite();
const [busiest] = await site.deps.database.query<{ id: string; title: string }>(
  `SELECT c.id, c.title FROM consultations c JOIN share_links l ON l.consultation_id = c.id LIMIT 1`,
);

describe('bulletin (staff, JavaScript off)', () => {
  it('drafts, reorders, previews, sends and shows progress', async () => {
    const page = await site.newPage({ javaScript: false });
    await new SignInPage(page).signInAs('engagement@council.example');
    await page.goto('/staff/bulletins');
    expect(await mainText(page)).toContain('Have your say: news from the last month');
    await expectAccessible(page, 'bulletins');
    await go(page, () => page.getByRole('button', { name: 'Start a draft' }).click());
    expect(await page.title()).toMatch(/^Error: /);
    await expectAccessible(page, 'bulletins, errors');
    await page.getByLabel('Title').fill('Winter news');
    await page.getByLabel('The last 30 days').check();
    await go(page, () => page.getByRole('button', { name: 'Start a draft' }).click());
    expect(await h1(page)).toBe('Winter news');
    await expectAccessible(page, 'bulletin draft');

    for (const title of ['Libraries open late', 'Ward forums in January']) {
      await page.getByLabel('Heading').fill(title);
      await page.getByLabel('Text', { exact: true }).fill(`${title}: details.`);
      await go(page, () => page.getByRole('button', { name: 'Add item' }).click());
    }
    const order = async () => (await page.locator('#items + ol > li h3').allInnerTexts()).map((t) => t.trim());
    const before = await order();
    expect(before.slice(-2)).toEqual(['Libraries open late', 'Ward forums in January']);
    // The redirect lands on the moved item (#item-…).
    // GOV.UK's visually hidden text brings its own spacing, so the name is matched loosely.
    await Promise.all([
      page.waitForURL((url) => url.hash.startsWith('#item-')),
      page.getByRole('button', { name: /^Move up\W+Ward forums in January$/ }).click(),
    ]);
    expect((await order()).slice(-2)).toEqual(['Ward forums in January', 'Libraries open late']);
    await expectAccessible(page, 'bulletin reordered');

    await go(page, () => page.getByRole('link', { name: 'Preview as email and web page' }).click());
    expect(await mainText(page)).toContain('Subject: Winter news');
    expect(await mainText(page)).toContain('Ward forums in January');
    await expectAccessible(page, 'bulletin preview');
    await page.goBack();

    await go(page, () => page.getByRole('button', { name: 'Send bulletin' }).click());
    expect(await mainText(page)).toMatch(/Left to send\s+\d+/);
    await expectAccessible(page, 'bulletin sending');
    await go(page, () => page.getByRole('link', { name: 'Refresh automatically every 10 seconds' }).click());
    expect(await mainText(page)).toContain('Stop refreshing automatically');
    await go(page, () => page.getByRole('link', { name: 'Stop refreshing automatically' }).click());
    // The jobs: queue everyone, then deliver.
    await (site.deps.jobs as unknown as { drain(): Promise<void> }).drain();
    await site.deps.notifier.deliverQueued(site.deps.db);
    await page.goto(page.url());
    expect(await mainText(page)).toMatch(/Left to send\s+0/);
    expect(await mainText(page)).not.toContain('Stop refreshing automatically');
    expect(await h1(page)).toBe('Winter news');
    await expectAccessible(page, 'bulletin sent');
  });
});

describe('bulletin archive (resident, JavaScript off, 320px)', () => {
  it('lists sent bulletins, shows one, and offers the feed', async () => {
    const page = await site.newPage({ javaScript: false, width: 320, height: 640 });
    await page.goto('/bulletins');
    expect(await mainText(page)).toContain('Have your say: news from the last month');
    await expectAccessible(page, 'archive');
    await expectNoHorizontalScroll(page);
    await go(page, () => page.getByRole('link', { name: 'Have your say: news from the last month' }).click());
    expect(await mainText(page)).toContain('Thank you');
    await expectAccessible(page, 'archived bulletin');
    await expectNoHorizontalScroll(page);
    const feed = await page.request.get('/bulletins/feed.atom');
    expect(await feed.text()).toContain('<title>Have your say: news from the last month</title>');
  });
});

describe('share text and channel report (staff)', () => {
  it('shows ready-to-post text with short links, and which channels reached people', async () => {
    const page = await site.newPage();
    await new SignInPage(page).signInAs('engagement@council.example');
    await page.goto(`/staff/consultations/${busiest!.id}/share`);
    expect(await h1(page)).toBe('Share on social media');
    expect(await page.getByLabel('Facebook post').first().inputValue()).toMatch(/\/s\/demofb1/);
    await expectAccessible(page, 'share text');
    await go(page, () => page.getByRole('link', { name: 'channel report' }).click());
    expect(await mainText(page)).toContain('Online responses by share link');
    await expectAccessible(page, 'channel report');
    await page.goto('/staff/texts');
    expect(await mainText(page)).toContain('Where can I drop off a paper form?');
    await expectAccessible(page, 'texts inbox');
  });
});
