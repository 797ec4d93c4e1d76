import { describe, expect, it } from 'vitest';
import { build, Browser, textOf } from '../../../test/helpers.ts';
import { answerJoinQuestions, JOINER, linkFrom } from './people.test-helpers.ts';

const ctx = await build();
const { app, deps, clock } = ctx;

const personRow = async (email: string) =>
  (await deps.database.query<Record<string, unknown>>('SELECT * FROM people WHERE email = $1', [email]))[0];

describe('joining a panel without JavaScript', () => {
  it('shows GOV.UK errors and keeps the answers', async () => {
    const browser = new Browser(app);
    await browser.get('/panels/join/panels');
    const none = await browser.post('/panels/join/panels', {});
    expect(none.statusCode).toBe(422);
    expect(textOf(none.body)).toContain('Select at least one panel to join');
    expect(none.body).toContain('<title>Error: ');
    await browser.post('/panels/join/panels', { panels: 'citizens-panel' });
    await browser.get('/panels/join/name');
    const long = await browser.post('/panels/join/name', { fullName: 'x'.repeat(101) });
    expect(long.statusCode).toBe(422);
    expect(textOf(long.body)).toContain('Full name must be 100 characters or fewer');
    const script = await browser.post('/panels/join/name', { fullName: '<script>alert(1)</script>' });
    expect(script.statusCode).toBe(422);
    expect(script.body).not.toContain('<script>alert(1)');
    await browser.post('/panels/join/name', { fullName: 'Ann Example' });
    await browser.get('/panels/join/contact');
    const bad = await browser.post('/panels/join/contact', { email: 'not-an-email', phone: '12345' });
    expect(bad.statusCode).toBe(422);
    expect(textOf(bad.body)).toContain('Enter an email address in the correct format');
    expect(textOf(bad.body)).toContain('Enter a UK phone number');
    expect(bad.body).toContain('value="not-an-email"');
    const empty = await browser.post('/panels/join/contact', { email: '', phone: '' });
    expect(textOf(empty.body)).toContain('Enter an email address or a mobile phone number');
  });

  it('sends a later question page back to the first unanswered one', async () => {
    const browser = new Browser(app);
    const response = await browser.get('/panels/join/topics');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/panels/join/panels');
    expect((await browser.get('/panels/join/check')).headers.location).toBe('/panels/join/panels');
  });

  it('asks for the ward when the postcode is unknown, records consent, and contacts nobody until confirmed', async () => {
    const browser = new Browser(app);
    const wards = await deps.database.query<{ code: string }>('SELECT code FROM wards ORDER BY code LIMIT 1');
    const check = await answerJoinQuestions(browser, { ward: wards[0]!.code });
    expect(check.statusCode).toBe(200);
    const text = textOf(check.body);
    expect(text).toContain(JOINER.fullName);
    expect(text).toContain('Citizens’ panel, E-panel');
    expect(text).toContain('+447700900461');
    const sent = await browser.post('/panels/join/check', {});
    expect(sent.headers.location).toBe('/panels/join/sent');

    const person = await personRow(JOINER.email);
    expect(person).toMatchObject({
      full_name: JOINER.fullName,
      phone: JOINER.phoneNormalised,
      ward_code: wards[0]!.code,
      privacy_notice_version: '2026-11',
    });
    expect(person!.consent_at).toBeTruthy();
    expect(person!.confirmed_at).toBeNull();
    const equality = await deps.database.query<{ answers: Record<string, string> }>(
      'SELECT answers FROM people_equality WHERE person_id = $1',
      [person!.id],
    );
    expect(equality[0]!.answers).toEqual({ age_band: '25_to_34', sex: 'female', ethnic_group: 'white' });
    const memberships = await deps.database.query<{ status: string }>(
      'SELECT status FROM people_memberships WHERE person_id = $1',
      [person!.id],
    );
    expect(memberships.map((m) => m.status)).toEqual(['invited', 'invited']);
    // Audit never holds the values: only field names.
    const audit = await deps.database.query<{ after: unknown }>('SELECT after FROM audit_events WHERE entity_id = $1', [
      person!.id,
    ]);
    expect(JSON.stringify(audit)).not.toContain(JOINER.email);
    expect(JSON.stringify(audit)).not.toContain(JOINER.fullName);

    // Refreshing or resubmitting the check page creates nothing new: the draft is gone.
    const again = await browser.post('/panels/join/check', {});
    expect(again.headers.location).toBe('/panels/join/panels');
    expect(await deps.database.query('SELECT id FROM people WHERE email = $1', [JOINER.email])).toHaveLength(1);

    const link = await linkFrom(deps, 'people-confirm', JOINER.email);
    const page = await browser.get(link);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Confirm you want to join');
    const confirmed = await browser.post(link, {});
    expect(confirmed.headers.location).toBe('/panels/account');
    const account = await browser.get('/panels/account');
    expect(textOf(account.body)).toContain('You have joined the panel');
    expect(textOf(account.body)).toContain(JOINER.fullName);
    const active = await deps.database.query<{ status: string }>(
      'SELECT status FROM people_memberships WHERE person_id = $1',
      [person!.id],
    );
    expect(active.map((m) => m.status)).toEqual(['active', 'active']);
    // The link works once.
    expect((await new Browser(app).get(link)).statusCode).toBe(410);
  });

  it('finds the ward from a known postcode and skips the ward question', async () => {
    const browser = new Browser(app);
    await answerJoinQuestions(browser, { email: 'known.postcode@example.test', phone: '', postcode: 'ig11 0ap' });
    await browser.post('/panels/join/check', {});
    expect(await personRow('known.postcode@example.test')).toMatchObject({
      postcode: 'IG11 0AP',
      ward_code: 'E05014066',
    });
  });

  it('creates one person when the same answers are sent several times at once', async () => {
    const browser = new Browser(app);
    await answerJoinQuestions(browser, { email: 'parallel.joiner@example.test', phone: '', postcode: 'IG11 0AP' });
    const responses = await Promise.all([1, 2, 3, 4].map(() => browser.post('/panels/join/check', {})));
    for (const r of responses) expect(r.headers.location).toBe('/panels/join/sent');
    expect(
      await deps.database.query("SELECT id FROM people WHERE email = 'parallel.joiner@example.test'"),
    ).toHaveLength(1);
  });

  it('confirms a person who gave only a mobile number by text message', async () => {
    const browser = new Browser(app);
    await answerJoinQuestions(browser, { email: '', phone: '07700 900 462', postcode: 'IG11 0AP' });
    await browser.post('/panels/join/check', {});
    const [message] = (await deps.notifier.recent(deps.db, 50)).filter((m) => m.recipient === '+447700900462');
    expect(message).toMatchObject({ template: 'people-confirm-sms', channel: 'sms' });
  });

  it('does not reveal that an address is already a member: it emails a sign-in link instead', async () => {
    const browser = new Browser(app);
    await answerJoinQuestions(browser, { email: 'panel.member.001@example.com', phone: '', postcode: 'IG11 0AP' });
    const sent = await browser.post('/panels/join/check', {});
    expect(sent.headers.location).toBe('/panels/join/sent');
    expect(
      await deps.database.query("SELECT id FROM people WHERE email = 'panel.member.001@example.com'"),
    ).toHaveLength(1);
    expect(await linkFrom(deps, 'people-already-member', 'panel.member.001@example.com')).toMatch(
      /^\/panels\/sign-in\//,
    );
  });
});

describe('a member managing their membership', () => {
  const email = 'panel.member.002@example.com';

  async function signedIn() {
    const browser = new Browser(app);
    // A link asked for and not used holds back the next one for 15 minutes (one message per person).
    clock.advance(15 * 60_000);
    await browser.get('/panels/sign-in');
    const requested = await browser.post('/panels/sign-in', { email: ' Panel.Member.002@EXAMPLE.com ' });
    expect(requested.headers.location).toBe('/panels/sign-in/sent');
    const link = await linkFrom(deps, 'people-sign-in', email);
    await browser.get(link);
    const response = await browser.post(link, {});
    expect(response.headers.location).toBe('/panels/account');
    return { browser, link };
  }

  it('signs in with a single-use link that expires', async () => {
    const { link } = await signedIn();
    const other = new Browser(app);
    expect((await other.get(link)).statusCode).toBe(410);
    await other.get('/panels/sign-in');
    await other.post('/panels/sign-in', { email });
    const second = await linkFrom(deps, 'people-sign-in', email);
    clock.advance(61 * 60_000);
    expect((await other.get(second)).statusCode).toBe(410);
    clock.advance(-61 * 60_000);
    // Unknown addresses get the same page and no message.
    const before = (await deps.notifier.recent(deps.db, 500)).length;
    await other.get('/panels/sign-in');
    const unknown = await other.post('/panels/sign-in', { email: 'nobody@example.test' });
    expect(unknown.headers.location).toBe('/panels/sign-in/sent');
    expect((await deps.notifier.recent(deps.db, 500)).length).toBe(before);
    expect((await new Browser(app).get('/panels/account')).headers.location).toBe('/panels/sign-in');
  });

  it('updates details, pauses and resumes, and downloads everything held', async () => {
    const { browser } = await signedIn();
    await browser.get('/panels/account/details');
    const invalid = await browser.post('/panels/account/details', {
      fullName: '',
      email: email,
      postcode: 'nonsense',
      channels: 'email',
    });
    expect(invalid.statusCode).toBe(422);
    expect(textOf(invalid.body)).toContain('Enter your full name');
    expect(textOf(invalid.body)).toContain('Enter a full UK postcode');
    const saved = await browser.post('/panels/account/details', {
      fullName: 'Changed Name Test',
      email,
      phone: '',
      postcode: 'IG11 0EF',
      topics: ['housing', 'education'],
      channels: 'email',
      address: '',
      language: '',
      accessNeeds: 'Step-free venues',
    });
    expect(saved.headers.location).toBe('/panels/account');
    expect(await personRow(email)).toMatchObject({
      full_name: 'Changed Name Test',
      ward_code: 'E05014061',
      topics: ['housing', 'education'],
      access_needs: 'Step-free venues',
    });

    await browser.get('/panels/account');
    await browser.post('/panels/account/pause', { action: 'pause' });
    let statuses = await deps.database.query<{ status: string }>(
      'SELECT m.status FROM people_memberships m JOIN people p ON p.id = m.person_id WHERE p.email = $1',
      [email],
    );
    expect(statuses.every((s) => s.status === 'paused')).toBe(true);
    await browser.post('/panels/account/pause', { action: 'resume' });
    statuses = await deps.database.query<{ status: string }>(
      'SELECT m.status FROM people_memberships m JOIN people p ON p.id = m.person_id WHERE p.email = $1',
      [email],
    );
    expect(statuses.every((s) => s.status === 'active')).toBe(true);

    const download = await browser.get('/panels/account/download');
    expect(download.headers['content-disposition']).toContain('attachment');
    const data = JSON.parse(download.body) as {
      details: Record<string, unknown>;
      aboutYou: unknown;
      memberships: { status: string }[];
      history: { event: string }[];
    };
    expect(data.details).toMatchObject({ fullName: 'Changed Name Test', email, postcode: 'IG11 0EF' });
    expect(data.aboutYou).toBeTypeOf('object');
    expect(data.memberships[0]).toMatchObject({ status: 'active' });
    expect(data.history.map((h) => h.event)).toEqual(expect.arrayContaining(['paused', 'resumed']));
  });

  it('leaving erases the personal data and signs out', async () => {
    const { browser } = await signedIn();
    await browser.get('/panels/account/leave');
    const left = await browser.post('/panels/account/leave', {});
    expect(left.headers.location).toBe('/panels/left');
    expect(await personRow(email)).toBeUndefined();
    expect((await browser.get('/panels/account')).headers.location).toBe('/panels/sign-in');
  });

  it('refuses forms without the CSRF token', async () => {
    const browser = new Browser(app);
    await browser.get('/panels/sign-in');
    const response = await browser.post('/panels/sign-in', { email }, { csrf: null });
    expect(response.statusCode).toBe(403);
  });
});
