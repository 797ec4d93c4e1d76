/** SQL for the strategy's action plan: aims, actions, milestones, updates and published reports. */
import { asc, desc, eq, inArray, and, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  actionPlanActions,
  actionPlanAims,
  actionPlanMilestones,
  actionPlanReports,
  actionPlanUpdates,
} from './wards.tables.ts';
import { organisations, staffUsers } from './wards.deps.ts';
import { rows } from './wards.repository.ts';

export async function countAims(db: Db) {
  const [found] = await rows<{ n: string | number }>(db, sql`SELECT count(*) AS n FROM action_plan_aims`);
  return Number(found?.n ?? 0);
}

export async function insertAim(db: Db, values: typeof actionPlanAims.$inferInsert) {
  const [row] = await db.insert(actionPlanAims).values(values).returning();
  return row!;
}

export async function insertActions(db: Db, values: (typeof actionPlanActions.$inferInsert)[]) {
  return values.length ? db.insert(actionPlanActions).values(values).returning() : [];
}

export async function insertMilestones(db: Db, values: (typeof actionPlanMilestones.$inferInsert)[]) {
  if (values.length) await db.insert(actionPlanMilestones).values(values);
}

export async function insertUpdates(db: Db, values: (typeof actionPlanUpdates.$inferInsert)[]) {
  return values.length ? db.insert(actionPlanUpdates).values(values).returning() : [];
}

const actionColumns = {
  action: actionPlanActions,
  organisationName: organisations.name,
  leadOfficerName: staffUsers.name,
};

/** Every aim with its actions (lead organisation and officer names), in the strategy's order. */
export async function listPlan(db: Db) {
  const [aims, actions, milestones] = await Promise.all([
    db.select().from(actionPlanAims).orderBy(asc(actionPlanAims.position)),
    db
      .select(actionColumns)
      .from(actionPlanActions)
      .innerJoin(organisations, eq(organisations.id, actionPlanActions.organisationId))
      .leftJoin(staffUsers, eq(staffUsers.id, actionPlanActions.leadOfficerId))
      .orderBy(asc(actionPlanActions.position)),
    db.select().from(actionPlanMilestones).orderBy(asc(actionPlanMilestones.position)),
  ]);
  return { aims, actions, milestones };
}

export async function findAction(db: Db, id: string) {
  const [row] = await db
    .select({ ...actionColumns, aimTitle: actionPlanAims.title })
    .from(actionPlanActions)
    .innerJoin(organisations, eq(organisations.id, actionPlanActions.organisationId))
    .innerJoin(actionPlanAims, eq(actionPlanAims.id, actionPlanActions.aimId))
    .leftJoin(staffUsers, eq(staffUsers.id, actionPlanActions.leadOfficerId))
    .where(eq(actionPlanActions.id, id));
  return row;
}

export async function milestonesOf(db: Db, actionId: string) {
  return db
    .select()
    .from(actionPlanMilestones)
    .where(eq(actionPlanMilestones.actionId, actionId))
    .orderBy(asc(actionPlanMilestones.position));
}

export async function updatesOf(db: Db, actionId: string) {
  return db
    .select({ update: actionPlanUpdates, authorName: staffUsers.name })
    .from(actionPlanUpdates)
    .leftJoin(staffUsers, eq(staffUsers.id, actionPlanUpdates.authorId))
    .where(eq(actionPlanUpdates.actionId, actionId))
    .orderBy(desc(actionPlanUpdates.writtenOn), desc(actionPlanUpdates.createdAt));
}

/** Updates written up to a day (inclusive), newest first: the report's statuses and notes. */
export async function updatesUpTo(db: Db, lastDay: string) {
  return db
    .select({ update: actionPlanUpdates, authorName: staffUsers.name })
    .from(actionPlanUpdates)
    .leftJoin(staffUsers, eq(staffUsers.id, actionPlanUpdates.authorId))
    .where(lte(actionPlanUpdates.writtenOn, lastDay))
    .orderBy(desc(actionPlanUpdates.writtenOn), desc(actionPlanUpdates.createdAt));
}

export async function setActionStatus(db: Db, id: string, status: string, now: Date) {
  const [row] = await db
    .update(actionPlanActions)
    .set({ status, updatedAt: now })
    .where(eq(actionPlanActions.id, id))
    .returning();
  return row;
}

/** Marks the action's chosen milestones done on a day; milestones of other actions are never touched. */
export async function completeMilestones(db: Db, actionId: string, ids: string[], day: string) {
  if (ids.length === 0) return [];
  return db
    .update(actionPlanMilestones)
    .set({ doneOn: day })
    .where(and(eq(actionPlanMilestones.actionId, actionId), inArray(actionPlanMilestones.id, ids)))
    .returning();
}

export async function upsertReport(db: Db, quarter: string, snapshot: unknown, publishedBy: string | null, now: Date) {
  const [row] = await db
    .insert(actionPlanReports)
    .values({ quarter, snapshot, publishedBy, publishedAt: now })
    .onConflictDoUpdate({ target: actionPlanReports.quarter, set: { snapshot, publishedBy, publishedAt: now } })
    .returning();
  return row!;
}

export async function findReport(db: Db, quarter: string) {
  const [row] = await db.select().from(actionPlanReports).where(eq(actionPlanReports.quarter, quarter));
  return row;
}

export async function listReports(db: Db) {
  return db
    .select({ quarter: actionPlanReports.quarter, publishedAt: actionPlanReports.publishedAt })
    .from(actionPlanReports)
    .orderBy(desc(actionPlanReports.quarter));
}
