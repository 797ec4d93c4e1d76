/** Councillor call for action forms. */
import { z } from 'zod';

const text = (empty: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, empty)
    .max(
      max,
      `${empty.replace(/^Enter /, '').replace(/^./, (c) => c.toUpperCase())} must be ${max.toLocaleString('en-GB')} characters or fewer`,
    );

export const RAISE_FIELDS = ['wardCode', 'title', 'issue', 'stepsTaken'] as const;

export const raiseSchema = (wardCodes: string[]) =>
  z.object({
    wardCode: z.string().refine((v) => wardCodes.includes(v), 'Select the ward the issue is in'),
    title: text('Enter a title', 150),
    issue: text('Enter the local issue', 5000),
    stepsTaken: text('Enter what you have already done to resolve it', 5000),
  });

export const DECISION_FIELDS = ['status', 'reasons', 'meeting-day', 'meeting-month', 'meeting-year'] as const;

export const decisionSchema = z
  .object({
    status: z.enum(['accepted', 'refused'], { message: 'Select whether the committee accepts or refuses the call' }),
    reasons: text('Enter the reasons', 5000),
    'meeting-day': z.string(),
    'meeting-month': z.string(),
    'meeting-year': z.string(),
  })
  .transform((v, ctx) => {
    if (v.status === 'refused') return { status: v.status, reasons: v.reasons, meetingDate: null };
    const [d, m, y] = [Number(v['meeting-day']), Number(v['meeting-month']), Number(v['meeting-year'])];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (!d || !m || !y || date.getUTCDate() !== d || date.getUTCMonth() !== m - 1 || y < 2000 || y > 2100) {
      ctx.addIssue({
        code: 'custom',
        path: ['meeting'],
        message: 'Enter the date of the committee meeting as a real date',
      });
      return z.NEVER;
    }
    return { status: v.status, reasons: v.reasons, meetingDate: date.toISOString().slice(0, 10) };
  });

export const recommendationSchema = z.object({
  body: text('Enter the recommendation', 5000),
  addressedTo: text('Enter who the recommendation is made to', 200),
});

export const responseSchema = z.object({ response: text('Enter the response', 5000) });
