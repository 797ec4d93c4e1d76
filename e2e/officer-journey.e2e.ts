/**
 * The officer prepares a consultation, fails then passes the standards check, is reviewed and
 * published; it then appears on the public hub. JavaScript on, axe on every page visited.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible } from './axe.ts';
import { startSite } from './harness.ts';
import { ConsultationFormPage } from './pages/consultation-form.page.ts';
import { londonDate } from './pages/dates.ts';
import { FindPage } from './pages/find.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';

const site = await startSite();
const TITLE = 'Resurfacing Abbey Road and the quayside';

async function go(page: Page, action: () => Promise<unknown>) {
  await Promise.all([page.waitForNavigation(), action()]);
}

function text(page: Page) {
  return page.locator('main').innerText();
}

describe('officer journey', () => {
  it('prepares, is blocked by the standards check, fixes it, is reviewed and published', async () => {
    const page = await site.newPage();
    const signIn = new SignInPage(page);

    // The service officer signs in and starts a consultation.
    await signIn.signInAs('housing@council.example');
    expect(new URL(page.url()).pathname).toBe('/staff');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your consultations');
    await expectAccessible(page, 'staff home');

    await go(page, () => page.getByRole('button', { name: 'Create a consultation' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Create a consultation');
    await expectAccessible(page, 'create form');

    // A week-long open period and no way to respond offline.
    const form = new ConsultationFormPage(page);
    await form.fill({
      title: TITLE,
      summary: 'We plan to resurface Abbey Road and the quayside path. The work would close one lane for six weeks. Tell us when the work would disrupt you least.',
      background: 'The road surface is worn and the quayside path floods after heavy rain.',
      proposal: 'Resurface the road at night over six weeks and rebuild the quayside path with better drainage.',
      whatCanChange: 'When the work happens and which lane closes first.',
      whatCannotChange: 'That the road needs resurfacing: it fails its safety inspection.',
      howResponsesUsed: 'We will read every response and publish a summary with the final timetable.',
      ladder: 'Consult',
      decisionMaker: 'Cabinet Member for Transport',
      decisionDate: londonDate(7 * 26),
      topics: ['Transport, roads and streets'],
      wards: ['Abbey'],
      audiences: [{ group: 'Communities of place', label: 'All residents' }],
      opens: londonDate(0),
      opensTime: 'midnight',
      closes: londonDate(7),
      contactDetails: 'Highways team, 020 8215 3000, highways@council.example',
    });
    await form.save();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
    expect(await text(page)).toContain('Consultation created as a draft');
    expect(await text(page)).toMatch(/State:\s*Draft/);
    await expectAccessible(page, 'draft consultation');
    const consultationPath = new URL(page.url()).pathname;

    // The standards check blocks it: too short, and nobody without the internet could respond.
    await go(page, () => page.getByRole('link', { name: 'Run the standards check' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Standards check');
    const blocked = await text(page);
    expect(blocked).toContain('Blocked: must be fixed');
    expect(blocked).toMatch(/The consultation is open for [78] days, less than 2 weeks/);
    expect(blocked).toContain('Say how people can respond on paper, by phone or in person');
    await expectAccessible(page, 'standards check blocked');

    // Submitting anyway is refused with an error summary that leads back to the check.
    await go(page, () => page.getByRole('link', { name: 'Back to the consultation' }).click());
    await expectAccessible(page, 'consultation before submit');
    await go(page, () => page.getByRole('button', { name: 'Submit for review' }).click());
    expect(await page.title()).toMatch(/^Error: /);
    const refusal = page.getByRole('alert');
    expect(await refusal.innerText()).toContain('The standards check has not passed');
    expect(await refusal.getByRole('link').getAttribute('href')).toBe(`${consultationPath}/standards`);
    expect(await text(page)).toMatch(/State:\s*Draft/);
    await expectAccessible(page, 'submit refused');

    // The officer fixes the dates and says how to respond on paper.
    await go(page, () => page.getByRole('button', { name: 'Edit' }).click());
    expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe(TITLE);
    await expectAccessible(page, 'edit form');
    await form.fill({
      closes: londonDate(7 * 13),
      closesTime: '11:59pm',
      offlineResponse: 'Paper copies and freepost envelopes are at Barking Library. Or call 020 8215 3000 and we will take your views by phone.',
    });
    await form.save();
    expect(await text(page)).toContain('Changes saved');
    await expectAccessible(page, 'consultation after edit');

    // Now only warnings are left: each gets a written justification, and the check passes.
    await go(page, () => page.getByRole('link', { name: 'Run the standards check' }).click());
    const warnings = await text(page);
    expect(warnings).not.toContain('Blocked: must be fixed');
    expect(warnings).toContain('Warnings to justify');
    const justifications = page.getByLabel('Why this is acceptable');
    const count = await justifications.count();
    expect(count).toBeGreaterThan(0);
    await expectAccessible(page, 'standards check with warnings');
    for (let i = 0; i < count; i++) {
      await justifications.nth(i).fill('Agreed with the engagement team: the proposal is short and set out in full on the page.');
    }
    await go(page, () => page.getByRole('button', { name: 'Save and run the check' }).click());
    const passed = await text(page);
    expect(passed).toContain('Standards check saved: Passed');
    expect(passed).toMatch(/The result now: Passed/);
    await expectAccessible(page, 'standards check passed');

    // Submitted for review, then the service officer signs out.
    await go(page, () => page.getByRole('link', { name: 'Back to the consultation' }).click());
    await go(page, () => page.getByRole('button', { name: 'Submit for review' }).click());
    expect(await page.title()).not.toMatch(/^Error/);
    expect(await text(page)).toMatch(/State:\s*In review/);
    await expectAccessible(page, 'in review');
    await signIn.signOut();
    await expectAccessible(page, 'signed out');

    // The engagement officer finds it waiting for review and approves it.
    await signIn.signInAs('engagement@council.example');
    const waiting = page.getByRole('table', { name: /Waiting for review/ });
    expect(await waiting.getByRole('link', { name: TITLE }).count()).toBe(1);
    await expectAccessible(page, 'engagement officer home');
    await go(page, () => waiting.getByRole('link', { name: TITLE }).click());
    await expectAccessible(page, 'consultation in review');
    await go(page, () => page.getByRole('button', { name: 'Approve and schedule' }).click());
    expect(await page.title()).not.toMatch(/^Error/);
    const approved = await text(page);
    // The opening date is today at midnight, so approval opens it straight away.
    expect(approved).toMatch(/State:\s*Open/);
    expect(approved).toMatch(/Approved/);
    await expectAccessible(page, 'approved');
    const slug = (await page.getByRole('definition').filter({ hasText: '/consultations/' }).innerText()).trim();

    // A resident (a fresh browser, not signed in) finds it on the hub by ward and topic.
    const resident = await site.newPage();
    await resident.goto(slug);
    expect(await resident.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
    const publicText = await text(resident);
    expect(publicText).toContain('Open');
    expect(publicText).toContain('Paper copies and freepost envelopes are at Barking Library');
    await expectAccessible(resident, 'published consultation');
    await resident.goto('/consultations');
    const find = new FindPage(resident);
    await find.filter({ ward: 'Abbey', topic: 'Transport, roads and streets' });
    expect(await find.resultTitles()).toContain(TITLE);
    await expectAccessible(resident, 'find page with the new consultation');
  });
});
