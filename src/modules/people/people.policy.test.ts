import { describe, expect, it } from 'vitest';
import type { CurrentUser, Role } from '../../web/auth.ts';
import * as policy from './people.policy.ts';

const user = (role: Role, organisationId = 'council'): CurrentUser => ({
  id: 'u',
  name: 'U',
  email: 'u@example.test',
  role,
  organisationId,
  organisationName: 'Org',
});

describe('people policy', () => {
  it('shows a person to the partnership roles and to officers of an organisation that holds them', () => {
    const held = { organisationIds: ['nhs'] };
    expect(policy.canSeePerson(user('administrator'), held)).toBe(true);
    expect(policy.canSeePerson(user('engagement_officer'), held)).toBe(true);
    expect(policy.canSeePerson(user('partner_officer', 'nhs'), held)).toBe(true);
    expect(policy.canSeePerson(user('partner_officer', 'police'), held)).toBe(false);
    expect(policy.canSeePerson(user('service_officer', 'council'), held)).toBe(false);
    expect(policy.canSeePerson(user('councillor', 'nhs'), held)).toBe(false);
  });

  it('keeps special category data and member management to the partnership roles', () => {
    for (const role of ['service_officer', 'partner_officer', 'councillor'] as Role[]) {
      expect(policy.canSeeEquality(user(role))).toBe(false);
      expect(policy.canManageMembers(user(role))).toBe(false);
      expect(policy.canSetTargets(user(role))).toBe(false);
    }
    expect(policy.canSeeEquality(user('engagement_officer'))).toBe(true);
  });

  it('lets officers edit only their own organisation’s groups, and keeps councillors out of contacts', () => {
    expect(policy.canEditGroup(user('partner_officer', 'cvs'), { organisationId: 'cvs' })).toBe(true);
    expect(policy.canEditGroup(user('partner_officer', 'nhs'), { organisationId: 'cvs' })).toBe(false);
    expect(policy.canEditGroup(user('engagement_officer'), { organisationId: 'cvs' })).toBe(true);
    expect(policy.canSeeGroups(user('councillor'))).toBe(false);
    expect(policy.canImport(user('councillor'))).toBe(false);
    expect(policy.canSeePanelHealth(user('councillor'))).toBe(true);
  });
});
