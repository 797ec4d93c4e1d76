/**
 * build(): the real app in-process on a fresh database: in-memory PGlite by default, or a new
 * database on the PostgreSQL server named by TEST_DATABASE_URL (npm test runs the suite both ways).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDemo } from '../src/db/seed.ts';
import { createDeps, type Clock, type Deps } from '../src/deps.ts';
import { registerJobs } from '../src/jobs/schedule.ts';
import { modules } from '../src/modules/index.ts';
import { DEMO_PASSWORD } from '../src/modules/accounts/index.ts';

export { DEMO_PASSWORD };

/** A clock tests can move. */
export class TestClock implements Clock {
  constructor(private current = new Date()) {}
  now() {
    return new Date(this.current);
  }
  set(value: Date | string) {
    this.current = new Date(value);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestContext {
  app: FastifyInstance;
  deps: Deps;
  clock: TestClock;
  config: Config;
}

async function freshDatabaseUrl(template?: string): Promise<{ url: string | undefined; drop: () => Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) return { url: undefined, drop: async () => undefined };
  const name = `t_${randomUUID().replace(/-/g, '')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Builds the app on a fresh, migrated database with the demo data loaded (unless seed: false).
 * The plain demo (seeded, today's clock, default settings) is a copy of the run's shared fixture
 * (test/demo-fixture.ts); a test that moves the clock or changes settings seeds its own.
 */
export async function build(
  options: { seed?: boolean; now?: Date | string; env?: Record<string, string> } = {},
): Promise<TestContext> {
  const seed = options.seed ?? true;
  const fixture = seed && !options.now && !options.env ? inject('demoFixture') : undefined;
  const database = await freshDatabaseUrl(fixture?.template);
  const dataDir = `/tmp/soundings-test-${randomUUID()}`;
  if (fixture) fs.cpSync(fixture.dataDir, dataDir, { recursive: true });
  const config = loadConfig({
    NODE_ENV: 'test',
    JOBS_INTERVAL_MS: '0',
    JOBS_RUNNER: 'in-process',
    DATA_DIR: dataDir,
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    ...options.env,
  });
  const clock = new TestClock(options.now ? new Date(options.now) : new Date());
  const loadDataDir = fixture?.pgliteTar ? new Blob([fs.readFileSync(fixture.pgliteTar)]) : undefined;
  const deps = await createDeps(config, { inMemory: true, clock, logError: () => undefined, loadDataDir });
  await migrate(deps.database);
  if (seed && !fixture) await seedDemo(deps, modules);
  await registerJobs(deps, modules);
  const app = await buildApp(deps, { logger: false });
  await app.ready();
  afterAll(async () => {
    await app.close();
    await deps.database.close();
    await database.drop();
  });
  return { app, deps, clock, config };
}

/** A browser-like session: keeps cookies, reads CSRF tokens from forms, posts forms. */
export class Browser {
  private cookies = new Map<string, string>();
  csrfToken = '';
  constructor(private readonly app: FastifyInstance) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
  }

  private remember(response: LightMyRequestResponse) {
    for (const cookie of response.cookies) {
      if (cookie.value === '' || (cookie.maxAge !== undefined && cookie.maxAge <= 0)) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const match = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (match) this.csrfToken = match[1]!;
  }

  async get(url: string) {
    const response = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() } });
    this.remember(response);
    return response;
  }

  /** Posts a form as the browser would, with the CSRF token from the last page unless given. */
  async post(url: string, form: Record<string, string | string[]>, options: { csrf?: string | null } = {}) {
    const body = new URLSearchParams();
    const token = options.csrf === undefined ? this.csrfToken : options.csrf;
    if (token !== null) body.append('_csrf', token);
    for (const [key, value] of Object.entries(form)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
    }
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    this.remember(response);
    return response;
  }

  async signIn(email: string, password = DEMO_PASSWORD) {
    await this.get('/sign-in');
    const response = await this.post('/sign-in', { email, password });
    if (response.statusCode !== 303) throw new Error(`Sign-in failed for ${email}: ${response.statusCode}`);
    return response;
  }
}

/** Visible text of an HTML page, for assertions that read like what a user sees. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * One signed-in Browser per demo user, reused across a file's tests: sign-in is rate limited, so
 * signing in afresh for every test would trip the limit.
 */
export function signedInBrowsers(app: FastifyInstance) {
  const sessions = new Map<string, Browser>();
  return async (email: string): Promise<Browser> => {
    let browser = sessions.get(email);
    if (!browser) {
      browser = new Browser(app);
      await browser.signIn(email);
      sessions.set(email, browser);
    }
    return browser;
  };
}
