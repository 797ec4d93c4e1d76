import { describe, expect, it } from 'vitest';
import { canManage, canStartProcess } from './budgeting.policy.ts';

const council = { organisationId: 'council' };
describe('budgeting policy', () => {
  it('lets the owning organisation’s service officers and any reviewer manage a process', () => {
    expect(canManage({ role: 'service_officer', organisationId: 'council' }, council)).toBe(true);
    expect(canManage({ role: 'service_officer', organisationId: 'nhs' }, council)).toBe(false);
    expect(canManage({ role: 'engagement_officer', organisationId: 'nhs' }, council)).toBe(true);
    expect(canManage({ role: 'administrator', organisationId: 'nhs' }, council)).toBe(true);
    expect(canManage({ role: 'councillor', organisationId: 'council' }, council)).toBe(false);
    expect(canManage({ role: 'partner_officer', organisationId: 'council' }, council)).toBe(false);
  });
  it('lets councillors and partners look but not start processes', () => {
    expect(canStartProcess({ role: 'councillor', organisationId: 'council' })).toBe(false);
    expect(canStartProcess({ role: 'partner_officer', organisationId: 'nhs' })).toBe(false);
    expect(canStartProcess({ role: 'service_officer', organisationId: 'council' })).toBe(true);
  });
});
