/** The administrators' view of staff: who is active, locked, deactivated or invited, and switching people off. */
import type { Actor, Deps } from '../../deps.ts';
import type { CurrentUser, Role } from '../../web/auth.ts';
import { recordAudit } from '../audit/index.ts';
import { canSetActive, canUnlock, staffStatus, type StaffStatus } from './accounts.policy.ts';
import * as repo from './accounts.repository.ts';
import * as invitations from './invitations.repository.ts';

export interface StaffRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  status: StaffStatus | 'invited';
  invitationExpiresAt?: Date;
}

export interface OrganisationStaff {
  organisationId: string;
  organisationName: string;
  staff: StaffRow[];
}

/** Every organisation of the partnership with its staff and pending invitations, by name. */
export async function listStaff(deps: Deps): Promise<OrganisationStaff[]> {
  const now = deps.clock.now();
  const [organisations, users, pending] = await Promise.all([
    repo.listOrganisations(deps.db),
    repo.listStaffWithOrganisations(deps.db),
    invitations.listPendingInvitations(deps.db, now),
  ]);
  const groups = new Map<string, OrganisationStaff>(
    organisations.map((o) => [o.id, { organisationId: o.id, organisationName: o.name, staff: [] }]),
  );
  for (const { user } of users) {
    groups.get(user.organisationId)?.staff.push({
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role as Role,
      status: staffStatus(user, now),
    });
  }
  for (const invitation of pending) {
    groups.get(invitation.organisationId)?.staff.push({
      id: invitation.id,
      name: invitation.name,
      email: invitation.email,
      role: invitation.role as Role,
      status: 'invited',
      invitationExpiresAt: invitation.expiresAt,
    });
  }
  return [...groups.values()];
}

export type SetActiveOutcome =
  { ok: true; name: string; active: boolean } | { ok: false; reason: 'not-found' | 'not-administrator' | 'self' };

/**
 * Deactivates or reactivates a staff account. Either way the session version moves on, so a
 * deactivated person's open sessions stop working on their next request.
 */
export async function setStaffActive(
  deps: Deps,
  actor: Actor,
  acting: Pick<CurrentUser, 'id' | 'role'>,
  targetId: string,
  active: boolean,
): Promise<SetActiveOutcome> {
  return deps.db.transaction(async (tx) => {
    const target = await repo.findUserById(tx, targetId);
    if (!target) return { ok: false, reason: 'not-found' };
    const decision = canSetActive(acting, target, active);
    if (!decision.ok) return decision;
    const updated = await repo.setUserActive(tx, target.id, active, deps.clock.now());
    if (!updated) return { ok: false, reason: 'not-found' };
    await recordAudit(tx, actor, {
      action: active ? 'staff.reactivated' : 'staff.deactivated',
      entityType: 'staff_user',
      entityId: target.id,
      before: { active: target.active, sessionVersion: target.sessionVersion },
      after: { active: updated.active, sessionVersion: updated.sessionVersion },
    });
    return { ok: true, name: updated.name, active: updated.active };
  });
}

export type UnlockOutcome =
  { ok: true; name: string } | { ok: false; reason: 'not-found' | 'not-administrator' | 'not-locked'; name?: string };

/**
 * Lifts a sign-in lock before its 15 minutes are up and clears the failure count, so the person can
 * sign in straight away with their password (which stays theirs: an unlock never resets it).
 */
export async function unlockStaff(
  deps: Deps,
  actor: Actor,
  acting: Pick<CurrentUser, 'role'>,
  targetId: string,
): Promise<UnlockOutcome> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx): Promise<UnlockOutcome> => {
    const target = await repo.findUserById(tx, targetId);
    if (!target) return { ok: false, reason: 'not-found' };
    const decision = canUnlock(acting, target, now);
    if (!decision.ok) return { ...decision, name: target.name };
    const updated = await repo.unlockUser(tx, target.id, now);
    if (!updated) return { ok: false, reason: 'not-found' };
    await recordAudit(tx, actor, {
      action: 'staff.unlocked',
      entityType: 'staff_user',
      entityId: target.id,
      before: { failedSignIns: target.failedSignIns, lockedUntil: target.lockedUntil },
      after: { failedSignIns: updated.failedSignIns, lockedUntil: updated.lockedUntil },
    });
    return { ok: true, name: updated.name };
  });
}
