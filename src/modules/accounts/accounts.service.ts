import type { Actor, Deps } from '../../deps.ts';
import type { CurrentUser, Role } from '../../web/auth.ts';
import { recordAudit } from '../audit/index.ts';
import * as repo from './accounts.repository.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

import { claimMessage } from '../../notifications/message-claims.ts';

/** Failures before attempts from unknown devices have to wait (30 s, doubling, at most 15 minutes). */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;

export type SignInOutcome =
  { ok: true; user: { id: string; sessionVersion: number } } | { ok: false; reason: 'invalid' };

/**
 * Checks an email and password. From the fifth failure on, attempts from devices that have not
 * signed in to this account before must wait (30 seconds, doubling per further failure, at most 15
 * minutes): attempts during the wait are refused without being checked or counted, so an outsider
 * cannot brute-force, and cannot lock the holder out either, because their known device (a signed
 * cookie set at each sign-in) is never made to wait. The holder is emailed when the waits begin
 * (one message per person: at most every 15 minutes). An administrator's unlock clears the count.
 * Every refusal, wait or not, known email or not, has the same words and the same password check,
 * so the page never tells an outsider that an email is a staff account.
 */
export async function signIn(
  deps: Deps,
  email: string,
  password: string,
  requestId?: string,
  knownDeviceUserId?: string | null,
): Promise<SignInOutcome> {
  const now = deps.clock.now();
  const user = await repo.findUserByEmail(deps.db, email);
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !user.active) return { ok: false, reason: 'invalid' };
  const knownDevice = knownDeviceUserId === user.id;
  if (!knownDevice && user.lockedUntil && user.lockedUntil > now) return { ok: false, reason: 'invalid' };
  const actor = { id: user.id, label: `${user.name} <${user.email}>`, organisationId: user.organisationId, requestId };
  if (!passwordOk) {
    await deps.db.transaction(async (tx) => {
      const failures = await repo.recordFailedSignIn(tx, user.id, LOCKOUT_THRESHOLD, now);
      await recordAudit(tx, actor, {
        action: 'account.sign-in-failed',
        entityType: 'staff_user',
        entityId: user.id,
        after: { failures, knownDevice },
      });
      if (failures >= LOCKOUT_THRESHOLD) {
        const claim = await claimMessage(tx, {
          purpose: 'staff-sign-in-attempts',
          scope: user.id,
          contact: user.email,
          now,
        });
        if (claim.send)
          await deps.notifier.queue(tx, {
            reference: `staff-sign-in-attempts:${user.id}:${now.getTime()}`,
            template: 'staff-sign-in-attempts',
            recipient: user.email,
            personalisation: { name: user.name, attempts: String(failures) },
          });
      }
    });
    return { ok: false, reason: 'invalid' };
  }
  await deps.db.transaction(async (tx) => {
    await repo.resetFailedSignIns(tx, user.id);
    await recordAudit(tx, actor, { action: 'account.signed-in', entityType: 'staff_user', entityId: user.id });
  });
  return { ok: true, user: { id: user.id, sessionVersion: user.sessionVersion } };
}

/** Signing out: the sealed cookie's session id is refused from now on, even if the cookie is replayed. */
export async function signOut(deps: Deps, sessionId: string | undefined, sessionMaxAgeMs: number) {
  if (!sessionId) return;
  const now = deps.clock.now();
  await repo.revokeSession(deps.db, sessionId, now, new Date(now.getTime() + sessionMaxAgeMs));
}

/** The signed-in user for a session, or null when the account is gone, inactive or signed out everywhere. */
export async function loadCurrentUser(
  deps: Deps,
  id: string,
  sessionVersion: number,
  sessionId?: string,
): Promise<CurrentUser | null> {
  // A session from before sign-ins carried an id cannot be revoked on its own: it must sign in again.
  if (!sessionId) return null;
  const [row, revoked] = await Promise.all([
    repo.findUserWithOrganisation(deps.db, id),
    repo.isSessionRevoked(deps.db, sessionId),
  ]);
  if (revoked || !row || !row.user.active || row.user.sessionVersion !== sessionVersion) return null;
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
