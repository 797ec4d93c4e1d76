/** Form schemas for bulletins, share text and text-message settings, with GOV.UK wording. */
import { z } from 'zod';

const text = (label: string, empty: string, max: number) =>
  z.string({ error: empty }).trim().min(1, empty).max(max, `${label} must be ${max} characters or fewer`);

export const PERIODS = {
  '7': 'The last 7 days',
  '14': 'The last 14 days',
  '30': 'The last 30 days',
  '90': 'The last 90 days',
} as const;

export const newBulletinSchema = z.object({
  title: text('Title', 'Enter a title for the bulletin', 120),
  period: z.enum(Object.keys(PERIODS) as [keyof typeof PERIODS], { error: 'Select the period the bulletin covers' }),
});

export const bulletinDetailsSchema = z.object({
  title: text('Title', 'Enter a title for the bulletin', 120),
  intro: z.string().trim().max(2000, 'Introduction must be 2000 characters or fewer').default(''),
});

export const itemSchema = z.object({
  title: text('Heading', 'Enter a heading for the item', 200),
  body: z.string().trim().max(2000, 'Text must be 2000 characters or fewer').default(''),
  link: z
    .string()
    .trim()
    .max(500, 'Link must be 500 characters or fewer')
    .refine((v) => v === '' || /^\/[^/\\]/.test(v) || /^https:\/\/[^\s]+$/.test(v), {
      message: 'Enter a link starting with / (a page on this site) or https://',
    })
    .default(''),
});

export const smsSettingsSchema = z.object({
  keyword: z
    .string({ error: 'Enter a keyword' })
    .trim()
    .transform((v) => v.toUpperCase())
    .pipe(z.string().regex(/^[A-Z0-9]{2,20}$/, 'Keyword must be 2 to 20 letters or numbers, with no spaces')),
  questionKey: z.string({ error: 'Select the question a text answers' }).min(1, 'Select the question a text answers'),
});
