import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { Browser, build, textOf } from '../../../test/helpers.ts';

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
