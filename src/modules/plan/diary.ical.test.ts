import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { fromLondon } from '../../web/format.ts';
import { escapeText, foldLine, renderCalendar, type CalendarEvent } from './diary.ical.ts';

const base: CalendarEvent = {
  id: 'e1',
  title: 'Housing forum',
  description: 'Bring your questions.',
  startsAt: fromLondon(2027, 3, 27, 10),
  endsAt: fromLondon(2027, 3, 27, 12),
  location: 'Barking Learning Centre, 2 Town Square',
  url: 'https://example.test/events/e1',
  status: 'scheduled',
  organisationName: 'Barking and Dagenham Council',
  kindLabel: 'Forum',
  updatedAt: new Date('2027-01-01T00:00:00Z'),
};

function parse(text: string) {
  const component = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const zone = component.getFirstSubcomponent('vtimezone')!;
  ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  return component.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

describe('the iCalendar feed', () => {
  it('is CRLF throughout, folds lines at 75 octets, and escapes text', () => {
    const long = { ...base, title: `Café; consultation, “on” ${'é'.repeat(60)}`, description: 'Line one\nLine two\\' };
    const text = renderCalendar(
      { name: 'Diary', baseUrl: 'https://example.test', now: new Date(), host: 'example.test' },
      [long],
    );
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const [event] = parse(text);
    expect(event!.summary).toBe(long.title);
    expect(event!.description).toContain('Line one\nLine two\\');
  });

  it('keeps London wall-clock times on both sides of the BST change, read back by ical.js', () => {
    const beforeChange = base; // Saturday 27 March 2027, GMT
    const afterChange = {
      ...base,
      id: 'e2',
      startsAt: fromLondon(2027, 3, 28, 10),
      endsAt: fromLondon(2027, 3, 28, 12),
    }; // Sunday, BST
    const autumn = {
      ...base,
      id: 'e3',
      startsAt: fromLondon(2027, 10, 31, 0, 30),
      endsAt: fromLondon(2027, 10, 31, 3, 0),
    }; // spans the change back
    const text = renderCalendar(
      { name: 'Diary', baseUrl: 'https://example.test', now: new Date(), host: 'example.test' },
      [beforeChange, afterChange, autumn],
    );
    const events = parse(text);
    expect(events.map((e) => e.startDate.toJSDate().toISOString())).toEqual([
      '2027-03-27T10:00:00.000Z',
      '2027-03-28T09:00:00.000Z',
      '2027-10-30T23:30:00.000Z',
    ]);
    expect(events[2]!.endDate.toJSDate().toISOString()).toBe('2027-10-31T03:00:00.000Z');
    expect(events[1]!.startDate.zone.tzid).toBe('Europe/London');
  });

  it('marks cancelled events', () => {
    const text = renderCalendar({ name: 'Diary', baseUrl: 'x', now: new Date(), host: 'h' }, [
      { ...base, status: 'cancelled' },
    ]);
    expect(text).toContain('STATUS:CANCELLED');
    expect(parse(text)[0]!.summary).toBe('Cancelled: Housing forum');
  });
});

describe('helpers', () => {
  it('escapeText escapes the characters RFC 5545 names', () => {
    expect(escapeText('a,b;c\\d\r\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });
  it('foldLine never splits a multi-byte character', () => {
    const folded = foldLine(`SUMMARY:${'€'.repeat(40)}`);
    expect(folded.split('\r\n ').join('')).toBe(`SUMMARY:${'€'.repeat(40)}`);
  });
});
