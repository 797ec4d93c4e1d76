import type { Actor, Deps } from '../../deps.ts';
import type { CurrentUser, Role } from '../../web/auth.ts';
import { recordAudit } from '../audit/index.ts';
import * as repo from './accounts.repository.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;

export type SignInOutcome =
  { ok: true; user: { id: string; sessionVersion: number } } | { ok: false; reason: 'invalid' | 'locked' };

/**
 * Checks an email and password. Five failures lock the account for 15 minutes; the lock is
 * reported with the same words whether or not the password was right, so it cannot be probed.
 */
export async function signIn(deps: Deps, email: string, password: string, requestId?: string): Promise<SignInOutcome> {
  const now = deps.clock.now();
  const user = await repo.findUserByEmail(deps.db, email);
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !user.active) return { ok: false, reason: 'invalid' };
  if (user.lockedUntil && user.lockedUntil > now) return { ok: false, reason: 'locked' };
  const actor = { id: user.id, label: `${user.name} <${user.email}>`, organisationId: user.organisationId, requestId };
  if (!passwordOk) {
    await deps.db.transaction(async (tx) => {
      await repo.recordFailedSignIn(tx, user.id, LOCKOUT_THRESHOLD, new Date(now.getTime() + LOCKOUT_MINUTES * 60_000));
      await recordAudit(tx, actor, { action: 'account.sign-in-failed', entityType: 'staff_user', entityId: user.id });
    });
    return { ok: false, reason: 'invalid' };
  }
  await deps.db.transaction(async (tx) => {
    await repo.resetFailedSignIns(tx, user.id);
    await recordAudit(tx, actor, { action: 'account.signed-in', entityType: 'staff_user', entityId: user.id });
  });
  return { ok: true, user: { id: user.id, sessionVersion: user.sessionVersion } };
}

/** The signed-in user for a session, or null when the account is gone, inactive or signed out everywhere. */
export async function loadCurrentUser(deps: Deps, id: string, sessionVersion: number): Promise<CurrentUser | null> {
  const row = await repo.findUserWithOrganisation(deps.db, id);
  if (!row || !row.user.active || row.user.sessionVersion !== sessionVersion) return null;
  return {
    id: row.user.id,
    name: row.user.name,
    email: row.user.email,
    role: row.user.role as Role,
    organisationId: row.user.organisationId,
    organisationName: row.organisationName,
  };
}

export type ChangePasswordOutcome =
  { ok: true; sessionVersion: number } | { ok: false; reason: 'wrong-password' | 'not-found' };

/**
 * Changes the signed-in user's own password after checking the current one. Bumping the session
 * version signs out every other session; the caller keeps its own session by storing the new version.
 */
export async function changePassword(
  deps: Deps,
  actor: Actor & { id: string },
  currentPassword: string,
  newPassword: string,
): Promise<ChangePasswordOutcome> {
  const user = await repo.findUserById(deps.db, actor.id);
  if (!user || !user.active) return { ok: false, reason: 'not-found' };
  if (!(await verifyPassword(user.passwordHash, currentPassword))) return { ok: false, reason: 'wrong-password' };
  const passwordHash = await hashPassword(newPassword);
  const sessionVersion = await deps.db.transaction(async (tx) => {
    const version = await repo.updatePassword(tx, user.id, passwordHash, deps.clock.now());
    // The hash never goes into the audit trail; the event itself is the record.
    await recordAudit(tx, actor, { action: 'account.password-changed', entityType: 'staff_user', entityId: user.id });
    return version;
  });
  if (sessionVersion === undefined) return { ok: false, reason: 'not-found' };
  return { ok: true, sessionVersion };
}
