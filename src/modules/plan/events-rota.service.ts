/** On the day: who came (attendance) and which staff are going (the representation rota). */
import type { Actor, Deps } from '../../deps.ts';
import { recordAudit } from '../audit/index.ts';
import * as repo from './events.repository.ts';

/** Records who came (the confirmed places ticked), audited with the ids before and after. */
export async function recordAttendance(
  deps: Deps,
  actor: Actor & { id: string },
  eventId: string,
  attendedIds: string[],
) {
  await deps.db.transaction(async (tx) => {
    const before = (await repo.listRegistrations(tx, eventId)).filter((r) => r.attended).map((r) => r.id);
    await repo.setAttendance(tx, eventId, attendedIds, actor.id);
    await recordAudit(tx, actor, {
      action: 'plan.attendance-recorded',
      entityType: 'plan_event',
      entityId: eventId,
      before: { attended: before },
      after: { attended: attendedIds },
    });
  });
}

export type RotaOutcome =
  | { ok: true }
  | { ok: false; reason: 'other-organisations'; others: { name: string; organisationName: string }[] }
  | { ok: false; reason: 'already-on-rota' };

/**
 * Puts a member of staff on an event's rota. When staff of another organisation are already
 * going, the first attempt is refused with who they are, so nobody turns up unknowingly; the
 * officer confirms they know (acknowledged) to go ahead.
 */
export async function joinRota(
  deps: Deps,
  actor: Actor & { id: string; organisationId: string },
  eventId: string,
  note: string,
  acknowledged: boolean,
): Promise<RotaOutcome> {
  const rota = await repo.listRota(deps.db, eventId);
  if (rota.some((r) => r.staffUserId === actor.id)) return { ok: false, reason: 'already-on-rota' };
  const others = rota.filter((r) => r.organisationId !== actor.organisationId);
  if (others.length && !acknowledged) return { ok: false, reason: 'other-organisations', others };
  await deps.db.transaction(async (tx) => {
    const row = { eventId, staffUserId: actor.id, organisationId: actor.organisationId, note };
    if (!(await repo.insertRota(tx, row))) return;
    await recordAudit(tx, actor, {
      action: 'plan.rota-joined',
      entityType: 'plan_event',
      entityId: eventId,
      after: row,
    });
  });
  return { ok: true };
}

export async function leaveRota(deps: Deps, actor: Actor & { id: string }, eventId: string) {
  await deps.db.transaction(async (tx) => {
    const removed = await repo.deleteRota(tx, eventId, actor.id);
    if (removed)
      await recordAudit(tx, actor, {
        action: 'plan.rota-left',
        entityType: 'plan_event',
        entityId: eventId,
        before: removed,
      });
  });
}
