/** Form schemas for the panels, with GOV.UK wording. Contact details are normalised as they are parsed. */
import { z } from 'zod';
import { AUDIENCES, TOPICS } from '../consultations/index.ts';
import { normalisePostcode } from '../questionnaires/index.ts';
import { normaliseEmail, normalisePhone } from './contact-details.ts';

export const CHANNELS = { email: 'Email', sms: 'Text message (SMS)', post: 'Post' } as const;
export type Channel = keyof typeof CHANNELS;

/** Form fields that may be one value or many (checkboxes) arrive as a string or an array. */
const list = (values: readonly string[], message: string | null) =>
  z.preprocess(
    (value: unknown): unknown[] =>
      value === undefined || value === '' ? [] : Array.isArray(value) ? (value as unknown[]) : [value],
    message
      ? z
          .array(z.string())
          .refine((items) => items.length > 0, message)
          .refine((items) => items.every((item) => values.includes(item)), message)
      : z.array(z.string()).refine((items) => items.every((item) => values.includes(item)), 'Select from the list'),
  );

const text = (label: string, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value : ''),
    z.string().trim().max(max, `${label} must be ${max} characters or fewer`),
  );

const required = (empty: string, label: string, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value : ''),
    z
      .string()
      .trim()
      .min(1, empty)
      .max(max, `${label} must be ${max} characters or fewer`)
      .refine((value) => !/[<>]/.test(value), `${label} must not include < or >`),
  );

export const panelsSchema = (slugs: string[]) => z.object({ panels: list(slugs, 'Select at least one panel to join') });

export const fullName = required('Enter your full name', 'Full name', 100);
export const nameSchema = z.object({ fullName });

export const emailInput = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim() : ''),
  z
    .string()
    .max(254, 'Email address must be 254 characters or fewer')
    .refine(
      (value) => value === '' || normaliseEmail(value) !== null,
      'Enter an email address in the correct format, like name@example.com',
    )
    .transform((value) => normaliseEmail(value)),
);

export const phoneInput = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim() : ''),
  z
    .string()
    .max(30, 'Mobile phone number must be 30 characters or fewer')
    .refine((value) => value === '' || normalisePhone(value) !== null, 'Enter a UK phone number, like 07700 900 982')
    .transform((value) => normalisePhone(value)),
);

const contactCheck = (value: { email: string | null; phone: string | null }, ctx: z.RefinementCtx) => {
  if (!value.email && !value.phone) {
    ctx.addIssue({ code: 'custom', path: ['email'], message: 'Enter an email address or a mobile phone number' });
  }
};

export const contactSchema = z.object({ email: emailInput, phone: phoneInput }).superRefine(contactCheck);

export const postcodeInput = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim() : ''),
  z
    .string()
    .min(1, 'Enter your postcode')
    .max(10, 'Enter a full UK postcode, like RM10 7BB')
    .refine((value) => normalisePostcode(value) !== null, 'Enter a full UK postcode, like RM10 7BB')
    .transform((value) => normalisePostcode(value)!),
);
export const postcodeSchema = z.object({ postcode: postcodeInput });

export const wardSchema = (codes: string[]) =>
  z.object({
    ward: z.preprocess(
      (value) => (typeof value === 'string' ? value : ''),
      z.string().refine((value) => codes.includes(value), 'Select your ward'),
    ),
  });

export const topicsSchema = z.object({
  topics: list(Object.keys(TOPICS), 'Select at least one topic you are interested in'),
});

export const channelsSchema = z
  .object({
    channels: list(Object.keys(CHANNELS), 'Select how you would like us to contact you'),
    address: text('Postal address', 300),
  })
  .superRefine((value, ctx) => {
    if (value.channels.includes('post') && !value.address) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: 'Enter your postal address, or do not select post' });
    }
    if (/[<>]/.test(value.address)) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: 'Postal address must not include < or >' });
    }
  });

export const needsSchema = z.object({
  language: text('Language', 60),
  accessNeeds: text('Access needs', 500),
});

export const consentSchema = z.object({
  consent: z.preprocess(
    (value: unknown): unknown => (Array.isArray(value) ? (value as unknown[])[0] : value),
    z.literal('yes', { error: 'Confirm that you agree to us holding and using your details' }),
  ),
});

/** A member's own details, on one page. */
export const detailsSchema = z
  .object({
    fullName,
    email: emailInput,
    phone: phoneInput,
    postcode: postcodeInput,
    topics: list(Object.keys(TOPICS), null),
    channels: list(Object.keys(CHANNELS), 'Select how you would like us to contact you'),
    address: text('Postal address', 300),
    language: text('Language', 60),
    accessNeeds: text('Access needs', 500),
  })
  .superRefine((value, ctx) => {
    contactCheck(value, ctx);
    if (value.channels.includes('post') && !value.address) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: 'Enter your postal address, or do not select post' });
    }
    if (value.channels.includes('email') && !value.email) {
      ctx.addIssue({ code: 'custom', path: ['channels'], message: 'Enter an email address to be contacted by email' });
    }
    if (value.channels.includes('sms') && !value.phone) {
      ctx.addIssue({
        code: 'custom',
        path: ['channels'],
        message: 'Enter a mobile phone number to be contacted by text message',
      });
    }
  });
export type DetailsInput = z.infer<typeof detailsSchema>;

export const signInSchema = z.object({
  email: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim() : ''),
    z
      .string()
      .min(1, 'Enter your email address')
      .max(254, 'Email address must be 254 characters or fewer')
      .refine(
        (value) => normaliseEmail(value) !== null,
        'Enter an email address in the correct format, like name@example.com',
      )
      .transform((value) => normaliseEmail(value)!),
  ),
});

export const GROUP_KINDS = {
  vcs: 'Voluntary or community organisation',
  tra: 'Tenants’ and residents’ association',
  friends: 'Friends group',
  faith: 'Faith group',
  equalities_forum: 'Equalities forum',
  business: 'Business group',
} as const;

export const groupSchema = (wardCodes: string[]) =>
  z.object({
    name: required('Enter the group’s name', 'Name', 120),
    kind: z.preprocess(
      (value) => (typeof value === 'string' ? value : ''),
      z.string().refine((value) => value in GROUP_KINDS, 'Select the kind of group'),
    ),
    description: text('Description', 1000),
    communities: list(Object.keys(AUDIENCES), null),
    wards: list(wardCodes, null),
    boroughWide: z.preprocess((value) => value === 'yes', z.boolean()),
    email: emailInput,
  });
export type GroupInput = z.infer<ReturnType<typeof groupSchema>>;

export const contactPersonSchema = z
  .object({
    name: required('Enter the contact’s name', 'Name', 100),
    role: text('Role', 100),
    email: emailInput,
    phone: phoneInput,
  })
  .superRefine(contactCheck);
export type ContactPersonInput = z.infer<typeof contactPersonSchema>;

export const MAX_SAMPLE = 5000;
export const drawSchema = (characteristics: string[]) =>
  z.object({
    size: z.preprocess(
      (value) => (typeof value === 'string' ? value.trim() : ''),
      z
        .string()
        .min(1, 'Enter how many members to choose')
        .regex(/^\d+$/, 'Number of members must be a whole number, like 100')
        .transform(Number)
        .refine((n) => n >= 1, 'Number of members must be 1 or more')
        .refine((n) => n <= MAX_SAMPLE, `Number of members must be ${MAX_SAMPLE} or fewer`),
    ),
    characteristics: list(characteristics, 'Select at least one characteristic to match'),
    excludeDays: z.preprocess(
      (value) => (typeof value === 'string' ? value.trim() : ''),
      z
        .string()
        .min(1, 'Enter a number of days, like 90')
        .regex(/^\d+$/, 'Days must be a whole number, like 90')
        .transform(Number)
        .refine((n) => n <= 3650, 'Days must be 3650 or fewer'),
    ),
    seed: z.preprocess(
      (value) => (typeof value === 'string' ? value.trim() : ''),
      z
        .string()
        .regex(/^\d{0,10}$/, 'Seed must be a whole number, like 12345, or left blank')
        .transform((value) => (value === '' ? null : Number(value)))
        .refine((n) => n === null || n < 2 ** 31, 'Seed must be 2147483647 or less'),
    ),
  });

export const inviteSchema = (questionnaireIds: string[]) =>
  z
    .object({
      purpose: z.preprocess(
        (value) => (typeof value === 'string' ? value : ''),
        z.enum(['consultation', 'focus_group'], { error: 'Select what to invite the sample to' }),
      ),
      questionnaire: z.preprocess((value) => (typeof value === 'string' ? value : ''), z.string()),
      focusGroup: text('Focus group name', 120),
    })
    .superRefine((value, ctx) => {
      if (value.purpose === 'consultation' && !questionnaireIds.includes(value.questionnaire)) {
        ctx.addIssue({ code: 'custom', path: ['questionnaire'], message: 'Select a consultation' });
      }
      if (value.purpose === 'focus_group' && !value.focusGroup) {
        ctx.addIssue({ code: 'custom', path: ['focusGroup'], message: 'Enter the focus group’s name' });
      }
    });
