import { and, asc, eq, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organisations, staffSessionRevocations, staffUsers, type StaffUser } from './accounts.tables.ts';

export async function findUserByEmail(db: Db, email: string): Promise<StaffUser | undefined> {
  const [user] = await db
    .select()
    .from(staffUsers)
    .where(sql`lower(${staffUsers.email}) = lower(${email})`);
  return user;
}

export async function findUserWithOrganisation(db: Db, id: string) {
  const [row] = await db
    .select({ user: staffUsers, organisationName: organisations.name })
    .from(staffUsers)
    .innerJoin(organisations, eq(organisations.id, staffUsers.organisationId))
    .where(eq(staffUsers.id, id));
  return row;
}

/**
 * Counts a failure and, from the limit on, makes the account wait before the next attempt from an
 * unknown device: 30 seconds doubling with each further failure, at most 15 minutes. One
 * statement, so parallel failures cannot race. Returns the new count.
 */
export async function recordFailedSignIn(db: Db, id: string, limit: number, now: Date): Promise<number> {
  const [row] = await db
    .update(staffUsers)
    .set({
      failedSignIns: sql`${staffUsers.failedSignIns} + 1`,
      lockedUntil: sql`CASE WHEN ${staffUsers.failedSignIns} + 1 >= ${limit}
        THEN ${now.toISOString()}::timestamptz + least(interval '30 seconds' * power(2, least(${staffUsers.failedSignIns} + 1 - ${limit}, 10)), interval '15 minutes')
        ELSE ${staffUsers.lockedUntil} END`,
    })
    .where(eq(staffUsers.id, id))
    .returning({ failedSignIns: staffUsers.failedSignIns });
  return row?.failedSignIns ?? 0;
}

export async function revokeSession(db: Db, sessionId: string, now: Date, expiresAt: Date) {
  await db.insert(staffSessionRevocations).values({ sessionId, revokedAt: now, expiresAt }).onConflictDoNothing();
  await db.delete(staffSessionRevocations).where(lt(staffSessionRevocations.expiresAt, now));
}

export async function isSessionRevoked(db: Db, sessionId: string): Promise<boolean> {
  const rows = await db
    .select({ id: staffSessionRevocations.sessionId })
    .from(staffSessionRevocations)
    .where(eq(staffSessionRevocations.sessionId, sessionId));
  return rows.length > 0;
}

export async function resetFailedSignIns(db: Db, id: string) {
  await db.update(staffUsers).set({ failedSignIns: 0, lockedUntil: null }).where(eq(staffUsers.id, id));
}

/** An administrator's unlock: the count and the lock go together, so the next sign-in starts afresh. */
export async function unlockUser(db: Db, id: string, now: Date): Promise<StaffUser | undefined> {
  const [row] = await db
    .update(staffUsers)
    .set({ failedSignIns: 0, lockedUntil: null, updatedAt: now })
    .where(eq(staffUsers.id, id))
    .returning();
  return row;
}

export async function listOrganisations(db: Db) {
  return db.select().from(organisations).orderBy(asc(organisations.name));
}

export async function findOrganisationBySlug(db: Db, slug: string) {
  const [row] = await db.select().from(organisations).where(eq(organisations.slug, slug));
  return row;
}

export async function insertOrganisation(db: Db, values: typeof organisations.$inferInsert) {
  const [row] = await db.insert(organisations).values(values).onConflictDoNothing().returning();
  return row;
}

export async function insertUser(db: Db, values: typeof staffUsers.$inferInsert) {
  const [row] = await db.insert(staffUsers).values(values).returning();
  return row!;
}

export async function findUserById(db: Db, id: string): Promise<StaffUser | undefined> {
  const [user] = await db.select().from(staffUsers).where(eq(staffUsers.id, id));
  return user;
}

export async function findOrganisationById(db: Db, id: string) {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  return row;
}

/** The organisation's feedback promise; the feedback module writes it (with its own audit) through this. */
export async function setOrganisationFeedbackWeeks(db: Db, organisationId: string, weeks: number): Promise<boolean> {
  const rows = await db
    .update(organisations)
    .set({ feedbackWeeks: weeks })
    .where(eq(organisations.id, organisationId))
    .returning({ id: organisations.id });
  return rows.length > 0;
}

/** Sets a new password and signs the account out everywhere else, returning the new session version. */
export async function updatePassword(db: Db, id: string, passwordHash: string, now: Date): Promise<number | undefined> {
  const [row] = await db
    .update(staffUsers)
    .set({
      passwordHash,
      sessionVersion: sql`${staffUsers.sessionVersion} + 1`,
      failedSignIns: 0,
      lockedUntil: null,
      updatedAt: now,
    })
    .where(eq(staffUsers.id, id))
    .returning({ sessionVersion: staffUsers.sessionVersion });
  return row?.sessionVersion;
}

/** Activates or deactivates; either way every existing session of that user ends. */
export async function setUserActive(db: Db, id: string, active: boolean, now: Date) {
  const [row] = await db
    .update(staffUsers)
    .set({ active, sessionVersion: sql`${staffUsers.sessionVersion} + 1`, updatedAt: now })
    .where(eq(staffUsers.id, id))
    .returning();
  return row;
}

/** Inserts unless the email is taken (the unique index is on lower(email)); undefined when taken. */
export async function insertUserIfEmailFree(db: Db, values: typeof staffUsers.$inferInsert) {
  const [row] = await db.insert(staffUsers).values(values).onConflictDoNothing().returning();
  return row;
}

export async function listStaffWithOrganisations(db: Db) {
  return db
    .select({ user: staffUsers, organisationName: organisations.name })
    .from(staffUsers)
    .innerJoin(organisations, eq(organisations.id, staffUsers.organisationId))
    .orderBy(asc(organisations.name), asc(staffUsers.name));
}

/** Active staff who can lead work (everyone but councillors), with their organisation's name. */
export async function listActiveOfficers(db: Db) {
  return db
    .select({
      id: staffUsers.id,
      name: staffUsers.name,
      organisationId: staffUsers.organisationId,
      organisationName: organisations.name,
    })
    .from(staffUsers)
    .innerJoin(organisations, eq(organisations.id, staffUsers.organisationId))
    .where(and(eq(staffUsers.active, true), ne(staffUsers.role, 'councillor')))
    .orderBy(asc(organisations.name), asc(staffUsers.name));
}
