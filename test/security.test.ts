import { describe, expect, it } from 'vitest';
import { build } from './helpers.ts';

describe('security headers and cookies', async () => {
  const { app } = await build({ seed: false });

  it('sends a nonce-based CSP without unsafe-inline, and the other GOV.UK-expected headers', async () => {
    const response = await app.inject({ url: '/sign-in' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toContain('max-age=31536000');
    expect(response.headers['x-request-id']).toBeTruthy();
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(response.body).toContain(`nonce="${nonce}"`);
  });

  it('marks the session cookie Secure, HttpOnly and SameSite', async () => {
    const response = await app.inject({ url: '/sign-in' });
    const cookie = response.cookies.find((c) => c.name === 'soundings_session');
    expect(cookie).toBeDefined();
    expect(cookie!.secure).toBe(true);
    expect(cookie!.httpOnly).toBe(true);
    expect(cookie!.sameSite).toBe('Lax');
  });

  it('sets no cookie on a page without a form, so public browsing leaves nothing behind', async () => {
    const response = await app.inject({ url: '/consultations' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('reports database health', async () => {
    const response = await app.inject({ url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json<{ status: string }>().status).toBe('ok');
  });

  it('shows a GOV.UK 404 page', async () => {
    const response = await app.inject({ url: '/no-such-page' });
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('Page not found');
  });
});
