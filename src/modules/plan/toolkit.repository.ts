/** SQL for the engagement toolkit's library of methods. */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { planMethods } from './plan.tables.ts';
import type { MethodSeed } from './toolkit.methods.ts';

/** Adds methods missing from the library; a partnership's own edits to existing ones are kept. */
export async function insertMissingMethods(db: Db, methods: MethodSeed[]) {
  if (!methods.length) return;
  await db.insert(planMethods).values(methods).onConflictDoNothing({ target: planMethods.slug });
}

export const listMethods = (db: Db) => db.select().from(planMethods).orderBy(asc(planMethods.name));

export async function findMethod(db: Db, slug: string) {
  const [row] = await db.select().from(planMethods).where(eq(planMethods.slug, slug));
  return row;
}

export async function countMethods(db: Db) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(planMethods);
  return Number(row?.n ?? 0);
}
