import type { Actor, Deps } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { countAuditEvents, insertAuditEvent, listAuditEvents, type AuditFilter } from './audit.repository.ts';

export interface AuditChange {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Records who did what, when, with the record before and after. Call it with the transaction
 * that makes the change, so the event exists exactly when the change does.
 */
export async function recordAudit(tx: Db, actor: Actor, change: AuditChange): Promise<void> {
  await insertAuditEvent(tx, {
    actorId: actor.id,
    actorLabel: actor.label,
    organisationId: actor.organisationId,
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId ?? null,
    before: change.before ?? null,
    after: change.after ?? null,
    requestId: actor.requestId ?? null,
  });
}

export const AUDIT_PAGE_SIZE = 50;

export interface AuditPage {
  events: Awaited<ReturnType<typeof listAuditEvents>>;
  total: number;
  page: number;
  pageCount: number;
}

/** One page of the audit trail, newest first, narrowed by exact action, entity type and entity id. */
export async function listAuditPage(deps: Deps, filter: AuditFilter, page: number): Promise<AuditPage> {
  const [total, events] = await Promise.all([
    countAuditEvents(deps.db, filter),
    listAuditEvents(deps.db, filter, AUDIT_PAGE_SIZE, (page - 1) * AUDIT_PAGE_SIZE),
  ]);
  return { events, total, page, pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) };
}
