/** SQL for community intelligence: items, their lists and trends, imports, rising-issue counts. */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { intelligenceItems, type IntelligenceItem } from './wards.tables.ts';
import { organisations, staffUsers } from './wards.deps.ts';
import { rows, textArray } from './wards.repository.ts';

export type ItemValues = Omit<typeof intelligenceItems.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

export async function insertItem(db: Db, values: ItemValues): Promise<IntelligenceItem> {
  const [row] = await db.insert(intelligenceItems).values(values).returning();
  return row!;
}

/** Imported rows; a reference already imported by the organisation for that channel is skipped (unique index). */
export async function insertImported(db: Db, values: ItemValues[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < values.length; i += 500) {
    const done = await db
      .insert(intelligenceItems)
      .values(values.slice(i, i + 500))
      .onConflictDoNothing()
      .returning({ id: intelligenceItems.id });
    inserted += done.length;
  }
  return inserted;
}

/** Which of these references the organisation has already imported for the channel. */
export async function existingRefs(db: Db, organisationId: string, channel: string, refs: string[]) {
  if (refs.length === 0) return new Set<string>();
  const found = await rows<{ source_ref: string }>(
    db,
    sql`SELECT source_ref FROM intelligence_items WHERE organisation_id = ${organisationId}::uuid
        AND channel = ${channel} AND source_ref = ANY(${textArray(refs)})`,
  );
  return new Set(found.map((f) => f.source_ref));
}

export async function updateItem(db: Db, id: string, values: Partial<ItemValues>, now: Date) {
  const [row] = await db
    .update(intelligenceItems)
    .set({ ...values, updatedAt: now })
    .where(eq(intelligenceItems.id, id))
    .returning();
  return row;
}

export async function findItem(db: Db, id: string) {
  const [row] = await db
    .select({ item: intelligenceItems, organisationName: organisations.name, recordedByName: staffUsers.name })
    .from(intelligenceItems)
    .innerJoin(organisations, eq(organisations.id, intelligenceItems.organisationId))
    .leftJoin(staffUsers, eq(staffUsers.id, intelligenceItems.recordedBy))
    .where(eq(intelligenceItems.id, id));
  return row;
}

export interface ItemFilter {
  wardCode?: string;
  topic?: string;
  organisationId?: string;
  channel?: string;
  needsAction?: boolean;
  from?: string;
}

function where(filter: ItemFilter): SQL {
  const parts: SQL[] = [sql`true`];
  if (filter.wardCode === 'borough') parts.push(sql`i.ward_code IS NULL`);
  else if (filter.wardCode) parts.push(sql`i.ward_code = ${filter.wardCode}`);
  if (filter.topic) parts.push(sql`${filter.topic} = ANY(i.topics)`);
  if (filter.organisationId) parts.push(sql`i.organisation_id = ${filter.organisationId}::uuid`);
  if (filter.channel) parts.push(sql`i.channel = ${filter.channel}`);
  if (filter.needsAction) parts.push(sql`i.needs_action`);
  if (filter.from) parts.push(sql`i.heard_on >= ${filter.from}::date`);
  return sql.join(parts, sql` AND `);
}

export interface ItemRow {
  id: string;
  organisation_id: string;
  organisation_name: string;
  channel: string;
  ward_code: string | null;
  topics: string[];
  summary: string;
  sentiment: string;
  needs_action: boolean;
  action_by: string;
  heard_on: string;
  activity_id: string | null;
  consultation_id: string | null;
}

export async function listItems(db: Db, filter: ItemFilter, limit: number, offset = 0) {
  const [items, count] = await Promise.all([
    rows<ItemRow>(
      db,
      sql`SELECT i.id, i.organisation_id, o.name AS organisation_name, i.channel, i.ward_code, i.topics, i.summary,
                 i.sentiment, i.needs_action, i.action_by, to_char(i.heard_on, 'YYYY-MM-DD') AS heard_on,
                 i.activity_id, i.consultation_id
          FROM intelligence_items i JOIN organisations o ON o.id = i.organisation_id
          WHERE ${where(filter)} ORDER BY i.heard_on DESC, i.created_at DESC LIMIT ${limit} OFFSET ${offset}`,
    ),
    rows<{ n: string | number }>(db, sql`SELECT count(*) AS n FROM intelligence_items i WHERE ${where(filter)}`),
  ]);
  return { items, total: Number(count[0]?.n ?? 0) };
}

/** Items per month (YYYY-MM) and topic, narrowed by the filter. */
export async function countsByMonthAndTopic(db: Db, filter: ItemFilter) {
  const found = await rows<{ month: string; topic: string; n: string | number }>(
    db,
    sql`SELECT to_char(i.heard_on, 'YYYY-MM') AS month, t AS topic, count(*) AS n
        FROM intelligence_items i, unnest(i.topics) AS t
        WHERE ${where(filter)} GROUP BY 1, 2`,
  );
  return found.map((f) => ({ month: f.month, topic: f.topic, n: Number(f.n) }));
}

/** Items per month (YYYY-MM), narrowed by the filter. */
export async function countsByMonth(db: Db, filter: ItemFilter) {
  const found = await rows<{ month: string; n: string | number }>(
    db,
    sql`SELECT to_char(i.heard_on, 'YYYY-MM') AS month, count(*) AS n FROM intelligence_items i
        WHERE ${where(filter)} GROUP BY 1`,
  );
  return new Map(found.map((f) => [f.month, Number(f.n)]));
}

export async function countsBySentiment(db: Db, filter: ItemFilter) {
  const found = await rows<{ sentiment: string; n: string | number }>(
    db,
    sql`SELECT i.sentiment, count(*) AS n FROM intelligence_items i WHERE ${where(filter)} GROUP BY 1`,
  );
  return new Map(found.map((f) => [f.sentiment, Number(f.n)]));
}

/** Per ward (NULL: the whole borough) and topic: items in the recent and in the previous window. */
export async function wardTopicWindows(db: Db, recentFrom: string, previousFrom: string, today: string) {
  const found = await rows<{
    ward_code: string | null;
    topic: string;
    recent: string | number;
    previous: string | number;
  }>(
    db,
    sql`SELECT i.ward_code, t AS topic,
               count(*) FILTER (WHERE i.heard_on >= ${recentFrom}::date) AS recent,
               count(*) FILTER (WHERE i.heard_on < ${recentFrom}::date) AS previous
        FROM intelligence_items i, unnest(i.topics) AS t
        WHERE i.heard_on >= ${previousFrom}::date AND i.heard_on <= ${today}::date
        GROUP BY i.ward_code, t`,
  );
  return found.map((f) => ({
    wardCode: f.ward_code,
    topic: f.topic,
    recent: Number(f.recent),
    previous: Number(f.previous),
  }));
}

/** Items that say "we already heard this" about one consultation or activity. */
export async function itemsLinkedTo(db: Db, link: { consultationId?: string; activityId?: string }) {
  const condition = link.consultationId
    ? eq(intelligenceItems.consultationId, link.consultationId)
    : eq(intelligenceItems.activityId, link.activityId!);
  return db
    .select({ item: intelligenceItems, organisationName: organisations.name })
    .from(intelligenceItems)
    .innerJoin(organisations, eq(organisations.id, intelligenceItems.organisationId))
    .where(and(condition))
    .orderBy(desc(intelligenceItems.heardOn))
    .limit(50);
}

/** What an item may be linked to: consultations and live forward plan activities, newest first. */
export async function linkOptions(db: Db) {
  const [consultations, activities] = await Promise.all([
    rows<{ id: string; title: string }>(
      db,
      sql`SELECT id, title FROM consultations WHERE state <> 'archived' ORDER BY created_at DESC LIMIT 200`,
    ),
    rows<{ id: string; title: string; organisation_name: string }>(
      db,
      sql`SELECT a.id, a.title, o.name AS organisation_name FROM plan_activities a JOIN organisations o ON o.id = a.organisation_id
          WHERE a.status <> 'cancelled' ORDER BY a.starts_at DESC LIMIT 200`,
    ),
  ]);
  return { consultations, activities };
}

/** A linked record's title (the option lists are capped; a kept link must still show). */
export async function linkTitles(db: Db, ids: { activityId: string | null; consultationId: string | null }) {
  const [activity, consultation] = await Promise.all([
    ids.activityId
      ? rows<{ id: string; title: string }>(
          db,
          sql`SELECT id, title FROM plan_activities WHERE id = ${ids.activityId}::uuid`,
        )
      : Promise.resolve([]),
    ids.consultationId
      ? rows<{ id: string; title: string; slug: string; state: string }>(
          db,
          sql`SELECT id, title, slug, state FROM consultations WHERE id = ${ids.consultationId}::uuid`,
        )
      : Promise.resolve([]),
  ]);
  return { activity: activity[0], consultation: consultation[0] };
}
