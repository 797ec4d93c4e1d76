/** The forward plan's "Add an activity" form, filled as an officer would, by visible labels. */
import type { Page } from 'playwright-core';
import type { DateParts } from './dates.ts';

export interface ActivityDetails {
  title: string;
  purpose: string;
  rung: string;
  audiences: string[];
  topics: string[];
  wards: string[];
  start: DateParts;
  end: DateParts;
}

export class PlanActivityPage {
  constructor(private readonly page: Page) {}

  async fill(details: ActivityDetails) {
    const page = this.page;
    await page.getByLabel('Title', { exact: true }).fill(details.title);
    await page.getByLabel('Purpose', { exact: true }).fill(details.purpose);
    await page.getByRole('radio', { name: details.rung, exact: true }).check();
    for (const audience of details.audiences) await page.getByRole('checkbox', { name: audience, exact: true }).check();
    for (const topic of details.topics) await page.getByRole('checkbox', { name: topic, exact: true }).check();
    for (const ward of details.wards) await page.getByRole('checkbox', { name: ward, exact: true }).check();
    for (const [field, date] of [
      ['startDate', details.start],
      ['endDate', details.end],
    ] as const) {
      await page.locator(`#${field}-day`).fill(date.day);
      await page.locator(`#${field}-month`).fill(date.month);
      await page.locator(`#${field}-year`).fill(date.year);
    }
  }

  async save() {
    await Promise.all([
      this.page.waitForNavigation(),
      this.page.getByRole('button', { name: 'Save and check for clashes' }).click(),
    ]);
  }
}
