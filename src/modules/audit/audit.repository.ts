import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditEvents } from './audit.tables.ts';

export async function insertAuditEvent(db: Db, values: typeof auditEvents.$inferInsert) {
  await db.insert(auditEvents).values(values);
}

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  action?: string;
}

function whereFilter(filter: AuditFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.entityType) conditions.push(eq(auditEvents.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(auditEvents.entityId, filter.entityId));
  if (filter.action) conditions.push(eq(auditEvents.action, filter.action));
  return conditions.length ? and(...conditions) : undefined;
}

export async function countAuditEvents(db: Db, filter: AuditFilter): Promise<number> {
  const [row] = await db.select({ total: count() }).from(auditEvents).where(whereFilter(filter));
  return Number(row?.total ?? 0);
}

export async function listAuditEvents(db: Db, filter: AuditFilter, limit: number, offset: number) {
  return db
    .select()
    .from(auditEvents)
    .where(whereFilter(filter))
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(limit)
    .offset(offset);
}
