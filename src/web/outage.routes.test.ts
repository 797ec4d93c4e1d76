/**
 * Database outage: every page and form answers GOV.UK's "Sorry, there is a problem with the
 * service" with 503 and Retry-After (never a 500), and queued work resumes when it is back. On
 * PostgreSQL the database really refuses connections (ALLOW_CONNECTIONS false, backends ended);
 * on PGlite the embedded database is closed.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { Browser, build, textOf } from '../../test/helpers.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';

const ctx = await build();
const { app, deps } = ctx;
const drain = () => (deps.jobs as unknown as { drain(): Promise<void> }).drain();

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
const databaseName = () => new URL(deps.config.databaseUrl!).pathname.slice(1);

async function goDown() {
  if (deps.database.kind === 'postgres') {
    await admin(`ALTER DATABASE ${databaseName()} ALLOW_CONNECTIONS false`);
    await admin(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${databaseName()}' AND pid <> pg_backend_pid()`,
    );
  } else {
    await deps.database.close();
    // The test helper closes the database after the file; it is closed already.
    deps.database.close = async () => undefined;
  }
}

async function comeBack() {
  await admin(`ALTER DATABASE ${databaseName()} ALLOW_CONNECTIONS true`);
}

function expectOutagePage(response: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  expect(response.statusCode).toBe(503);
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  expect(textOf(response.body)).toContain('Sorry, there is a problem with the service');
  expect(response.body).toContain('<title>Sorry, there is a problem with the service');
}

describe('while the database is down', () => {
  it('recognises connection failures from both drivers, and nothing else', () => {
    expect(
      isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]))).toBe(
      true,
    );
    expect(
      isDatabaseUnavailable({
        message: 'Failed query',
        cause: { code: '57P01', message: 'terminating connection due to administrator command' },
      }),
    ).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('PGlite is closed'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
  });

  it('answers 503 with Retry-After on pages and forms, and resumes queued delivery when it is back', async () => {
    // A message queued before the outage, not yet delivered.
    const browser = new Browser(app);
    await browser.get('/subscribe');
    const email = 'outage.subscriber@example.test';
    const form = { channel: 'email', email, frequency: 'immediate', consultation: 'food-waste-collections' };
    expect((await browser.post('/subscribe', form)).statusCode).toBe(303);
    const queued = async () =>
      deps.database.query<{ status: string }>(`SELECT status FROM outbox_messages WHERE recipient = $1`, [email]);
    const before = await queued();
    expect(before).toEqual([{ status: 'queued' }]);

    await goDown();
    expectOutagePage(await app.inject({ method: 'GET', url: '/panels' }));
    expectOutagePage(await app.inject({ method: 'GET', url: '/consultations/food-waste-collections' }));
    await browser.get('/subscribe');
    expectOutagePage(await browser.post('/subscribe', { ...form, email: 'other@example.test' }));
    // Staff sign-in reads the database too.
    const signIn = new Browser(app);
    await signIn.get('/sign-in');
    expectOutagePage(await signIn.post('/sign-in', { email: 'admin@council.example', password: 'wrong' }));
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(503);
    // The job runner survives the outage.
    await drain();

    if (deps.database.kind !== 'postgres') return;
    await comeBack();
    expect((await app.inject({ method: 'GET', url: '/panels' })).statusCode).toBe(200);
    await drain();
    const after = await queued();
    expect(after).toEqual([{ status: 'sent' }]);
  });
});
