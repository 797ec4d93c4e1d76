import { asc } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { wards } from './geography.tables.ts';

export async function upsertWards(db: Db, rows: (typeof wards.$inferInsert)[]) {
  if (rows.length === 0) return;
  await db.insert(wards).values(rows).onConflictDoNothing({ target: wards.code });
}

/** Names and codes only: the geometry is large and most pages need just the list. */
export async function listWardNames(db: Db) {
  return db.select({ code: wards.code, name: wards.name }).from(wards).orderBy(asc(wards.name));
}

export async function listWardsWithGeometry(db: Db) {
  return db.select().from(wards).orderBy(asc(wards.name));
}
