import { describe, expect, it } from 'vitest';
import { canReadInsight, canWorkInsight } from './insight.policy.ts';

const c = (state: string) => ({ state, leadOrganisationId: 'council' });
const user = (role: string, organisationId = 'council') => ({ role, organisationId }) as Parameters<typeof canReadInsight>[0];

describe('insight policy', () => {
  it('lets the engagement team and the lead organisation’s officers in, once the consultation has opened', () => {
    expect(canReadInsight(user('engagement_officer', 'nhs'), c('open'))).toBe(true);
    expect(canReadInsight(user('service_officer'), c('closed'))).toBe(true);
    expect(canReadInsight(user('partner_officer', 'nhs'), c('closed'))).toBe(false);
    expect(canReadInsight(user('councillor'), c('closed'))).toBe(false);
    expect(canReadInsight(user('administrator'), c('draft'))).toBe(false);
  });

  it('keeps archived consultations read-only', () => {
    expect(canReadInsight(user('administrator'), c('archived'))).toBe(true);
    expect(canWorkInsight(user('administrator'), c('archived'))).toBe(false);
    expect(canWorkInsight(user('administrator'), c('feedback_published'))).toBe(true);
  });
});
