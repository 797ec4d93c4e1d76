import type { MessageTemplate } from '../templates.ts';

/** Messages to people responding to consultations. */
export const responseTemplates = {  'response-receipt': {
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
