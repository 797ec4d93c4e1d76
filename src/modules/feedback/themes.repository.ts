/** SQL for themes, coding and quotes. Responses and questionnaires are read-only joins (ADR 0007). */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { questionnaires, responses } from '../questionnaires/index.ts';
import { decisionThemes, feedbackCodings, feedbackThemes, type Theme } from './feedback.tables.ts';
import { rows } from './sql-rows.ts';

export interface ThemeWithCount extends Theme {
  responseCount: number;
}

export async function listThemes(db: Db, consultationId: string): Promise<ThemeWithCount[]> {
  const found = await rows<Record<string, unknown>>(
    db,
    sql`SELECT t.id, count(c.response_id)::int AS response_count
        FROM ${feedbackThemes} t LEFT JOIN ${feedbackCodings} c ON c.theme_id = t.id
        WHERE t.consultation_id = ${consultationId} GROUP BY t.id`,
  );
  const counts = new Map(found.map((r) => [r.id as string, Number(r.response_count)]));
  const themes = await db
    .select()
    .from(feedbackThemes)
    .where(eq(feedbackThemes.consultationId, consultationId))
    .orderBy(asc(feedbackThemes.createdAt), asc(feedbackThemes.title));
  // Most-raised first: that is the order people expect "what you said" in.
  return themes
    .map((t) => ({ ...t, responseCount: counts.get(t.id) ?? 0 }))
    .sort((a, b) => b.responseCount - a.responseCount);
}

export async function findTheme(db: Db, consultationId: string, themeId: string): Promise<Theme | undefined> {
  const [row] = await db
    .select()
    .from(feedbackThemes)
    .where(and(eq(feedbackThemes.id, themeId), eq(feedbackThemes.consultationId, consultationId)));
  return row;
}

export async function insertTheme(db: Db, values: typeof feedbackThemes.$inferInsert): Promise<Theme> {
  const [row] = await db.insert(feedbackThemes).values(values).returning();
  return row!;
}

export async function updateTheme(db: Db, id: string, values: Partial<typeof feedbackThemes.$inferInsert>) {
  const [row] = await db.update(feedbackThemes).set(values).where(eq(feedbackThemes.id, id)).returning();
  return row;
}

export async function deleteTheme(db: Db, id: string) {
  await db.delete(feedbackThemes).where(eq(feedbackThemes.id, id));
}

export interface ResponseRow {
  id: string;
  reference: string;
  channel: string;
  publicationConsent: string;
  respondentName: string | null;
  answers: Record<string, unknown>;
  redactions: Record<string, string>;
  submittedAt: Date;
}

const responseColumns = {
  id: responses.id,
  reference: responses.reference,
  channel: responses.channel,
  publicationConsent: responses.publicationConsent,
  respondentName: responses.respondentName,
  answers: responses.answers,
  redactions: responses.redactions,
  submittedAt: responses.submittedAt,
};

const ofConsultation = (consultationId: string) =>
  and(eq(questionnaires.ownerType, 'consultation'), eq(questionnaires.ownerId, consultationId));

export async function countResponses(db: Db, consultationId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(responses)
    .innerJoin(questionnaires, eq(questionnaires.id, responses.questionnaireId))
    .where(ofConsultation(consultationId));
  return Number(row?.n ?? 0);
}

export async function listResponses(db: Db, consultationId: string, limit: number, offset: number) {
  return (await db
    .select(responseColumns)
    .from(responses)
    .innerJoin(questionnaires, eq(questionnaires.id, responses.questionnaireId))
    .where(ofConsultation(consultationId))
    .orderBy(asc(responses.submittedAt), asc(responses.reference))
    .limit(limit)
    .offset(offset)) as ResponseRow[];
}

export async function findResponse(db: Db, consultationId: string, responseId: string) {
  const [row] = await db
    .select(responseColumns)
    .from(responses)
    .innerJoin(questionnaires, eq(questionnaires.id, responses.questionnaireId))
    .where(and(ofConsultation(consultationId), eq(responses.id, responseId)));
  return row as ResponseRow | undefined;
}

export async function codingsFor(db: Db, responseIds: string[]) {
  if (!responseIds.length) return [];
  return db.select().from(feedbackCodings).where(inArray(feedbackCodings.responseId, responseIds));
}

/** Replaces one response's themes (and quote choice) with the given set. */
export async function replaceCodings(
  db: Db,
  responseId: string,
  themeIds: string[],
  allThemeIds: string[],
  quoteKey: string | null,
) {
  if (allThemeIds.length) {
    await db
      .delete(feedbackCodings)
      .where(and(eq(feedbackCodings.responseId, responseId), inArray(feedbackCodings.themeId, allThemeIds)));
  }
  if (themeIds.length) {
    await db.insert(feedbackCodings).values(themeIds.map((themeId) => ({ themeId, responseId, quoteKey })));
  }
}

/** Channel mix: how many responses came by each channel. */
export async function channelMix(db: Db, consultationId: string) {
  return db
    .select({ channel: responses.channel, count: sql<number>`count(*)::int` })
    .from(responses)
    .innerJoin(questionnaires, eq(questionnaires.id, responses.questionnaireId))
    .where(ofConsultation(consultationId))
    .groupBy(responses.channel)
    .orderBy(sql`count(*) DESC`);
}

export interface QuoteRow {
  themeId: string;
  responseId: string;
  reference: string;
  consent: string;
  name: string | null;
  text: string | null;
}

/**
 * Chosen quotes, only from responses whose authors allowed publication; the redacted text when an
 * officer redacted the answer. The consent test is in the query so no caller can forget it.
 */
export async function listQuotes(db: Db, consultationId: string): Promise<QuoteRow[]> {
  const found = await rows<Record<string, unknown>>(
    db,
    sql`SELECT c.theme_id, r.id AS response_id, r.reference, r.publication_consent, r.respondent_name,
          coalesce(r.redactions->>c.quote_key, r.answers->>c.quote_key) AS text
        FROM ${feedbackCodings} c
        JOIN ${feedbackThemes} t ON t.id = c.theme_id
        JOIN ${responses} r ON r.id = c.response_id
        WHERE t.consultation_id = ${consultationId} AND c.quote_key IS NOT NULL
          AND r.publication_consent IN ('publish_named', 'publish_anonymous')
        ORDER BY r.submitted_at`,
  );
  return found.map((r) => ({
    themeId: r.theme_id as string,
    responseId: r.response_id as string,
    reference: r.reference as string,
    consent: r.publication_consent as string,
    name: (r.respondent_name as string | null) ?? null,
    text: (r.text as string | null) ?? null,
  }));
}

/** Where each theme was considered: the decisions citing it. */
export async function citationsFor(db: Db, themeIds: string[]) {
  if (!themeIds.length) return [];
  return rows<{
    theme_id: string;
    decision_id: string;
    how_considered: string;
    title: string;
    maker_name: string;
    decided_on: string;
  }>(
    db,
    sql`SELECT dt.theme_id, dt.decision_id, dt.how_considered, d.title, d.maker_name, d.decided_on::text AS decided_on
        FROM ${decisionThemes} dt JOIN decisions d ON d.id = dt.decision_id
        WHERE dt.theme_id IN (${sql.join(
          themeIds.map((id) => sql`${id}`),
          sql`, `,
        )})
        ORDER BY d.decided_on`,
  );
}
