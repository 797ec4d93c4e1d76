import { describe, expect, it } from 'vitest';
import { canEditQuestionnaire, canPrintPublicly, canReadQuestionnaire } from './questionnaires.policy.ts';

const COUNCIL = 'org-council';
const NHS = 'org-nhs';
const user = (role: string, organisationId = COUNCIL) =>
  ({ role, organisationId }) as Parameters<typeof canEditQuestionnaire>[0];
const consultation = (state: string, leadOrganisationId = COUNCIL) => ({ state, leadOrganisationId });

describe('questionnaire policy', () => {
  it('lets reviewers edit any consultation that is not closed', () => {
    for (const role of ['administrator', 'engagement_officer']) {
      for (const state of ['draft', 'in_review', 'scheduled', 'open'])
        expect(canEditQuestionnaire(user(role, NHS), consultation(state)), `${role} ${state}`).toBe(true);
      for (const state of ['closed', 'feedback_published', 'archived'])
        expect(canEditQuestionnaire(user(role), consultation(state)), `${role} ${state}`).toBe(false);
    }
  });

  it('lets officers edit only their own organisation’s questionnaires', () => {
    expect(canEditQuestionnaire(user('service_officer'), consultation('draft'))).toBe(true);
    expect(canEditQuestionnaire(user('partner_officer', NHS), consultation('draft'))).toBe(false);
    expect(canEditQuestionnaire(user('partner_officer', NHS), consultation('draft', NHS))).toBe(true);
    expect(canEditQuestionnaire(user('service_officer'), consultation('closed'))).toBe(false);
  });

  it('keeps councillors read-only', () => {
    expect(canEditQuestionnaire(user('councillor'), consultation('draft'))).toBe(false);
    expect(canReadQuestionnaire(user('councillor'), consultation('open'), [])).toBe(true);
  });

  it('hides other organisations’ drafts unless they are partners', () => {
    expect(canReadQuestionnaire(user('partner_officer', NHS), consultation('draft'), [])).toBe(false);
    expect(canReadQuestionnaire(user('partner_officer', NHS), consultation('draft'), [NHS])).toBe(true);
  });

  it('prints publicly only public, non-private questionnaires', () => {
    expect(canPrintPublicly(consultation('open'), { private: false })).toBe(true);
    expect(canPrintPublicly(consultation('open'), undefined)).toBe(true);
    expect(canPrintPublicly(consultation('open'), { private: true })).toBe(false);
    expect(canPrintPublicly(consultation('draft'), { private: false })).toBe(false);
    expect(canPrintPublicly(consultation('in_review'), { private: false })).toBe(false);
  });
});
