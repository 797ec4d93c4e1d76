import { describe, expect, it } from 'vitest';
import { Browser, build, textOf } from '../../../test/helpers.ts';
import { runAnnouncements, sendDigests } from './announcements.service.ts';
import { outbox } from './channels.test-helpers.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const linkIn = (body: string, path: string) => new RegExp(`http://localhost:3000(${path}[^\\s]+)`).exec(body)?.[1];

describe('subscribers hear about new events in the diary', async () => {
  const { app, deps, clock } = await build();
  const wardCode = async (name: string) =>
    (await deps.database.query<{ code: string }>(`SELECT code FROM wards WHERE name = $1`, [name]))[0]!.code;
  const becontree = await wardCode('Becontree');
  const abbey = await wardCode('Abbey');
  const [linked] = await deps.database.query<{ id: string; topics: string[] }>(
    `SELECT id, topics FROM consultations WHERE cardinality(topics) > 0 ORDER BY slug LIMIT 1`,
  );

  // Whatever the demo data makes announceable is announced before anyone here subscribes.
  clock.advance(HOUR);
  await runAnnouncements(deps);

  const subscribe = async (
    contact: string,
    fields: { wards?: string[]; topics?: string[]; frequency?: string; channel?: string },
  ) => {
    const [row] = await deps.database.query<{ id: string }>(
      `INSERT INTO subscriptions (channel, contact, wards, topics, frequency, confirmed_at)
       VALUES ($6, $1, $2, $3, $4, $5) RETURNING id`,
      [
        contact,
        fields.wards ?? [],
        fields.topics ?? [],
        fields.frequency ?? 'immediate',
        clock.now(),
        fields.channel ?? 'email',
      ],
    );
    return row!.id;
  };

  /** A diary event like a demo one, published now (by the test clock) unless told otherwise. */
  const addEvent = async (e: {
    title: string;
    ward?: string | null;
    startsInDays?: number;
    consultationId?: string | null;
    status?: string;
    createdAt?: Date;
  }) => {
    const starts = new Date(clock.now().getTime() + (e.startsInDays ?? 10) * DAY);
    const [row] = await deps.database.query<{ id: string }>(
      `INSERT INTO plan_events (organisation_id, title, kind, starts_at, ends_at, capacity, registration_definition,
         ward_code, consultation_id, status, venue_name, created_at)
       SELECT organisation_id, $1, kind, $2, $3, 50, registration_definition, $4, $5, $6, 'Becontree Library', $7
       FROM plan_events LIMIT 1 RETURNING id`,
      [
        e.title,
        starts,
        new Date(starts.getTime() + 2 * HOUR),
        e.ward === undefined ? becontree : e.ward,
        e.consultationId ?? null,
        e.status ?? 'scheduled',
        e.createdAt ?? clock.now(),
      ],
    );
    return row!.id;
  };

  const messagesTo = async (contact: string, template = 'subscription-new-event') =>
    (await outbox(deps, template)).filter((m) => m.recipient === contact);

  const ward = await subscribe('ward@example.test', { wards: [becontree] });
  const topic = await subscribe('topic@example.test', { topics: [linked!.topics[0]!] });
  await subscribe('weekly@example.test', { wards: [becontree], frequency: 'weekly' });
  await subscribe('07700900123', { wards: [becontree], channel: 'sms' });
  clock.advance(60_000);

  it('tells a ward subscriber once about a new event in their ward, with an unsubscribe link', async () => {
    const id = await addEvent({ title: 'Becontree drop-in' });
    await runAnnouncements(deps);
    await runAnnouncements(deps);
    const mine = await messagesTo('ward@example.test');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.reference).toBe(`sub-${ward}-event-${id}`);
    expect(mine[0]!.personalisation.subject).toBe('New event: Becontree drop-in');
    expect(mine[0]!.personalisation.body).toContain(`http://localhost:3000/events/${id}`);
    expect(mine[0]!.personalisation.body).toContain('/unsubscribe/');
    expect(mine[0]!.personalisation.unsubscribeUrl).toContain('/unsubscribe/');
    const [text, ...more] = await messagesTo('07700900123', 'subscription-new-event-sms');
    expect(more).toHaveLength(0);
    expect(text!.personalisation.body).toMatch(
      /^New event: Becontree drop-in, .* Stop: http:\/\/localhost:3000\/unsubscribe\//,
    );
  });

  it('tells them nothing about events elsewhere, cancelled, past, or published long ago or before they subscribed', async () => {
    await addEvent({ title: 'Abbey forum', ward: abbey });
    await addEvent({ title: 'Called off', status: 'cancelled' });
    await addEvent({ title: 'Already happened', startsInDays: -1 });
    await addEvent({ title: 'Old news', createdAt: new Date(clock.now().getTime() - 20 * DAY) });
    await addEvent({ title: 'Before subscribing', createdAt: new Date(clock.now().getTime() - 2 * HOUR) });
    await runAnnouncements(deps);
    expect((await messagesTo('ward@example.test')).map((m) => m.personalisation.title)).toEqual(['Becontree drop-in']);
  });

  it('treats an event with no ward (online) as borough-wide', async () => {
    await addEvent({ title: 'Online Q&A', ward: null });
    await runAnnouncements(deps);
    expect((await messagesTo('ward@example.test')).map((m) => m.personalisation.title)).toContain('Online Q&A');
  });

  it('matches topics through the consultation an event is linked to', async () => {
    await addEvent({ title: 'Linked workshop', ward: abbey, consultationId: linked!.id });
    await runAnnouncements(deps);
    const titles = (await messagesTo('topic@example.test')).map((m) => m.personalisation.title);
    expect(titles).toContain('Linked workshop');
    expect(titles).not.toContain('Abbey forum');
    expect(titles).not.toContain('Becontree drop-in');
    expect(await deps.database.query(`SELECT 1 FROM subscriptions WHERE id = $1`, [topic])).toHaveLength(1);
  });

  it('tells nobody anything more after they unsubscribe', async () => {
    const [message] = await messagesTo('ward@example.test');
    const link = linkIn(message!.personalisation.body!, '/unsubscribe/');
    const browser = new Browser(app);
    expect(textOf((await browser.get(link!)).body)).toContain('Stop all updates');
    expect((await browser.post(link!, {})).statusCode).toBe(303);
    const before = (await messagesTo('ward@example.test')).length;
    await addEvent({ title: 'After unsubscribing' });
    await runAnnouncements(deps);
    expect(await messagesTo('ward@example.test')).toHaveLength(before);
  });

  it('puts events in weekly subscribers’ digest, once each, and sends them nothing immediately', async () => {
    expect(await messagesTo('weekly@example.test')).toHaveLength(0);
    clock.advance(8 * DAY);
    const later = await addEvent({ title: 'Walkabout' });
    await runAnnouncements(deps);
    await runAnnouncements(deps);
    const [first, ...more] = await messagesTo('weekly@example.test', 'subscription-digest');
    expect(more).toHaveLength(0);
    const body = first!.personalisation.body!;
    expect(body).toContain('New event: Becontree drop-in');
    expect(body).toContain('New event: Online Q&A');
    expect(body).toContain('New event: After unsubscribing');
    expect(body).not.toContain('Abbey forum');
    expect(body).not.toContain('Called off');
    expect(body).toContain('/unsubscribe/');
    // Published moments before the digest went: it waits for next week's, and comes only there.
    expect(body).not.toContain('Walkabout');

    clock.advance(DAY);
    await sendDigests(deps);
    expect(await messagesTo('weekly@example.test', 'subscription-digest')).toHaveLength(1);
    clock.advance(7 * DAY);
    await sendDigests(deps);
    await sendDigests(deps);
    const digests = await messagesTo('weekly@example.test', 'subscription-digest');
    expect(digests).toHaveLength(2);
    expect(digests[1]!.personalisation.body).toContain(`/events/${later}`);
    expect(digests[1]!.personalisation.body).not.toContain('Becontree drop-in');
    expect(await messagesTo('weekly@example.test')).toHaveLength(0);
  });
});
