import type { MessageTemplate } from '../templates.ts';

/** Petitions (issue 14): confirmation links, moderation, thresholds, responses and debates. */
export const petitionTemplates = {
  'petition-creator-confirm': {
    channel: 'email',
    subject: (p) => `Confirm your petition: ${p.title}`,
    body: (p) =>
      `Hello ${p.name},\n\nYou started a petition: "${p.title}".\n\nOpen this link and press the button to confirm your email address:\n${p.link}\n\n` +
      `The link works once and for 7 days. If you did not start this petition, ignore this email and nothing will be published.`,
  },
  'petition-signature-confirm': {
    channel: 'email',
    subject: (p) => `Confirm your signature: ${p.title}`,
    body: (p) =>
      `Hello ${p.name},\n\nOpen this link and press the button to confirm your signature on the petition "${p.title}":\n${p.link}\n\n` +
      `Your signature counts only once you have confirmed it. The link works once and for 7 days. If you did not sign this petition, ignore this email.`,
  },
  'petition-find-supporters': {
    channel: 'email',
    subject: (p) => `Find ${p.needed} supporters for your petition`,
    body: (p) =>
      `Hello ${p.name},\n\nThank you for confirming your petition "${p.title}".\n\n` +
      `Before we check it against our standards, ${p.needed} people need to support it. Send them this link:\n${p.link}\n\n` +
      `Our petition standards:\n${p.standardsLink}`,
  },
  'petition-awaiting-moderation': {
    channel: 'email',
    subject: (p) => `Petition to moderate: ${p.title}`,
    body: (p) => `Petition ${p.number}, "${p.title}", has enough supporters and is waiting for moderation:\n${p.link}`,
  },
  'petition-published': {
    channel: 'email',
    subject: (p) => `Your petition is open: ${p.title}`,
    body: (p) =>
      `Hello ${p.name},\n\nWe have checked your petition "${p.title}" and published it. It is open for signatures until ${p.closes}.\n\n${p.link}`,
  },
  'petition-rejected': {
    channel: 'email',
    subject: (p) => `We could not publish your petition: ${p.title}`,
    body: (p) =>
      `Hello ${p.name},\n\nWe could not publish your petition "${p.title}" because: ${p.reason}\n\n` +
      (p.details ? `${p.details}\n\n` : '') +
      `The reason is shown on the petition's page:\n${p.link}\n\nOur petition standards:\n${p.standardsLink}`,
  },
  'petition-threshold-officer': {
    channel: 'email',
    subject: (p) => `Petition ${p.number} has ${p.threshold} signatures: ${p.obligation}`,
    body: (p) =>
      `Hello ${p.name},\n\nPetition ${p.number}, "${p.title}", reached ${p.threshold} signatures on ${p.when}. ` +
      `Under the council's petition scheme this means ${p.obligation}.\n\nYou are the lead officer. Publish the ${p.kind} on the petition:\n${p.staffLink}`,
  },
  'petition-threshold-creator': {
    channel: 'email',
    subject: (p) => `Your petition has ${p.threshold} signatures`,
    body: (p) =>
      `Hello ${p.name},\n\nYour petition "${p.title}" reached ${p.threshold} signatures. This means ${p.obligation}. ` +
      `We will publish it on the petition's page and tell you:\n${p.link}`,
  },
  'petition-response': {
    channel: 'email',
    subject: (p) => `The council has responded to the petition: ${p.title}`,
    body: (p) =>
      `Hello ${p.name},\n\nYou asked to be told about the petition "${p.title}". The council has published its response:\n\n${p.response}\n\n${p.link}`,
  },
  'petition-debate': {
    channel: 'email',
    subject: (p) => `Full council debated the petition: ${p.title}`,
    body: (p) =>
      `Hello ${p.name},\n\nYou asked to be told about the petition "${p.title}". Full council debated it on ${p.date}.\n\n${p.outcome}\n\n${p.link}`,
  },
} satisfies Record<string, MessageTemplate>;
