import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { createDeps } from '../deps.ts';
import { Browser, build, signedInBrowsers, textOf } from '../../test/helpers.ts';
import { findUserByEmail } from '../modules/accounts/accounts.repository.ts';
import { consultations } from '../modules/consultations/consultations.tables.ts';
import { modules } from '../modules/index.ts';
import type { ModuleManifest } from '../modules/module.ts';
import {
  closeEarly,
  publishFeedback,
  tickConsultations,
} from '../modules/consultations/consultations-lifecycle.service.ts';
import { systemActor } from '../deps.ts';
import type { Role } from './auth.ts';
import { coalesced, nextLondonMidnight } from './page-cache.ts';

const get = (app: FastifyInstance, url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers });

describe('the page cache', async () => {
  const ctx = await build({ env: { PAGE_CACHE: 'true' }, now: '2026-12-04T12:00:00Z' });
  const { app, deps, clock } = ctx;
  const admin = (await findUserByEmail(deps.db, 'admin@council.example'))!;
  const user = { id: admin.id, role: admin.role as Role, organisationId: admin.organisationId };
  const slugId = async (slug: string) =>
    (await deps.db.select().from(consultations).where(eq(consultations.slug, slug)))[0]!;

  it('serves a public page again from memory with validators a browser or CDN can revalidate', async () => {
    const first = await get(app, '/');
    const second = await get(app, '/');
    expect(first.statusCode).toBe(200);
    expect(second.body).toBe(first.body);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers['cache-control']).toBe('public, no-cache');
    expect(second.headers['last-modified']).toBeDefined();
    // The stored page keeps the CSP nonce it was drawn with, so its scripts still run.
    const nonce = /nonce="([^"]+)"/.exec(second.body)?.[1];
    expect(nonce).toBeDefined();
    expect(String(second.headers['content-security-policy'])).toContain(`'nonce-${nonce}'`);
    const revalidated = await get(app, '/', { 'if-none-match': String(first.headers.etag) });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.body).toBe('');
    expect(app.pageCache.stats().hits).toBeGreaterThanOrEqual(2);
  });

  it('draws a page once when many ask for it at the same moment', async () => {
    app.pageCache.clear();
    const before = app.pageCache.stats();
    const pages = await Promise.all(Array.from({ length: 6 }, () => get(app, '/consultations?status=forthcoming')));
    expect(new Set(pages.map((p) => p.headers.etag)).size).toBe(1);
    const after = app.pageCache.stats();
    expect(after.misses - before.misses).toBe(1);
    expect(after.hits - before.hits).toBe(5);
  });

  it('caches every filter of find on its own and never mixes them up', async () => {
    const open = await get(app, '/consultations');
    const closed = await get(app, '/consultations?status=closed');
    expect(closed.body).not.toBe(open.body);
    expect((await get(app, '/consultations?status=closed')).body).toBe(closed.body);
    expect((await get(app, '/consultations')).body).toBe(open.body);
  });

  it('never serves or stores a signed-in page', async () => {
    const staff = await signedInBrowsers(app)('engagement@council.example');
    const page = await staff.get('/');
    expect(textOf(page.body)).toContain('Signed in as');
    expect(page.headers['cache-control']).toBe('private, no-cache');
    expect(page.headers.etag).toBeUndefined();
    const anonymous = await get(app, '/');
    expect(textOf(anonymous.body)).not.toContain('Signed in as');
  });

  it('shows a close on the next request', async () => {
    const c = await slugId('community-engagement-strategy');
    const before = await get(app, `/consultations/${c.slug}`);
    expect((await get(app, `/consultations/${c.slug}`)).headers.etag).toBe(before.headers.etag);
    const outcome = await closeEarly(deps, systemActor, user, c.id, 'Enough responses');
    expect(outcome.ok).toBe(true);
    const after = await get(app, `/consultations/${c.slug}`);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(textOf(after.body)).toMatch(/closed/i);
    const find = await get(app, '/consultations');
    expect(textOf(find.body)).not.toContain(c.title);
  });

  it('shows published feedback on the next request', async () => {
    const c = await slugId('parks-and-open-spaces-strategy');
    const before = await get(app, `/consultations/${c.slug}`);
    expect(textOf(before.body)).not.toContain('We heard 1,234 views and will plant more trees');
    const outcome = await publishFeedback(
      deps,
      systemActor,
      user,
      c.id,
      'We heard 1,234 views and will plant more trees.',
    );
    expect(outcome.ok).toBe(true);
    const after = await get(app, `/consultations/${c.slug}`);
    expect(textOf(after.body)).toContain('We heard 1,234 views and will plant more trees');
  });

  it('shows a new decision on the consultation page on the next request', async () => {
    const c = await slugId('dagenham-heathway-improvements');
    const url = `/consultations/${c.slug}`;
    const before = await get(app, url);
    expect((await get(app, url)).headers.etag).toBe(before.headers.etag);
    const officer = await signedInBrowsers(app)('engagement@council.example');
    await officer.get('/staff/decisions/new');
    const made = await officer.post('/staff/decisions/new', {
      title: 'Heathway crossings go ahead',
      makerKind: 'cabinet',
      makerName: 'Cabinet',
      'decidedOn-day': '1',
      'decidedOn-month': '12',
      'decidedOn-year': '2026',
      decision: 'Cabinet agreed two new crossings and 40 trees.',
      reportUrl: 'https://council.example/reports/heathway',
      consultations: [c.id],
    });
    expect(made.statusCode).toBe(303);
    expect(textOf((await get(app, url)).body)).toContain('Heathway crossings go ahead');
  });

  it('shows a new event, and the places a resident just took, on the next request', async () => {
    const diary = await get(app, '/events');
    expect(textOf(diary.body)).not.toContain('Cache test drop-in');
    const officer = await signedInBrowsers(app)('housing@council.example');
    await officer.get('/staff/events/new');
    const created = await officer.post('/staff/events/new', {
      title: 'Cache test drop-in',
      kind: 'drop-in',
      'date-day': '14',
      'date-month': '4',
      'date-year': '2027',
      startTime: '10:00',
      endTime: '12:00',
      venueName: 'Town Hall',
      venueAddress: '1 Town Square',
      stepFree: 'yes',
      capacity: '5',
    });
    expect(created.statusCode).toBe(303);
    const id = created.headers.location!.split('/').pop()!;
    expect(textOf((await get(app, '/events')).body)).toContain('Cache test drop-in');
    const page = await get(app, `/events/${id}`);
    expect(textOf(page.body)).toContain('5 of 5 places left');
    expect((await get(app, `/events/${id}`)).headers.etag).toBe(page.headers.etag);
    // A resident (not signed in, so no safety net) takes a place: the stored pages are out of date at once.
    const resident = new Browser(app);
    const form = await resident.get(`/events/${id}/register`);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.body)![1]!;
    const registered = await resident.post(`/events/${id}/register`, {
      idempotencyKey: key,
      name: 'Rita Resident',
      email: 'rita@example.test',
    });
    expect(registered.statusCode).toBe(303);
    expect(textOf((await get(app, `/events/${id}`)).body)).toContain('4 of 5 places left');
  });

  it('shows a consultation closing on time, with no request in between', async () => {
    const c = await slugId('food-waste-collections');
    const before = await get(app, '/consultations');
    expect(textOf(before.body)).toContain(c.title);
    clock.set(new Date(c.closesAt!.getTime() + 60_000));
    await tickConsultations(deps);
    const after = await get(app, '/consultations');
    expect(textOf(after.body)).not.toContain(c.title);
    expect(textOf((await get(app, `/consultations/${c.slug}`)).body)).toMatch(/closed/i);
  });

  it('expires a page at the next scheduled opening or closing, even before the job runs', async () => {
    const now = clock.now().getTime();
    const opening = new Date(now + 3_600_000);
    await deps.db
      .update(consultations)
      .set({ opensAt: opening })
      .where(eq(consultations.slug, 'safer-neighbourhood-priorities'));
    await tickConsultations(deps); // nothing due: no bump, but the next page drawn knows the opening time
    app.pageCache.clear();
    const first = await get(app, '/');
    expect((await get(app, '/')).headers.etag).toBe(first.headers.etag);
    clock.set(new Date(opening.getTime() + 1));
    const misses = app.pageCache.stats().misses;
    await get(app, '/');
    expect(app.pageCache.stats().misses).toBe(misses + 1);
  });

  it('shows a staff change made through the site on the next request (any staff write)', async () => {
    const page = await get(app, '/');
    const staff = await signedInBrowsers(app)('engagement@council.example');
    await staff.get('/staff');
    await staff.post('/sign-out', {});
    expect((await get(app, '/')).headers.etag).not.toBe(page.headers.etag);
  });

  it('lets two app processes over one database see each other’s writes on their next request', async () => {
    // On PostgreSQL the second app has its own connection pool, as a second process would; on PGlite it shares
    // the one in-process database. Either way each app keeps its own cache.
    const otherDeps = deps.config.databaseUrl
      ? await createDeps(deps.config, { inMemory: true, clock, logError: () => undefined })
      : deps;
    const other = await buildApp(otherDeps, { logger: false });
    await other.ready();
    try {
      const c = await slugId('dagenham-heathway-improvements');
      const url = `/consultations/${c.slug}`;
      const a1 = await get(app, url);
      const b1 = await get(other, url);
      expect((await get(app, url)).headers.etag).toBe(a1.headers.etag);
      expect((await get(other, url)).headers.etag).toBe(b1.headers.etag);
      expect(other.pageCache.stats().hits).toBe(1);
      // A write through the first app's use-cases; the second app sees it on its very next request.
      const summary = 'Two processes, one answer: the Heathway gets wider pavements.';
      expect(textOf(b1.body)).not.toContain(summary);
      expect((await publishFeedback(deps, systemActor, user, c.id, summary)).ok).toBe(true);
      const b2 = await get(other, url);
      expect(b2.headers.etag).not.toBe(b1.headers.etag);
      expect(textOf(b2.body)).toContain(summary);
      const a2 = await get(app, url);
      expect(a2.headers.etag).not.toBe(a1.headers.etag);
    } finally {
      await other.close();
      if (otherDeps !== deps) await otherDeps.database.close();
    }
  });

  it('does not store a page that printed a CSRF token or set a cookie, nor one shown with a flash message', async () => {
    const views = fs.mkdtempSync(path.join(os.tmpdir(), 'page-cache-probe-'));
    fs.writeFileSync(
      path.join(views, 'form.njk'),
      '<form method="post"><input name="_csrf" value="{{ csrfToken }}"></form>',
    );
    fs.writeFileSync(path.join(views, 'plain.njk'), '<p>{{ flash or "plain" }}</p>');
    const cached = { config: { pageCache: { tags: ['consultations'] as const } } };
    const probe: ModuleManifest = {
      name: 'probe',
      viewsDir: views,
      routes: (scope) => {
        scope.get('/probe/form', cached, async (_request, reply) => reply.render('probe/form.njk'));
        scope.get('/probe/plain', cached, async (_request, reply) => reply.render('probe/plain.njk'));
        scope.get('/probe/cookie', cached, async (request, reply) => {
          request.session.set('flash', 'Saved');
          return reply.type('text/html; charset=utf-8').send('<p>Set</p>');
        });
      },
    };
    const probed = await buildApp(deps, { logger: false, modules: [...modules, probe] });
    await probed.ready();
    try {
      const form = await get(probed, '/probe/form');
      expect(form.body).toMatch(/name="_csrf" value="[^"]+"/);
      expect(form.headers.etag).toBeUndefined();
      expect(form.headers['cache-control']).toBe('private, no-cache');
      const cookie = await get(probed, '/probe/cookie');
      expect(cookie.headers['set-cookie']).toBeDefined();
      expect(cookie.headers.etag).toBeUndefined();
      // The cookie carries a flash: the next page shows it to that browser only, and is not stored either.
      const session = String(cookie.headers['set-cookie']).split(';')[0]!;
      const flashed = await get(probed, '/probe/plain', { cookie: session });
      expect(flashed.body).toContain('Saved');
      expect(flashed.headers.etag).toBeUndefined();
      const plain = await get(probed, '/probe/plain');
      expect(plain.body).toContain('plain');
      expect(plain.headers.etag).toBeDefined();
      expect((await get(probed, '/probe/plain')).headers.etag).toBe(plain.headers.etag);
      expect(probed.pageCache.stats()).toMatchObject({ stored: 1, hits: 1 });
    } finally {
      await probed.close();
      fs.rmSync(views, { recursive: true, force: true });
    }
  });
});

describe('page cache helpers', () => {
  it('coalesces reads so each caller sees a read that started after it asked', async () => {
    let started = 0;
    const resolvers: (() => void)[] = [];
    const read = coalesced(
      () =>
        new Promise<number>((resolve) => {
          const n = ++started;
          resolvers.push(() => resolve(n));
        }),
    );
    const a = read();
    const b = read(); // arrives while the first is running: waits for a second read
    const c = read(); // shares the second read
    resolvers[0]!();
    expect(await a).toBe(1);
    await Promise.resolve();
    await Promise.resolve();
    resolvers[1]!();
    expect(await b).toBe(2);
    expect(await c).toBe(2);
    expect(started).toBe(2);
  });

  it('finds the next midnight in London across clock changes', () => {
    expect(nextLondonMidnight(new Date('2026-12-04T12:00:00Z')).toISOString()).toBe('2026-12-05T00:00:00.000Z');
    expect(nextLondonMidnight(new Date('2026-07-04T12:00:00Z')).toISOString()).toBe('2026-07-04T23:00:00.000Z');
    expect(nextLondonMidnight(new Date('2026-03-28T12:00:00Z')).toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(nextLondonMidnight(new Date('2026-10-24T12:00:00Z')).toISOString()).toBe('2026-10-24T23:00:00.000Z');
    expect(nextLondonMidnight(new Date('2026-10-24T23:30:00Z')).toISOString()).toBe('2026-10-26T00:00:00.000Z');
    expect(nextLondonMidnight(new Date('2026-03-29T00:30:00Z')).toISOString()).toBe('2026-03-29T23:00:00.000Z');
  });
});
