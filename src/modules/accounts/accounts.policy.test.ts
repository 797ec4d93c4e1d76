import { describe, expect, it } from 'vitest';
import { canManageStaff, canSetActive, staffStatus } from './accounts.policy.ts';

describe('accounts policy', () => {
  it('lets only administrators manage staff', () => {
    expect(canManageStaff({ role: 'administrator' })).toBe(true);
    for (const role of ['engagement_officer', 'service_officer', 'councillor', 'partner_officer'] as const) {
      expect(canManageStaff({ role })).toBe(false);
    }
    expect(canManageStaff(null)).toBe(false);
  });

  it('stops an administrator deactivating themself but not reactivating others', () => {
    const admin = { id: 'a', role: 'administrator' as const };
    expect(canSetActive(admin, { id: 'a' }, false)).toEqual({ ok: false, reason: 'self' });
    expect(canSetActive(admin, { id: 'b' }, false)).toEqual({ ok: true });
    expect(canSetActive(admin, { id: 'b' }, true)).toEqual({ ok: true });
    expect(canSetActive({ id: 'c', role: 'engagement_officer' }, { id: 'b' }, false)).toEqual({
      ok: false,
      reason: 'not-administrator',
    });
  });

  it('reports deactivated before locked, and a lock only while it lasts', () => {
    const now = new Date('2026-05-01T12:00:00Z');
    const later = new Date('2026-05-01T12:10:00Z');
    const earlier = new Date('2026-05-01T11:50:00Z');
    expect(staffStatus({ active: true, lockedUntil: null }, now)).toBe('active');
    expect(staffStatus({ active: true, lockedUntil: later }, now)).toBe('locked');
    expect(staffStatus({ active: true, lockedUntil: earlier }, now)).toBe('active');
    expect(staffStatus({ active: false, lockedUntil: later }, now)).toBe('deactivated');
  });
});
