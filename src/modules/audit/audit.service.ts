import type { Actor } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { insertAuditEvent } from './audit.repository.ts';

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
