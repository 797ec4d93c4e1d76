/** SQL for the consultations module's tables. */
import { and, asc, count, desc, eq, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organisations, staffUsers } from '../accounts/index.ts';
import {
  consultationDocuments,
  consultationPartners,
  consultations,
  consultationTransitions,
  consultationWards,
  standardsChecks,
  standardsJustifications,
  type Consultation,
} from './consultations.tables.ts';
import type { CheckOutcome, CheckResult } from './standards.types.ts';

export type ConsultationInsert = typeof consultations.$inferInsert;

export async function insertConsultation(db: Db, values: ConsultationInsert): Promise<Consultation> {
  const [row] = await db.insert(consultations).values(values).returning();
  return row!;
}

export async function updateConsultation(
  db: Db,
  id: string,
  values: Partial<ConsultationInsert>,
): Promise<Consultation | undefined> {
  const [row] = await db.update(consultations).set(values).where(eq(consultations.id, id)).returning();
  return row;
}

export async function slugExists(db: Db, slug: string): Promise<boolean> {
  const [row] = await db.select({ id: consultations.id }).from(consultations).where(eq(consultations.slug, slug));
  return Boolean(row);
}

export async function findConsultation(db: Db, id: string): Promise<Consultation | undefined> {
  // Not a UUID means no such record; asking PostgreSQL would raise a cast error instead.
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const [row] = await db.select().from(consultations).where(eq(consultations.id, id));
  return row;
}

export async function findConsultationBySlug(db: Db, slug: string): Promise<Consultation | undefined> {
  const [row] = await db.select().from(consultations).where(eq(consultations.slug, slug));
  return row;
}

export async function listPartnerIds(db: Db, consultationId: string): Promise<string[]> {
  const rows = await db
    .select({ id: consultationPartners.organisationId })
    .from(consultationPartners)
    .where(eq(consultationPartners.consultationId, consultationId));
  return rows.map((r) => r.id);
}

export async function listWardCodes(db: Db, consultationId: string): Promise<string[]> {
  const rows = await db
    .select({ code: consultationWards.wardCode })
    .from(consultationWards)
    .where(eq(consultationWards.consultationId, consultationId))
    .orderBy(asc(consultationWards.wardCode));
  return rows.map((r) => r.code);
}

export async function replacePartners(db: Db, consultationId: string, organisationIds: string[]) {
  await db.delete(consultationPartners).where(eq(consultationPartners.consultationId, consultationId));
  if (organisationIds.length > 0) {
    await db
      .insert(consultationPartners)
      .values(organisationIds.map((organisationId) => ({ consultationId, organisationId })));
  }
}

export async function replaceWards(db: Db, consultationId: string, wardCodes: string[]) {
  await db.delete(consultationWards).where(eq(consultationWards.consultationId, consultationId));
  if (wardCodes.length > 0) {
    await db.insert(consultationWards).values(wardCodes.map((wardCode) => ({ consultationId, wardCode })));
  }
}

export interface ListFilter {
  states?: string[];
  organisationId?: string;
  /** Restrict to consultations this organisation leads or partners, plus any in these public states. */
  visibleTo?: { organisationId: string | null; publicStates: string[] };
  limit: number;
  offset: number;
}

function whereOf(filter: ListFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (filter.states && filter.states.length > 0) conditions.push(inArray(consultations.state, filter.states));
  if (filter.organisationId) conditions.push(eq(consultations.leadOrganisationId, filter.organisationId));
  if (filter.visibleTo) {
    const { organisationId, publicStates } = filter.visibleTo;
    const own = organisationId
      ? or(
          eq(consultations.leadOrganisationId, organisationId),
          sql`EXISTS (SELECT 1 FROM consultation_partners p WHERE p.consultation_id = ${consultations.id} AND p.organisation_id = ${organisationId})`,
        )
      : undefined;
    conditions.push(or(inArray(consultations.state, publicStates), own));
  }
  return and(...conditions);
}

export async function listConsultations(db: Db, filter: ListFilter) {
  const where = whereOf(filter);
  const rows = await db
    .select({
      id: consultations.id,
      slug: consultations.slug,
      title: consultations.title,
      state: consultations.state,
      leadOrganisationId: consultations.leadOrganisationId,
      organisationName: sql<string>`(SELECT name FROM organisations o WHERE o.id = ${consultations.leadOrganisationId})`,
      opensAt: consultations.opensAt,
      closesAt: consultations.closesAt,
      updatedAt: consultations.updatedAt,
    })
    .from(consultations)
    .where(where)
    .orderBy(desc(consultations.updatedAt), asc(consultations.id))
    .limit(filter.limit)
    .offset(filter.offset);
  const [total] = await db.select({ n: count() }).from(consultations).where(where);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function listTransitions(db: Db, consultationId: string) {
  return db
    .select({
      fromState: consultationTransitions.fromState,
      toState: consultationTransitions.toState,
      reason: consultationTransitions.reason,
      occurredAt: consultationTransitions.occurredAt,
      actorId: consultationTransitions.actorId,
      actorName: sql<
        string | null
      >`(SELECT ${staffUsers.name} FROM ${staffUsers} WHERE ${staffUsers.id} = ${consultationTransitions.actorId})`,
    })
    .from(consultationTransitions)
    .where(eq(consultationTransitions.consultationId, consultationId))
    .orderBy(asc(consultationTransitions.occurredAt), asc(consultationTransitions.id));
}

export async function insertTransition(
  db: Db,
  values: {
    consultationId: string;
    fromState: string;
    toState: string;
    reason?: string;
    actorId: string | null;
    occurredAt: Date;
  },
) {
  await db.insert(consultationTransitions).values(values);
}

/** Who last submitted the consultation for review (the four-eyes rule). */
export async function lastSubmitterId(db: Db, consultationId: string): Promise<string | null> {
  const [row] = await db
    .select({ actorId: consultationTransitions.actorId })
    .from(consultationTransitions)
    .where(
      and(eq(consultationTransitions.consultationId, consultationId), eq(consultationTransitions.toState, 'in_review')),
    )
    .orderBy(desc(consultationTransitions.occurredAt), desc(consultationTransitions.id))
    .limit(1);
  return row?.actorId ?? null;
}

/**
 * Moves a consultation between states only if it is still in the expected one, so two people
 * acting at once cannot both succeed.
 */
export async function changeState(
  db: Db,
  id: string,
  from: string[],
  values: Partial<ConsultationInsert> & { state: string },
) {
  const [row] = await db
    .update(consultations)
    .set(values)
    .where(and(eq(consultations.id, id), inArray(consultations.state, from)))
    .returning();
  return row;
}

/** Set-based: every consultation in `from` whose time column has passed moves to `to`. */
export async function advanceDue(db: Db, from: 'scheduled' | 'open', to: 'open' | 'closed', now: Date) {
  const due = from === 'scheduled' ? consultations.opensAt : consultations.closesAt;
  return db
    .update(consultations)
    .set({ state: to, stateChangedAt: now, updatedAt: now })
    .where(and(eq(consultations.state, from), lte(due, now)))
    .returning({
      id: consultations.id,
      title: consultations.title,
      leadOrganisationId: consultations.leadOrganisationId,
    });
}

export async function listDocuments(db: Db, consultationId: string) {
  return db
    .select()
    .from(consultationDocuments)
    .where(eq(consultationDocuments.consultationId, consultationId))
    .orderBy(asc(consultationDocuments.createdAt), asc(consultationDocuments.id));
}

export async function countDocuments(db: Db, consultationId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(consultationDocuments)
    .where(eq(consultationDocuments.consultationId, consultationId));
  return Number(row?.n ?? 0);
}

export async function findDocument(db: Db, consultationId: string, documentId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(documentId)) return undefined;
  const [row] = await db
    .select()
    .from(consultationDocuments)
    .where(and(eq(consultationDocuments.id, documentId), eq(consultationDocuments.consultationId, consultationId)));
  return row;
}

export async function insertDocument(db: Db, values: typeof consultationDocuments.$inferInsert) {
  const [row] = await db.insert(consultationDocuments).values(values).returning();
  return row!;
}

export async function deleteDocument(db: Db, id: string) {
  await db.delete(consultationDocuments).where(eq(consultationDocuments.id, id));
}

export async function listJustifications(db: Db, consultationId: string): Promise<Record<string, string>> {
  const rows = await db
    .select()
    .from(standardsJustifications)
    .where(eq(standardsJustifications.consultationId, consultationId));
  return Object.fromEntries(rows.map((r) => [r.checkKey, r.justification]));
}

export async function upsertJustification(
  db: Db,
  consultationId: string,
  checkKey: string,
  justification: string,
  updatedBy: string | null,
  now: Date,
) {
  await db
    .insert(standardsJustifications)
    .values({ consultationId, checkKey, justification, updatedBy, updatedAt: now })
    .onConflictDoUpdate({
      target: [standardsJustifications.consultationId, standardsJustifications.checkKey],
      set: { justification, updatedBy, updatedAt: now },
    });
}

export async function deleteJustification(db: Db, consultationId: string, checkKey: string) {
  await db
    .delete(standardsJustifications)
    .where(
      and(eq(standardsJustifications.consultationId, consultationId), eq(standardsJustifications.checkKey, checkKey)),
    );
}

export async function insertStandardsCheck(
  db: Db,
  values: { consultationId: string; outcome: CheckOutcome; results: CheckResult[]; runBy: string | null; runAt: Date },
) {
  const [row] = await db.insert(standardsChecks).values(values).returning();
  return row!;
}

export async function latestStandardsCheck(db: Db, consultationId: string) {
  const [row] = await db
    .select()
    .from(standardsChecks)
    .where(eq(standardsChecks.consultationId, consultationId))
    .orderBy(desc(standardsChecks.runAt), desc(standardsChecks.id))
    .limit(1);
  return row ? { outcome: row.outcome as CheckOutcome, results: row.results as CheckResult[], runAt: row.runAt } : null;
}

/** The organisation's feedback promise in weeks, for the standards check (a read-only join, ADR 0007). */
export async function feedbackWeeksOf(db: Db, organisationId: string): Promise<number> {
  const [row] = await db
    .select({ weeks: organisations.feedbackWeeks })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  return row?.weeks ?? 6;
}
