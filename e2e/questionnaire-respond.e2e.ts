/**
 * A resident answers a demo questionnaire online: from the consultation page through every page
 * (an empty required page first, to see the error summary), "About you", "About your response",
 * check answers with one change, and the confirmation with a reference. Run with JavaScript on at
 * 375px and off at 320px; then "Save and come back later" with the emailed link opened in a new
 * browser. axe on every page, error states included; no page may scroll sideways.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, expectNoHorizontalScroll } from './axe.ts';
import { startSite } from './harness.ts';
import { RespondPage } from './pages/respond-journey.ts';
import { SignInPage } from './pages/sign-in.page.ts';

const site = await startSite();

// The demo questionnaire with the most question types: it also has the "Comment on the draft" page.
const STRATEGY = { slug: 'community-engagement-strategy' };
const PARKING = { slug: 'barking-town-centre-parking' };

const Q = {
  agree: 'To what extent do you agree with the proposal?',
  why: 'Why do you say that? (optional)',
  used: 'Have you used the places or services affected in the last 12 months?',
  heard: 'How did you hear about this consultation? (optional)',
  other: 'If you chose “Other”, please specify',
  matters: 'Which of these matter most to you? (optional)',
  section2: 'Your comments on section 2 (optional)',
  experience: 'How much do you agree with each statement about your last visit? (optional)',
  rank: 'Put these improvements in order of importance to you (optional)',
  visits: 'About how many times a month do you go there? (optional)',
  postcode: 'What is your postcode? (optional)',
  ward: 'Which ward do you live in? (optional)',
};

async function check(page: Page, label: string) {
  await expectAccessible(page, label);
  await expectNoHorizontalScroll(page);
}

async function go(page: Page, action: () => Promise<unknown>) {
  await Promise.all([page.waitForNavigation(), action()]);
}

async function responseCount(slug: string) {
  const [row] = await site.deps.database.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM responses r
       JOIN questionnaires q ON q.id = r.questionnaire_id
       JOIN consultations c ON c.id = q.owner_id
      WHERE c.slug = $1`,
    [slug],
  );
  return row!.n;
}

/** From the consultation page to the first questionnaire page. */
async function openQuestionnaire(page: Page, slug: string) {
  await page.goto(`/consultations/${slug}`);
  await check(page, 'consultation page');
  await go(page, () => page.getByRole('button', { name: 'Respond online' }).click());
  expect(new URL(page.url()).pathname).toBe(`/consultations/${slug}/respond`);
  expect(await page.locator('main').innerText()).toContain('Before you start');
  await check(page, 'respond: start');
  await go(page, () => page.getByRole('button', { name: 'Start now' }).click());
}

const runs = [
  { name: 'JavaScript on, 375px phone', javaScript: true, width: 375, height: 812 },
  { name: 'JavaScript off, 320px', javaScript: false, width: 320, height: 640 },
];

for (const run of runs) {
  describe(`answering a questionnaire (${run.name})`, () => {
    it('answers every page, changes one answer from check answers and sends it once', async () => {
      const before = await responseCount(STRATEGY.slug);
      const page = await site.newPage(run);
      const respond = new RespondPage(page);
      const base = `/consultations/${STRATEGY.slug}/respond`;
      await openQuestionnaire(page, STRATEGY.slug);

      // Page 1, sent empty: the required questions are listed in the error summary.
      await respond.expectHeading('Your views on the proposal');
      await check(page, 'page 1');
      await respond.continue();
      expect(respond.path()).toBe(`${base}/page_1`);
      const problems = await respond.errorSummary();
      expect(problems).toHaveLength(2);
      expect(await page.title()).toMatch(/^Error: /);
      await check(page, 'page 1 with errors');

      // Agreement, long text, single choice, single choice with "Other", multiple choice.
      await respond.choose(Q.agree, 'Agree');
      await respond.fill(Q.why, 'Clear plans, but say more about reporting back.');
      await respond.choose(Q.used, 'Yes'); // shows the conditional "Your experience" page
      await respond.choose(Q.heard, 'Other');
      await respond.fill(Q.other, 'A poster in the library');
      await respond.tick(Q.matters, ['Feeling safe', 'The environment']);
      await respond.continue();
      expect(await respond.errorSummary()).toEqual([]);

      // Information and comments on a document, section by section.
      await respond.expectHeading('Comment on the draft');
      expect(await page.getByRole('heading', { name: 'About the draft' }).count()).toBe(1);
      await check(page, 'comment on the draft');
      await respond.fill(Q.section2, 'Publish the principles in community languages too.');
      await respond.continue();

      // The page shown only to people who said "Yes": matrix, ranking and number.
      await respond.expectHeading('Your experience');
      await check(page, 'your experience');
      await respond.matrix(Q.experience, { 'It was easy to get to': 'Agree', 'Staff were helpful': 'Strongly agree' });
      await respond.rank(Q.rank, [
        'Clearer information',
        'Better accessibility',
        'Longer opening hours',
        'More seating',
      ]);
      await respond.fill(Q.visits, '3');
      await respond.continue();

      // Postcode and ward.
      await respond.expectHeading('Where you live');
      await check(page, 'where you live');
      await respond.fill(Q.postcode, 'RM8 0FW');
      await respond.select(Q.ward, 'Becontree');
      await respond.continue();

      // About you: optional equality questions.
      await respond.expectHeading('About you');
      await check(page, 'about you');
      await respond.choose('What is your age? (optional)', '35 to 44');
      await respond.continue();

      // About your response.
      await respond.expectHeading('About your response');
      await check(page, 'about your response');
      await respond.aboutYourResponse({ as: 'As an individual', publish: 'Yes, publish my response without my name' });
      await respond.continue();

      // Check answers, change one and come back.
      await respond.expectHeading('Check your answers before sending your response');
      expect(respond.path()).toBe(`${base}/check-answers`);
      await check(page, 'check answers');
      expect(await respond.answerRow('To what extent do you agree with the proposal?')).toBe('Agree');
      expect(await respond.answerRow('How did you hear about this consultation?')).toContain('A poster in the library');
      expect(await respond.answerRow('About how many times a month do you go there?')).toBe('3');
      expect(await respond.answerRow('Why do you say that?')).toBe('Clear plans, but say more about reporting back.');
      await respond.change('Why do you say that?');
      expect(respond.path()).toBe(`${base}/page_1`);
      await respond.expectHeading('Your views on the proposal');
      expect(await respond.valueOf(Q.why)).toBe('Clear plans, but say more about reporting back.');
      expect(await respond.isChosen(Q.used, 'Yes')).toBe(true);
      await check(page, 'page 1, changing an answer');
      await respond.fill(Q.why, 'Clear plans. Please report back within twelve weeks.');
      await respond.continue();
      expect(respond.path()).toBe(`${base}/check-answers`);
      expect(await respond.answerRow('Why do you say that?')).toBe(
        'Clear plans. Please report back within twelve weeks.',
      );
      await check(page, 'check answers after the change');

      // Send: one response, a reference, and a reload does not send it again.
      expect(await responseCount(STRATEGY.slug)).toBe(before);
      await respond.send();
      expect(respond.path()).toBe(`${base}/confirmation`);
      const reference = await respond.reference();
      await check(page, 'confirmation');
      expect(await responseCount(STRATEGY.slug)).toBe(before + 1);
      await page.reload();
      expect(await respond.reference()).toBe(reference);
      expect(await responseCount(STRATEGY.slug)).toBe(before + 1);
      const [stored] = await site.deps.database.query<{ answers: Record<string, unknown> }>(
        'SELECT answers FROM responses WHERE reference = $1',
        [reference],
      );
      expect(stored!.answers.agree_reasons).toBe('Clear plans. Please report back within twelve weeks.');
      expect(stored!.answers.visits_per_month).toBe(3);
    });
  });
}

describe('save and come back later (JavaScript on, 375px phone)', () => {
  it('emails a single-use link that brings the answers back in another browser', async () => {
    const phone = { javaScript: true, width: 375, height: 812 };
    const before = await responseCount(PARKING.slug);
    const page = await site.newPage(phone);
    const respond = new RespondPage(page);
    const base = `/consultations/${PARKING.slug}/respond`;
    await openQuestionnaire(page, PARKING.slug);

    // Part-way: page 1 answered, then "Save and come back later" on page 2.
    await respond.expectHeading('Your views on the proposal');
    await check(page, 'page 1');
    await respond.choose(Q.agree, 'Disagree');
    await respond.fill(Q.why, 'Keep the first hour free for shoppers.');
    await respond.choose(Q.used, 'Yes');
    await respond.continue();
    await respond.expectHeading('Your experience');
    await check(page, 'your experience');
    await respond.fill(Q.visits, '7');
    await respond.saveAndComeBackLater();
    expect(respond.path()).toBe(`${base}/save-and-return`);
    await respond.expectHeading('Save your answers and come back later');
    await check(page, 'save and return');

    // A wrong email address is refused with an error summary.
    await respond.fill('Email address', 'not an email');
    await go(page, () => page.getByRole('button', { name: 'Send me a link' }).click());
    expect(await respond.errorSummary()).toHaveLength(1);
    await check(page, 'save and return with an error');
    const email = 'later.resident@example.com';
    await respond.fill('Email address', email);
    await go(page, () => page.getByRole('button', { name: 'Send me a link' }).click());
    expect(respond.path()).toBe(`${base}/save-and-return/sent`);
    await respond.expectHeading('We have emailed you a link');
    expect(await page.locator('main').innerText()).toContain(email);
    await check(page, 'link sent');

    // An engagement officer sees the email in the outbox (its text is not a staff credential).
    const staff = await site.newPage({ width: 1280 });
    await new SignInPage(staff).signInAs('engagement@council.example');
    await staff.goto('/staff/outbox');
    await expectAccessible(staff, 'outbox');
    const row = staff.locator('tbody tr').filter({ hasText: email });
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain('response-resume');
    await row.getByText('Message text').click();
    const body = (await row.locator('pre').textContent()) ?? '';
    const link = /https?:\/\/\S+\/respond\/resume\/[A-Za-z0-9_-]{43}/.exec(body);
    expect(link, `no resume link in: ${body}`).not.toBeNull();
    const resumePath = new URL(link![0]).pathname;
    expect(resumePath.startsWith(`${base}/resume/`)).toBe(true);

    // The link in a new browser: the answers come back and the journey carries on.
    const other = await site.newPage(phone);
    const resumed = new RespondPage(other);
    await other.goto(resumePath);
    await resumed.expectHeading('Continue your response');
    await check(other, 'resume');
    await go(other, () => other.getByRole('button', { name: 'Continue your response' }).click());
    expect(resumed.path()).toBe(`${base}/about-your-response`); // the first page still to answer
    await check(other, 'resumed at about your response');
    await other.goto(`${base}/page_1`);
    expect(await resumed.isChosen(Q.agree, 'Disagree')).toBe(true);
    expect(await resumed.valueOf(Q.why)).toBe('Keep the first hour free for shoppers.');
    expect(await resumed.isChosen(Q.used, 'Yes')).toBe(true);
    await check(other, 'resumed: page 1');
    await resumed.continue();
    expect(await resumed.valueOf(Q.visits)).toBe('7');
    await check(other, 'resumed: your experience');
    await resumed.continue();
    await resumed.expectHeading('Where you live');
    await check(other, 'resumed: where you live');
    await resumed.continue();
    await resumed.expectHeading('About you');
    await check(other, 'resumed: about you');
    await resumed.continue();
    await check(other, 'resumed: about your response');
    await resumed.aboutYourResponse({ as: 'As an individual', publish: 'No, do not publish my response' });
    await resumed.continue();
    await resumed.expectHeading('Check your answers before sending your response');
    expect(await resumed.answerRow('About how many times a month do you go there?')).toBe('7');
    await check(other, 'resumed: check answers');
    await resumed.send();
    await resumed.reference();
    await check(other, 'resumed: confirmation');
    expect(await responseCount(PARKING.slug)).toBe(before + 1);

    // The link works once.
    const third = await site.newPage(phone);
    const again = await third.goto(resumePath);
    expect(again!.status()).toBe(410);
    await new RespondPage(third).expectHeading('This link has already been used or has expired');
    await check(third, 'resume link used');
  });
});
