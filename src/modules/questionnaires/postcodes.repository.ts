/** SQL for the postcode → ward lookup (ONS NSPL/ONSPD rows for the wards this install knows). */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { postcodes } from './questionnaires.tables.ts';

export type PostcodeRow = typeof postcodes.$inferInsert;

export async function upsertPostcodes(db: Db, rows: PostcodeRow[]) {
  if (rows.length === 0) return;
  await db
    .insert(postcodes)
    .values(rows)
    .onConflictDoUpdate({
      target: postcodes.postcode,
      set: { wardCode: sql`excluded.ward_code`, authorityCode: sql`excluded.authority_code` },
    });
}

export async function findPostcode(db: Db, postcode: string) {
  const [row] = await db.select().from(postcodes).where(eq(postcodes.postcode, postcode));
  return row;
}

export async function countPostcodes(db: Db) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(postcodes);
  return row?.n ?? 0;
}
