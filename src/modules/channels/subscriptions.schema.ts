/** The subscribe form: how to reach someone, what they want to hear about, and how often. */
import { z } from 'zod';

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[A-Za-z]{2,}$/;

/** A UK mobile number as Notify takes it (07… or +447…), or null. */
export function normaliseMobile(input: string): string | null {
  const compact = input.replace(/[\s()-]/g, '');
  if (/^07\d{9}$/.test(compact)) return compact;
  if (/^\+447\d{9}$/.test(compact)) return `0${compact.slice(3)}`;
  if (/^447\d{9}$/.test(compact)) return `0${compact.slice(2)}`;
  return null;
}

export function subscribeSchema(options: {
  scoped: boolean;
  wards: string[];
  topics: string[];
  organisations: string[];
}) {
  const list = (allowed: string[]) =>
    z
      .array(z.string())
      .default([])
      .transform((v) => [...new Set(v)].filter((x) => allowed.includes(x)));
  return z
    .object({
      channel: z.enum(['email', 'sms'], { error: 'Select how you want to hear from us' }),
      email: z.string().trim().max(254, 'Email address must be 254 characters or fewer').default(''),
      phone: z.string().trim().max(30, 'Mobile number must be 30 characters or fewer').default(''),
      wards: list(options.wards),
      topics: list(options.topics),
      organisations: list(options.organisations),
      frequency: z.enum(['immediate', 'weekly'], { error: 'Select how often you want to hear from us' }),
    })
    .superRefine((value, ctx) => {
      if (value.channel === 'email') {
        if (!value.email) ctx.addIssue({ code: 'custom', path: ['email'], message: 'Enter your email address' });
        else if (!EMAIL.test(value.email))
          ctx.addIssue({
            code: 'custom',
            path: ['email'],
            message: 'Enter an email address in the correct format, like name@example.com',
          });
      }
      if (value.channel === 'sms') {
        if (!value.phone) ctx.addIssue({ code: 'custom', path: ['phone'], message: 'Enter your mobile phone number' });
        else if (!normaliseMobile(value.phone))
          ctx.addIssue({
            code: 'custom',
            path: ['phone'],
            message: 'Enter a UK mobile phone number, like 07700 900 982',
          });
      }
      if (!options.scoped && !value.wards.length && !value.topics.length && !value.organisations.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['wards'],
          message: 'Select at least one area, topic or organisation to hear about',
        });
      }
    })
    .transform((value) => ({
      channel: value.channel,
      contact: value.channel === 'email' ? value.email.toLowerCase() : normaliseMobile(value.phone)!,
      wards: value.wards,
      topics: value.topics,
      organisations: value.organisations,
      frequency: value.frequency,
    }));
}

export type SubscribeInput = z.output<ReturnType<typeof subscribeSchema>>;
