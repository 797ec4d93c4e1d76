/** Closed consultations waiting for feedback, and per-organisation feedback weeks. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organisations, staffUsers } from '../accounts/index.ts';
import { consultations } from '../consultations/index.ts';
import { feedbackSettings } from './feedback.tables.ts';

export async function awaitingFeedback(db: Db, organisationId: string | null) {
  return db
    .select({
      id: consultations.id,
      title: consultations.title,
      closesAt: consultations.closesAt,
      organisationId: consultations.leadOrganisationId,
      organisationName: organisations.name,
      officerName: staffUsers.name,
      officerEmail: staffUsers.email,
      officerActive: staffUsers.active,
      weeks: sql<number>`coalesce(${feedbackSettings.feedbackWeeks}, 6)`,
    })
    .from(consultations)
    .innerJoin(organisations, eq(organisations.id, consultations.leadOrganisationId))
    .leftJoin(staffUsers, eq(staffUsers.id, consultations.leadOfficerId))
    .leftJoin(feedbackSettings, eq(feedbackSettings.organisationId, consultations.leadOrganisationId))
    .where(
      and(
        eq(consultations.state, 'closed'),
        sql`${consultations.closesAt} IS NOT NULL`,
        organisationId ? eq(consultations.leadOrganisationId, organisationId) : sql`true`,
      ),
    )
    .orderBy(asc(organisations.name), asc(consultations.closesAt));
}

export async function listSettings(db: Db) {
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      weeks: sql<number>`coalesce(${feedbackSettings.feedbackWeeks}, 6)`,
    })
    .from(organisations)
    .leftJoin(feedbackSettings, eq(feedbackSettings.organisationId, organisations.id))
    .orderBy(asc(organisations.name));
}

export async function weeksFor(db: Db, organisationId: string): Promise<number> {
  const [row] = await db.select().from(feedbackSettings).where(eq(feedbackSettings.organisationId, organisationId));
  return row?.feedbackWeeks ?? 6;
}

export async function upsertWeeks(db: Db, organisationId: string, weeks: number, now: Date) {
  await db
    .insert(feedbackSettings)
    .values({ organisationId, feedbackWeeks: weeks, updatedAt: now })
    .onConflictDoUpdate({ target: feedbackSettings.organisationId, set: { feedbackWeeks: weeks, updatedAt: now } });
}
