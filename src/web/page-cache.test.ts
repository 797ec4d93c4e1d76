import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { createDeps } from '../deps.ts';
import { Browser, build, signedInBrowsers, textOf } from '../../test/helpers.ts';
import { findUserByEmail } from '../modules/accounts/accounts.repository.ts';
import { consultations } from '../modules/consultations/consultations.tables.ts';
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

  it('does not store a page that printed a CSRF token or set a cookie', async () => {
    const browser = new Browser(app);
    const signIn = await browser.get('/sign-in'); // a form page, not opted in: never a validator
    expect(signIn.headers.etag).toBeUndefined();
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
