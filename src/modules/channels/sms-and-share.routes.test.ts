import { afterAll, describe, expect, it } from 'vitest';
import { Browser, build, signedInBrowsers, textOf } from '../../../test/helpers.ts';
import { receivedTextCallback, startFakeNotify } from '../../../test/fake-notify.ts';
import { createRespondable } from '../questionnaires/responding.fixtures.ts';
import type { QuestionnaireDefinition } from '../questionnaires/index.ts';

const TOKEN = 'inbound-token-for-tests-0123456789';
const DEFINITION: QuestionnaireDefinition = {
  pages: [
    {
      key: 'views',
      title: 'Your views',
      questions: [
        { key: 'comments', type: 'long_text', text: 'What do you think of the plans?', required: true },
        {
          key: 'how_heard',
          type: 'single_choice',
          text: 'How did you hear about this?',
          required: false,
          options: [
            { value: 'facebook', label: 'Facebook' },
            { value: 'leaflet', label: 'Leaflet' },
          ],
        },
      ],
    },
  ],
};

describe('two-way texts through Notify: STOP, postcodes, "text us your view", the inbox', async () => {
  const notify = await startFakeNotify();
  afterAll(() => notify.close());
  const { app, deps } = await build({
    env: {
      NOTIFY_INBOUND_TOKEN: TOKEN,
      NOTIFY_API_KEY: notify.apiKey,
      NOTIFY_BASE_URL: notify.baseUrl,
      NOTIFY_EMAIL_TEMPLATE_ID: '11111111-1111-4111-8111-111111111111',
      NOTIFY_SMS_TEMPLATE_ID: '22222222-2222-4222-8222-222222222222',
    },
  });
  const as = signedInBrowsers(app);
  const fixture = await createRespondable(deps, { definition: DEFINITION, includeAboutYou: false });
  const callback = (payload: object, token = TOKEN) =>
    app.inject({
      method: 'POST',
      url: '/notify/received-text',
      headers: { authorization: `Bearer ${token}` },
      payload,
    });
  const texted = async (to: string) => {
    await deps.notifier.deliverQueued(deps.db);
    return notify.accepted.filter((m) => m.channel === 'sms' && m.recipient === to).map((m) => m.personalisation.body!);
  };

  it('refuses a callback without the right bearer token, and a body that is not a text', async () => {
    expect((await callback(receivedTextCallback('07700900111', 'Hello'), 'wrong')).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/notify/received-text', payload: {} })).statusCode).toBe(401);
    expect((await callback({ nonsense: true })).statusCode).toBe(400);
  });

  it('subscribes a number to its ward from a texted postcode, and STOP ends it and cancels what is queued', async () => {
    const r = await callback(receivedTextCallback('07700900111', 'rm8 0fw'));
    expect(r.json()).toEqual({ outcome: 'subscribed' });
    const [sub] = await deps.database.query<{ id: string; wards: string[]; confirmed_at: Date | null }>(
      `SELECT id, wards, confirmed_at FROM subscriptions WHERE contact = '07700900111'`,
    );
    expect(sub!.wards).toEqual(['E05014057']);
    expect(sub!.confirmed_at).not.toBeNull();
    expect((await texted('07700900111')).at(-1)).toContain('new consultations in Becontree');
    // Something queued for them, then STOP.
    await deps.database.query(
      `INSERT INTO outbox_messages (reference, channel, template, recipient, personalisation) VALUES ($1, 'sms', 'sms-reply', '07700900111', '{"subject":"x","body":"queued"}')`,
      [`sub-${sub!.id}-opened-x`],
    );
    expect((await callback(receivedTextCallback('07700900111', ' Stop '))).json()).toEqual({ outcome: 'unsubscribed' });
    const [after] = await deps.database.query<{ unsubscribed_at: Date | null }>(
      `SELECT unsubscribed_at FROM subscriptions WHERE id = $1`,
      [sub!.id],
    );
    expect(after!.unsubscribed_at).not.toBeNull();
    const [queued] = await deps.database.query<{ status: string }>(
      `SELECT status FROM outbox_messages WHERE reference = $1`,
      [`sub-${sub!.id}-opened-x`],
    );
    expect(queued!.status).not.toBe('queued');
  });

  it('ignores a repeated delivery of the same message id', async () => {
    const message = receivedTextCallback('07700900222', 'Who do I talk to about bins?');
    expect((await callback(message)).json()).toEqual({ outcome: 'inbox' });
    expect((await callback(message)).json()).toEqual({ outcome: 'duplicate' });
    const rows = await deps.database.query(`SELECT 1 FROM sms_inbound WHERE notify_id = $1`, [message.id]);
    expect(rows).toHaveLength(1);
  });

  it('turns a texted view into a response after consent, texts the reference, and results and export show SMS', async () => {
    const officer = await as('engagement@council.example');
    await officer.get(`/staff/consultations/${fixture.consultationId}/text-responses`);
    const bad = await officer.post(`/staff/consultations/${fixture.consultationId}/text-responses`, {
      keyword: 'two words',
      questionKey: 'comments',
    });
    expect(bad.statusCode).toBe(422);
    expect(textOf(bad.body)).toContain('Keyword must be 2 to 20 letters or numbers');
    const ok = await officer.post(`/staff/consultations/${fixture.consultationId}/text-responses`, {
      keyword: 'park',
      questionKey: 'comments',
    });
    expect(ok.statusCode).toBe(303);

    expect(
      (await callback(receivedTextCallback('07700900333', 'PARK More trees and a better playground please'))).json(),
    ).toEqual({
      outcome: 'awaiting-consent',
    });
    expect((await texted('07700900333')).at(-1)).toContain('reply YES');
    const none = await deps.database.query(`SELECT 1 FROM responses WHERE questionnaire_id = $1`, [
      fixture.questionnaireId,
    ]);
    expect(none).toHaveLength(0);
    expect((await callback(receivedTextCallback('07700900333', 'yes'))).json()).toEqual({ outcome: 'consent-given' });
    const [response] = await deps.database.query<{
      reference: string;
      channel: string;
      answers: Record<string, string>;
    }>(`SELECT reference, channel, answers FROM responses WHERE questionnaire_id = $1`, [fixture.questionnaireId]);
    expect(response!.channel).toBe('sms');
    expect(response!.answers).toEqual({ comments: 'More trees and a better playground please' });
    expect((await texted('07700900333')).at(-1)).toContain(`Your reference is ${response!.reference}`);

    // Someone who says NO is not recorded.
    await callback(receivedTextCallback('07700900444', 'park not for me'));
    expect((await callback(receivedTextCallback('07700900444', 'NO'))).json()).toEqual({ outcome: 'consent-declined' });
    expect(
      await deps.database.query(`SELECT 1 FROM responses WHERE questionnaire_id = $1`, [fixture.questionnaireId]),
    ).toHaveLength(1);

    const dashboard = textOf((await officer.get(`/staff/consultations/${fixture.consultationId}/results`)).body);
    expect(dashboard).toMatch(/SMS\s+1/);
    const csv = await officer.get(`/staff/consultations/${fixture.consultationId}/results/export.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(response!.reference);
    expect(csv.body).toContain('SMS');
  });

  it('puts what matched nothing in the staff inbox, for reviewers only, until dealt with', async () => {
    const officer = await as('engagement@council.example');
    const page = await officer.get('/staff/texts');
    expect(textOf(page.body)).toContain('Who do I talk to about bins?');
    expect(textOf(page.body)).not.toContain('More trees');
    const [row] = await deps.database.query<{ id: string }>(
      `SELECT id FROM sms_inbound WHERE body = 'Who do I talk to about bins?'`,
    );
    expect((await (await as('officer@nhs.example')).get('/staff/texts')).statusCode).toBe(403);
    expect((await officer.post(`/staff/texts/${row!.id}/handled`, {})).statusCode).toBe(303);
    expect(textOf((await officer.get('/staff/texts')).body)).not.toContain('Who do I talk to about bins?');
  });
});

describe('sharing that is measured: share text, /s/ links, share images, responses by channel', async () => {
  const { app, deps } = await build();
  const as = signedInBrowsers(app);
  const fixture = await createRespondable(deps, { definition: DEFINITION, includeAboutYou: false });
  const base = `/consultations/${fixture.slug}/respond`;

  it('makes one short link per page and channel with ready-to-post text', async () => {
    const officer = await as('engagement@council.example');
    const before = await officer.get(`/staff/consultations/${fixture.consultationId}/share`);
    expect(textOf(before.body)).toContain('Make share links');
    expect((await officer.post(`/staff/consultations/${fixture.consultationId}/share`, {})).statusCode).toBe(303);
    const page = textOf((await officer.get(`/staff/consultations/${fixture.consultationId}/share`)).body);
    for (const name of ['Facebook post', 'X (Twitter) post', 'Nextdoor post', 'WhatsApp post'])
      expect(page).toContain(name);
    expect(page).toMatch(/Have your say on Improving Parsloes Park\. It closes on/);
    const links = await deps.database.query<{ code: string; channel: string }>(
      `SELECT code, channel FROM share_links WHERE consultation_id = $1`,
      [fixture.consultationId],
    );
    expect(links.map((l) => l.channel).sort()).toEqual(['facebook', 'nextdoor', 'whatsapp', 'x']);
    // Making them again makes no more.
    await officer.post(`/staff/consultations/${fixture.consultationId}/share`, {});
    expect(
      await deps.database.query(`SELECT 1 FROM share_links WHERE consultation_id = $1`, [fixture.consultationId]),
    ).toHaveLength(4);
  });

  it('counts a click, remembers the link, and a response started from it records the channel', async () => {
    const [link] = await deps.database.query<{ code: string }>(
      `SELECT code FROM share_links WHERE consultation_id = $1 AND channel = 'facebook'`,
      [fixture.consultationId],
    );
    const resident = new Browser(app);
    const click = await resident.get(`/s/${link!.code}`);
    expect(click.statusCode).toBe(302);
    expect(click.headers.location).toBe(`/consultations/${fixture.slug}`);
    expect(String(click.headers['set-cookie'])).toContain(`sdg_share=${link!.code}`);
    expect((await new Browser(app).get('/s/zzzzzzz')).statusCode).toBe(404);
    await resident.get(base);
    await resident.get(`${base}/views`);
    await resident.post(`${base}/views`, { comments: 'Lovely idea', how_heard: 'facebook' });
    await resident.get(`${base}/about-your-response`);
    await resident.post(`${base}/about-your-response`, {
      respondentType: 'individual',
      publicationConsent: 'do_not_publish',
      email: '',
    });
    await resident.get(`${base}/check-answers`);
    expect((await resident.post(`${base}/check-answers`, {})).headers.location).toBe(`${base}/confirmation`);
    // Someone who came another way.
    const other = new Browser(app);
    await other.get(base);
    await other.get(`${base}/views`);
    await other.post(`${base}/views`, { comments: 'Fine', how_heard: 'leaflet' });
    await other.get(`${base}/about-your-response`);
    await other.post(`${base}/about-your-response`, {
      respondentType: 'individual',
      publicationConsent: 'do_not_publish',
      email: '',
    });
    await other.get(`${base}/check-answers`);
    await other.post(`${base}/check-answers`, {});
    const [row] = await deps.database.query<{ clicks: number; n: number }>(
      `SELECT l.clicks, (SELECT count(*)::int FROM share_link_responses s WHERE s.share_link_id = l.id) AS n FROM share_links l WHERE l.code = $1`,
      [link!.code],
    );
    expect(row).toEqual({ clicks: 1, n: 1 });
    // The report suppresses small numbers, as the equality breakdown does.
    const report = textOf(
      (await (await as('engagement@council.example')).get(`/staff/consultations/${fixture.consultationId}/channels`))
        .body,
    );
    expect(report).toContain('Responses by channel');
    expect(report).toContain('Online fewer than 10');
    expect(report).toContain('Facebook (/consultations/');
    expect(report).toContain('How people heard about this');
  });

  it('shows real figures once there are enough, and the clicks as counted', async () => {
    const [link] = await deps.database.query<{ id: string }>(
      `SELECT id FROM share_links WHERE consultation_id = $1 AND channel = 'whatsapp'`,
      [fixture.consultationId],
    );
    await deps.database.query(
      `WITH r AS (
         INSERT INTO responses (questionnaire_id, version, reference, idempotency_key, channel, answers)
         SELECT $1, 1, 'SDG-T' || g, 'k' || g, CASE WHEN g <= 12 THEN 'online' ELSE 'paper' END, '{"comments":"x","how_heard":"leaflet"}'
         FROM generate_series(1, 24) g RETURNING id, reference)
       INSERT INTO share_link_responses (response_id, share_link_id) SELECT id, $2 FROM r WHERE reference IN (${Array.from({ length: 11 }, (_, i) => `'SDG-T${i + 1}'`).join(',')})`,
      [fixture.questionnaireId, link!.id],
    );
    const report = textOf(
      (await (await as('engagement@council.example')).get(`/staff/consultations/${fixture.consultationId}/channels`))
        .body,
    );
    expect(report).toMatch(/Online 14 54%/);
    expect(report).toMatch(/Paper 12 46%/);
    expect(report).toContain('WhatsApp (/consultations/');
    expect(
      (await (await as('councillor@council.example')).get(`/staff/consultations/${fixture.consultationId}/channels`))
        .statusCode,
    ).toBe(403);
  });

  it('gives public pages Open Graph tags and a signed share image', async () => {
    const visitor = new Browser(app);
    const page = await visitor.get(`/consultations/${fixture.slug}`);
    expect(page.body).toContain('<meta property="og:title" content="Improving Parsloes Park">');
    expect(page.body).toContain('<meta name="twitter:card" content="summary_large_image">');
    const og = /<meta property="og:image" content="([^"]+)">/.exec(page.body)![1]!.replace(/&amp;/g, '&');
    const fromPage = await app.inject({ url: og.replace(deps.config.baseUrl, '') });
    expect(fromPage.headers['content-type']).toBe('image/png');
    const [event] = await deps.database.query<{ id: string }>(
      `SELECT id FROM plan_events WHERE status = 'scheduled' LIMIT 1`,
    );
    expect((await visitor.get(`/events/${event!.id}`)).body).toContain('property="og:image"');
    const meta = (await import('../../web/share-meta.ts')).shareMeta(deps.config, {
      title: 'Improving Parsloes Park',
      description: 'Tell us.',
      path: `/consultations/${fixture.slug}`,
      closesAt: new Date('2027-03-03T12:00:00Z'),
    });
    const image = await app.inject({ url: meta.image.replace(deps.config.baseUrl, '') });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    const forged = await app.inject({
      url: meta.image.replace(deps.config.baseUrl, '').replace(/s=[^&]+/, 's=AAAAAAAAAAAAAAAAAAAAAA'),
    });
    expect(forged.statusCode).toBe(404);
  });
});
