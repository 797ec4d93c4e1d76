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
