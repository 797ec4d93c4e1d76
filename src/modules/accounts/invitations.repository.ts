import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { staffInvitations } from './accounts.tables.ts';

export type StaffInvitation = typeof staffInvitations.$inferSelect;

export async function insertInvitation(db: Db, values: typeof staffInvitations.$inferInsert) {
  const [row] = await db.insert(staffInvitations).values(values).returning();
  return row!;
}

export async function findInvitationByTokenHash(db: Db, tokenHash: string): Promise<StaffInvitation | undefined> {
  const [row] = await db.select().from(staffInvitations).where(eq(staffInvitations.tokenHash, tokenHash));
  return row;
}

/** Locking the row makes a second, parallel resend or withdraw wait, then see the link already replaced. */
export async function findInvitationByIdForUpdate(db: Db, id: string): Promise<StaffInvitation | undefined> {
  const [row] = await db.select().from(staffInvitations).where(eq(staffInvitations.id, id)).for('update');
  return row;
}

/**
 * Claims an invitation: only one caller can ever get the row back, because the WHERE clause is
 * re-checked under the row lock when two transactions race.
 */
export async function claimInvitation(db: Db, tokenHash: string, now: Date): Promise<StaffInvitation | undefined> {
  const [row] = await db
    .update(staffInvitations)
    .set({ acceptedAt: now })
    .where(
      and(
        eq(staffInvitations.tokenHash, tokenHash),
        isNull(staffInvitations.acceptedAt),
        gt(staffInvitations.expiresAt, now),
      ),
    )
    .returning();
  return row;
}

/** A new invitation replaces any earlier, unused link for the same address. */
export async function expirePendingInvitations(db: Db, email: string, now: Date) {
  return db
    .update(staffInvitations)
    .set({ expiresAt: now })
    .where(
      and(
        sql`lower(${staffInvitations.email}) = lower(${email})`,
        isNull(staffInvitations.acceptedAt),
        gt(staffInvitations.expiresAt, now),
      ),
    )
    .returning({ id: staffInvitations.id });
}

/** Ends one unused link now; undefined when it was already used or had expired. */
export async function expireInvitation(db: Db, id: string, now: Date): Promise<StaffInvitation | undefined> {
  const [row] = await db
    .update(staffInvitations)
    .set({ expiresAt: now })
    .where(and(eq(staffInvitations.id, id), isNull(staffInvitations.acceptedAt), gt(staffInvitations.expiresAt, now)))
    .returning();
  return row;
}

export async function listPendingInvitations(db: Db, now: Date) {
  return db
    .select()
    .from(staffInvitations)
    .where(and(isNull(staffInvitations.acceptedAt), gt(staffInvitations.expiresAt, now)))
    .orderBy(asc(staffInvitations.name));
}
