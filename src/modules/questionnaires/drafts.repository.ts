/** SQL for response drafts: work in progress kept server-side until it is sent. */
import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { prepared } from '../../db/prepared.ts';
import type { Answers } from './questionnaire.types.ts';
import { responseDrafts } from './questionnaires.tables.ts';

export type Draft = typeof responseDrafts.$inferSelect;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function insertDraft(
  db: Db,
  values: {
    questionnaireId: string;
    version: number;
    answers: Answers;
    expiresAt: Date;
    verifiedEmail?: string | null;
  },
): Promise<Draft> {
  // The key the eventual response carries: every submission of this draft is the same submission.
  const [row] = await db
    .insert(responseDrafts)
    .values({ ...values, idempotencyKey: randomUUID() })
    .returning();
  return row!;
}

export async function findDraft(db: Db, id: string): Promise<Draft | undefined> {
  // Session values are ours, but a stale or foreign id must read as "no draft", not a cast error.
  if (!UUID.test(id)) return undefined;
  // Read on every page of the journey, so prepared once.
  const query = prepared(db, 'questionnaires:draft', (name) =>
    db
      .select()
      .from(responseDrafts)
      .where(eq(responseDrafts.id, sql.placeholder('id')))
      .prepare(name),
  );
  const [row] = await query.execute({ id });
  return row;
}

/**
 * Replaces the answers of a draft still in progress and returns the draft as stored (saving the
 * read that would follow); a sent draft is never changed, and then nothing is returned.
 */
export async function updateDraftAnswers(db: Db, id: string, answers: Answers, now: Date): Promise<Draft | undefined> {
  const [row] = await db
    .update(responseDrafts)
    .set({ answers, updatedAt: now })
    .where(and(eq(responseDrafts.id, id), isNull(responseDrafts.submittedResponseId)))
    .returning();
  return row;
}

export async function setResumeToken(db: Db, id: string, email: string, tokenHash: string, now: Date) {
  const rows = await db
    .update(responseDrafts)
    .set({ email, resumeTokenHash: tokenHash, updatedAt: now })
    .where(and(eq(responseDrafts.id, id), isNull(responseDrafts.submittedResponseId)))
    .returning({ id: responseDrafts.id });
  return rows.length > 0;
}

/** The address shown on the "we have sent you a link" page when no new link is sent (the earlier one still works). */
export async function setDraftEmail(db: Db, id: string, email: string, now: Date) {
  const rows = await db
    .update(responseDrafts)
    .set({ email, updatedAt: now })
    .where(and(eq(responseDrafts.id, id), isNull(responseDrafts.submittedResponseId)))
    .returning({ id: responseDrafts.id });
  return rows.length > 0;
}

/** A draft whose resume link is still good, without using the link up. */
export async function findDraftByLiveToken(db: Db, tokenHash: string, now: Date) {
  const [row] = await db
    .select()
    .from(responseDrafts)
    .where(
      and(
        eq(responseDrafts.resumeTokenHash, tokenHash),
        isNull(responseDrafts.submittedResponseId),
        gt(responseDrafts.expiresAt, now),
      ),
    );
  return row;
}

/** Uses the link up: only one of any number of simultaneous clicks gets the draft back. */
export async function consumeResumeToken(db: Db, tokenHash: string, now: Date) {
  const [row] = await db
    .update(responseDrafts)
    .set({ resumeTokenHash: null, updatedAt: now })
    .where(
      and(
        eq(responseDrafts.resumeTokenHash, tokenHash),
        isNull(responseDrafts.submittedResponseId),
        gt(responseDrafts.expiresAt, now),
      ),
    )
    .returning();
  return row;
}

export async function markDraftSubmitted(db: Db, id: string, responseId: string, now: Date) {
  await db
    .update(responseDrafts)
    .set({ submittedResponseId: responseId, resumeTokenHash: null, updatedAt: now })
    .where(and(eq(responseDrafts.id, id), isNull(responseDrafts.submittedResponseId)));
}

export async function setDraftVerifiedEmail(db: Db, id: string, email: string) {
  await db
    .update(responseDrafts)
    .set({ verifiedEmail: email, updatedAt: sql`now()` })
    .where(eq(responseDrafts.id, id));
}
