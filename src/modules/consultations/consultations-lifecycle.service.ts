/**
 * The consultation lifecycle. Each use-case checks who may act and from which state, moves the
 * state only if it has not changed meanwhile, and writes a transition row and an audit event in
 * the same transaction.
 */
import { systemActor, type Actor, type Deps } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import type { CurrentUser } from '../../web/auth.ts';
import { invalidatePages } from '../../web/page-cache.ts';
import { recordAudit } from '../audit/index.ts';
import { ACTION_STATES, canTransition, type LifecycleAction } from './consultations.policy.ts';
import * as repo from './consultations.repository.ts';
import type { Consultation } from './consultations.tables.ts';
import { storeCheck } from './consultations.service.ts';
import type { CheckRun } from './standards-check.ts';

type User = Pick<CurrentUser, 'id' | 'role' | 'organisationId'>;

export type LifecycleOutcome =
  | { ok: true; consultation: Consultation }
  | { ok: false; reason: 'not-found' | 'not-allowed' | 'wrong-state' | 'own-submission' | 'closing-date-passed' }
  | { ok: false; reason: 'standards-not-met'; run: CheckRun };

interface Move {
  action: LifecycleAction;
  reason?: string;
  /** Extra guard and column changes, decided inside the transaction. */
  prepare?: (
    tx: Db,
    c: Consultation,
  ) => Promise<LifecycleOutcome | { ok: true; to?: string; values?: Partial<repo.ConsultationInsert> }>;
}

async function move(deps: Deps, actor: Actor, user: User, id: string, spec: Move): Promise<LifecycleOutcome> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const before = await repo.findConsultation(tx, id);
    if (!before) return { ok: false, reason: 'not-found' };
    const { from, to: defaultTo } = ACTION_STATES[spec.action];
    if (!from.includes(before.state as never)) return { ok: false, reason: 'wrong-state' };
    if (!canTransition(user, before, spec.action)) return { ok: false, reason: 'not-allowed' };
    let to: string = defaultTo;
    let values: Partial<repo.ConsultationInsert> = {};
    if (spec.prepare) {
      const prepared = await spec.prepare(tx, before);
      if (!prepared.ok) return prepared;
      if ('to' in prepared && prepared.to) to = prepared.to;
      if ('values' in prepared && prepared.values) values = prepared.values;
    }
    const after = await repo.changeState(tx, id, [before.state], {
      ...values,
      state: to,
      stateChangedAt: now,
      updatedAt: now,
    });
    if (!after) return { ok: false, reason: 'wrong-state' };
    await repo.insertTransition(tx, {
      consultationId: id,
      fromState: before.state,
      toState: to,
      reason: spec.reason ?? '',
      actorId: actor.id,
      occurredAt: now,
    });
    await recordAudit(tx, actor, {
      action: `consultation.${spec.action}`,
      entityType: 'consultation',
      entityId: id,
      before: { state: before.state, closesAt: before.closesAt, feedbackSummary: before.feedbackSummary },
      after: { state: to, reason: spec.reason ?? '', ...values },
    });
    await invalidatePages(tx, 'consultations');
    return { ok: true, consultation: after };
  });
}

/** Draft → in review, only when a fresh standards check passes (no blocks, every warning justified). */
export function submitForReview(deps: Deps, actor: Actor, user: User, id: string) {
  return move(deps, actor, user, id, {
    action: 'submit',
    prepare: async (tx, c) => {
      const run = await storeCheck(deps, tx, actor, c);
      return run.outcome === 'pass' ? { ok: true } : { ok: false, reason: 'standards-not-met', run };
    },
  });
}

/** In review → draft, with the reviewer's written reason. */
export function returnToDraft(deps: Deps, actor: Actor, user: User, id: string, reason: string) {
  return move(deps, actor, user, id, { action: 'return', reason });
}

/**
 * In review → scheduled, or straight to open when the opening time has passed. The reviewer
 * must not be the person who submitted it (four eyes), and the check is run again.
 */
export function approve(deps: Deps, actor: Actor, user: User, id: string) {
  const now = deps.clock.now();
  return move(deps, actor, user, id, {
    action: 'approve',
    prepare: async (tx, c) => {
      if ((await repo.lastSubmitterId(tx, id)) === user.id) return { ok: false, reason: 'own-submission' };
      const run = await storeCheck(deps, tx, actor, c);
      if (run.outcome !== 'pass') return { ok: false, reason: 'standards-not-met', run };
      if (!c.closesAt || c.closesAt <= now) return { ok: false, reason: 'closing-date-passed' };
      return { ok: true, to: c.opensAt && c.opensAt <= now ? 'open' : 'scheduled' };
    },
  });
}

/** Scheduled → draft, with a reason, so it can be changed before it opens. */
export function withdraw(deps: Deps, actor: Actor, user: User, id: string, reason: string) {
  return move(deps, actor, user, id, { action: 'withdraw', reason });
}

/** Open → closed before the closing date; the closing time becomes now. */
export function closeEarly(deps: Deps, actor: Actor, user: User, id: string, reason: string) {
  return move(deps, actor, user, id, {
    action: 'close',
    reason,
    prepare: async () => ({ ok: true, values: { closesAt: deps.clock.now() } }),
  });
}

/** Closed → open again, with a reason and a new closing date in the future. */
export function reopen(deps: Deps, actor: Actor, user: User, id: string, reason: string, closesAt: Date) {
  return move(deps, actor, user, id, {
    action: 'reopen',
    reason,
    prepare: async () =>
      closesAt <= deps.clock.now() ? { ok: false, reason: 'closing-date-passed' } : { ok: true, values: { closesAt } },
  });
}

/** Closed → feedback published, with a summary of what was heard and what happens next. */
export function publishFeedback(deps: Deps, actor: Actor, user: User, id: string, feedbackSummary: string) {
  return move(deps, actor, user, id, {
    action: 'publishFeedback',
    prepare: async () => ({ ok: true, values: { feedbackSummary } }),
  });
}

/** Closed or feedback published → archived. */
export function archive(deps: Deps, actor: Actor, user: User, id: string) {
  return move(deps, actor, user, id, { action: 'archive' });
}

/**
 * The every-minute job: opens scheduled consultations whose opening time has passed and closes
 * open ones whose closing time has passed. Set-based and idempotent: a second run finds nothing.
 */
export async function tickConsultations(deps: Deps): Promise<{ opened: string[]; closed: string[] }> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const opened = await repo.advanceDue(tx, 'scheduled', 'open', now);
    const closed = await repo.advanceDue(tx, 'open', 'closed', now);
    for (const [rows, fromState, toState, action] of [
      [opened, 'scheduled', 'open', 'consultation.opened'],
      [closed, 'open', 'closed', 'consultation.closed'],
    ] as const) {
      for (const row of rows) {
        await repo.insertTransition(tx, {
          consultationId: row.id,
          fromState,
          toState,
          reason: 'Scheduled',
          actorId: null,
          occurredAt: now,
        });
        await recordAudit(tx, systemActor, {
          action,
          entityType: 'consultation',
          entityId: row.id,
          before: { state: fromState },
          after: { state: toState },
        });
      }
    }
    if (opened.length || closed.length) await invalidatePages(tx, 'consultations');
    return { opened: opened.map((r) => r.id), closed: closed.map((r) => r.id) };
  });
}
