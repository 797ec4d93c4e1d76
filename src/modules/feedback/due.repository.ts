/**
 * Closed consultations waiting for feedback, and each organisation's feedback weeks. The weeks live
 * on the organisation (accounts owns the column; we write it through accounts' own function).
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organisations, setOrganisationFeedbackWeeks, staffUsers } from '../accounts/index.ts';
import { consultations } from '../consultations/index.ts';

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
      weeks: organisations.feedbackWeeks,
    })
    .from(consultations)
    .innerJoin(organisations, eq(organisations.id, consultations.leadOrganisationId))
    .leftJoin(staffUsers, eq(staffUsers.id, consultations.leadOfficerId))
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
    .select({ id: organisations.id, name: organisations.name, weeks: organisations.feedbackWeeks })
    .from(organisations)
    .orderBy(asc(organisations.name));
}

export const setWeeks = (db: Db, organisationId: string, weeks: number) =>
  setOrganisationFeedbackWeeks(db, organisationId, weeks);
