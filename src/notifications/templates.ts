/**
 * The message catalogue. Each template is rendered here and sent through one generic Notify
 * template per channel (personalisation `subject` and `body`), so councils configure two IDs in
 * Notify rather than one per message. Each area keeps its messages in templates/<area>.templates.ts.
 */
import { channelsTemplates } from './templates/channels.templates.ts';
import { budgetingTemplates } from './templates/budgeting.templates.ts';
import { feedbackTemplates } from './templates/feedback.templates.ts';
import { peopleTemplates } from './templates/people.templates.ts';
import { petitionTemplates } from './templates/petitions.templates.ts';
import { planTemplates } from './templates/plan.templates.ts';
import { responseTemplates } from './templates/responses.templates.ts';
import { staffTemplates } from './templates/staff.templates.ts';

export interface MessageTemplate {
  channel: 'email' | 'sms';
  subject: (p: Record<string, string>) => string;
  body: (p: Record<string, string>) => string;
}

export const templates = {
  ...staffTemplates,
  ...responseTemplates,
  ...feedbackTemplates,
  ...planTemplates,
  ...peopleTemplates,
  ...channelsTemplates,
  ...petitionTemplates,
  ...budgetingTemplates,
} satisfies Record<string, MessageTemplate>;

export type TemplateKey = keyof typeof templates;

export function renderTemplate(key: TemplateKey, personalisation: Record<string, string>) {
  const template: MessageTemplate = templates[key];
  return {
    channel: template.channel,
    subject: template.subject(personalisation),
    body: template.body(personalisation),
  };
}
