/**
 * Participatory budgeting in a real browser: a resident proposes a project with a photo (JavaScript
 * off, 320 px) in the ward collecting ideas and an officer checks it, the reason shown publicly; then
 * a resident votes in the borough round on a phone with
 * JavaScript off (postcode, emailed code, a choice over the budget first, for the error summary with
 * the running total), the vote closes, the officer counts and publishes, and the results page
 * explains each project. axe on every page visited; no sideways scrolling on the resident's pages.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, expectNoHorizontalScroll } from './axe.ts';
import { startSite } from './harness.ts';
import { SignInPage } from './pages/sign-in.page.ts';

const start = new Date('2027-03-01T10:00:00Z');
const site = await startSite({ now: start });
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a2b8d2a30000000049454e44ae426082',
  'hex',
);

async function check(page: Page, label: string, reflow = true) {
  await expectAccessible(page, label);
  if (reflow) await expectNoHorizontalScroll(page);
}
async function press(page: Page, name: string) {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name }).click()]);
}
async function codeFor(recipient: string) {
  const messages = await site.deps.notifier.recent(site.deps.db, 200);
  const m = messages.find((x) => x.recipient === recipient && x.template === 'pb-voting-code-email');
  return (m?.personalisation as Record<string, string> | undefined)?.code ?? '';
}

describe('participatory budgeting journeys', () => {
  it('propose, check feasibility, vote on a phone with JavaScript off, count and publish results', async () => {
    // A resident proposes a project in the ward collecting ideas.
    const resident = await site.newPage({ javaScript: false, width: 320, height: 640 });
    await resident.goto('/budgeting');
    await check(resident, 'budgeting list');
    await resident
      .getByRole('link', { name: /ward budget$/ })
      .first()
      .click();
    await check(resident, 'process in ideas');
    await Promise.all([
      resident.waitForLoadState('load'),
      resident.getByRole('button', { name: 'Propose a project' }).click(),
    ]);
    await check(resident, 'propose');
    await press(resident, 'Send your project');
    expect(await resident.locator('.govuk-error-summary').textContent()).toContain('Enter a name for your project');
    await check(resident, 'propose with errors');
    await resident.getByLabel('Project name').fill('Wildflowers on the green');
    await resident
      .getByLabel('What is the project and who would it help?')
      .fill('Sow wildflowers on the green for bees and children.');
    await resident.getByLabel('Estimated cost').fill('1500');
    await resident.setInputFiles('#photos', { name: 'green.png', mimeType: 'image/png', buffer: PNG });
    await resident.getByLabel('Your name').fill('Ada Resident');
    await resident.getByLabel('Your email address').fill('ada@example.com');
    await press(resident, 'Send your project');
    expect(await resident.getByRole('heading', { level: 1 }).textContent()).toContain('Project sent');
    await check(resident, 'proposed');

    // An officer checks it; the reason is public.
    const officer = await site.newPage();
    await new SignInPage(officer).signInAs('housing@council.example');
    await officer.goto('/staff/budgeting');
    await check(officer, 'staff list', false);
    await officer
      .getByRole('link', { name: /ward budget$/ })
      .first()
      .click();
    await check(officer, 'staff process', false);
    await officer.getByRole('link', { name: 'Wildflowers on the green' }).click();
    await check(officer, 'assess', false);
    await officer.getByLabel('Yes, it can be done').check();
    await officer.getByLabel('Checked cost (optional)').fill('1800');
    await officer.getByLabel('Reason').fill('Parks agreed; the cost includes seed and two years of mowing.');
    await press(officer, 'Save check');
    expect(await officer.locator('.govuk-notification-banner').textContent()).toContain('Project will go to the vote');
    await resident.goto('/budgeting/ward-budget-ideas');
    await resident.getByRole('link', { name: 'Wildflowers on the green' }).click();
    expect(await resident.locator('main').textContent()).toContain(
      'Parks agreed; the cost includes seed and two years of mowing.',
    );
    await check(resident, 'project page');

    // A resident votes in the borough round on a phone with JavaScript off.
    const voter = await site.newPage({ javaScript: false, width: 320, height: 640 });
    await voter.goto('/budgeting/borough-budget');
    await check(voter, 'process in voting');
    await Promise.all([voter.waitForLoadState('load'), voter.getByRole('button', { name: 'Vote now' }).click()]);
    await check(voter, 'check you can vote');
    const [postcode] = await site.deps.database.query<{ postcode: string }>('SELECT postcode FROM postcodes LIMIT 1');
    await voter.getByLabel('Your postcode').fill(postcode!.postcode);
    await voter.getByLabel('Email address or mobile number').fill('bo@example.com');
    await voter.getByLabel('Yes').check();
    await press(voter, 'Send me a code');
    await check(voter, 'enter code');
    await voter.getByLabel('Code').fill(await codeFor('bo@example.com'));
    await press(voter, 'Continue');
    await check(voter, 'ballot');
    for (const box of await voter.getByRole('checkbox').all()) await box.check();
    await press(voter, 'Send my vote');
    expect(await voter.locator('.govuk-error-summary').textContent()).toContain('more than the £250,000 budget');
    expect(await voter.locator('.app-pb-total').textContent()).toMatch(
      /You chose projects costing £[\d,]+ of £250,000/,
    );
    await check(voter, 'ballot over budget');
    for (const box of await voter.getByRole('checkbox').all()) await box.uncheck();
    await voter.getByRole('checkbox').nth(0).check();
    await voter.getByRole('checkbox').nth(3).check();
    await press(voter, 'Send my vote');
    expect(await voter.getByRole('heading', { level: 1 }).textContent()).toContain('Vote recorded');
    await check(voter, 'vote recorded');

    // Voting closes; the officer counts and publishes.
    site.clock.set(new Date(start.getTime() + 22 * 86_400_000));
    await officer.goto('/staff/budgeting');
    await officer.getByRole('link', { name: 'Borough community budget' }).click();
    await press(officer, 'Count the votes');
    expect(await officer.locator('.govuk-notification-banner').textContent()).toContain('Votes counted');
    await check(officer, 'counted', false);
    await press(officer, 'Publish the results');
    await check(officer, 'published', false);

    await voter.goto('/budgeting/borough-budget/results');
    const text = (await voter.locator('main').textContent()) ?? '';
    expect(text).toMatch(/Funded: [\d,]+ voters shared its £[\d,]+ cost\./);
    expect(await voter.locator('svg.app-pb-chart').count()).toBe(1);
    await check(voter, 'results');
  });
});
