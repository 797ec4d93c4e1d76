/** Dates are stored as timestamptz and always shown in Europe/London, the GOV.UK way. */
const TIME_ZONE = 'Europe/London';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: TIME_ZONE,
});
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
  timeZone: TIME_ZONE,
});

export function formatDate(value: Date | string): string {
  return dateFormat.format(new Date(value));
}

/** "1 March 2027 at 9:00am", GOV.UK style (lower-case am/pm, midnight and midday spelled out). */
export function formatDateTime(value: Date | string): string {
  const date = new Date(value);
  const time = timeFormat.format(date).replace(' ', '').toLowerCase();
  const label = time === '12:00am' ? 'midnight' : time === '12:00pm' ? 'midday' : time;
  return `${formatDate(date)} at ${label}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The Europe/London wall-clock parts of an instant, for date inputs. */
export function londonParts(value: Date): { day: string; month: string; year: string; hour: string; minute: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'numeric',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: TIME_ZONE,
    })
      .formatToParts(value)
      .map((part) => [part.type, part.value]),
  );
  // Date inputs show day and month without leading zeros, as people type them.
  return {
    day: String(Number(parts.day)),
    month: String(Number(parts.month)),
    year: parts.year!,
    hour: parts.hour!,
    minute: parts.minute!,
  };
}

/** The instant at which Europe/London shows the given wall-clock time (handles BST and GMT). */
export function fromLondon(year: number, month: number, day: number, hour = 0, minute = 0): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  // London is UTC or UTC+1: try both offsets and keep the one that reads back correctly.
  for (const offsetHours of [0, 1]) {
    const candidate = new Date(guess - offsetHours * 3_600_000);
    const p = londonParts(candidate);
    if (Number(p.day) === day && Number(p.hour) === hour && Number(p.minute) === minute) return candidate;
  }
  return new Date(guess);
}
