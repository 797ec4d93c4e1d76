/**
 * Closing the loop in a real browser, axe on every page: an officer writes feedback (blocked while
 * a theme has no answer), publishes it and records a decision citing themes; a resident subscribed
 * by ward gets the new-consultation and feedback messages, unsubscribes with one click, and gets
 * nothing more. The resident's part is repeated with JavaScript off.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible } from './axe.ts';
import { startSite } from './harness.ts';
import { go, h1, linkIn, mainText, messagesTo, subscribeByWard } from './pages/feedback-pages.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { tickConsultations } from '../src/modules/consultations/index.ts';
import { runAnnouncements } from '../src/modules/channels/index.ts';
import { addResponses, consultationId } from '../src/modules/feedback/feedback.test-helpers.ts';

const site = await startSite();
const parks = await consultationId(site.deps, 'parks-and-open-spaces-strategy');
await addResponses(site.deps, 'parks-and-open-spaces-strategy', [
  {
    consent: 'publish_named',
    name: 'Ada Park',
    email: 'ada@example.test',
    wantsUpdates: true,
    reasons: 'We need more benches near the lake.',
  },
  { consent: 'do_not_publish', reasons: 'Benches, and fix the fence by my house at 12 Oak Road.' },
]);
const RESIDENT = 'ward.resident@example.test';

const checker = (page: Page) => (label: string) => expectAccessible(page, label);

describe('closing the loop', () => {
  it('a resident subscribes by ward and hears when a consultation opens there', async () => {
    const page = await site.newPage();
    await subscribeByWard(page, site.deps, RESIDENT, 'Becontree', checker(page));
    expect(await h1(page)).toBe('Subscription confirmed');

    // Eleven days on, the Becontree consultation opens by itself and the announcement job runs.
    site.clock.advance(11 * 86_400_000);
    await tickConsultations(site.deps);
    await runAnnouncements(site.deps);
    const news = (await messagesTo(site.deps, RESIDENT)).filter((m) => m.template === 'subscription-new-consultation');
    expect(news.some((m) => m.personalisation.link!.endsWith('/becontree-centenary-public-spaces'))).toBe(true);
  });

  it('an officer writes feedback, is blocked until every theme is answered, publishes, and records a decision', async () => {
    const page = await site.newPage();
    await new SignInPage(page).signInAs('engagement@council.example');
    await page.goto(`/staff/consultations/${parks}`);
    await expectAccessible(page, 'staff consultation with feedback panel');
    await go(page, () => page.getByRole('link', { name: 'You said, we did: themes and feedback' }).click());
    expect(await h1(page)).toBe('You said, we did');
    await expectAccessible(page, 'feedback overview');

    await page.getByLabel('Theme', { exact: true }).fill('More benches');
    await go(page, () => page.getByRole('button', { name: 'Add theme' }).click());
    await page.getByLabel('Theme', { exact: true }).fill('Fix fences');
    await go(page, () => page.getByRole('button', { name: 'Add theme' }).click());
    expect(await mainText(page)).toContain('Needs an answer');
    await expectAccessible(page, 'feedback with themes');

    await go(page, () => page.getByRole('link', { name: 'Read and code responses' }).click());
    await expectAccessible(page, 'code responses');
    const named = page.locator('section', { hasText: 'May be quoted with their name' });
    await named.getByLabel('More benches').check();
    // The demo questionnaire has one free-text question: quote its answer.
    const quote = named.getByLabel('Quote this answer for the ticked themes');
    await quote.selectOption({ index: 1 });
    await go(page, () => named.getByRole('button', { name: 'Save themes' }).click());
    const unnamed = page.locator('section', { hasText: 'Must not be quoted' });
    await unnamed.getByLabel('More benches').check();
    await unnamed.getByLabel('Fix fences').check();
    await go(page, () => unnamed.getByRole('button', { name: 'Save themes' }).click());
    expect(await mainText(page)).toContain('Themes saved for the response');
    await expectAccessible(page, 'responses coded');

    // Publishing is refused while a theme has no answer.
    await page.goto(`/staff/consultations/${parks}/feedback/publish`);
    await expectAccessible(page, 'publish page');
    await page.getByLabel('Summary').fill('Two people told us about benches and fences.');
    await go(page, () => page.getByRole('button', { name: 'Publish feedback' }).click());
    expect(await page.locator('.govuk-error-summary').innerText()).toContain(
      'Enter what we did, or why we cannot, for “More benches”',
    );
    expect(await page.title()).toMatch(/^Error: /);
    await expectAccessible(page, 'publish blocked');

    for (const [theme, kind, text] of [
      ['More benches', 'We will do this', 'We will put 40 new benches in the largest parks.'],
      ['Fix fences', 'We cannot do this', 'Fences on private land are the owner’s to repair.'],
    ] as const) {
      await page.goto(`/staff/consultations/${parks}/feedback`);
      await go(page, () => page.getByRole('link', { name: new RegExp(`^${theme}`) }).click());
      await expectAccessible(page, `theme ${theme}`);
      await page.getByLabel(kind).check();
      await page.getByLabel('What we did or will do, or why we cannot').fill(text);
      await go(page, () => page.getByRole('button', { name: 'Save theme' }).click());
    }
    await page.goto(`/staff/consultations/${parks}/feedback/publish`);
    await page.getByLabel('Summary').fill('Two people told us about benches and fences.');
    await go(page, () => page.getByRole('button', { name: 'Publish feedback' }).click());
    expect(await mainText(page)).toContain('Feedback published');

    // The decision cites one theme; the report flags the other.
    await page.goto('/staff/decisions/new');
    await expectAccessible(page, 'record a decision');
    await page.getByLabel('Title').fill('Parks strategy adopted');
    await page.getByLabel('Cabinet', { exact: true }).check();
    await page.getByLabel('Name of the decision maker').fill('Cabinet');
    await page.getByLabel('Day').fill('3');
    await page.getByLabel('Month').fill('3');
    await page.getByLabel('Year').fill('2027');
    await page
      .getByLabel('The decision', { exact: true })
      .fill('Cabinet adopted the parks strategy with 40 new benches.');
    await page.getByLabel('Parks and open spaces strategy').check();
    await go(page, () => page.getByRole('button', { name: 'Record decision' }).click());
    expect(await h1(page)).toBe('Parks strategy adopted');
    await expectAccessible(page, 'decision');
    await page.getByLabel('More benches').fill('The strategy funds 40 benches because people asked for them.');
    await go(page, () => page.getByRole('button', { name: 'Save how themes were considered' }).click());
    await page.goto(`/staff/consultations/${parks}/feedback/consideration`);
    const report = await mainText(page);
    expect(report).toContain('The strategy funds 40 benches');
    expect(report).toContain('Never considered');
    await expectAccessible(page, 'consideration report');

    // The public page shows the whole trail.
    const resident = await site.newPage();
    await resident.goto('/consultations/parks-and-open-spaces-strategy');
    const publicText = await mainText(resident);
    expect(publicText).toContain('You said: More benches');
    expect(publicText).toContain('We need more benches near the lake.');
    expect(publicText).not.toContain('12 Oak Road');
    expect(publicText).toContain('Cabinet adopted the parks strategy');
    await expectAccessible(resident, 'public page with timeline');
  });

  it('the resident got the feedback message, unsubscribes with one click, and gets nothing more', async () => {
    const got = await messagesTo(site.deps, RESIDENT);
    expect(got.map((m) => m.template)).toEqual(
      expect.arrayContaining(['subscription-confirm', 'subscription-new-consultation', 'feedback-published']),
    );
    const staff = await site.newPage();
    await new SignInPage(staff).signInAs('engagement@council.example');
    await staff.goto('/staff/outbox');
    expect(await mainText(staff)).toContain('What we heard and what we did: Parks and open spaces strategy');
    await expectAccessible(staff, 'outbox');

    const page = await site.newPage();
    const feedback = got.find((m) => m.template === 'feedback-published')!;
    await page.goto(linkIn(feedback.personalisation.body!, '/unsubscribe/'));
    await expectAccessible(page, 'unsubscribe');
    await go(page, () => page.getByRole('button', { name: 'Unsubscribe' }).click());
    expect(await h1(page)).toBe('You have unsubscribed');
    await expectAccessible(page, 'unsubscribed');

    const before = (await messagesTo(site.deps, RESIDENT)).length;
    site.clock.advance(30 * 86_400_000);
    await tickConsultations(site.deps);
    await runAnnouncements(site.deps);
    expect(await messagesTo(site.deps, RESIDENT)).toHaveLength(before);
  });

  it('subscribing and unsubscribing work with JavaScript off', async () => {
    const page = await site.newPage({ javaScript: false, width: 320, height: 640 });
    const email = 'no.script@example.test';
    await subscribeByWard(page, site.deps, email, 'Abbey', checker(page));
    await page.goto('/subscribe');
    await go(page, () => page.getByRole('button', { name: 'Subscribe' }).click());
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter your email address');
    await expectAccessible(page, 'subscribe errors');
    const { unsubscribeUrl } = await import('../src/modules/channels/index.ts');
    const [sub] = await site.deps.database.query<{ id: string }>(`SELECT id FROM subscriptions WHERE contact = $1`, [
      email,
    ]);
    await page.goto(new URL(unsubscribeUrl(site.deps, sub!.id)).pathname);
    await go(page, () => page.getByRole('button', { name: 'Unsubscribe' }).click());
    expect(await h1(page)).toBe('You have unsubscribed');
    await expectAccessible(page, 'unsubscribed without JavaScript');
  });
});
