/**
 * Private invitation links for questionnaires that are private or take one response per person.
 * Staff tooling is minimal for now: `inviteRespondent` is the use-case a staff page will call.
 */
import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { hashToken, looksLikeToken, newToken } from './drafts.service.ts';
import {
  findInvitationByTokenHash,
  findRespondTarget,
  findResponseByVerifiedEmail,
  markInvitationUsed,
  upsertInvitation,
  type RespondTarget,
} from './responses.repository.ts';
import { questionnaires } from './questionnaires.tables.ts';
import { pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { eq } from 'drizzle-orm';
import { startInvitedDraft } from './responding.service.ts';

const consultationSlugs = pgTable('consultations', { id: uuid('id').primaryKey(), slug: text('slug').notNull() });

export type InviteOutcome = { ok: true; link: string } | { ok: false; reason: 'not-found' };

/**
 * Emails a person their private link to a questionnaire (a new link replaces an earlier one).
 * Returns the link too, for staff to hand over another way.
 */
export async function inviteRespondent(deps: Deps, questionnaireId: string, email: string): Promise<InviteOutcome> {
  const [owner] = await deps.db
    .select({ slug: consultationSlugs.slug })
    .from(questionnaires)
    .innerJoin(consultationSlugs, eq(consultationSlugs.id, questionnaires.ownerId))
    .where(eq(questionnaires.id, questionnaireId));
  if (!owner) return { ok: false, reason: 'not-found' };
  const target = await findRespondTarget(deps.db, owner.slug);
  if (!target) return { ok: false, reason: 'not-found' };
  const link = await deps.db.transaction((tx) =>
    issueInvitation(deps, tx, { questionnaireId, slug: owner.slug, title: target.consultation.title }, email),
  );
  return { ok: true, link };
}

/**
 * Within the caller's transaction: stores a person's invitation (a new link replaces an earlier
 * one) and queues its email, so the link exists exactly when the email does. Returns the link.
 */
export async function issueInvitation(
  deps: Deps,
  tx: Db,
  target: { questionnaireId: string; slug: string; title: string },
  email: string,
): Promise<string> {
  const token = newToken();
  const link = `${deps.config.baseUrl}/consultations/${target.slug}/respond/invite/${token}`;
  const normalised = email.trim().toLowerCase();
  const invitation = await upsertInvitation(tx, target.questionnaireId, normalised, hashToken(token));
  await deps.notifier.queue(tx, {
    reference: `response-invitation:${invitation.id}:${hashToken(token).slice(0, 16)}`,
    template: 'response-invitation',
    recipient: normalised,
    personalisation: { title: target.title, link },
  });
  return link;
}

export type OpenInvitationOutcome =
  | { ok: true; target: RespondTarget; draftId: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'already-responded'; reference: string; title: string };

/**
 * Opens an invitation link: starts a draft for that person (carrying their email as verified
 * when the questionnaire takes one response per person). The link stays usable by its owner
 * from another device; the one-per-person rule is kept by the responses' unique index.
 */
export async function openInvitation(deps: Deps, slug: string, token: string): Promise<OpenInvitationOutcome> {
  if (!looksLikeToken(token)) return { ok: false, reason: 'invalid' };
  const target = await findRespondTarget(deps.db, slug);
  if (!target) return { ok: false, reason: 'invalid' };
  const invitation = await findInvitationByTokenHash(deps.db, hashToken(token));
  if (!invitation || invitation.questionnaireId !== target.questionnaire.id) return { ok: false, reason: 'invalid' };
  const verified = target.questionnaire.mode === 'verified';
  if (verified) {
    const earlier = await findResponseByVerifiedEmail(deps.db, target.questionnaire.id, invitation.email);
    if (earlier)
      return { ok: false, reason: 'already-responded', reference: earlier.reference, title: target.consultation.title };
  }
  await markInvitationUsed(deps.db, invitation.id, deps.clock.now());
  const draft = await startInvitedDraft(deps, target, verified ? invitation.email : null);
  return { ok: true, target, draftId: draft.id };
}
