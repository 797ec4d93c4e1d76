/** SQL for the engagement diary: events, registrations, waiting lists, attendance and the rota. */
import { and, asc, eq, gte, inArray, isNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organisations, staffUsers } from '../accounts/index.ts';
import { consultations } from '../consultations/index.ts';
import { planEvents, planRegistrations, planRota } from './plan.tables.ts';
import { rows } from './plan.repository.ts';

export type EventValues = Omit<typeof planEvents.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

export async function insertEvent(db: Db, values: EventValues) {
  const [row] = await db.insert(planEvents).values(values).returning();
  return row!;
}

export async function updateEvent(db: Db, id: string, values: Partial<EventValues>, now: Date) {
  const [row] = await db
    .update(planEvents)
    .set({ ...values, updatedAt: now })
    .where(eq(planEvents.id, id))
    .returning();
  return row;
}

const confirmedCount = sql<number>`(SELECT count(*)::int FROM plan_registrations r WHERE r.event_id = ${planEvents.id} AND r.status = 'confirmed')`;
const waitingCount = sql<number>`(SELECT count(*)::int FROM plan_registrations r WHERE r.event_id = ${planEvents.id} AND r.status = 'waiting')`;

const eventWithNames = {
  event: planEvents,
  organisationName: organisations.name,
  organisationSlug: organisations.slug,
  consultationTitle: consultations.title,
  consultationSlug: consultations.slug,
  consultationState: consultations.state,
  confirmed: confirmedCount,
  waiting: waitingCount,
};

export async function findEvent(db: Db, id: string) {
  const [row] = await db
    .select(eventWithNames)
    .from(planEvents)
    .innerJoin(organisations, eq(organisations.id, planEvents.organisationId))
    .leftJoin(consultations, eq(consultations.id, planEvents.consultationId))
    .where(eq(planEvents.id, id));
  return row;
}

export interface EventFilter {
  from?: Date;
  to?: Date;
  wardCode?: string;
  organisationId?: string;
  kind?: string;
  consultationId?: string;
  activityId?: string;
}

export async function listEvents(db: Db, filter: EventFilter, limit = 200) {
  const conditions: SQL[] = [];
  if (filter.from) conditions.push(gte(planEvents.endsAt, filter.from));
  if (filter.to) conditions.push(lt(planEvents.startsAt, filter.to));
  if (filter.wardCode) conditions.push(eq(planEvents.wardCode, filter.wardCode));
  if (filter.organisationId) conditions.push(eq(planEvents.organisationId, filter.organisationId));
  if (filter.kind) conditions.push(eq(planEvents.kind, filter.kind));
  if (filter.consultationId) conditions.push(eq(planEvents.consultationId, filter.consultationId));
  if (filter.activityId) conditions.push(eq(planEvents.activityId, filter.activityId));
  return db
    .select(eventWithNames)
    .from(planEvents)
    .innerJoin(organisations, eq(organisations.id, planEvents.organisationId))
    .leftJoin(consultations, eq(consultations.id, planEvents.consultationId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(planEvents.startsAt))
    .limit(limit);
}

/**
 * Locks the event row for the rest of the transaction: registrations and cancellations for one
 * event queue behind each other, so the confirmed count read next cannot go stale and capacity
 * is never exceeded. Other events are not held up.
 */
export async function lockEvent(tx: Db, id: string) {
  const [row] = await tx.select().from(planEvents).where(eq(planEvents.id, id)).for('update');
  return row;
}

export async function countConfirmed(tx: Db, eventId: string) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(planRegistrations)
    .where(and(eq(planRegistrations.eventId, eventId), eq(planRegistrations.status, 'confirmed')));
  return Number(row?.n ?? 0);
}

export async function findRegistrationByKey(db: Db, idempotencyKey: string) {
  const [row] = await db.select().from(planRegistrations).where(eq(planRegistrations.idempotencyKey, idempotencyKey));
  return row;
}

export async function findRegistrationByReference(db: Db, reference: string) {
  const [row] = await db.select().from(planRegistrations).where(eq(planRegistrations.reference, reference));
  return row;
}

export async function findLiveRegistrationByEmail(db: Db, eventId: string, email: string) {
  const [row] = await db
    .select()
    .from(planRegistrations)
    .where(
      and(
        eq(planRegistrations.eventId, eventId),
        sql`lower(${planRegistrations.email}) = lower(${email})`,
        ne(planRegistrations.status, 'cancelled'),
      ),
    );
  return row;
}

export async function insertRegistration(db: Db, values: typeof planRegistrations.$inferInsert) {
  const [row] = await db.insert(planRegistrations).values(values).returning();
  return row!;
}

export async function findRegistrationByTokenHash(db: Db, tokenHash: string) {
  const [row] = await db.select().from(planRegistrations).where(eq(planRegistrations.cancelTokenHash, tokenHash));
  return row;
}

/** Cancels a live registration; returns nothing when it was already cancelled (a second click). */
export async function cancelRegistration(tx: Db, id: string, now: Date) {
  const [row] = await tx
    .update(planRegistrations)
    .set({ status: 'cancelled', cancelledAt: now })
    .where(and(eq(planRegistrations.id, id), ne(planRegistrations.status, 'cancelled')))
    .returning();
  return row;
}

/** The longest-waiting person, promoted to a place. */
export async function promoteNextWaiting(tx: Db, eventId: string, now: Date) {
  const [next] = await tx
    .select({ id: planRegistrations.id })
    .from(planRegistrations)
    .where(and(eq(planRegistrations.eventId, eventId), eq(planRegistrations.status, 'waiting')))
    .orderBy(asc(planRegistrations.createdAt), asc(planRegistrations.id))
    .limit(1);
  if (!next) return undefined;
  const [row] = await tx
    .update(planRegistrations)
    .set({ status: 'confirmed', promotedAt: now })
    .where(eq(planRegistrations.id, next.id))
    .returning();
  return row;
}

/** Position on the waiting list, 1 for the next to be offered a place. */
export async function waitingPosition(db: Db, registration: { eventId: string; createdAt: Date; id: string }) {
  const [row] = await rows<{ n: number | string }>(
    db,
    sql`SELECT count(*) AS n FROM plan_registrations WHERE event_id = ${registration.eventId}::uuid AND status = 'waiting'
          AND (created_at, id) <= (${registration.createdAt.toISOString()}::timestamptz, ${registration.id}::uuid)`,
  );
  return Number(row?.n ?? 0);
}

export async function listRegistrations(db: Db, eventId: string) {
  return db
    .select()
    .from(planRegistrations)
    .where(eq(planRegistrations.eventId, eventId))
    .orderBy(asc(planRegistrations.createdAt), asc(planRegistrations.id));
}

export async function setAttendance(tx: Db, eventId: string, attendedIds: string[], recordedBy: string) {
  await tx
    .update(planRegistrations)
    .set({
      attended: attendedIds.length
        ? sql`${planRegistrations.id} IN (${sql.join(
            attendedIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`
        : sql`false`,
      attendanceRecordedBy: recordedBy,
    })
    .where(and(eq(planRegistrations.eventId, eventId), eq(planRegistrations.status, 'confirmed')));
}

/** Confirmed places at scheduled events starting in [from, to) whose reminder has not gone. */
export async function dueReminders(db: Db, from: Date, to: Date) {
  return db
    .select({ registration: planRegistrations, event: planEvents })
    .from(planRegistrations)
    .innerJoin(planEvents, eq(planEvents.id, planRegistrations.eventId))
    .where(
      and(
        eq(planRegistrations.status, 'confirmed'),
        isNull(planRegistrations.reminderSentAt),
        eq(planEvents.status, 'scheduled'),
        gte(planEvents.startsAt, from),
        lt(planEvents.startsAt, to),
      ),
    )
    .limit(500);
}

export async function markReminded(tx: Db, id: string, now: Date) {
  const [row] = await tx
    .update(planRegistrations)
    .set({ reminderSentAt: now })
    .where(and(eq(planRegistrations.id, id), isNull(planRegistrations.reminderSentAt)))
    .returning({ id: planRegistrations.id });
  return Boolean(row);
}

export async function listRota(db: Db, eventId: string) {
  return db
    .select({
      staffUserId: planRota.staffUserId,
      organisationId: planRota.organisationId,
      note: planRota.note,
      name: staffUsers.name,
      organisationName: organisations.name,
    })
    .from(planRota)
    .innerJoin(staffUsers, eq(staffUsers.id, planRota.staffUserId))
    .innerJoin(organisations, eq(organisations.id, planRota.organisationId))
    .where(eq(planRota.eventId, eventId))
    .orderBy(asc(organisations.name), asc(staffUsers.name));
}

export async function insertRota(db: Db, values: typeof planRota.$inferInsert) {
  const inserted = await db.insert(planRota).values(values).onConflictDoNothing().returning();
  return inserted.length > 0;
}

export async function deleteRota(db: Db, eventId: string, staffUserId: string) {
  const deleted = await db
    .delete(planRota)
    .where(and(eq(planRota.eventId, eventId), eq(planRota.staffUserId, staffUserId)))
    .returning();
  return deleted[0];
}

/**
 * Registrations for events that ended before `before`, not yet erased: their names, emails and
 * answers are personal data kept only while the event needs them.
 */
export async function registrationsToErase(db: Db, before: Date) {
  return db
    .select({ id: planRegistrations.id, email: planRegistrations.email })
    .from(planRegistrations)
    .innerJoin(planEvents, eq(planEvents.id, planRegistrations.eventId))
    .where(and(lt(planEvents.endsAt, before), ne(planRegistrations.name, ERASED)))
    .limit(1000);
}

export const ERASED = 'erased';

/** Blanks the personal data of registrations, keeping the row (status, attendance) for the counts. */
export async function eraseRegistrations(tx: Db, ids: string[]) {
  if (!ids.length) return;
  await tx
    .update(planRegistrations)
    .set({ name: ERASED, email: sql`'erased:' || ${planRegistrations.id}::text`, answers: {} })
    .where(inArray(planRegistrations.id, ids));
}

/** Which of these addresses still have registrations not erased (for later events). */
export async function liveEmails(db: Db, emails: string[]) {
  if (!emails.length) return [];
  const found = await db
    .selectDistinct({ email: planRegistrations.email })
    .from(planRegistrations)
    .where(
      and(
        inArray(
          sql`lower(${planRegistrations.email})`,
          emails.map((e) => e.toLowerCase()),
        ),
        ne(planRegistrations.name, ERASED),
      ),
    );
  return found.map((r) => r.email);
}

/** The next start or end of an event after now: when the diary's pages change by time alone. */
export async function nextEventChange(db: Db, now: Date): Promise<Date | null> {
  const at = now.toISOString();
  const [row] = await rows<{ at: unknown }>(
    db,
    sql`SELECT least(
      (SELECT min(starts_at) FROM plan_events WHERE starts_at > ${at}::timestamptz),
      (SELECT min(ends_at) FROM plan_events WHERE ends_at > ${at}::timestamptz)
    ) AS at`,
  );
  return row?.at ? new Date(row.at as string) : null;
}
