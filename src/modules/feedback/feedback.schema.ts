/** Form schemas for themes, answers and publishing, with GOV.UK wording. */
import { z } from 'zod';

const text = (label: string, empty: string, max: number) =>
  z.string({ error: empty }).trim().min(1, empty).max(max, `${label} must be ${max} characters or fewer`);

export const RESPONSE_KINDS = {
  we_did: 'We did this',
  we_will: 'We will do this',
  cannot: 'We cannot do this',
} as const;

export const themeSchema = z.object({
  title: text('Theme', 'Enter the theme', 120),
  description: z.string().trim().max(1000, 'Description must be 1000 characters or fewer').default(''),
});

export const themeAnswerSchema = z
  .object({
    title: text('Theme', 'Enter the theme', 120),
    description: z.string().trim().max(1000, 'Description must be 1000 characters or fewer').default(''),
    responseKind: z.enum(Object.keys(RESPONSE_KINDS) as [keyof typeof RESPONSE_KINDS], {
      error: 'Select what we did about this theme',
    }),
    responseText: z.string().trim().max(2000, 'What we did must be 2000 characters or fewer').default(''),
  })
  .superRefine((value, ctx) => {
    if (!value.responseText) {
      ctx.addIssue({
        code: 'custom',
        path: ['responseText'],
        message:
          value.responseKind === 'cannot'
            ? 'Enter why we cannot do this'
            : 'Enter what we did or will do about this theme',
      });
    }
  });

export const publishSchema = z.object({
  summary: text('Summary', 'Enter a summary of what we heard and what we did', 2000),
});

export const codingSchema = z.object({
  themes: z.array(z.string()).default([]),
  quoteKey: z.string().max(60).default(''),
});

/** Form values echoed back: only plain strings a person typed. */
export function formStrings(body: unknown, keys: string[]): Record<string, string> {
  const record = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return Object.fromEntries(keys.map((k) => [k, typeof record[k] === 'string' ? record[k] : '']));
}

/** A checkbox group arrives as a string, an array, or nothing. */
export function formList(body: unknown, key: string): string[] {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
