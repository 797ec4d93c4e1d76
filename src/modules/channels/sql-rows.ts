import type { SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/** Rows of a raw query on either driver: PGlite returns { rows }, node-postgres a result with rows too. */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
