/** The decision log forms, with GOV.UK wording. */
import { z } from 'zod';

export const MAKER_KINDS = {
  cabinet: 'Cabinet',
  committee: 'A committee',
  delegated_officer: 'A delegated officer',
  partner_board: 'A partner board',
  full_council: 'Full Council',
} as const;

export const UPDATE_STATUSES = {
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
  not_going_ahead: 'Not going ahead',
} as const;

const url = (label: string) =>
  z
    .string()
    .trim()
    .max(500, `${label} must be 500 characters or fewer`)
    .refine(
      (v) => v === '' || /^https?:\/\/[^\s<>"]+$/.test(v),
      `Enter ${label.toLowerCase()} as a full web address, starting https://`,
    )
    .default('');

/** A date from a govukDateInput's three parts, as YYYY-MM-DD, or an issue. */
export function dateField(label: string, field: string) {
  return z
    .object({ day: z.string().default(''), month: z.string().default(''), year: z.string().default('') })
    .transform((parts, ctx) => {
      const [d, m, y] = [parts.day.trim(), parts.month.trim(), parts.year.trim()];
      if (!d && !m && !y) {
        ctx.addIssue({ code: 'custom', message: `Enter ${label}` });
        return z.NEVER;
      }
      const day = Number(d);
      const month = Number(m);
      const year = Number(y);
      const valid =
        /^\d{1,2}$/.test(d) &&
        /^\d{1,2}$/.test(m) &&
        /^\d{4}$/.test(y) &&
        month >= 1 &&
        month <= 12 &&
        day >= 1 &&
        day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
      if (!valid) {
        ctx.addIssue({ code: 'custom', message: `${field} must be a real date` });
        return z.NEVER;
      }
      return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    });
}

export const decisionSchema = z.object({
  title: z
    .string({ error: 'Enter a title' })
    .trim()
    .min(1, 'Enter a title')
    .max(200, 'Title must be 200 characters or fewer'),
  makerKind: z.enum(Object.keys(MAKER_KINDS) as [keyof typeof MAKER_KINDS], { error: 'Select who made the decision' }),
  makerName: z
    .string({ error: 'Enter the name of the decision maker' })
    .trim()
    .min(1, 'Enter the name of the decision maker')
    .max(200, 'Decision maker must be 200 characters or fewer'),
  decidedOn: dateField('the date of the decision', 'Date of the decision'),
  decision: z
    .string({ error: 'Enter the decision' })
    .trim()
    .min(1, 'Enter the decision')
    .max(5000, 'Decision must be 5000 characters or fewer'),
  reportUrl: url('Link to the report'),
  minutesUrl: url('Link to the minutes'),
  consultations: z.array(z.string()).min(1, 'Select at least one consultation the decision drew on'),
});

export const updateSchema = z
  .object({
    status: z.enum(Object.keys(UPDATE_STATUSES) as [keyof typeof UPDATE_STATUSES], { error: 'Select the progress' }),
    note: z.string().trim().max(2000, 'Update must be 2000 characters or fewer').default(''),
    occurredOn: dateField('the date of the update', 'Date of the update'),
  })
  .superRefine((v, ctx) => {
    if (!v.note) {
      ctx.addIssue({
        code: 'custom',
        path: ['note'],
        message: v.status === 'not_going_ahead' ? 'Enter why it is not going ahead' : 'Enter what has happened',
      });
    }
  });

/** Date inputs post day, month and year as separate fields. */
export function dateParts(body: Record<string, unknown>, name: string) {
  const get = (part: string) =>
    typeof body[`${name}-${part}`] === 'string' ? (body[`${name}-${part}`] as string) : '';
  return { day: get('day'), month: get('month'), year: get('year') };
}
