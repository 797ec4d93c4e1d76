import { describe, expect, it } from 'vitest';
import {
  canAnswerChallenges,
  canCiteInDecision,
  canEditDecision,
  canEvaluate,
  canNoteRelations,
  canPublishFeedback,
  canReadFeedback,
  canWriteFeedback,
  dueScope,
} from './feedback.policy.ts';

const council = 'org-council';
const police = 'org-police';
const user = (role: string, organisationId = council) => ({ role, organisationId }) as never;
const consultation = (state: string, leadOrganisationId = council) => ({ state, leadOrganisationId });

describe('feedback policy', () => {
  it('lets every member of staff read feedback once a consultation has closed, never before', () => {
    expect(canReadFeedback(user('councillor'), consultation('closed'))).toBe(true);
    expect(canReadFeedback(user('partner_officer', police), consultation('feedback_published'))).toBe(true);
    expect(canReadFeedback(user('administrator'), consultation('open'))).toBe(false);
    expect(canReadFeedback(user('administrator'), consultation('draft'))).toBe(false);
  });

  it('lets reviewers and the lead organisation’s officers write feedback, not partners or councillors', () => {
    expect(canWriteFeedback(user('engagement_officer', police), consultation('closed'))).toBe(true);
    expect(canWriteFeedback(user('service_officer'), consultation('closed'))).toBe(true);
    expect(canWriteFeedback(user('partner_officer', police), consultation('closed'))).toBe(false);
    expect(canWriteFeedback(user('councillor'), consultation('closed'))).toBe(false);
    expect(canWriteFeedback(user('service_officer'), consultation('archived'))).toBe(false);
  });

  it('keeps publishing for reviewers, from closed only', () => {
    expect(canPublishFeedback(user('engagement_officer'), consultation('closed'))).toBe(true);
    expect(canPublishFeedback(user('service_officer'), consultation('closed'))).toBe(false);
    expect(canPublishFeedback(user('administrator'), consultation('feedback_published'))).toBe(false);
  });

  it('limits decisions, evaluations and notes to the organisation that owns the record', () => {
    expect(canCiteInDecision(user('partner_officer', police), consultation('closed'))).toBe(false);
    expect(canCiteInDecision(user('partner_officer', police), consultation('closed', police))).toBe(true);
    expect(canEditDecision(user('service_officer'), { organisationId: police })).toBe(false);
    expect(canEditDecision(user('engagement_officer'), { organisationId: police })).toBe(true);
    expect(canEvaluate(user('service_officer'), consultation('open'))).toBe(false);
    expect(canEvaluate(user('service_officer'), consultation('closed'))).toBe(true);
    expect(canNoteRelations(user('service_officer'), consultation('draft'))).toBe(true);
    expect(canNoteRelations(user('service_officer'), consultation('in_review'))).toBe(false);
    expect(canNoteRelations(user('partner_officer', police), consultation('draft'))).toBe(false);
  });

  it('sends challenges to the engagement team, and scopes deadlines by organisation for officers', () => {
    expect(canAnswerChallenges(user('engagement_officer'))).toBe(true);
    expect(canAnswerChallenges(user('councillor'))).toBe(false);
    expect(dueScope(user('councillor'))).toEqual({ all: true });
    expect(dueScope(user('partner_officer', police))).toEqual({ all: false, organisationId: police });
  });
});
