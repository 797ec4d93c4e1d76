import { describe, expect, it } from 'vitest';
import type { Role } from '../../web/auth.ts';
import {
  allowedActions,
  canCreate,
  canEdit,
  canRead,
  canReview,
  canSubmit,
  canTransition,
} from './consultations.policy.ts';

const COUNCIL = 'council';
const NHS = 'nhs';
const user = (role: Role, organisationId = COUNCIL) => ({ role, organisationId });
const consultation = (state: string, leadOrganisationId = COUNCIL) => ({ state, leadOrganisationId });

describe('consultations policy', () => {
  it('lets everyone but councillors create', () => {
    expect(canCreate(user('service_officer'))).toBe(true);
    expect(canCreate(user('partner_officer', NHS))).toBe(true);
    expect(canCreate(user('engagement_officer'))).toBe(true);
    expect(canCreate(user('councillor'))).toBe(false);
  });

  it('hides drafts from other organisations and councillors, but not from partners', () => {
    const draft = consultation('draft');
    expect(canRead(user('partner_officer', NHS), draft)).toBe(false);
    expect(canRead(user('partner_officer', NHS), draft, [NHS])).toBe(true);
    expect(canRead(user('councillor'), draft)).toBe(false);
    expect(canRead(user('service_officer'), draft)).toBe(true);
    expect(canRead(user('engagement_officer', NHS), draft)).toBe(true);
    expect(canRead(user('councillor'), consultation('open'))).toBe(true);
    expect(canRead(user('partner_officer', NHS), consultation('archived'))).toBe(true);
  });

  it('allows editing only drafts, by the lead organisation or reviewers', () => {
    expect(canEdit(user('service_officer'), consultation('draft'))).toBe(true);
    expect(canEdit(user('service_officer'), consultation('in_review'))).toBe(false);
    expect(canEdit(user('partner_officer', NHS), consultation('draft'))).toBe(false);
    expect(canEdit(user('councillor'), consultation('draft'))).toBe(false);
    expect(canEdit(user('administrator', NHS), consultation('draft'))).toBe(true);
    expect(canSubmit(user('partner_officer', NHS), consultation('draft', NHS))).toBe(true);
  });

  it('keeps review and the later lifecycle to engagement officers and administrators', () => {
    expect(canReview(user('engagement_officer'), consultation('in_review'))).toBe(true);
    expect(canReview(user('service_officer'), consultation('in_review'))).toBe(false);
    expect(canReview(user('engagement_officer'), consultation('draft'))).toBe(false);
    expect(canTransition(user('service_officer'), consultation('open'), 'close')).toBe(false);
    expect(canTransition(user('engagement_officer'), consultation('open'), 'close')).toBe(true);
    expect(canTransition(user('engagement_officer'), consultation('open'), 'reopen')).toBe(false);
    expect(canTransition(user('service_officer'), consultation('scheduled'), 'withdraw')).toBe(true);
    expect(canTransition(user('partner_officer', NHS), consultation('scheduled'), 'withdraw')).toBe(false);
  });

  it('offers the actions that fit the state', () => {
    expect(allowedActions(user('engagement_officer'), consultation('closed'))).toEqual([
      'reopen',
      'publishFeedback',
      'archive',
    ]);
    expect(allowedActions(user('councillor'), consultation('closed'))).toEqual([]);
    expect(allowedActions(user('engagement_officer'), consultation('in_review'))).toEqual(['return', 'approve']);
  });
});
