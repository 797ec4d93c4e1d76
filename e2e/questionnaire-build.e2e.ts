/**
 * An engagement officer builds a small questionnaire with JavaScript off: a page with a required
 * single choice question, a second page with a question shown only after one answer to the
 * first, then previews it as a resident sees it. axe on every builder and preview page, error
 * states included.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible } from './axe.ts';
import { startSite } from './harness.ts';
import { BuilderPage } from './pages/builder-questionnaire.ts';
import { SignInPage } from './pages/sign-in.page.ts';

const site = await startSite();

// A draft consultation with no questionnaire yet.
const DRAFT = { slug: 'youth-services-review', title: 'Youth services review' };
const FIRST = 'How do you usually get to the youth centre?';
const SECOND = 'What would make the journey easier?';

async function go(page: Page, action: () => Promise<unknown>) {
  await Promise.all([page.waitForNavigation(), action()]);
}

describe('building a questionnaire (JavaScript off)', () => {
  it('adds two pages, a single choice question and a question shown after one answer, and previews them', async () => {
    const [consultation] = await site.deps.database.query<{ id: string }>('SELECT id FROM consultations WHERE slug = $1', [DRAFT.slug]);
    const page = await site.newPage({ javaScript: false });
    const builder = new BuilderPage(page);
    await new SignInPage(page).signInAs('engagement@council.example');

    // From the staff consultation page to an empty questionnaire.
    await page.goto(`/staff/consultations/${consultation!.id}`);
    await expectAccessible(page, 'staff consultation page');
    await builder.press('Create a questionnaire');
    const base = `/staff/consultations/${consultation!.id}/questionnaire`;
    expect(new URL(page.url()).pathname).toBe(base);
    expect(await builder.heading()).toBe('Questionnaire');
    expect(await page.locator('main').innerText()).toContain('There are no pages yet.');
    await expectAccessible(page, 'builder: empty');

    // Page 1, after trying to save it without a title.
    await builder.addPage('Getting there', {
      submitEmptyFirst: async () => {
        expect(await page.locator('.govuk-error-summary').count()).toBe(1);
        expect(await page.title()).toMatch(/^Error: /);
        await expectAccessible(page, 'add a page: error');
      },
    });
    await expectAccessible(page, 'builder: one page');

    // A required single choice question on page 1.
    await builder.chooseQuestionType(1, 'Single choice');
    await expectAccessible(page, 'question form: single choice');
    await builder.press('Add question'); // empty: errors first
    expect(await page.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(page, 'question form: errors');
    await builder.fillQuestion({ text: FIRST, required: true, options: ['By bus', 'By car', 'On foot'], key: 'travel' });
    await builder.addQuestion();
    expect(await builder.pageSection(1)).toContain(FIRST);
    await expectAccessible(page, 'builder: page 1 with a question');

    // Page 2 and a question shown only to people who come by car.
    await builder.addPage('The journey');
    await builder.chooseQuestionType(2, 'Short text');
    await builder.fillQuestion({ text: SECOND, required: false, showWhen: `${FIRST} – By car` });
    await expectAccessible(page, 'question form: with a condition');
    await builder.addQuestion();
    const pageTwo = await builder.pageSection(2);
    expect(pageTwo).toContain(SECOND);
    expect(pageTwo).toContain(`Shown only if “${FIRST}”`);
    expect(pageTwo).toContain('“By car”');
    await expectAccessible(page, 'builder: two pages');

    // Preview as a resident: all pages, then one page at a time.
    await builder.follow('Preview as a resident');
    expect(await builder.heading()).toBe('Preview questionnaire');
    const preview = await page.locator('main').innerText();
    expect(preview).toContain('This is a preview of what residents see. Nothing you enter is saved.');
    expect(await page.getByRole('group', { name: FIRST }).getByLabel('By car', { exact: true }).count()).toBe(1);
    expect(await page.getByLabel(`${SECOND} (optional)`, { exact: true }).count()).toBe(1);
    expect(preview).toContain(`Shown only if “${FIRST}”`);
    await expectAccessible(page, 'preview: all pages');
    await go(page, () => page.locator('main ol').getByRole('link', { name: 'The journey', exact: true }).click());
    // Numbered among all pages, the standard ones the settings add included.
    expect(new URL(page.url()).pathname).toMatch(new RegExp(`^${base}/preview/page/\\d+$`));
    expect(await builder.heading()).toBe('The journey');
    expect(await page.locator('main').innerText()).toMatch(/Page \d+ of \d+/);
    expect(await page.getByLabel(`${SECOND} (optional)`, { exact: true }).count()).toBe(1);
    await expectAccessible(page, 'preview: page 2');
  });
});
