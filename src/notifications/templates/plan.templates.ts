import type { MessageTemplate } from '../templates.ts';

const details = (p: Record<string, string>) =>
  `When: ${p.when}\nWhere: ${p.where}\n` +
  (p.access ? `Access: ${p.access}\n` : '') +
  `\nMore about the event:\n${p.link}`;

/** Event registrations and the engagement diary (issue 5). */
export const planTemplates = {
  'event-registration-confirmed': {
    channel: 'email',
    subject: (p) => `You are booked on: ${p.title}`,
    body: (p) =>
      `Hello ${p.name},\n\nYou have a place at "${p.title}". Your reference is ${p.reference}.\n\n${details(p)}\n\n` +
      (p.accessNeeds
        ? `You told us about these access needs: ${p.accessNeeds}. The organiser will be in touch if they need to know more.\n\n`
        : '') +
      `If you can no longer come, please cancel so someone on the waiting list can have your place:\n${p.cancelLink}`,
  },
  'event-registration-waiting': {
    channel: 'email',
    subject: (p) => `You are on the waiting list for: ${p.title}`,
    body: (p) =>
      `Hello ${p.name},\n\n"${p.title}" is full, so you are number ${p.position} on the waiting list. Your reference is ${p.reference}.\n\n` +
      `We will email you if a place becomes free.\n\n${details(p)}\n\nTo leave the waiting list:\n${p.cancelLink}`,
  },
  'event-place-offered': {
    channel: 'email',
    subject: (p) => `A place is now free for you: ${p.title}`,
    body: (p) =>
      `Hello ${p.name},\n\nSomeone has cancelled, so you now have a place at "${p.title}". Your reference is still ${p.reference}.\n\n` +
      `${details(p)}\n\nIf you can no longer come, use the cancel link in the email we sent when you joined the waiting list.`,
  },
  'event-reminder': {
    channel: 'email',
    subject: (p) => `Reminder: ${p.title} is tomorrow`,
    body: (p) =>
      `Hello ${p.name},\n\nThis is a reminder that you have a place at "${p.title}". Your reference is ${p.reference}.\n\n${details(p)}\n\n` +
      `If you can no longer come, please use the cancel link in your booking email.`,
  },
  'event-cancelled-by-organiser': {
    channel: 'email',
    subject: (p) => `Cancelled: ${p.title}`,
    body: (p) =>
      `Hello ${p.name},\n\nWe are sorry: "${p.title}" on ${p.when} has been cancelled. Your registration ${p.reference} is no longer needed.\n\n` +
      `See other events and any new date:\n${p.link}`,
  },
  'event-cancelled-by-you': {
    channel: 'email',
    subject: (p) => `Cancelled: your place at ${p.title}`,
    body: (p) =>
      `Hello ${p.name},\n\nWe have cancelled your registration ${p.reference} for "${p.title}". You do not need to do anything else.`,
  },
} satisfies Record<string, MessageTemplate>;
