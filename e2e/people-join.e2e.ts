/**
 * The residents' panel in a real browser: join with JavaScript off at 320px (an empty answer
 * first, to see the error summary; an unknown postcode, so the ward is asked), confirm from the
 * emailed link, update preferences, download the data, leave. Then the same with JavaScript on at
 * 375px; a member changing their email address with JavaScript off (link to the new address,
 * the address another member holds, the link followed on another device); and staff pages of the
 * people module. axe on every page visited; no sideways scrolling.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible } from './axe.ts';
import { startSite } from './harness.ts';
import { PeopleJoin } from './pages/people-join.ts';
import { SignInPage } from './pages/sign-in.page.ts';

const site = await startSite();

async function linkFor(template: string, recipient: string) {
  const messages = await site.deps.notifier.recent(site.deps.db, 200);
  const message = messages.find((m) => m.template === template && m.recipient === recipient);
  const body = (message?.personalisation as Record<string, string> | undefined)?.body ?? '';
  const link = /https?:\/\/\S+\/panels\/[a-z-]+\/[A-Za-z0-9_-]{43}/.exec(body)?.[0];
  if (!link) throw new Error(`no ${template} link for ${recipient}`);
  return new URL(link).pathname;
}

async function journey(page: Page, person: { name: string; email: string }) {
  const join = new PeopleJoin(page);
  await page.goto('/panels');
  await join.check('panels start page');
  await join.go('Start now');
  await join.check('which panels');
  await join.go('Continue');
  await join.expectError('Select at least one panel to join');
  await join.check('which panels, with an error');
  await join.tick('Citizens’ panel', 'E-panel');
  await join.continue('name');
  await join.fill('What is your full name?', person.name);
  await join.continue('contact details');
  await join.fill('Email address', person.email);
  await join.continue('postcode');
  await join.fill('What is your postcode?', 'ZZ9 9ZZ');
  await join.continue('ward (postcode unknown)');
  expect(await join.heading()).toBe('Which ward do you live in?');
  await page.getByLabel('Which ward do you live in?').selectOption({ label: 'Thames View' });
  await join.continue('topics');
  await join.tick('Housing', 'Parks and open spaces');
  await join.continue('channels');
  await join.tick('Email');
  await join.continue('language and access needs');
  await join.fill('Is there anything we should do so you can take part? (optional)', 'Large print');
  await join.continue('about you');
  await page.getByRole('group', { name: 'What is your age? (optional)' }).getByLabel('35 to 44').check();
  await join.continue('privacy and consent');
  await join.go('Continue');
  await join.expectError('Confirm that you agree');
  await join.check('consent, with an error');
  await join.tick('I agree to the council and its partners holding and using my details as described');
  await join.continue('check answers');
  expect(await page.locator('main').textContent()).toContain(person.email);
  await join.go('Confirm and send');
  await join.check('check your email');
  expect(await join.heading()).toBe('Check your email or phone');

  // Confirm: the emailed link opens a page with a button.
  await page.goto(await linkFor('people-confirm', person.email));
  await join.check('confirm joining');
  await join.go('Confirm and join');
  await join.check('account');
  expect(await page.locator('main').textContent()).toContain('You have joined the panel');

  // Update preferences.
  await join.go('Change your details or topics', 'link');
  await join.check('change details');
  await join.tick('Waste and recycling');
  await page.getByLabel('Housing', { exact: true }).uncheck();
  await join.go('Save changes');
  await join.check('account after change');
  expect(await page.locator('main').textContent()).toContain('Waste and recycling');

  // Download everything held.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /Download everything we hold/ }).click(),
  ]);
  const data = JSON.parse(fs.readFileSync(await download.path(), 'utf8')) as {
    details: { fullName: string; topics: string[] };
  };
  expect(data.details.fullName).toBe(person.name);
  expect(data.details.topics).toContain('waste-and-recycling');

  // Leave.
  await join.go('Leave the panels and delete your details', 'link');
  await join.check('leave');
  await join.go('Leave and delete my details');
  await join.check('left');
  expect(await join.heading()).toContain('You have left the panels');
  const rows = await site.deps.database.query('SELECT 1 FROM people WHERE email = $1', [person.email]);
  expect(rows).toHaveLength(0);
}

describe('joining the residents’ panel', () => {
  it('works with JavaScript off at 320px', async () => {
    const page = await site.newPage({ javaScript: false, width: 320 });
    await journey(page, { name: 'Nojs Resident Example', email: 'nojs.resident@example.test' });
  });

  it('works with JavaScript on at 375px', async () => {
    const page = await site.newPage({ javaScript: true, width: 375 });
    await journey(page, { name: 'Js Resident Example', email: 'js.resident@example.test' });
  });
});

describe('changing a member’s email address with JavaScript off', () => {
  it('uses the new address only once its link is followed', async () => {
    const old = 'panel.member.030@example.com';
    const page = await site.newPage({ javaScript: false, width: 320 });
    const join = new PeopleJoin(page);
    await page.goto('/panels/sign-in');
    await join.fill('Email address', old);
    await join.go('Send me a link');
    await page.goto(await linkFor('people-sign-in', old));
    await join.go('Continue');

    async function changeTo(email: string) {
      await join.go('Change your details or topics', 'link');
      await join.fill('Email address', email);
      await join.fill('Postcode', 'IG11 0EF');
      await join.go('Save changes');
      expect(await page.locator('main').textContent()).toContain(
        `We have sent a link to ${email}; your address will change when you follow it`,
      );
    }

    await changeTo('moved.030@example.test');
    await join.check('account, email change waiting');
    await page.goto(await linkFor('people-change-email', 'moved.030@example.test'));
    await join.check('confirm new email address');
    await join.go('Confirm new email address');
    await join.check('account, email changed');
    expect(await page.locator('main').textContent()).toContain('Your email address has been changed');

    // Another member's address: not revealed here, refused at the link.
    await changeTo('panel.member.031@example.com');
    const other = await site.newPage({ javaScript: false, width: 320 });
    const elsewhere = new PeopleJoin(other);
    await other.goto(await linkFor('people-change-email', 'panel.member.031@example.com'));
    await elsewhere.go('Confirm new email address');
    await elsewhere.check('email change refused');
    expect(await elsewhere.heading()).toBe('We could not change your email address');

    // Followed on another device: a page that says it is done.
    await changeTo('third.030@example.test');
    await other.goto(await linkFor('people-change-email', 'third.030@example.test'));
    await elsewhere.go('Confirm new email address');
    await elsewhere.check('email changed');
    expect(await elsewhere.heading()).toBe('Your email address has changed');
    const rows = await site.deps.database.query<{ email: string }>(
      "SELECT email FROM people WHERE email LIKE '%.030@example.%'",
    );
    expect(rows).toEqual([{ email: 'third.030@example.test' }]);
  });
});

describe('staff pages of the people module', () => {
  it('are accessible', async () => {
    const page = await site.newPage({ javaScript: true });
    await new SignInPage(page).signInAs('engagement@council.example');
    const [member] = await site.deps.database.query<{ id: string }>(
      "SELECT id FROM people WHERE email = 'panel.member.007@example.com'",
    );
    const [group] = await site.deps.database.query<{ id: string }>(
      'SELECT id FROM people_groups ORDER BY name LIMIT 1',
    );
    for (const url of [
      '/staff/people',
      '/staff/people/panels/citizens-panel',
      '/staff/people/panels/citizens-panel/health',
      `/staff/people/members/${member!.id}`,
      '/staff/people/groups',
      `/staff/people/groups/${group!.id}`,
      '/staff/people/groups/new',
      '/staff/people/contacts',
      '/staff/people/import',
      '/staff/people/targets',
      '/staff/people/panels/citizens-panel/samples/new',
    ]) {
      await page.goto(url);
      await expectAccessible(page, url);
    }
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Draw sample' }).click()]);
    expect(page.url()).toMatch(/\/staff\/people\/samples\//);
    await expectAccessible(page, 'sample');
  });
});
