/** SQL for participatory budgeting's tables, nothing else. */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  pbBallots,
  pbDeliveryUpdates,
  pbProcesses,
  pbProjectPhotos,
  pbProjects,
  pbVoters,
  type Selection,
} from './budgeting.tables.ts';

export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

export type ProcessValues = Omit<typeof pbProcesses.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

export async function insertProcess(db: Db, values: ProcessValues) {
  const [row] = await db.insert(pbProcesses).values(values).returning();
  return row!;
}

export async function updateProcess(db: Db, id: string, values: Partial<ProcessValues>, now: Date) {
  const [row] = await db
    .update(pbProcesses)
    .set({ ...values, updatedAt: now })
    .where(eq(pbProcesses.id, id))
    .returning();
  return row;
}

export async function findProcess(db: Db, id: string, lock = false) {
  if (lock) {
    const [row] = await db.select().from(pbProcesses).where(eq(pbProcesses.id, id)).for('update');
    return row;
  }
  const [row] = await db.select().from(pbProcesses).where(eq(pbProcesses.id, id));
  return row;
}

export async function findProcessBySlug(db: Db, slug: string) {
  const [row] = await db.select().from(pbProcesses).where(eq(pbProcesses.slug, slug));
  return row;
}

export async function slugTaken(db: Db, slug: string) {
  const [row] = await db.select({ id: pbProcesses.id }).from(pbProcesses).where(eq(pbProcesses.slug, slug));
  return Boolean(row);
}

export async function listProcesses(db: Db, organisationId?: string) {
  const q = db.select().from(pbProcesses);
  return (organisationId ? q.where(eq(pbProcesses.organisationId, organisationId)) : q).orderBy(
    desc(pbProcesses.votingFrom),
  );
}

export async function insertProject(db: Db, values: typeof pbProjects.$inferInsert) {
  const [row] = await db.insert(pbProjects).values(values).returning();
  return row!;
}

export async function findProject(db: Db, id: string) {
  const [row] = await db.select().from(pbProjects).where(eq(pbProjects.id, id));
  return row;
}

export async function listProjects(db: Db, processId: string, statuses?: string[]) {
  const conditions = [eq(pbProjects.processId, processId)];
  if (statuses) conditions.push(inArray(pbProjects.status, statuses));
  return db
    .select()
    .from(pbProjects)
    .where(and(...conditions))
    .orderBy(asc(pbProjects.createdAt), asc(pbProjects.title));
}

export async function assessProject(
  db: Db,
  id: string,
  values: { status: string; assessedCost: number | null; feasibilityReason: string; assessedBy: string | null },
  now: Date,
) {
  const [row] = await db
    .update(pbProjects)
    .set({ ...values, assessedAt: now })
    .where(eq(pbProjects.id, id))
    .returning();
  return row;
}

export async function insertPhoto(db: Db, values: typeof pbProjectPhotos.$inferInsert) {
  const [row] = await db.insert(pbProjectPhotos).values(values).returning();
  return row!;
}

export async function listPhotos(db: Db, projectIds: string[]) {
  if (!projectIds.length) return [];
  return db
    .select()
    .from(pbProjectPhotos)
    .where(inArray(pbProjectPhotos.projectId, projectIds))
    .orderBy(asc(pbProjectPhotos.createdAt));
}

export async function findPhoto(db: Db, id: string) {
  const [row] = await db.select().from(pbProjectPhotos).where(eq(pbProjectPhotos.id, id));
  return row;
}

export async function findVoter(db: Db, processId: string, contact: string) {
  const [row] = await db
    .select()
    .from(pbVoters)
    .where(and(eq(pbVoters.processId, processId), eq(pbVoters.contact, contact)))
    .for('update');
  return row;
}

export async function findVoterById(db: Db, id: string) {
  const [row] = await db.select().from(pbVoters).where(eq(pbVoters.id, id));
  return row;
}

/** Creates the voter row if it is new; the caller then locks and updates it. */
export async function ensureVoter(db: Db, values: typeof pbVoters.$inferInsert) {
  await db
    .insert(pbVoters)
    .values(values)
    .onConflictDoNothing({ target: [pbVoters.processId, pbVoters.contact] });
}

export async function updateVoter(db: Db, id: string, values: Partial<typeof pbVoters.$inferInsert>) {
  const [row] = await db.update(pbVoters).set(values).where(eq(pbVoters.id, id)).returning();
  return row;
}

/**
 * Casts or replaces a ballot in one statement, only while the process is open for it at `now`.
 * The unique (process, voter) key makes identical ballots sent at once one row, whichever arrives first.
 * Returns null when the process was not open.
 */
export async function upsertBallot(
  db: Db,
  b: {
    processId: string;
    voterKey: string;
    channel: 'online' | 'paper';
    selections: Selection[];
    wardCode: string | null;
    enteredBy: string | null;
  },
  now: Date,
  openUntilCounted: boolean,
) {
  const at = sql`${now.toISOString()}::timestamptz`;
  const open = openUntilCounted
    ? sql`p.voting_from <= ${at} AND p.counted_at IS NULL`
    : sql`p.voting_from <= ${at} AND p.voting_until > ${at}`;
  const result = await rows<{ id: string; inserted: boolean }>(
    db,
    sql`INSERT INTO pb_ballots (process_id, voter_key, channel, selections, ward_code, entered_by, created_at, updated_at)
        SELECT p.id, ${b.voterKey}, ${b.channel}, ${JSON.stringify(b.selections)}::jsonb, ${b.wardCode}, ${b.enteredBy}, ${at}, ${at}
        FROM pb_processes p WHERE p.id = ${b.processId} AND ${open}
        ON CONFLICT (process_id, voter_key) DO UPDATE
          SET selections = EXCLUDED.selections, channel = EXCLUDED.channel, entered_by = EXCLUDED.entered_by,
              updated_at = EXCLUDED.updated_at
        RETURNING id, (xmax = 0) AS inserted`,
  );
  return result[0] ?? null;
}

/**
 * A verified voter's online ballot in one statement: the voter must be verified for this process
 * and voting open at `now`, or nothing is written (null). Ward comes from the voter's postcode check.
 */
export async function upsertOnlineBallot(
  db: Db,
  processId: string,
  voterId: string,
  selections: Selection[],
  now: Date,
) {
  const at = sql`${now.toISOString()}::timestamptz`;
  const result = await rows<{ id: string; inserted: boolean }>(
    db,
    sql`INSERT INTO pb_ballots (process_id, voter_key, channel, selections, ward_code, created_at, updated_at)
        SELECT p.id, 'voter:' || v.id, 'online', ${JSON.stringify(selections)}::jsonb, v.ward_code, ${at}, ${at}
        FROM pb_processes p JOIN pb_voters v ON v.process_id = p.id
        WHERE p.id = ${processId} AND v.id = ${voterId} AND v.verified_at IS NOT NULL
          AND p.voting_from <= ${at} AND p.voting_until > ${at}
        ON CONFLICT (process_id, voter_key) DO UPDATE
          SET selections = EXCLUDED.selections, updated_at = EXCLUDED.updated_at
        RETURNING id, (xmax = 0) AS inserted`,
  );
  return result[0] ?? null;
}

export async function findBallot(db: Db, processId: string, voterKey: string) {
  const [row] = await db
    .select()
    .from(pbBallots)
    .where(and(eq(pbBallots.processId, processId), eq(pbBallots.voterKey, voterKey)));
  return row;
}

export async function listBallotSelections(db: Db, processId: string) {
  return db
    .select({ selections: pbBallots.selections, channel: pbBallots.channel })
    .from(pbBallots)
    .where(eq(pbBallots.processId, processId))
    .orderBy(asc(pbBallots.createdAt), asc(pbBallots.id));
}

export async function ballotCounts(db: Db, processId: string) {
  const [row] = await rows<{ online: number; paper: number }>(
    db,
    sql`SELECT count(*) FILTER (WHERE channel = 'online')::int AS online, count(*) FILTER (WHERE channel = 'paper')::int AS paper
        FROM pb_ballots WHERE process_id = ${processId}`,
  );
  return row ?? { online: 0, paper: 0 };
}

export async function insertDeliveryUpdate(db: Db, values: typeof pbDeliveryUpdates.$inferInsert) {
  const [row] = await db.insert(pbDeliveryUpdates).values(values).returning();
  return row!;
}

export async function listDeliveryUpdates(db: Db, projectIds: string[]) {
  if (!projectIds.length) return [];
  return db
    .select()
    .from(pbDeliveryUpdates)
    .where(inArray(pbDeliveryUpdates.projectId, projectIds))
    .orderBy(desc(pbDeliveryUpdates.createdAt));
}
