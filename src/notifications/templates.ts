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
  'response-receipt': {
    channel: 'email',
    subject: (p) => `Your response to ${p.title}: ${p.reference}`,
    body: (p) =>
      `Thank you for your response to "${p.title}".\n\nYour reference number is ${p.reference}. ` +
      `Quote it if you contact us about your response.\n\n` +
      (p.updates === 'yes' ? `We will email you when we publish what we heard and what we decided.\n\n` : '') +
      `You can read about the consultation here:\n${p.link}`,
  },
  'response-resume': {
    channel: 'email',
    subject: (p) => `Continue your response to ${p.title}`,
    body: (p) =>
      `You saved your response to "${p.title}" to finish later.\n\nUse this link to carry on where you left off:\n${p.link}\n\n` +
      `The link works once and stops working when the consultation closes. If you did not ask for it, you can ignore this email.`,
  },
  'response-invitation': {
    channel: 'email',
    subject: (p) => `You are invited to take part: ${p.title}`,
    body: (p) =>
      `You are invited to respond to "${p.title}".\n\nThis link is just for you, so please do not share it:\n${p.link}`,
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
