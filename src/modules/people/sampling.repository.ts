/** SQL for population targets and drawn samples. */
import { and, asc, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { people, sampleMembers, samples, targets } from './people.tables.ts';

export const listTargets = (db: Db) =>
  db.select().from(targets).orderBy(asc(targets.characteristic), asc(targets.category));

/** Replaces the targets of the characteristics present in the import (others stay). */
export async function replaceTargets(db: Db, rows: (typeof targets.$inferInsert)[]) {
  const characteristics = [...new Set(rows.map((r) => r.characteristic))];
  if (characteristics.length) await db.delete(targets).where(inArray(targets.characteristic, characteristics));
  if (rows.length) await db.insert(targets).values(rows);
}

export async function insertSample(db: Db, sample: typeof samples.$inferInsert) {
  const [row] = await db.insert(samples).values(sample).returning();
  return row!;
}

export async function insertSampleMembers(db: Db, rows: (typeof sampleMembers.$inferInsert)[]) {
  for (let i = 0; i < rows.length; i += 500) await db.insert(sampleMembers).values(rows.slice(i, i + 500));
}

export async function findSample(db: Db, id: string) {
  const [row] = await db.select().from(samples).where(eq(samples.id, id));
  return row;
}

export const listSamples = (db: Db, panelId: string) =>
  db.select().from(samples).where(eq(samples.panelId, panelId)).orderBy(desc(samples.createdAt)).limit(20);

export const sampleRows = (db: Db, sampleId: string) =>
  db
    .select({
      personId: sampleMembers.personId,
      profile: sampleMembers.profile,
      invitedAt: sampleMembers.invitedAt,
      skippedReason: sampleMembers.skippedReason,
      respondedAt: sampleMembers.respondedAt,
      fullName: people.fullName,
      email: people.email,
      erasedAt: people.erasedAt,
    })
    .from(sampleMembers)
    .innerJoin(people, eq(people.id, sampleMembers.personId))
    .where(eq(sampleMembers.sampleId, sampleId));

/** Claims the sample for inviting once, so a double submit cannot invite twice. */
export async function claimSampleInvite(db: Db, id: string, changes: Partial<typeof samples.$inferInsert>) {
  const [row] = await db
    .update(samples)
    .set(changes)
    .where(and(eq(samples.id, id), isNull(samples.invitedAt)))
    .returning();
  return row;
}

export async function markSampleMember(
  db: Db,
  sampleId: string,
  personId: string,
  changes: Partial<typeof sampleMembers.$inferInsert>,
) {
  await db
    .update(sampleMembers)
    .set(changes)
    .where(and(eq(sampleMembers.sampleId, sampleId), eq(sampleMembers.personId, personId)));
}

export const invitedSampleMembers = (db: Db, sampleId: string) =>
  db
    .select({ personId: sampleMembers.personId, email: people.email })
    .from(sampleMembers)
    .innerJoin(people, eq(people.id, sampleMembers.personId))
    .where(
      and(eq(sampleMembers.sampleId, sampleId), isNotNull(sampleMembers.invitedAt), isNull(sampleMembers.respondedAt)),
    );
