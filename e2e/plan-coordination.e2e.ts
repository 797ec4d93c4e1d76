/**
 * Coordinating the partnership (issue 5): two officers of different organisations plan
 * overlapping activities and the second sees the clash and says which activity an event is part of;
 * a resident registers for an event with access needs with JavaScript off; the waiting list fills.
 * Axe on every page visited.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, expectNoHorizontalScroll } from './axe.ts';
import { startSite } from './harness.ts';
import { londonDate } from './pages/dates.ts';
import { PlanActivityPage } from './pages/plan-activity.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';

const site = await startSite();

async function go(page: Page, action: () => Promise<unknown>) {
  await Promise.all([page.waitForNavigation(), action()]);
}
const main = (page: Page) => page.locator('main').innerText();

describe('planning across the partnership', () => {
  it('a council officer and an NHS officer plan overlapping activities; the second sees the clash and joins up', async () => {
    // Far enough ahead that the demo plan does not interfere.
    const window = { start: londonDate(200), end: londonDate(230) };
    const council = await site.newPage();
    await new SignInPage(council).signInAs('housing@council.example');
    await council.goto('/staff/plan');
    await expectAccessible(council, 'staff forward plan');
    await go(council, () => council.getByRole('button', { name: 'Add an activity' }).click());
    await expectAccessible(council, 'add activity');
    const councilForm = new PlanActivityPage(council);
    await councilForm.fill({
      title: 'Thames View recycling roadshow',
      purpose: 'Ask residents how food waste collections could work on their estate.',
      rung: 'Consult',
      audiences: ['Council tenants and leaseholders'],
      topics: ['Waste and recycling'],
      wards: ['Thames View'],
      ...window,
    });
    await councilForm.save();
    expect(await main(council)).toContain('No other activity in these dates reaches the same places');
    await expectAccessible(council, 'activity page without clashes');

    const nhs = await site.newPage();
    await new SignInPage(nhs).signInAs('officer@nhs.example');
    await nhs.goto('/staff/plan/activities/new');
    // A mistake first: the error summary, then the fix.
    await go(nhs, () => nhs.getByRole('button', { name: 'Save and check for clashes' }).click());
    expect(await nhs.title()).toMatch(/^Error: /);
    await expectAccessible(nhs, 'activity form with errors');
    const nhsForm = new PlanActivityPage(nhs);
    await nhsForm.fill({
      title: 'Healthy homes survey in Thames View',
      purpose: 'Hear from tenants about damp and health.',
      rung: 'Consult',
      audiences: ['Council tenants and leaseholders'],
      topics: ['Health and wellbeing'],
      wards: ['Thames View'],
      start: londonDate(215),
      end: londonDate(245),
    });
    await nhsForm.save();
    const text = await main(nhs);
    expect(text).toContain('This activity may clash with 1 other activity');
    expect(text).toContain('Thames View recycling roadshow');
    expect(text).toContain('Both in Thames View');
    expect(text).toContain('Both ask Council tenants and leaseholders');
    await expectAccessible(nhs, 'activity page with a clash');

    await go(nhs, () => nhs.getByRole('button', { name: 'Join up with Thames View recycling roadshow' }).click());
    expect(await main(nhs)).toContain('Joined up with Thames View recycling roadshow');
    await expectAccessible(nhs, 'joined up');

    for (const [url, label] of [
      ['/staff/plan/load', 'load view'],
      ['/staff/plan/ladder', 'ladder dashboard'],
      ['/staff/toolkit', 'toolkit'],
      [
        '/staff/toolkit/picker?purpose=gather-views&rung=consult&audiences=council-tenants&weeks=8&budget=low',
        'method picker',
      ],
      ['/staff/events', 'staff diary'],
    ] as const) {
      await nhs.goto(url);
      await expectAccessible(nhs, label);
    }
    expect(await main(nhs)).toContain('Housing forum: repairs and damp');

    // The NHS officer's own event: the rota, the form and the registrations with access needs.
    const [youth] = await site.deps.database.query<{ id: string }>(
      `SELECT id FROM plan_events WHERE title = 'Youth forum: mental health support'`,
    );
    // The event says which forward plan activity it is part of: the officer picks the one that just
    // clashed (another organisation's, no longer an idea), and both pages show the link.
    await nhs.goto(`/staff/events/${youth!.id}/edit`);
    const activity = nhs.getByLabel('Which activity in the forward plan is this event part of? (optional)');
    const healthyHomes = activity.locator('option', { hasText: 'Healthy homes survey in Thames View' });
    await activity.selectOption(await healthyHomes.getAttribute('value'));
    await go(nhs, () => nhs.getByRole('button', { name: 'Save event' }).click());
    expect(await main(nhs)).toContain('Part of Healthy homes survey in Thames View (NHS North East London)');
    await expectAccessible(nhs, 'staff event linked to an activity');
    await go(nhs, () => nhs.getByRole('link', { name: 'Healthy homes survey in Thames View' }).click());
    expect(await main(nhs)).toMatch(/Events in the diary\s+Youth forum: mental health support/);
    await expectAccessible(nhs, 'activity with its events');

    for (const [url, label] of [
      [`/staff/events/${youth!.id}`, 'staff event with rota'],
      [`/staff/events/${youth!.id}/edit`, 'event form'],
      [`/staff/events/${youth!.id}/registrations`, 'registrations and attendance'],
      ['/staff/events/new', 'new event form'],
      ['/plan', 'public forward plan'],
    ] as const) {
      await nhs.goto(url);
      await expectAccessible(nhs, label);
    }
  });
});

describe('the engagement diary for residents', () => {
  it('registers with access needs with JavaScript off, then the waiting list fills', async () => {
    const resident = await site.newPage({ javaScript: false, width: 320, height: 640 });
    await resident.goto('/events');
    await expectAccessible(resident, 'events');
    await expectNoHorizontalScroll(resident);
    await go(resident, () => resident.getByRole('link', { name: 'Housing forum: repairs and damp' }).click());
    expect(await main(resident)).toContain('1 of 12 places left');
    await expectAccessible(resident, 'event');
    await go(resident, () => resident.getByRole('button', { name: 'Register for this event' }).click());
    await expectAccessible(resident, 'register');

    // Missing email first.
    await resident.getByLabel('Your name').fill('Grace Resident');
    await go(resident, () => resident.getByRole('button', { name: 'Register', exact: true }).click());
    expect(await resident.title()).toMatch(/^Error: /);
    expect(await main(resident)).toContain('Enter an email address');
    await expectAccessible(resident, 'register with errors');
    expect(await resident.getByLabel('Your name').inputValue()).toBe('Grace Resident');

    await resident.getByLabel('Email address').fill('grace@example.com');
    await resident.getByRole('checkbox', { name: 'A hearing loop' }).check();
    await resident.getByRole('checkbox', { name: 'A quiet space' }).check();
    await resident.getByLabel('Tell us about anything else').fill('I may need to leave early');
    await go(resident, () => resident.getByRole('button', { name: 'Register', exact: true }).click());
    expect(await main(resident)).toContain('You are registered');
    await expectAccessible(resident, 'registered');
    const [row] = await site.deps.database.query<{ status: string; answers: { access_needs: string[] } }>(
      `SELECT status, answers FROM plan_registrations WHERE email = 'grace@example.com'`,
    );
    expect(row!.status).toBe('confirmed');
    expect(row!.answers.access_needs).toEqual(['hearing_loop', 'quiet_space']);

    // The event is now full: the next resident joins the waiting list.
    const next = await site.newPage();
    await next.goto('/events');
    expect(await main(next)).toMatch(/Housing forum: repairs and damp[\s\S]*Full: waiting list/);
    await go(next, () => next.getByRole('link', { name: 'Housing forum: repairs and damp' }).click());
    await go(next, () => next.getByRole('button', { name: 'Join the waiting list' }).click());
    await expectAccessible(next, 'join the waiting list');
    await next.getByLabel('Your name').fill('Henry Resident');
    await next.getByLabel('Email address').fill('henry@example.com');
    await go(next, () => next.getByRole('button', { name: 'Join the waiting list' }).click());
    expect(await main(next)).toContain('You are on the waiting list');
    expect(await main(next)).toContain('You are number 1 on the list');
    await expectAccessible(next, 'on the waiting list');
  });
});
