import { asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { wards } from './geography.tables.ts';

export async function upsertWards(db: Db, rows: (typeof wards.$inferInsert)[]) {
  if (rows.length === 0) return;
  await db.insert(wards).values(rows).onConflictDoNothing({ target: wards.code });
}

/** Names and codes only: the geometry is large and most pages need just the list. */
export async function listWardNames(db: Db) {
  return db
    .select({ code: wards.code, name: wards.name })
    .from(wards)
    .where(isNull(wards.retiredAt))
    .orderBy(asc(wards.name));
}

/** Any ward ever loaded, retired ones too: old codes stay resolvable for history. */
export async function findWard(db: Db, code: string) {
  return (await db.select().from(wards).where(eq(wards.code, code)))[0];
}

export async function listWardsWithGeometry(db: Db) {
  return db.select().from(wards).where(isNull(wards.retiredAt)).orderBy(asc(wards.name));
}
