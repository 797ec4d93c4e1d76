/** Bulletins, their items and recipients; the period's activity a draft is assembled from (read-only joins). */
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { formatDateTime } from '../../web/format.ts';
import { bulletinItems, bulletinRecipients, bulletins, type Bulletin, type BulletinItem } from './channels.tables.ts';
import { rows } from './sql-rows.ts';

export async function insertBulletin(db: Db, values: typeof bulletins.$inferInsert): Promise<Bulletin> {
  const [row] = await db.insert(bulletins).values(values).returning();
  return row!;
}

export async function findBulletin(db: Db, id: string): Promise<Bulletin | undefined> {
  const [row] = await db.select().from(bulletins).where(eq(bulletins.id, id));
  return row;
}

export async function updateBulletin(db: Db, id: string, values: Partial<typeof bulletins.$inferInsert>) {
  await db.update(bulletins).set(values).where(eq(bulletins.id, id));
}

export async function listBulletins(db: Db): Promise<Bulletin[]> {
  return db.select().from(bulletins).orderBy(desc(bulletins.createdAt)).limit(200);
}

/** Sent (or sending) bulletins, newest first: the public archive. */
export async function listPublished(db: Db, limit = 100): Promise<Bulletin[]> {
  return db
    .select()
    .from(bulletins)
    .where(ne(bulletins.status, 'draft'))
    .orderBy(desc(bulletins.sendStartedAt))
    .limit(limit);
}

export async function itemsOf(db: Db, bulletinId: string): Promise<BulletinItem[]> {
  return db
    .select()
    .from(bulletinItems)
    .where(eq(bulletinItems.bulletinId, bulletinId))
    .orderBy(asc(bulletinItems.position), asc(bulletinItems.id));
}

export async function itemsOfMany(db: Db, ids: string[]): Promise<BulletinItem[]> {
  if (!ids.length) return [];
  return db
    .select()
    .from(bulletinItems)
    .where(inArray(bulletinItems.bulletinId, ids))
    .orderBy(asc(bulletinItems.position));
}

export async function insertItems(db: Db, values: (typeof bulletinItems.$inferInsert)[]) {
  if (values.length) await db.insert(bulletinItems).values(values);
}

export async function updateItem(
  db: Db,
  bulletinId: string,
  id: string,
  values: Partial<typeof bulletinItems.$inferInsert>,
) {
  await db
    .update(bulletinItems)
    .set(values)
    .where(and(eq(bulletinItems.id, id), eq(bulletinItems.bulletinId, bulletinId)));
}

export async function deleteItem(db: Db, bulletinId: string, id: string) {
  await db.delete(bulletinItems).where(and(eq(bulletinItems.id, id), eq(bulletinItems.bulletinId, bulletinId)));
}

/** An active email subscription, grouped by the person (hashed, normalised address). */
export interface Reader {
  key: string;
  subscriptionId: string;
  contact: string;
  wards: string[];
  topics: string[];
}

const READER_KEY = sql`encode(sha256(convert_to(lower(trim(s.contact)), 'UTF8')), 'hex')`;
const ACTIVE = sql`s.channel = 'email' AND s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL
  AND s.consultation_id IS NULL`;

type ReaderRow = { key: string; id: string; contact: string; wards: string[]; topics: string[] };

function group(list: ReaderRow[]): Reader[] {
  const byKey = new Map<string, Reader>();
  for (const r of list) {
    const seen = byKey.get(r.key);
    if (!seen) {
      byKey.set(r.key, {
        key: r.key,
        subscriptionId: r.id,
        contact: r.contact,
        wards: [...r.wards],
        topics: [...r.topics],
      });
    } else {
      // A subscription with no wards and no topics wants everything; otherwise join the lists.
      const everything = (x: { wards: string[]; topics: string[] }) => !x.wards.length && !x.topics.length;
      if (everything(seen) || everything(r)) {
        seen.wards = [];
        seen.topics = [];
      } else {
        seen.wards = [...new Set([...seen.wards, ...r.wards])];
        seen.topics = [...new Set([...seen.topics, ...r.topics])];
      }
    }
  }
  return [...byKey.values()];
}

/** Every reader a bulletin could go to (for the count when sending starts). */
export async function allReaders(db: Db): Promise<Reader[]> {
  return group(
    await rows<ReaderRow>(
      db,
      sql`SELECT ${READER_KEY} AS key, s.id, s.contact, s.wards, s.topics FROM subscriptions s
          WHERE ${ACTIVE} ORDER BY key, s.created_at, s.id`,
    ),
  );
}

/** The next readers after a key, whole (all of each person's subscriptions). */
export async function nextReaders(db: Db, afterKey: string, limit: number): Promise<Reader[]> {
  // A cursor over people in key order: a resumed send walks past those already claimed, whose
  // claim is then refused by bulletin_recipients' primary key (no per-row "already sent?" probe).
  return group(
    await rows<ReaderRow>(
      db,
      sql`WITH keyed AS (
            SELECT ${READER_KEY} AS key, s.id, s.contact, s.wards, s.topics, s.created_at FROM subscriptions s WHERE ${ACTIVE}),
          pending AS (SELECT DISTINCT key FROM keyed WHERE key > ${afterKey} ORDER BY key LIMIT ${limit})
          SELECT k.key, k.id, k.contact, k.wards, k.topics FROM keyed k JOIN pending p ON p.key = k.key
          ORDER BY k.key, k.created_at, k.id`,
    ),
  );
}

/** Claims (bulletin, reader) rows; returns the keys this call claimed (a key already there is skipped). */
export async function claimRecipients(
  db: Db,
  values: (typeof bulletinRecipients.$inferInsert)[],
): Promise<Set<string>> {
  if (!values.length) return new Set();
  const claimed = await db
    .insert(bulletinRecipients)
    .values(values)
    .onConflictDoNothing()
    .returning({ key: bulletinRecipients.recipientKey });
  return new Set(claimed.map((c) => c.key));
}

export interface Progress {
  queued: number;
  sent: number;
  failed: number;
}

/** Delivery of a bulletin's messages, from the outbox rows its recipients point at. */
export async function progressOf(db: Db, bulletinId: string): Promise<Progress> {
  const [row] = await rows<Progress>(
    db,
    sql`SELECT count(*)::int AS queued,
          count(*) FILTER (WHERE o.status = 'sent')::int AS sent,
          count(*) FILTER (WHERE o.status IN ('failed', 'cancelled'))::int AS failed
        FROM bulletin_recipients r LEFT JOIN outbox_messages o ON o.reference = r.reference
        WHERE r.bulletin_id = ${bulletinId} AND r.item_count > 0`,
  );
  return row ?? { queued: 0, sent: 0, failed: 0 };
}

export async function sendingBulletins(db: Db): Promise<Bulletin[]> {
  return db.select().from(bulletins).where(eq(bulletins.status, 'sending'));
}

/** The period's activity, across the partnership (public things only). */
export interface Activity {
  kind: 'opened' | 'results' | 'feedback' | 'event' | 'panel';
  title: string;
  body: string;
  link: string;
  wards: string[];
  topics: string[];
  at: Date;
}

export async function activityBetween(db: Db, from: Date, to: Date, eventsUntil: Date): Promise<Activity[]> {
  const consultationsQ = rows<{
    slug: string;
    title: string;
    summary: string;
    closes_at: Date | null;
    topics: string[];
    wards: string[] | null;
    opened: boolean;
    feedback: boolean;
    results_at: Date | null;
    at: Date;
  }>(
    db,
    sql`SELECT c.slug, c.title, c.summary, c.closes_at, c.topics,
          (SELECT array_agg(w.ward_code) FROM consultation_wards w WHERE w.consultation_id = c.id) AS wards,
          (c.state = 'open' AND coalesce(c.opens_at, c.state_changed_at) >= ${from} AND coalesce(c.opens_at, c.state_changed_at) < ${to}) AS opened,
          (c.state = 'feedback_published' AND c.state_changed_at >= ${from} AND c.state_changed_at < ${to}) AS feedback,
          q.results_published_at AS results_at,
          coalesce(c.opens_at, c.state_changed_at) AS at
        FROM consultations c
        LEFT JOIN questionnaires q ON q.owner_type = 'consultation' AND q.owner_id = c.id
          AND q.results_published_at >= ${from} AND q.results_published_at < ${to}
        WHERE c.state IN ('open', 'closed', 'feedback_published', 'archived')
        ORDER BY c.closes_at NULLS LAST, c.title`,
  );
  const eventsQ = rows<{
    id: string;
    title: string;
    description: string;
    starts_at: Date;
    ward_code: string | null;
    venue_name: string;
  }>(
    db,
    sql`SELECT e.id, e.title, e.description, e.starts_at, e.ward_code, e.venue_name FROM plan_events e
        WHERE e.status = 'scheduled' AND e.starts_at >= ${to} AND e.starts_at < ${eventsUntil}
        ORDER BY e.starts_at LIMIT 20`,
  );
  const panelsQ = rows<{ slug: string; name: string; description: string; created_at: Date }>(
    db,
    sql`SELECT p.slug, p.name, p.description, p.created_at FROM people_panels p
        WHERE p.open_to_join AND p.created_at >= ${from} AND p.created_at < ${to} ORDER BY p.created_at`,
  );
  const [cs, events, panels] = await Promise.all([consultationsQ, eventsQ, panelsQ]);
  const out: Activity[] = [];
  for (const c of cs) {
    const base = { wards: c.wards ?? [], topics: c.topics ?? [], at: new Date(c.at) };
    if (c.opened) {
      out.push({
        ...base,
        kind: 'opened',
        title: `New consultation: ${c.title}`,
        body: c.summary,
        link: `/consultations/${c.slug}`,
      });
    }
    if (c.results_at) {
      out.push({
        ...base,
        kind: 'results',
        title: `Results published: ${c.title}`,
        body: 'See what people told us.',
        link: `/consultations/${c.slug}/results`,
        at: new Date(c.results_at),
      });
    }
    if (c.feedback) {
      out.push({
        ...base,
        kind: 'feedback',
        title: `You said, we did: ${c.title}`,
        body: 'What we heard and what we are doing about it.',
        link: `/consultations/${c.slug}`,
      });
    }
  }
  for (const e of events) {
    out.push({
      kind: 'event',
      title: `Event: ${e.title}`,
      body: `${formatDateTime(new Date(e.starts_at))}${e.venue_name ? `, ${e.venue_name}` : ''}`,
      link: `/events/${e.id}`,
      wards: e.ward_code ? [e.ward_code] : [],
      topics: [],
      at: new Date(e.starts_at),
    });
  }
  for (const p of panels) {
    out.push({
      kind: 'panel',
      title: `Join the ${p.name}`,
      body: p.description.slice(0, 400),
      link: `/panels/${p.slug}`,
      wards: [],
      topics: [],
      at: new Date(p.created_at),
    });
  }
  return out;
}
