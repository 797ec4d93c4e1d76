import type { MessageTemplate } from '../templates.ts';

/** Messages to staff. */
export const staffTemplates = {
  'staff-sign-in-attempts': {
    channel: 'email',
    subject: () => 'Several failed attempts to sign in to your Soundings account',
    body: (p) =>
      `Hello ${p.name},\n\nThere have been ${p.attempts} failed attempts to sign in to your Soundings account. ` +
      `Until the right password is given, new sign-in attempts from other devices have to wait a little ` +
      `longer each time.\n\nThe device you usually sign in from is not affected: you can sign in there as normal.\n\n` +
      `If this was not you, nothing else is needed: your password has not been changed. If you have forgotten ` +
      `your password, ask an administrator, who can also lift the wait.`,
  },
  'staff-invitation': {
    channel: 'email',
    subject: () => 'You have been invited to Soundings',
    body: (p) =>
      `Hello ${p.name},\n\n${p.invitedBy} has invited you to Soundings as ${p.role} for ${p.organisation}.\n\n` +
      `Set your password to accept the invitation:\n${p.link}\n\nThe link works once and expires on ${p.expires}.`,
  },
} satisfies Record<string, MessageTemplate>;
