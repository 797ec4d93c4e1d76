import { describe, expect, it } from 'vitest';
import type { Role } from '../../web/auth.ts';
import { canPublishResults, canRedact, canSeeEqualities, canSeePersonalData } from './results.policy.ts';

const user = (role: Role, organisationId = 'council') => ({ role, organisationId });
const consultation = (state: string, leadOrganisationId = 'council') => ({ state, leadOrganisationId });

describe('results policy', () => {
  it('lets only reviewers see About you answers and personal data', () => {
    expect(canSeeEqualities(user('engagement_officer'))).toBe(true);
    expect(canSeePersonalData(user('administrator'))).toBe(true);
    expect(canSeeEqualities(user('service_officer'))).toBe(false);
    expect(canSeePersonalData(user('councillor'))).toBe(false);
  });

  it('lets reviewers publish results once the consultation has closed', () => {
    expect(canPublishResults(user('engagement_officer'), consultation('closed'))).toBe(true);
    expect(canPublishResults(user('administrator'), consultation('feedback_published'))).toBe(true);
    expect(canPublishResults(user('engagement_officer'), consultation('open'))).toBe(false);
    expect(canPublishResults(user('service_officer'), consultation('closed'))).toBe(false);
    expect(canPublishResults(user('councillor'), consultation('closed'))).toBe(false);
  });

  it('lets reviewers and the consultation organisation’s officers redact, nobody else', () => {
    expect(canRedact(user('engagement_officer', 'nhs'), consultation('closed'))).toBe(true);
    expect(canRedact(user('service_officer'), consultation('open'))).toBe(true);
    expect(canRedact(user('partner_officer', 'nhs'), consultation('closed', 'nhs'))).toBe(true);
    expect(canRedact(user('partner_officer', 'nhs'), consultation('closed'))).toBe(false);
    expect(canRedact(user('service_officer', 'police'), consultation('closed'))).toBe(false);
    expect(canRedact(user('councillor'), consultation('closed'))).toBe(false);
  });
});
