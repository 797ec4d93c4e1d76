import { describe, expect, it } from 'vitest';
import { Browser, build, textOf } from '../../../test/helpers.ts';
import { tickConsultations } from '../consultations/index.ts';
import { runAnnouncements, sendDigests } from './announcements.service.ts';
import { normaliseMobile } from './subscriptions.schema.ts';
import { outbox } from './channels.test-helpers.ts';

const linkIn = (body: string, path: string) => new RegExp(`http://localhost:3000(${path}[^\\s]+)`).exec(body)?.[1];

describe('mobile numbers', () => {
  it('accepts UK mobiles in the usual forms and nothing else', () => {
    expect(normaliseMobile('07700 900 982')).toBe('07700900982');
    expect(normaliseMobile('+44 7700 900982')).toBe('07700900982');
    expect(normaliseMobile('020 7946 0000')).toBeNull();
    expect(normaliseMobile('<script>')).toBeNull();
  });
});

describe('subscriptions: double opt-in, announcements, one-click unsubscribe', async () => {
  const { app, deps, clock } = await build();
  const [becontree] = await deps.database.query<{ code: string }>(`SELECT code FROM wards WHERE name = 'Becontree'`);
  const resident = new Browser(app);

  it('refuses incomplete forms with GOV.UK errors and keeps the answers', async () => {
    await resident.get('/subscribe');
    const empty = await resident.post('/subscribe', {
      channel: 'email',
      email: 'not-an-email',
      frequency: 'immediate',
    });
    expect(empty.statusCode).toBe(422);
    const text = textOf(empty.body);
    expect(text).toContain('Enter an email address in the correct format');
    expect(text).toContain('Select at least one area, topic or organisation');
    expect(empty.body).toContain('value="not-an-email"');
    const sms = await resident.post('/subscribe', {
      channel: 'sms',
      phone: '123',
      wards: [becontree!.code],
      frequency: 'immediate',
    });
    expect(textOf(sms.body)).toContain('Enter a UK mobile phone number');
    const noCsrf = await resident.post('/subscribe', { channel: 'email', email: 'a@example.test' }, { csrf: null });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('sends nothing but a confirmation until the person confirms', async () => {
    await resident.get('/subscribe');
    const done = await resident.post('/subscribe', {
      channel: 'email',
      email: 'Resident@Example.test',
      wards: [becontree!.code],
      frequency: 'immediate',
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/subscribe/check?by=email');
    await runAnnouncements(deps);
    const mine = (await outbox(deps)).filter((m) => m.recipient === 'resident@example.test');
    expect(mine.map((m) => m.template)).toEqual(['subscription-confirm']);
    const link = linkIn(mine[0]!.personalisation.body!, '/subscribe/confirm/');
    const page = await resident.get(link!);
    expect(page.statusCode).toBe(200);
    expect(
      await deps.database.query(`SELECT 1 FROM subscriptions WHERE confirmed_at IS NOT NULL AND contact = $1`, [
        'resident@example.test',
      ]),
    ).toHaveLength(0);
    expect((await resident.post(link!, {})).statusCode).toBe(303);
    expect((await resident.get('/subscribe/confirm/forged-token')).statusCode).toBe(410);
  });

  it('announces a consultation in their ward when it opens, once, with an unsubscribe link', async () => {
    clock.advance(11 * 86_400_000);
    await tickConsultations(deps);
    await runAnnouncements(deps);
    await runAnnouncements(deps);
    const news = (await outbox(deps, 'subscription-new-consultation')).filter(
      (m) => m.recipient === 'resident@example.test',
    );
    const becontreeNews = news.filter((m) => m.personalisation.link!.endsWith('/becontree-centenary-public-spaces'));
    expect(becontreeNews).toHaveLength(1);
    expect(news.every((m) => m.personalisation.body!.includes('/unsubscribe/'))).toBe(true);
    // Open before the subscription too, but in Abbey and Gascoigne wards only: not theirs.
    expect(news.some((m) => m.personalisation.link!.endsWith('/barking-town-centre-parking'))).toBe(false);
  });

  it('unsubscribes with one click and sends nothing more, including what was queued', async () => {
    const [message] = (await outbox(deps, 'subscription-new-consultation')).filter(
      (m) => m.recipient === 'resident@example.test',
    );
    const link = linkIn(message!.personalisation.body!, '/unsubscribe/');
    // A message still waiting to go is cancelled by unsubscribing.
    const [sub] = await deps.database.query<{ id: string }>(
      `SELECT id FROM subscriptions WHERE contact = 'resident@example.test'`,
    );
    await deps.database.query(
      `INSERT INTO outbox_messages (reference, channel, template, recipient, personalisation)
       VALUES ($1, 'email', 'subscription-new-consultation', 'resident@example.test', '{}')`,
      [`sub-${sub!.id}-opened-pending`],
    );
    const other = new Browser(app);
    expect(textOf((await other.get(link!)).body)).toContain('Stop all updates');
    expect((await other.post(link!, {})).statusCode).toBe(303);
    const pending = await deps.database.query<{ status: string }>(
      `SELECT status FROM outbox_messages WHERE reference = $1`,
      [`sub-${sub!.id}-opened-pending`],
    );
    expect(pending[0]!.status).toBe('cancelled');
    const before = (await outbox(deps)).filter((m) => m.recipient === 'resident@example.test').length;
    clock.advance(30 * 86_400_000);
    await tickConsultations(deps);
    await runAnnouncements(deps);
    expect((await outbox(deps)).filter((m) => m.recipient === 'resident@example.test')).toHaveLength(before);
    expect((await other.get(link!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).statusCode).toBe(410);
  });

  it('accepts an RFC 8058 one-click POST without a session or CSRF token', async () => {
    const { unsubscribeUrl } = await import('./announcements.service.ts');
    const [id] = await deps.database.query<{ id: string }>(
      `INSERT INTO subscriptions (channel, contact, topics, confirmed_at) VALUES ('sms', '07700900982', '{housing}', now()) RETURNING id`,
    );
    const url = new URL(unsubscribeUrl(deps, id!.id)).pathname;
    const response = await app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(response.statusCode).toBe(200);
    const [row] = await deps.database.query<{ unsubscribed_at: Date | null }>(
      'SELECT unsubscribed_at FROM subscriptions WHERE id = $1',
      [id!.id],
    );
    expect(row!.unsubscribed_at).not.toBeNull();
  });

  it('collects weekly subscribers’ news into one digest a week', async () => {
    await deps.database.query(
      `INSERT INTO subscriptions (channel, contact, wards, frequency, confirmed_at) VALUES ('email', 'weekly@example.test', $1, 'weekly', now())`,
      [[becontree!.code]],
    );
    // As if Becontree had just opened: only recent openings are announced.
    await deps.database.query(
      `UPDATE consultations SET state_changed_at = $1 WHERE slug = 'becontree-centenary-public-spaces'`,
      [clock.now()],
    );
    await deps.database.query(`DELETE FROM announcements WHERE kind = 'opened'`);
    await runAnnouncements(deps);
    await sendDigests(deps);
    const digests = (await outbox(deps, 'subscription-digest')).filter((m) => m.recipient === 'weekly@example.test');
    expect(digests).toHaveLength(1);
    expect(digests[0]!.personalisation.body).toContain('/consultations/becontree-centenary-public-spaces');
    expect(
      (await outbox(deps, 'subscription-new-consultation')).some((m) => m.recipient === 'weekly@example.test'),
    ).toBe(false);
  });
});
