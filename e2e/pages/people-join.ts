/** Page object for the residents' panel: the joining questions and the member's account pages. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll } from '../axe.ts';

export class PeopleJoin {
  constructor(private readonly page: Page) {}

  async check(label: string) {
    await expectAccessible(this.page, label);
    await expectNoHorizontalScroll(this.page);
  }

  async heading() {
    return (await this.page.getByRole('heading', { level: 1 }).first().textContent())?.trim() ?? '';
  }

  /** Clicks a button or link that loads a new page. */
  async go(name: string, role: 'button' | 'link' = 'button') {
    await Promise.all([
      this.page.waitForLoadState('load'),
      this.page.waitForNavigation(),
      this.page.getByRole(role, { name, exact: true }).first().click(),
    ]);
  }

  async continue(label: string) {
    await this.go('Continue');
    await this.check(label);
  }

  async tick(...labels: string[]) {
    for (const label of labels) await this.page.getByLabel(label, { exact: true }).check();
  }

  async fill(label: string, value: string) {
    await this.page.getByLabel(label, { exact: true }).fill(value);
  }

  async expectError(text: string) {
    const summary = this.page.locator('.govuk-error-summary');
    expect(await summary.textContent()).toContain(text);
    expect(await this.page.title()).toMatch(/^Error: /);
  }
}
