/**
 * The edge: control characters leave every form in one place, unreadable bodies are a 400 page,
 * oversized ones a 413 page, never a 5xx (the outside tester's malformed-input probes).
 */
import { describe, expect, it } from 'vitest';
import { build, signedInBrowsers, textOf } from '../../test/helpers.ts';
import { multipartBody } from '../../test/multipart.ts';
import { cleanText } from './body-parsing.ts';

const ctx = await build();
const { app, deps } = ctx;
const as = signedInBrowsers(app);

const cookieOf = (browser: unknown) =>
  [...(browser as { cookies: Map<string, string> }).cookies]
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('; ');

describe('control characters', () => {
  it('are stripped, keeping tab, CR and LF', () => {
    expect(cleanText('a\u0000b\u0001c\u007fd\u009fe')).toBe('abcde');
    expect(cleanText('line one\r\nline\ttwo\n')).toBe('line one\r\nline\ttwo\n');
    expect(cleanText('Zoë – “quoted” 😀')).toBe('Zoë – “quoted” 😀');
  });

  it('never reach the database from a staff form (a NUL once made PostgreSQL refuse the close reason)', async () => {
    const [open] = await deps.database.query<{ id: string }>(
      `SELECT id FROM consultations WHERE slug = 'food-waste-collections'`,
    );
    const engagement = await as('engagement@council.example');
    await engagement.get(`/staff/consultations/${open!.id}`);
    const closed = await engagement.post(`/staff/consultations/${open!.id}/close`, {
      reason: 'Law\u0000 changed;\u0007 proposal\r\nwithdrawn',
    });
    expect(closed.statusCode).toBe(303);
    const [row] = await deps.database.query<{ reason: string }>(
      `SELECT reason FROM consultation_transitions WHERE consultation_id = $1 ORDER BY id DESC LIMIT 1`,
      [open!.id],
    );
    expect(row!.reason).toBe('Law changed; proposal\r\nwithdrawn');
  });

  it('are stripped from multipart fields and query strings too', async () => {
    const browser = await as('engagement@council.example');
    await browser.get('/staff/people/import');
    const body = multipartBody({ _csrf: browser.csrfToken, panel: 'citizens\u0000-panel' });
    const response = await app.inject({
      method: 'POST',
      url: '/staff/people/import',
      headers: { cookie: cookieOf(browser), 'content-type': body.contentType },
      payload: body.payload,
    });
    // The panel was found (the NUL went), so the only complaint is the missing file.
    expect(response.statusCode).toBe(422);
    expect(textOf(response.body)).not.toContain('Select a panel');
    expect((await app.inject({ method: 'GET', url: '/consultations?q=park%00%01' })).statusCode).toBeLessThan(500);
    expect((await app.inject({ method: 'GET', url: '/consultations/food%00-waste' })).statusCode).toBeLessThan(500);
  });
});

describe('bodies the parser cannot read', () => {
  it('answer a GOV.UK 400 page: broken multipart, invalid UTF-8, invalid JSON', async () => {
    const browser = await as('engagement@council.example');
    await browser.get('/staff/people/import');
    const cookie = cookieOf(browser);
    const broken = await app.inject({
      method: 'POST',
      url: '/staff/people/import',
      headers: { cookie, 'content-type': 'multipart/form-data; boundary=----x' },
      payload: `------x\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${browser.csrfToken}\r\n------x\r\nContent-Disp`,
    });
    expect(broken.statusCode).toBe(400);
    expect(textOf(broken.body)).toContain('Sorry, we could not accept that');
    const noBoundary = await app.inject({
      method: 'POST',
      url: '/staff/people/import',
      headers: { cookie, 'content-type': 'multipart/form-data' },
      payload: 'nothing',
    });
    expect(noBoundary.statusCode).toBeGreaterThanOrEqual(400);
    expect(noBoundary.statusCode).toBeLessThan(500);

    const invalidUtf8 = await app.inject({
      method: 'POST',
      url: '/subscribe',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: Buffer.concat([Buffer.from('email=a'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('@example.test')]),
    });
    expect(invalidUtf8.statusCode).toBe(400);
    expect(invalidUtf8.body).toContain('govuk-heading-l');
    // The same bytes percent-encoded, as a hand-made request sends them: refused too, never stored as "\uFFFD".
    const encodedInvalid = await app.inject({
      method: 'POST',
      url: '/subscribe',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=a%C3%28%FF%40example.test',
    });
    expect(encodedInvalid.statusCode).toBe(400);

    const json = await app.inject({
      method: 'POST',
      url: '/subscribe',
      headers: { cookie, 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(json.statusCode).toBe(400);
    expect(json.body).toContain('govuk-heading-l');

    const malformed = await app.inject({
      method: 'POST',
      url: '/subscribe',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: '%%%&&==&_csrf=%E0%A4%A&email=%',
    });
    expect(malformed.statusCode).toBeLessThan(500);
  });

  it('answer a GOV.UK 413 page when too large', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/subscribe',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${'a'.repeat(2 * 1024 * 1024)}`,
    });
    expect(response.statusCode).toBe(413);
    expect(textOf(response.body)).toContain('The file or form you sent is too large');
  });
});
