import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { Browser, build, DEMO_PASSWORD, textOf } from '../../../test/helpers.ts';

/** A browser from its own address, so sign-in rate limits in one test do not spill into the next. */
let lastOctet = 0;
function browserFor(app: FastifyInstance) {
  const remoteAddress = `10.40.0.${++lastOctet}`;
  return new Browser({
    inject: (options: object) => app.inject({ ...options, remoteAddress }),
  } as unknown as FastifyInstance);
}

describe('the staff list', async () => {
  const { app, deps } = await build();
  const idOf = async (email: string) =>
    (await deps.database.query<{ id: string }>(`SELECT id FROM staff_users WHERE email = $1`, [email]))[0]!.id;

  async function admin() {
    const browser = browserFor(app);
    await browser.signIn('admin@council.example');
    await browser.get('/staff/admin/staff');
    return browser;
  }

  it('shows everyone by organisation with their role and status, and pending invitations', async () => {
    const browser = await admin();
    await browser.get('/staff/admin/staff/invite');
    const [police] = await deps.database.query<{ id: string }>(
      `SELECT id FROM organisations WHERE slug = 'met-police-bd'`,
    );
    await browser.post('/staff/admin/staff/invite', {
      name: 'Ivy Invited',
      email: 'ivy@police.example',
      organisation: police!.id,
      role: 'partner_officer',
    });
    await deps.database.query(
      `UPDATE staff_users SET locked_until = now() + interval '10 minutes' WHERE email = 'officer@cvs.example'`,
    );

    const page = await browser.get('/staff/admin/staff');
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Invitation sent to ivy@police.example');
    expect(text).toMatch(
      /Barking and Dagenham Council .*Alex Administrator admin@council.example Administrator Active/,
    );
    expect(text).toMatch(
      /Metropolitan Police, Barking and Dagenham .*Ivy Invited ivy@police.example Partner officer Invited/,
    );
    expect(text).toMatch(/Val Voluntary officer@cvs.example Partner officer Locked/);
    expect(page.body).toContain('class="govuk-service-navigation__link" href="/staff/admin/staff"');
  });

  it('deactivates someone: their open session ends at once, they cannot sign in, and it is audited', async () => {
    const housing = browserFor(app);
    await housing.signIn('housing@council.example');
    expect((await housing.get('/staff/account/password')).statusCode).toBe(200);
    const id = await idOf('housing@council.example');

    const browser = await admin();
    const response = await browser.post(`/staff/admin/staff/${id}/deactivate`, {});
    expect(response.statusCode).toBe(303);
    const list = await browser.get('/staff/admin/staff');
    expect(textOf(list.body)).toContain('Sam Service has been deactivated');
    expect(textOf(list.body)).toMatch(/Sam Service housing@council.example Service officer Deactivated/);

    const next = await housing.get('/staff/account/password');
    expect(next.statusCode).toBe(303);
    expect(next.headers.location).toMatch(/^\/sign-in/);
    const retry = browserFor(app);
    await retry.get('/sign-in');
    expect(
      (await retry.post('/sign-in', { email: 'housing@council.example', password: 'soundings-demo-2026' })).statusCode,
    ).toBe(422);

    const [event] = await deps.database.query<{
      before: { active: boolean };
      after: { active: boolean };
      actor_label: string;
    }>(`SELECT before, after, actor_label FROM audit_events WHERE action = 'staff.deactivated' AND entity_id = $1`, [
      id,
    ]);
    expect(event!.before.active).toBe(true);
    expect(event!.after.active).toBe(false);
    expect(event!.actor_label).toContain('Alex Administrator');

    const reactivated = await browser.post(`/staff/admin/staff/${id}/reactivate`, {});
    expect(reactivated.statusCode).toBe(303);
    await retry.get('/sign-in');
    expect(
      (await retry.post('/sign-in', { email: 'housing@council.example', password: 'soundings-demo-2026' })).statusCode,
    ).toBe(303);
    expect(
      await deps.database.query(`SELECT 1 FROM audit_events WHERE action = 'staff.reactivated' AND entity_id = $1`, [
        id,
      ]),
    ).toHaveLength(1);
  });

  it('does not let an administrator deactivate themself', async () => {
    const browser = await admin();
    const id = await idOf('admin@council.example');
    const response = await browser.post(`/staff/admin/staff/${id}/deactivate`, {});
    expect(response.statusCode).toBe(422);
    expect(textOf(response.body)).toContain('You cannot deactivate your own account');
    const [row] = await deps.database.query<{ active: boolean }>(`SELECT active FROM staff_users WHERE id = $1`, [id]);
    expect(row!.active).toBe(true);
    expect((await browser.get('/staff/admin/staff')).statusCode).toBe(200);
  });

  it('answers 404 for staff who do not exist', async () => {
    const browser = await admin();
    expect(
      (await browser.post('/staff/admin/staff/00000000-0000-4000-8000-000000000000/deactivate', {})).statusCode,
    ).toBe(404);
    expect((await browser.post('/staff/admin/staff/not-a-uuid/deactivate', {})).statusCode).toBe(404);
  });

  it.each([
    'engagement@council.example',
    'housing@council.example',
    'councillor@council.example',
    'officer@nhs.example',
  ])('refuses the staff pages and actions to %s', async (email) => {
    const browser = browserFor(app);
    await browser.signIn(email);
    const page = await browser.get('/staff/admin/staff');
    expect(page.statusCode).toBe(403);
    expect(page.body).not.toContain('href="/staff/admin/staff"');
    const target = await idOf('officer@police.example');
    expect((await browser.post(`/staff/admin/staff/${target}/deactivate`, {})).statusCode).toBe(403);
    const [row] = await deps.database.query<{ active: boolean }>(`SELECT active FROM staff_users WHERE id = $1`, [
      target,
    ]);
    expect(row!.active).toBe(true);
  });

  it('refuses a deactivation posted without the CSRF token', async () => {
    const browser = await admin();
    const target = await idOf('officer@police.example');
    expect((await browser.post(`/staff/admin/staff/${target}/deactivate`, {}, { csrf: null })).statusCode).toBe(403);
    const [row] = await deps.database.query<{ active: boolean }>(`SELECT active FROM staff_users WHERE id = $1`, [
      target,
    ]);
    expect(row!.active).toBe(true);
  });

  it('sends someone who is not signed in to sign in', async () => {
    const response = await browserFor(app).get('/staff/admin/staff');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(/^\/sign-in\?returnTo=/);
  });
});

describe('unlocking, resending and withdrawing from the staff list', async () => {
  const { app, deps } = await build();
  const idOf = async (email: string) =>
    (await deps.database.query<{ id: string }>(`SELECT id FROM staff_users WHERE email = $1`, [email]))[0]!.id;
  const [nhs] = await deps.database.query<{ id: string }>(`SELECT id FROM organisations WHERE slug = 'nhs-nel'`);
  const auditOf = (action: string, entityId: string) =>
    deps.database.query<{ before: Record<string, unknown> | null; after: Record<string, unknown> | null }>(
      `SELECT before, after FROM audit_events WHERE action = $1 AND entity_id = $2`,
      [action, entityId],
    );

  async function admin() {
    const browser = browserFor(app);
    await browser.signIn('admin@council.example');
    await browser.get('/staff/admin/staff');
    return browser;
  }

  /** The newest invitation email to someone: its reference and the path of its link. */
  async function newestEmail(email: string) {
    const [message] = await deps.database.query<{ reference: string; personalisation: { link: string } }>(
      `SELECT reference, personalisation FROM outbox_messages WHERE recipient = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [email],
    );
    return { reference: message!.reference, path: new URL(message!.personalisation.link).pathname };
  }

  async function invite(browser: Browser, name: string, email: string) {
    await browser.get('/staff/admin/staff/invite');
    const response = await browser.post('/staff/admin/staff/invite', {
      name,
      email,
      organisation: nhs!.id,
      role: 'partner_officer',
    });
    expect(response.statusCode).toBe(303);
    await browser.get('/staff/admin/staff');
    const [row] = await deps.database.query<{ id: string }>(
      `SELECT id FROM staff_invitations WHERE email = $1 AND accepted_at IS NULL ORDER BY created_at DESC LIMIT 1`,
      [email],
    );
    return { id: row!.id, ...(await newestEmail(email)) };
  }

  const pendingFor = async (email: string) =>
    deps.database.query(
      `SELECT 1 FROM staff_invitations WHERE email = $1 AND accepted_at IS NULL AND expires_at > now()`,
      [email],
    );

  it('unlocks an account locked by five wrong passwords, and the person can sign in at once', async () => {
    const pat = browserFor(app);
    await pat.get('/sign-in');
    for (let attempt = 0; attempt < 5; attempt++) {
      await pat.post('/sign-in', { email: 'officer@police.example', password: 'wrong-password-123' });
    }
    const locked = await pat.post('/sign-in', { email: 'officer@police.example', password: DEMO_PASSWORD });
    // Refused with the words any wrong password gets (the page never says "locked").
    expect(locked.statusCode).toBe(422);
    expect(textOf(locked.body)).toContain('Enter a correct email address and password');

    const browser = await admin();
    const list = await browser.get('/staff/admin/staff');
    expect(textOf(list.body)).toMatch(/Pat Police officer@police.example Partner officer Locked/);
    expect(list.body).toContain('aria-label="Unlock Pat Police"');
    expect(list.body).not.toContain('aria-label="Unlock Sam Service"');
    const id = await idOf('officer@police.example');
    const response = await browser.post(`/staff/admin/staff/${id}/unlock`, {});
    expect(response.statusCode).toBe(303);
    const after = await browser.get('/staff/admin/staff');
    expect(textOf(after.body)).toContain('Pat Police has been unlocked and can sign in again');
    expect(textOf(after.body)).toMatch(/Pat Police officer@police.example Partner officer Active/);

    expect((await pat.post('/sign-in', { email: 'officer@police.example', password: DEMO_PASSWORD })).statusCode).toBe(
      303,
    );

    const [event] = await auditOf('staff.unlocked', id);
    expect(event!.before).toMatchObject({ failedSignIns: 5 });
    expect(event!.before!.lockedUntil).toBeTruthy();
    expect(event!.after).toEqual({ failedSignIns: 0, lockedUntil: null });
    expect(JSON.stringify(event)).not.toMatch(/password|argon/i);

    const again = await browser.post(`/staff/admin/staff/${id}/unlock`, {});
    expect(again.statusCode).toBe(422);
    expect(textOf(again.body)).toContain('Pat Police is not locked');
    expect(again.body).toContain(`href="#staff-${id}"`);
  });

  it('resends an invitation: the old link stops working, the new one works, one pending row remains', async () => {
    const browser = await admin();
    const first = await invite(browser, 'Rhea Resent', 'rhea@nhs.example');
    const list = await browser.get('/staff/admin/staff');
    expect(list.body).toContain('aria-label="Resend invitation to Rhea Resent"');
    expect(list.body).toContain('aria-label="Withdraw invitation to Rhea Resent"');

    const response = await browser.post(`/staff/admin/staff/${first.id}/resend-invitation`, {});
    expect(response.statusCode).toBe(303);
    const page = await browser.get('/staff/admin/staff');
    expect(textOf(page.body)).toContain('A new invitation has been sent to rhea@nhs.example');
    expect(textOf(page.body).match(/Rhea Resent rhea@nhs.example/g)).toHaveLength(1);
    expect(await pendingFor('rhea@nhs.example')).toHaveLength(1);

    const second = await newestEmail('rhea@nhs.example');
    expect(second.path).not.toBe(first.path);
    expect(second.reference).not.toBe(first.reference);
    const [fresh] = await deps.database.query<{ id: string; expires_at: Date }>(
      `SELECT id, expires_at FROM staff_invitations WHERE email = 'rhea@nhs.example' AND expires_at > now()`,
    );
    expect(second.reference).toBe(`invite-${fresh!.id}`);
    expect(new Date(fresh!.expires_at).getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 60 * 60_000);

    const newcomer = browserFor(app);
    expect((await newcomer.get(first.path)).statusCode).toBe(410);
    expect((await newcomer.get(second.path)).statusCode).toBe(200);
    const accepted = await newcomer.post(second.path, {
      password: 'amber lighthouse keeper',
      confirmPassword: 'amber lighthouse keeper',
    });
    expect(accepted.statusCode).toBe(303);

    const [event] = await auditOf('staff.invitation-resent', fresh!.id);
    expect(event!.before).toMatchObject({ invitationId: first.id });
    expect(event!.after).toMatchObject({ email: 'rhea@nhs.example', replacedInvitations: [first.id] });
    expect(JSON.stringify(event)).not.toMatch(/token|invitations\//i);

    // The replaced link, and the new one once used, can no longer be resent.
    const stale = await browser.post(`/staff/admin/staff/${first.id}/resend-invitation`, {});
    expect(stale.statusCode).toBe(422);
    expect(textOf(stale.body)).toContain(
      'The invitation to Rhea Resent is no longer open: it was used, replaced or withdrawn, or it expired',
    );
    expect(stale.body).toContain(`href="#organisation-${nhs!.id}"`);
    expect(stale.body).toContain(`id="organisation-${nhs!.id}"`);
    expect((await browser.post(`/staff/admin/staff/${fresh!.id}/resend-invitation`, {})).statusCode).toBe(422);
  });

  it('withdraws an invitation: the link stops working at once and the row leaves the list', async () => {
    const browser = await admin();
    const invitation = await invite(browser, 'Wren Withdrawn', 'wren@nhs.example');
    const response = await browser.post(`/staff/admin/staff/${invitation.id}/withdraw-invitation`, {});
    expect(response.statusCode).toBe(303);
    const page = await browser.get('/staff/admin/staff');
    expect(textOf(page.body)).toContain('The invitation to Wren Withdrawn has been withdrawn');
    expect(textOf(page.body)).not.toContain('wren@nhs.example');
    expect(await pendingFor('wren@nhs.example')).toHaveLength(0);

    const link = await browserFor(app).get(invitation.path);
    expect(link.statusCode).toBe(410);

    const [event] = await auditOf('staff.invitation-withdrawn', invitation.id);
    expect(event!.before).toMatchObject({ email: 'wren@nhs.example', name: 'Wren Withdrawn' });
    expect(JSON.stringify(event)).not.toMatch(/token/i);

    expect((await browser.post(`/staff/admin/staff/${invitation.id}/withdraw-invitation`, {})).statusCode).toBe(422);
  });

  it('does not resend to an address that has since become a staff account', async () => {
    const browser = await admin();
    const invitation = await invite(browser, 'Dee Double', 'dee@nhs.example');
    await deps.database.query(
      `INSERT INTO staff_users (organisation_id, email, name, role) VALUES ($1, 'dee@nhs.example', 'Dee Double', 'partner_officer')`,
      [nhs!.id],
    );
    const response = await browser.post(`/staff/admin/staff/${invitation.id}/resend-invitation`, {});
    expect(response.statusCode).toBe(422);
    expect(textOf(response.body)).toContain('Dee Double already has a staff account with this email address');
    expect(response.body).toContain(`href="#staff-${invitation.id}"`);
    expect((await newestEmail('dee@nhs.example')).reference).toBe(`invite-${invitation.id}`);
  });

  it('answers 404 for unknown ids, malformed ids and ids of the wrong kind', async () => {
    const browser = await admin();
    const invitation = await invite(browser, 'Kit Kind', 'kit@nhs.example');
    const user = await idOf('officer@nhs.example');
    for (const verb of ['unlock', 'resend-invitation', 'withdraw-invitation']) {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        expect((await browser.post(`/staff/admin/staff/${id}/${verb}`, {})).statusCode).toBe(404);
      }
    }
    expect((await browser.post(`/staff/admin/staff/${invitation.id}/unlock`, {})).statusCode).toBe(404);
    expect((await browser.post(`/staff/admin/staff/${user}/resend-invitation`, {})).statusCode).toBe(404);
    expect((await browser.post(`/staff/admin/staff/${user}/withdraw-invitation`, {})).statusCode).toBe(404);
    expect(await pendingFor('kit@nhs.example')).toHaveLength(1);
  });

  it('refuses each action to a service officer and without the CSRF token, changing nothing', async () => {
    const browser = await admin();
    const invitation = await invite(browser, 'Sol Safe', 'sol@nhs.example');
    await deps.database.query(
      `UPDATE staff_users SET failed_sign_ins = 5, locked_until = now() + interval '10 minutes' WHERE email = 'officer@cvs.example'`,
    );
    const locked = await idOf('officer@cvs.example');
    const officer = browserFor(app);
    await officer.signIn('housing@council.example');
    await officer.get('/staff');
    const attempts = [
      [locked, 'unlock'],
      [invitation.id, 'resend-invitation'],
      [invitation.id, 'withdraw-invitation'],
    ] as const;
    for (const [id, verb] of attempts) {
      expect((await officer.post(`/staff/admin/staff/${id}/${verb}`, {})).statusCode).toBe(403);
      expect((await browser.post(`/staff/admin/staff/${id}/${verb}`, {}, { csrf: null })).statusCode).toBe(403);
    }
    const [user] = await deps.database.query<{ failed_sign_ins: number }>(
      `SELECT failed_sign_ins FROM staff_users WHERE id = $1`,
      [locked],
    );
    expect(user!.failed_sign_ins).toBe(5);
    expect(await pendingFor('sol@nhs.example')).toHaveLength(1);
    expect((await newestEmail('sol@nhs.example')).reference).toBe(`invite-${invitation.id}`);
    expect(
      await deps.database.query(
        `SELECT 1 FROM audit_events WHERE action IN ('staff.unlocked', 'staff.invitation-resent',
        'staff.invitation-withdrawn') AND entity_id IN ($1, $2)`,
        [locked, invitation.id],
      ),
    ).toHaveLength(0);
  });
});
