/**
 * The plan's fixed vocabularies and calendar arithmetic. Quarters are calendar quarters in
 * Europe/London (January to March is Q1), named in words so nobody has to guess which year
 * "Q1" belongs to.
 */
import { fromLondon, londonParts } from '../../web/format.ts';

export const ACTIVITY_STATUSES = ['idea', 'planned', 'confirmed', 'live', 'done', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export const ACTIVITY_STATUS_LABELS: Record<ActivityStatus, { text: string; colour: string }> = {
  idea: { text: 'Idea', colour: 'grey' },
  planned: { text: 'Planned', colour: 'blue' },
  confirmed: { text: 'Confirmed', colour: 'turquoise' },
  live: { text: 'Live', colour: 'green' },
  done: { text: 'Done', colour: 'purple' },
  cancelled: { text: 'Cancelled', colour: 'red' },
};

/** Ideas are early thinking and stay inside the partnership; cancelled plans are not shown to the public. */
export const PUBLIC_ACTIVITY_STATUSES: ActivityStatus[] = ['planned', 'confirmed', 'live', 'done'];

export const EVENT_KINDS = {
  'public-meeting': 'Public meeting',
  roadshow: 'Roadshow',
  'drop-in': 'Drop-in session',
  'ward-surgery': 'Ward surgery',
  walkabout: 'Ward walkabout',
  forum: 'Forum',
  'focus-group': 'Focus group',
  'safer-neighbourhood-panel': 'Safer Neighbourhood panel meeting',
  online: 'Online session',
} as const;
export type EventKind = keyof typeof EVENT_KINDS;
export const isEventKind = (value: string): value is EventKind => value in EVENT_KINDS;

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export interface Quarter {
  year: number;
  /** 1 to 4. */
  q: number;
}

export function quarterOf(instant: Date): Quarter {
  const parts = londonParts(instant);
  return { year: Number(parts.year), q: Math.floor((Number(parts.month) - 1) / 3) + 1 };
}

/** The quarter's half-open window [start, end) in London time. */
export function quarterWindow({ year, q }: Quarter): { start: Date; end: Date } {
  const next = q === 4 ? { year: year + 1, q: 1 } : { year, q: q + 1 };
  return { start: fromLondon(year, q * 3 - 2, 1), end: fromLondon(next.year, next.q * 3 - 2, 1) };
}

export const quarterKey = ({ year, q }: Quarter) => `${year}-q${q}`;

export function parseQuarterKey(value: unknown): Quarter | null {
  const match = typeof value === 'string' ? /^(\d{4})-q([1-4])$/.exec(value) : null;
  if (!match) return null;
  const year = Number(match[1]);
  return year >= 2000 && year <= 2100 ? { year, q: Number(match[2]) } : null;
}

export function quarterLabel({ year, q }: Quarter): string {
  return `${MONTH_NAMES[q * 3 - 3]} to ${MONTH_NAMES[q * 3 - 1]} ${year}`;
}

export function shiftQuarter({ year, q }: Quarter, by: number): Quarter {
  const index = year * 4 + (q - 1) + by;
  return { year: Math.floor(index / 4), q: (index % 4) + 1 };
}

/** Every quarter a half-open window touches. */
export function quartersOverlapping(start: Date, end: Date): Quarter[] {
  const quarters: Quarter[] = [];
  let current = quarterOf(start);
  while (quarterWindow(current).start < end) {
    quarters.push(current);
    current = shiftQuarter(current, 1);
  }
  return quarters;
}

/** The last day of a half-open window, as people say it ("until 31 March"). */
export function lastDayOf(endsAt: Date): Date {
  return new Date(endsAt.getTime() - 60_000);
}
