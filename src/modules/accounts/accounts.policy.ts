/**
 * Who may manage staff. Administrators act for the whole partnership (they invite to any
 * organisation), so the per-record rules are about the person: never switch yourself off.
 */
import type { CurrentUser } from '../../web/auth.ts';

export type StaffStatus = 'active' | 'locked' | 'deactivated';

export const canManageStaff = (user: Pick<CurrentUser, 'role'> | null): boolean => user?.role === 'administrator';

export type SetActiveDecision = { ok: true } | { ok: false; reason: 'not-administrator' | 'self' };

export function canSetActive(
  actor: Pick<CurrentUser, 'id' | 'role'>,
  target: { id: string },
  active: boolean,
): SetActiveDecision {
  if (!canManageStaff(actor)) return { ok: false, reason: 'not-administrator' };
  // Deactivating yourself could leave the partnership with no administrator; reactivating yourself is impossible anyway.
  if (!active && actor.id === target.id) return { ok: false, reason: 'self' };
  return { ok: true };
}

export function staffStatus(user: { active: boolean; lockedUntil: Date | null }, now: Date): StaffStatus {
  if (!user.active) return 'deactivated';
  if (user.lockedUntil && user.lockedUntil > now) return 'locked';
  return 'active';
}

export type UnlockDecision = { ok: true } | { ok: false; reason: 'not-administrator' | 'not-locked' };

/** Unlocking is only for an account that is locked right now; a deactivated one stays switched off. */
export function canUnlock(
  actor: Pick<CurrentUser, 'role'>,
  target: { active: boolean; lockedUntil: Date | null },
  now: Date,
): UnlockDecision {
  if (!canManageStaff(actor)) return { ok: false, reason: 'not-administrator' };
  if (staffStatus(target, now) !== 'locked') return { ok: false, reason: 'not-locked' };
  return { ok: true };
}

export type PendingInvitationDecision = { ok: true } | { ok: false; reason: 'not-administrator' | 'not-pending' };

/** Resending or withdrawing only makes sense for a link nobody has used and that has not run out. */
export function canChangeInvitation(
  actor: Pick<CurrentUser, 'role'>,
  invitation: { acceptedAt: Date | null; expiresAt: Date },
  now: Date,
): PendingInvitationDecision {
  if (!canManageStaff(actor)) return { ok: false, reason: 'not-administrator' };
  if (invitation.acceptedAt || invitation.expiresAt <= now) return { ok: false, reason: 'not-pending' };
  return { ok: true };
}
