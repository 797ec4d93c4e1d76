import type { MessageTemplate } from '../templates.ts';

/** Participatory budgeting (issue 13): the single-use code that proves a voter's email or mobile. */
export const budgetingTemplates = {
  'pb-voting-code-email': {
    channel: 'email',
    subject: (p) => `Your code to vote: ${p.title}`,
    body: (p) =>
      `Your code to vote in "${p.title}" is ${p.code}\n\nEnter it on the voting page. It works once and for 30 minutes.\n\n` +
      `If you did not ask to vote, ignore this email: nobody can vote without the code.`,
  },
  'pb-voting-code-sms': {
    channel: 'sms',
    subject: () => '',
    body: (p) => `${p.code} is your code to vote in "${p.title}". It works once and for 30 minutes.`,
  },
} satisfies Record<string, MessageTemplate>;
