/**
 * Read-only SQL for results: counts are aggregated in the database over responses.answers
 * (never by loading responses into Node), so a summary costs one scan of one questionnaire's rows.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Answers } from './questionnaire.types.ts';

export interface ResultFilters {
  ward?: string;
  channel?: string;
  respondentType?: string;
  /** An About you answer: only ever set for roles allowed to see special category data. */
  group?: { key: string; value: string };
}

/** What one chart counts: a single answer, each element of a list, or one row of a matrix. */
export interface Series {
  id: string;
  key: string;
  kind: 'single' | 'multiple' | 'row';
  row?: string;
  /** Where the answer lives: the response, or the separate About you table. */
  source?: 'answers' | 'equalities';
}

export interface Count {
  value: string;
  count: number;
}

/** Both drivers through one shape: PGlite returns { rows }, node-postgres a result with rows too. */
async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/** The WHERE clause every summary shares, so one set of filters narrows every number on the page. */
function where(questionnaireId: string, filters: ResultFilters): SQL {
  const parts: SQL[] = [sql`r.questionnaire_id = ${questionnaireId}`];
  if (filters.ward) parts.push(sql`r.ward_code = ${filters.ward}`);
  if (filters.channel) parts.push(sql`r.channel = ${filters.channel}`);
  if (filters.respondentType) parts.push(sql`r.respondent_type = ${filters.respondentType}`);
  if (filters.group) {
    // Containment, not ->>, so the GIN index (migration 0013) picks the few matching people first.
    // About you questions are all single choice, so their answers are plain strings and the two agree.
    const contains = JSON.stringify({ [filters.group.key]: filters.group.value });
    parts.push(sql`r.id IN (SELECT g.response_id FROM response_equalities g
      WHERE g.questionnaire_id = ${questionnaireId} AND g.answers @> ${contains}::jsonb)`);
  }
  return sql.join(parts, sql` AND `);
}

export interface Headline {
  total: number;
  byChannel: Count[];
  byRespondentType: Count[];
  byWard: Count[];
  byDay: Count[];
}

/**
 * Totals by channel, respondent type, ward and day (Europe/London): from the tallies, or with an
 * About you group filter (not a tally dimension) from one scan of the responses.
 */
export async function headline(db: Db, questionnaireId: string, filters: ResultFilters): Promise<Headline> {
  return filters.group ? scanHeadline(db, questionnaireId, filters) : tallyHeadline(db, questionnaireId, filters);
}

/** The tallies' WHERE clause: the same filters as `where`, on the tallies' own dimension columns. */
function tallyWhere(questionnaireId: string, filters: ResultFilters): SQL {
  const parts: SQL[] = [sql`t.questionnaire_id = ${questionnaireId}`];
  if (filters.ward) parts.push(sql`t.ward_code = ${filters.ward}`);
  if (filters.channel) parts.push(sql`t.channel = ${filters.channel}`);
  if (filters.respondentType) parts.push(sql`t.respondent_type = ${filters.respondentType}`);
  return sql.join(parts, sql` AND `);
}

async function tallyHeadline(db: Db, questionnaireId: string, filters: ResultFilters): Promise<Headline> {
  const filter = tallyWhere(questionnaireId, filters);
  const found = await rows<{ dim: string; value: string | null; count: number }>(
    db,
    sql`WITH totals AS (SELECT t.channel, t.respondent_type, t.ward_code, sum(t.n)::int AS n
          FROM response_tallies t WHERE ${filter} AND t.series = '#total'
          GROUP BY t.channel, t.respondent_type, t.ward_code)
        SELECT 'channel' AS dim, channel AS value, sum(n)::int AS count FROM totals GROUP BY channel
        UNION ALL SELECT 'type', respondent_type, sum(n)::int FROM totals GROUP BY respondent_type
        UNION ALL SELECT 'ward', ward_code, sum(n)::int FROM totals GROUP BY ward_code
        UNION ALL SELECT 'day', t.value, sum(t.n)::int FROM response_tallies t
          WHERE ${filter} AND t.series = '#day' GROUP BY t.value
        ORDER BY 1, 2`,
  );
  return toHeadline(found.filter((row) => Number(row.count) !== 0));
}

function toHeadline(found: { dim: string; value: string | null; count: number }[]): Headline {
  const of = (dim: string) =>
    found.filter((row) => row.dim === dim).map((row) => ({ value: row.value ?? '', count: Number(row.count) }));
  const byChannel = of('channel');
  return {
    total: byChannel.reduce((sum, row) => sum + row.count, 0),
    byChannel,
    byRespondentType: of('type'),
    byWard: of('ward'),
    byDay: of('day'),
  };
}

export async function scanHeadline(db: Db, questionnaireId: string, filters: ResultFilters): Promise<Headline> {
  const found = await rows<{ dim: string; value: string | null; count: number }>(
    db,
    sql`SELECT d.dim, d.value, count(*)::int AS count
        FROM responses r
        CROSS JOIN LATERAL (VALUES
          ('channel', r.channel),
          ('type', r.respondent_type),
          ('ward', r.ward_code),
          ('day', to_char(r.submitted_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD'))
        ) AS d(dim, value)
        WHERE ${where(questionnaireId, filters)}
        GROUP BY d.dim, d.value
        ORDER BY d.dim, d.value`,
  );
  return toHeadline(found);
}

const ANSWERED = '#answered';

const columnOf = (series: Series) => (series.source === 'equalities' ? sql`e.answers` : sql`r.answers`);

/** One (series, value) pair per response: the answer itself, or for a list whether it was answered. */
function scalarPair(series: Series): SQL {
  const column = columnOf(series);
  switch (series.kind) {
    case 'single':
      return sql`(${series.id}::text, ${column}->>${series.key})`;
    case 'row':
      return sql`(${series.id}::text, ${column}->${series.key}->>${series.row ?? ''})`;
    case 'multiple':
      return sql`(${series.id + ANSWERED}::text, CASE WHEN jsonb_typeof(${column}->${series.key}) = 'array'
        AND jsonb_array_length(${column}->${series.key}) > 0 THEN '' END)`;
  }
}

/**
 * Counts of every value of every series, and how many responses answered each, for the filtered
 * responses. One scan yields a row per (response, series) from a VALUES list, plus one set-returning
 * scan per multiple-choice question; a single hash aggregate counts them all. (A count of distinct
 * responses per series was ten times slower at 100,000 responses: single answers need none, as
 * each response gives at most one value, and lists carry their own "answered" marker.)
 */
export async function countAnswers(
  db: Db,
  questionnaireId: string,
  filters: ResultFilters,
  series: Series[],
): Promise<Map<string, { answered: number; counts: Count[] }>> {
  return filters.group
    ? scanAnswers(db, questionnaireId, filters, series)
    : tallyAnswers(db, questionnaireId, filters, series);
}

/** The tallies' name for a series (migration 0011): key, key/row, about:key. */
const tallyName = (s: Series) =>
  `${s.source === 'equalities' ? 'about:' : ''}${s.key}${s.kind === 'row' ? `/${s.row ?? ''}` : ''}`;

/** Counts of every series from the pre-aggregated tallies: a few rows per option, whatever the number of responses. */
async function tallyAnswers(
  db: Db,
  questionnaireId: string,
  filters: ResultFilters,
  series: Series[],
): Promise<Map<string, { answered: number; counts: Count[] }>> {
  const result = new Map<string, { answered: number; counts: Count[] }>();
  for (const s of series) result.set(s.id, { answered: 0, counts: [] });
  if (series.length === 0) return result;
  const names = [
    ...new Set(
      series.flatMap((s) => (s.kind === 'multiple' ? [tallyName(s), tallyName(s) + ANSWERED] : [tallyName(s)])),
    ),
  ];
  const found = await rows<{ series: string; value: string; count: number }>(
    db,
    sql`SELECT t.series, t.value, sum(t.n)::int AS count FROM response_tallies t
        WHERE ${tallyWhere(questionnaireId, filters)}
          AND t.series IN (${sql.join(
            names.map((name) => sql`${name}`),
            sql`, `,
          )})
        GROUP BY t.series, t.value
        HAVING sum(t.n) <> 0`,
  );
  const byName = new Map<string, { value: string; count: number }[]>();
  for (const row of found) {
    const list = byName.get(row.series) ?? [];
    list.push({ value: row.value, count: Number(row.count) });
    byName.set(row.series, list);
  }
  for (const s of series) {
    const counts = byName.get(tallyName(s)) ?? [];
    const answered =
      s.kind === 'multiple'
        ? (byName.get(tallyName(s) + ANSWERED)?.[0]?.count ?? 0)
        : counts.reduce((sum, c) => sum + c.count, 0);
    result.set(s.id, { answered, counts });
  }
  return result;
}

/** Folds a questionnaire's tallies into one row per distinct combination (the compaction job, and benches). */
export async function compactTallies(db: Db, questionnaireId: string): Promise<void> {
  await db.transaction(async (tx) => {
    // One compaction per questionnaire at a time; submissions never take this lock.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`response_tallies:${questionnaireId}`}))`);
    await tx.execute(sql`WITH moved AS (
        DELETE FROM response_tallies WHERE questionnaire_id = ${questionnaireId}
        RETURNING questionnaire_id, channel, respondent_type, ward_code, series, value, n)
      INSERT INTO response_tallies (questionnaire_id, channel, respondent_type, ward_code, series, value, n, compacted)
      SELECT questionnaire_id, channel, respondent_type, ward_code, series, value, sum(n)::int, true FROM moved
      GROUP BY questionnaire_id, channel, respondent_type, ward_code, series, value
      HAVING sum(n) <> 0`);
  });
}

/** Questionnaires with tallies appended since their last compaction. */
export async function questionnairesWithPendingTallies(db: Db): Promise<string[]> {
  const found = await rows<{ questionnaire_id: string }>(
    db,
    sql`SELECT DISTINCT questionnaire_id FROM response_tallies WHERE NOT compacted`,
  );
  return found.map((row) => row.questionnaire_id);
}

/** The same counts from one scan of the responses: for the About you group filter, which tallies do not carry. */
export async function scanAnswers(
  db: Db,
  questionnaireId: string,
  filters: ResultFilters,
  series: Series[],
): Promise<Map<string, { answered: number; counts: Count[] }>> {
  const result = new Map<string, { answered: number; counts: Count[] }>();
  for (const s of series) result.set(s.id, { answered: 0, counts: [] });
  if (series.length === 0) return result;
  const from = (list: Series[]) =>
    list.some((s) => s.source === 'equalities')
      ? sql`responses r LEFT JOIN response_equalities e ON e.response_id = r.id`
      : sql`responses r`;
  const filter = where(questionnaireId, filters);
  const parts = [
    sql`SELECT s.id, s.value FROM ${from(series)}
        CROSS JOIN LATERAL (VALUES ${sql.join(series.map(scalarPair), sql`, `)}) AS s(id, value)
        WHERE ${filter}`,
    ...series
      .filter((s) => s.kind === 'multiple')
      .map((s) => {
        const column = columnOf(s);
        // Guard the type: a stored scalar (from an older version) must not abort the whole query.
        return sql`SELECT ${s.id}::text, x.value FROM ${from([s])}
          CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(${column}->${s.key}) = 'array'
            THEN ${column}->${s.key} ELSE '[]'::jsonb END) AS x(value)
          WHERE ${filter}`;
      }),
  ];
  const found = await rows<{ id: string; value: string; count: number }>(
    db,
    sql`SELECT t.id, t.value, count(*)::int AS count
        FROM (${sql.join(parts, sql` UNION ALL `)}) AS t(id, value)
        WHERE t.value IS NOT NULL
        GROUP BY t.id, t.value`,
  );
  for (const row of found) {
    const marker = row.id.endsWith(ANSWERED);
    const entry = result.get(marker ? row.id.slice(0, -ANSWERED.length) : row.id);
    if (!entry) continue;
    if (marker) entry.answered = Number(row.count);
    else entry.counts.push({ value: row.value, count: Number(row.count) });
  }
  for (const [id, entry] of result) {
    const kind = series.find((s) => s.id === id)?.kind;
    if (kind !== 'multiple') entry.answered = entry.counts.reduce((sum, c) => sum + c.count, 0);
  }
  return result;
}

export interface TextAnswer {
  id: string;
  reference: string;
  submittedAt: Date;
  text: string;
}

/** `%`, `_` and `\` typed by staff are searched for literally, not as wildcards. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One page of the answers to a text question, newest first, optionally containing `search`. */
export async function textAnswers(
  db: Db,
  questionnaireId: string,
  filters: ResultFilters,
  key: string,
  search: string,
  limit: number,
  offset: number,
): Promise<{ total: number; answers: TextAnswer[] }> {
  const matches = search ? sql` AND r.answers->>${key} ILIKE ${`%${escapeLike(search)}%`} ESCAPE '\\'` : sql``;
  const condition = sql`${where(questionnaireId, filters)} AND coalesce(r.answers->>${key}, '') <> ''${matches}`;
  const [counted, found] = await Promise.all([
    rows<{ total: number }>(db, sql`SELECT count(*)::int AS total FROM responses r WHERE ${condition}`),
    rows<{ id: string; reference: string; submitted_at: string | Date; text: string }>(
      db,
      sql`SELECT r.id, r.reference, r.submitted_at, r.answers->>${key} AS text FROM responses r
          WHERE ${condition} ORDER BY r.submitted_at DESC, r.id LIMIT ${limit} OFFSET ${offset}`,
    ),
  ]);
  return {
    total: Number(counted[0]?.total ?? 0),
    answers: found.map((row) => ({
      id: row.id,
      reference: row.reference,
      submittedAt: new Date(row.submitted_at),
      text: row.text,
    })),
  };
}

export interface FullResponse {
  id: string;
  reference: string;
  version: number;
  channel: string;
  respondentType: string;
  organisationName: string | null;
  publicationConsent: string;
  respondentName: string | null;
  respondentEmail: string | null;
  postcode: string | null;
  wardCode: string | null;
  answers: Answers;
  submittedAt: Date;
  equalities: Answers | null;
}

const RESPONSE_COLUMNS = sql`r.id, r.reference, r.version, r.channel, r.respondent_type, r.organisation_name,
  r.publication_consent, r.respondent_name, r.respondent_email, r.postcode, r.ward_code, r.answers, r.submitted_at,
  e.answers AS equalities`;

type ResponseSqlRow = {
  id: string;
  reference: string;
  version: number;
  channel: string;
  respondent_type: string;
  organisation_name: string | null;
  publication_consent: string;
  respondent_name: string | null;
  respondent_email: string | null;
  postcode: string | null;
  ward_code: string | null;
  answers: Answers | string;
  submitted_at: string | Date;
  equalities: Answers | string | null;
};

const parsed = (value: Answers | string | null): Answers | null =>
  typeof value === 'string' ? (JSON.parse(value) as Answers) : value;

function toResponse(row: ResponseSqlRow): FullResponse {
  return {
    id: row.id,
    reference: row.reference,
    version: row.version,
    channel: row.channel,
    respondentType: row.respondent_type,
    organisationName: row.organisation_name,
    publicationConsent: row.publication_consent,
    respondentName: row.respondent_name,
    respondentEmail: row.respondent_email,
    postcode: row.postcode,
    wardCode: row.ward_code,
    answers: parsed(row.answers) ?? {},
    submittedAt: new Date(row.submitted_at),
    equalities: parsed(row.equalities),
  };
}

/** One response of this questionnaire (undefined for another questionnaire's, so IDs reveal nothing). */
export async function findResponse(db: Db, questionnaireId: string, responseId: string) {
  const [row] = await rows<ResponseSqlRow>(
    db,
    sql`SELECT ${RESPONSE_COLUMNS}
        FROM responses r
        LEFT JOIN response_equalities e ON e.response_id = r.id
        WHERE r.questionnaire_id = ${questionnaireId} AND r.id = ${responseId}`,
  );
  return row ? toResponse(row) : undefined;
}

/** Every filtered response in submission order, for exports. */
export async function listResponses(db: Db, questionnaireId: string, filters: ResultFilters) {
  const found = await rows<ResponseSqlRow>(
    db,
    sql`SELECT ${RESPONSE_COLUMNS}
        FROM responses r
        LEFT JOIN response_equalities e ON e.response_id = r.id
        WHERE ${where(questionnaireId, filters)}
        ORDER BY r.submitted_at, r.reference`,
  );
  return found.map(toResponse);
}
