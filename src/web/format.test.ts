import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, fromLondon, londonParts } from './format.ts';

describe('Europe/London dates', () => {
  it('reads winter wall-clock times as GMT and summer ones as BST', () => {
    expect(fromLondon(2027, 1, 15, 9, 0).toISOString()).toBe('2027-01-15T09:00:00.000Z');
    expect(fromLondon(2027, 7, 15, 9, 0).toISOString()).toBe('2027-07-15T08:00:00.000Z');
  });

  it('handles the days the clocks change', () => {
    // Clocks go forward at 01:00 GMT on 28 March 2027 and back at 02:00 BST on 31 October 2027.
    expect(fromLondon(2027, 3, 28, 12, 0).toISOString()).toBe('2027-03-28T11:00:00.000Z');
    expect(fromLondon(2027, 10, 31, 12, 0).toISOString()).toBe('2027-10-31T12:00:00.000Z');
  });

  it('shows dates and times the GOV.UK way', () => {
    expect(formatDate('2027-03-01T12:00:00Z')).toBe('1 March 2027');
    expect(formatDateTime('2027-03-01T09:30:00Z')).toBe('1 March 2027 at 9:30am');
    expect(formatDateTime('2027-06-30T22:59:00Z')).toBe('30 June 2027 at 11:59pm');
    expect(formatDateTime('2027-01-01T00:00:00Z')).toBe('1 January 2027 at midnight');
    expect(formatDateTime('2027-01-01T12:00:00Z')).toBe('1 January 2027 at midday');
  });

  it('round-trips through the date input parts', () => {
    const instant = fromLondon(2027, 8, 3, 17, 45);
    expect(londonParts(instant)).toEqual({ day: '3', month: '8', year: '2027', hour: '17', minute: '45' });
  });
});
