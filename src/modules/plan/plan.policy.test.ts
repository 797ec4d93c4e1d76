import { describe, expect, it } from 'vitest';
import type { Role } from '../../web/auth.ts';
import * as policy from './plan.policy.ts';

const user = (role: Role, organisationId = 'council') => ({ role, organisationId });
const councilRecord = { organisationId: 'council' };
const nhsRecord = { organisationId: 'nhs' };

describe('plan policy', () => {
  it('officers edit their own organisation’s records only; reviewers edit any; councillors none', () => {
    expect(policy.canEdit(user('service_officer'), councilRecord)).toBe(true);
    expect(policy.canEdit(user('service_officer'), nhsRecord)).toBe(false);
    expect(policy.canEdit(user('partner_officer', 'nhs'), nhsRecord)).toBe(true);
    expect(policy.canEdit(user('partner_officer', 'nhs'), councilRecord)).toBe(false);
    expect(policy.canEdit(user('engagement_officer'), nhsRecord)).toBe(true);
    expect(policy.canEdit(user('administrator'), nhsRecord)).toBe(true);
    expect(policy.canEdit(user('councillor'), councilRecord)).toBe(false);
  });

  it('anyone who plans may comment and join the rota; councillors read', () => {
    for (const role of ['administrator', 'engagement_officer', 'service_officer', 'partner_officer'] as Role[]) {
      expect(policy.canComment(user(role))).toBe(true);
      expect(policy.canJoinRota(user(role))).toBe(true);
    }
    expect(policy.canComment(user('councillor'))).toBe(false);
    expect(policy.canJoinRota(user('councillor'))).toBe(false);
    expect(policy.canPlan(user('councillor'))).toBe(false);
  });

  it('joining up needs a say over one of the two activities', () => {
    expect(policy.canJoinUp(user('partner_officer', 'nhs'), councilRecord, nhsRecord)).toBe(true);
    expect(policy.canJoinUp(user('partner_officer', 'cvs'), councilRecord, nhsRecord)).toBe(false);
  });

  it('registrations (personal data) are for the organiser and reviewers', () => {
    expect(policy.canSeeRegistrations(user('partner_officer', 'nhs'), nhsRecord)).toBe(true);
    expect(policy.canSeeRegistrations(user('service_officer'), nhsRecord)).toBe(false);
    expect(policy.canSeeRegistrations(user('councillor'), councilRecord)).toBe(false);
  });

  it('only reviewers choose another organisation or change the fatigue limit', () => {
    expect(policy.canChooseOrganisation(user('engagement_officer'))).toBe(true);
    expect(policy.canChooseOrganisation(user('service_officer'))).toBe(false);
    expect(policy.canChangeSettings(user('administrator'))).toBe(true);
    expect(policy.canChangeSettings(user('partner_officer'))).toBe(false);
  });

  it('an event may be part of its own organisation’s live activities; others’ once no longer ideas; never cancelled ones', () => {
    const event = { organisationId: 'council' };
    expect(policy.canLinkEventToActivity(event, { organisationId: 'council', status: 'idea' })).toBe(true);
    expect(policy.canLinkEventToActivity(event, { organisationId: 'nhs', status: 'idea' })).toBe(false);
    for (const status of ['planned', 'confirmed', 'live', 'done'])
      expect(policy.canLinkEventToActivity(event, { organisationId: 'nhs', status })).toBe(true);
    expect(policy.canLinkEventToActivity(event, { organisationId: 'council', status: 'cancelled' })).toBe(false);
  });
});
