/** Reads for councillor calls for action. */
import { asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { ccfaRecommendations, ccfas } from './petitions.tables.ts';

export async function findCcfa(db: Db, id: string) {
  const [row] = await db.select().from(ccfas).where(eq(ccfas.id, id));
  return row;
}

export async function findCcfaByNumber(db: Db, number: number) {
  const [row] = await db.select().from(ccfas).where(eq(ccfas.number, number));
  return row;
}

export async function listCcfas(db: Db, organisationId: string) {
  return db.select().from(ccfas).where(eq(ccfas.organisationId, organisationId)).orderBy(desc(ccfas.createdAt));
}

export async function recommendationsOf(db: Db, ccfaId: string) {
  return db
    .select()
    .from(ccfaRecommendations)
    .where(eq(ccfaRecommendations.ccfaId, ccfaId))
    .orderBy(asc(ccfaRecommendations.position));
}
