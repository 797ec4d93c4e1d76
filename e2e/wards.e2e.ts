/**
 * Knowing the borough (issue 12): a councillor reads their ward's profile; an officer logs what
 * residents said (after being warned about a phone number) and sees it on the ward's trend; a lead
 * officer updates an action and the quarterly report shows it; a resident reads the public ward
 * pages with JavaScript off at 320px. Axe on every page visited.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, expectNoHorizontalScroll } from './axe.ts';
import { startSite } from './harness.ts';
import { SignInPage } from './pages/sign-in.page.ts';

const site = await startSite();

async function go(page: Page, action: () => Promise<unknown>) {
  await Promise.all([page.waitForNavigation(), action()]);
}
const main = (page: Page) => page.locator('main').innerText();

describe('ward profiles, community intelligence and the action plan', () => {
  it('a councillor finds their own wards first and reads one of their profiles', async () => {
    const page = await site.newPage();
    await new SignInPage(page).signInAs('councillor@council.example');
    await page.goto('/staff/wards');
    await expectAccessible(page, 'staff ward list');
    const yours = page.locator('h2:has-text("Your wards") + ul a').first();
    const name = (await yours.textContent())!.trim();
    await go(page, () => yours.click());
    await expectAccessible(page, 'staff ward profile');
    const text = await main(page);
    expect(text).toContain(name);
    expect(text).toContain('Your ward');
    expect(text).toContain('Engagement in');
    expect(text).toContain('Latest items');
    expect(text).toContain('Demo figures');
  });

  it('an officer logs what residents said, fixes a phone number they typed, and sees it on the ward trend', async () => {
    const page = await site.newPage();
    await new SignInPage(page).signInAs('officer@cvs.example');
    await page.goto('/staff/intelligence');
    await expectAccessible(page, 'intelligence list');
    await go(page, () => page.getByRole('link', { name: 'Record what residents told you' }).click());
    await expectAccessible(page, 'record intelligence');
    await page.getByLabel('Ward surgery').check();
    const [wardName] = await page.locator('#wardCode').selectOption({ index: 3 });
    const chosen = (await page.locator(`#wardCode option[value="${wardName}"]`).textContent())!.trim();
    await page.getByLabel('Culture, libraries and leisure').check();
    await page.getByLabel('Summary of what you heard').fill('The library is closing early; call Jo on 07700 900123');
    await page.getByLabel('Positive').check();
    await page.getByRole('group', { name: 'Does someone need to act on this?' }).getByLabel('No').check();
    await go(page, () => page.getByRole('button', { name: 'Save' }).click());
    expect(await page.title()).toMatch(/^Error: /);
    expect(await main(page)).toContain('Remove the phone number from the summary');
    await expectAccessible(page, 'record intelligence with a warning');
    await page.getByLabel('Summary of what you heard').fill('Residents want the library open later on weekdays');
    await go(page, () => page.getByRole('button', { name: 'Save' }).click());
    expect(await main(page)).toContain('What you heard has been recorded');
    expect(await main(page)).toContain(`Trend in ${chosen}`);
    const row = page.locator('#trend-table tr', { hasText: 'Culture, libraries and leisure' });
    expect(await row.locator('td').last().textContent()).toMatch(/^[1-9]\d*$/);
    expect(await main(page)).toContain('Residents want the library open later on weekdays');
    await expectAccessible(page, 'ward trend');
  });

  it('a lead officer updates an action, and the quarterly report for cabinet shows it', async () => {
    const page = await site.newPage();
    await new SignInPage(page).signInAs('housing@council.example');
    await page.goto('/staff/action-plan');
    await expectAccessible(page, 'action plan');
    await go(page, () =>
      page
        .getByRole('link', {
          name: "Refresh the Engagement and Empowerment toolkit and brief the Engagement Officers' Group on it",
        })
        .click(),
    );
    await expectAccessible(page, 'action');
    await go(page, () => page.getByRole('button', { name: 'Add an update' }).click());
    await expectAccessible(page, 'action update form');
    await page.getByLabel('On track').check();
    await page
      .getByLabel('What has happened since the last update?')
      .fill('Draft toolkit shared with the Engagement Officers Group for comments.');
    await page.getByLabel('Evidence (optional)').fill('Toolkit draft v2 on the partnership site');
    await go(page, () => page.getByRole('button', { name: 'Add update' }).click());
    expect(await main(page)).toContain('Update added');
    await expectAccessible(page, 'action after update');
    await page.goto('/staff/action-plan');
    await go(page, () => page.getByRole('link', { name: /^Progress report for/ }).click());
    await expectAccessible(page, 'quarterly report');
    const report = await main(page);
    expect(report).toContain('Report to cabinet and scrutiny');
    expect(report).toContain('Draft toolkit shared with the Engagement Officers Group for comments.');
    expect(report).toContain('Evidence: Toolkit draft v2 on the partnership site');
  });

  it('a resident reads the borough overview and a ward profile with JavaScript off at 320px', async () => {
    const page = await site.newPage({ javaScript: false, width: 320, height: 640 });
    await page.goto('/');
    await go(page, () => page.getByRole('link', { name: 'Wards', exact: true }).first().click());
    expect(page.url()).toMatch(/\/wards$/);
    await expectAccessible(page, 'ward overview');
    await expectNoHorizontalScroll(page);
    const text = await main(page);
    expect(text).toContain('Key');
    expect(text).toContain('Wards compared');
    expect(text).toContain('Open Government Licence v3.0');
    const link = page.locator('main ul.govuk-list a').first();
    const name = (await link.textContent())!.trim();
    await go(page, () => link.click());
    await expectAccessible(page, 'public ward profile');
    await expectNoHorizontalScroll(page);
    const profile = await main(page);
    expect(profile).toContain(`${name}`);
    expect(profile).toContain('Population profile');
    expect(profile).toContain('Demo');
    expect(profile).toContain('What people in');
    await page.goto('/action-plan');
    await expectAccessible(page, 'public action plan reports');
    await expectNoHorizontalScroll(page);
  });
});
