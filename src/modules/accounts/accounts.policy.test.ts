import { describe, expect, it } from 'vitest';
import { canChangeInvitation, canManageStaff, canSetActive, canUnlock, staffStatus } from './accounts.policy.ts';

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

  it('unlocks only a locked, active account, and only for administrators', () => {
    const now = new Date('2026-05-01T12:00:00Z');
    const later = new Date('2026-05-01T12:10:00Z');
    const admin = { role: 'administrator' as const };
    expect(canUnlock(admin, { active: true, lockedUntil: later }, now)).toEqual({ ok: true });
    expect(canUnlock(admin, { active: true, lockedUntil: now }, now)).toEqual({ ok: false, reason: 'not-locked' });
    expect(canUnlock(admin, { active: true, lockedUntil: null }, now)).toEqual({ ok: false, reason: 'not-locked' });
    expect(canUnlock(admin, { active: false, lockedUntil: later }, now)).toEqual({ ok: false, reason: 'not-locked' });
    expect(canUnlock({ role: 'service_officer' }, { active: true, lockedUntil: later }, now)).toEqual({
      ok: false,
      reason: 'not-administrator',
    });
  });

  it('changes only an invitation that is unused and still in date', () => {
    const now = new Date('2026-05-01T12:00:00Z');
    const later = new Date('2026-05-08T12:00:00Z');
    const admin = { role: 'administrator' as const };
    expect(canChangeInvitation(admin, { acceptedAt: null, expiresAt: later }, now)).toEqual({ ok: true });
    expect(canChangeInvitation(admin, { acceptedAt: null, expiresAt: now }, now)).toEqual({
      ok: false,
      reason: 'not-pending',
    });
    expect(canChangeInvitation(admin, { acceptedAt: now, expiresAt: later }, now)).toEqual({
      ok: false,
      reason: 'not-pending',
    });
    expect(canChangeInvitation({ role: 'councillor' }, { acceptedAt: null, expiresAt: later }, now)).toEqual({
      ok: false,
      reason: 'not-administrator',
    });
  });
});
