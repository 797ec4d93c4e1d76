/**
 * What the insight module may do with feedback themes, inside its own audited transactions:
 * create a theme from a suggestion, rename it, and code answers to it (never removing other
 * codings). Kept small so feedback stays the owner of its tables.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { feedbackCodings, feedbackThemes } from './feedback.tables.ts';

export { canWriteFeedback } from './feedback.policy.ts';
export { listThemes as listFeedbackThemes, insertTheme as insertFeedbackTheme } from './themes.repository.ts';

/** Codes these responses to the theme; responses already coded stay as they are. */
export async function codeResponsesToTheme(db: Db, themeId: string, responseIds: string[]) {
  if (!responseIds.length) return;
  await db
    .insert(feedbackCodings)
    .values(responseIds.map((responseId) => ({ themeId, responseId })))
    .onConflictDoNothing();
}

/** Removes one response's coding to one theme. */
export async function uncodeResponse(db: Db, themeId: string, responseId: string) {
  await db.delete(feedbackCodings).where(and(eq(feedbackCodings.themeId, themeId), eq(feedbackCodings.responseId, responseId)));
}

/** A theme of this consultation, or undefined. */
export async function findFeedbackTheme(db: Db, consultationId: string, themeId: string) {
  const [row] = await db
    .select()
    .from(feedbackThemes)
    .where(and(eq(feedbackThemes.consultationId, consultationId), eq(feedbackThemes.id, themeId)));
  return row;
}

/** How many of these themes each response set is coded to: { themeId → count }. */
export async function codingCounts(db: Db, themeIds: string[]) {
  if (!themeIds.length) return new Map<string, number>();
  const rows = await db
    .select({ themeId: feedbackCodings.themeId, count: sql<number>`count(*)::int` })
    .from(feedbackCodings)
    .where(inArray(feedbackCodings.themeId, themeIds))
    .groupBy(feedbackCodings.themeId);
  return new Map(rows.map((r) => [r.themeId, Number(r.count)]));
}

export { feedbackCodings, feedbackThemes };
