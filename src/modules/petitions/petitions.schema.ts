/** The petitions forms: zod schemas with GOV.UK wording. */
import { z } from 'zod';
import { normalisePostcode } from '../questionnaires/index.ts';
import { REJECTION_CODES } from './petitions.catalogue.ts';

export type FormValues = Record<string, string>;

export const one = (value: unknown): string =>
  (typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '').trim();

/** The fields a form posted, as single trimmed strings. */
export function valuesOf(body: unknown, fields: readonly string[]): FormValues {
  const record = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return Object.fromEntries(fields.map((f) => [f, one(record[f])]));
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const text = (empty: string, max: number, tooLong: string) => z.string().trim().min(1, empty).max(max, tooLong);

export const SIGNER_FIELDS = ['name', 'email', 'postcode', 'inBorough', 'notifyMe'] as const;

const signer = {
  name: text('Enter your name', 200, 'Name must be 200 characters or fewer'),
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .regex(EMAIL, 'Enter an email address in the correct format, like name@example.com'),
  postcode: z
    .string()
    .trim()
    .min(1, 'Enter your postcode')
    .transform((value, ctx) => {
      const postcode = normalisePostcode(value);
      if (!postcode) {
        ctx.addIssue({ code: 'custom', message: 'Enter a full UK postcode, like RM10 7BB' });
        return z.NEVER;
      }
      return postcode;
    }),
  inBorough: z.literal('yes', { message: 'Confirm that you live, work or study in the borough' }).transform(() => true),
  notifyMe: z
    .string()
    .optional()
    .transform((v) => v === 'yes'),
};

export const signSchema = z.object(signer);

export const START_FIELDS = ['title', 'action', 'background', ...SIGNER_FIELDS] as const;

export const startSchema = z.object({
  title: text('Enter a title for your petition', 150, 'Title must be 150 characters or fewer'),
  action: text(
    'Enter what you want the council to do',
    800,
    'What you want the council to do must be 800 characters or fewer',
  ),
  background: z.string().trim().max(2000, 'Why you want it must be 2,000 characters or fewer'),
  ...signer,
});

export const MODERATE_FIELDS = ['decision', 'leadOfficerId', 'rejectionCode', 'details', 'duplicateOf'] as const;

export const moderateSchema = (officerIds: string[], openIds: string[]) =>
  z
    .object({
      decision: z.enum(['publish', 'reject'], { message: 'Select whether to publish or reject the petition' }),
      leadOfficerId: z.string(),
      rejectionCode: z.string(),
      details: z.string().trim().max(2000, 'Details must be 2,000 characters or fewer'),
      duplicateOf: z.string(),
    })
    .superRefine((v, ctx) => {
      if (v.decision === 'publish' && !officerIds.includes(v.leadOfficerId))
        ctx.addIssue({ code: 'custom', path: ['leadOfficerId'], message: 'Select the lead officer' });
      if (v.decision === 'reject') {
        if (!(REJECTION_CODES as string[]).includes(v.rejectionCode))
          ctx.addIssue({
            code: 'custom',
            path: ['rejectionCode'],
            message: 'Select which standard the petition does not meet',
          });
        if (v.rejectionCode === 'duplicate' && !openIds.includes(v.duplicateOf))
          ctx.addIssue({ code: 'custom', path: ['duplicateOf'], message: 'Select the open petition it duplicates' });
        if (v.rejectionCode === 'other' && !v.details)
          ctx.addIssue({ code: 'custom', path: ['details'], message: 'Explain which standard it does not meet' });
      }
    });

export const responseSchema = z.object({
  response: text('Enter the council’s response', 10_000, 'The response must be 10,000 characters or fewer'),
});

export const DEBATE_FIELDS = ['date-day', 'date-month', 'date-year', 'outcome'] as const;

export const debateSchema = z
  .object({
    'date-day': z.string(),
    'date-month': z.string(),
    'date-year': z.string(),
    outcome: text('Enter what full council decided', 10_000, 'The outcome must be 10,000 characters or fewer'),
  })
  .transform((v, ctx) => {
    const [d, m, y] = [Number(v['date-day']), Number(v['date-month']), Number(v['date-year'])];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (!d || !m || !y || date.getUTCDate() !== d || date.getUTCMonth() !== m - 1 || y < 2000 || y > 2100) {
      ctx.addIssue({
        code: 'custom',
        path: ['date'],
        message: 'Enter the date of the debate as a real date, like 14 3 2027',
      });
      return z.NEVER;
    }
    return { date: date.toISOString().slice(0, 10), outcome: v.outcome };
  });

export const INVALIDATE_FIELDS = ['group', 'value', 'reason'] as const;

export const invalidateSchema = z.object({
  group: z.enum(['network', 'address', 'disposable', 'signature'], {
    message: 'Select which signatures to invalidate',
  }),
  value: z.string(),
  reason: text('Enter why these signatures are invalid', 500, 'The reason must be 500 characters or fewer'),
});

export const SETTINGS_FIELDS = ['openDays', 'responseThreshold', 'debateThreshold', 'supportersNeeded'] as const;

const whole = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${label}`)
    .regex(/^\d+$/, `${label[0]!.toUpperCase()}${label.slice(1)} must be a whole number`)
    .transform(Number)
    .refine(
      (n) => n >= min && n <= max,
      `${label[0]!.toUpperCase()}${label.slice(1)} must be between ${min} and ${max}`,
    );

export const settingsSchema = z
  .object({
    openDays: whole('how many days a petition is open', 7, 730),
    responseThreshold: whole('the signatures for a written response', 1, 1_000_000),
    debateThreshold: whole('the signatures for a debate', 1, 1_000_000),
    supportersNeeded: whole('the supporters needed before moderation', 1, 50),
  })
  .refine((v) => v.debateThreshold > v.responseThreshold, {
    path: ['debateThreshold'],
    message: 'The signatures for a debate must be more than the signatures for a written response',
  });
