/** SQL for the forward plan: activities, comments, join-ups, settings, and the load and ladder views. */
import { and, asc, desc, eq, gt, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organisations, staffUsers } from '../accounts/index.ts';
import { consultations } from '../consultations/index.ts';
import { PUBLIC_ACTIVITY_STATUSES } from './plan.catalogue.ts';
import { planActivities, planComments, planLinks, planSettings } from './plan.tables.ts';

/** Both drivers through one shape: PGlite returns { rows }, node-postgres a result with rows too. */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/** A text[] parameter (drizzle would otherwise spread a JS array into a list). */
export const textArray = (values: readonly string[]) =>
  values.length
    ? sql`ARRAY[${sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      )}]::text[]`
    : sql`'{}'::text[]`;
const ts = (value: Date) => sql`${value.toISOString()}::timestamptz`;
const NO_ID = '00000000-0000-0000-0000-000000000000';

export type ActivityValues = Omit<typeof planActivities.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

export async function insertActivity(db: Db, values: ActivityValues) {
  const [row] = await db.insert(planActivities).values(values).returning();
  return row!;
}

export async function updateActivity(db: Db, id: string, values: Partial<ActivityValues>, now: Date) {
  const [row] = await db
    .update(planActivities)
    .set({ ...values, updatedAt: now })
    .where(eq(planActivities.id, id))
    .returning();
  return row;
}

const activityWithNames = {
  activity: planActivities,
  organisationName: organisations.name,
  organisationSlug: organisations.slug,
  consultationTitle: consultations.title,
  consultationSlug: consultations.slug,
  consultationState: consultations.state,
};

export async function findActivity(db: Db, id: string) {
  const [row] = await db
    .select(activityWithNames)
    .from(planActivities)
    .innerJoin(organisations, eq(organisations.id, planActivities.organisationId))
    .leftJoin(consultations, eq(consultations.id, planActivities.consultationId))
    .where(eq(planActivities.id, id));
  return row;
}

export interface ActivityFilter {
  start: Date;
  end: Date;
  organisationId?: string;
  wardCode?: string;
  topic?: string;
  statuses?: string[];
}

/** Activities whose window touches [start, end), earliest first. */
export async function listActivities(db: Db, filter: ActivityFilter) {
  const conditions: SQL[] = [
    sql`${planActivities.startsAt} < ${ts(filter.end)}`,
    sql`${planActivities.endsAt} > ${ts(filter.start)}`,
  ];
  if (filter.organisationId) conditions.push(eq(planActivities.organisationId, filter.organisationId));
  if (filter.wardCode)
    conditions.push(sql`(${planActivities.boroughWide} OR ${filter.wardCode} = ANY(${planActivities.wardCodes}))`);
  if (filter.topic) conditions.push(sql`${filter.topic} = ANY(${planActivities.topics})`);
  if (filter.statuses) conditions.push(inArray(planActivities.status, filter.statuses));
  return db
    .select(activityWithNames)
    .from(planActivities)
    .innerJoin(organisations, eq(organisations.id, planActivities.organisationId))
    .leftJoin(consultations, eq(consultations.id, planActivities.consultationId))
    .where(and(...conditions))
    .orderBy(asc(planActivities.startsAt), asc(planActivities.title))
    .limit(500);
}

export async function listActivitiesForConsultation(db: Db, consultationId: string) {
  return db
    .select(activityWithNames)
    .from(planActivities)
    .innerJoin(organisations, eq(organisations.id, planActivities.organisationId))
    .leftJoin(consultations, eq(consultations.id, planActivities.consultationId))
    .where(eq(planActivities.consultationId, consultationId))
    .orderBy(asc(planActivities.startsAt));
}

export interface CandidateRow {
  id: string;
  title: string;
  organisation_id: string;
  organisation_name: string;
  status: string;
  audiences: string[];
  topics: string[];
  ward_codes: string[];
  borough_wide: boolean;
  uses_panel: boolean;
  starts_at: Date | string;
  ends_at: Date | string;
}

export interface ClashQuery {
  id?: string;
  startsAt: Date;
  endsAt: Date;
  wardCodes: string[];
  boroughWide: boolean;
  audiences: string[];
  topics: string[];
}

/** How many clashes one activity's page can show. */
export const CLASH_CANDIDATE_LIMIT = 200;

/**
 * Possible clashes, found by the window index and the shared place, audience or topic. A superset
 * of what findClashes keeps; capped, since a page can show only so many.
 */
export async function clashCandidates(db: Db, q: ClashQuery, limit = CLASH_CANDIDATE_LIMIT) {
  return rows<CandidateRow>(
    db,
    sql`SELECT a.id, a.title, a.organisation_id, o.name AS organisation_name, a.status, a.audiences, a.topics,
          a.ward_codes, a.borough_wide, a.uses_panel, a.starts_at, a.ends_at
        FROM plan_activities a JOIN organisations o ON o.id = a.organisation_id
        WHERE a.status <> 'cancelled' AND a.id <> ${q.id ?? NO_ID}::uuid
          AND tstzrange(a.starts_at, a.ends_at, '[)') && tstzrange(${ts(q.startsAt)}, ${ts(q.endsAt)}, '[)')
          AND (${q.boroughWide} OR a.borough_wide OR a.ward_codes && ${textArray(q.wardCodes)})
          AND (a.audiences && ${textArray(q.audiences)} OR a.topics && ${textArray(q.topics)})
        ORDER BY a.starts_at LIMIT ${limit}`,
  );
}

/**
 * Every live activity whose window touches [start, end): the list page's candidates for all its
 * activities at once (one window index scan), sorted and matched in clash.ts.
 */
export async function liveActivitiesOverlapping(db: Db, start: Date, end: Date) {
  return rows<CandidateRow>(
    db,
    sql`SELECT a.id, a.title, a.organisation_id, o.name AS organisation_name, a.status, a.audiences, a.topics,
          a.ward_codes, a.borough_wide, a.uses_panel, a.starts_at, a.ends_at
        FROM plan_activities a JOIN organisations o ON o.id = a.organisation_id
        WHERE a.status <> 'cancelled'
          AND tstzrange(a.starts_at, a.ends_at, '[)') && tstzrange(${ts(start)}, ${ts(end)}, '[)')`,
  );
}

export interface FatigueCountRow {
  kind: 'ward' | 'audience' | 'panel';
  key: string;
  others: number;
}

/**
 * How many OTHER live activities in the quarter [start, end) ask each of these wards (a
 * borough-wide activity counts for every ward), audiences and the panel. Counted in the database
 * so a check never loads the quarter's activities.
 */
export async function fatigueCounts(
  db: Db,
  q: { id?: string; start: Date; end: Date; wardCodes: string[]; audiences: string[]; usesPanel: boolean },
) {
  const result = await rows<{ kind: FatigueCountRow['kind']; key: string; others: string | number }>(
    db,
    sql`WITH o AS MATERIALIZED (
          SELECT ward_codes, borough_wide, audiences, uses_panel FROM plan_activities
          WHERE status <> 'cancelled' AND id <> ${q.id ?? NO_ID}::uuid
            AND tstzrange(starts_at, ends_at, '[)') && tstzrange(${ts(q.start)}, ${ts(q.end)}, '[)')
        )
        SELECT 'ward' AS kind, w AS key, (SELECT count(*) FROM o WHERE o.borough_wide OR w = ANY(o.ward_codes)) AS others
          FROM unnest(${textArray(q.wardCodes)}) AS w
        UNION ALL
        SELECT 'audience', a, (SELECT count(*) FROM o WHERE a = ANY(o.audiences)) FROM unnest(${textArray(q.audiences)}) AS a
        UNION ALL
        SELECT 'panel', 'panel', (SELECT count(*) FROM o WHERE o.uses_panel) WHERE ${q.usesPanel}`,
  );
  return result.map((r) => ({ kind: r.kind, key: r.key, others: Number(r.others) }));
}

export async function listComments(db: Db, activityId: string) {
  return db
    .select({
      id: planComments.id,
      body: planComments.body,
      createdAt: planComments.createdAt,
      authorName: staffUsers.name,
      organisationName: organisations.name,
    })
    .from(planComments)
    .innerJoin(staffUsers, eq(staffUsers.id, planComments.authorId))
    .innerJoin(organisations, eq(organisations.id, staffUsers.organisationId))
    .where(eq(planComments.activityId, activityId))
    .orderBy(asc(planComments.createdAt));
}

export async function insertComment(db: Db, values: typeof planComments.$inferInsert) {
  const [row] = await db.insert(planComments).values(values).returning();
  return row!;
}

/** Links are stored with the smaller id first, so one pair is one row whichever side joins up. */
export async function insertLink(db: Db, a: string, b: string, note: string, createdBy: string) {
  const [first, second] = a < b ? [a, b] : [b, a];
  const inserted = await db
    .insert(planLinks)
    .values({ activityA: first, activityB: second, note, createdBy })
    .onConflictDoNothing()
    .returning();
  return inserted.length > 0;
}

export async function listLinkedActivities(db: Db, activityId: string) {
  return rows<{ id: string; title: string; organisation_name: string; note: string; status: string }>(
    db,
    sql`SELECT a.id, a.title, o.name AS organisation_name, l.note, a.status
        FROM plan_links l
        JOIN plan_activities a ON a.id = CASE WHEN l.activity_a = ${activityId}::uuid THEN l.activity_b ELSE l.activity_a END
        JOIN organisations o ON o.id = a.organisation_id
        WHERE l.activity_a = ${activityId}::uuid OR l.activity_b = ${activityId}::uuid
        ORDER BY l.created_at`,
  );
}

export async function getSettings(db: Db) {
  const [row] = await db.select().from(planSettings).limit(1);
  return row ?? { id: true, fatigueLimit: 3, updatedBy: null, updatedAt: new Date(0) };
}

export async function updateSettings(db: Db, fatigueLimit: number, updatedBy: string, now: Date) {
  await db
    .insert(planSettings)
    .values({ id: true, fatigueLimit, updatedBy, updatedAt: now })
    .onConflictDoUpdate({ target: planSettings.id, set: { fatigueLimit, updatedBy, updatedAt: now } });
}

/**
 * Live activities touching each month window, per ward; borough-wide activities come back under
 * the ward code '*' once per month and are added to every ward by the service.
 */
export async function wardMonthLoad(db: Db, months: { start: Date; end: Date }[], organisationId?: string) {
  const starts = sql`ARRAY[${sql.join(
    months.map((m) => ts(m.start)),
    sql`, `,
  )}]::timestamptz[]`;
  const ends = sql`ARRAY[${sql.join(
    months.map((m) => ts(m.end)),
    sql`, `,
  )}]::timestamptz[]`;
  const org = organisationId ? sql`AND a.organisation_id = ${organisationId}::uuid` : sql``;
  // One index scan for the whole span, then each activity is matched to the months it touches
  // in memory: cheaper than one range scan per month.
  const result = await rows<{ month: string | number; ward: string; n: string | number }>(
    db,
    sql`WITH a AS (
          SELECT a.starts_at, a.ends_at, CASE WHEN a.borough_wide THEN ARRAY['*'] ELSE a.ward_codes END AS wards
          FROM plan_activities a
          WHERE a.status <> 'cancelled' ${org}
            AND tstzrange(a.starts_at, a.ends_at, '[)') && tstzrange(${ts(months[0]!.start)}, ${ts(months[months.length - 1]!.end)}, '[)')
        )
        SELECT b.i AS month, w.code AS ward, count(*) AS n
        FROM a
        JOIN unnest(${starts}, ${ends}) WITH ORDINALITY AS b(ms, me, i) ON a.starts_at < b.me AND a.ends_at > b.ms
        CROSS JOIN LATERAL unnest(a.wards) AS w(code)
        GROUP BY 1, 2`,
  );
  return result.map((r) => ({ month: Number(r.month) - 1, ward: r.ward, count: Number(r.n) }));
}

/** Live activities by organisation and rung, for those touching [start, end). */
export async function ladderByOrganisation(db: Db, start: Date, end: Date) {
  const result = await rows<{ organisation_id: string; ladder_rung: string; n: string | number }>(
    db,
    sql`SELECT organisation_id, ladder_rung, count(*) AS n FROM plan_activities
        WHERE status <> 'cancelled' AND tstzrange(starts_at, ends_at, '[)') && tstzrange(${ts(start)}, ${ts(end)}, '[)')
        GROUP BY 1, 2`,
  );
  return result.map((r) => ({ organisationId: r.organisation_id, rung: r.ladder_rung, count: Number(r.n) }));
}

/** Live activities by the London quarter they start in, and rung. */
export async function ladderByQuarter(db: Db, start: Date, end: Date) {
  const result = await rows<{ year: string | number; q: string | number; ladder_rung: string; n: string | number }>(
    db,
    sql`SELECT extract(year FROM starts_at AT TIME ZONE 'Europe/London') AS year,
          extract(quarter FROM starts_at AT TIME ZONE 'Europe/London') AS q, ladder_rung, count(*) AS n
        FROM plan_activities
        WHERE status <> 'cancelled' AND starts_at >= ${ts(start)} AND starts_at < ${ts(end)}
        GROUP BY 1, 2, 3`,
  );
  return result.map((r) => ({ year: Number(r.year), q: Number(r.q), rung: r.ladder_rung, count: Number(r.n) }));
}

export async function listOrganisationNames(db: Db) {
  return db
    .select({ id: organisations.id, name: organisations.name, slug: organisations.slug })
    .from(organisations)
    .orderBy(asc(organisations.name));
}

/** Consultations an activity or event may link to: the newest first. */
export async function listConsultationChoices(db: Db) {
  return db
    .select({ id: consultations.id, title: consultations.title, organisationId: consultations.leadOrganisationId })
    .from(consultations)
    .orderBy(desc(consultations.createdAt))
    .limit(200);
}

/**
 * Activities an event of this organisation could be part of (plan.policy canLinkEventToActivity
 * decides; this only narrows): live ones still running after `since`, the organisation's own or
 * others' no longer ideas; without an organisation, only the latter. Earliest first, capped.
 */
export async function listActivityChoices(db: Db, q: { organisationId: string | null; since: Date }, limit = 300) {
  const shared = inArray(planActivities.status, PUBLIC_ACTIVITY_STATUSES);
  return db
    .select({
      id: planActivities.id,
      title: planActivities.title,
      status: planActivities.status,
      organisationId: planActivities.organisationId,
      organisationName: organisations.name,
      startsAt: planActivities.startsAt,
      endsAt: planActivities.endsAt,
    })
    .from(planActivities)
    .innerJoin(organisations, eq(organisations.id, planActivities.organisationId))
    .where(
      and(
        ne(planActivities.status, 'cancelled'),
        gt(planActivities.endsAt, q.since),
        q.organisationId ? or(eq(planActivities.organisationId, q.organisationId), shared) : shared,
      ),
    )
    .orderBy(asc(planActivities.startsAt), asc(planActivities.title))
    .limit(limit);
}
