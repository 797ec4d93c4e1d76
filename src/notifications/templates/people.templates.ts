import type { MessageTemplate } from '../templates.ts';

/** The residents' panel (issue 6). Links are single-use and personal, so each message says so. */
export const peopleTemplates = {
  'people-confirm': {
    channel: 'email',
    subject: () => 'Confirm you want to join the residents’ panel',
    body: (p) =>
      `Hello ${p.name},\n\nThank you for asking to join ${p.panels}.\n\n` +
      `Confirm your email address to finish joining:\n${p.link}\n\n` +
      `The link works once and expires on ${p.expires}. We will not contact you about the panel until you confirm. ` +
      `If you did not ask to join, ignore this email and we will delete your details.`,
  },
  'people-invited-to-confirm': {
    channel: 'email',
    subject: (p) => `${p.organisation} would like you to join the residents’ panel`,
    body: (p) =>
      `Hello ${p.name},\n\n${p.organisation} holds your details from an earlier list and would like to keep you ` +
      `informed through ${p.panels}.\n\nIf you would like that, confirm here:\n${p.link}\n\n` +
      `If you do not confirm by ${p.expires}, we will not contact you again about the panel.`,
  },
  'people-confirm-sms': {
    channel: 'sms',
    subject: () => 'Confirm joining the residents’ panel',
    body: (p) =>
      `Confirm you want to join the residents’ panel: ${p.link} (works once, until ${p.expires}). ` +
      `If you did not ask to join, ignore this message.`,
  },
  'people-share-invitation': {
    channel: 'email',
    subject: (p) => `${p.organisation} would like to add you to ${p.panels}`,
    body: (p) =>
      `Hello,\n\n${p.organisation} has this email address on one of its own lists and would like to add you to ` +
      `${p.panels} through them.\n\nIf you agree, ${p.organisation} will be able to see the details you have given ` +
      `the panel. Agree here:\n${p.link}\n\nThe link works once and expires on ${p.expires}. If you do nothing, ` +
      `nothing changes: ${p.organisation} is not given your details and you will not hear about this again.`,
  },
  'people-share-invitation-sms': {
    channel: 'sms',
    subject: () => 'Join the residents’ panel',
    body: (p) =>
      `${p.organisation} would like to add you to the residents’ panel and see the details you gave it. ` +
      `To agree, use this link by ${p.expires}: ${p.link} If you do nothing, nothing changes.`,
  },
  'people-invited-to-confirm-sms': {
    channel: 'sms',
    subject: () => 'Join the residents’ panel',
    body: (p) =>
      `${p.organisation} would like to keep you informed through the residents’ panel. ` +
      `To agree, confirm here by ${p.expires}: ${p.link}`,
  },
  'people-already-member': {
    channel: 'email',
    subject: () => 'You are already on the residents’ panel',
    body: (p) =>
      `Someone asked to join the residents’ panel with this email address, which is already on it.\n\n` +
      `To change your details or what you hear about, sign in with this link:\n${p.link}\n\n` +
      `The link works once and expires on ${p.expires}. If this was not you, you can ignore this email.`,
  },
  'people-sign-in': {
    channel: 'email',
    subject: () => 'Your link to manage your residents’ panel membership',
    body: (p) =>
      `Use this link to see and change your details, pause or leave the panel, or download what we hold about you:\n` +
      `${p.link}\n\nThe link works once and expires on ${p.expires}. If you did not ask for it, you can ignore this email.`,
  },
  'people-change-email': {
    channel: 'email',
    subject: () => 'Confirm your new email address for the residents’ panel',
    body: (p) =>
      `Hello ${p.name},\n\nYou asked to use this email address for the residents’ panel.\n\n` +
      `Confirm it with this link:\n${p.link}\n\n` +
      `The link works once and expires on ${p.expires}. We keep using your old address until you confirm. ` +
      `If you did not ask for this, ignore this email.`,
  },
  'people-email-change-requested': {
    channel: 'email',
    subject: () => 'Someone asked to change your residents’ panel email address',
    body: (p) =>
      `Hello ${p.name},\n\nSomeone signed in to your residents’ panel membership and asked to change its ` +
      `email address. We will keep using this address unless the new one is confirmed.\n\n` +
      `If this was you, there is nothing to do here. If it was not, sign in with this address and check your ` +
      `details: ${p.signIn}`,
  },
  'people-email-change-requested-sms': {
    channel: 'sms',
    subject: () => 'Residents’ panel email change',
    body: (p) =>
      `Someone asked to add or change the email address on your residents’ panel membership. ` +
      `If this was not you, contact us or check your details: ${p.signIn}`,
  },
  'people-email-changed': {
    channel: 'email',
    subject: () => 'Your residents’ panel email address has changed',
    body: (p) =>
      `Hello ${p.name},\n\nThe email address for your residents’ panel membership has been changed, and we ` +
      `will no longer write to this address.\n\nIf you did not ask for this, contact us straight away. ` +
      `You can also ask for a sign-in link at ${p.signIn}`,
  },
  'people-retention-reminder': {
    channel: 'email',
    subject: () => 'Do you want to stay on the residents’ panel?',
    body: (p) =>
      `Hello ${p.name},\n\nYou have not taken part in the residents’ panel for a while. ` +
      `To stay on it, sign in with this link:\n${p.link}\n\n` +
      `If you do not, we will delete your details on ${p.eraseOn}.`,
  },
  'people-focus-group': {
    channel: 'email',
    subject: (p) => `You are invited to a focus group: ${p.focusGroup}`,
    body: (p) =>
      `Hello ${p.name},\n\nAs a member of ${p.panel}, you are invited to take part in a focus group: ${p.focusGroup}.\n\n` +
      `Reply to this email to say whether you can come. Taking part is always optional.`,
  },
} satisfies Record<string, MessageTemplate>;
