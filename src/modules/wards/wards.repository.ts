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

/** Councillors of one ward, names only (shown on the public profile). */
export async function councillorsOfWard(db: Db, wardCode: string) {
  return db
    .select({ name: staffUsers.name })
    .from(councillorWards)
    .innerJoin(staffUsers, eq(staffUsers.id, councillorWards.staffUserId))
    .where(and(eq(councillorWards.wardCode, wardCode), eq(staffUsers.active, true)))
    .orderBy(asc(staffUsers.name));
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

/** Consultations that reach the ward (named it, or borough-wide): all open ones and the latest past ones. */
export async function consultationsOfWard(db: Db, wardCode: string, limit: number) {
  // IN (…) rather than a correlated EXISTS: beside the OR, the planner hashes the ward's consultations once
  // instead of probing consultation_wards for every consultation.
  const reaches = sql`(c.borough_wide OR c.id IN (SELECT cw.consultation_id FROM consultation_wards cw WHERE cw.ward_code = ${wardCode}))`;
  const [open, past, counts] = await Promise.all([
    rows<ConsultationRow>(
      db,
      sql`SELECT c.id, c.slug, c.title, c.state, c.opens_at, c.closes_at, c.borough_wide FROM consultations c
          WHERE c.state = 'open' AND ${reaches} ORDER BY c.closes_at NULLS LAST, c.title LIMIT ${limit}`,
    ),
    rows<ConsultationRow>(
      db,
      sql`SELECT c.id, c.slug, c.title, c.state, c.opens_at, c.closes_at, c.borough_wide FROM consultations c
          WHERE c.state IN ('closed', 'feedback_published', 'archived') AND ${reaches}
          ORDER BY c.closes_at DESC NULLS LAST LIMIT ${limit}`,
    ),
    rows<{ open: string | number; past: string | number }>(
      db,
      sql`SELECT count(*) FILTER (WHERE c.state = 'open') AS open,
                 count(*) FILTER (WHERE c.state IN ('closed', 'feedback_published', 'archived')) AS past
          FROM consultations c WHERE c.state IN ${PUBLIC_CONSULTATION_STATES} AND ${reaches}`,
    ),
  ]);
  return { open, past, openCount: Number(counts[0]?.open ?? 0), pastCount: Number(counts[0]?.past ?? 0) };
}

/** Responses to each listed consultation, and how many of them came from the ward. */
export async function responsesToConsultations(db: Db, wardCode: string, consultationIds: string[]) {
  if (consultationIds.length === 0) return new Map<string, { total: number; fromWard: number }>();
  const found = await rows<{ id: string; total: string | number; from_ward: string | number }>(
    db,
    sql`SELECT q.owner_id AS id, count(r.id) AS total, count(r.id) FILTER (WHERE r.ward_code = ${wardCode}) AS from_ward
        FROM questionnaires q JOIN responses r ON r.questionnaire_id = q.id
        WHERE q.owner_type = 'consultation' AND q.owner_id IN (${sql.join(
          consultationIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
        GROUP BY q.owner_id`,
  );
  return new Map(found.map((f) => [f.id, { total: Number(f.total), fromWard: Number(f.from_ward) }]));
}

/** Responses that say which ward they came from, per ward (every ward: the profile needs the borough total). */
export async function responsesByWard(db: Db) {
  const found = await rows<{ ward_code: string; n: string | number }>(
    db,
    sql`SELECT ward_code, count(*) AS n FROM responses WHERE ward_code IS NOT NULL GROUP BY ward_code`,
  );
  return new Map(found.map((f) => [f.ward_code, Number(f.n)]));
}

/** Per month (YYYY-MM, Europe/London) from a date: responses from the ward. */
export async function responsesByMonth(db: Db, wardCode: string, from: string) {
  const found = await rows<{ month: string; n: string | number }>(
    db,
    sql`SELECT to_char(submitted_at AT TIME ZONE 'Europe/London', 'YYYY-MM') AS month, count(*) AS n
        FROM responses WHERE ward_code = ${wardCode} AND submitted_at >= ${from}::date
        GROUP BY 1`,
  );
  return new Map(found.map((f) => [f.month, Number(f.n)]));
}

export interface EventRow {
  id: string;
  title: string;
  starts_at: Date | string;
  venue_name: string;
}

export async function eventsOfWard(db: Db, wardCode: string, now: Date, since: Date) {
  const [upcoming, counts] = await Promise.all([
    rows<EventRow>(
      db,
      sql`SELECT id, title, starts_at, venue_name FROM plan_events
          WHERE ward_code = ${wardCode} AND status = 'scheduled' AND starts_at >= ${now.toISOString()}::timestamptz
          ORDER BY starts_at LIMIT 5`,
    ),
    rows<{ upcoming: string | number; past: string | number }>(
      db,
      sql`SELECT count(*) FILTER (WHERE starts_at >= ${now.toISOString()}::timestamptz) AS upcoming,
                 count(*) FILTER (WHERE starts_at < ${now.toISOString()}::timestamptz) AS past
          FROM plan_events WHERE ward_code = ${wardCode} AND status = 'scheduled' AND starts_at >= ${since.toISOString()}::timestamptz`,
    ),
  ]);
  return { upcoming, upcomingCount: Number(counts[0]?.upcoming ?? 0), pastCount: Number(counts[0]?.past ?? 0) };
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

/** Forward plan activities reaching the ward that are not over yet (public statuses only). */
export async function activitiesOfWard(db: Db, wardCode: string, now: Date) {
  return rows<ActivityRow>(
    db,
    sql`SELECT a.id, a.title, a.starts_at, a.ends_at, a.status, a.borough_wide, o.name AS organisation_name
        FROM plan_activities a JOIN organisations o ON o.id = a.organisation_id
        WHERE a.status IN ${PUBLIC_ACTIVITY_STATES} AND a.ends_at > ${now.toISOString()}::timestamptz
          AND (a.borough_wide OR ${wardCode} = ANY(a.ward_codes))
        ORDER BY a.starts_at, a.title LIMIT 10`,
  );
}

/** Active panel members living in the ward: a count, never who. */
export async function panelMembersInWard(db: Db, wardCode: string) {
  const [found] = await rows<{ n: string | number }>(
    db,
    sql`SELECT count(DISTINCT p.id) AS n FROM people p JOIN people_memberships m ON m.person_id = p.id
        WHERE p.ward_code = ${wardCode} AND m.status = 'active' AND p.erased_at IS NULL`,
  );
  return Number(found?.n ?? 0);
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

/**
 * Feedback themes the ward's responses were coded to. The public see only themes whose
 * consultation has published its feedback ("you said, we did"); staff see all.
 */
export async function themesOfWard(db: Db, wardCode: string, publishedOnly: boolean) {
  return rows<ThemeRow>(
    db,
    sql`SELECT t.title, c.title AS consultation_title, c.slug AS consultation_slug, count(*) AS n
        FROM feedback_codings fc
        JOIN responses r ON r.id = fc.response_id
        JOIN feedback_themes t ON t.id = fc.theme_id
        JOIN consultations c ON c.id = t.consultation_id
        WHERE r.ward_code = ${wardCode}
          ${publishedOnly ? sql`AND c.state IN ('feedback_published', 'archived')` : sql``}
        GROUP BY t.id, t.title, c.title, c.slug
        ORDER BY count(*) DESC, t.title LIMIT 10`,
  );
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
