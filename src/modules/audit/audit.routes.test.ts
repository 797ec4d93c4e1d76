import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { Browser, build, textOf } from '../../../test/helpers.ts';

/** A browser from its own address, so sign-in rate limits in one test do not spill into the next. */
let lastOctet = 0;
function browserFor(app: FastifyInstance) {
  const remoteAddress = `10.60.0.${++lastOctet}`;
  return new Browser({
    inject: (options: object) => app.inject({ ...options, remoteAddress }),
  } as unknown as FastifyInstance);
}

describe('the audit log', async () => {
  const { app, deps } = await build();
  // 120 events about widgets, one a minute from midday UTC on 1 July 2026 (British Summer Time).
  await deps.database.query(`
    INSERT INTO audit_events (occurred_at, actor_label, action, entity_type, entity_id, before, after)
    SELECT timestamptz '2026-07-01T12:00:00Z' + make_interval(mins => n), 'Tess Tester <tess@council.example>',
           CASE WHEN n % 2 = 0 THEN 'widget.polished' ELSE 'widget.renamed' END, 'widget', 'widget-' || n,
           jsonb_build_object('title', 'Old ' || n), jsonb_build_object('title', 'New ' || n)
    FROM generate_series(1, 120) AS n`);
  await deps.database.query(`
    INSERT INTO audit_events (occurred_at, actor_label, action, entity_type, entity_id, after)
    VALUES ('2026-01-15T09:30:00Z', 'Mallory <m@example.com>', 'widget.created', 'gadget', 'g-1',
            '{"title": "<script>alert(1)</script>", "note": "\\" onmouseover=\\"x"}')`);

  async function admin() {
    const browser = browserFor(app);
    await browser.signIn('admin@council.example');
    return browser;
  }

  it('lists events newest first, 50 to a page, with before and after', async () => {
    const browser = await admin();
    const page = await browser.get('/staff/admin/audit?entityType=widget');
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Showing 1 to 50 of 120 events');
    expect(text.indexOf('widget-120')).toBeGreaterThan(-1);
    expect(text.indexOf('widget-120')).toBeLessThan(text.indexOf('widget-119'));
    expect(text).not.toContain('widget-70 ');
    // 12:00 UTC plus 120 minutes is 3:00pm in London in July.
    expect(text).toContain('1 July 2026 at 3:00pm');
    expect(page.body).toContain('Tess Tester &lt;tess@council.example&gt;');
    expect(text).toContain('"title": "Old 120"');
    expect(text).toContain('"title": "New 120"');
    expect(page.body).toContain('govuk-details');
    expect(page.body).toContain('href="/staff/admin/audit?entityType=widget&amp;page=2"');
  });

  it('moves through the pages and keeps the filter', async () => {
    const browser = await admin();
    const page = await browser.get('/staff/admin/audit?entityType=widget&page=3');
    const text = textOf(page.body);
    expect(text).toContain('Showing 101 to 120 of 120 events');
    expect(text).toContain('widget-1 ');
    expect(page.body).toContain('href="/staff/admin/audit?entityType=widget&amp;page=2"');
    expect(page.body).not.toContain('rel="next"');
  });

  it('filters by action and by entity id', async () => {
    const browser = await admin();
    const byAction = textOf((await browser.get('/staff/admin/audit?action=widget.renamed&entityType=widget')).body);
    expect(byAction).toContain('of 60 events');
    expect(byAction).not.toContain('widget.polished');
    const byId = textOf((await browser.get('/staff/admin/audit?entityType=widget&entityId=widget-7')).body);
    expect(byId).toContain('Showing 1 to 1 of 1 events');
    const none = textOf((await browser.get('/staff/admin/audit?action=nothing.like.this')).body);
    expect(none).toContain('No audit events match');
  });

  it('escapes what the records contain', async () => {
    const browser = await admin();
    const page = await browser.get('/staff/admin/audit?entityType=gadget');
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('" onmouseover="x');
    expect(textOf(page.body)).toContain('15 January 2026 at 9:30am');
  });

  it('treats a strange page number as the first page and refuses an overlong filter', async () => {
    const browser = await admin();
    const odd = await browser.get("/staff/admin/audit?entityType=widget&page=-1'%20OR%201=1");
    expect(odd.statusCode).toBe(200);
    expect(textOf(odd.body)).toContain('Showing 1 to 50 of 120 events');
    const long = await browser.get(`/staff/admin/audit?action=${'a'.repeat(201)}`);
    expect(long.statusCode).toBe(400);
    expect(textOf(long.body)).toContain('Action must be 200 characters or fewer');
  });

  it('shows the Audit link to administrators only', async () => {
    const page = await (await admin()).get('/staff/admin/audit');
    expect(page.body).toContain('class="govuk-service-navigation__link" href="/staff/admin/audit"');
  });

  it.each([
    'engagement@council.example',
    'housing@council.example',
    'councillor@council.example',
    'officer@nhs.example',
  ])('refuses the audit log to %s', async (email) => {
    const browser = browserFor(app);
    await browser.signIn(email);
    const page = await browser.get('/staff/admin/audit');
    expect(page.statusCode).toBe(403);
    expect(page.body).not.toContain('Tess Tester');
    expect(page.body).not.toContain('href="/staff/admin/audit"');
  });

  it('sends someone who is not signed in to sign in', async () => {
    const response = await browserFor(app).get('/staff/admin/audit');
    expect(response.statusCode).toBe(303);
  });
});
