/** SQL for decisions, the consultations and themes they cite, and implementation updates. */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { consultations } from '../consultations/index.ts';
import { organisations } from '../accounts/index.ts';
import {
  decisionConsultations,
  decisions,
  decisionThemes,
  feedbackThemes,
  implementationUpdates,
  type Decision,
} from './feedback.tables.ts';

export async function insertDecision(db: Db, values: typeof decisions.$inferInsert): Promise<Decision> {
  const [row] = await db.insert(decisions).values(values).returning();
  return row!;
}

export async function linkConsultations(db: Db, decisionId: string, consultationIds: string[]) {
  if (!consultationIds.length) return;
  await db
    .insert(decisionConsultations)
    .values(consultationIds.map((consultationId) => ({ decisionId, consultationId })))
    .onConflictDoNothing();
}

export async function findDecision(db: Db, id: string): Promise<Decision | undefined> {
  const [row] = await db.select().from(decisions).where(eq(decisions.id, id));
  return row;
}

export async function listDecisions(db: Db) {
  return db
    .select({
      id: decisions.id,
      title: decisions.title,
      makerName: decisions.makerName,
      decidedOn: decisions.decidedOn,
      organisationName: organisations.name,
    })
    .from(decisions)
    .innerJoin(organisations, eq(organisations.id, decisions.organisationId))
    .orderBy(desc(decisions.decidedOn), asc(decisions.title));
}

export async function consultationsOf(db: Db, decisionId: string) {
  return db
    .select({ id: consultations.id, slug: consultations.slug, title: consultations.title, state: consultations.state })
    .from(decisionConsultations)
    .innerJoin(consultations, eq(consultations.id, decisionConsultations.consultationId))
    .where(eq(decisionConsultations.decisionId, decisionId))
    .orderBy(asc(consultations.title));
}

export async function decisionsOfConsultation(db: Db, consultationId: string) {
  return db
    .select()
    .from(decisions)
    .innerJoin(decisionConsultations, eq(decisionConsultations.decisionId, decisions.id))
    .where(eq(decisionConsultations.consultationId, consultationId))
    .orderBy(asc(decisions.decidedOn))
    .then((found) => found.map((r) => r.decisions));
}

export async function themesOfConsultations(db: Db, consultationIds: string[]) {
  if (!consultationIds.length) return [];
  return db
    .select()
    .from(feedbackThemes)
    .where(inArray(feedbackThemes.consultationId, consultationIds))
    .orderBy(asc(feedbackThemes.createdAt));
}

export async function citedThemes(db: Db, decisionId: string) {
  return db.select().from(decisionThemes).where(eq(decisionThemes.decisionId, decisionId));
}

/** Replaces how a decision considered its consultations' themes (an empty "how" removes the citation). */
export async function replaceCitations(
  db: Db,
  decisionId: string,
  citations: { themeId: string; howConsidered: string }[],
) {
  await db.delete(decisionThemes).where(eq(decisionThemes.decisionId, decisionId));
  if (citations.length) await db.insert(decisionThemes).values(citations.map((c) => ({ decisionId, ...c })));
}

export async function insertUpdate(db: Db, values: typeof implementationUpdates.$inferInsert) {
  const [row] = await db.insert(implementationUpdates).values(values).returning();
  return row!;
}

export async function updatesOf(db: Db, decisionIds: string[]) {
  if (!decisionIds.length) return [];
  return db
    .select()
    .from(implementationUpdates)
    .where(inArray(implementationUpdates.decisionId, decisionIds))
    .orderBy(asc(implementationUpdates.occurredOn), asc(implementationUpdates.createdAt));
}

/** Closed consultations a decision may cite, newest first; narrowed to one organisation for officers. */
export async function citableConsultations(db: Db, organisationId: string | null) {
  return db
    .select({ id: consultations.id, title: consultations.title, closesAt: consultations.closesAt })
    .from(consultations)
    .where(
      and(
        inArray(consultations.state, ['closed', 'feedback_published', 'archived']),
        organisationId ? eq(consultations.leadOrganisationId, organisationId) : sql`true`,
      ),
    )
    .orderBy(desc(consultations.closesAt));
}
