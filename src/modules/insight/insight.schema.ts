/** Form schemas for insight, with GOV.UK wording. */
import { z } from 'zod';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID_RE.test(value);

/** Accept a suggested theme as a new feedback theme (its title may be changed) or into an existing one (merge). */
export const acceptSchema = z.discriminatedUnion('into', [
  z.object({
    into: z.literal('new'),
    title: z
      .string({ error: 'Enter a title for the theme' })
      .trim()
      .min(1, 'Enter a title for the theme')
      .max(120, 'Title must be 120 characters or fewer'),
  }),
  z.object({
    into: z.literal('existing'),
    themeId: z.string({ error: 'Select the theme to add it to' }).regex(UUID_RE, 'Select the theme to add it to'),
  }),
], { error: 'Select whether to add a new theme or add it to an existing theme' });

export const decisionSchema = z.object({
  decision: z.enum(['accepted', 'rejected'], { error: 'Select accept or reject' }),
  responseIds: z
    .array(z.string().regex(UUID_RE, 'Select an answer'), { error: 'Select an answer' })
    .min(1, 'Select an answer')
    .max(100, 'Select 100 answers or fewer'),
});

export const countingSchema = z.object({
  counting: z.enum(['one', 'many'], { error: 'Select how to count this campaign' }),
});

/** Form fields as strings (or string lists); anything else is dropped. */
export function formValues(body: unknown): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

/** CSV cell: quoted, and a leading = + - @ (or tab/CR) defused so spreadsheets never run it as a formula. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}
