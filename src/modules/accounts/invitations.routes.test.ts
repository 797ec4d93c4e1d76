import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { Browser, build, textOf } from '../../../test/helpers.ts';

/** A browser from its own address, so sign-in rate limits in one test do not spill into the next. */
let lastOctet = 0;
function browserFor(app: FastifyInstance) {
  const remoteAddress = `10.30.0.${++lastOctet}`;
  return new Browser({
    inject: (options: object) => app.inject({ ...options, remoteAddress }),
  } as unknown as FastifyInstance);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('inviting staff', async () => {
  const { app, deps, clock } = await build();
  const [nhs] = await deps.database.query<{ id: string }>(`SELECT id FROM organisations WHERE slug = 'nhs-nel'`);

  async function admin() {
    const browser = browserFor(app);
    await browser.signIn('admin@council.example');
    await browser.get('/staff/admin/staff/invite');
    return browser;
  }

  /** Invites someone and returns the link from the queued email. */
  async function invite(email: string, role = 'partner_officer') {
    const browser = await admin();
    const response = await browser.post('/staff/admin/staff/invite', {
      name: 'Nia New',
      email,
      organisation: nhs!.id,
      role,
    });
    expect(response.statusCode).toBe(303);
    const [message] = await deps.database.query<{ personalisation: { link: string; body: string } }>(
      `SELECT personalisation FROM outbox_messages WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1`,
      [email],
    );
    const link = message!.personalisation.link;
    return { path: new URL(link).pathname, token: link.split('/').pop()!, browser };
  }

  it('offers every organisation of the partnership and each role with a hint', async () => {
    const page = await (await admin()).get('/staff/admin/staff/invite');
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Invite a member of staff');
    for (const name of [
      'Barking and Dagenham Council',
      'NHS North East London',
      'Metropolitan Police, Barking and Dagenham',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toContain('Engagement officer');
    expect(text).toContain('Manages staff accounts for the whole partnership');
  });

  it('shows GOV.UK errors, keeps the answers and stores nothing', async () => {
    const browser = await admin();
    const response = await browser.post('/staff/admin/staff/invite', {
      name: '<script>alert(1)</script>',
      email: "x'; DROP TABLE staff_users; --",
      organisation: 'not-an-id',
      unexpected: 'field',
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('<title>Error: Invite a member of staff');
    const text = textOf(response.body);
    expect(text).toContain('Enter an email address in the correct format');
    expect(text).toContain('Select an organisation');
    expect(text).toContain('Select a role');
    expect(response.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(response.body).not.toContain('<script>alert(1)');
    const rows = await deps.database.query(`SELECT 1 FROM staff_invitations`);
    const outbox = await deps.database.query(
      `SELECT 1 FROM outbox_messages WHERE template = 'staff-invitation' AND recipient LIKE 'x%'`,
    );
    expect(rows.length + outbox.length).toBe(0);
  });

  it('refuses an email address that already belongs to active staff', async () => {
    const browser = await admin();
    const response = await browser.post('/staff/admin/staff/invite', {
      name: 'Sam Again',
      email: 'HOUSING@council.example',
      organisation: nhs!.id,
      role: 'service_officer',
    });
    expect(response.statusCode).toBe(422);
    expect(textOf(response.body)).toContain('This email address already belongs to a member of staff');
    expect(response.body).toContain('value="HOUSING@council.example"');
  });

  it('points to reactivation for the address of a deactivated account', async () => {
    await deps.database.query(`UPDATE staff_users SET active = false WHERE email = 'officer@police.example'`);
    try {
      const browser = await admin();
      const response = await browser.post('/staff/admin/staff/invite', {
        name: 'Pat Police',
        email: 'officer@police.example',
        organisation: nhs!.id,
        role: 'partner_officer',
      });
      expect(response.statusCode).toBe(422);
      expect(textOf(response.body)).toContain('This email address belongs to a deactivated account');
    } finally {
      await deps.database.query(`UPDATE staff_users SET active = true WHERE email = 'officer@police.example'`);
    }
  });

  it('stores only a hash of the token, expires in 7 days and queues the email with the link', async () => {
    const { token } = await invite('nia@nhs.example');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [invitation] = await deps.database.query<{ id: string; token_hash: string; expires_at: Date; role: string }>(
      `SELECT id, token_hash, expires_at, role FROM staff_invitations WHERE email = 'nia@nhs.example'`,
    );
    expect(invitation!.token_hash).toBe(sha256(token));
    expect(new Date(invitation!.expires_at).getTime() - clock.now().getTime()).toBe(7 * 24 * 60 * 60_000);
    const [message] = await deps.database.query<{ reference: string; personalisation: { body: string } }>(
      `SELECT reference, personalisation FROM outbox_messages WHERE recipient = 'nia@nhs.example'`,
    );
    expect(message!.reference).toBe(`invite-${invitation!.id}`);
    expect(message!.personalisation.body).toContain(`${deps.config.baseUrl}/invitations/${token}`);
    expect(message!.personalisation.body).toContain('as a partner officer for NHS North East London');
    const audit = await deps.database.query(
      `SELECT * FROM audit_events WHERE action = 'staff.invited' AND entity_id = $1`,
      [invitation!.id],
    );
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(token);
    expect(JSON.stringify(audit)).not.toContain(invitation!.token_hash);
  });

  it('lets the invited person set a password once, signs them in, and refuses the link afterwards', async () => {
    const { path } = await invite('noor@nhs.example', 'engagement_officer');
    const newcomer = browserFor(app);
    const page = await newcomer.get(path);
    expect(page.statusCode).toBe(200);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(textOf(page.body)).toContain('Set your password');
    expect(textOf(page.body)).toContain('noor@nhs.example');

    const weak = await newcomer.post(path, { password: 'noor@nhs.example', confirmPassword: 'noor@nhs.example' });
    expect(weak.statusCode).toBe(422);
    expect(textOf(weak.body)).toContain('Password must not be your email address');

    const accepted = await newcomer.post(path, {
      password: 'amber lighthouse keeper',
      confirmPassword: 'amber lighthouse keeper',
    });
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe('/staff');
    const signedIn = await newcomer.get('/staff/account/password');
    expect(signedIn.statusCode).toBe(200);
    expect(textOf(signedIn.body)).toContain('Signed in as Nia New (NHS North East London)');

    const [user] = await deps.database.query<{ role: string; password_hash: string }>(
      `SELECT role, password_hash FROM staff_users WHERE email = 'noor@nhs.example'`,
    );
    expect(user!.role).toBe('engagement_officer');
    expect(user!.password_hash).toMatch(/^\$argon2id\$/);
    const [invitation] = await deps.database.query<{ accepted_at: Date | null }>(
      `SELECT accepted_at FROM staff_invitations WHERE email = 'noor@nhs.example'`,
    );
    expect(invitation!.accepted_at).not.toBeNull();
    expect(
      await deps.database.query(`SELECT 1 FROM audit_events WHERE action = 'staff.invitation-accepted'`),
    ).toHaveLength(1);

    const again = await browserFor(app).get(path);
    expect(again.statusCode).toBe(410);
    expect(textOf(again.body)).toContain('This link has expired or has already been used');
    const reuse = browserFor(app);
    await reuse.get('/sign-in');
    const posted = await reuse.post(path, {
      password: 'another good password',
      confirmPassword: 'another good password',
    });
    expect(posted.statusCode).toBe(410);
  });

  it('creates exactly one account when the form is posted twice at once', async () => {
    const { path } = await invite('twice@nhs.example');
    const browser = browserFor(app);
    await browser.get(path);
    const form = { password: 'parallel river stones', confirmPassword: 'parallel river stones' };
    const responses = await Promise.all([browser.post(path, form), browser.post(path, form), browser.post(path, form)]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([303, 410, 410]);
    expect(await deps.database.query(`SELECT 1 FROM staff_users WHERE email = 'twice@nhs.example'`)).toHaveLength(1);
  });

  it('refuses a link after 7 days', async () => {
    const { path } = await invite('late@nhs.example');
    const browser = browserFor(app);
    await browser.get(path);
    clock.advance(7 * 24 * 60 * 60_000 + 60_000);
    try {
      const page = await browser.get(path);
      expect(page.statusCode).toBe(410);
      const posted = await browser.post(path, { password: 'too late for this', confirmPassword: 'too late for this' });
      expect(posted.statusCode).toBe(410);
      expect(await deps.database.query(`SELECT 1 FROM staff_users WHERE email = 'late@nhs.example'`)).toHaveLength(0);
    } finally {
      clock.advance(-(7 * 24 * 60 * 60_000 + 60_000));
    }
  });

  it('replaces an earlier link when the same person is invited again', async () => {
    const first = await invite('again@nhs.example');
    const second = await invite('again@nhs.example');
    expect((await browserFor(app).get(first.path)).statusCode).toBe(410);
    expect((await browserFor(app).get(second.path)).statusCode).toBe(200);
  });

  it('refuses a set-password form posted without the CSRF token and keeps the link usable', async () => {
    const { path } = await invite('csrf@nhs.example');
    const browser = browserFor(app);
    await browser.get(path);
    const form = { password: 'copper kettle garden', confirmPassword: 'copper kettle garden' };
    expect((await browser.post(path, form, { csrf: null })).statusCode).toBe(403);
    expect(await deps.database.query(`SELECT 1 FROM staff_users WHERE email = 'csrf@nhs.example'`)).toHaveLength(0);
    expect((await browser.get(path)).statusCode).toBe(200);
  });

  it('leaves the link unused when an account with the address appeared in the meantime', async () => {
    const { path } = await invite('clash@nhs.example');
    await deps.database.query(
      `INSERT INTO staff_users (organisation_id, email, name, role) VALUES ($1, 'Clash@nhs.example', 'Clash', 'councillor')`,
      [nhs!.id],
    );
    const browser = browserFor(app);
    await browser.get(path);
    const response = await browser.post(path, {
      password: 'copper kettle garden',
      confirmPassword: 'copper kettle garden',
    });
    expect(response.statusCode).toBe(422);
    expect(textOf(response.body)).toContain('An account with this email address already exists');
    const [invitation] = await deps.database.query<{ accepted_at: Date | null }>(
      `SELECT accepted_at FROM staff_invitations WHERE email = 'clash@nhs.example'`,
    );
    expect(invitation!.accepted_at).toBeNull();
    expect(
      await deps.database.query(
        `SELECT 1 FROM audit_events WHERE action = 'staff.invitation-accepted' AND after->>'email' = 'clash@nhs.example'`,
      ),
    ).toHaveLength(0);
  });

  it('says the same for unknown and malformed tokens', async () => {
    for (const path of [`/invitations/${'A'.repeat(43)}`, '/invitations/nonsense', `/invitations/${"'%20OR%201=1"}`]) {
      const page = await browserFor(app).get(path);
      expect(page.statusCode).toBe(404);
      expect(textOf(page.body)).toContain('This link has expired or has already been used');
    }
  });

  it('rate-limits attempts at an invitation link', async () => {
    const remoteAddress = '10.30.99.1';
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt++) {
      const response = await app.inject({
        method: 'POST',
        url: `/invitations/${'B'.repeat(43)}`,
        remoteAddress,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'password=x',
      });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it.each([
    'engagement@council.example',
    'housing@council.example',
    'councillor@council.example',
    'officer@police.example',
  ])('refuses the invitation pages to %s', async (email) => {
    const browser = browserFor(app);
    await browser.signIn(email);
    expect((await browser.get('/staff/admin/staff/invite')).statusCode).toBe(403);
    const posted = await browser.post('/staff/admin/staff/invite', {
      name: 'Sneaky',
      email: 'sneaky@nhs.example',
      organisation: nhs!.id,
      role: 'administrator',
    });
    expect(posted.statusCode).toBe(403);
    expect(textOf(posted.body)).toContain('You do not have permission to see this page');
    expect(
      await deps.database.query(`SELECT 1 FROM staff_invitations WHERE email = 'sneaky@nhs.example'`),
    ).toHaveLength(0);
  });

  it('refuses an invitation form posted without the CSRF token', async () => {
    const browser = await admin();
    const response = await browser.post(
      '/staff/admin/staff/invite',
      { name: 'No Token', email: 'notoken@nhs.example', organisation: nhs!.id, role: 'councillor' },
      { csrf: null },
    );
    expect(response.statusCode).toBe(403);
    expect(
      await deps.database.query(`SELECT 1 FROM staff_invitations WHERE email = 'notoken@nhs.example'`),
    ).toHaveLength(0);
  });
});
