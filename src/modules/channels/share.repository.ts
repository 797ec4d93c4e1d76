/** Share links, their clicks, and the responses they brought; responses by channel for the channel report. */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { shareLinkResponses, shareLinks, type ShareLink } from './channels.tables.ts';
import { rows } from './sql-rows.ts';

export async function linksForConsultation(db: Db, consultationId: string): Promise<ShareLink[]> {
  return db
    .select()
    .from(shareLinks)
    .where(eq(shareLinks.consultationId, consultationId))
    .orderBy(shareLinks.targetPath, shareLinks.channel);
}

export async function findByCode(db: Db, code: string): Promise<ShareLink | undefined> {
  const [row] = await db.select().from(shareLinks).where(eq(shareLinks.code, code));
  return row;
}

export async function findLink(db: Db, targetPath: string, channel: string): Promise<ShareLink | undefined> {
  const [row] = await db
    .select()
    .from(shareLinks)
    .where(and(eq(shareLinks.targetPath, targetPath), eq(shareLinks.channel, channel)));
  return row;
}

/** Inserts a link unless that page already has one for the channel; a taken code is reported as undefined. */
export async function insertLink(db: Db, values: typeof shareLinks.$inferInsert): Promise<ShareLink | undefined> {
  const [row] = await db.insert(shareLinks).values(values).onConflictDoNothing().returning();
  return row;
}

/** Counts a click: one number goes up, nothing about the person is kept. */
export async function countClick(db: Db, id: string) {
  await db
    .update(shareLinks)
    .set({ clicks: sql`${shareLinks.clicks} + 1` })
    .where(eq(shareLinks.id, id));
}

export async function recordResponseSource(db: Db, responseId: string, shareLinkId: string) {
  await db.insert(shareLinkResponses).values({ responseId, shareLinkId }).onConflictDoNothing();
}

/** Responses to a consultation's questionnaire by channel. */
export async function responsesByChannel(db: Db, consultationId: string) {
  return rows<{ channel: string; n: number }>(
    db,
    sql`SELECT r.channel, count(*)::int AS n FROM responses r
        JOIN questionnaires q ON q.id = r.questionnaire_id AND q.owner_type = 'consultation'
        WHERE q.owner_id = ${consultationId} GROUP BY r.channel`,
  );
}

/** Per share link: clicks and the responses that started from it. */
export async function responsesByShareLink(db: Db, consultationId: string) {
  return rows<{ id: string; code: string; channel: string; target_path: string; clicks: number; n: number }>(
    db,
    sql`SELECT l.id, l.code, l.channel, l.target_path, l.clicks, count(s.response_id)::int AS n
        FROM share_links l LEFT JOIN share_link_responses s ON s.share_link_id = l.id
        WHERE l.consultation_id = ${consultationId}
        GROUP BY l.id ORDER BY l.target_path, l.channel`,
  );
}

/** Answers to "how did you hear about this" (a question keyed how_heard, how_did_you_hear or heard_about). */
export async function howHeard(db: Db, consultationId: string) {
  return rows<{ value: string; n: number }>(
    db,
    sql`SELECT v.value, count(*)::int AS n FROM responses r
        JOIN questionnaires q ON q.id = r.questionnaire_id AND q.owner_type = 'consultation'
        CROSS JOIN LATERAL (
          SELECT jsonb_array_elements_text(CASE jsonb_typeof(a.value) WHEN 'array' THEN a.value ELSE jsonb_build_array(a.value) END) AS value
          FROM jsonb_each(r.answers) a WHERE a.key IN ('how_heard', 'how_did_you_hear', 'heard_about')) v
        WHERE q.owner_id = ${consultationId} GROUP BY v.value ORDER BY n DESC`,
  );
}

/** The option labels of that question in the current version, value → label. */
export async function howHeardLabels(db: Db, consultationId: string): Promise<Map<string, string>> {
  const found = await rows<{ value: string; label: string }>(
    db,
    sql`SELECT o->>'value' AS value, o->>'label' AS label
        FROM questionnaires q
        JOIN questionnaire_versions v ON v.questionnaire_id = q.id AND v.version = q.current_version
        CROSS JOIN LATERAL jsonb_array_elements(v.definition->'pages') p
        CROSS JOIN LATERAL jsonb_array_elements(p->'questions') qn
        CROSS JOIN LATERAL jsonb_array_elements(coalesce(qn->'options', '[]'::jsonb)) o
        WHERE q.owner_type = 'consultation' AND q.owner_id = ${consultationId}
          AND qn->>'key' IN ('how_heard', 'how_did_you_hear', 'heard_about')`,
  );
  return new Map(found.map((f) => [f.value, f.label]));
}
