import { and, desc, eq, type SQL } from 'drizzle-orm';
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

export async function listAuditEvents(db: Db, filter: AuditFilter, limit: number, offset: number) {
  const conditions: SQL[] = [];
  if (filter.entityType) conditions.push(eq(auditEvents.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(auditEvents.entityId, filter.entityId));
  if (filter.action) conditions.push(eq(auditEvents.action, filter.action));
  return db
    .select()
    .from(auditEvents)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(limit)
    .offset(offset);
}
