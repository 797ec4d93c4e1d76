/** SQL for panels, people, memberships, tokens and history. */
import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { equality, events, memberships, panels, people, tokens, type Person } from './people.tables.ts';

export type PersonInsert = typeof people.$inferInsert;

export const listPanels = (db: Db) => db.select().from(panels).orderBy(asc(panels.createdAt), asc(panels.name));

export async function findPanelBySlug(db: Db, slug: string) {
  const [panel] = await db.select().from(panels).where(eq(panels.slug, slug));
  return panel;
}

export async function upsertPanel(db: Db, panel: typeof panels.$inferInsert) {
  await db.insert(panels).values(panel).onConflictDoNothing({ target: panels.slug });
}

/** Members per panel and status, for the overview. */
export const membershipCounts = (db: Db) =>
  db
    .select({ panelId: memberships.panelId, status: memberships.status, total: count() })
    .from(memberships)
    .groupBy(memberships.panelId, memberships.status);

export async function findPerson(db: Db, id: string): Promise<Person | undefined> {
  const [person] = await db.select().from(people).where(eq(people.id, id));
  return person;
}

export async function findPersonByContact(db: Db, email: string | null, phone: string | null) {
  if (email) {
    const [byEmail] = await db.select().from(people).where(eq(people.email, email));
    if (byEmail) return byEmail;
  }
  if (phone) {
    const [byPhone] = await db.select().from(people).where(eq(people.phone, phone));
    if (byPhone) return byPhone;
  }
  return undefined;
}

export async function insertPerson(db: Db, person: PersonInsert) {
  const [row] = await db.insert(people).values(person).returning();
  return row!;
}

export async function updatePerson(db: Db, id: string, changes: Partial<PersonInsert>) {
  const [row] = await db.update(people).set(changes).where(eq(people.id, id)).returning();
  return row;
}

export async function findEquality(db: Db, personId: string) {
  const [row] = await db.select().from(equality).where(eq(equality.personId, personId));
  return row?.answers ?? {};
}

export async function saveEquality(db: Db, personId: string, answers: Record<string, string>, now: Date) {
  await db
    .insert(equality)
    .values({ personId, answers, updatedAt: now })
    .onConflictDoUpdate({ target: equality.personId, set: { answers, updatedAt: now } });
}

export const deleteEquality = (db: Db, personId: string) => db.delete(equality).where(eq(equality.personId, personId));

export async function addMembership(db: Db, panelId: string, personId: string, status: string, now: Date) {
  await db
    .insert(memberships)
    .values({ panelId, personId, status, statusChangedAt: now, createdAt: now })
    .onConflictDoNothing();
}

export const personMemberships = (db: Db, personId: string) =>
  db
    .select({
      id: memberships.id,
      panelId: panels.id,
      panelSlug: panels.slug,
      panelName: panels.name,
      status: memberships.status,
      statusChangedAt: memberships.statusChangedAt,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(panels, eq(panels.id, memberships.panelId))
    .where(eq(memberships.personId, personId))
    .orderBy(asc(panels.name));

/** Moves memberships from one status to another (all panels, or one). */
export async function setMembershipStatus(
  db: Db,
  personId: string,
  status: string,
  now: Date,
  options: { from?: string[]; panelId?: string } = {},
) {
  return db
    .update(memberships)
    .set({ status, statusChangedAt: now })
    .where(
      and(
        eq(memberships.personId, personId),
        options.from ? inArray(memberships.status, options.from) : undefined,
        options.panelId ? eq(memberships.panelId, options.panelId) : undefined,
      ),
    )
    .returning({ panelId: memberships.panelId, status: memberships.status });
}

export async function addEvent(db: Db, event: typeof events.$inferInsert) {
  await db.insert(events).values(event);
}

export const personEvents = (db: Db, personId: string) =>
  db
    .select({
      kind: events.kind,
      detail: events.detail,
      occurredAt: events.occurredAt,
      panelName: panels.name,
      sampleId: events.sampleId,
    })
    .from(events)
    .leftJoin(panels, eq(panels.id, events.panelId))
    .where(eq(events.personId, personId))
    .orderBy(desc(events.occurredAt), desc(events.id));

/** Locks these people's rows until the transaction ends, in id order so two lockers cannot deadlock. */
export async function lockPeople(db: Db, personIds: string[]) {
  if (!personIds.length) return;
  await db
    .select({ id: people.id })
    .from(people)
    .where(inArray(people.id, personIds))
    .orderBy(asc(people.id))
    .for('update');
}

/** Invitations in the contact-limit window, for each of these people. */
export async function invitationCounts(db: Db, personIds: string[], since: Date) {
  if (!personIds.length) return new Map<string, number>();
  const rows = await db
    .select({ personId: events.personId, total: count() })
    .from(events)
    .where(and(inArray(events.personId, personIds), eq(events.kind, 'invited'), gte(events.occurredAt, since)))
    .groupBy(events.personId);
  return new Map(rows.map((r) => [r.personId, Number(r.total)]));
}

export async function insertToken(db: Db, token: typeof tokens.$inferInsert) {
  await db.insert(tokens).values(token);
}

/** Claims a live token once: parallel requests with the same link get one winner. */
export async function claimToken(db: Db, tokenHash: string, purpose: string, now: Date) {
  const [row] = await db
    .update(tokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(tokens.tokenHash, tokenHash),
        eq(tokens.purpose, purpose),
        isNull(tokens.usedAt),
        sql`${tokens.expiresAt} > ${now.toISOString()}`,
      ),
    )
    .returning({ personId: tokens.personId });
  return row?.personId;
}

export async function peekToken(db: Db, tokenHash: string, purpose: string, now: Date) {
  const [row] = await db
    .select({ personId: tokens.personId })
    .from(tokens)
    .where(
      and(
        eq(tokens.tokenHash, tokenHash),
        eq(tokens.purpose, purpose),
        isNull(tokens.usedAt),
        sql`${tokens.expiresAt} > ${now.toISOString()}`,
      ),
    );
  return row?.personId;
}

/** Uses a live share invitation once: whose it is, and which organisation and panel asked. */
export async function claimShareToken(db: Db, tokenHash: string, now: Date) {
  const [row] = await db
    .update(tokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(tokens.tokenHash, tokenHash),
        eq(tokens.purpose, 'share'),
        isNull(tokens.usedAt),
        sql`${tokens.expiresAt} > ${now.toISOString()}`,
      ),
    )
    .returning({ personId: tokens.personId, organisationId: tokens.organisationId, panelId: tokens.panelId });
  return row && row.organisationId && row.panelId
    ? { personId: row.personId, organisationId: row.organisationId, panelId: row.panelId }
    : undefined;
}

/** Uses a live change-email link once, returning whose it is and the address it was for. */
export async function claimEmailChange(db: Db, tokenHash: string, now: Date) {
  const [live] = await db
    .select({ id: tokens.id, personId: tokens.personId, newEmail: tokens.newEmail })
    .from(tokens)
    .where(
      and(
        eq(tokens.tokenHash, tokenHash),
        eq(tokens.purpose, 'change-email'),
        isNull(tokens.usedAt),
        sql`${tokens.expiresAt} > ${now.toISOString()}`,
      ),
    );
  if (!live?.newEmail) return undefined;
  // The guarded update is the claim: of two parallel uses, one changes a row.
  const [claimed] = await db
    .update(tokens)
    .set({ usedAt: now, newEmail: null })
    .where(and(eq(tokens.id, live.id), isNull(tokens.usedAt)))
    .returning({ id: tokens.id });
  return claimed ? { personId: live.personId, newEmail: live.newEmail } : undefined;
}

/** The address a member asked to change to and has not confirmed yet (the newest live link). */
export async function pendingEmailChange(db: Db, personId: string, now: Date) {
  const [row] = await db
    .select({ newEmail: tokens.newEmail, expiresAt: tokens.expiresAt })
    .from(tokens)
    .where(
      and(
        eq(tokens.personId, personId),
        eq(tokens.purpose, 'change-email'),
        isNull(tokens.usedAt),
        isNotNull(tokens.newEmail),
        sql`${tokens.expiresAt} > ${now.toISOString()}`,
      ),
    )
    .orderBy(desc(tokens.createdAt))
    .limit(1);
  return row?.newEmail ? { email: row.newEmail, expiresAt: row.expiresAt } : undefined;
}

/** Every address a member has asked to change to and not taken up (for erasure). */
export async function requestedEmails(db: Db, personId: string) {
  const rows = await db
    .select({ newEmail: tokens.newEmail })
    .from(tokens)
    .where(and(eq(tokens.personId, personId), isNotNull(tokens.newEmail)));
  return [...new Set(rows.map((r) => r.newEmail!))];
}

/**
 * A newer request replaces any earlier one: only the latest link can change the address. The
 * earlier rows keep their address so erasure can still find the messages sent to it.
 */
export const supersedeEmailChanges = (db: Db, personId: string, now: Date) =>
  db
    .update(tokens)
    .set({ usedAt: now })
    .where(and(eq(tokens.personId, personId), eq(tokens.purpose, 'change-email'), isNull(tokens.usedAt)));

export const deleteTokens = (db: Db, personId: string) => db.delete(tokens).where(eq(tokens.personId, personId));

export interface MemberRow {
  personId: string;
  fullName: string | null;
  wardCode: string | null;
  status: string;
  joinedAt: Date;
  confirmedAt: Date | null;
  organisationIds: string[];
}

/** One page of a panel's members, optionally of one status. */
export async function panelMembers(db: Db, panelId: string, status: string | undefined, limit: number, offset: number) {
  const where = and(eq(memberships.panelId, panelId), status ? eq(memberships.status, status) : undefined);
  const [rows, [{ total } = { total: 0 }]] = await Promise.all([
    db
      .select({
        personId: people.id,
        fullName: people.fullName,
        wardCode: people.wardCode,
        status: memberships.status,
        joinedAt: memberships.createdAt,
        confirmedAt: people.confirmedAt,
        organisationIds: people.organisationIds,
      })
      .from(memberships)
      .innerJoin(people, eq(people.id, memberships.personId))
      .where(where)
      .orderBy(asc(people.fullName), asc(people.id))
      .limit(limit)
      .offset(offset),
    db.select({ total: count() }).from(memberships).where(where),
  ]);
  return { rows: rows as MemberRow[], total: Number(total) };
}

/**
 * The sampling pool: active, confirmed members of a panel with their ward, equality answers and
 * the last time they were invited. One query; the profile is read from jsonb in the database.
 */
/** Rows of a raw query under either driver (both return { rows }). */
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

export async function samplingPool(db: Db, panelId: string) {
  const rows = await db.execute(sql`
    SELECT p.id, p.ward_code, e.answers, inv.last_invited
    FROM people_memberships m
    JOIN people p ON p.id = m.person_id
    LEFT JOIN people_equality e ON e.person_id = p.id
    -- One grouped pass over invitations rather than a lookup per member.
    LEFT JOIN (
      SELECT person_id, max(occurred_at) AS last_invited FROM people_events WHERE kind = 'invited' GROUP BY person_id
    ) inv ON inv.person_id = p.id
    WHERE m.panel_id = ${panelId} AND m.status = 'active' AND p.confirmed_at IS NOT NULL AND p.erased_at IS NULL`);
  return rowsOf<{
    id: string;
    ward_code: string | null;
    answers: Record<string, string> | null;
    last_invited: string | Date | null;
  }>(rows);
}

/** Active members' profile counts per characteristic, for panel health. */
export async function panelProfile(db: Db, panelId: string) {
  const rows = await db.execute(sql`
    SELECT p.ward_code, e.answers
    FROM people_memberships m
    JOIN people p ON p.id = m.person_id
    LEFT JOIN people_equality e ON e.person_id = p.id
    WHERE m.panel_id = ${panelId} AND m.status = 'active' AND p.erased_at IS NULL`);
  return rowsOf<{ ward_code: string | null; answers: Record<string, string> | null }>(rows);
}

export const toRemind = (db: Db, inactiveBefore: Date) =>
  db
    .select()
    .from(people)
    .where(
      and(
        isNull(people.erasedAt),
        isNull(people.remindedAt),
        isNotNull(people.confirmedAt),
        lt(people.lastActiveAt, inactiveBefore),
      ),
    )
    .limit(500);

export const toErase = (db: Db, remindedBefore: Date) =>
  db
    .select({ id: people.id })
    .from(people)
    .where(
      and(
        isNull(people.erasedAt),
        lt(people.remindedAt, remindedBefore),
        // Anyone active since the reminder has answered it.
        sql`${people.lastActiveAt} <= ${people.remindedAt}`,
      ),
    )
    .limit(500);

export const unconfirmedBefore = (db: Db, before: Date) =>
  db
    .select({ id: people.id })
    .from(people)
    .where(and(isNull(people.erasedAt), isNull(people.confirmedAt), lt(people.createdAt, before)))
    .limit(500);
