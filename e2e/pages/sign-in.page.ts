/** The staff sign-in page and the sign-out button in the staff bar. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../harness.ts';
import { expectAccessible } from '../axe.ts';

export class SignInPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto('/sign-in');
    expect(await this.page.getByRole('heading', { level: 1 }).textContent()).toContain('Sign in');
    await expectAccessible(this.page, 'sign-in');
  }

  async submit(email: string, password: string) {
    await this.page.getByLabel('Email address').fill(email);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await Promise.all([this.page.waitForLoadState('load'), this.page.getByRole('button', { name: 'Sign in' }).click()]);
  }

  /** Opens the page, signs in with the demo password and checks the staff bar says who is signed in. */
  async signInAs(email: string, password = DEMO_PASSWORD) {
    await this.open();
    await this.submit(email, password);
    await this.page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    expect(await this.page.getByText('Signed in as').textContent()).toMatch(/Signed in as/);
  }

  async signOut() {
    await this.page.getByRole('button', { name: 'Sign out' }).click();
    await this.page.waitForURL((url) => url.pathname === '/sign-in');
    expect(await this.page.getByText('Signed in as').count()).toBe(0);
  }
}
