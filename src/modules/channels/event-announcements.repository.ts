/**
 * SQL for announcing diary events to subscribers. Events and consultations are read-only joins
 * (ADR 0007). There is no claim table for events: the announcements and digest_items tables
 * reference consultations, and an event need not have one. Instead:
 * - an immediate message's outbox reference (`sub-<subscription>-event-<event>`) is the claim,
 *   and the anti-join on it keeps the every-minute job from re-rendering what was already queued;
 * - a weekly digest takes the events published since the subscription's last digest, so each
 *   event falls in exactly one digest window. Windows end DIGEST_LAG before the digest is sent:
 *   an event's created_at is its transaction's start, and one committing just after a digest
 *   must still land in the next window rather than be skipped.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { outboxMessages } from '../../notifications/outbox.tables.ts';
import { consultations } from '../consultations/index.ts';
import { planEvents } from '../plan/index.ts';
import { subscriptions } from './channels.tables.ts';
import { rows } from './sql-rows.ts';

/** How far digest windows trail the clock; longer than any transaction that creates an event. */
const DIGEST_LAG = sql`interval '5 minutes'`;

/** Published in this digest's window: after the last one's window, and before this one's end. */
const inDigestWindow = (now: Date) =>
  sql`e.created_at <= ${now}::timestamptz - ${DIGEST_LAG}
    AND (s.last_digest_at IS NULL OR e.created_at > s.last_digest_at - ${DIGEST_LAG})`;

export interface EventTarget {
  id: string;
  title: string;
  description: string;
  startsAt: Date;
  venueName: string;
  onlineUrl: string;
}

export interface EventForSubscriber extends EventTarget {
  subscriptionId: string;
}

/** Only recent events are announced, so a first deployment does not announce years of history. */
export const EVENT_WINDOW_MS = 14 * 24 * 3_600_000;

/**
 * An event `e` interests subscription `s` when it is going ahead, still to come, published
 * recently and after the person subscribed; and it is in one of their wards (an event with no
 * ward, such as an online one, is borough-wide and reaches every ward subscriber), run by one of
 * their organisations, about one of their topics (events have no topics of their own, so the
 * linked consultation's topics count), or linked to the one consultation they follow.
 */
function interests(now: Date): SQL {
  const since = new Date(now.getTime() - EVENT_WINDOW_MS);
  return sql`e.status = 'scheduled' AND e.starts_at > ${now} AND e.created_at >= ${since}
    AND e.created_at <= ${now} AND e.created_at >= s.confirmed_at
    AND s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL
    AND (
      (s.consultation_id IS NOT NULL AND s.consultation_id = e.consultation_id)
      OR (s.consultation_id IS NULL AND (
        e.ward_code = ANY (s.wards)
        OR (e.ward_code IS NULL AND cardinality(s.wards) > 0)
        OR e.organisation_id = ANY (s.organisation_ids)
        OR EXISTS (SELECT 1 FROM ${consultations} c WHERE c.id = e.consultation_id AND c.topics && s.topics))))`;
}

const eventColumns = sql`e.id, e.title, e.description, e.starts_at AS "startsAt", e.venue_name AS "venueName",
  e.online_url AS "onlineUrl"`;

const asEvent = <T extends { startsAt: Date | string }>(row: T) => ({ ...row, startsAt: new Date(row.startsAt) });

/** Immediate subscribers and the events they have not yet been sent, oldest event first. */
export async function unannouncedEvents(db: Db, now: Date): Promise<EventForSubscriber[]> {
  const found = await rows<EventForSubscriber>(
    db,
    sql`SELECT s.id AS "subscriptionId", ${eventColumns}
        FROM ${subscriptions} s JOIN ${planEvents} e ON ${interests(now)}
        WHERE s.frequency = 'immediate'
          AND NOT EXISTS (SELECT 1 FROM ${outboxMessages} o
                          WHERE o.reference = 'sub-' || s.id::text || '-event-' || e.id::text)
        ORDER BY e.created_at, e.id, s.id`,
  );
  return found.map(asEvent);
}

/** Events for a weekly subscriber's digest: those published since their last digest. */
export async function eventsForDigest(db: Db, subscriptionId: string, now: Date): Promise<EventTarget[]> {
  const found = await rows<EventTarget>(
    db,
    sql`SELECT ${eventColumns}
        FROM ${subscriptions} s JOIN ${planEvents} e ON ${interests(now)}
        WHERE s.id = ${subscriptionId} AND ${inDigestWindow(now)}
        ORDER BY e.starts_at, e.id`,
  );
  return found.map(asEvent);
}

/** Weekly subscribers, due a digest, with new events waiting (digest items are found separately). */
export async function digestsDueForEvents(db: Db, now: Date) {
  const weekAgo = new Date(now.getTime() - 7 * 24 * 3_600_000);
  return rows<{ id: string }>(
    db,
    sql`SELECT s.id FROM ${subscriptions} s
        WHERE s.frequency = 'weekly' AND (s.last_digest_at IS NULL OR s.last_digest_at <= ${weekAgo})
          AND EXISTS (SELECT 1 FROM ${planEvents} e
                      WHERE ${interests(now)} AND ${inDigestWindow(now)})`,
  );
}
