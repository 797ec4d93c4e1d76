import type { MessageTemplate } from '../templates.ts';

const unsubscribeLine = (p: Record<string, string>) =>
  p.unsubscribe ? `\n\nTo stop these messages, unsubscribe with one click:\n${p.unsubscribe}` : '';
const smsStop = (p: Record<string, string>) => (p.unsubscribe ? ` Stop: ${p.unsubscribe}` : '');

/** Feedback, decisions, subscriptions, reminders and challenges (issue 4). */
export const feedbackTemplates = {
  'subscription-confirm': {
    channel: 'email',
    subject: () => 'Confirm your subscription to consultation updates',
    body: (p) =>
      `You asked to hear about ${p.scope}.\n\nConfirm your subscription with this link:\n${p.link}\n\n` +
      `If you did not ask for this, ignore this email and you will not hear from us again.`,
  },
  'subscription-confirm-sms': {
    channel: 'sms',
    subject: () => 'Confirm your subscription',
    body: (p) => `Confirm you want texts about ${p.scope}: ${p.link} (ignore this if it was not you)`,
  },
  'subscription-new-consultation': {
    channel: 'email',
    subject: (p) => `New consultation: ${p.title}`,
    body: (p) =>
      `A new consultation has opened: "${p.title}".\n\n${p.summary}\n\nIt closes on ${p.closes}. ` +
      `Read about it and have your say:\n${p.link}${unsubscribeLine(p)}`,
  },
  'subscription-new-consultation-sms': {
    channel: 'sms',
    subject: (p) => `New consultation: ${p.title}`,
    body: (p) => `New consultation: ${p.title}. Closes ${p.closes}. ${p.link}${smsStop(p)}`,
  },
  'subscription-new-event': {
    channel: 'email',
    subject: (p) => `New event: ${p.title}`,
    body: (p) =>
      `A new event has been added that matches your subscription: "${p.title}".\n\n${p.summary}\n\n` +
      `When: ${p.when}\nWhere: ${p.where}\n\nFind out more and book a place:\n${p.link}${unsubscribeLine(p)}`,
  },
  'subscription-new-event-sms': {
    channel: 'sms',
    subject: (p) => `New event: ${p.title}`,
    body: (p) => `New event: ${p.title}, ${p.when}. ${p.link}${smsStop(p)}`,
  },
  'feedback-published': {
    channel: 'email',
    subject: (p) => `What we heard and what we did: ${p.title}`,
    body: (p) =>
      `${p.reason}\n\nWe have published what people told us about "${p.title}" and what we did about it.\n\n` +
      `${p.summary}\n\nRead the full feedback:\n${p.link}${unsubscribeLine(p)}`,
  },
  'feedback-published-sms': {
    channel: 'sms',
    subject: (p) => `Feedback: ${p.title}`,
    body: (p) => `We have published what we heard and did about ${p.title}: ${p.link}${smsStop(p)}`,
  },
  'decision-published': {
    channel: 'email',
    subject: (p) => `Decision made: ${p.title}`,
    body: (p) =>
      `${p.reason}\n\n${p.maker} made a decision on ${p.decidedOn} about "${p.title}":\n\n${p.decision}\n\n` +
      `See how what people said was considered:\n${p.link}${unsubscribeLine(p)}`,
  },
  'decision-published-sms': {
    channel: 'sms',
    subject: (p) => `Decision: ${p.title}`,
    body: (p) => `${p.maker} has decided about ${p.title}: ${p.link}${smsStop(p)}`,
  },
  'subscription-digest': {
    channel: 'email',
    subject: () => 'This week’s consultation news',
    body: (p) => `Here is what happened this week in the areas you follow:\n\n${p.lines}${unsubscribeLine(p)}`,
  },
  'subscription-digest-sms': {
    channel: 'sms',
    subject: () => 'This week’s consultation news',
    body: (p) => `Consultation news this week: ${p.count} updates. ${p.link}${smsStop(p)}`,
  },
  'feedback-reminder': {
    channel: 'email',
    subject: (p) => `Feedback ${p.overdue === 'yes' ? 'overdue' : 'due'}: ${p.title}`,
    body: (p) =>
      `Hello ${p.name},\n\n` +
      (p.overdue === 'yes'
        ? `Feedback for "${p.title}" was due on ${p.due} and has not been published.`
        : `Feedback for "${p.title}" is due by ${p.due}.`) +
      `\n\nWe promised people who took part that we would tell them what we heard and what we did. ` +
      `Write and publish the feedback here:\n${p.link}`,
  },
  'challenge-received': {
    channel: 'email',
    subject: (p) => `We have received your ${p.kind}: ${p.reference}`,
    body: (p) =>
      `Thank you for telling us about how "${p.title}" was run.\n\nYour reference is ${p.reference}. ` +
      `We will reply by ${p.respondBy}.`,
  },
  'challenge-answer': {
    channel: 'email',
    subject: (p) => `Our reply to your ${p.kind}: ${p.reference}`,
    body: (p) =>
      `Hello ${p.name},\n\nYou wrote to us about how "${p.title}" was run (reference ${p.reference}).\n\n${p.answer}`,
  },
} satisfies Record<string, MessageTemplate>;
