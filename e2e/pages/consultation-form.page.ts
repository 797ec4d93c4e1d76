/** The staff "Create a consultation" and "Edit" form, filled through its visible GOV.UK labels. */
import type { Page } from 'playwright-core';
import type { DateParts } from './dates.ts';

export interface ConsultationAnswers {
  title?: string;
  summary?: string;
  background?: string;
  proposal?: string;
  whatCanChange?: string;
  whatCannotChange?: string;
  howResponsesUsed?: string;
  ladder?: 'Inform' | 'Consult' | 'Involve' | 'Collaborate' | 'Empower';
  decisionMaker?: string;
  decisionDate?: DateParts;
  topics?: string[];
  wards?: string[];
  audiences?: { group: string; label: string }[];
  opens?: DateParts;
  opensTime?: string;
  closes?: DateParts;
  closesTime?: string;
  offlineResponse?: string;
  contactDetails?: string;
}

export class ConsultationFormPage {
  constructor(private readonly page: Page) {}

  private async date(legend: string, parts: DateParts) {
    const group = this.page.getByRole('group', { name: legend });
    await group.getByLabel('Day').fill(parts.day);
    await group.getByLabel('Month').fill(parts.month);
    await group.getByLabel('Year').fill(parts.year);
  }

  async fill(a: ConsultationAnswers) {
    const p = this.page;
    const text: [keyof ConsultationAnswers, string][] = [
      ['title', 'Title'],
      ['summary', 'Summary'],
      ['background', 'Background'],
      ['proposal', 'Proposal'],
      ['whatCanChange', 'What can change as a result of this consultation'],
      ['whatCannotChange', 'What cannot change'],
      ['howResponsesUsed', 'How responses will be used'],
      ['decisionMaker', 'Who will make the decision'],
      ['offlineResponse', 'How to respond on paper or by phone'],
      ['contactDetails', 'Contact details'],
    ];
    for (const [key, label] of text) {
      const value = a[key];
      if (typeof value === 'string') await p.getByLabel(label, { exact: true }).fill(value);
    }
    if (a.ladder) await p.getByRole('group', { name: 'How much influence will people have?' }).getByLabel(a.ladder, { exact: true }).check();
    if (a.decisionDate) await this.date('Expected decision date', a.decisionDate);
    for (const topic of a.topics ?? []) await p.getByRole('group', { name: 'Topics' }).getByLabel(topic, { exact: true }).check();
    for (const ward of a.wards ?? []) await p.getByRole('group', { name: 'Or the wards affected' }).getByLabel(ward, { exact: true }).check();
    for (const audience of a.audiences ?? []) await p.getByRole('group', { name: audience.group }).getByLabel(audience.label, { exact: true }).check();
    if (a.opens) await this.date('Opening date', a.opens);
    if (a.opensTime) await p.getByLabel('Opening time').selectOption({ label: a.opensTime });
    if (a.closes) await this.date('Closing date', a.closes);
    if (a.closesTime) await p.getByLabel('Closing time').selectOption({ label: a.closesTime });
  }

  async save() {
    const button = this.page.getByRole('button', { name: /^Save (draft|changes)$/ });
    await Promise.all([this.page.waitForNavigation(), button.click()]);
  }
}
