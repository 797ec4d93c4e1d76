/**
 * Use-cases for the strategy's action plan: the plan as it stands, dated updates with evidence,
 * the quarterly progress report for cabinet or scrutiny, and publishing it on the hub.
 */
import type { Actor, Deps } from '../../deps.ts';
import type { CurrentUser } from '../../web/auth.ts';
import { invalidatePages } from '../../web/page-cache.ts';
import * as repo from './action-plan.repository.ts';
import * as policy from './wards.policy.ts';
import {
  ACTION_STATUSES,
  londonDate,
  quarterDays,
  quarterKey,
  quarterLabel,
  type ActionStatus,
  type Quarter,
} from './wards.catalogue.ts';
import { recordAudit } from './wards.deps.ts';
import type { ActionPlanMilestone } from './wards.tables.ts';

/** Map.groupBy is Node 21+; the app must run on Node 20. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export interface UpdateInput {
  status: ActionStatus;
  note: string;
  evidence: string;
  writtenOn: string;
  milestonesDone: string[];
}

/** A milestone as the plan and the report show it: done, overdue, due, ongoing or not yet due. */
export function milestoneState(m: Pick<ActionPlanMilestone, 'dueOn' | 'doneOn' | 'ongoing'>, today: string) {
  if (m.doneOn) return 'done' as const;
  if (m.ongoing || !m.dueOn) return 'ongoing' as const;
  if (m.dueOn < today) return 'overdue' as const;
  return 'due' as const;
}

/** The whole plan grouped by aim, with each action's milestones and how many are overdue. */
export async function actionPlanView(deps: Deps) {
  const today = londonDate(deps.clock.now());
  const { aims, actions, milestones } = await repo.listPlan(deps.db);
  const byAction = groupBy(milestones, (m) => m.actionId);
  const counts = Object.fromEntries(Object.keys(ACTION_STATUSES).map((s) => [s, 0])) as Record<ActionStatus, number>;
  for (const a of actions) counts[a.action.status as ActionStatus]++;
  return {
    today,
    counts,
    total: actions.length,
    aims: aims.map((aim) => ({
      ...aim,
      actions: actions
        .filter((a) => a.action.aimId === aim.id)
        .map((a) => {
          const ms = (byAction.get(a.action.id) ?? []).map((m) => ({ ...m, state: milestoneState(m, today) }));
          return { ...a, milestones: ms, overdue: ms.filter((m) => m.state === 'overdue').length };
        }),
    })),
  };
}

export async function actionDetail(deps: Deps, id: string) {
  const row = await repo.findAction(deps.db, id);
  if (!row) return undefined;
  const today = londonDate(deps.clock.now());
  const [milestones, updates] = await Promise.all([repo.milestonesOf(deps.db, id), repo.updatesOf(deps.db, id)]);
  return { ...row, today, milestones: milestones.map((m) => ({ ...m, state: milestoneState(m, today) })), updates };
}

/**
 * A dated update on an action: its status now, what happened and the evidence, and any milestones
 * it completes. The action is read and the policy checked inside the transaction, so another
 * organisation's action is refused however its id arrived.
 */
export async function recordUpdate(deps: Deps, user: CurrentUser, actor: Actor, actionId: string, input: UpdateInput) {
  return deps.db.transaction(async (tx) => {
    const found = await repo.findAction(tx, actionId);
    if (!found) return { ok: false as const, reason: 'not-found' as const };
    if (!policy.canUpdateAction(user, found.action)) return { ok: false as const, reason: 'forbidden' as const };
    const [update] = await repo.insertUpdates(tx, [
      {
        actionId,
        status: input.status,
        note: input.note,
        evidence: input.evidence,
        writtenOn: input.writtenOn,
        authorId: user.id,
      },
    ]);
    const after = await repo.setActionStatus(tx, actionId, input.status, deps.clock.now());
    const done = await repo.completeMilestones(tx, actionId, input.milestonesDone, input.writtenOn);
    await recordAudit(tx, actor, {
      action: 'action-plan.updated',
      entityType: 'action_plan_action',
      entityId: actionId,
      before: { status: found.action.status },
      after: { status: after?.status, update, milestonesDone: done.map((m) => m.id) },
    });
    return { ok: true as const, update: update! };
  });
}

export type ReportStatus = ActionStatus;

/**
 * The quarterly progress report: for each action, its status at the quarter's end (its latest
 * update written by then; not started if none), the updates written in the quarter, and the
 * milestones due or completed in it or overdue at its end. The same data is printed for cabinet
 * and, once published, kept as a snapshot on the hub.
 */
export async function quarterlyReport(deps: Deps, quarter: Quarter) {
  const { first, last } = quarterDays(quarter);
  const today = londonDate(deps.clock.now());
  const asAt = last < today ? last : today;
  const [{ aims, actions, milestones }, updates] = await Promise.all([
    repo.listPlan(deps.db),
    repo.updatesUpTo(deps.db, last),
  ]);
  const byAction = groupBy(updates, (u) => u.update.actionId);
  const msByAction = groupBy(milestones, (m) => m.actionId);
  const counts = Object.fromEntries(Object.keys(ACTION_STATUSES).map((s) => [s, 0])) as Record<ActionStatus, number>;
  const reportAims = aims.map((aim) => ({
    title: aim.title,
    actions: actions
      .filter((a) => a.action.aimId === aim.id)
      .map((a) => {
        const history = byAction.get(a.action.id) ?? [];
        const status = (history[0]?.update.status ?? 'not_started') as ActionStatus;
        counts[status]++;
        const inQuarter = history.filter((u) => u.update.writtenOn >= first);
        const ms = (msByAction.get(a.action.id) ?? [])
          .map((m) => {
            const doneBy = m.doneOn && m.doneOn <= last ? m.doneOn : null;
            return {
              title: m.title,
              dueOn: m.dueOn,
              ongoing: m.ongoing,
              doneOn: doneBy,
              state: milestoneState({ ...m, doneOn: doneBy }, asAt),
            };
          })
          .filter((m) => (m.doneOn && m.doneOn >= first) || (!m.doneOn && (m.ongoing || !m.dueOn || m.dueOn <= last)));
        return {
          id: a.action.id,
          title: a.action.title,
          priority: a.action.priority,
          leadRole: a.action.leadRole,
          leadOfficerName: a.leadOfficerName,
          organisationName: a.organisationName,
          status,
          statusLabel: ACTION_STATUSES[status],
          updates: inQuarter.map((u) => ({
            writtenOn: u.update.writtenOn,
            status: u.update.status,
            statusLabel: ACTION_STATUSES[u.update.status as ActionStatus],
            note: u.update.note,
            evidence: u.update.evidence,
            authorName: u.authorName,
          })),
          milestones: ms,
        };
      }),
  }));
  return {
    quarter: quarterKey(quarter),
    label: quarterLabel(quarter),
    first,
    last,
    asAt,
    generatedOn: today,
    counts: Object.entries(ACTION_STATUSES).map(([key, label]) => ({ key, label, n: counts[key as ActionStatus] })),
    total: actions.length,
    updatesInQuarter: reportAims.reduce((n, aim) => n + aim.actions.reduce((m, a) => m + a.updates.length, 0), 0),
    aims: reportAims,
  };
}
export type QuarterlyReport = Awaited<ReturnType<typeof quarterlyReport>>;

/** Publishes (or re-publishes) a quarter's report on the hub as a snapshot, audited. */
export async function publishReport(deps: Deps, user: CurrentUser, actor: Actor, quarter: Quarter) {
  if (!policy.canPublishReport(user)) return { ok: false as const, reason: 'forbidden' as const };
  const report = await quarterlyReport(deps, quarter);
  await deps.db.transaction(async (tx) => {
    const row = await repo.upsertReport(tx, report.quarter, report, user.id, deps.clock.now());
    await recordAudit(tx, actor, {
      action: 'action-plan.report-published',
      entityType: 'action_plan_report',
      entityId: null,
      after: { quarter: row.quarter, publishedAt: row.publishedAt },
    });
    await invalidatePages(tx, 'wards');
  });
  return { ok: true as const, report };
}

export async function publishedReport(deps: Deps, quarter: string) {
  const row = await repo.findReport(deps.db, quarter);
  return row ? { publishedAt: row.publishedAt, report: row.snapshot as QuarterlyReport } : undefined;
}

export const listPublishedReports = (deps: Deps) => repo.listReports(deps.db);
