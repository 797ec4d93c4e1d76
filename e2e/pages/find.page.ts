/** The public "Find a consultation" page: keyword, status, ward, topic and organisation filters. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export class FindPage {
  constructor(private readonly page: Page) {}

  async expectOnPage() {
    expect(new URL(this.page.url()).pathname).toBe('/consultations');
    expect(await this.page.getByRole('heading', { level: 1 }).textContent()).toBe('Find a consultation');
  }

  async filter(filters: { ward?: string; topic?: string; organisation?: string; q?: string }) {
    const form = this.page.getByRole('search', { name: 'Filter consultations' });
    if (filters.q !== undefined) await form.getByLabel('Search', { exact: true }).fill(filters.q);
    if (filters.ward) await form.getByLabel('Ward', { exact: true }).selectOption({ label: filters.ward });
    if (filters.topic) await form.getByLabel('Topic', { exact: true }).selectOption({ label: filters.topic });
    if (filters.organisation) await form.getByLabel('Organisation', { exact: true }).selectOption({ label: filters.organisation });
    await Promise.all([this.page.waitForNavigation(), form.getByRole('button', { name: 'Apply filters' }).click()]);
  }

  /** The heading above the results, like "2 open consultations". */
  async resultsHeading() {
    return ((await this.page.locator('#results-heading').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  /** Titles of the consultations listed, in order. */
  async resultTitles() {
    return this.page.locator('.app-result-list').getByRole('heading').allTextContents().then((all) => all.map((t) => t.trim()));
  }

  async open(title: string) {
    await Promise.all([this.page.waitForNavigation(), this.page.getByRole('link', { name: title, exact: true }).click()]);
    expect(await this.page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
  }
}
