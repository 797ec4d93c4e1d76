/**
 * Petitions in a real browser: a resident starts a petition with JavaScript off at 320px (an
 * empty form first, for the error summary), confirms it from the emailed link's button, and five
 * supporters sign and confirm; a moderator publishes it with a lead officer; the council lowers
 * the response threshold; one more resident signs and confirms with JavaScript off at 320px, the
 * threshold is reached; the lead officer publishes the response and the public page shows it.
 * Then a councillor call for action's public trail. axe on every page visited; no sideways scrolling.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, expectNoHorizontalScroll } from './axe.ts';
import { startSite } from './harness.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { checkAllThresholds } from '../src/modules/petitions/petitions.service.ts';

const site = await startSite();
const TITLE = 'Open the skate park until 9pm in summer';

async function linkFor(template: string, recipient: string) {
  const messages = await site.deps.notifier.recent(site.deps.db, 500);
  const message = messages.find((m) => m.template === template && m.recipient === recipient);
  const link = (message?.personalisation as Record<string, string> | undefined)?.link;
  if (!link) throw new Error(`no ${template} link for ${recipient}`);
  return new URL(link).pathname;
}

async function check(page: Page, label: string) {
  await expectAccessible(page, label);
  await expectNoHorizontalScroll(page);
}

async function press(page: Page, name: string) {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name }).click()]);
}

async function fillSigner(page: Page, name: string, email: string) {
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Postcode').fill('RM10 7BB');
  await page.getByLabel('I live, work or study in the borough').check();
}

async function petitionNumber() {
  const [row] = await site.deps.database.query<{ number: number; id: string }>(
    'SELECT number, id FROM petitions WHERE title = $1',
    [TITLE],
  );
  return row!;
}

/** Signs and confirms as a resident; `audit` runs axe and the reflow check on each page. */
async function signAndConfirm(page: Page, number: number, name: string, email: string, audit: boolean) {
  await page.goto(`/petitions/${number}`);
  if (audit) await check(page, 'petition page');
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Sign this petition' }).click()]);
  if (audit) await check(page, 'sign');
  await fillSigner(page, name, email);
  await press(page, 'Continue');
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your email');
  if (audit) await check(page, 'check your email (signature)');
  await page.goto(await linkFor('petition-signature-confirm', email));
  if (audit) await check(page, 'confirm signature');
  await press(page, 'Confirm my signature');
  expect(await page.locator('main').textContent()).toContain('Signature confirmed');
  if (audit) await check(page, 'signature confirmed');
}

describe('petitions journeys', () => {
  it('start, support, moderate, sign and confirm (JavaScript off at 320px), threshold reached, response published', async () => {
    const resident = await site.newPage({ javaScript: false, width: 320 });
    await resident.goto('/petitions');
    await check(resident, 'petitions list');
    await resident.goto('/petitions/standards');
    await check(resident, 'standards');
    await resident.goto('/petitions');
    await Promise.all([
      resident.waitForLoadState('load'),
      resident.getByRole('button', { name: 'Start a petition' }).click(),
    ]);
    await check(resident, 'start');
    await press(resident, 'Start petition');
    expect(await resident.title()).toMatch(/^Error: /);
    expect(await resident.locator('.govuk-error-summary').textContent()).toContain('Enter a title for your petition');
    await check(resident, 'start, with errors');
    await resident.getByLabel('Title').fill(TITLE);
    await resident
      .getByLabel('What do you want the council to do?')
      .fill('Keep the skate park open and lit until 9pm from May to August.');
    await fillSigner(resident, 'Kai Skater', 'kai@example.org');
    await press(resident, 'Start petition');
    await check(resident, 'check your email (start)');
    await resident.goto(await linkFor('petition-creator-confirm', 'kai@example.org'));
    await check(resident, 'confirm petition');
    await press(resident, 'Confirm my petition');
    expect(await resident.locator('main').textContent()).toContain('Petition confirmed');
    await check(resident, 'petition confirmed');

    const { number, id } = await petitionNumber();
    const supporter = await site.newPage({ javaScript: false, width: 320 });
    for (let i = 0; i < 5; i++)
      await signAndConfirm(supporter, number, `Supporter ${i}`, `supporter${i}@example.org`, i === 0);

    // Moderation, with JavaScript on (the radios reveal the lead officer).
    const moderator = await site.newPage();
    await new SignInPage(moderator).signInAs('engagement@council.example');
    await moderator.goto('/staff/petitions');
    await check(moderator, 'staff petitions');
    await Promise.all([
      moderator.waitForLoadState('load'),
      moderator
        .getByRole('link', { name: `${number}: ${TITLE}` })
        .first()
        .click(),
    ]);
    await check(moderator, 'staff petition, to moderate');
    await moderator.getByLabel('Publish: it meets the standards').check();
    await moderator.getByLabel('Lead officer').selectOption({ label: 'Sam Service' });
    await press(moderator, 'Save decision');
    expect(await moderator.locator('.govuk-notification-banner').textContent()).toContain('Petition published');
    await check(moderator, 'staff petition, published');

    // The council lowers the response threshold so this petition can reach it in the test.
    const admin = await site.newPage();
    await new SignInPage(admin).signInAs('admin@council.example');
    await admin.goto('/staff/petitions/settings');
    await check(admin, 'settings');
    await admin.getByLabel('Signatures for a written response').fill('7');
    await press(admin, 'Save settings');

    // The seventh confirmed signature, with JavaScript off at 320px, asking to be told.
    const late = await site.newPage({ javaScript: false, width: 320 });
    await late.goto(`/petitions/${number}/sign`);
    await fillSigner(late, 'Lou Local', 'lou@example.org');
    await late.getByLabel('Email me when the council responds or debates this petition').check();
    await press(late, 'Continue');
    await late.goto(await linkFor('petition-signature-confirm', 'lou@example.org'));
    await press(late, 'Confirm my signature');
    await checkAllThresholds(site.deps);
    await late.goto(`/petitions/${number}`);
    const reached = await late.locator('main').textContent();
    expect(reached).toContain('7 signatures');
    expect(reached).toContain('The council will publish its response here');
    await check(late, 'petition, threshold reached');

    // The lead officer is told, and publishes the response.
    const officerMessages = (await site.deps.notifier.recent(site.deps.db, 500)).filter(
      (m) => m.reference.startsWith(`petition-threshold:${id}:`) && m.recipient === 'housing@council.example',
    );
    expect(officerMessages).toHaveLength(1);
    const lead = await site.newPage();
    await new SignInPage(lead).signInAs('housing@council.example');
    await lead.goto(`/staff/petitions/${id}`);
    expect(await lead.locator('main').textContent()).toContain('Written response: 7 signatures reached');
    await lead
      .getByLabel('The council’s response')
      .fill('We will trial later opening from May, with lighting and a warden.');
    await press(lead, 'Publish the response');
    await check(lead, 'staff petition, response published');

    await late.goto(`/petitions/${number}`);
    expect(await late.locator('main').textContent()).toContain('We will trial later opening from May');
    await check(late, 'petition, response published');
    const told = (await site.deps.notifier.recent(site.deps.db, 500)).filter((m) => m.template === 'petition-response');
    expect(told.map((m) => m.recipient).sort()).toEqual(['kai@example.org', 'lou@example.org']);

    await admin.goto('/staff/petitions/settings');
    await admin.getByLabel('Signatures for a written response').fill('500');
    await press(admin, 'Save settings');
  });

  it('shows a rejected petition’s reason and a call for action’s trail, JavaScript off at 320px', async () => {
    const page = await site.newPage({ javaScript: false, width: 320 });
    await page.goto('/petitions?state=rejected');
    await check(page, 'rejected petitions');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('link', { name: /Lower the speed limit/ }).click(),
    ]);
    expect(await page.locator('main').textContent()).toContain(
      'not something the council or its partners are responsible for',
    );
    await check(page, 'rejected petition');
    await page.goto('/councillor-calls-for-action');
    await check(page, 'calls for action');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: /Fly-tipping/ }).click()]);
    expect(await page.locator('main').textContent()).toContain('Recommendations and responses');
    await check(page, 'call for action');
  });
});
