/**
 * The rest of closing the loop in a real browser, axe on every page: "How was taking part?", the
 * right to challenge and the results library as a resident (JavaScript on, then off at 320px);
 * feedback due, the lead officer's evaluation, the partnership view, the challenge queue and
 * "use what we already know" as staff.
 */
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll } from './axe.ts';
import { startSite } from './harness.ts';
import { go, h1, mainText } from './pages/feedback-pages.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { consultationId } from '../src/modules/feedback/feedback.test-helpers.ts';

const site = await startSite();
const parks = await consultationId(site.deps, 'parks-and-open-spaces-strategy');

const runs = [
  { name: 'JavaScript on', javaScript: true, width: 1280, height: 900 },
  { name: 'JavaScript off, 320px', javaScript: false, width: 320, height: 640 },
];

for (const run of runs) {
  describe(`resident (${run.name})`, () => {
    it('says how taking part was, challenges how it was run, and searches past results', async () => {
      const page = await site.newPage(run);
      await page.goto('/consultations/parks-and-open-spaces-strategy');
      await go(page, () => page.getByRole('link', { name: 'Tell us how taking part was' }).first().click());
      expect(await h1(page)).toBe('How was taking part?');
      await expectAccessible(page, 'how was it');
      await go(page, () => page.getByRole('button', { name: 'Send' }).click());
      expect(await page.locator('.govuk-error-summary').innerText()).toContain(
        'Select an answer to “How easy was it to take part”',
      );
      await expectAccessible(page, 'how was it, error');
      await page.getByLabel('Easy', { exact: true }).check();
      await page.getByLabel('What could we do better next time? (optional)').fill('More paper copies in libraries.');
      await go(page, () => page.getByRole('button', { name: 'Send' }).click());
      expect(await h1(page)).toBe('Thank you for your feedback');
      await expectAccessible(page, 'how was it, thanks');

      await page.goto('/consultations/parks-and-open-spaces-strategy/challenge');
      await expectAccessible(page, 'challenge');
      await go(page, () => page.getByRole('button', { name: 'Send' }).click());
      expect(await page.title()).toMatch(/^Error: /);
      await expectAccessible(page, 'challenge, errors');
      await page.getByLabel('A complaint').check();
      await page.getByLabel('What do you want to tell us?').fill('There were no drop-in sessions in Thames ward.');
      await page.getByLabel('Your name').fill('Pat Resident');
      await page.getByLabel('Email address').fill('pat@example.test');
      await go(page, () => page.getByRole('button', { name: 'Send' }).click());
      expect(await mainText(page)).toMatch(/CH-[0-9A-F]{8}/);
      await expectAccessible(page, 'challenge sent');

      await page.goto('/results');
      await expectAccessible(page, 'results library');
      await page.getByLabel('Keywords').fill('carers');
      await go(page, () => page.getByRole('button', { name: 'Search results' }).click());
      expect(await mainText(page)).toContain('Council Tax Support scheme');
      await expectAccessible(page, 'results library search');
      if (!run.javaScript) await expectNoHorizontalScroll(page);
      await go(page, () => page.getByRole('link', { name: 'Council Tax Support scheme' }).click());
      expect(await mainText(page)).toContain('You said: Protect unpaid carers');
      await expectAccessible(page, 'published feedback and timeline');
      if (!run.javaScript) await expectNoHorizontalScroll(page);
    });
  });
}

describe('staff', () => {
  it('see feedback due, evaluate, read the partnership view, answer a challenge and use what we already know', async () => {
    const page = await site.newPage();
    await new SignInPage(page).signInAs('engagement@council.example');
    await page.goto('/staff/feedback-due');
    expect(await mainText(page)).toContain('Parks and open spaces strategy');
    await expectAccessible(page, 'feedback due');

    await page.goto(`/staff/consultations/${parks}/evaluation`);
    expect(await mainText(page)).toContain('More paper copies in libraries.');
    await expectAccessible(page, 'evaluation');
    await go(page, () => page.getByRole('button', { name: 'Save evaluation' }).click());
    expect(await page.title()).toMatch(/^Error: /);
    await expectAccessible(page, 'evaluation errors');
    for (const label of [
      'Timely',
      'Meaningful',
      'Inclusive',
      'Accessible',
      'Targeted',
      'Relevant',
      'Value for money',
    ]) {
      await page.getByRole('group', { name: label }).getByLabel('Partly met').check();
      await page.getByLabel(`Evidence for ${label.toLowerCase()}`).fill(`What we saw for ${label.toLowerCase()}.`);
    }
    await go(page, () => page.getByRole('button', { name: 'Save evaluation' }).click());
    expect(await mainText(page)).toContain('Evaluation saved');
    await page.goto('/staff/evaluations');
    expect(await mainText(page)).toContain('Parks and open spaces strategy');
    await expectAccessible(page, 'partnership evaluations');

    await page.goto('/staff/challenges');
    await expectAccessible(page, 'challenge queue');
    await go(page, () => page.getByRole('link', { name: /^CH-/ }).first().click());
    await expectAccessible(page, 'challenge');
    await page.getByLabel('Your answer').fill('We will hold drop-ins in every ward next time.');
    await go(page, () => page.getByRole('button', { name: 'Send answer' }).click());
    expect(await mainText(page)).toContain('Answer sent');

    const draft = await consultationId(site.deps, 'youth-services-review');
    await page.goto(`/staff/consultations/${draft}`);
    expect(await mainText(page)).toContain('Use what we already know');
    await expectAccessible(page, 'draft with past consultations');
    await page.goto('/staff/decisions');
    await expectAccessible(page, 'decisions');
  });
});
