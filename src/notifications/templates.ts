/**
 * The message catalogue. Each template is rendered here and sent through one generic Notify
 * template per channel (personalisation `subject` and `body`), so councils configure two IDs in
 * Notify rather than one per message.
 */
export interface MessageTemplate {
  channel: 'email' | 'sms';
  subject: (p: Record<string, string>) => string;
  body: (p: Record<string, string>) => string;
}

export const templates = {
  'staff-invitation': {
    channel: 'email',
    subject: () => 'You have been invited to Soundings',
    body: (p) =>
      `Hello ${p.name},\n\n${p.invitedBy} has invited you to Soundings as ${p.role} for ${p.organisation}.\n\n` +
      `Set your password to accept the invitation:\n${p.link}\n\nThe link works once and expires on ${p.expires}.`,
  },
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
