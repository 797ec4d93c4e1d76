import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, Browser, signedInBrowsers, textOf, type TestContext } from '../../../test/helpers.ts';
import { multipartBody } from '../../../test/multipart.ts';
import { issueSetupCode } from './setup.service.ts';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63600000000200015e2b6b6b0000000049454e44ae426082',
  'hex',
);

describe('a fresh install (no demo data)', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await build({ seed: false });
  });
  afterAll(() => t.app.close());

  it('shows a neutral brand and no GOV.UK crown before set-up', async () => {
    const home = await t.app.inject({ url: '/privacy' });
    expect(home.body).toContain('<title>Privacy notice – Have your say – Your council</title>');
    expect(home.body).not.toMatch(/govuk-footer__crown|govuk-logo|copyright-logo|favicon\.ico|govuk-icon/);
  });

  it('sets up Havering from the first-run page with the code from the log, once', async () => {
    const code = await issueSetupCode(t.deps);
    expect(code).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){4}$/);
    const browser = new Browser(t.app);
    const page = await browser.get('/setup');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Set up Soundings for your council');

    const form = {
      council: 'havering',
      organisationName: '',
      adminName: 'Hana Admin',
      adminEmail: 'hana@havering.example',
    };
    const wrong = await browser.post('/setup', { ...form, code: '0000-0000-0000-0000-0000' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('<title>Error: ');
    expect(textOf(wrong.body)).toContain('The set-up code is wrong or has expired');
    expect(wrong.body).toContain('value="hana@havering.example"');

    const ambiguous = await browser.post('/setup', { ...form, council: 'Bar', code: code! });
    expect(ambiguous.statusCode).toBe(422);
    expect(textOf(ambiguous.body)).toMatch(/More than one council matches: .*Barnet \(E09000003\)/);

    const done = await browser.post('/setup', { ...form, code: code!.toLowerCase() });
    expect(done.statusCode).toBe(200);
    expect(textOf(done.body)).toContain('Havering Council, 20 wards');

    const wards = await t.deps.database.query<{ n: number; authority: string }>(
      `SELECT count(*)::int AS n, min(authority_code) AS authority FROM wards WHERE retired_at IS NULL`,
    );
    expect(wards[0]).toEqual({ n: 20, authority: 'E09000016' });
    const [invitation] = await t.deps.database.query<{ personalisation: { link: string } }>(
      `SELECT personalisation FROM outbox_messages WHERE recipient = 'hana@havering.example' AND template = 'staff-invitation'`,
    );
    expect(invitation!.personalisation.link).toMatch(/\/invitations\/[\w-]{20,}$/);
    const users = await t.deps.database.query(`SELECT 1 FROM staff_users`);
    expect(users).toHaveLength(0); // nobody has a password until they follow the link

    expect((await browser.get('/setup')).statusCode).toBe(404);
    expect((await browser.post('/setup', { ...form, code: code! })).statusCode).toBe(404);
    expect(await issueSetupCode(t.deps)).toBeNull();

    const home = await t.app.inject({ url: '/privacy' });
    expect(home.body).toContain('<title>Privacy notice – Have your say – Havering Council</title>');
    expect(textOf(home.body)).toContain('© Havering Council');

    // The first administrator follows the link, chooses a password and can brand the service.
    const admin = new Browser(t.app);
    const path = new URL(invitation!.personalisation.link).pathname;
    await admin.get(path);
    const accepted = await admin.post(path, {
      password: 'hornchurch meadow lantern 42',
      confirmPassword: 'hornchurch meadow lantern 42',
    });
    expect(accepted.statusCode).toBe(303);
    const brand = await admin.get('/staff/admin/brand');
    expect(brand.statusCode).toBe(200);
    expect(brand.body).toContain('<title>Brand and footer links – Have your say – Havering Council</title>');
  });
});

describe('the council brand (demo)', () => {
  let t: TestContext;
  let as: ReturnType<typeof signedInBrowsers>;
  beforeAll(async () => {
    t = await build();
    as = signedInBrowsers(t.app);
  });
  afterAll(() => t.app.close());

  const form = {
    councilName: 'Barking and Dagenham Council',
    serviceName: 'Have your say',
    brandColour: '',
    privacyUrl: '',
    accessibilityUrl: '',
    contactUrl: 'https://www.lbbd.gov.uk/contact-us',
    cookiesUrl: '',
    contactEmail: 'engagement@council.example',
    accessibilityStatement: '',
    privacyNotice: '',
  };

  it('is for administrators only', async () => {
    const officer = await as('engagement@council.example');
    expect((await officer.get('/staff/admin/brand')).statusCode).toBe(403);
    expect((await officer.post('/staff/admin/brand', form)).statusCode).toBe(403);
  });

  it('refuses a brand colour white text cannot be read on, and shows a good one on every page', async () => {
    const admin = await as('admin@council.example');
    await admin.get('/staff/admin/brand');
    const pale = await admin.post('/staff/admin/brand', { ...form, brandColour: '#ffdd00' });
    expect(pale.statusCode).toBe(422);
    expect(textOf(pale.body)).toContain('Brand colour must be dark enough for white text on it');
    expect(pale.body).toContain('value="#ffdd00"');
    const saved = await admin.post('/staff/admin/brand', { ...form, brandColour: '#00594F', serviceName: 'Your say' });
    expect(saved.statusCode).toBe(303);

    const home = await t.app.inject({ url: '/consultations' });
    expect(home.body).toContain('– Your say – Barking and Dagenham Council</title>');
    expect(home.body).toMatch(/href="\/brand\.css\?v=\d+"/);
    expect(home.body).toContain('href="https://www.lbbd.gov.uk/contact-us">Contact</a>');
    expect(home.body).toContain('href="/privacy">Privacy notice</a>');
    const css = await t.app.inject({ url: home.body.match(/href="(\/brand\.css\?v=\d+)"/)![1]! });
    expect(css.body).toContain('background-color:#00594f');
    const privacy = await t.app.inject({ url: '/privacy' });
    expect(textOf(privacy.body)).toContain('Barking and Dagenham Council runs Your say');
    expect(privacy.body).toContain('mailto:engagement@council.example');
  });

  it('takes a PNG or a safe SVG logo with alternative text, refuses unsafe SVG, and serves it as an image only', async () => {
    const admin = await as('admin@council.example');
    await admin.get('/staff/admin/brand');
    const upload = async (
      filename: string,
      contentType: string,
      bytes: Buffer,
      alt = 'Barking and Dagenham Council',
    ) => {
      const body = multipartBody(
        { _csrf: admin.csrfToken, logoAlt: alt },
        { name: 'logo', filename, contentType, bytes },
      );
      const cookie = [...(admin as unknown as { cookies: Map<string, string> }).cookies]
        .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
        .join('; ');
      return t.app.inject({
        method: 'POST',
        url: '/staff/admin/brand/logo',
        headers: { cookie, 'content-type': body.contentType },
        payload: body.payload,
      });
    };
    const evil = await upload(
      'logo.svg',
      'image/svg+xml',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    );
    expect(evil.statusCode).toBe(422);
    expect(textOf(evil.body)).toContain('must not contain scripts');
    const html = await upload('logo.png', 'image/png', Buffer.from('<html><script>alert(1)</script></html>'));
    expect(textOf(html.body)).toContain('The logo must be a PNG or SVG file');
    const noAlt = await upload('logo.png', 'image/png', PNG, '');
    expect(textOf(noAlt.body)).toContain('Enter the logo’s alternative text');

    expect((await upload('logo.png', 'image/png', PNG)).statusCode).toBe(303);
    const page = await t.app.inject({ url: '/consultations' });
    const src = page.body.match(/<img class="app-brand-logo" src="([^"]+)" alt="Barking and Dagenham Council">/)?.[1];
    expect(src).toBeDefined();
    const logo = await t.app.inject({ url: src! });
    expect(logo.headers['content-type']).toBe('image/png');
    expect(logo.headers['x-content-type-options']).toBe('nosniff');
    expect(logo.headers['content-security-policy']).toContain('sandbox');
    expect(logo.rawPayload.equals(PNG)).toBe(true);

    const svg = Buffer.from(
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#fff"/></svg>',
    );
    expect((await upload('crest.svg', 'image/svg+xml', svg)).statusCode).toBe(303);
    const again = await t.app.inject({ url: '/consultations' });
    const svgSrc = again.body.match(/<img class="app-brand-logo" src="([^"]+)"/)![1]!;
    expect((await t.app.inject({ url: svgSrc })).headers['content-type']).toBe('image/svg+xml');
  });

  it('marks exactly one navigation item as current on staff pages', async () => {
    const admin = await as('admin@council.example');
    for (const url of ['/staff', '/staff/consultations', '/staff/admin/brand']) {
      const page = await admin.get(url);
      expect(page.body.match(/govuk-service-navigation__item--active/g), url).toHaveLength(1);
    }
  });
});
