/** Staff join by invitation: a single-use link, valid for seven days, whose token is stored only as a hash. */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import type { Actor, Deps } from '../../deps.ts';
import type { CurrentUser, Role } from '../../web/auth.ts';
import { formatDateTime } from '../../web/format.ts';
import { recordAudit } from '../audit/index.ts';
import { canChangeInvitation } from './accounts.policy.ts';
import * as repo from './accounts.repository.ts';
import type { InviteInput } from './accounts.schema.ts';
import type { Organisation } from './accounts.tables.ts';
import * as invitations from './invitations.repository.ts';
import { hashPassword } from './passwords.ts';
import { roleWithArticle } from './roles.ts';

export const INVITATION_DAYS = 7;

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** Administrators act for the whole partnership, so they may invite to any of its organisations. */
export async function invitableOrganisations(deps: Deps) {
  return repo.listOrganisations(deps.db);
}

export type InviteOutcome =
  | { ok: true; invitationId: string; email: string }
  | { ok: false; reason: 'email-in-use' | 'email-deactivated' | 'unknown-organisation' };

/** Who an invitation is for; a resend copies these from the link it replaces. */
interface Invitee {
  email: string;
  name: string;
  organisation: Organisation;
  role: string;
}

/**
 * Writes a new single-use link for someone and queues its email, inside the caller's transaction.
 * Any earlier unused link for the same address stops working, so only the newest email is good.
 */
async function issueInvitation(deps: Deps, tx: Db, actor: Actor, inviterName: string, invitee: Invitee) {
  const now = deps.clock.now();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 24 * 60 * 60_000);
  const replaced = await invitations.expirePendingInvitations(tx, invitee.email, now);
  const invitation = await invitations.insertInvitation(tx, {
    tokenHash: hashToken(token),
    email: invitee.email,
    name: invitee.name,
    organisationId: invitee.organisation.id,
    role: invitee.role,
    invitedBy: actor.id,
    expiresAt,
  });
  await deps.notifier.queue(tx, {
    // The new invitation's id: a resend is a new email, never deduplicated against the first one.
    reference: `invite-${invitation.id}`,
    template: 'staff-invitation',
    recipient: invitee.email,
    personalisation: {
      name: invitee.name,
      invitedBy: inviterName,
      role: roleWithArticle(invitee.role as Role),
      organisation: invitee.organisation.name,
      link: `${deps.config.baseUrl}/invitations/${token}`,
      expires: formatDateTime(expiresAt),
    },
  });
  // What the audit trail may hold: never the token or its hash.
  const summary = {
    email: invitation.email,
    name: invitation.name,
    organisationId: invitation.organisationId,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
    replacedInvitations: replaced.map((r) => r.id),
  };
  return { invitation, summary, link: `${deps.config.baseUrl}/invitations/${token}` };
}

/**
 * Set-up's last step: the lead organisation and an invitation for its first administrator, in the
 * caller's transaction. Nobody gets a password here: the administrator chooses one at the link.
 */
export async function inviteFirstAdministrator(
  deps: Deps,
  tx: Db,
  input: { organisationName: string; email: string; name: string },
): Promise<{ organisation: Organisation; link: string; expiresAt: Date }> {
  const slug = input.organisationName.toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'council';
  const organisation =
    (await repo.findOrganisationBySlug(tx, slug)) ??
    (await repo.insertOrganisation(tx, { slug, name: input.organisationName, kind: 'council' }));
  const actor: Actor = { id: null, label: 'Soundings set-up', organisationId: organisation!.id };
  const { invitation, summary, link } = await issueInvitation(deps, tx, actor, 'Soundings set-up', {
    email: input.email.trim().toLowerCase(),
    name: input.name,
    organisation: organisation!,
    role: 'administrator',
  });
  await recordAudit(tx, actor, { action: 'staff.invited', entityType: 'staff_invitation', entityId: invitation.id, after: summary });
  return { organisation: organisation!, link, expiresAt: invitation.expiresAt };
}

/**
 * Invites someone to be staff of an organisation of the partnership. The invitation and its email
 * are written in one transaction, so the email exists exactly when the invitation does.
 */
export async function inviteStaff(
  deps: Deps,
  actor: Actor,
  inviterName: string,
  input: InviteInput,
): Promise<InviteOutcome> {
  return deps.db.transaction(async (tx) => {
    const existing = await repo.findUserByEmail(tx, input.email);
    if (existing) return { ok: false, reason: existing.active ? 'email-in-use' : 'email-deactivated' };
    const organisation = await repo.findOrganisationById(tx, input.organisation);
    if (!organisation) return { ok: false, reason: 'unknown-organisation' };
    const { invitation, summary } = await issueInvitation(deps, tx, actor, inviterName, { ...input, organisation });
    await recordAudit(tx, actor, {
      action: 'staff.invited',
      entityType: 'staff_invitation',
      entityId: invitation.id,
      after: summary,
    });
    return { ok: true, invitationId: invitation.id, email: invitation.email };
  });
}

export type ChangeInvitationOutcome =
  | { ok: true; invitationId: string; name: string; email: string }
  | {
      ok: false;
      reason: 'not-found' | 'not-administrator' | 'not-pending' | 'email-in-use';
      name?: string;
      /** Where the list should point when the invitation is no longer on it. */
      organisationId?: string;
    };

/**
 * Sends someone a new link in place of their unused one (lost email, or about to run out): a new
 * token with a fresh seven days, and the old link stops working in the same transaction.
 */
export async function resendInvitation(
  deps: Deps,
  actor: Actor,
  acting: Pick<CurrentUser, 'name' | 'role'>,
  invitationId: string,
): Promise<ChangeInvitationOutcome> {
  return deps.db.transaction(async (tx): Promise<ChangeInvitationOutcome> => {
    const old = await invitations.findInvitationByIdForUpdate(tx, invitationId);
    if (!old) return { ok: false, reason: 'not-found' };
    const decision = canChangeInvitation(acting, old, deps.clock.now());
    if (!decision.ok) return { ...decision, name: old.name, organisationId: old.organisationId };
    // Someone may have joined with this address through another link since.
    if (await repo.findUserByEmail(tx, old.email)) return { ok: false, reason: 'email-in-use', name: old.name };
    const organisation = await repo.findOrganisationById(tx, old.organisationId);
    if (!organisation) return { ok: false, reason: 'not-found' };
    const { invitation, summary } = await issueInvitation(deps, tx, actor, acting.name, { ...old, organisation });
    await recordAudit(tx, actor, {
      action: 'staff.invitation-resent',
      entityType: 'staff_invitation',
      entityId: invitation.id,
      before: { invitationId: old.id, expiresAt: old.expiresAt },
      after: summary,
    });
    return { ok: true, invitationId: invitation.id, name: invitation.name, email: invitation.email };
  });
}

/** Withdraws an unused invitation: its link stops working at once and it leaves the staff list. */
export async function withdrawInvitation(
  deps: Deps,
  actor: Actor,
  acting: Pick<CurrentUser, 'role'>,
  invitationId: string,
): Promise<ChangeInvitationOutcome> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx): Promise<ChangeInvitationOutcome> => {
    const old = await invitations.findInvitationByIdForUpdate(tx, invitationId);
    if (!old) return { ok: false, reason: 'not-found' };
    const decision = canChangeInvitation(acting, old, now);
    if (!decision.ok) return { ...decision, name: old.name, organisationId: old.organisationId };
    const withdrawn = await invitations.expireInvitation(tx, old.id, now);
    if (!withdrawn) return { ok: false, reason: 'not-pending', name: old.name, organisationId: old.organisationId };
    await recordAudit(tx, actor, {
      action: 'staff.invitation-withdrawn',
      entityType: 'staff_invitation',
      entityId: old.id,
      before: { email: old.email, name: old.name, expiresAt: old.expiresAt },
      after: { expiresAt: withdrawn.expiresAt },
    });
    return { ok: true, invitationId: old.id, name: old.name, email: old.email };
  });
}

export type OpenInvitationOutcome =
  | { ok: true; invitation: { name: string; email: string; organisationName: string; role: Role } }
  | { ok: false; reason: 'unknown' | 'used-or-expired' };

/** Whether a link can still be used, and for whom (to greet them on the set-password page). */
export async function openInvitation(deps: Deps, token: string): Promise<OpenInvitationOutcome> {
  const invitation = await invitations.findInvitationByTokenHash(deps.db, hashToken(token));
  if (!invitation) return { ok: false, reason: 'unknown' };
  if (invitation.acceptedAt || invitation.expiresAt <= deps.clock.now())
    return { ok: false, reason: 'used-or-expired' };
  const organisation = await repo.findOrganisationById(deps.db, invitation.organisationId);
  return {
    ok: true,
    invitation: {
      name: invitation.name,
      email: invitation.email,
      organisationName: organisation?.name ?? '',
      role: invitation.role as Role,
    },
  };
}

export type AcceptOutcome =
  | { ok: true; user: { id: string; sessionVersion: number } }
  | { ok: false; reason: 'used-or-expired' | 'email-in-use' };

class EmailTaken extends Error {}

/**
 * Accepts an invitation: claims it (at most once, even for parallel requests), creates the staff
 * account with the chosen password, and records both in the audit trail.
 */
export async function acceptInvitation(
  deps: Deps,
  token: string,
  password: string,
  requestId?: string,
): Promise<AcceptOutcome> {
  // Hash before the transaction: argon2 is deliberately slow and must not hold the row lock.
  const passwordHash = await hashPassword(password);
  const now = deps.clock.now();
  try {
    return await deps.db.transaction(async (tx): Promise<AcceptOutcome> => {
      const invitation = await invitations.claimInvitation(tx, hashToken(token), now);
      if (!invitation) return { ok: false, reason: 'used-or-expired' };
      const user = await repo.insertUserIfEmailFree(tx, {
        email: invitation.email,
        name: invitation.name,
        role: invitation.role,
        organisationId: invitation.organisationId,
        passwordHash,
      });
      // Undo the claim too: the link stays usable once the clash is sorted out.
      if (!user) throw new EmailTaken();
      const actor = {
        id: user.id,
        label: `${user.name} <${user.email}>`,
        organisationId: user.organisationId,
        requestId,
      };
      await recordAudit(tx, actor, {
        action: 'staff.invitation-accepted',
        entityType: 'staff_user',
        entityId: user.id,
        after: {
          invitationId: invitation.id,
          email: user.email,
          name: user.name,
          organisationId: user.organisationId,
          role: user.role,
        },
      });
      return { ok: true, user: { id: user.id, sessionVersion: user.sessionVersion } };
    });
  } catch (error) {
    if (error instanceof EmailTaken) return { ok: false, reason: 'email-in-use' };
    throw error;
  }
}
