import { describe, expect, it } from 'vitest';
import type { Consultation } from '../consultations/index.ts';
import type { Role } from '../../web/auth.ts';
import { offlineMetaSchema } from './offline.schema.ts';
import { canEnterResponses } from './offline.service.ts';

const consultation = { leadOrganisationId: 'council', state: 'closed' } as Consultation;
const user = (role: Role, organisationId = 'council') => ({ role, organisationId });

describe('who may enter offline responses', () => {
  it('engagement officers and administrators anywhere; service and partner officers for their own organisation; councillors never', () => {
    expect(canEnterResponses(user('engagement_officer', 'nhs'), consultation)).toBe(true);
    expect(canEnterResponses(user('administrator', 'nhs'), consultation)).toBe(true);
    expect(canEnterResponses(user('service_officer'), consultation)).toBe(true);
    expect(canEnterResponses(user('partner_officer', 'nhs'), consultation)).toBe(false);
    expect(canEnterResponses(user('service_officer', 'nhs'), consultation)).toBe(false);
    expect(canEnterResponses(user('councillor'), consultation)).toBe(false);
  });
});

describe('the date a response was received', () => {
  const window = {
    now: new Date('2026-06-20T10:00:00Z'),
    opensAt: new Date('2026-05-01T08:00:00Z'),
    closesAt: new Date('2026-06-10T22:59:00Z'), // 23:59 on 10 June in London (BST)
  };
  const parse = (day: string, month: string, year: string) =>
    offlineMetaSchema(window).safeParse({
      receivedVia: 'paper',
      'receivedOn-day': day,
      'receivedOn-month': month,
      'receivedOn-year': year,
    });
  const message = (result: ReturnType<typeof parse>) => (result.success ? undefined : result.error.issues[0]!.message);

  it('takes the closing day itself, in London time', () => {
    expect(parse('10', '6', '2026')).toMatchObject({
      success: true,
      data: { channel: 'paper', receivedOn: '2026-06-10' },
    });
  });

  it('refuses dates after the close, before the opening, in the future, or not real', () => {
    expect(message(parse('11', '6', '2026'))).toBe(
      'The date received must be on or before 10 June 2026, when the consultation closed',
    );
    expect(message(parse('30', '4', '2026'))).toBe(
      'The date received must be on or after 1 May 2026, when the consultation opened',
    );
    expect(message(parse('21', '6', '2026'))).toBe('The date received must be today or in the past');
    expect(message(parse('31', '6', '2026'))).toBe('The date received must be a real date');
    expect(message(parse('', '6', ''))).toBe('The date received must include a day and year');
    expect(message(parse('', '', ''))).toBe('Enter the date the response was received');
  });
});
