/**
 * Insight in a real browser, axe on every page: an officer runs the theme analysis of a closed
 * consultation's question (20,000 extra answers, so the progress bar is there to watch), accepts
 * a suggestion under a new name, merges a second into it, codes an answer with one click, marks
 * the form letter as one voice, and reads who has been heard and the equality report. The
 * read-only pages are read again with JavaScript off.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { expectAccessible } from './axe.ts';
import { startSite } from './harness.ts';
import { go, h1, mainText } from './pages/feedback-pages.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { labelledAnswers } from '../src/modules/insight/data/labelled-answers.synthetic.ts';

const site = await startSite();
const [target] = await site.deps.database.query<{ consultationId: string; questionnaireId: string; version: number; questionKey: string; slug: string }>(
  `SELECT r.consultation_id AS "consultationId", q.id AS "questionnaireId", q.current_version AS version,
          r.question_key AS "questionKey", c.slug
     FROM insight_campaigns ic JOIN insight_runs r ON r.consultation_id = ic.consultation_id
     JOIN consultations c ON c.id = r.consultation_id
     JOIN questionnaires q ON q.owner_type = 'consultation' AND q.owner_id = c.id
    WHERE ic.kind = 'form_letter' AND c.state = 'closed' ORDER BY r.created_at LIMIT 1`,
);
const { consultationId, questionKey } = target!;
const texts = labelledAnswers().map((a) => a.text);
const extra = Array.from({ length: 20_000 }, (_, i) => ({ r: `E2E-INSIGHT-${i}`, a: { [questionKey]: `${texts[i % texts.length]} ${texts[(i * 7) % texts.length]}` } }));
for (let i = 0; i < extra.length; i += 5000) {
  await site.deps.db.execute(
    sql`INSERT INTO responses (questionnaire_id, version, reference, idempotency_key, answers)
        SELECT ${target!.questionnaireId}, ${target!.version}, x.r, x.r, x.a
        FROM jsonb_to_recordset(${JSON.stringify(extra.slice(i, i + 5000))}::jsonb) AS x(r text, a jsonb)`,
  );
}
const base = `/staff/consultations/${consultationId}/insight`;

describe('insight', () => {
  it('an officer runs the analysis, watches it, accepts and merges themes, codes an answer and marks a campaign', async () => {
    const page = await site.newPage();
    await new SignInPage(page).signInAs('engagement@council.example');
    await page.goto(`/staff/consultations/${consultationId}`);
    await go(page, () => page.getByText('Insight: themes, campaigns and who has been heard').click());
    expect(await h1(page)).toBe('Insight');
    await expectAccessible(page, 'insight overview');
    await go(page, () => page.locator('main table a').first().click());
    await expectAccessible(page, 'question with the seeded analysis');
    // Without JavaScript: the progress page (checked as it stands) refreshes itself until the run is done.
    const noJs = await site.newPage({ javaScript: false });
    await new SignInPage(noJs).signInAs('engagement@council.example');
    await noJs.goto(page.url());
    await go(noJs, () => noJs.getByRole('button', { name: 'Analyse the answers again' }).click());
    if (await noJs.locator('progress#analysis-progress').count()) {
      expect(await mainText(noJs)).toContain('Suggesting themes');
      await expectAccessible(noJs, 'analysis in progress, without JavaScript');
    }
    await noJs.locator('progress#analysis-progress').waitFor({ state: 'detached', timeout: 120_000 });
    await noJs.getByText('Defining words').first().waitFor();

    // With JavaScript: the bar moves in place and the page reloads once the run ends.
    await go(page, () => page.getByRole('button', { name: 'Analyse the answers again' }).click());
    // The previous run's themes stay on the page meanwhile; the bar goes when the new run ends.
    await page.locator('progress#analysis-progress').waitFor({ state: 'detached', timeout: 120_000 });
    await page.waitForLoadState('load');
    await page.getByText('Defining words').first().waitFor();
    await expectAccessible(page, 'suggested themes');

    const cards = page.locator('.govuk-summary-card');
    const first = cards.nth(0);
    await first.getByLabel('Accept as a new theme called').fill('What people said first');
    await go(page, () => first.getByRole('button', { name: /^Accept/ }).click());
    expect(await mainText(page)).toContain('Theme added: What people said first');
    await expectAccessible(page, 'after accepting');
    const second = page.locator('.govuk-summary-card').nth(1);
    await second.getByLabel('Or merge into an existing theme').selectOption({ label: 'What people said first' });
    await go(page, () => second.getByRole('button', { name: /^Merge/ }).click());
    expect(await mainText(page)).toContain('Merged into the theme: What people said first');

    await go(page, () => page.locator('.govuk-summary-card').nth(0).getByRole('link', { name: /Read and code/ }).click());
    await expectAccessible(page, 'coding page');
    await go(page, () => page.getByRole('button', { name: /^Accept answer/ }).first().click());
    expect(await mainText(page)).toContain('1 answer accepted');
    await expectAccessible(page, 'coding page after accepting an answer');

    await page.goto(`${base}/campaigns`);
    await expectAccessible(page, 'campaigns');
    const letter = page.locator('.govuk-summary-card', { hasText: 'Form letter' }).first();
    await letter.getByLabel('Count as one voice').check();
    await go(page, () => letter.getByRole('button', { name: /^Save/ }).click());
    expect(await mainText(page)).toContain('Counted as one voice');
    await expectAccessible(page, 'campaigns after marking');

    await page.goto(`${base}/heard`);
    expect(await h1(page)).toBe('Who has been heard');
    await expectAccessible(page, 'who has been heard');
    await page.goto(`${base}/equality-report`);
    expect(await h1(page)).toBe('Equality evidence report');
    await expectAccessible(page, 'equality evidence report');
  });

  it('the read-only pages work with JavaScript off, and the public page says how the campaign was counted', async () => {
    const page = await site.newPage({ javaScript: false });
    await new SignInPage(page).signInAs('engagement@council.example');
    for (const [path, heading] of [
      [`${base}/heard`, 'Who has been heard'],
      [`${base}/equality-report`, 'Equality evidence report'],
      [`${base}/campaigns`, 'Campaigns and duplicates'],
      [`${base}/questions/${questionKey}`, undefined],
    ] as const) {
      await page.goto(path);
      if (heading) expect(await h1(page)).toBe(heading);
      await expectAccessible(page, `${path} without JavaScript`);
    }
    const resident = await site.newPage({ javaScript: false });
    await resident.goto(`/consultations/${target!.slug}`);
    expect(await mainText(resident)).toContain('counted as one voice');
    await expectAccessible(resident, 'public consultation page with campaign counting');
  });
});
