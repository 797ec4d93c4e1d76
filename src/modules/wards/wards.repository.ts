/**
 * SQL for ward profiles: census figures, councillors' wards, and the read model that gathers a
 * ward's engagement. The profile reads other modules' tables read-only (ADR 0007): consultations
 * and consultation_wards (consultations), questionnaires and responses (questionnaires),
 * plan_activities and plan_events (plan), people and people_memberships (people, counts only),
 * feedback_themes and feedback_codings (feedback). It never writes them.
 */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { councillorWards, wardCensus } from './wards.tables.ts';
import { organisations, staffUsers } from './wards.deps.ts';

/** Both drivers through one shape: PGlite returns { rows }, node-postgres a result with rows too. */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

export const textArray = (values: readonly string[]) =>
  values.length
    ? sql`ARRAY[${sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      )}]::text[]`
    : sql`'{}'::text[]`;

const PUBLIC_CONSULTATION_STATES = sql`('scheduled', 'open', 'closed', 'feedback_published', 'archived')`;
const PUBLIC_ACTIVITY_STATES = sql`('planned', 'confirmed', 'live', 'done')`;

// ----- census

export type CensusRow = Omit<typeof wardCensus.$inferInsert, 'importedAt'>;

export async function insertCensusRows(db: Db, values: CensusRow[]) {
  for (let i = 0; i < values.length; i += 1000)
    await db
      .insert(wardCensus)
      .values(values.slice(i, i + 1000))
      .onConflictDoNothing();
}

/** One table's figures replaced wholesale: an import never leaves old and new (or demo) figures mixed. */
export async function replaceCensusDataset(db: Db, dataset: string, values: CensusRow[]) {
  await db.transaction(async (tx) => {
    await tx.delete(wardCensus).where(eq(wardCensus.dataset, dataset));
    await insertCensusRows(tx, values);
  });
}

export async function wardsWithCensus(db: Db, dataset: string) {
  const found = await db
    .selectDistinct({ code: wardCensus.wardCode })
    .from(wardCensus)
    .where(eq(wardCensus.dataset, dataset));
  return new Set(found.map((f) => f.code));
}

export async function censusForWard(db: Db, wardCode: string) {
  return db
    .select()
    .from(wardCensus)
    .where(eq(wardCensus.wardCode, wardCode))
    .orderBy(asc(wardCensus.dataset), asc(wardCensus.position));
}

/** Usual residents per ward (TS001), with whether the figure is demo. */
export async function populationByWard(db: Db) {
  const found = await db
    .select({ code: wardCensus.wardCode, value: wardCensus.value, isDemo: wardCensus.isDemo })
    .from(wardCensus)
    .where(and(eq(wardCensus.dataset, 'TS001'), eq(wardCensus.isTotal, true)));
  return new Map(found.map((f) => [f.code, { value: Number(f.value), isDemo: f.isDemo }]));
}

// ----- councillors' wards

export async function wardsOfCouncillor(db: Db, staffUserId: string) {
  const found = await db
    .select({ code: councillorWards.wardCode })
    .from(councillorWards)
    .where(eq(councillorWards.staffUserId, staffUserId));
  return found.map((f) => f.code);
}

export async function setWardsOfCouncillor(db: Db, staffUserId: string, codes: string[]) {
  await db.delete(councillorWards).where(eq(councillorWards.staffUserId, staffUserId));
  if (codes.length) await db.insert(councillorWards).values(codes.map((wardCode) => ({ staffUserId, wardCode })));
}

/** Active councillors and the wards they represent. */
export async function listCouncillors(db: Db) {
  const people = await db
    .select({ id: staffUsers.id, name: staffUsers.name, organisationName: organisations.name })
    .from(staffUsers)
    .innerJoin(organisations, eq(organisations.id, staffUsers.organisationId))
    .where(and(eq(staffUsers.role, 'councillor'), eq(staffUsers.active, true)))
    .orderBy(asc(staffUsers.name));
  const assignments = people.length
    ? await db
        .select()
        .from(councillorWards)
        .where(
          inArray(
            councillorWards.staffUserId,
            people.map((p) => p.id),
          ),
        )
    : [];
  return people.map((p) => ({
    ...p,
    wardCodes: assignments.filter((a) => a.staffUserId === p.id).map((a) => a.wardCode),
  }));
}

export async function findCouncillor(db: Db, id: string) {
  const [found] = await db
    .select({ id: staffUsers.id, name: staffUsers.name, role: staffUsers.role, active: staffUsers.active })
    .from(staffUsers)
    .where(eq(staffUsers.id, id));
  return found && found.role === 'councillor' ? found : undefined;
}

// ----- the profile's read model

export interface ConsultationRow {
  id: string;
  slug: string;
  title: string;
  state: string;
  opens_at: Date | string | null;
  closes_at: Date | string | null;
  borough_wide: boolean;
}

/** Responses that say which ward they came from, per ward (every ward: the profile needs the borough total). */
export async function responsesByWard(db: Db) {
  const found = await rows<{ ward_code: string; n: string | number }>(
    db,
    sql`SELECT ward_code, count(*) AS n FROM responses WHERE ward_code IS NOT NULL GROUP BY ward_code`,
  );
  return new Map(found.map((f) => [f.ward_code, Number(f.n)]));
}

export interface EventRow {
  id: string;
  title: string;
  starts_at: Date | string;
  venue_name: string;
}

export interface ActivityRow {
  id: string;
  title: string;
  starts_at: Date | string;
  ends_at: Date | string;
  status: string;
  borough_wide: boolean;
  organisation_name: string;
}

export async function panelMembersByWard(db: Db) {
  const found = await rows<{ ward_code: string; n: string | number }>(
    db,
    sql`SELECT p.ward_code, count(DISTINCT p.id) AS n FROM people p JOIN people_memberships m ON m.person_id = p.id
        WHERE p.ward_code IS NOT NULL AND m.status = 'active' AND p.erased_at IS NULL GROUP BY p.ward_code`,
  );
  return new Map(found.map((f) => [f.ward_code, Number(f.n)]));
}

export interface ThemeRow {
  title: string;
  consultation_title: string;
  consultation_slug: string;
  n: string | number;
}

/** Intelligence items per ward since a date (for the borough overview). */
export async function intelligenceByWard(db: Db, from: string) {
  const found = await rows<{ ward_code: string; n: string | number }>(
    db,
    sql`SELECT ward_code, count(*) AS n FROM intelligence_items
        WHERE ward_code IS NOT NULL AND heard_on >= ${from}::date GROUP BY ward_code`,
  );
  return new Map(found.map((f) => [f.ward_code, Number(f.n)]));
}

export interface ProfileRows {
  open: (ConsultationRow & { total: number; from_ward: number })[];
  past: (ConsultationRow & { total: number; from_ward: number })[];
  open_count: number;
  past_count: number;
  responses_by_month: { month: string; n: number }[];
  events: EventRow[];
  events_upcoming: number;
  events_past: number;
  activities: ActivityRow[];
  panel_members: number;
  themes: ThemeRow[];
  councillors: string[];
  intelligence_by_month_topic: { month: string; topic: string; n: number }[];
  intelligence_by_month: { month: string; n: number }[];
  sentiment: { sentiment: string; n: number }[];
}

/**
 * Everything one ward's profile counts, in one statement: under load the round trips, not the
 * queries, were the cost (a profile made eighteen).
 */
export async function profileRows(
  db: Db,
  q: { wardCode: string; now: Date; since: Date; from: string; limit: number; publishedThemesOnly: boolean },
): Promise<ProfileRows> {
  const now = sql`${q.now.toISOString()}::timestamptz`;
  const since = sql`${q.since.toISOString()}::timestamptz`;
  const [row] = await rows<ProfileRows>(
    db,
    sql`WITH reach AS MATERIALIZED (
          SELECT c.id, c.slug, c.title, c.state, c.opens_at, c.closes_at, c.borough_wide FROM consultations c
          WHERE c.state IN ${PUBLIC_CONSULTATION_STATES}
            AND (c.borough_wide OR c.id IN (SELECT cw.consultation_id FROM consultation_wards cw WHERE cw.ward_code = ${q.wardCode}))
        ),
        open AS (SELECT * FROM reach WHERE state = 'open' ORDER BY closes_at NULLS LAST, title LIMIT ${q.limit}),
        past AS (SELECT * FROM reach WHERE state IN ('closed', 'feedback_published', 'archived')
                 ORDER BY closes_at DESC NULLS LAST LIMIT ${q.limit}),
        per AS (
          SELECT qn.owner_id AS id, count(r.id) AS total, count(r.id) FILTER (WHERE r.ward_code = ${q.wardCode}) AS from_ward
          FROM questionnaires qn JOIN responses r ON r.questionnaire_id = qn.id
          WHERE qn.owner_type = 'consultation' AND qn.owner_id IN (SELECT id FROM open UNION ALL SELECT id FROM past)
          GROUP BY qn.owner_id
        ),
        intel AS MATERIALIZED (
          SELECT to_char(heard_on, 'YYYY-MM') AS month, topics, sentiment FROM intelligence_items
          WHERE ward_code = ${q.wardCode} AND heard_on >= ${q.from}::date
        )
        SELECT
          (SELECT coalesce(json_agg(x ORDER BY x.closes_at NULLS LAST, x.title), '[]') FROM (
             SELECT o.*, coalesce(per.total, 0) AS total, coalesce(per.from_ward, 0) AS from_ward FROM open o LEFT JOIN per ON per.id = o.id) x) AS open,
          (SELECT coalesce(json_agg(x ORDER BY x.closes_at DESC NULLS LAST), '[]') FROM (
             SELECT p.*, coalesce(per.total, 0) AS total, coalesce(per.from_ward, 0) AS from_ward FROM past p LEFT JOIN per ON per.id = p.id) x) AS past,
          (SELECT count(*) FROM reach WHERE state = 'open')::int AS open_count,
          (SELECT count(*) FROM reach WHERE state IN ('closed', 'feedback_published', 'archived'))::int AS past_count,
          (SELECT coalesce(json_agg(x), '[]') FROM (
             SELECT to_char(submitted_at AT TIME ZONE 'Europe/London', 'YYYY-MM') AS month, count(*)::int AS n
             FROM responses WHERE ward_code = ${q.wardCode} AND submitted_at >= ${q.from}::date GROUP BY 1) x) AS responses_by_month,
          (SELECT coalesce(json_agg(x ORDER BY x.starts_at), '[]') FROM (
             SELECT id, title, starts_at, venue_name FROM plan_events
             WHERE ward_code = ${q.wardCode} AND status = 'scheduled' AND starts_at >= ${now} ORDER BY starts_at LIMIT 5) x) AS events,
          (SELECT count(*) FROM plan_events WHERE ward_code = ${q.wardCode} AND status = 'scheduled' AND starts_at >= ${now})::int AS events_upcoming,
          (SELECT count(*) FROM plan_events WHERE ward_code = ${q.wardCode} AND status = 'scheduled'
             AND starts_at >= ${since} AND starts_at < ${now})::int AS events_past,
          (SELECT coalesce(json_agg(x ORDER BY x.starts_at, x.title), '[]') FROM (
             SELECT a.id, a.title, a.starts_at, a.ends_at, a.status, a.borough_wide, o.name AS organisation_name
             FROM plan_activities a JOIN organisations o ON o.id = a.organisation_id
             WHERE a.status IN ${PUBLIC_ACTIVITY_STATES} AND a.ends_at > ${now}
               AND (a.borough_wide OR ${q.wardCode} = ANY(a.ward_codes))
             ORDER BY a.starts_at, a.title LIMIT 10) x) AS activities,
          (SELECT count(DISTINCT p.id) FROM people p JOIN people_memberships m ON m.person_id = p.id
             WHERE p.ward_code = ${q.wardCode} AND m.status = 'active' AND p.erased_at IS NULL)::int AS panel_members,
          (SELECT coalesce(json_agg(x ORDER BY x.n DESC, x.title), '[]') FROM (
             SELECT t.title, c.title AS consultation_title, c.slug AS consultation_slug, count(*)::int AS n
             FROM feedback_codings fc JOIN responses r ON r.id = fc.response_id
             JOIN feedback_themes t ON t.id = fc.theme_id JOIN consultations c ON c.id = t.consultation_id
             WHERE r.ward_code = ${q.wardCode}
               ${q.publishedThemesOnly ? sql`AND c.state IN ('feedback_published', 'archived')` : sql``}
             GROUP BY t.id, t.title, c.title, c.slug ORDER BY count(*) DESC, t.title LIMIT 10) x) AS themes,
          (SELECT coalesce(json_agg(s.name ORDER BY s.name), '[]') FROM councillor_wards cw
             JOIN staff_users s ON s.id = cw.staff_user_id WHERE cw.ward_code = ${q.wardCode} AND s.active) AS councillors,
          (SELECT coalesce(json_agg(x), '[]') FROM (
             SELECT month, t AS topic, count(*)::int AS n FROM intel, unnest(intel.topics) AS t GROUP BY 1, 2) x) AS intelligence_by_month_topic,
          (SELECT coalesce(json_agg(x), '[]') FROM (SELECT month, count(*)::int AS n FROM intel GROUP BY 1) x) AS intelligence_by_month,
          (SELECT coalesce(json_agg(x), '[]') FROM (SELECT sentiment, count(*)::int AS n FROM intel GROUP BY 1) x) AS sentiment`,
  );
  return row!;
}
