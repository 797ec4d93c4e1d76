import { describe, expect, it } from 'vitest';
import { csvCell, normaliseEmail, normalisePhone, parseCsv } from './contact-details.ts';

describe('contact details', () => {
  it('normalises email addresses to lower case without spaces', () => {
    expect(normaliseEmail('  Ann.Example@Example.COM ')).toBe('ann.example@example.com');
    expect(normaliseEmail('not an email')).toBeNull();
    expect(normaliseEmail('')).toBeNull();
  });

  it('normalises UK phone numbers to +44', () => {
    for (const input of [
      '07700 900123',
      '+44 7700 900123',
      '0044 7700 900 123',
      '+44 (0)7700-900-123',
      '(07700) 900123',
    ]) {
      expect(normalisePhone(input)).toBe('+447700900123');
    }
    expect(normalisePhone('020 7946 0123')).toBe('+442079460123');
    expect(normalisePhone('+33 6 12 34 56 78')).toBeNull();
    expect(normalisePhone('12345')).toBeNull();
    expect(normalisePhone('0770090012a')).toBeNull();
  });

  it('parses quoted CSV and escapes formulas on the way out', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\n\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
    ]);
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('+44 7700')).toBe("'+44 7700");
    expect(csvCell('a,b')).toBe('"a,b"');
  });
});
