/**
 * One message per person, through the real public forms: N identical posts at once (one cookie,
 * as a double-clicking or scripted browser sends them) store one row and queue one message; a
 * replay with the old cookie sends nothing new for 15 minutes; a daily cap per address holds
 * across purposes. Runs on PGlite and, with TEST_DATABASE_URL, on PostgreSQL, where the posts
 * really are concurrent transactions.
 */
import { describe, expect, it } from 'vitest';
import { Browser, build } from '../../test/helpers.ts';
import { answerJoinQuestions } from '../modules/people/people.test-helpers.ts';
import { createRespondable } from '../modules/questionnaires/responding.fixtures.ts';
import { claimMessage, contactHash, DAILY_CAP, normaliseContact, RESEND_AFTER_MS } from './message-claims.ts';

const ctx = await build();
const { app, deps, clock } = ctx;

async function count(sql: string, params: unknown[]) {
  const [row] = await deps.database.query<{ n: number }>(sql, params);
  return Number(row!.n);
}
const messagesTo = (recipient: string, template?: string) =>
  count(`SELECT count(*)::int AS n FROM outbox_messages WHERE recipient = $1 AND ($2::text IS NULL OR template = $2)`, [
    recipient,
    template ?? null,
  ]);

/** Fires n copies of one post with the same cookie at once. */
async function parallel(browser: Browser, n: number, url: string, form: Record<string, string | string[]>) {
  return Promise.all(Array.from({ length: n }, () => browser.post(url, form)));
}

/** A second browser holding the same cookies (a replay of a captured request). */
function cloneOf(browser: Browser): Browser {
  const copy = new Browser(app);
  const cookies = (browser as unknown as { cookies: Map<string, string> }).cookies;
  Object.assign(copy, { cookies: new Map(cookies) });
  copy.csrfToken = browser.csrfToken;
  return copy;
}

describe('the claim itself', () => {
  it('normalises contacts so one person is one record', () => {
    expect(normaliseContact('  Ann@Example.COM ')).toBe('ann@example.com');
    expect(normaliseContact('07700 900461')).toBe('+447700900461');
    expect(normaliseContact('+44 (0)7700-900461')).toBe('+447700900461');
    expect(normaliseContact('0044 7700 900461')).toBe('+447700900461');
    expect(contactHash('ANN@example.com')).toBe(contactHash('ann@example.com'));
  });

  it('gives one send to parallel claims, one re-send after 15 minutes, and stops at the daily cap', async () => {
    const now = clock.now();
    const claim = (scope: string, at = now) =>
      deps.db.transaction((tx) => claimMessage(tx, { purpose: 'test', scope, contact: 'cap@example.test', now: at }));
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => claim('a')));
    expect(outcomes.filter((o) => o.send)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.send && o.reason === 'recently-sent')).toHaveLength(19);
    expect(await claim('a', new Date(now.getTime() + RESEND_AFTER_MS - 1000))).toEqual({
      send: false,
      reason: 'recently-sent',
    });
    expect(await claim('a', new Date(now.getTime() + RESEND_AFTER_MS))).toEqual({ send: true, first: false });
    // Two sends so far today; other scopes use up the rest of the cap.
    for (let i = 2; i < DAILY_CAP; i++) expect((await claim(`scope-${i}`)).send).toBe(true);
    expect(await claim('one-too-many')).toEqual({ send: false, reason: 'daily-cap' });
    // A capped claim is not recorded as sent: tomorrow it sends as a first message.
    expect(await claim('one-too-many', new Date(now.getTime() + 86_400_000))).toEqual({ send: true, first: true });
    const stored = await deps.database.query<Record<string, unknown>>('SELECT * FROM message_claims LIMIT 5');
    expect(JSON.stringify(stored)).not.toContain('cap@example.test');
  });
});

describe('joining a panel', () => {
  it('N parallel identical submits store one person and queue one confirmation; an old cookie replays nothing', async () => {
    const email = 'parallel.joiner@example.test';
    const browser = new Browser(app);
    const [ward] = await deps.database.query<{ code: string }>('SELECT code FROM wards ORDER BY code LIMIT 1');
    await answerJoinQuestions(browser, { email, phone: '', ward: ward!.code });
    // The cookie as it was before sending, for replays.
    const oldCookie = cloneOf(browser);

    const responses = await parallel(browser, 25, '/panels/join/check', {});
    expect(responses.map((r) => r.statusCode)).toEqual(Array(25).fill(303));
    expect(new Set(responses.map((r) => r.headers.location))).toEqual(new Set(['/panels/join/sent']));
    expect(await count('SELECT count(*)::int AS n FROM people WHERE email = $1', [email])).toBe(1);
    expect(await messagesTo(email)).toBe(1);

    // The sent join replayed with its old cookie (the draft is still in it): same answer, nothing sent.
    const again = await cloneOf(oldCookie).post('/panels/join/check', {});
    expect(again.headers.location).toBe('/panels/join/sent');
    expect(await messagesTo(email)).toBe(1);
    // After 15 minutes a repeat re-sends once.
    clock.advance(RESEND_AFTER_MS);
    expect((await cloneOf(oldCookie).post('/panels/join/check', {})).headers.location).toBe('/panels/join/sent');
    await cloneOf(oldCookie).post('/panels/join/check', {});
    expect(await messagesTo(email)).toBe(2);
    expect(await count('SELECT count(*)::int AS n FROM people WHERE email = $1', [email])).toBe(1);
  });

  it('N parallel sign-in link requests for a member queue one link, and the page is the same for anyone', async () => {
    const [member] = await deps.database.query<{ email: string }>(
      `SELECT email FROM people WHERE confirmed_at IS NOT NULL AND email IS NOT NULL AND erased_at IS NULL LIMIT 1`,
    );
    const browser = new Browser(app);
    await browser.get('/panels/sign-in');
    const before = await messagesTo(member!.email);
    const responses = await parallel(browser, 8, '/panels/sign-in', { email: member!.email });
    expect(new Set(responses.map((r) => r.headers.location))).toEqual(new Set(['/panels/sign-in/sent']));
    expect(await messagesTo(member!.email)).toBe(before + 1);
    const unknown = await browser.post('/panels/sign-in', { email: 'nobody.here@example.test' });
    expect(unknown.statusCode).toBe(303);
    expect(unknown.headers.location).toBe('/panels/sign-in/sent');
  });
});

describe('save and come back later', () => {
  it('N parallel identical requests queue one resume link, and the link still works', async () => {
    const fixture = await createRespondable(deps);
    const base = `/consultations/${fixture.slug}/respond`;
    const email = 'parallel.resume@example.test';
    const browser = new Browser(app);
    await browser.get(`${base}/views`);
    await browser.post(`${base}/views`, { support: 'yes', comments: 'Later', action: 'save' });
    await browser.get(`${base}/save-and-return`);
    const responses = await parallel(browser, 8, `${base}/save-and-return`, { email });
    expect(new Set(responses.map((r) => r.headers.location))).toEqual(new Set([`${base}/save-and-return/sent`]));
    expect(await messagesTo(email, 'response-resume')).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM response_drafts WHERE email = $1', [email])).toBe(1);

    // The one link sent still restores the draft (no later request replaced its token).
    const [message] = await deps.database.query<{ personalisation: { body: string } }>(
      `SELECT personalisation FROM outbox_messages WHERE recipient = $1 AND template = 'response-resume'`,
      [email],
    );
    const path = new URL(/https?:\/\/\S+\/respond\/resume\/[A-Za-z0-9_-]{43}/.exec(message!.personalisation.body)![0])
      .pathname;
    const other = new Browser(app);
    expect((await other.get(path)).statusCode).toBe(200);
    expect((await other.post(path, {})).statusCode).toBe(303);
    // Used up, the claim is released: asking again sends a new link at once.
    await other.get(`${base}/save-and-return`);
    await other.post(`${base}/save-and-return`, { email });
    expect(await messagesTo(email, 'response-resume')).toBe(2);
  });
});

describe('subscribing to updates', () => {
  it('N parallel identical subscribes store one waiting subscription and queue one confirmation; F5 sends nothing more', async () => {
    const email = 'parallel.subscriber@example.test';
    const [slug] = await deps.database.query<{ id: string; slug: string }>(
      `SELECT id, slug FROM consultations WHERE state = 'open' ORDER BY slug LIMIT 1`,
    );
    const browser = new Browser(app);
    await browser.get(`/subscribe?consultation=${slug!.slug}`);
    const form = { channel: 'email', email, frequency: 'immediate', consultation: slug!.slug };
    const responses = await parallel(browser, 8, '/subscribe', form);
    expect(new Set(responses.map((r) => r.headers.location))).toEqual(new Set(['/subscribe/check?by=email']));
    const stored = () => count('SELECT count(*)::int AS n FROM subscriptions WHERE contact = $1', [email]);
    expect(await stored()).toBe(1);
    expect(await messagesTo(email, 'subscription-confirm')).toBe(1);
    // The same form sent again (F5): same page, nothing new.
    expect((await browser.post('/subscribe', form)).headers.location).toBe('/subscribe/check?by=email');
    expect(await stored()).toBe(1);
    expect(await messagesTo(email, 'subscription-confirm')).toBe(1);
    // After 15 minutes: one re-send, the same waiting subscription, and only the newest link works, once.
    clock.advance(RESEND_AFTER_MS);
    await browser.post('/subscribe', form);
    expect(await stored()).toBe(1);
    const links = await deps.database.query<{ personalisation: { body: string } }>(
      `SELECT personalisation FROM outbox_messages WHERE recipient = $1 AND template = 'subscription-confirm'
       ORDER BY created_at`,
      [email],
    );
    expect(links).toHaveLength(2);
    const [first, second] = links.map(
      (m) => new URL(/https?:\/\/\S+\/subscribe\/confirm\/[A-Za-z0-9_-]+/.exec(m.personalisation.body)![0]).pathname,
    );
    const resident = new Browser(app);
    expect((await resident.get(first!)).statusCode).toBe(410);
    await resident.get(second!);
    expect((await resident.post(second!, {})).headers.location).toBe('/subscribe/confirmed');
    expect((await resident.post(second!, {}, { csrf: resident.csrfToken })).statusCode).toBe(410);
    expect(
      await count('SELECT count(*)::int AS n FROM subscriptions WHERE contact = $1 AND confirmed_at IS NOT NULL', [
        email,
      ]),
    ).toBe(1);
  });
});

describe('registering for an event', () => {
  it('N parallel identical registrations store one place and queue one confirmation; its cancel link is single-use, hashed and expires', async () => {
    const [event] = await deps.database.query<{ id: string; starts_at: Date }>(
      `SELECT e.id, e.starts_at FROM plan_events e
        WHERE e.starts_at > $1 AND e.capacity > (SELECT count(*) FROM plan_registrations r WHERE r.event_id = e.id) + 2
        ORDER BY e.starts_at LIMIT 1`,
      [clock.now()],
    );
    const email = 'parallel.registrant@example.test';
    const browser = new Browser(app);
    const page = await browser.get(`/events/${event!.id}/register`);
    const idempotencyKey = /name="idempotencyKey" value="([^"]+)"/.exec(page.body)![1]!;
    const form = { idempotencyKey, name: 'Pat Parallel', email };
    const responses = await parallel(browser, 8, `/events/${event!.id}/register`, form);
    expect(responses.every((r) => r.statusCode === 303)).toBe(true);
    const stored = () => count('SELECT count(*)::int AS n FROM plan_registrations WHERE email = $1', [email]);
    expect(await stored()).toBe(1);
    expect(await messagesTo(email, 'event-registration-confirmed')).toBe(1);
    // A second tab (another form, same address) gets no second place and no second email.
    const other = new Browser(app);
    const second = await other.get(`/events/${event!.id}/register`);
    const otherKey = /name="idempotencyKey" value="([^"]+)"/.exec(second.body)![1]!;
    await other.post(`/events/${event!.id}/register`, { ...form, idempotencyKey: otherKey });
    expect(await stored()).toBe(1);
    expect(await messagesTo(email, 'event-registration-confirmed')).toBe(1);

    const [message] = await deps.database.query<{ personalisation: { body: string } }>(
      `SELECT personalisation FROM outbox_messages WHERE recipient = $1 AND template = 'event-registration-confirmed'`,
      [email],
    );
    const path = new URL(/https?:\/\/\S+\/events\/cancel\/[\w-]+/.exec(message!.personalisation.body)![0]).pathname;
    const token = path.split('/').pop()!;
    expect(await count('SELECT count(*)::int AS n FROM plan_registrations WHERE cancel_token_hash = $1', [token])).toBe(
      0,
    );
    // Expires when the event starts.
    const now = clock.now();
    clock.set(event!.starts_at);
    expect((await new Browser(app).get(path)).statusCode).toBeGreaterThanOrEqual(400);
    clock.set(now);
    const resident = new Browser(app);
    expect((await resident.get(path)).statusCode).toBe(200);
    expect((await resident.post(path, {})).statusCode).toBe(200);
    const again = new Browser(app);
    expect((await again.get(path)).statusCode).toBe(410);
    expect((await resident.post(path, {})).statusCode).toBe(410);
    expect(await messagesTo(email, 'event-cancelled-by-you')).toBe(1);
  });
});
