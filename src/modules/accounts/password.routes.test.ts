import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { Browser, build, DEMO_PASSWORD, textOf } from '../../../test/helpers.ts';

/** A browser from its own address, so sign-in rate limits in one test do not spill into the next. */
let lastOctet = 0;
function browserFor(app: FastifyInstance) {
  const remoteAddress = `10.20.0.${++lastOctet}`;
  return new Browser({
    inject: (options: object) => app.inject({ ...options, remoteAddress }),
  } as unknown as FastifyInstance);
}

describe('changing your password', async () => {
  const { app, deps } = await build();

  it('sends someone who is not signed in to sign in first', async () => {
    const response = await browserFor(app).get('/staff/account/password');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in?returnTo=%2Fstaff%2Faccount%2Fpassword');
  });

  it('shows every problem with an empty form', async () => {
    const browser = browserFor(app);
    await browser.signIn('housing@council.example');
    const page = await browser.get('/staff/account/password');
    expect(textOf(page.body)).toContain('Change your password');
    const response = await browser.post('/staff/account/password', {
      currentPassword: '',
      newPassword: '',
      confirmPassword: '',
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('<title>Error: Change your password');
    expect(response.body).toContain('href="#currentPassword"');
    const text = textOf(response.body);
    expect(text).toContain('Enter your current password');
    expect(text).toContain('Enter a new password');
    expect(text).toContain('Confirm your password');
  });

  it.each([
    ['a short one', 'short-pw', 'Password must be 12 characters or more'],
    ['your email address', 'housing@council.example', 'Password must not be your email address'],
    ['a common one', 'password1234', 'Password is too easy to guess'],
    ['the published demo password', DEMO_PASSWORD, 'Password is too easy to guess'],
  ])('refuses %s as the new password', async (_label, newPassword, message) => {
    const browser = browserFor(app);
    await browser.signIn('housing@council.example');
    await browser.get('/staff/account/password');
    const response = await browser.post('/staff/account/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword,
      confirmPassword: newPassword,
    });
    expect(response.statusCode).toBe(422);
    expect(textOf(response.body)).toContain(message);
  });

  it('refuses a wrong current password and changes nothing', async () => {
    const browser = browserFor(app);
    await browser.signIn('housing@council.example');
    await browser.get('/staff/account/password');
    const [before] = await deps.database.query<{ password_hash: string }>(
      `SELECT password_hash FROM staff_users WHERE email = 'housing@council.example'`,
    );
    const response = await browser.post('/staff/account/password', {
      currentPassword: 'not-my-password',
      newPassword: 'violet harbour lamp',
      confirmPassword: 'violet harbour lamp',
    });
    expect(response.statusCode).toBe(422);
    expect(textOf(response.body)).toContain('Your current password is incorrect');
    const [after] = await deps.database.query<{ password_hash: string }>(
      `SELECT password_hash FROM staff_users WHERE email = 'housing@council.example'`,
    );
    expect(after!.password_hash).toBe(before!.password_hash);
  });

  it('refuses a form posted without the CSRF token', async () => {
    const browser = browserFor(app);
    await browser.signIn('housing@council.example');
    await browser.get('/staff/account/password');
    const response = await browser.post(
      '/staff/account/password',
      { currentPassword: DEMO_PASSWORD, newPassword: 'violet harbour lamp', confirmPassword: 'violet harbour lamp' },
      { csrf: null },
    );
    expect(response.statusCode).toBe(403);
  });

  it('changes the password, keeps this session and signs out the others', async () => {
    const email = 'councillor@council.example';
    const other = browserFor(app);
    await other.signIn(email);
    const browser = browserFor(app);
    await browser.signIn(email);
    await browser.get('/staff/account/password');

    const response = await browser.post('/staff/account/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'violet harbour lamp',
      confirmPassword: 'violet harbour lamp',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/staff/account/password');

    const confirmation = await browser.get('/staff/account/password');
    expect(confirmation.statusCode).toBe(200);
    expect(textOf(confirmation.body)).toContain('Your password has been changed');
    expect(textOf(confirmation.body)).toContain('Signed in as Cllr Chris Ward');

    const elsewhere = await other.get('/staff/account/password');
    expect(elsewhere.statusCode).toBe(303);
    expect(elsewhere.headers.location).toMatch(/^\/sign-in/);

    const [row] = await deps.database.query<{ password_hash: string; id: string }>(
      `SELECT id, password_hash FROM staff_users WHERE email = $1`,
      [email],
    );
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
    const events = await deps.database.query<{ before: unknown; after: unknown }>(
      `SELECT before, after FROM audit_events WHERE action = 'account.password-changed' AND entity_id = $1`,
      [row!.id],
    );
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain('argon2');

    const oldPassword = browserFor(app);
    await oldPassword.get('/sign-in');
    expect((await oldPassword.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(422);
    expect((await oldPassword.post('/sign-in', { email, password: 'violet harbour lamp' })).statusCode).toBe(303);

    const again = await browser.post('/staff/account/password', {
      currentPassword: 'violet harbour lamp',
      newPassword: 'violet harbour lamp',
      confirmPassword: 'violet harbour lamp',
    });
    expect(again.statusCode).toBe(422);
    expect(textOf(again.body)).toContain('New password must be different from your current password');
  });
});
