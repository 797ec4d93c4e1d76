import { describe, expect, it } from 'vitest';
import { Browser, build, textOf } from '../../../test/helpers.ts';

describe('signing in', async () => {
  const { app, deps } = await build();

  it('signs a demo engagement officer in and out', async () => {
    const browser = new Browser(app);
    const response = await browser.signIn('engagement@council.example');
    expect(response.headers.location).toBe('/staff');
    const staffPage = await browser.get('/staff');
    expect(textOf(staffPage.body)).toContain('Signed in as Esther Engagement (Barking and Dagenham Council)');
    const signedOut = await browser.post('/sign-out', {});
    expect(signedOut.headers.location).toBe('/sign-in?signedOut=1');
    const page = await browser.get('/sign-in');
    expect(textOf(page.body)).not.toContain('Signed in as');
  });

  it('shows a GOV.UK error summary for an empty form and keeps the email', async () => {
    const browser = new Browser(app);
    await browser.get('/sign-in');
    const response = await browser.post('/sign-in', { email: 'not-an-email', password: '' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('<title>Error: Sign in');
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('href="#email"');
    expect(response.body).toContain('Enter an email address in the correct format');
    expect(response.body).toContain('Enter your password');
    expect(response.body).toContain('value="not-an-email"');
  });

  it('makes unknown devices wait after five wrong passwords, with the same words as for any wrong password', async () => {
    const browser = new Browser(app);
    await browser.get('/sign-in');
    for (let attempt = 0; attempt < 5; attempt++) {
      const wrong = await browser.post('/sign-in', { email: 'officer@cvs.example', password: 'wrong-password-123' });
      expect(textOf(wrong.body)).toContain('Enter a correct email address and password');
    }
    const waiting = await browser.post('/sign-in', { email: 'officer@cvs.example', password: 'soundings-demo-2026' });
    expect(waiting.statusCode).toBe(422);
    expect(textOf(waiting.body)).not.toContain('locked');
    expect(textOf(waiting.body)).toContain('Enter a correct email address and password');
    const events = await deps.database.query<{ action: string }>(
      `SELECT action FROM audit_events WHERE action = 'account.sign-in-failed'`,
    );
    expect(events.length).toBe(5);
  });

  it('refuses a form posted without the CSRF token', async () => {
    const browser = new Browser(app);
    await browser.get('/sign-in');
    const response = await browser.post(
      '/sign-in',
      { email: 'engagement@council.example', password: 'soundings-demo-2026' },
      { csrf: null },
    );
    expect(response.statusCode).toBe(403);
  });

  it('never redirects to another site after sign-in', async () => {
    const browser = new Browser(app);
    await browser.get('/sign-in?returnTo=//evil.example');
    const response = await browser.post('/sign-in', {
      email: 'housing@council.example',
      password: 'soundings-demo-2026',
      returnTo: '//evil.example/x',
    });
    expect(response.headers.location).toBe('/staff');
  });

  it('rate-limits sign-in attempts from one address', async () => {
    const attempt = () =>
      app.inject({
        method: 'POST',
        url: '/sign-in',
        remoteAddress: '10.50.0.1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'email=a%40b.example&password=x',
      });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await attempt()).statusCode);
    expect(statuses.slice(0, 10)).not.toContain(429);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(textOf(limited.body)).toContain('Too many');
  });
});
