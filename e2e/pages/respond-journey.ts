/**
 * The resident's questionnaire journey under /consultations/:slug/respond, driven through the
 * visible GOV.UK labels and legends of each question type (question.njk). Every question label
 * not marked required ends in " (optional)".
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export class RespondPage {
  constructor(private readonly page: Page) {}

  private async go(action: () => Promise<unknown>) {
    await Promise.all([this.page.waitForNavigation(), action()]);
  }

  async heading() {
    return ((await this.page.getByRole('heading', { level: 1 }).textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  async expectHeading(text: string) {
    expect(await this.heading()).toBe(text);
  }

  path() {
    return new URL(this.page.url()).pathname;
  }

  private group(legend: string) {
    return this.page.getByRole('group', { name: legend, exact: true });
  }

  /** A radio in a single choice or agreement question (or any radio group by its legend). */
  async choose(legend: string, option: string) {
    await this.group(legend).getByLabel(option, { exact: true }).check();
  }

  async isChosen(legend: string, option: string) {
    return this.group(legend).getByLabel(option, { exact: true }).isChecked();
  }

  /** Ticks boxes in a multiple choice question. */
  async tick(legend: string, options: string[]) {
    for (const option of options) await this.group(legend).getByLabel(option, { exact: true }).check();
  }

  /** A text, long text, number, postcode or email field by its label. */
  async fill(label: string, value: string) {
    await this.page.getByLabel(label, { exact: true }).fill(value);
  }

  async valueOf(label: string) {
    return this.page.getByLabel(label, { exact: true }).inputValue();
  }

  /** A dropdown or ward question. */
  async select(label: string, option: string) {
    await this.page.getByLabel(label, { exact: true }).selectOption({ label: option });
  }

  /** A matrix question: one radio group per row, inside the question's fieldset. */
  async matrix(legend: string, rows: Record<string, string>) {
    const question = this.group(legend);
    for (const [row, choice] of Object.entries(rows)) {
      await question.getByRole('group', { name: row, exact: true }).getByLabel(choice, { exact: true }).check();
    }
  }

  /** A ranking question: one "Choose a rank" select per option. */
  async rank(legend: string, order: string[]) {
    const question = this.group(legend);
    for (const [index, option] of order.entries()) {
      await question.getByLabel(option, { exact: true }).selectOption({ label: String(index + 1) });
    }
  }

  async continue() {
    await this.go(() => this.page.getByRole('button', { name: 'Continue', exact: true }).click());
  }

  async saveAndComeBackLater() {
    await this.go(() => this.page.getByRole('button', { name: 'Save and come back later' }).click());
  }

  /** The links in the GOV.UK error summary ("There is a problem"), or [] when there is none. */
  async errorSummary() {
    const summary = this.page.locator('.govuk-error-summary');
    if ((await summary.count()) === 0) return [];
    expect(await summary.getByRole('heading').textContent()).toContain('There is a problem');
    return (await summary.getByRole('link').allTextContents()).map((text) => text.trim());
  }

  /** "About your response": who is responding, publishing, and an optional receipt. */
  async aboutYourResponse(a: { as: string; publish: string; email?: string; updates?: boolean }) {
    await this.choose('Are you responding as an individual or on behalf of an organisation?', a.as);
    await this.choose('May we publish your response?', a.publish);
    if (a.email !== undefined) await this.fill('Email address', a.email);
    if (a.updates) await this.page.getByLabel('Tell me when feedback on this consultation is published').check();
  }

  /** Check answers: the row for a question, as "key: value" text. */
  async answerRow(question: string) {
    const row = this.page.locator('.govuk-summary-list__row').filter({ has: this.page.locator('dt', { hasText: question }) });
    return ((await row.locator('dd.govuk-summary-list__value').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  /** Follows the "Change" link for one question on the check answers page. */
  async change(question: string) {
    await this.go(() => this.page.getByRole('link', { name: `Change ${question.toLowerCase()}`, exact: true }).click());
  }

  async send() {
    await this.go(() => this.page.getByRole('button', { name: 'Send your response' }).click());
  }

  /** The reference number in the confirmation panel. */
  async reference() {
    const panel = (await this.page.locator('.govuk-panel').textContent()) ?? '';
    const match = /SDG-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(panel);
    expect(match, `no reference in: ${panel}`).not.toBeNull();
    return match![0];
  }
}
