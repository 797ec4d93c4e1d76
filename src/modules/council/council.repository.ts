import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { councilSettings, setupCodes } from './council.tables.ts';

export async function findSettings(db: Db) {
  return (await db.select().from(councilSettings).where(eq(councilSettings.id, 1)))[0];
}

export async function insertSettings(db: Db, values: typeof councilSettings.$inferInsert) {
  const [row] = await db
    .insert(councilSettings)
    .values({ ...values, id: 1 })
    .onConflictDoNothing()
    .returning();
  return row;
}

export async function updateSettings(db: Db, values: Partial<typeof councilSettings.$inferInsert>) {
  const [row] = await db.update(councilSettings).set(values).where(eq(councilSettings.id, 1)).returning();
  return row;
}

export async function insertSetupCode(db: Db, codeHash: string, expiresAt: Date, now: Date) {
  await db.delete(setupCodes).where(lt(setupCodes.expiresAt, now));
  await db.insert(setupCodes).values({ codeHash, expiresAt }).onConflictDoNothing();
}

export async function setupCodeValid(db: Db, codeHash: string, now: Date) {
  const rows = await db
    .select()
    .from(setupCodes)
    .where(and(eq(setupCodes.codeHash, codeHash), gt(setupCodes.expiresAt, now)));
  return rows.length > 0;
}

export async function deleteSetupCodes(db: Db) {
  await db.delete(setupCodes);
}
