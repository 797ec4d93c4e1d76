/**
 * The staff questionnaire builder under /staff/consultations/:id/questionnaire: the overview,
 * "Add a page", the question type chooser and the question form, through their visible labels.
 * Works the same with JavaScript off (plain links and forms).
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export class BuilderPage {
  constructor(private readonly page: Page) {}

  private async go(action: () => Promise<unknown>) {
    await Promise.all([this.page.waitForNavigation(), action()]);
  }

  async heading() {
    return ((await this.page.getByRole('heading', { level: 1 }).textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  /** The success banner after a save, like "Page added". */
  async flash() {
    return ((await this.page.locator('.govuk-notification-banner--success').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  /** Buttons that are links (GOV.UK "button" links) and real buttons alike. */
  async press(name: string) {
    await this.go(() => this.page.getByRole('button', { name, exact: true }).click());
  }

  async follow(name: string) {
    await this.go(() => this.page.getByRole('link', { name, exact: true }).click());
  }

  async addPage(title: string, options: { submitEmptyFirst?: () => Promise<void> } = {}) {
    await this.press('Add a page');
    expect(await this.heading()).toBe('Add a page');
    if (options.submitEmptyFirst) {
      await this.press('Save page');
      await options.submitEmptyFirst();
    }
    await this.page.getByLabel('Page title', { exact: true }).fill(title);
    await this.press('Save page');
    expect(await this.flash()).toContain('Page added');
  }

  /** "Add a question to page N", then the type chooser. Leaves the question form open. */
  async chooseQuestionType(pageNumber: number, typeLabel: string) {
    await this.press(`Add a question to page ${pageNumber}`);
    expect(await this.heading()).toContain('What type of question do you want to add?');
    await this.page.getByLabel(typeLabel, { exact: true }).check();
    await this.press('Continue');
  }

  async fillQuestion(q: {
    text: string;
    required: boolean;
    options?: string[];
    key?: string;
    /** "Question text – Option label" from the condition select. */
    showWhen?: string;
  }) {
    const p = this.page;
    await p.getByLabel('Question text', { exact: true }).fill(q.text);
    await p
      .getByRole('group', { name: 'Must people answer this question?' })
      .getByLabel(q.required ? 'Yes, required' : 'No, optional', { exact: true })
      .check();
    if (q.options) await p.getByLabel('Options', { exact: true }).fill(q.options.join('\n'));
    if (q.key) await p.getByLabel('Key (optional)', { exact: true }).fill(q.key);
    if (q.showWhen) {
      await p.getByLabel('Show only when this answer was given on an earlier page').selectOption({ label: q.showWhen });
      await p.getByRole('group', { name: 'How the answer must match' }).getByLabel('The answer is this', { exact: true }).check();
    }
  }

  async addQuestion() {
    await this.press('Add question');
    expect(await this.flash()).toContain('Question added');
  }

  /** The text of one page's section on the overview, like "Page 1: Getting about …". */
  async pageSection(number: number) {
    const section = this.page.locator('section.app-builder-page').filter({ has: this.page.getByRole('heading', { name: new RegExp(`^Page ${number}: `) }) });
    return ((await section.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }
}
