import { describe, expect, it } from 'vitest';
import { checkImport } from './intelligence.import.ts';
import { findPersonalDetails, personalDetailsMessage } from './intelligence.personal.ts';
import { isRising, risingIssues, windows } from './intelligence.rising.ts';

describe('the rising-issue rule', () => {
  it('needs at least 3 mentions in the last 4 weeks', () => {
    expect(isRising(2, 0)).toBe(false);
    expect(isRising(3, 0)).toBe(true);
  });
  it('needs at least twice the rate of the 12 weeks before', () => {
    // 12 weeks before: 6 mentions = 2 per 4 weeks; 4 now is exactly twice.
    expect(isRising(4, 6)).toBe(true);
    expect(isRising(3, 6)).toBe(false);
    expect(isRising(10, 15)).toBe(true);
    expect(isRising(9, 15)).toBe(false);
  });
  it('lists the rising ones, most mentions first, with the earlier rate per 4 weeks', () => {
    const rising = risingIssues([
      { wardCode: 'E1', topic: 'housing', recent: 3, previous: 4 },
      { wardCode: 'E2', topic: 'housing', recent: 5, previous: 3 },
      { wardCode: 'E3', topic: 'housing', recent: 3, previous: 9 },
      { wardCode: null, topic: 'waste-and-recycling', recent: 4, previous: 0 },
    ]);
    expect(rising.map((r) => [r.wardCode, r.recent, r.previousRate])).toEqual([
      ['E2', 5, 1],
      [null, 4, 0],
      ['E1', 3, 1.3],
    ]);
  });
  it('counts the last 28 days including today, and the 84 before them', () => {
    expect(windows('2027-03-28')).toEqual({ recentFrom: '2027-03-01', previousFrom: '2026-12-07' });
  });
});

describe('personal details in free text', () => {
  it.each([
    ['Resident at jo.bloggs@example.com wants a call back', ['email']],
    ['Call 020 8227 2786 about the bins', ['phone']],
    ['Ring 07700 900123', ['phone']],
    ['+44 7700 900123 left a message', ['phone']],
    ['Lives at RM10 7BS near the park', ['postcode']],
    ['postcode ig117ly', ['postcode']],
    ['email a@b.co, phone 01708 433000, IG11 7LU', ['email', 'phone', 'postcode']],
  ])('finds them in %s', (text, found) => {
    expect(findPersonalDetails(text)).toEqual(found);
  });
  it.each([
    'Potholes on the A13 are getting worse',
    'About 40 people came to the meeting on 12 March 2027',
    'Bus 5 and the 287 are late every morning',
    'Rents went up 7.5% in 2026',
  ])('leaves ordinary text alone: %s', (text) => {
    expect(findPersonalDetails(text)).toEqual([]);
  });
  it('says what to remove, in plain words', () => {
    expect(personalDetailsMessage('summary', ['email', 'postcode'])).toBe(
      'Remove the email address and postcode from the summary: do not record anything that could identify a person',
    );
  });
});

describe('checking a casework extract', () => {
  const wards = [
    { code: 'E05014053', name: 'Abbey' },
    { code: 'E05014054', name: 'Alibon' },
  ];
  const header = 'Reference,Date,Ward,Topics,Summary,Sentiment,Needs action,Action by';
  it('reads good rows, reports problems by line and skips duplicates', () => {
    const csv = [
      header,
      'C-1,31/01/2027,Abbey,Housing; Community safety,Damp in the flats,negative,yes,Housing repairs',
      'C-2,2027-02-01,e05014054,waste-and-recycling,Missed bins,,,',
      'C-3,31/02/2027,Abbey,Housing,Bad date,,,',
      'C-4,01/02/2027,Nowhere,Housing,Unknown ward,,,',
      'C-5,01/02/2027,,Unicorns,Unknown topic,,,',
      'C-6,01/02/2027,,Housing,Call 07700 900123 back,,,',
      'C-1,01/02/2027,Abbey,Housing,Repeated reference,,,',
      'C-9,01/02/2027,Abbey,Housing,Imported last week,,,',
      'C-10,01/02/2099,Abbey,Housing,In the future,,,',
    ].join('\n');
    const check = checkImport(csv, { wards, today: '2027-03-01', alreadyImported: new Set(['C-9']) });
    expect(check.rows.map((r) => [r.reference, r.wardCode, r.topics, r.sentiment, r.needsAction])).toEqual([
      ['C-1', 'E05014053', ['housing', 'community-safety'], 'negative', true],
      ['C-2', 'E05014054', ['waste-and-recycling'], 'neutral', false],
    ]);
    expect(check.problems.map((p) => p.line)).toEqual([4, 5, 6, 7, 10]);
    expect(check.problems[3]!.text).toContain('remove the phone number');
    expect(check.duplicates).toEqual([
      { line: 8, reference: 'C-1', reason: 'in-file' },
      { line: 9, reference: 'C-9', reason: 'already-imported' },
    ]);
  });
  it('refuses a file without the needed columns', () => {
    expect(checkImport('Reference,Summary\nC-1,x', { wards, today: '2027-03-01' }).fileProblem).toBe(
      'The file must have columns called date, topics',
    );
  });
});
