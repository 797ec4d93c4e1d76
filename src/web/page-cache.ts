/**
 * A cache of rendered public pages, shared by nothing but the database (ADR 0009).
 *
 * A public GET route opts in with `config: { pageCache: { tags: ['consultations', …] } }`; a write that changes
 * what such a page shows calls `invalidatePages(tx, 'consultations')` inside its own transaction. Each request to
 * an opted-in route reads the tags' versions (one small query, shared by every request that arrives while one
 * is in flight) and serves the stored page only if its tags' versions are still the ones it was rendered
 * under and its time has not run out. Two app processes over one database therefore agree: a write committed
 * through either is seen by both on their next request.
 *
 * Never stored: signed-in users' pages, pages with a flash message, a printed CSRF token or a Set-Cookie, and
 * anything but a 200. Stored pages answer with ETag, Last-Modified and `Cache-Control: public, no-cache`
 * (reuse after revalidation: 304 on If-None-Match), and keep the CSP nonce they were rendered with.
 */
import { createHash, randomInt } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { Deps } from '../deps.ts';

/**
 * What a public page can depend on. A page also always depends on '*' (every page: bumped after any staff
 * write, the safety net) and 'brand' (the layout's council name, service name and logo).
 */
export const PAGE_TAGS = [
  'consultations', // consultations, their documents and lifecycle
  'feedback', // "you said, we did", decisions, the results library
  'results', // published questionnaire results and published responses
  'plan', // the forward plan, events and their places
  'wards', // ward profiles and the ward list
  'petitions',
  'budgeting',
  'panels',
  'brand',
  '*',
] as const;
export type PageTag = (typeof PAGE_TAGS)[number];

export interface PageCacheRouteConfig {
  /** The data the page shows; '*' and 'brand' are added. */
  tags: readonly PageTag[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Opt a public GET route into the page cache (src/web/README.md). */
    pageCache?: PageCacheRouteConfig;
  }
  interface FastifyInstance {
    pageCache: PageCache;
  }
  interface FastifyReply {
    /** Set by render() when the page printed a CSRF token: such a page is never stored. */
    csrfPrinted?: boolean;
  }
}

/** Version rows per tag: a bump updates one of this many rows at random, so bumps seldom wait on each other. */
const SHARDS = 16;

/**
 * Marks the pages that show these tags as out of date, in the caller's transaction (so the change and the
 * bump become visible together). On a path that runs for every resident submission, call it as late in the
 * transaction as possible: it holds one of 16 row locks per tag until commit.
 */
export async function invalidatePages(db: Db, ...tags: PageTag[]): Promise<void> {
  if (tags.length === 0) return;
  const unique = [...new Set(tags)];
  const shard = randomInt(SHARDS);
  await db.execute(sql`
    INSERT INTO page_cache_versions (tag, shard, version)
    SELECT t, ${shard}, 1 FROM unnest(ARRAY[${sql.join(
      unique.map((t) => sql`${t}`),
      sql`, `,
    )}]::text[]) AS t
    ON CONFLICT (tag, shard) DO UPDATE SET version = page_cache_versions.version + 1`);
}

type Versions = Map<string, string>;

/** A future moment at which a tag's pages change without a write (a consultation opening at 09:00). */
export type NextChange = (deps: Deps, now: Date) => Promise<Date | null | undefined>;

interface Entry {
  key: string;
  tags: string[];
  stamp: string;
  body: string;
  bytes: number;
  contentType: string;
  csp: string | undefined;
  etag: string;
  lastModified: Date;
  expiresAt: number;
}

export interface PageCacheOptions {
  enabled: boolean;
  /** Longest a page is kept without a check of its time (10 minutes). */
  maxAgeMs?: number;
  /** Memory bound (64 MB of HTML, 2,000 pages), least recently used first out. */
  maxBytes?: number;
  maxEntries?: number;
}

export interface PageCacheStats {
  hits: number;
  misses: number;
  stored: number;
  notModified: number;
  bypassed: number;
  entries: number;
  bytes: number;
}

export interface PageCache {
  /** Registers when a tag's pages next change by time alone; stored pages expire then. */
  schedule(tag: PageTag, next: NextChange): void;
  stats(): PageCacheStats;
  clear(): void;
}

interface PendingFill {
  key: string;
  tags: string[];
  stamp: string;
  /** Resolves, once this request's page is sent, with what it stored (or nothing). */
  settle: (entry: Entry | undefined) => void;
}

/** A page being drawn for a key and stamp: requests for the same page wait for it rather than draw it too. */
interface Filling {
  stamp: string;
  done: Promise<Entry | undefined>;
}

const FILL = Symbol('pageCacheFill');
type WithFill = FastifyRequest & { [FILL]?: PendingFill };

/** Installs the page cache on the root app, before modules mount their routes. */
export function setUpPageCache(app: FastifyInstance, deps: Deps, options: PageCacheOptions): PageCache {
  const maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const maxEntries = options.maxEntries ?? 2000;
  const entries = new Map<string, Entry>();
  const schedules = new Map<string, NextChange[]>();
  const counts = { hits: 0, misses: 0, stored: 0, notModified: 0, bypassed: 0 };
  const filling = new Map<string, Filling>();
  let bytes = 0;

  const cache: PageCache = {
    schedule(tag, next) {
      schedules.set(tag, [...(schedules.get(tag) ?? []), next]);
    },
    stats: () => ({ ...counts, entries: entries.size, bytes }),
    clear() {
      entries.clear();
      bytes = 0;
    },
  };
  app.decorate('pageCache', cache);
  app.decorateReply('csrfPrinted', false);
  if (!options.enabled) return cache;

  const versions = coalesced(async () => {
    const rows = await deps.database.query<{ tag: string; v: string }>(
      'SELECT tag, sum(version)::text AS v FROM page_cache_versions GROUP BY tag',
    );
    return new Map(rows.map((r) => [r.tag, r.v]));
  });

  function remove(entry: Entry) {
    entries.delete(entry.key);
    bytes -= entry.bytes;
  }

  function store(entry: Entry) {
    const old = entries.get(entry.key);
    if (old) remove(old);
    entries.set(entry.key, entry);
    bytes += entry.bytes;
    for (const oldest of entries.values()) {
      if (bytes <= maxBytes && entries.size <= maxEntries) break;
      remove(oldest);
    }
  }

  async function expiry(tags: string[], now: Date): Promise<number> {
    let at = Math.min(now.getTime() + maxAgeMs, nextLondonMidnight(now).getTime());
    for (const tag of tags) {
      for (const next of schedules.get(tag) ?? []) {
        const when = await next(deps, now);
        if (when && when.getTime() > now.getTime()) at = Math.min(at, when.getTime());
      }
    }
    return at;
  }

  app.addHook('preHandler', async (request, reply) => {
    const config = request.routeOptions.config?.pageCache;
    if (!config || (request.method !== 'GET' && request.method !== 'HEAD')) return;
    if (request.user || request.session?.get('flash')) {
      counts.bypassed++;
      reply.header('cache-control', 'private, no-cache');
      return;
    }
    const tags = [...new Set([...config.tags, 'brand', '*'])].sort();
    let current: Versions;
    try {
      current = await versions();
    } catch {
      // The database cannot say whether a page is current; render it (and fail) as if there were no cache.
      counts.bypassed++;
      return;
    }
    // The layout's brand is read per process with its own short cache (council module): a page is only good for
    // the brand it was drawn in, so a process that has not yet seen a new brand never stores pages under it.
    const brand = (request as { brand?: { version?: string | number } }).brand?.version;
    const stamp = `${tags.map((t) => `${t}=${current.get(t) ?? '0'}`).join('&')}&brand@${brand ?? ''}`;
    const key = request.url;
    const entry = entries.get(key);
    if (entry && entry.stamp === stamp && entry.expiresAt > deps.clock.now().getTime()) {
      // Most recently used goes to the back of the eviction order.
      entries.delete(key);
      entries.set(key, entry);
      counts.hits++;
      return serve(request, reply, entry, counts);
    }
    if (entry) remove(entry);
    // After an invalidation, many requests for one page arrive together: one draws it, the others wait.
    const pending = filling.get(key);
    if (pending && pending.stamp === stamp) {
      const drawn = await pending.done;
      if (drawn && drawn.stamp === stamp && drawn.expiresAt > deps.clock.now().getTime()) {
        counts.hits++;
        return serve(request, reply, drawn, counts);
      }
    }
    counts.misses++;
    let settle!: (entry: Entry | undefined) => void;
    const done = new Promise<Entry | undefined>((resolve) => (settle = resolve));
    const fill: Filling = { stamp, done };
    filling.set(key, fill);
    (request as WithFill)[FILL] = {
      key,
      tags,
      stamp,
      settle: (stored) => {
        if (filling.get(key) === fill) filling.delete(key);
        settle(stored);
      },
    };
  });

  // Whatever happened to the page (an error, an aborted request), nobody waits for it any longer.
  app.addHook('onResponse', async (request) => {
    const fill = (request as WithFill)[FILL];
    if (fill) {
      (request as WithFill)[FILL] = undefined;
      fill.settle(undefined);
    }
  });

  // The safety net: any staff write that succeeded may have changed a public page nobody tagged.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'GET' || request.method === 'HEAD' || !request.user || reply.statusCode >= 400)
      return payload;
    await invalidatePages(deps.db, '*');
    return payload;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const fill = (request as WithFill)[FILL];
    if (!fill) return payload;
    (request as WithFill)[FILL] = undefined;
    if (
      reply.statusCode !== 200 ||
      typeof payload !== 'string' ||
      reply.csrfPrinted ||
      reply.hasHeader('set-cookie') ||
      request.user
    ) {
      fill.settle(undefined);
      reply.header('cache-control', 'private, no-cache');
      return payload;
    }
    const now = deps.clock.now();
    let expiresAt: number;
    try {
      expiresAt = await expiry(fill.tags, now);
    } catch {
      // Without the next scheduled change the page cannot be kept safely; it is still sent.
      fill.settle(undefined);
      reply.header('cache-control', 'private, no-cache');
      return payload;
    }
    const entry: Entry = {
      key: fill.key,
      tags: fill.tags,
      stamp: fill.stamp,
      body: payload,
      bytes: Buffer.byteLength(payload),
      contentType: String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8'),
      csp: reply.getHeader('content-security-policy') as string | undefined,
      etag: `"${createHash('sha1').update(payload).digest('base64url').slice(0, 22)}"`,
      lastModified: new Date(Math.floor(now.getTime() / 1000) * 1000),
      expiresAt,
    };
    if (entry.expiresAt > now.getTime()) {
      store(entry);
      counts.stored++;
      fill.settle(entry);
    } else fill.settle(undefined);
    setValidators(reply, entry);
    return payload;
  });

  return cache;
}

function setValidators(reply: FastifyReply, entry: Entry) {
  reply.header('etag', entry.etag);
  reply.header('last-modified', entry.lastModified.toUTCString());
  reply.header('cache-control', 'public, no-cache');
}

function serve(request: FastifyRequest, reply: FastifyReply, entry: Entry, counts: { notModified: number }) {
  if (entry.csp) reply.header('content-security-policy', entry.csp);
  setValidators(reply, entry);
  if (notModified(request, entry)) {
    counts.notModified++;
    return reply.code(304).send();
  }
  return reply.code(200).type(entry.contentType).send(entry.body);
}

function notModified(request: FastifyRequest, entry: Entry): boolean {
  const match = request.headers['if-none-match'];
  if (match !== undefined) {
    return match
      .split(',')
      .map((t) => t.trim().replace(/^W\//, ''))
      .some((t) => t === entry.etag || t === '*');
  }
  const since = request.headers['if-modified-since'];
  if (since) {
    const at = Date.parse(since);
    return !Number.isNaN(at) && at >= entry.lastModified.getTime();
  }
  return false;
}

/**
 * One query for every caller that arrives while it is not yet running: a caller that arrives while a query is
 * in flight waits for the next one, so what it reads was read after it asked (and after any write it saw commit).
 */
export function coalesced<T>(read: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  let queued: Promise<T> | null = null;
  const start = () => {
    queued = null;
    const p = read();
    running = p;
    const done = () => {
      if (running === p) running = null;
    };
    p.then(done, done);
    return p;
  };
  return () => {
    if (queued) return queued;
    if (!running) return start();
    queued = running.then(start, start);
    return queued;
  };
}

const londonDay = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});

/** Relative wording ("closes tomorrow") changes at midnight in London, so no page outlives the day it was drawn. */
export function nextLondonMidnight(now: Date): Date {
  const parts = Object.fromEntries(londonDay.formatToParts(now).map((p) => [p.type, Number(p.value)]));
  const sinceMidnight = ((parts.hour ?? 0) * 3600 + (parts.minute ?? 0) * 60 + (parts.second ?? 0)) * 1000;
  const candidate = new Date(now.getTime() - (now.getTime() % 1000) - sinceMidnight + 86_400_000);
  // Across a clock change the day is 23 or 25 hours: step back or forward to London's 00:00.
  const check = Object.fromEntries(londonDay.formatToParts(candidate).map((p) => [p.type, Number(p.value)]));
  const off = (check.hour ?? 0) * 3600_000 + (check.minute ?? 0) * 60_000;
  if (off === 0) return candidate;
  return new Date(candidate.getTime() - (off > 12 * 3600_000 ? off - 86_400_000 : off));
}
