/**
 * Demo data for the channels: weekly email subscribers across the wards, a bulletin already sent to
 * them (its messages marked delivered), share links with clicks on the consultation with the most
 * responses (some of its online responses attributed to them), and a few texts in the staff inbox.
 * Subscribers are weekly so the demo's announcements go into digests, not the outbox tests read.
 * Bulk statements only; idempotent (skipped once a bulletin exists).
 */
import { sql } from 'drizzle-orm';
import { systemActor, type Deps } from '../../deps.ts';
import { listWardNames } from '../geography/index.ts';
import { runBulletinSend, startDraft } from './bulletins.service.ts';
import { rows } from './sql-rows.ts';

const DAY = 86_400_000;
const SUBSCRIBERS = 60;

export async function seedChannels(deps: Deps) {
  const [existing] = await rows<{ n: number }>(deps.db, sql`SELECT count(*)::int AS n FROM bulletins`);
  if (existing!.n > 0) return;
  const now = deps.clock.now();
  const wards = (await listWardNames(deps.db)).map((w) => w.code);
  const [council] = await rows<{ id: string }>(
    deps.db,
    sql`SELECT id FROM organisations ORDER BY created_at, name LIMIT 1`,
  );
  if (!council || !wards.length) return;

  const wardArray = `{${wards.join(',')}}`; // one array parameter (ward codes are letters and digits)
  // Subscribers: a third want everything, the rest one or two wards.
  await deps.db.execute(sql`
    INSERT INTO subscriptions (channel, contact, wards, frequency, confirmed_at, last_digest_at, created_at)
    SELECT 'email', 'reader' || g || '@example.com',
      CASE WHEN g % 3 = 0 THEN '{}'::text[]
           WHEN g % 3 = 1 THEN ARRAY[(${wardArray}::text[])[1 + g % ${wards.length}]]
           ELSE ARRAY[(${wardArray}::text[])[1 + g % ${wards.length}], (${wardArray}::text[])[1 + (g * 7) % ${wards.length}]] END,
      'weekly', ${new Date(now.getTime() - 60 * DAY)}::timestamptz, ${now}::timestamptz, ${new Date(now.getTime() - 60 * DAY)}::timestamptz
    FROM generate_series(1, ${SUBSCRIBERS}) AS g`);

  // A bulletin for the last month, sent a week ago and delivered.
  const sentAt = new Date(now.getTime() - 7 * DAY);
  const b = await startDraft(deps, systemActor, {
    title: 'Have your say: news from the last month',
    intro: 'What opened, what we heard and what is coming up.',
    periodStart: new Date(sentAt.getTime() - 30 * DAY),
    periodEnd: sentAt,
    organisationId: council.id,
  });
  await deps.db.execute(sql`INSERT INTO bulletin_items (bulletin_id, position, kind, title, body, link)
    VALUES (${b.id}, 0, 'note', 'Thank you', 'Over a thousand of you took part in consultations this year.', '/results')`);
  await deps.db.execute(
    sql`UPDATE bulletins SET status = 'sending', send_started_at = ${sentAt}, recipients_total = ${SUBSCRIBERS} WHERE id = ${b.id}`,
  );
  await runBulletinSend(deps, b.id);
  await deps.db.execute(sql`UPDATE bulletins SET sent_at = ${sentAt},
      recipients_total = (SELECT count(*) FROM bulletin_recipients r WHERE r.bulletin_id = ${b.id} AND r.item_count > 0)
    WHERE id = ${b.id}`);
  await deps.db.execute(sql`UPDATE outbox_messages SET status = 'sent', sent_at = ${sentAt}, attempts = 1
    WHERE template = 'bulletin' AND reference IN (SELECT reference FROM bulletin_recipients WHERE bulletin_id = ${b.id})`);

  // Share links with clicks on the consultation most people answered; some of its online responses came from them.
  const [busiest] = await rows<{ id: string; slug: string }>(
    deps.db,
    sql`SELECT c.id, c.slug FROM consultations c JOIN questionnaires q ON q.owner_type = 'consultation' AND q.owner_id = c.id
        JOIN responses r ON r.questionnaire_id = q.id WHERE r.channel = 'online'
        GROUP BY c.id ORDER BY count(*) DESC LIMIT 1`,
  );
  if (busiest) {
    await deps.db.execute(sql`INSERT INTO share_links (code, target_path, channel, consultation_id, clicks)
      VALUES ('demofb1', ${`/consultations/${busiest.slug}`}, 'facebook', ${busiest.id}, 412),
             ('demox22', ${`/consultations/${busiest.slug}`}, 'x', ${busiest.id}, 96),
             ('demond3', ${`/consultations/${busiest.slug}`}, 'nextdoor', ${busiest.id}, 233),
             ('demowa4', ${`/consultations/${busiest.slug}`}, 'whatsapp', ${busiest.id}, 158)
      ON CONFLICT DO NOTHING`);
    await deps.db.execute(sql`
      WITH online AS (
        SELECT r.id, row_number() OVER (ORDER BY r.submitted_at, r.id) AS n FROM responses r
        JOIN questionnaires q ON q.id = r.questionnaire_id AND q.owner_type = 'consultation' AND q.owner_id = ${busiest.id}
        WHERE r.channel = 'online')
      INSERT INTO share_link_responses (response_id, share_link_id)
      SELECT o.id, l.id FROM online o JOIN share_links l ON l.code = CASE
        WHEN o.n % 5 = 0 THEN 'demofb1' WHEN o.n % 11 = 1 THEN 'demond3' WHEN o.n % 13 = 2 THEN 'demowa4' WHEN o.n % 29 = 3 THEN 'demox22' END
      ON CONFLICT DO NOTHING`);
  }

  // Texts: two for the inbox, one postcode that subscribed, one STOP.
  await deps.db.execute(sql`INSERT INTO sms_inbound (notify_id, from_number, body, received_at, outcome) VALUES
    ('demo-sms-1', '07700900101', 'Is the library consultation still open? I do not have a computer', ${new Date(now.getTime() - 2 * DAY)}, 'inbox'),
    ('demo-sms-2', '07700900102', 'Pls call me back about the parking scheme on my road', ${new Date(now.getTime() - DAY)}, 'inbox'),
    ('demo-sms-3', '07700900103', 'STOP', ${new Date(now.getTime() - 3 * DAY)}, 'unsubscribed'),
    ('demo-sms-4', '07700900104', 'Where can I drop off a paper form?', ${new Date(now.getTime() - 4 * 3_600_000)}, 'inbox')
    ON CONFLICT DO NOTHING`);
}
