/**
 * SQL for publishing: the results' published date, officers' redactions, and the responses
 * people agreed to have published.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Answers } from './questionnaire.types.ts';
import { questionnaires, responses, type Redactions } from './questionnaires.tables.ts';

export async function setResultsPublishedAt(db: Db, questionnaireId: string, at: Date | null) {
  const [row] = await db
    .update(questionnaires)
    .set({ resultsPublishedAt: at, updatedAt: sql`now()` })
    .where(eq(questionnaires.id, questionnaireId))
    .returning({ resultsPublishedAt: questionnaires.resultsPublishedAt });
  return row;
}

/** How many responses chose each publication option. */
export async function consentCounts(db: Db, questionnaireId: string) {
  const rows = await db
    .select({ value: responses.publicationConsent, count: sql<number>`count(*)::int` })
    .from(responses)
    .where(eq(responses.questionnaireId, questionnaireId))
    .groupBy(responses.publicationConsent);
  return new Map(rows.map((row) => [row.value, Number(row.count)]));
}

export async function findRedactions(db: Db, questionnaireId: string, responseId: string) {
  const [row] = await db
    .select({ redactions: responses.redactions })
    .from(responses)
    .where(and(eq(responses.questionnaireId, questionnaireId), eq(responses.id, responseId)));
  return row?.redactions;
}

/** The redactions of one response, locked for the rest of the transaction (two officers editing queue). */
export async function lockRedactions(db: Db, questionnaireId: string, responseId: string) {
  const [row] = await db
    .select({ redactions: responses.redactions })
    .from(responses)
    .where(and(eq(responses.questionnaireId, questionnaireId), eq(responses.id, responseId)))
    .for('update');
  return row?.redactions;
}

export async function updateRedactions(db: Db, responseId: string, redactions: Redactions) {
  await db.update(responses).set({ redactions }).where(eq(responses.id, responseId));
}

export interface PublishableResponse {
  id: string;
  respondentType: string;
  organisationName: string | null;
  publicationConsent: string;
  respondentName: string | null;
  answers: Answers;
  redactions: Redactions;
  submittedAt: Date;
}

const PUBLISHABLE = ['publish_named', 'publish_anonymous'];

/** One page of the responses whose respondents agreed to publication, oldest first (a stable order to page through). */
export async function publishableResponses(db: Db, questionnaireId: string, limit: number, offset: number) {
  const condition = and(
    eq(responses.questionnaireId, questionnaireId),
    sql`${responses.publicationConsent} IN (${sql.join(
      PUBLISHABLE.map((p) => sql`${p}`),
      sql`, `,
    )})`,
  );
  const [counted, rows] = await Promise.all([
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(responses)
      .where(condition),
    db
      .select({
        id: responses.id,
        respondentType: responses.respondentType,
        organisationName: responses.organisationName,
        publicationConsent: responses.publicationConsent,
        respondentName: responses.respondentName,
        answers: responses.answers,
        redactions: responses.redactions,
        submittedAt: responses.submittedAt,
      })
      .from(responses)
      .where(condition)
      .orderBy(responses.submittedAt, responses.id)
      .limit(limit)
      .offset(offset),
  ]);
  return { total: Number(counted[0]?.total ?? 0), responses: rows as PublishableResponse[] };
}
