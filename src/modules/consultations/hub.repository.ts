/**
 * The public hub's read model (ADR 0002): public states only, lean columns, one query per list plus
 * one count, organisation names by join. Never geometry or long text in lists.
 */
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { prepared } from '../../db/prepared.ts';
// Read-only joins for public names (ADR 0007).
import { organisations, staffUsers } from '../accounts/index.ts';
import { PUBLIC_STATES, type ConsultationState } from './catalogue.ts';
import { consultations } from './consultations.tables.ts';
import type { CheckOutcome, CheckResult } from './standards.types.ts';

export interface HubFilters {
  states: ConsultationState[];
  /** Already trimmed and non-empty when present. */
  q?: string;
  wardCode?: string;
  topic?: string;
  organisationId?: string;
}

export type HubOrder = 'closing-soonest' | 'opening-soonest' | 'closed-most-recently';

const listColumns = {
  id: consultations.id,
  slug: consultations.slug,
  title: consultations.title,
  summary: consultations.summary,
  state: consultations.state,
  opensAt: consultations.opensAt,
  closesAt: consultations.closesAt,
  leadOrganisationName: organisations.name,
};

export type HubListItem = {
  id: string;
  slug: string;
  title: string;
  summary: string;
  state: string;
  opensAt: Date | null;
  closesAt: Date | null;
  leadOrganisationName: string;
};

// Placeholders stand for the values; only the shape (which filters, which order) changes the SQL text.
const q = sql.placeholder('q');
const topic = sql.placeholder('topic');
const ward = sql.placeholder('ward');
const organisation = sql.placeholder('organisation');

function whereOf(filters: HubFilters): SQL | undefined {
  const conditions: (SQL | undefined)[] = [inArray(consultations.state, filters.states)];
  if (filters.q) conditions.push(sql`${consultations.search} @@ websearch_to_tsquery('english', ${q})`);
  if (filters.topic) conditions.push(sql`${consultations.topics} @> ARRAY[${topic}]::text[]`);
  if (filters.wardCode) {
    conditions.push(
      sql`(${consultations.boroughWide} OR EXISTS (SELECT 1 FROM consultation_wards cw WHERE cw.consultation_id = ${consultations.id} AND cw.ward_code = ${ward}))`,
    );
  }
  if (filters.organisationId) {
    conditions.push(
      sql`(${consultations.leadOrganisationId} = ${organisation}::uuid OR EXISTS (SELECT 1 FROM consultation_partners cp WHERE cp.consultation_id = ${consultations.id} AND cp.organisation_id = ${organisation}::uuid))`,
    );
  }
  return and(...conditions);
}

function orderOf(filters: HubFilters, order: HubOrder): SQL[] {
  const byDate =
    order === 'closing-soonest'
      ? [sql`${consultations.closesAt} ASC NULLS LAST`]
      : order === 'opening-soonest'
        ? [sql`${consultations.opensAt} ASC NULLS LAST`]
        : [sql`${consultations.closesAt} DESC NULLS LAST`];
  const rank = filters.q ? [sql`ts_rank(${consultations.search}, websearch_to_tsquery('english', ${q})) DESC`] : [];
  // The slug breaks ties so pages never repeat or skip a row.
  return [...rank, ...byDate, asc(consultations.slug)];
}

function valuesOf(filters: HubFilters) {
  return { q: filters.q, topic: filters.topic, ward: filters.wardCode, organisation: filters.organisationId };
}

function shapeOf(filters: HubFilters): string {
  return [
    filters.states.join(','),
    filters.q ? 'q' : '',
    filters.topic ? 't' : '',
    filters.wardCode ? 'w' : '',
    filters.organisationId ? 'o' : '',
  ].join('|');
}

/**
 * One page of matching public consultations, with the lead organisation's name. Two steps: the
 * page's ids come from a narrow covering index (rows carry long text and a search vector, so
 * scanning them to filter and sort is what made the find page slow), then only those rows are read.
 */
export async function findPage(
  db: Db,
  filters: HubFilters,
  order: HubOrder,
  limit: number,
  offset: number,
): Promise<HubListItem[]> {
  const pageIds = prepared<{ id: string }[]>(db, `hub:ids:${order}:${shapeOf(filters)}`, (name) =>
    db
      .select({ id: consultations.id })
      .from(consultations)
      .where(whereOf(filters))
      .orderBy(...orderOf(filters, order))
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'))
      .prepare(name),
  );
  const ids = (await pageIds.execute({ ...valuesOf(filters), limit, offset })).map((row) => row.id);
  if (ids.length === 0) return [];
  const rows = await db
    .select(listColumns)
    .from(consultations)
    .innerJoin(organisations, eq(organisations.id, consultations.leadOrganisationId))
    .where(inArray(consultations.id, ids));
  const position = new Map(ids.map((id, index) => [id, index]));
  return rows.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
}

export async function countMatching(db: Db, filters: HubFilters): Promise<number> {
  const statement = prepared<{ n: number }[]>(db, `hub:count:${shapeOf(filters)}`, (name) =>
    db.select({ n: count() }).from(consultations).where(whereOf(filters)).prepare(name),
  );
  const [row] = await statement.execute(valuesOf(filters));
  return Number(row?.n ?? 0);
}

/** How many public consultations are in each state, for the home page. */
export async function countByState(db: Db): Promise<Partial<Record<ConsultationState, number>>> {
  const statement = prepared<{ state: string; n: number }[]>(db, 'hub:count-by-state', (name) =>
    db
      .select({ state: consultations.state, n: count() })
      .from(consultations)
      .where(inArray(consultations.state, PUBLIC_STATES))
      .groupBy(consultations.state)
      .prepare(name),
  );
  const rows = await statement.execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/** Every organisation, for the filter: a partnership has a handful, so one small scan beats anything cleverer. */
export async function listOrganisations(db: Db): Promise<{ id: string; slug: string; name: string }[]> {
  return db
    .select({ id: organisations.id, slug: organisations.slug, name: organisations.name })
    .from(organisations)
    .orderBy(asc(organisations.name));
}

export interface PublicDocument {
  id: string;
  title: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
}

export interface PublicStandardsCheck {
  outcome: CheckOutcome;
  results: CheckResult[];
  runAt: string;
  /** Justifications kept across re-runs, by check key. */
  justifications: Record<string, string>;
}

/**
 * A public consultation by slug with everything its page shows, in one round trip: lead
 * organisation (name and feedback weeks) and officer names, partners, ward codes, documents and
 * the latest standards check.
 */
export async function findPublicBySlug(db: Db, slug: string) {
  const statement = prepared(db, 'hub:by-slug', (name) => bySlugQuery(db).prepare(name));
  const [row] = await statement.execute({ slug });
  return row;
}

function bySlugQuery(db: Db) {
  return db
    .select({
      id: consultations.id,
      slug: consultations.slug,
      title: consultations.title,
      summary: consultations.summary,
      background: consultations.background,
      proposal: consultations.proposal,
      whatCanChange: consultations.whatCanChange,
      whatCannotChange: consultations.whatCannotChange,
      howResponsesUsed: consultations.howResponsesUsed,
      decisionMaker: consultations.decisionMaker,
      decisionDate: consultations.decisionDate,
      ladderRung: consultations.ladderRung,
      topics: consultations.topics,
      boroughWide: consultations.boroughWide,
      opensAt: consultations.opensAt,
      closesAt: consultations.closesAt,
      offlineResponse: consultations.offlineResponse,
      contactDetails: consultations.contactDetails,
      state: consultations.state,
      stateChangedAt: consultations.stateChangedAt,
      feedbackSummary: consultations.feedbackSummary,
      leadOrganisationName: organisations.name,
      // The lead organisation's feedback promise, from the join already made for its name.
      feedbackWeeks: organisations.feedbackWeeks,
      leadOfficerName: staffUsers.name,
      partners: sql<string[]>`coalesce((SELECT json_agg(po.name ORDER BY po.name) FROM consultation_partners cp
        JOIN organisations po ON po.id = cp.organisation_id WHERE cp.consultation_id = ${consultations.id}), '[]'::json)`,
      wardCodes: sql<string[]>`coalesce((SELECT json_agg(cw.ward_code) FROM consultation_wards cw
        WHERE cw.consultation_id = ${consultations.id}), '[]'::json)`,
      documents: sql<PublicDocument[]>`coalesce((SELECT json_agg(json_build_object('id', d.id, 'title', d.title,
        'filename', d.filename, 'contentType', d.content_type, 'sizeBytes', d.size_bytes) ORDER BY d.created_at, d.title)
        FROM consultation_documents d WHERE d.consultation_id = ${consultations.id}), '[]'::json)`,
      standardsCheck: sql<PublicStandardsCheck | null>`(SELECT json_build_object('outcome', sc.outcome, 'results', sc.results,
        'runAt', sc.run_at, 'justifications', coalesce((SELECT json_object_agg(sj.check_key, sj.justification)
          FROM standards_justifications sj WHERE sj.consultation_id = ${consultations.id}), '{}'::json))
        FROM standards_checks sc WHERE sc.consultation_id = ${consultations.id} ORDER BY sc.run_at DESC, sc.id DESC LIMIT 1)`,
    })
    .from(consultations)
    .innerJoin(organisations, eq(organisations.id, consultations.leadOrganisationId))
    .leftJoin(staffUsers, eq(staffUsers.id, consultations.leadOfficerId))
    .where(and(eq(consultations.slug, sql.placeholder('slug')), inArray(consultations.state, PUBLIC_STATES)));
}

export type PublicConsultationRow = NonNullable<Awaited<ReturnType<typeof findPublicBySlug>>>;

/** The most recently changed public consultations, for the Atom and RSS feeds. */
export async function listForFeed(db: Db, limit: number) {
  return db
    .select({
      ...listColumns,
      stateChangedAt: consultations.stateChangedAt,
    })
    .from(consultations)
    .innerJoin(organisations, eq(organisations.id, consultations.leadOrganisationId))
    .where(inArray(consultations.state, PUBLIC_STATES))
    .orderBy(desc(consultations.stateChangedAt), asc(consultations.slug))
    .limit(limit);
}

/** The next opening or closing time after now: when the hub's pages change by time alone. */
export async function nextOpeningOrClosing(db: Db, now: Date): Promise<Date | null> {
  const at = now.toISOString();
  const result: unknown = await db.execute(sql`
    SELECT least(
      (SELECT min(opens_at) FROM consultations WHERE state = 'scheduled' AND opens_at > ${at}::timestamptz),
      (SELECT min(closes_at) FROM consultations WHERE state = 'open' AND closes_at > ${at}::timestamptz)
    ) AS at`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { at: unknown }[];
  const next = rows[0]?.at;
  return next ? new Date(next as string) : null;
}
