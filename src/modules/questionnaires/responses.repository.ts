/**
 * SQL for the responding journey: the questionnaire a consultation owns with its current
 * definition, responses with their equality answers, and invitations.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { prepared } from '../../db/prepared.ts';
import { consultations, type Consultation } from '../consultations/index.ts';
import { UUID, type Draft } from './drafts.repository.ts';
import type { Answers, QuestionnaireDefinition } from './questionnaire.types.ts';
import {
  questionnaireInvitations,
  questionnaires,
  questionnaireVersions,
  responseDrafts,
  responseEqualities,
  responses,
  type QuestionnaireRow,
} from './questionnaires.tables.ts';

// The public fields of the consultation a questionnaire belongs to (a read-only join, ADR 0007).
const consultationFields = {
  id: consultations.id,
  slug: consultations.slug,
  title: consultations.title,
  summary: consultations.summary,
  state: consultations.state,
  opensAt: consultations.opensAt,
  closesAt: consultations.closesAt,
};

export interface RespondTarget {
  consultation: { [K in keyof typeof consultationFields]: Consultation[K] };
  questionnaire: QuestionnaireRow;
  definition: QuestionnaireDefinition;
}

function respondTargetQuery(db: Db, name: string) {
  return db
    .select({
      consultation: consultationFields,
      questionnaire: questionnaires,
      definition: questionnaireVersions.definition,
    })
    .from(consultations)
    .innerJoin(
      questionnaires,
      and(eq(questionnaires.ownerType, 'consultation'), eq(questionnaires.ownerId, consultations.id)),
    )
    .innerJoin(
      questionnaireVersions,
      and(
        eq(questionnaireVersions.questionnaireId, questionnaires.id),
        eq(questionnaireVersions.version, questionnaires.currentVersion),
      ),
    )
    .where(eq(consultations.slug, sql.placeholder('slug')))
    .prepare(name);
}

/** The consultation with this slug, its questionnaire and the questionnaire's current definition. */
export async function findRespondTarget(db: Db, slug: string): Promise<RespondTarget | undefined> {
  // Every page of the journey starts here, so prepared once.
  const query = prepared(db, 'questionnaires:respond-target', (name) => respondTargetQuery(db, name));
  const [row] = await query.execute({ slug });
  return row;
}

function respondTargetAndDraftQuery(db: Db, name: string) {
  return db
    .select({
      consultation: consultationFields,
      questionnaire: questionnaires,
      definition: questionnaireVersions.definition,
      draft: responseDrafts,
    })
    .from(consultations)
    .innerJoin(
      questionnaires,
      and(eq(questionnaires.ownerType, 'consultation'), eq(questionnaires.ownerId, consultations.id)),
    )
    .innerJoin(
      questionnaireVersions,
      and(
        eq(questionnaireVersions.questionnaireId, questionnaires.id),
        eq(questionnaireVersions.version, questionnaires.currentVersion),
      ),
    )
    .leftJoin(
      responseDrafts,
      and(
        eq(responseDrafts.questionnaireId, questionnaires.id),
        sql`${responseDrafts.id} = ANY(string_to_array(${sql.placeholder('draftIds')}, ',')::uuid[])`,
      ),
    )
    .where(eq(consultations.slug, sql.placeholder('slug')))
    .prepare(name);
}

/**
 * The respond target and, in the same statement, whichever of the session's drafts belongs to its
 * questionnaire: every journey page after the first answer needs both, and one round trip is cheaper than two.
 */
export async function findRespondTargetAndDraft(
  db: Db,
  slug: string,
  draftIds: string[],
): Promise<{ target: RespondTarget | undefined; draft: Draft | undefined }> {
  const ids = draftIds.filter((id) => UUID.test(id));
  if (ids.length === 0) return { target: await findRespondTarget(db, slug), draft: undefined };
  const query = prepared(db, 'questionnaires:respond-target-draft', (name) => respondTargetAndDraftQuery(db, name));
  const [row] = await query.execute({ slug, draftIds: ids.join(',') });
  if (!row) return { target: undefined, draft: undefined };
  const { draft, ...target } = row;
  return { target, draft: draft ?? undefined };
}

/** The definition a draft started on: answers stay valid for the version they answered. */
export async function findDefinition(db: Db, questionnaireId: string, version: number) {
  const [row] = await db
    .select({ definition: questionnaireVersions.definition })
    .from(questionnaireVersions)
    .where(and(eq(questionnaireVersions.questionnaireId, questionnaireId), eq(questionnaireVersions.version, version)));
  return row?.definition;
}

export type ResponseInsert = typeof responses.$inferInsert;

/**
 * Inserts unless any unique key is taken (the idempotency key, one-per-person email, or the
 * reference): the caller then finds out which. Returns the new row's id and reference, or nothing.
 */
export async function insertResponseOnce(db: Db, values: ResponseInsert) {
  const rows = await db
    .insert(responses)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: responses.id, reference: responses.reference });
  return rows[0];
}

/** Many responses in one statement; rows whose key (or, rarely, reference) is taken are skipped, not failed. */
export async function insertResponsesOnce(db: Db, values: ResponseInsert[]) {
  if (values.length === 0) return [];
  return db
    .insert(responses)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: responses.id, idempotencyKey: responses.idempotencyKey });
}

/** Which of these idempotency keys already have a response. */
export async function existingIdempotencyKeys(db: Db, keys: string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .select({ key: responses.idempotencyKey })
    .from(responses)
    .where(inArray(responses.idempotencyKey, keys));
  return rows.map((row) => row.key);
}

export async function insertEqualitiesMany(
  db: Db,
  rows: { responseId: string; questionnaireId: string; answers: Answers }[],
) {
  if (rows.length > 0) await db.insert(responseEqualities).values(rows);
}

export async function findResponseByIdempotencyKey(db: Db, key: string) {
  const [row] = await db
    .select({ id: responses.id, reference: responses.reference, questionnaireId: responses.questionnaireId })
    .from(responses)
    .where(eq(responses.idempotencyKey, key));
  return row;
}

export async function findResponseById(db: Db, id: string) {
  const [row] = await db
    .select({ id: responses.id, reference: responses.reference, respondentEmail: responses.respondentEmail })
    .from(responses)
    .where(eq(responses.id, id));
  return row;
}

export async function findResponseByVerifiedEmail(db: Db, questionnaireId: string, email: string) {
  const [row] = await db
    .select({ id: responses.id, reference: responses.reference })
    .from(responses)
    .where(and(eq(responses.questionnaireId, questionnaireId), eq(responses.verifiedEmail, email)));
  return row;
}

export async function insertEqualities(db: Db, responseId: string, questionnaireId: string, answers: Answers) {
  await db.insert(responseEqualities).values({ responseId, questionnaireId, answers });
}

/** Creates or re-issues a person's invitation: a new link replaces the old one. */
export async function upsertInvitation(db: Db, questionnaireId: string, email: string, tokenHash: string) {
  const [row] = await db
    .insert(questionnaireInvitations)
    .values({ questionnaireId, email, tokenHash })
    .onConflictDoUpdate({
      target: [questionnaireInvitations.questionnaireId, questionnaireInvitations.email],
      set: { tokenHash, usedAt: null },
    })
    .returning();
  return row!;
}

export async function findInvitationByTokenHash(db: Db, tokenHash: string) {
  const [row] = await db
    .select()
    .from(questionnaireInvitations)
    .where(eq(questionnaireInvitations.tokenHash, tokenHash));
  return row;
}

export async function markInvitationUsed(db: Db, id: string, now: Date) {
  await db
    .update(questionnaireInvitations)
    .set({ usedAt: sql`coalesce(${questionnaireInvitations.usedAt}, ${now.toISOString()}::timestamptz)` })
    .where(eq(questionnaireInvitations.id, id));
}
