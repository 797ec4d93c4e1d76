/**
 * The parts of a staff-entered response that are not questions: how it arrived and when. Field
 * names contain capitals or hyphens, which question keys never do, so they cannot collide.
 */
import { z } from 'zod';
import { formatDate, londonParts } from '../../web/format.ts';

export const CHANNELS = [
  { value: 'paper', text: 'Paper form (by post or handed in)' },
  { value: 'email', text: 'Email' },
  { value: 'phone', text: 'Phone call' },
  { value: 'event', text: 'At an event or drop-in' },
] as const;
export type Channel = (typeof CHANNELS)[number]['value'];

/** The dates a consultation took responses; a response received outside them is refused. */
export interface ReceivedWindow {
  now: Date;
  opensAt: Date | null;
  closesAt: Date | null;
}

/** "YYYY-MM-DD" of the London calendar day an instant falls on. */
export function londonDay(value: Date): string {
  const p = londonParts(value);
  return `${p.year}-${p.month.padStart(2, '0')}-${p.day.padStart(2, '0')}`;
}

/** Form fields → the ids error summary links go to. */
export const META_ANCHORS = { receivedVia: 'receivedVia', receivedOn: 'receivedOn-day', idempotencyKey: 'receivedVia' };

const text = z.string().default('');

/** Channel, date received and the idempotency key from the form (or a CSV row mapped onto it). */
export function offlineMetaSchema(window: ReceivedWindow) {
  // Worked out once per schema: a CSV import checks thousands of rows against the same window.
  const days: Days = {
    today: londonDay(window.now),
    close: window.closesAt ? { day: londonDay(window.closesAt), text: formatDate(window.closesAt) } : null,
    open: window.opensAt ? { day: londonDay(window.opensAt), text: formatDate(window.opensAt) } : null,
  };
  return z
    .object({
      receivedVia: text,
      'receivedOn-day': text,
      'receivedOn-month': text,
      'receivedOn-year': text,
    })
    .transform((raw, ctx) => {
      const channel = CHANNELS.find((c) => c.value === raw.receivedVia.trim().toLowerCase())?.value;
      if (!channel)
        ctx.addIssue({
          code: 'custom',
          path: ['receivedVia'],
          message: 'Select how the response was received: paper, email, phone or event',
        });
      const received = receivedDate(raw['receivedOn-day'], raw['receivedOn-month'], raw['receivedOn-year'], days);
      if ('error' in received) ctx.addIssue({ code: 'custom', path: ['receivedOn'], message: received.error });
      if (!channel || 'error' in received) return z.NEVER;
      return { channel, receivedOn: received.day };
    });
}

interface Days {
  today: string;
  close: { day: string; text: string } | null;
  open: { day: string; text: string } | null;
}

function receivedDate(
  dayText: string,
  monthText: string,
  yearText: string,
  days: Days,
): { day: string } | { error: string } {
  const parts = { day: dayText.trim(), month: monthText.trim(), year: yearText.trim() };
  if (!parts.day && !parts.month && !parts.year) return { error: 'Enter the date the response was received' };
  const missing = (['day', 'month', 'year'] as const).filter((part) => !parts[part]);
  if (missing.length) return { error: `The date received must include a ${missing.join(' and ')}` };
  const [d, m, y] = [Number(parts.day), Number(parts.month), Number(parts.year)];
  const date = new Date(Date.UTC(y, m - 1, d));
  const real =
    /^\d{1,2}$/.test(parts.day) &&
    /^\d{1,2}$/.test(parts.month) &&
    /^\d{4}$/.test(parts.year) &&
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === m - 1 &&
    date.getUTCDate() === d;
  if (!real) return { error: 'The date received must be a real date' };
  const day = date.toISOString().slice(0, 10);
  if (day > days.today) return { error: 'The date received must be today or in the past' };
  // Responses received on the closing day count: post arrives by day, not by the minute.
  if (days.close && day > days.close.day)
    return { error: `The date received must be on or before ${days.close.text}, when the consultation closed` };
  if (days.open && day < days.open.day)
    return { error: `The date received must be on or after ${days.open.text}, when the consultation opened` };
  return { day };
}

const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The hidden one-submission key, or undefined when it is missing or not one we made. */
export function idempotencyKeyOf(body: Record<string, unknown>): string | undefined {
  const value = body.idempotencyKey;
  return typeof value === 'string' && KEY.test(value) ? value : undefined;
}
