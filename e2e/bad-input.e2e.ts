/**
 * Bad input in the browser: the consultation form submitted empty and then half-wrong shows a
 * GOV.UK error summary (focused, linking to each field), keeps every answer, and stores nothing.
 * The public search with a too-long keyword says so. axe on every error page.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, expectNoHorizontalScroll } from './axe.ts';
import { startSite } from './harness.ts';
import { ConsultationFormPage } from './pages/consultation-form.page.ts';
import { FindPage } from './pages/find.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';

const site = await startSite();

async function storedConsultations() {
  const [row] = await site.deps.database.query<{ n: number }>('SELECT count(*)::int AS n FROM consultations');
  return row!.n;
}

async function errorLinks(page: Page) {
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  const links = summary.getByRole('link');
  const out: { text: string; href: string }[] = [];
  for (let i = 0; i < (await links.count()); i++) {
    out.push({ text: (await links.nth(i).innerText()).trim(), href: (await links.nth(i).getAttribute('href')) ?? '' });
  }
  return out;
}

for (const javaScript of [true, false]) {
  describe(`consultation form errors (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    it('empty, then half-wrong: error summary, links to fields, answers kept, nothing stored', async () => {
      const page = await site.newPage({ javaScript });
      await new SignInPage(page).signInAs('housing@council.example');
      await page.goto('/staff/consultations/new');
      await expectAccessible(page, 'create form');
      const before = await storedConsultations();
      const form = new ConsultationFormPage(page);

      // Empty.
      await form.save();
      expect(await page.title()).toMatch(/^Error: Create a consultation/);
      expect(await errorLinks(page)).toEqual([{ text: 'Enter a title', href: '#title' }]);
      expect(await page.locator('#title-error').innerText()).toContain('Enter a title');
      if (javaScript) {
        // govuk-frontend moves focus to the summary so screen readers announce it first.
        await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-error-summary'));
        await page.getByRole('link', { name: 'Enter a title' }).click();
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('title');
      }
      await expectAccessible(page, 'create form: empty');

      // No title, an impossible date, a script tag and SQL in the text, boxes ticked.
      const script = '<script>alert("x")</script> Robert\'); DROP TABLE consultations;--';
      await form.fill({
        summary: 'Changes to bin collection days in Abbey.',
        background: script,
        topics: ['Waste and recycling'],
        wards: ['Abbey'],
        opens: { day: '31', month: '2', year: '2027' },
        closes: { day: '1', month: '6', year: '2027' },
      });
      await form.save();
      expect(await page.title()).toMatch(/^Error: /);
      const links = await errorLinks(page);
      expect(links).toContainEqual({ text: 'Enter a title', href: '#title' });
      expect(links).toContainEqual({ text: 'Opening date must be a real date', href: '#opensAt-day' });
      expect(await page.locator('#opensAt-error').innerText()).toContain('Opening date must be a real date');
      // Every answer is kept, the script as plain text and nothing run.
      expect(await page.getByLabel('Summary', { exact: true }).inputValue()).toBe('Changes to bin collection days in Abbey.');
      expect(await page.getByLabel('Background', { exact: true }).inputValue()).toBe(script);
      expect(await page.getByRole('group', { name: 'Topics' }).getByLabel('Waste and recycling').isChecked()).toBe(true);
      expect(await page.getByRole('group', { name: 'Or the wards affected' }).getByLabel('Abbey', { exact: true }).isChecked()).toBe(true);
      const opening = page.getByRole('group', { name: 'Opening date' });
      expect([await opening.getByLabel('Day').inputValue(), await opening.getByLabel('Month').inputValue()]).toEqual(['31', '2']);
      expect(await page.getByRole('group', { name: 'Closing date' }).getByLabel('Year').inputValue()).toBe('2027');
      if (javaScript) {
        await page.getByRole('link', { name: 'Opening date must be a real date' }).click();
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('opensAt-day');
      }
      await expectAccessible(page, 'create form: half-wrong');
      expect(await storedConsultations()).toBe(before);

      // Corrected, it saves once.
      await form.fill({ title: 'Bin collection days in Abbey', opens: { day: '1', month: '3', year: '2027' } });
      await form.save();
      expect(await page.title()).not.toMatch(/^Error/);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Bin collection days in Abbey');
      expect(await page.locator('main').innerText()).toContain(script);
      await expectAccessible(page, 'saved draft');
      expect(await storedConsultations()).toBe(before + 1);
    });
  });
}

describe('public search errors (JavaScript off, 320px)', () => {
  it('a keyword over 200 characters is reported and the other filters still apply', async () => {
    const page = await site.newPage({ javaScript: false, width: 320, height: 640 });
    await page.goto('/consultations');
    const find = new FindPage(page);
    await find.filter({ q: 'parking '.repeat(40), topic: 'Transport, roads and streets' });
    expect(await page.title()).toMatch(/^Error: Find a consultation/);
    const links = await errorLinks(page);
    expect(links).toEqual([{ text: 'Search terms must be 200 characters or fewer', href: '#q' }]);
    expect(await find.resultTitles()).toContain('Parking in Barking town centre');
    await expectAccessible(page, 'find: keyword too long');
    await expectNoHorizontalScroll(page);
  });
});
