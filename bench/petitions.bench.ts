/**
 * Petitions on a real PostgreSQL: (1) sustained signature confirmations through the real link
 * page (GET the page with its button, POST the button: session, CSRF, the conditional UPDATE, the
 * claim release), beside a bare Fastify route doing one INSERT in the same run; (2) the petition
 * page under load alone, then while confirmations pour in, with how far behind its count ran.
 * Figures, not pass/fail.
 *
 * Needs PG_URL (bench/run.sh sets it). Knobs: BENCH_SECONDS (15) measured seconds per phase,
 * BENCH_WARMUP (3), BENCH_CONNECTIONS (50) concurrent confirmers, BENCH_READERS (20) concurrent
 * readers of the petition page, BENCH_TOKENS (60000) pending signatures made beforehand.
 * Writes bench/results/petitions-<timestamp>.json and prints a Markdown table.
 *
 * This file is also its own child process: BENCH_ROLE=insert-baseline runs the bare route.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import pg from 'pg';
import { answerParent, type ToParent } from './child-ipc.ts';
import { num } from './knobs.ts';

const here = import.meta.dirname;

if (process.env.BENCH_ROLE === 'insert-baseline') {
  // One route, a form body, one INSERT, a 303: the least any signature could cost here.
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  await pool.query(`CREATE TABLE IF NOT EXISTS bench_baseline_rows (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(), body jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())`);
  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  app.post('/submit', async (request, reply) => {
    await pool.query('INSERT INTO bench_baseline_rows (body) VALUES ($1)', [JSON.stringify(request.body)]);
    return reply.redirect('/done', 303);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  answerParent(app, async () => {
    await app.close();
    await pool.end();
  });
} else {
  await main();
}

async function main() {
  const SECONDS = num('BENCH_SECONDS', 15);
  const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
  const CONNECTIONS = num('BENCH_CONNECTIONS', 50);
  const READERS = num('BENCH_READERS', 20);
  const TOKENS = num('BENCH_TOKENS', 60_000);
  const adminUrl = process.env.PG_URL;
  if (!adminUrl) throw new Error('Set PG_URL to a PostgreSQL superuser URL (npm run bench does this)');

  const { loadConfig } = await import('../src/config.ts');
  const { createDeps } = await import('../src/deps.ts');
  const { migrate } = await import('../src/db/migrate.ts');
  const { seedDemo } = await import('../src/db/seed.ts');
  const { modules } = await import('../src/modules/index.ts');

  const startedAt = new Date();
  const databaseName = `bench_p_${startedAt.getTime()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  const [pgVersion] = (await admin.query<{ server_version: string }>('SHOW server_version')).rows;
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  const databaseUrl = url.toString();

  console.log(`Migrating and seeding ${databaseName} ...`);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'soundings-bench-p-')),
    JOBS_RUNNER: 'in-process',
    JOBS_INTERVAL_MS: '0',
  });
  const deps = await createDeps(config, { logError: () => undefined });
  await migrate(deps.database);
  await seedDemo(deps, modules);
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);
  const [petition] = await q<{ id: string; number: number }>(
    `SELECT id, number FROM petitions WHERE status = 'open' ORDER BY (SELECT count(*) FROM petition_signatures s WHERE s.petition_id = petitions.id) LIMIT 1`,
  );
  // Pending signatures with known links, made set-based: the bench measures confirming, not emailing.
  const loadStarted = performance.now();
  await q(
    `INSERT INTO petition_signatures (petition_id, name, email, email_key, email_domain, postcode, ward_code, in_borough,
       status, token_hash, token_expires_at, token_sent_at, address_hash, network_hash, created_at)
     SELECT $1, 'Bench signer ' || g, 'bench' || g || '@example.com', 'bench' || g || '@example.com', 'example.com',
       'RM10 7BB', (SELECT code FROM wards ORDER BY code OFFSET g % 19 LIMIT 1), true, 'pending',
       encode(sha256(convert_to('benchtoken' || lpad(g::text, 12, '0'), 'UTF8')), 'hex'),
       now() + interval '7 days', now(), md5('a' || g), md5('n' || (g % 500)), now()
     FROM generate_series(1, $2) AS g`,
    [petition!.id, TOKENS],
  );
  await q('ANALYZE petition_signatures');
  const loadMs = performance.now() - loadStarted;
  console.log(`Loaded ${TOKENS} pending signatures in ${Math.round(loadMs)} ms`);
  await deps.database.close();

  interface Server {
    child: ChildProcess;
    port: number;
    stop(): Promise<void>;
  }
  async function startChild(name: string, file: string, env: Record<string, string>): Promise<Server> {
    const child = fork(path.join(here, file), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s`)), 60_000);
      child.once('exit', (code) => reject(new Error(`${name} exited with code ${code} before listening`)));
      child.on('message', (message: ToParent) => {
        if (message.type === 'listening') {
          clearTimeout(timer);
          resolve(message.port);
        }
      });
    });
    return {
      child,
      port,
      stop: () =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.disconnect();
        }),
    };
  }

  const appServer = await startChild('app', 'serve.ts', {
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'soundings-bench-p-app-')),
    SEED_DEMO: 'false',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    BASE_URL: 'http://127.0.0.1',
    NOTIFY_API_KEY: `bench-${randomUUID()}-${randomUUID()}`,
    NOTIFY_EMAIL_TEMPLATE_ID: randomUUID(),
    JOBS_RUNNER: 'in-process',
    JOBS_INTERVAL_MS: '0',
  });
  const baseline = await startChild('insert baseline', 'petitions.bench.ts', {
    BENCH_ROLE: 'insert-baseline',
    DATABASE_URL: databaseUrl,
  });
  const app = `http://127.0.0.1:${appServer.port}`;
  const bare = `http://127.0.0.1:${baseline.port}`;

  let nextToken = 0;
  let addressCounter = 0;
  const nextAddress = () => {
    const n = ++addressCounter;
    return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  };

  /** One person pressing the button in their email: the link's page, then the POST. */
  async function confirmOne(): Promise<void> {
    const i = ++nextToken;
    if (i > TOKENS) throw new Error('Out of tokens: raise BENCH_TOKENS');
    const token = `benchtoken${String(i).padStart(12, '0')}`;
    const address = nextAddress();
    const page = await fetch(`${app}/petitions/confirm/${token}`, { headers: { 'x-forwarded-for': address } });
    const html = await page.text();
    if (page.status !== 200 || !html.includes('Confirm my signature')) throw new Error(`confirm page ${page.status}`);
    const done = await fetch(`${app}/petitions/confirm/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address },
      body: 'confirm=yes',
      redirect: 'manual',
    });
    await done.text();
    if (done.status !== 303) throw new Error(`confirm ${done.status}`);
    // The page after it is the same for everyone, so the page cache serves it.
    const after = await fetch(`${app}${done.headers.get('location')}`);
    const thanks = await after.text();
    if (after.status !== 200 || !thanks.includes('Signature confirmed'))
      throw new Error(`confirmed page ${after.status}`);
  }

  async function bareOne(): Promise<void> {
    const response = await fetch(`${bare}/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'Bench', email: `b${++addressCounter}@example.com` }).toString(),
      redirect: 'manual',
    });
    await response.text();
    if (response.status !== 303) throw new Error(`baseline ${response.status}`);
  }

  let lastShown = 0;
  async function readOne(): Promise<void> {
    const response = await fetch(`${app}/petitions/${petition!.number}`);
    const html = await response.text();
    if (response.status !== 200) throw new Error(`petition page ${response.status}`);
    const shown = /id="signatures">([\d,]+) signature/.exec(html)?.[1];
    if (shown) lastShown = Number(shown.replace(/,/g, ''));
  }

  interface Phase {
    done: { at: number; ms: number }[];
  }
  /** `loops` workers doing `task` back to back; only completions inside the measured window count. */
  async function run(
    tasks: { name: string; loops: number; task: () => Promise<void> }[],
    onTick?: () => Promise<void>,
  ) {
    const start = performance.now();
    const from = start + WARMUP * 1000;
    const until = from + SECONDS * 1000;
    const phases = new Map<string, Phase>(tasks.map((t) => [t.name, { done: [] }]));
    const workers = tasks.flatMap((t) =>
      Array.from({ length: t.loops }, async () => {
        while (performance.now() < until) {
          const began = performance.now();
          await t.task();
          const at = performance.now();
          if (at >= from && at < until) phases.get(t.name)!.done.push({ at, ms: at - began });
        }
      }),
    );
    const ticker = onTick
      ? (async () => {
          while (performance.now() < until) {
            await new Promise((r) => setTimeout(r, 500));
            if (performance.now() >= from) await onTick();
          }
        })()
      : Promise.resolve();
    await Promise.all([...workers, ticker]);
    const summary = (name: string) => {
      const sorted = phases
        .get(name)!
        .done.map((d) => d.ms)
        .sort((a, b) => a - b);
      const pct = (p: number) =>
        sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
      return { perSecond: sorted.length / SECONDS, p50: pct(50), p99: pct(99), count: sorted.length };
    };
    return summary;
  }

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const confirmedNow = async () =>
    (
      await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM petition_signatures WHERE petition_id = $1 AND status = 'confirmed'`,
        [petition!.id],
      )
    ).rows[0]!.n;

  console.log('Baseline: bare INSERT route ...');
  const base1 = (await run([{ name: 'bare', loops: CONNECTIONS, task: bareOne }]))('bare');
  // The page first: it also warms the app (templates compiled, JIT) before confirmations are timed.
  console.log('Petition page alone ...');
  const pageAlone = (await run([{ name: 'page', loops: READERS, task: readOne }]))('page');
  console.log('Confirmations ...');
  const confirmCount0 = await confirmedNow();
  const confirms = (await run([{ name: 'confirm', loops: CONNECTIONS, task: confirmOne }]))('confirm');
  const confirmCount1 = await confirmedNow();
  console.log('Petition page while confirmations pour in ...');
  let maxBehind = 0;
  const mixed = await run(
    [
      { name: 'page', loops: READERS, task: readOne },
      { name: 'confirm', loops: CONNECTIONS, task: confirmOne },
    ],
    async () => {
      const truth = await confirmedNow();
      maxBehind = Math.max(maxBehind, truth - lastShown);
    },
  );
  const pageLoaded = mixed('page');
  const confirmsLoaded = mixed('confirm');
  console.log('Baseline again (drift) ...');
  const base2 = (await run([{ name: 'bare', loops: CONNECTIONS, task: bareOne }]))('bare');
  const finalCount = await confirmedNow();
  const [reached] = (
    await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM petition_thresholds_reached WHERE petition_id = $1`,
      [petition!.id],
    )
  ).rows;
  await pool.end();
  await appServer.stop();
  await baseline.stop();

  const baseMean = (base1.perSecond + base2.perSecond) / 2;
  const ratio = (x: number) => (x / baseMean).toFixed(2);
  const f = (x: number) => x.toFixed(1);
  const rows = [
    ['bare INSERT route (mean of 2 runs)', f(baseMean), '1.00', f(base1.p50), f(base1.p99)],
    [
      'signature confirmations (link page, button 303, thank-you page)',
      f(confirms.perSecond),
      ratio(confirms.perSecond),
      f(confirms.p50),
      f(confirms.p99),
    ],
    ['petition page alone', f(pageAlone.perSecond), ratio(pageAlone.perSecond), f(pageAlone.p50), f(pageAlone.p99)],
    [
      'petition page while confirming',
      f(pageLoaded.perSecond),
      ratio(pageLoaded.perSecond),
      f(pageLoaded.p50),
      f(pageLoaded.p99),
    ],
    [
      'confirmations while the page is read',
      f(confirmsLoaded.perSecond),
      ratio(confirmsLoaded.perSecond),
      f(confirmsLoaded.p50),
      f(confirmsLoaded.p99),
    ],
  ];
  const secondsBehind = confirmsLoaded.perSecond ? maxBehind / confirmsLoaded.perSecond : 0;
  const table = [
    `| target | per s | ÷ baseline | p50 ms | p99 ms |`,
    `|---|---|---|---|---|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  console.log(
    `\nPostgreSQL ${pgVersion?.server_version}; ${CONNECTIONS} confirmers, ${READERS} readers, ${SECONDS} s measured after ${WARMUP} s warm-up; load average ${os.loadavg()[0]!.toFixed(1)}\n`,
  );
  console.log(table);
  console.log(
    `\nBaseline runs: ${f(base1.perSecond)} and ${f(base2.perSecond)} per s. Confirmed signatures counted in the database: ` +
      `${confirmCount1 - confirmCount0} during the confirmation phase (${confirms.count} measured plus warm-up), ${finalCount} in all; ` +
      `thresholds recorded: ${reached!.n}. Petition page count at most ${maxBehind} signatures behind the database ` +
      `(≈ ${secondsBehind.toFixed(1)} s at the confirmation rate). Pending signatures loaded in ${Math.round(loadMs)} ms.`,
  );
  const resultsDir = process.env.BENCH_RESULTS_DIR ?? path.join(here, 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `petitions-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        commit: process.env.BENCH_COMMIT,
        dirty: process.env.BENCH_DIRTY,
        postgres: pgVersion?.server_version,
        settings: { SECONDS, WARMUP, CONNECTIONS, READERS, TOKENS },
        baseline: [base1, base2],
        confirms,
        pageAlone,
        pageLoaded,
        confirmsLoaded,
        maxBehind,
        secondsBehind,
        finalCount,
        thresholdsRecorded: reached!.n,
        loadMs,
        loadAverage: os.loadavg(),
      },
      null,
      2,
    ),
  );
  console.log(`\nWrote ${file}`);
  const cleanup = new pg.Client({ connectionString: adminUrl });
  await cleanup.connect();
  await cleanup.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  await cleanup.end();
}
