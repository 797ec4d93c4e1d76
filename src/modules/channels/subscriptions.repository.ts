/** SQL for subscriptions, announcements and digests. Consultations are read-only joins (ADR 0007). */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { consultationPartners, consultations, consultationWards } from '../consultations/index.ts';
import { questionnaires, responses } from '../questionnaires/index.ts';
import { announcements, digestItems, subscriptions, type Subscription } from './channels.tables.ts';
import { rows } from './sql-rows.ts';

export async function insertSubscription(db: Db, values: typeof subscriptions.$inferInsert): Promise<Subscription> {
  const [row] = await db.insert(subscriptions).values(values).returning();
  return row!;
}

export async function findByConfirmHash(db: Db, hash: string) {
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.confirmTokenHash, hash));
  return row;
}

/** The subscription waiting for confirmation for this contact and scope (one consultation, or alerts), if any. */
export async function findPendingSubscription(db: Db, channel: string, contact: string, consultationId: string | null) {
  const [row] = await db
    .select()
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.channel, channel),
        eq(subscriptions.contact, contact),
        consultationId ? eq(subscriptions.consultationId, consultationId) : isNull(subscriptions.consultationId),
        isNull(subscriptions.confirmedAt),
        isNull(subscriptions.unsubscribedAt),
      ),
    )
    .limit(1);
  return row;
}

/** Uses a confirmation link once: of any number of clicks, one confirms; the hash is then gone. */
export async function confirmByHash(db: Db, hash: string, now: Date, createdAfter: Date) {
  const [row] = await db
    .update(subscriptions)
    .set({ confirmedAt: now, confirmTokenHash: null })
    .where(
      and(
        eq(subscriptions.confirmTokenHash, hash),
        isNull(subscriptions.confirmedAt),
        isNull(subscriptions.unsubscribedAt),
        sql`${subscriptions.createdAt} > ${createdAfter}`,
      ),
    )
    .returning();
  return row;
}

export async function findSubscription(db: Db, id: string) {
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, id));
  return row;
}

export async function updateSubscription(db: Db, id: string, values: Partial<typeof subscriptions.$inferInsert>) {
  const [row] = await db.update(subscriptions).set(values).where(eq(subscriptions.id, id)).returning();
  return row;
}

/** Claims an announcement: true the first time only, so a message goes out once per consultation and kind. */
export async function claimAnnouncement(db: Db, consultationId: string, kind: string, now: Date): Promise<boolean> {
  const claimed = await db
    .insert(announcements)
    .values({ consultationId, kind, announcedAt: now })
    .onConflictDoNothing()
    .returning({ id: announcements.consultationId });
  return claimed.length > 0;
}

/** When a consultation's announcement of this kind was claimed (e.g. when its feedback was announced), or null. */
export async function announcedAt(db: Db, consultationId: string, kind: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: announcements.announcedAt })
    .from(announcements)
    .where(and(eq(announcements.consultationId, consultationId), eq(announcements.kind, kind)));
  return row?.at ?? null;
}

export interface AnnounceTarget {
  id: string;
  slug: string;
  title: string;
  summary: string;
  closesAt: Date | null;
  feedbackSummary: string;
}

/** Consultations in a state, changed since a moment, not yet announced with this kind. */
export async function unannounced(db: Db, state: string, kind: string, since: Date): Promise<AnnounceTarget[]> {
  return db
    .select({
      id: consultations.id,
      slug: consultations.slug,
      title: consultations.title,
      summary: consultations.summary,
      closesAt: consultations.closesAt,
      feedbackSummary: consultations.feedbackSummary,
    })
    .from(consultations)
    .leftJoin(announcements, and(eq(announcements.consultationId, consultations.id), eq(announcements.kind, kind)))
    .where(
      and(eq(consultations.state, state), sql`${consultations.stateChangedAt} >= ${since}`, isNull(announcements.kind)),
    );
}

export async function announceTarget(db: Db, consultationId: string): Promise<AnnounceTarget | undefined> {
  const [row] = await db
    .select({
      id: consultations.id,
      slug: consultations.slug,
      title: consultations.title,
      summary: consultations.summary,
      closesAt: consultations.closesAt,
      feedbackSummary: consultations.feedbackSummary,
    })
    .from(consultations)
    .where(eq(consultations.id, consultationId));
  return row;
}

/**
 * Confirmed, active subscriptions interested in a consultation: its wards (a borough-wide one
 * touches every ward), topics, lead or partner organisations; and, unless only areas count, the
 * subscriptions to that one consultation.
 */
export async function subscribersFor(db: Db, consultationId: string, includeScoped: boolean): Promise<Subscription[]> {
  const found = await rows<{ id: string }>(
    db,
    sql`SELECT s.id FROM ${subscriptions} s, ${consultations} c
        WHERE c.id = ${consultationId} AND s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL
          AND (
            (${includeScoped} AND s.consultation_id = c.id)
            OR (s.consultation_id IS NULL AND (
              s.topics && c.topics
              OR c.lead_organisation_id = ANY (s.organisation_ids)
              OR EXISTS (SELECT 1 FROM ${consultationPartners} p
                         WHERE p.consultation_id = c.id AND p.organisation_id = ANY (s.organisation_ids))
              OR (c.borough_wide AND cardinality(s.wards) > 0)
              OR EXISTS (SELECT 1 FROM ${consultationWards} w
                         WHERE w.consultation_id = c.id AND w.ward_code = ANY (s.wards)))))`,
  );
  if (!found.length) return [];
  return db
    .select()
    .from(subscriptions)
    .where(
      sql`${subscriptions.id} IN (${sql.join(
        found.map((f) => sql`${f.id}`),
        sql`, `,
      )})`,
    );
}

/** People who responded and asked to hear back, one row per address. */
export async function respondentsWantingUpdates(db: Db, consultationId: string): Promise<string[]> {
  const found = await rows<{ email: string }>(
    db,
    sql`SELECT DISTINCT lower(coalesce(r.verified_email, r.respondent_email)) AS email
        FROM ${responses} r JOIN ${questionnaires} q ON q.id = r.questionnaire_id
        WHERE q.owner_type = 'consultation' AND q.owner_id = ${consultationId} AND r.wants_updates
          AND coalesce(r.verified_email, r.respondent_email) IS NOT NULL
        ORDER BY 1`,
  );
  return found.map((r) => r.email);
}

export async function addDigestItem(db: Db, values: typeof digestItems.$inferInsert) {
  await db.insert(digestItems).values(values).onConflictDoNothing();
}

/** Weekly subscribers with news waiting whose last digest was a week or more ago. */
export async function digestsDue(db: Db, now: Date) {
  const weekAgo = new Date(now.getTime() - 7 * 24 * 3_600_000);
  return rows<{ id: string }>(
    db,
    sql`SELECT s.id FROM ${subscriptions} s
        WHERE s.frequency = 'weekly' AND s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL
          AND (s.last_digest_at IS NULL OR s.last_digest_at <= ${weekAgo})
          AND EXISTS (SELECT 1 FROM ${digestItems} d WHERE d.subscription_id = s.id AND d.sent_at IS NULL)`,
  );
}

export async function takeDigestItems(db: Db, subscriptionId: string, now: Date) {
  return db
    .update(digestItems)
    .set({ sentAt: now })
    .where(and(eq(digestItems.subscriptionId, subscriptionId), isNull(digestItems.sentAt)))
    .returning();
}
