/**
 * The forward plan's use-cases: saving activities (with the clash and fatigue check), comments and
 * join-ups for the Engagement Officers' Group, the fatigue limit, and the load and ladder views.
 */
import type { Actor, Deps } from '../../deps.ts';
import { fromLondon } from '../../web/format.ts';
import { recordAudit } from '../audit/index.ts';
import { LADDER, listWardNames } from './plan.deps.ts';
import { countClashes, findClashes, fatigueWarnings, type PlannedActivity } from './clash.ts';
import * as repo from './plan.repository.ts';
import {
  MONTH_NAMES,
  quarterKey,
  quarterLabel,
  quartersOverlapping,
  quarterWindow,
  type Quarter,
} from './plan.catalogue.ts';
import type { ActivityInput, FormOptions } from './plan.schema.ts';
import type { Activity } from './plan.tables.ts';

export async function formOptions(deps: Deps, fixedOrganisationId: string | null): Promise<FormOptions> {
  const [organisations, wards, consultations] = await Promise.all([
    repo.listOrganisationNames(deps.db),
    listWardNames(deps.db),
    repo.listConsultationChoices(deps.db),
  ]);
  return { organisations, wards, consultations, fixedOrganisationId };
}

export async function wardNamer(deps: Deps) {
  const wards = await listWardNames(deps.db);
  const names = new Map(wards.map((w) => [w.code, w.name]));
  return { wards, name: (code: string) => names.get(code) ?? code, allWards: wards.map((w) => w.code) };
}

export const toPlanned = (row: repo.CandidateRow): PlannedActivity & { organisationName: string } => ({
  id: row.id,
  title: row.title,
  organisationId: row.organisation_id,
  organisationName: row.organisation_name,
  status: row.status,
  audiences: row.audiences,
  topics: row.topics,
  wardCodes: row.ward_codes,
  boroughWide: row.borough_wide,
  usesPanel: row.uses_panel,
  startsAt: new Date(row.starts_at),
  endsAt: new Date(row.ends_at),
});

/**
 * Clashes and fatigue for one activity (saved or not): the database finds candidates by window,
 * place, audience and topic; the pure rules in clash.ts decide and explain.
 */
export async function checkActivity(deps: Deps, activity: PlannedActivity) {
  const [candidates, settings, wards] = await Promise.all([
    repo.clashCandidates(deps.db, activity),
    repo.getSettings(deps.db),
    wardNamer(deps),
  ]);
  const planned = candidates.map(toPlanned);
  const clashes = findClashes(activity, planned, wards.name).map((clash) => ({
    ...clash,
    other: planned.find((p) => p.id === clash.other.id)!,
  }));
  const fatigue =
    activity.status === 'cancelled'
      ? []
      : (
          await Promise.all(
            quartersOverlapping(activity.startsAt, activity.endsAt).map(async (quarter) => {
              const window = quarterWindow(quarter);
              const counts = await repo.fatigueCounts(deps.db, {
                id: activity.id,
                start: window.start,
                end: window.end,
                wardCodes: activity.boroughWide ? wards.allWards : activity.wardCodes,
                audiences: activity.audiences,
                usesPanel: activity.usesPanel,
              });
              return fatigueWarnings(quarter, counts, settings.fatigueLimit, wards.name);
            }),
          )
        ).flat();
  return { clashes, fatigue, fatigueLimit: settings.fatigueLimit };
}

/**
 * Clash counts for the list page (/staff/plan): for each activity, what checkActivity would count,
 * from one query for the whole page instead of one per activity: every live activity touching the
 * page's overall span, counted by clash.ts's countClashes (the `clashes` rule findClashes keeps
 * by), capped as clashCandidates caps.
 */
export async function listClashCounts(
  deps: Deps,
  activities: PlannedActivity[],
  limit = repo.CLASH_CANDIDATE_LIMIT,
): Promise<Map<string, number>> {
  const live = activities.filter((a) => a.status !== 'cancelled');
  if (!live.length) return new Map(activities.map((a) => [a.id, 0]));
  const start = new Date(Math.min(...live.map((a) => a.startsAt.getTime())));
  const end = new Date(Math.max(...live.map((a) => a.endsAt.getTime())));
  const span = (await repo.liveActivitiesOverlapping(deps.db, start, end)).map(toPlanned);
  return countClashes(activities, span, limit);
}

export type ActivityOutcome = { ok: true; activity: Activity } | { ok: false; reason: 'not-found' };

const activityValues = (input: ActivityInput) => ({
  organisationId: input.organisationId,
  consultationId: input.consultationId,
  title: input.title,
  purpose: input.purpose,
  ladderRung: input.ladderRung,
  audiences: input.audiences,
  topics: input.topics,
  wardCodes: input.wardCodes,
  boroughWide: input.boroughWide,
  usesPanel: input.usesPanel,
  startsAt: input.startsAt,
  endsAt: input.endsAt,
  status: input.status,
});

/** Adds an activity to the forward plan, audited. */
export async function createActivity(deps: Deps, actor: Actor, input: ActivityInput): Promise<ActivityOutcome> {
  const activity = await deps.db.transaction(async (tx) => {
    const row = await repo.insertActivity(tx, { ...activityValues(input), createdBy: actor.id });
    await recordAudit(tx, actor, {
      action: 'plan.activity-created',
      entityType: 'plan_activity',
      entityId: row.id,
      after: row,
    });
    return row;
  });
  return { ok: true, activity };
}

/** Changes an activity (including its status, cancelled among them), audited with before and after. */
export async function updateActivity(
  deps: Deps,
  actor: Actor,
  id: string,
  input: ActivityInput,
): Promise<ActivityOutcome> {
  return deps.db.transaction(async (tx) => {
    const before = (await repo.findActivity(tx, id))?.activity;
    if (!before) return { ok: false, reason: 'not-found' } as const;
    const after = await repo.updateActivity(tx, id, activityValues(input), deps.clock.now());
    await recordAudit(tx, actor, {
      action: 'plan.activity-updated',
      entityType: 'plan_activity',
      entityId: id,
      before,
      after,
    });
    return { ok: true, activity: after! } as const;
  });
}

/** A comment from the Engagement Officers' Group on an activity, audited. */
export async function addComment(deps: Deps, actor: Actor & { id: string }, activityId: string, body: string) {
  await deps.db.transaction(async (tx) => {
    const row = await repo.insertComment(tx, { activityId, authorId: actor.id, body, createdAt: deps.clock.now() });
    await recordAudit(tx, actor, {
      action: 'plan.comment-added',
      entityType: 'plan_activity',
      entityId: activityId,
      after: row,
    });
  });
}

export type JoinUpOutcome = { ok: true; created: boolean } | { ok: false; reason: 'same-activity' };

/** Joins two activities up (once per pair), audited. */
export async function joinUp(
  deps: Deps,
  actor: Actor & { id: string },
  a: string,
  b: string,
  note: string,
): Promise<JoinUpOutcome> {
  if (a === b) return { ok: false, reason: 'same-activity' };
  const created = await deps.db.transaction(async (tx) => {
    const inserted = await repo.insertLink(tx, a, b, note, actor.id);
    if (inserted)
      await recordAudit(tx, actor, {
        action: 'plan.joined-up',
        entityType: 'plan_activity',
        entityId: a,
        after: { with: b, note },
      });
    return inserted;
  });
  return { ok: true, created };
}

/** Sets the partnership's fatigue limit, audited. */
export async function setFatigueLimit(deps: Deps, actor: Actor & { id: string }, limit: number) {
  await deps.db.transaction(async (tx) => {
    const before = await repo.getSettings(tx);
    await repo.updateSettings(tx, limit, actor.id, deps.clock.now());
    await recordAudit(tx, actor, {
      action: 'plan.fatigue-limit-changed',
      entityType: 'plan_settings',
      before: { fatigueLimit: before.fatigueLimit },
      after: { fatigueLimit: limit },
    });
  });
}

export interface LoadGrid {
  year: number;
  months: string[];
  rows: { code: string; name: string; counts: number[]; total: number }[];
  boroughWide: number[];
  max: number;
}

/**
 * Engagement load by ward and month for a year: live activities touching each month, with
 * borough-wide activities counted in every ward (and shown on their own row as well).
 */
export async function wardMonthLoad(deps: Deps, year: number, organisationId?: string): Promise<LoadGrid> {
  const months = Array.from({ length: 12 }, (_, m) => ({
    start: fromLondon(year, m + 1, 1),
    end: m === 11 ? fromLondon(year + 1, 1, 1) : fromLondon(year, m + 2, 1),
  }));
  const [counts, wards] = await Promise.all([
    repo.wardMonthLoad(deps.db, months, organisationId),
    listWardNames(deps.db),
  ]);
  const boroughWide = Array.from({ length: 12 }, () => 0);
  const byWard = new Map(wards.map((w) => [w.code, Array.from({ length: 12 }, () => 0)]));
  for (const c of counts) {
    if (c.ward === '*') boroughWide[c.month] = c.count;
    else byWard.get(c.ward)?.splice(c.month, 1, c.count);
  }
  const rows = wards.map((w) => {
    const values = byWard.get(w.code)!.map((n, m) => n + boroughWide[m]!);
    return { code: w.code, name: w.name, counts: values, total: values.reduce((a, b) => a + b, 0) };
  });
  const max = Math.max(1, ...rows.flatMap((r) => r.counts));
  return { year, months: MONTH_NAMES, rows, boroughWide, max };
}

export interface LadderView {
  rungs: string[];
  byOrganisation: { name: string; counts: number[]; total: number; lowerShare: number }[];
  byQuarter: { label: string; key: string; counts: number[]; total: number; lowerShare: number }[];
  totals: number[];
}

const lowerShare = (counts: number[]) => {
  const total = counts.reduce((a, b) => a + b, 0);
  return total ? Math.round(((counts[0]! + counts[1]!) / total) * 100) : 0;
};

/** Activity by rung of the ladder, per organisation for the year and per quarter over it. */
export async function ladderView(deps: Deps, year: number): Promise<LadderView> {
  const start = fromLondon(year, 1, 1);
  const end = fromLondon(year + 1, 1, 1);
  const [byOrg, byQuarter, organisations] = await Promise.all([
    repo.ladderByOrganisation(deps.db, start, end),
    repo.ladderByQuarter(deps.db, start, end),
    repo.listOrganisationNames(deps.db),
  ]);
  const rungs = [...LADDER];
  const countsFor = (rows: { rung: string; count: number }[]) =>
    rungs.map((rung) => rows.filter((r) => r.rung === rung).reduce((sum, r) => sum + r.count, 0));
  const organisationRows = organisations.map((o) => {
    const counts = countsFor(byOrg.filter((r) => r.organisationId === o.id));
    return { name: o.name, counts, total: counts.reduce((a, b) => a + b, 0), lowerShare: lowerShare(counts) };
  });
  const quarters: Quarter[] = [1, 2, 3, 4].map((q) => ({ year, q }));
  const quarterRows = quarters.map((quarter) => {
    const counts = countsFor(byQuarter.filter((r) => r.year === quarter.year && r.q === quarter.q));
    return {
      label: quarterLabel(quarter),
      key: quarterKey(quarter),
      counts,
      total: counts.reduce((a, b) => a + b, 0),
      lowerShare: lowerShare(counts),
    };
  });
  const totals = rungs.map((_, i) => organisationRows.reduce((sum, r) => sum + r.counts[i]!, 0));
  return { rungs, byOrganisation: organisationRows, byQuarter: quarterRows, totals };
}
