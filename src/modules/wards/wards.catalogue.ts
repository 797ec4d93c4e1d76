/** The fixed lists of the wards module: intelligence channels and sentiments, action statuses. */

export const CHANNELS = {
  street: 'Street conversation',
  surgery: 'Ward surgery',
  casework: 'Casework',
  complaint: 'Complaint',
  social_media: 'Social media',
  partner_meeting: 'Partner meeting',
} as const;
export type Channel = keyof typeof CHANNELS;
export const isChannel = (value: string): value is Channel => value in CHANNELS;

export const SENTIMENTS = {
  positive: 'Positive',
  neutral: 'Neutral',
  mixed: 'Mixed',
  negative: 'Negative',
} as const;
export type Sentiment = keyof typeof SENTIMENTS;
export const isSentiment = (value: string): value is Sentiment => value in SENTIMENTS;

export const ACTION_STATUSES = {
  not_started: 'Not started',
  on_track: 'On track',
  at_risk: 'At risk',
  late: 'Late',
  done: 'Done',
} as const;
export type ActionStatus = keyof typeof ACTION_STATUSES;
export const isActionStatus = (value: string): value is ActionStatus => value in ACTION_STATUSES;

/** GOV.UK tag colours per status, so status is also said in words (the tag text). */
export const STATUS_TAG_CLASSES: Record<ActionStatus, string> = {
  not_started: 'govuk-tag--grey',
  on_track: 'govuk-tag--green',
  at_risk: 'govuk-tag--yellow',
  late: 'govuk-tag--red',
  done: 'govuk-tag--blue',
};

/** Quarters as "2026-q3": calendar quarters, the way cabinet and scrutiny timetables count. */
export interface Quarter {
  year: number;
  q: 1 | 2 | 3 | 4;
}
const MONTHS = [
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
export const quarterOfDate = (isoDate: string): Quarter => {
  const [y, m] = isoDate.split('-').map(Number) as [number, number];
  return { year: y, q: (Math.floor((m - 1) / 3) + 1) as Quarter['q'] };
};
export const quarterKey = (q: Quarter) => `${q.year}-q${q.q}`;
export const parseQuarter = (value: string): Quarter | null => {
  const m = /^(\d{4})-q([1-4])$/.exec(value);
  return m ? { year: Number(m[1]), q: Number(m[2]) as Quarter['q'] } : null;
};
export const quarterLabel = (q: Quarter) => `${MONTHS[(q.q - 1) * 3]} to ${MONTHS[(q.q - 1) * 3 + 2]} ${q.year}`;
/** First and last day (ISO dates, inclusive). */
export const quarterDays = (q: Quarter) => {
  const startMonth = (q.q - 1) * 3 + 1;
  const last = new Date(Date.UTC(q.year, startMonth + 2, 0)).getUTCDate();
  return {
    first: `${q.year}-${String(startMonth).padStart(2, '0')}-01`,
    last: `${q.year}-${String(startMonth + 2).padStart(2, '0')}-${String(last).padStart(2, '0')}`,
  };
};
export const shiftQuarter = (q: Quarter, by: number): Quarter => {
  const index = q.year * 4 + (q.q - 1) + by;
  return { year: Math.floor(index / 4), q: ((index % 4) + 1) as Quarter['q'] };
};

/** Today's date in Europe/London as YYYY-MM-DD. */
export function londonDate(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** "2026-03" → "March 2026". */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${MONTHS[m - 1]} ${y}`;
}

/** The last n calendar months up to and including the month of today, oldest first, as YYYY-MM. */
export function lastMonths(today: string, n: number): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const index = y * 12 + (m - 1) - (n - 1 - i);
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}
