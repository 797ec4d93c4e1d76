/** SQL for insight's tables, and read-only joins onto responses (through the questionnaires module's tables). */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { InsightCampaign, InsightCluster, InsightRun } from './insight.tables.ts';

export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

const RUN_COLUMNS = sql`id, consultation_id AS "consultationId", question_key AS "questionKey", status, progress, stage,
  method, method_version AS "methodVersion", seed::float8 AS seed, answer_count AS "answerCount", theme_count AS "themeCount",
  details, error, created_by AS "createdBy", created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt"`;

const dates = <T extends Record<string, unknown>>(row: T, keys: (keyof T)[]): T => {
  for (const k of keys) if (row[k] !== null && row[k] !== undefined && !(row[k] instanceof Date)) row[k] = new Date(row[k] as string) as T[keyof T];
  return row;
};
const runRow = (r: InsightRun) => dates(r, ['createdAt', 'startedAt', 'finishedAt']);

/** The written answers to one question of a consultation, oldest first (a stable order for seeded sampling). */
export async function answersTo(db: Db, consultationId: string, questionKey: string) {
  return rows<{ id: string; text: string }>(
    db,
    sql`SELECT r.id, r.answers->>${questionKey} AS text
        FROM responses r JOIN questionnaires q ON q.id = r.questionnaire_id
        WHERE q.owner_type = 'consultation' AND q.owner_id = ${consultationId}
          AND jsonb_typeof(r.answers->${questionKey}) = 'string' AND length(trim(r.answers->>${questionKey})) > 0
        ORDER BY r.submitted_at, r.id`,
  );
}

/** Every response of the consultation with its written answers joined into one text, for campaign detection. */
export async function responsesForCampaigns(db: Db, consultationId: string, questionKeys: string[]) {
  if (!questionKeys.length) return [];
  const parts = sql.join(
    questionKeys.map((k) => sql`coalesce(CASE WHEN jsonb_typeof(r.answers->${k}) = 'string' THEN r.answers->>${k} END, '')`),
    sql` || ' ' || `,
  );
  const found = await rows<{ id: string; text: string; submittedAt: string | Date; marker: string | null }>(
    db,
    sql`SELECT r.id, ${parts} AS text, r.submitted_at AS "submittedAt", r.source_marker AS marker
        FROM responses r JOIN questionnaires q ON q.id = r.questionnaire_id
        WHERE q.owner_type = 'consultation' AND q.owner_id = ${consultationId}
        ORDER BY r.submitted_at, r.id`,
  );
  return found.map((r) => ({ ...r, submittedAt: new Date(r.submittedAt) }));
}

export async function insertRun(
  db: Db,
  values: { consultationId: string; questionKey: string; method: string; methodVersion: string; seed: number; createdBy: string | null; now: Date },
): Promise<InsightRun> {
  const [row] = await rows<InsightRun>(
    db,
    sql`INSERT INTO insight_runs (consultation_id, question_key, method, method_version, seed, created_by, created_at)
        VALUES (${values.consultationId}, ${values.questionKey}, ${values.method}, ${values.methodVersion}, ${values.seed},
                ${values.createdBy}, ${values.now.toISOString()})
        RETURNING ${RUN_COLUMNS}`,
  );
  return runRow(row!);
}

export async function findRun(db: Db, runId: string): Promise<InsightRun | undefined> {
  const [row] = await rows<InsightRun>(db, sql`SELECT ${RUN_COLUMNS} FROM insight_runs WHERE id = ${runId}`);
  return row && runRow(row);
}

/** The newest run of each question of the consultation (any status). */
export async function latestRuns(db: Db, consultationId: string): Promise<InsightRun[]> {
  const found = await rows<InsightRun>(
    db,
    sql`SELECT DISTINCT ON (question_key) ${RUN_COLUMNS} FROM insight_runs
        WHERE consultation_id = ${consultationId} ORDER BY question_key, created_at DESC, id`,
  );
  return found.map(runRow);
}

/** The newest finished run of a question: the one the coding page shows. */
export async function latestDoneRun(db: Db, consultationId: string, questionKey: string): Promise<InsightRun | undefined> {
  const [row] = await rows<InsightRun>(
    db,
    sql`SELECT ${RUN_COLUMNS} FROM insight_runs WHERE consultation_id = ${consultationId} AND question_key = ${questionKey}
        AND status = 'done' ORDER BY finished_at DESC, id LIMIT 1`,
  );
  return row && runRow(row);
}

export async function updateRunProgress(db: Db, runId: string, progress: number, stage: string) {
  await db.execute(sql`UPDATE insight_runs SET progress = ${progress}, stage = ${stage} WHERE id = ${runId} AND status = 'running'`);
}

/** Claims a queued run; false when another worker already has it. */
export async function startRun(db: Db, runId: string, now: Date): Promise<boolean> {
  const claimed = await rows<{ id: string }>(
    db,
    sql`UPDATE insight_runs SET status = 'running', started_at = ${now.toISOString()}, stage = 'Starting'
        WHERE id = ${runId} AND status = 'queued' RETURNING id`,
  );
  return claimed.length > 0;
}

export async function finishRun(db: Db, runId: string, values: { answerCount: number; themeCount: number; details: unknown; now: Date }) {
  await db.execute(
    sql`UPDATE insight_runs SET status = 'done', progress = 100, stage = 'Finished', answer_count = ${values.answerCount},
        theme_count = ${values.themeCount}, details = ${JSON.stringify(values.details)}::jsonb, finished_at = ${values.now.toISOString()}
        WHERE id = ${runId}`,
  );
}

export async function failRun(db: Db, runId: string, error: string, now: Date) {
  await db.execute(
    sql`UPDATE insight_runs SET status = 'failed', stage = 'Failed', error = ${error}, finished_at = ${now.toISOString()} WHERE id = ${runId}`,
  );
}

export async function insertClusters(
  db: Db,
  runId: string,
  clusters: { position: number; label: string; words: string[]; phrases: string[]; answerCount: number; quotes: unknown; stances: unknown }[],
): Promise<{ id: string; position: number }[]> {
  if (!clusters.length) return [];
  return rows<{ id: string; position: number }>(
    db,
    sql`INSERT INTO insight_clusters (run_id, position, label, words, phrases, answer_count, quotes, stances)
        SELECT ${runId}, x.position, x.label, ARRAY(SELECT jsonb_array_elements_text(x.words)), ARRAY(SELECT jsonb_array_elements_text(x.phrases)),
               x.answer_count, x.quotes, x.stances
        FROM jsonb_to_recordset(${JSON.stringify(clusters.map((c) => ({ ...c, answer_count: c.answerCount })))}::jsonb)
          AS x(position int, label text, words jsonb, phrases jsonb, answer_count int, quotes jsonb, stances jsonb)
        RETURNING id, position`,
  );
}

/** Bulk insert, a chunk at a time (one statement per 5,000 rows). */
export async function insertSuggestions(
  db: Db,
  runId: string,
  suggestions: { r: string; c: string; k: number; p: number; s: string | null }[],
) {
  const CHUNK = 5000;
  for (let i = 0; i < suggestions.length; i += CHUNK) {
    const chunk = suggestions.slice(i, i + CHUNK);
    await db.execute(
      sql`INSERT INTO insight_suggestions (run_id, response_id, cluster_id, rank, confidence, stance)
          SELECT ${runId}, x.r, x.c, x.k, x.p, x.s FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
            AS x(r uuid, c uuid, k smallint, p real, s text)`,
    );
  }
}

export async function clustersOf(db: Db, runId: string): Promise<InsightCluster[]> {
  return rows<InsightCluster>(
    db,
    sql`SELECT id, run_id AS "runId", position, label, words, phrases, answer_count AS "answerCount", quotes, stances, theme_id AS "themeId"
        FROM insight_clusters WHERE run_id = ${runId} ORDER BY position`,
  );
}

export async function setClusterTheme(db: Db, clusterId: string, themeId: string | null, label?: string) {
  await db.execute(
    label === undefined
      ? sql`UPDATE insight_clusters SET theme_id = ${themeId} WHERE id = ${clusterId}`
      : sql`UPDATE insight_clusters SET theme_id = ${themeId}, label = ${label} WHERE id = ${clusterId}`,
  );
}

export interface CodingRow {
  responseId: string;
  reference: string;
  text: string;
  confidence: number;
  rank: number;
  stance: string | null;
  decision: string | null;
  decidedStance: string | null;
  campaignCounting: string | null;
}

/**
 * One page of a suggested theme's answers, most confident first. The index on
 * (cluster_id, confidence DESC, response_id) makes this a range read however many answers there are.
 */
export async function codingPage(
  db: Db,
  input: { clusterId: string; themeId: string | null; questionKey: string; limit: number; offset: number },
): Promise<CodingRow[]> {
  return rows<CodingRow>(
    db,
    sql`SELECT s.response_id AS "responseId", r.reference, r.answers->>${input.questionKey} AS text, s.confidence, s.rank, s.stance,
               d.decision, d.stance AS "decidedStance",
               (SELECT c.counting FROM insight_campaign_members m JOIN insight_campaigns c ON c.id = m.campaign_id
                 WHERE m.response_id = s.response_id AND c.current ORDER BY c.member_count DESC LIMIT 1) AS "campaignCounting"
        FROM (SELECT response_id, confidence, rank, stance FROM insight_suggestions WHERE cluster_id = ${input.clusterId}
              ORDER BY confidence DESC, response_id LIMIT ${input.limit} OFFSET ${input.offset}) s
        JOIN responses r ON r.id = s.response_id
        LEFT JOIN insight_decisions d ON d.response_id = s.response_id AND d.question_key = ${input.questionKey}
          AND d.theme_id = ${input.themeId}
        ORDER BY s.confidence DESC, s.response_id`,
  );
}

/** How many answers a suggested theme has (the cluster's own count, kept at insert). */
export async function decisionCounts(db: Db, questionKey: string, themeIds: string[]) {
  if (!themeIds.length) return new Map<string, { accepted: number; rejected: number }>();
  const found = await rows<{ themeId: string; accepted: number; rejected: number }>(
    db,
    sql`SELECT theme_id AS "themeId", count(*) FILTER (WHERE decision = 'accepted')::int AS accepted,
               count(*) FILTER (WHERE decision = 'rejected')::int AS rejected
        FROM insight_decisions WHERE question_key = ${questionKey}
          AND theme_id IN (${sql.join(themeIds.map((t) => sql`${t}`), sql`, `)}) GROUP BY theme_id`,
  );
  return new Map(found.map((r) => [r.themeId, { accepted: Number(r.accepted), rejected: Number(r.rejected) }]));
}

/** Records (or changes) an officer's decision on one answer and one theme. */
export async function upsertDecisions(
  db: Db,
  values: { consultationId: string; questionKey: string; responseIds: string[]; themeId: string; decision: 'accepted' | 'rejected'; decidedBy: string | null; now: Date },
) {
  if (!values.responseIds.length) return;
  await db.execute(
    sql`INSERT INTO insight_decisions (consultation_id, question_key, response_id, theme_id, decision, stance, decided_by, decided_at)
        SELECT ${values.consultationId}, ${values.questionKey}, x.r, ${values.themeId}, ${values.decision},
               (SELECT s.stance FROM insight_suggestions s JOIN insight_clusters c ON c.id = s.cluster_id
                 WHERE s.response_id = x.r AND c.theme_id = ${values.themeId} ORDER BY s.rank LIMIT 1),
               ${values.decidedBy}, ${values.now.toISOString()}
        FROM (SELECT value::uuid AS r FROM jsonb_array_elements_text(${JSON.stringify(values.responseIds)}::jsonb)) x
        ON CONFLICT (response_id, question_key, theme_id)
        DO UPDATE SET decision = EXCLUDED.decision, decided_by = EXCLUDED.decided_by, decided_at = EXCLUDED.decided_at`,
  );
}

/** Which of these responses belong to the consultation's question (guards ids posted in forms). */
export async function responsesOfCluster(db: Db, clusterId: string, responseIds: string[]) {
  if (!responseIds.length) return [];
  const found = await rows<{ id: string }>(
    db,
    sql`SELECT response_id AS id FROM insight_suggestions WHERE cluster_id = ${clusterId}
        AND response_id IN (${sql.join(responseIds.map((r) => sql`${r}::uuid`), sql`, `)})`,
  );
  return found.map((r) => r.id);
}

export async function findCluster(db: Db, clusterId: string) {
  const [row] = await rows<InsightCluster & { consultationId: string; questionKey: string }>(
    db,
    sql`SELECT c.id, c.run_id AS "runId", c.position, c.label, c.words, c.phrases, c.answer_count AS "answerCount", c.quotes, c.stances,
               c.theme_id AS "themeId", r.consultation_id AS "consultationId", r.question_key AS "questionKey"
        FROM insight_clusters c JOIN insight_runs r ON r.id = c.run_id WHERE c.id = ${clusterId}`,
  );
  return row;
}

/** The answers of a suggested theme (primary suggestions), for splitting it. */
export async function clusterAnswers(db: Db, clusterId: string, questionKey: string) {
  return rows<{ id: string; text: string }>(
    db,
    sql`SELECT r.id, r.answers->>${questionKey} AS text FROM insight_suggestions s JOIN responses r ON r.id = s.response_id
        WHERE s.cluster_id = ${clusterId} AND s.rank = 0 ORDER BY r.submitted_at, r.id`,
  );
}

export async function deleteCluster(db: Db, clusterId: string) {
  await db.execute(sql`DELETE FROM insight_clusters WHERE id = ${clusterId}`);
}

export async function nextClusterPosition(db: Db, runId: string): Promise<number> {
  const [row] = await rows<{ n: number }>(db, sql`SELECT coalesce(max(position), -1)::int + 1 AS n FROM insight_clusters WHERE run_id = ${runId}`);
  return Number(row!.n);
}

// Campaigns

export async function currentCampaigns(db: Db, consultationId: string): Promise<InsightCampaign[]> {
  const found = await rows<InsightCampaign>(
    db,
    sql`SELECT id, consultation_id AS "consultationId", kind, signature, label, example, member_count AS "memberCount",
               first_at AS "firstAt", last_at AS "lastAt", counting, decided_by AS "decidedBy", decided_at AS "decidedAt",
               detected_at AS "detectedAt", current
        FROM insight_campaigns WHERE consultation_id = ${consultationId} AND current
        ORDER BY member_count DESC, signature`,
  );
  return found.map((c) => dates(c, ['firstAt', 'lastAt', 'decidedAt', 'detectedAt']));
}

/**
 * Replaces the consultation's detected groups: a group with the same signature keeps its row and
 * its officers' choice; groups no longer found are marked not current (never deleted).
 */
export async function saveCampaigns(
  db: Db,
  consultationId: string,
  groups: { kind: string; signature: string; label: string; example: string; members: string[]; firstAt: Date; lastAt: Date }[],
  now: Date,
) {
  await db.execute(sql`UPDATE insight_campaigns SET current = false WHERE consultation_id = ${consultationId}`);
  if (!groups.length) return;
  const saved = await rows<{ id: string; signature: string }>(
    db,
    sql`INSERT INTO insight_campaigns (consultation_id, kind, signature, label, example, member_count, first_at, last_at, detected_at, current)
        SELECT ${consultationId}, x.kind, x.signature, x.label, x.example, x.member_count, x.first_at, x.last_at, ${now.toISOString()}, true
        FROM jsonb_to_recordset(${JSON.stringify(
          groups.map((g) => ({
            kind: g.kind,
            signature: g.signature,
            label: g.label,
            example: g.example.slice(0, 2000),
            member_count: g.members.length,
            first_at: g.firstAt.toISOString(),
            last_at: g.lastAt.toISOString(),
          })),
        )}::jsonb) AS x(kind text, signature text, label text, example text, member_count int, first_at timestamptz, last_at timestamptz)
        ON CONFLICT (consultation_id, signature) DO UPDATE SET kind = EXCLUDED.kind, label = EXCLUDED.label, example = EXCLUDED.example,
          member_count = EXCLUDED.member_count, first_at = EXCLUDED.first_at, last_at = EXCLUDED.last_at,
          detected_at = EXCLUDED.detected_at, current = true
        RETURNING id, signature`,
  );
  const idOf = new Map(saved.map((s) => [s.signature, s.id]));
  const ids = [...idOf.values()];
  await db.execute(sql`DELETE FROM insight_campaign_members WHERE campaign_id IN (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})`);
  const members = groups.flatMap((g) => g.members.map((r) => ({ c: idOf.get(g.signature)!, r })));
  for (let i = 0; i < members.length; i += 10000) {
    await db.execute(
      sql`INSERT INTO insight_campaign_members (campaign_id, response_id)
          SELECT x.c, x.r FROM jsonb_to_recordset(${JSON.stringify(members.slice(i, i + 10000))}::jsonb) AS x(c uuid, r uuid)
          ON CONFLICT DO NOTHING`,
    );
  }
}

export async function findCampaign(db: Db, consultationId: string, campaignId: string) {
  return (await currentCampaigns(db, consultationId)).find((c) => c.id === campaignId);
}

export async function setCampaignCounting(db: Db, campaignId: string, counting: string, decidedBy: string | null, now: Date) {
  await db.execute(
    sql`UPDATE insight_campaigns SET counting = ${counting}, decided_by = ${decidedBy}, decided_at = ${now.toISOString()} WHERE id = ${campaignId}`,
  );
}

/**
 * Voices per suggested theme: answers in a campaign counted as one voice count once per campaign.
 */
export async function voicesPerCluster(db: Db, runId: string): Promise<Map<string, number>> {
  const found = await rows<{ clusterId: string; voices: number }>(
    db,
    sql`SELECT s.cluster_id AS "clusterId",
               count(DISTINCT coalesce((SELECT c.id::text FROM insight_campaign_members m JOIN insight_campaigns c ON c.id = m.campaign_id
                   WHERE m.response_id = s.response_id AND c.current AND c.counting = 'one' ORDER BY c.id LIMIT 1), s.response_id::text))::int AS voices
        FROM insight_suggestions s WHERE s.run_id = ${runId} AND s.rank = 0 GROUP BY s.cluster_id`,
  );
  return new Map(found.map((r) => [r.clusterId, Number(r.voices)]));
}
