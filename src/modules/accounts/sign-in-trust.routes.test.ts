/**
 * The outside tester's sign-in findings, kept fixed: a lockout anyone could renew, a "locked"
 * message that told them an email was a staff account, a returnTo with CR/LF answering 500, and
 * sealed-cookie sessions that must change at sign-in and stop working after sign-out.
 */
import { describe, expect, it } from 'vitest';
import { Browser, build, DEMO_PASSWORD, textOf } from '../../../test/helpers.ts';
import { LOCKOUT_THRESHOLD } from './accounts.service.ts';

const { app, deps, clock } = await build();

const EMAIL = 'officer@police.example';

/**
 * Posts a form as the browser would, from its own IP address: the per-IP rate limit (10 a minute)
 * is not what these tests are about, and the outsider of the finding used many addresses.
 */
let ip = 0;
async function post(browser: Browser, url: string, form: Record<string, string>) {
  const cookies = (browser as unknown as { cookies: Map<string, string> }).cookies;
  const body = new URLSearchParams({ _csrf: browser.csrfToken, ...form });
  const response = await app.inject({
    method: 'POST',
    url,
    remoteAddress: `10.77.${Math.floor(++ip / 250)}.${ip % 250}`,
    headers: {
      cookie: [...cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; '),
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: body.toString(),
  });
  for (const cookie of response.cookies) {
    if (cookie.value === '' || (cookie.maxAge !== undefined && cookie.maxAge <= 0)) cookies.delete(cookie.name);
    else cookies.set(cookie.name, cookie.value);
  }
  return response;
}
async function signIn(browser: Browser, email: string) {
  await browser.get('/sign-in');
  const response = await post(browser, '/sign-in', { email, password: DEMO_PASSWORD });
  expect(response.statusCode).toBe(303);
}
const cookiesOf = (browser: Browser) => new Map((browser as unknown as { cookies: Map<string, string> }).cookies);
function withCookies(cookies: Map<string, string>): Browser {
  const browser = new Browser(app);
  Object.assign(browser, { cookies: new Map(cookies) });
  return browser;
}
const account = async () =>
  (
    await deps.database.query<{ failed_sign_ins: number; locked_until: Date | null }>(
      'SELECT failed_sign_ins, locked_until FROM staff_users WHERE email = $1',
      [EMAIL],
    )
  )[0]!;

describe('sign-in throttling per account', () => {
  it('makes outsiders wait longer and longer, never locks out the holder’s own device, and tells the holder once', async () => {
    // The holder has signed in from this device before (it holds the device cookie), then signed out.
    const holder = new Browser(app);
    await signIn(holder, EMAIL);
    await holder.get('/staff');
    await post(holder, '/sign-out', {});

    // An outsider, on other devices, tries wrong passwords.
    const outsider = new Browser(app);
    await outsider.get('/sign-in');
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++)
      await post(outsider, '/sign-in', { email: EMAIL, password: `guess-${i}` });
    const first = await account();
    expect(first.failed_sign_ins).toBe(LOCKOUT_THRESHOLD);
    expect(new Date(first.locked_until!).getTime() - clock.now().getTime()).toBe(30_000);

    // During the wait even the right password from an unknown device is refused, with the words
    // every refusal has, and the attempts are not counted (they cannot make the wait longer).
    const unknownEmail = await post(outsider, '/sign-in', {
      email: 'not.staff@police.example',
      password: DEMO_PASSWORD,
    });
    for (let i = 0; i < 5; i++) {
      const refused = await post(outsider, '/sign-in', { email: EMAIL, password: DEMO_PASSWORD });
      expect(refused.statusCode).toBe(422);
      expect(textOf(refused.body).replace(EMAIL, '')).toBe(
        textOf(unknownEmail.body).replace('not.staff@police.example', ''),
      );
    }
    expect((await account()).failed_sign_ins).toBe(LOCKOUT_THRESHOLD);

    // After the wait, each further failure doubles it (at most 15 minutes).
    clock.advance(30_000);
    await post(outsider, '/sign-in', { email: EMAIL, password: 'guess-again' });
    expect(new Date((await account()).locked_until!).getTime() - clock.now().getTime()).toBe(60_000);
    for (let i = 0; i < 12; i++) {
      clock.advance(15 * 60_000);
      await post(outsider, '/sign-in', { email: EMAIL, password: `more-${i}` });
    }
    expect(new Date((await account()).locked_until!).getTime() - clock.now().getTime()).toBe(15 * 60_000);

    // The holder's own device is never made to wait.
    await holder.get('/sign-in');
    const back = await post(holder, '/sign-in', { email: EMAIL, password: DEMO_PASSWORD });
    expect(back.statusCode).toBe(303);
    expect((await account()).failed_sign_ins).toBe(0);

    // The holder was emailed when the waits began, and at most once per 15 minutes since.
    const mails = await deps.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE template = 'staff-sign-in-attempts' AND recipient = $1`,
      [EMAIL],
    );
    expect(mails[0]!.n).toBeGreaterThanOrEqual(1);
    expect(mails[0]!.n).toBeLessThanOrEqual(1 + 13);
  });

  it('keeps the administrators’ unlock', async () => {
    const outsider = new Browser(app);
    await outsider.get('/sign-in');
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) await post(outsider, '/sign-in', { email: EMAIL, password: `x-${i}` });
    expect((await account()).locked_until).not.toBeNull();
    const admin = new Browser(app);
    await signIn(admin, 'admin@council.example');
    const [user] = await deps.database.query<{ id: string }>('SELECT id FROM staff_users WHERE email = $1', [EMAIL]);
    await admin.get(`/staff/admin/staff/${user!.id}`);
    expect((await post(admin, `/staff/admin/staff/${user!.id}/unlock`, {})).statusCode).toBe(303);
    expect(await account()).toMatchObject({ failed_sign_ins: 0, locked_until: null });
    const fresh = new Browser(app);
    await fresh.get('/sign-in');
    expect((await post(fresh, '/sign-in', { email: EMAIL, password: DEMO_PASSWORD })).statusCode).toBe(303);
  });
});

describe('returnTo', () => {
  it('falls back to the staff home for CR/LF, absolute URLs, //host and the like, never a 5xx', async () => {
    const bad = [
      '/staff\r\nSet-Cookie: x=1',
      '/staff%0d%0aLocation:%20//evil.example',
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      'javascript:alert(1)',
      '',
      'staff',
    ];
    for (const returnTo of bad) {
      const page = await app.inject({ method: 'GET', url: `/sign-in?returnTo=${encodeURIComponent(returnTo)}` });
      expect(page.statusCode).toBe(200);
      const browser = new Browser(app);
      await browser.get('/sign-in');
      const response = await post(browser, '/sign-in', {
        email: 'housing@council.example',
        password: DEMO_PASSWORD,
        returnTo,
      });
      expect(response.statusCode).toBe(303);
      const location = String(response.headers.location);
      expect(location.startsWith('/') && !location.startsWith('//')).toBe(true);
      expect(location).not.toMatch(/[\r\n]/);
      if (!returnTo.startsWith('/staff%0d')) expect(location).toBe('/staff');
    }
    const good = new Browser(app);
    await good.get('/sign-in');
    const kept = await post(good, '/sign-in', {
      email: 'housing@council.example',
      password: DEMO_PASSWORD,
      returnTo: '/staff/consultations?state=open',
    });
    expect(kept.headers.location).toBe('/staff/consultations?state=open');
  });
});

describe('sessions', () => {
  it('are new at sign-in, and an old cookie replayed after sign-out no longer signs in', async () => {
    const browser = new Browser(app);
    await browser.get('/sign-in');
    const anonymous = cookiesOf(browser).get('soundings_session');
    await signIn(browser, 'engagement@council.example');
    const signedIn = cookiesOf(browser);
    expect(signedIn.get('soundings_session')).not.toBe(anonymous);
    // The cookie from before sign-in does not carry the sign-in (no fixation).
    expect((await withCookies(new Map([['soundings_session', anonymous!]])).get('/staff')).statusCode).toBe(303);
    expect((await withCookies(signedIn).get('/staff')).statusCode).toBe(200);

    await browser.get('/staff');
    await post(browser, '/sign-out', {});
    expect((await browser.get('/staff')).headers.location).toMatch(/^\/sign-in/);
    // The stolen or saved cookie from while signed in is refused too.
    const replay = await withCookies(signedIn).get('/staff');
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toMatch(/^\/sign-in/);
    // Signing out here does not sign the same person out elsewhere.
    const other = new Browser(app);
    await signIn(other, 'engagement@council.example');
    const another = new Browser(app);
    await signIn(another, 'engagement@council.example');
    await another.get('/staff');
    await post(another, '/sign-out', {});
    expect((await other.get('/staff')).statusCode).toBe(200);
  });
});
