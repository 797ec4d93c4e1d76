/**
 * Staff send private invitations to a questionnaire that is private or takes one response per
 * person: paste a list, each new address gets its own link by email (in one transaction with the
 * audit event), and the page shows who was invited, who opened their link and who responded.
 */
import { sql } from 'drizzle-orm';
import type { Actor, Deps } from '../../deps.ts';
import type { CurrentUser } from '../../web/auth.ts';
import { recordAudit } from '../audit/index.ts';
import type { Consultation } from '../consultations/index.ts';
import { consultationForStaff, loadQuestionnaire } from './builder.service.ts';
import { parseEmailList } from './invitations.schema.ts';
import type { QuestionnaireRow } from './questionnaires.tables.ts';
import { canSeeInvitations, canSendInvitations } from './results.policy.ts';
import { issueInvitation } from './responding-invitations.service.ts';
import { UUID } from './results.service.ts';

type User = Pick<CurrentUser, 'role' | 'organisationId'>;

export interface InvitationsAccess {
  consultation: Consultation;
  questionnaire: QuestionnaireRow;
  canSend: boolean;
}

export type InvitationsAccessOutcome =
  { ok: true; access: InvitationsAccess } | { ok: false; reason: 'not_found' } | { ok: false; reason: 'not_allowed' };

/** not_found for a consultation the user may not read (or without a questionnaire); not_allowed to see the list. */
export async function invitationsFor(
  deps: Deps,
  user: User,
  consultationId: string,
): Promise<InvitationsAccessOutcome> {
  if (!UUID.test(consultationId)) return { ok: false, reason: 'not_found' };
  const found = await consultationForStaff(deps, user, consultationId);
  if (!found.ok) return { ok: false, reason: 'not_found' };
  const { questionnaire } = await loadQuestionnaire(deps, consultationId);
  if (!questionnaire) return { ok: false, reason: 'not_found' };
  if (!canSeeInvitations(user, found.consultation)) return { ok: false, reason: 'not_allowed' };
  return {
    ok: true,
    access: {
      consultation: found.consultation,
      questionnaire,
      canSend: canSendInvitations(user, found.consultation, questionnaire),
    },
  };
}

export interface InvitationRow {
  email: string;
  erased: boolean;
  invitedAt: Date;
  openedAt: Date | null;
  /** Known only when the questionnaire takes one response per person (the response carries the verified email). */
  responded: boolean;
}

/** Everyone invited, newest first. */
export async function listInvitations(deps: Deps, questionnaireId: string): Promise<InvitationRow[]> {
  const result: unknown = await deps.db.execute(sql`
    SELECT i.email, i.created_at, i.used_at,
      EXISTS (SELECT 1 FROM responses r WHERE r.questionnaire_id = i.questionnaire_id AND r.verified_email = i.email) AS responded
    FROM questionnaire_invitations i
    WHERE i.questionnaire_id = ${questionnaireId}
    ORDER BY i.created_at DESC, i.email`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
    email: string;
    created_at: string | Date;
    used_at: string | Date | null;
    responded: boolean;
  }[];
  return rows.map((row) => ({
    // Erasure (people module) overwrites the address with "erased-<id>".
    email: row.email,
    erased: row.email.startsWith('erased-'),
    invitedAt: new Date(row.created_at),
    openedAt: row.used_at ? new Date(row.used_at) : null,
    responded: row.responded,
  }));
}

export type SendInvitationsOutcome =
  | { ok: true; sent: number; alreadyInvited: number; duplicates: number }
  | { ok: false; reason: 'not_allowed' }
  | { ok: false; reason: 'invalid'; error: string };

/**
 * Invites every address in a pasted list that is not invited yet (already invited people are not
 * emailed again), and records one audit event with how many were sent. The addresses themselves
 * stay out of the audit trail, where erasure could not reach them.
 */
export async function sendInvitations(
  deps: Deps,
  actor: Actor,
  access: InvitationsAccess,
  raw: unknown,
): Promise<SendInvitationsOutcome> {
  if (!access.canSend) return { ok: false, reason: 'not_allowed' };
  const parsed = parseEmailList(raw);
  if (!parsed.ok) return { ok: false, reason: 'invalid', error: parsed.error };
  const { questionnaire, consultation } = access;
  return deps.db.transaction(async (tx) => {
    const existing: unknown = await tx.execute(
      sql`SELECT email FROM questionnaire_invitations WHERE questionnaire_id = ${questionnaire.id}`,
    );
    const invited = new Set(
      ((Array.isArray(existing) ? existing : (existing as { rows: unknown[] }).rows) as { email: string }[]).map(
        (row) => row.email,
      ),
    );
    const fresh = parsed.emails.filter((email) => !invited.has(email));
    for (const email of fresh) {
      await issueInvitation(
        deps,
        tx,
        { questionnaireId: questionnaire.id, slug: consultation.slug, title: consultation.title },
        email,
      );
    }
    if (fresh.length > 0) {
      await recordAudit(tx, actor, {
        action: 'questionnaire.invitations_sent',
        entityType: 'questionnaire',
        entityId: questionnaire.id,
        before: { invited: invited.size },
        after: { invited: invited.size + fresh.length, sent: fresh.length },
      });
    }
    return {
      ok: true as const,
      sent: fresh.length,
      alreadyInvited: parsed.emails.length - fresh.length,
      duplicates: parsed.duplicates,
    };
  });
}
