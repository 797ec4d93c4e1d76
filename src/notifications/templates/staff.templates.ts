import type { MessageTemplate } from '../templates.ts';

/** Messages to staff. */
export const staffTemplates = {
  'staff-invitation': {
    channel: 'email',
    subject: () => 'You have been invited to Soundings',
    body: (p) =>
      `Hello ${p.name},\n\n${p.invitedBy} has invited you to Soundings as ${p.role} for ${p.organisation}.\n\n` +
      `Set your password to accept the invitation:\n${p.link}\n\nThe link works once and expires on ${p.expires}.`,
  },
} satisfies Record<string, MessageTemplate>;
