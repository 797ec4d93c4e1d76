/**
 * The administrator's staff list with a locked account and a pending invitation: unlock, resend and
 * withdraw from the row buttons (named after the person), axe on every page, then the same list without JavaScript.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible } from './axe.ts';
import { startSite } from './harness.ts';
import { SignInPage } from './pages/sign-in.page.ts';

const site = await startSite();

async function go(page: Page, action: () => Promise<unknown>) {
  await Promise.all([page.waitForNavigation(), action()]);
}

const banner = (page: Page) => page.locator('main').innerText();

describe('staff administration', () => {
  it('invites, resends and withdraws an invitation and unlocks a locked account', async () => {
    // Someone has been locked out by wrong passwords.
    await site.deps.database.query(
      `UPDATE staff_users SET failed_sign_ins = 5, locked_until = now() + interval '15 minutes' WHERE email = 'officer@cvs.example'`,
    );
    const page = await site.newPage();
    await new SignInPage(page).signInAs('admin@council.example');
    await go(page, () => page.goto('/staff/admin/staff'));
    await expectAccessible(page, 'staff list');

    await go(page, () => page.getByRole('button', { name: 'Invite a member of staff' }).click());
    await expectAccessible(page, 'invite form');
    await page.getByLabel('Full name').fill('Iris Invited');
    await page.getByLabel('Email address').fill('iris@nhs.example');
    await page.getByLabel('Organisation').selectOption({ label: 'NHS North East London' });
    await page.getByLabel('Partner officer').check();
    await go(page, () => page.getByRole('button', { name: 'Send invitation' }).click());
    expect(await banner(page)).toContain('Invitation sent to iris@nhs.example');
    // The list now has both a locked and an invited row, each with its buttons.
    await expectAccessible(page, 'staff list with locked and invited rows');

    await go(page, () => page.getByRole('button', { name: 'Unlock Val Voluntary' }).click());
    expect(await banner(page)).toContain('Val Voluntary has been unlocked');
    expect(await page.getByRole('button', { name: 'Unlock Val Voluntary' }).count()).toBe(0);

    await go(page, () => page.getByRole('button', { name: 'Resend invitation to Iris Invited' }).click());
    expect(await banner(page)).toContain('A new invitation has been sent to iris@nhs.example');
    await expectAccessible(page, 'after resend');

    await go(page, () => page.getByRole('button', { name: 'Withdraw invitation to Iris Invited' }).click());
    expect(await banner(page)).toContain('The invitation to Iris Invited has been withdrawn');
    expect(await page.getByRole('cell', { name: 'iris@nhs.example' }).count()).toBe(0);
    await expectAccessible(page, 'after withdraw');
  });

  it('works without JavaScript', async () => {
    await site.deps.database.query(
      `UPDATE staff_users SET failed_sign_ins = 5, locked_until = now() + interval '15 minutes' WHERE email = 'officer@police.example'`,
    );
    const page = await site.newPage({ javaScript: false, width: 320, height: 640 });
    await new SignInPage(page).signInAs('admin@council.example');
    await go(page, () => page.goto('/staff/admin/staff'));
    await expectAccessible(page, 'staff list without JavaScript');
    await go(page, () => page.getByRole('button', { name: 'Unlock Pat Police' }).click());
    expect(await banner(page)).toContain('Pat Police has been unlocked');
  });
});
