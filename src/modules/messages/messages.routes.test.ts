import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { Browser, build, textOf } from '../../../test/helpers.ts';

/** A browser from its own address, so sign-in rate limits in one test do not spill into the next. */
let lastOctet = 0;
function browserFor(app: FastifyInstance) {
  const remoteAddress = `10.70.0.${++lastOctet}`;
  return new Browser({
    inject: (options: object) => app.inject({ ...options, remoteAddress }),
  } as unknown as FastifyInstance);
}

/** The page shows message text HTML-escaped; links in it contain no characters that escaping changes. */
const invitationLink = /http:\/\/localhost:3000\/invitations\/[A-Za-z0-9_-]{43}/;

describe('the outbox', async () => {
  const { app, deps } = await build();

  it('carries an invitation from the administrator to a newly signed-in member of staff', async () => {
    const admin = browserFor(app);
    await admin.signIn('admin@council.example');
    await admin.get('/staff/admin/staff/invite');
    const [cvs] = await deps.database.query<{ id: string }>(`SELECT id FROM organisations WHERE slug = 'bd-cvs'`);
    const invited = await admin.post('/staff/admin/staff/invite', {
      name: 'Olu Outreach',
      email: 'olu@cvs.example',
      organisation: cvs!.id,
      role: 'partner_officer',
    });
    expect(invited.statusCode).toBe(303);

    const [stored] = await deps.database.query<{ template: string; reference: string; status: string }>(
      `SELECT template, reference, status FROM outbox_messages WHERE recipient = 'olu@cvs.example'`,
    );
    expect(stored).toMatchObject({ template: 'staff-invitation', status: 'queued' });
    expect(stored!.reference).toMatch(/^invite-[0-9a-f-]{36}$/);

    const outbox = await admin.get('/staff/outbox');
    expect(outbox.statusCode).toBe(200);
    const text = textOf(outbox.body);
    expect(text).toContain('olu@cvs.example');
    expect(text).toContain('You have been invited to Soundings');
    expect(text).toContain(
      'Alex Administrator has invited you to Soundings as a partner officer for Barking and Dagenham Council for Voluntary Service',
    );
    const link = invitationLink.exec(outbox.body)?.[0];
    expect(link).toBeDefined();

    const newcomer = browserFor(app);
    const path = new URL(link!).pathname;
    expect(textOf((await newcomer.get(path)).body)).toContain('Set your password');
    const accepted = await newcomer.post(path, {
      password: 'meadow bicycle lantern',
      confirmPassword: 'meadow bicycle lantern',
    });
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe('/staff');
    const signedIn = await newcomer.get('/staff/account/password');
    expect(textOf(signedIn.body)).toContain(
      'Signed in as Olu Outreach (Barking and Dagenham Council for Voluntary Service)',
    );

    const reused = await browserFor(app).get(path);
    expect(reused.statusCode).toBe(410);
    expect(textOf(reused.body)).toContain('This link has expired or has already been used');

    const again = browserFor(app);
    await again.get('/sign-in');
    expect(
      (await again.post('/sign-in', { email: 'olu@cvs.example', password: 'meadow bicycle lantern' })).statusCode,
    ).toBe(303);
  });

  it('shows delivery status once the delivery job has run', async () => {
    await deps.notifier.deliverQueued(deps.db);
    const admin = browserFor(app);
    await admin.signIn('admin@council.example');
    const text = textOf((await admin.get('/staff/outbox')).body);
    expect(text).toContain('Sent');
    expect(text).not.toContain('Queued');
  });

  it('shows engagement officers the messages but not the invitation links', async () => {
    const officer = browserFor(app);
    await officer.signIn('engagement@council.example');
    const page = await officer.get('/staff/outbox');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('olu@cvs.example');
    expect(textOf(page.body)).toContain('only administrators can see it');
    expect(page.body).not.toMatch(invitationLink);
    expect(page.body).toContain('class="govuk-service-navigation__link" href="/staff/outbox"');
  });

  it.each(['housing@council.example', 'councillor@council.example', 'officer@police.example'])(
    'refuses the outbox to %s',
    async (email) => {
      const browser = browserFor(app);
      await browser.signIn(email);
      const page = await browser.get('/staff/outbox');
      expect(page.statusCode).toBe(403);
      expect(page.body).not.toContain('olu@cvs.example');
      expect(page.body).not.toContain('href="/staff/outbox"');
    },
  );

  it('sends someone who is not signed in to sign in', async () => {
    const response = await browserFor(app).get('/staff/outbox');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in?returnTo=%2Fstaff%2Foutbox');
  });
});
