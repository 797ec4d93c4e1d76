/** Calendar dates as the council's forms take them: day, month and year in Europe/London. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/** The London calendar date `days` from now. */
export function londonDate(days: number, from = new Date()): DateParts {
  const when = new Date(from.getTime() + days * 24 * 60 * 60 * 1000);
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric' }).formatToParts(when);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return { day: get('day'), month: get('month'), year: get('year') };
}
