/**
 * Staff single sign-on against a real OpenID provider (oidc-provider, started here on localhost):
 * the administrator sets it up, an invited officer's first work-account sign-in creates and links
 * the account with the invited role; an ID token for another audience, an expired code and an
 * address outside the allowed domains are refused; requiring SSO refuses passwords. Axe on every
 * Soundings page.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, decodeJwt } from 'jose';
import Provider from 'oidc-provider';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './axe.ts';
import { startSite } from './harness.ts';
import { SignInPage } from './pages/sign-in.page.ts';

const site = await startSite();
// The provider redirects back to the address Soundings registers, so it must be the site's own.
site.deps.config.baseUrl = site.baseUrl;

// The provider's signing key is ours, so a test can sign an otherwise perfect token for another audience.
const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
void publicKey;

const behaviour = { wrongAudience: false, codeTtlSeconds: 60, holdRedirectMs: 0 };
const server = http.createServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://localhost:${(server.address() as AddressInfo).port}`;
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'soundings',
      client_secret: 'a-long-test-client-secret-for-soundings',
      redirect_uris: [`${site.baseUrl}/sign-in/sso/callback`],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  jwks: { keys: [jwk] },
  pkce: { required: () => true },
  ttl: { AuthorizationCode: () => behaviour.codeTtlSeconds },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // The devInteractions login form takes any login: it is the person's email here.
  findAccount: (_ctx: unknown, id: string) => ({
    accountId: id,
    claims: () => ({ sub: `sub-${id}`, email: id, email_verified: true, name: id.split('@')[0] }),
  }),
});
provider.use(async (ctx, next) => {
  await next();
  // The code is issued; the person's browser only gets it after the hold (a slow network, a pause).
  const header = (ctx as unknown as { response: { get(h: string): unknown } }).response.get('location');
  const location = typeof header === 'string' ? header : '';
  if (behaviour.holdRedirectMs && location.startsWith(`${site.baseUrl}/sign-in/sso/callback?code=`))
    await new Promise((r) => setTimeout(r, behaviour.holdRedirectMs));
  if (behaviour.wrongAudience && ctx.path === '/token' && ctx.body && typeof ctx.body === 'object') {
    const body = ctx.body as { id_token?: string };
    if (body.id_token) {
      const claims = decodeJwt(body.id_token);
      body.id_token = await new SignJWT({ ...claims, aud: 'some-other-service' })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .sign(privateKey);
    }
  }
});
server.on('request', provider.callback());
afterAll(() => new Promise((resolve) => server.close(resolve)));

async function go(page: Page, action: () => Promise<unknown>) {
  await Promise.all([page.waitForLoadState('load'), action()]);
}

/** Work-account sign-in from Soundings' sign-in page through the provider's own pages. */
async function signInWithWorkAccount(page: Page, email: string) {
  await page.goto('/sign-in');
  await go(page, () => page.getByRole('link', { name: 'Sign in with your work account' }).click());
  await expectAccessible(page, 'choose work account');
  await page.locator('main').getByRole('link', { name: 'Barking and Dagenham Council', exact: true }).click();
  await page.waitForURL(`${issuer}/**`);
  await page.waitForLoadState('load');
  if (!(await page.locator('input[name="login"]').count()))
    throw new Error(`No login form at ${page.url()}: ${await page.locator('body').innerText()}`);
  await page.locator('input[name="login"]').fill(email);
  await page.locator('input[name="password"]').fill('anything');
  await page.locator('button[type="submit"]').click();
  // The provider asks once to share the email address with Soundings.
  await page.waitForURL((url) => url.href.startsWith(site.baseUrl) || url.pathname.includes('/interaction/'));
  if (page.url().startsWith(issuer)) await page.locator('button[type="submit"]').click();
  await page.waitForURL(`${site.baseUrl}/**`);
  await page.waitForLoadState('load');
}

describe('staff single sign-on with OpenID Connect', () => {
  it('is set up by the administrator, and links an invited officer at their first sign-in', async () => {
    const admin = await site.newPage();
    await new SignInPage(admin).signInAs('admin@council.example');
    await go(admin, () => admin.goto('/staff/admin/sso'));
    await expectAccessible(admin, 'single sign-on list');
    await go(admin, () =>
      admin.getByRole('link', { name: 'Change single sign-on for Barking and Dagenham Council', exact: true }).click(),
    );
    await expectAccessible(admin, 'single sign-on form');
    await admin.getByLabel('Issuer').fill(issuer);
    await admin.getByLabel('Client ID').fill('soundings');
    await admin.getByLabel('Allowed email domains').fill('council.example');
    await go(admin, () => admin.getByRole('button', { name: 'Save single sign-on' }).click());
    expect(admin.url()).toContain('/staff/admin/sso/'); // no secret yet: the form asks for it
    await expectAccessible(admin, 'single sign-on form with an error');
    expect(await admin.locator('.govuk-error-summary').innerText()).toContain('Enter the client secret');
    await admin.getByLabel('Client secret').fill('a-long-test-client-secret-for-soundings');
    await go(admin, () => admin.getByRole('button', { name: 'Save single sign-on' }).click());
    expect(await admin.locator('main').innerText()).toContain('Single sign-on saved for Barking and Dagenham Council');

    await go(admin, () => admin.goto('/staff/admin/staff/invite'));
    await admin.getByLabel('Full name').fill('Nadia New');
    await admin.getByLabel('Email address').fill('nadia@council.example');
    await admin.getByLabel('Organisation').selectOption({ label: 'Barking and Dagenham Council' });
    await admin.getByLabel('Engagement officer').check();
    await go(admin, () => admin.getByRole('button', { name: 'Send invitation' }).click());

    const page = await site.newPage();
    await signInWithWorkAccount(page, 'nadia@council.example');
    expect(new URL(page.url()).pathname, await page.locator('main').innerText()).toBe('/staff');
    expect(await page.locator('.app-staff-bar').innerText()).toContain('Signed in as Nadia New');
    await expectAccessible(page, 'dashboard after work-account sign-in');
    const [user] = await site.deps.database.query<{ role: string; password_hash: string | null }>(
      `SELECT role, password_hash FROM staff_users WHERE email = 'nadia@council.example'`,
    );
    expect(user).toEqual({ role: 'engagement_officer', password_hash: null });

    // A second sign-in finds the linked identity.
    const again = await site.newPage();
    await signInWithWorkAccount(again, 'nadia@council.example');
    expect(new URL(again.url()).pathname).toBe('/staff');
  });

  it('refuses an address outside the allowed domains', async () => {
    const page = await site.newPage();
    await signInWithWorkAccount(page, 'mallory@elsewhere.example');
    expect(await page.locator('h1').innerText()).toBe('You could not be signed in');
    expect(await page.locator('main').innerText()).toContain('not one this organisation allows');
    await expectAccessible(page, 'refused: domain');
  });

  it('refuses an ID token issued for another audience', async () => {
    behaviour.wrongAudience = true;
    try {
      const page = await site.newPage();
      await signInWithWorkAccount(page, 'engagement@council.example');
      expect(await page.locator('h1').innerText()).toBe('You could not be signed in');
      expect(await page.locator('main').innerText()).toContain('did not confirm who you are');
    } finally {
      behaviour.wrongAudience = false;
    }
  });

  it('refuses an authorisation code that expired before it was used', async () => {
    behaviour.codeTtlSeconds = 1;
    behaviour.holdRedirectMs = 2_500;
    try {
      const page = await site.newPage();
      await signInWithWorkAccount(page, 'engagement@council.example');
      expect(await page.locator('h1').innerText()).toBe('You could not be signed in');
      expect(await page.locator('main').innerText()).toContain('did not confirm who you are');
    } finally {
      behaviour.codeTtlSeconds = 60;
      behaviour.holdRedirectMs = 0;
    }
  });

  it('refuses passwords once the organisation requires its work account', async () => {
    const admin = await site.newPage();
    await new SignInPage(admin).signInAs('admin@council.example');
    await go(admin, () => admin.goto('/staff/admin/sso'));
    await go(admin, () =>
      admin.getByRole('link', { name: 'Change single sign-on for Barking and Dagenham Council', exact: true }).click(),
    );
    await admin.getByLabel('Staff of this organisation must use their work account').check();
    await go(admin, () => admin.getByRole('button', { name: 'Save single sign-on' }).click());

    const page = await site.newPage();
    const signIn = new SignInPage(page);
    await signIn.open();
    await signIn.submit('engagement@council.example', 'soundings-demo-2026');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain(
      'Your organisation signs in with its work account',
    );
    await expectAccessible(page, 'password refused: SSO required');
    // A partner organisation without SSO still signs in with its password.
    const partner = await site.newPage();
    await new SignInPage(partner).signInAs('officer@nhs.example');
    expect(new URL(partner.url()).pathname).toBe('/staff');
  });
});
