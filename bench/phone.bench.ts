/**
 * Issue 17's figures. Part 1: what a resident on a slow phone pays for home, find, a consultation
 * and its first question page (375 px, 150 ms, 1.6 Mbit/s; e2e/pages/phone-profile.ts), against
 * the budgets (first visit ≤ 60 KiB, repeat ≤ 12 KiB, LCP ≤ 1 s), on the demo over PostgreSQL.
 * Part 2: the home page under `npm start`'s settings (templates compiled once) beside the old
 * behaviour (TEMPLATES_WATCH=true, what npm start did before), same database, same run, 20
 * connections. Figures, not pass/fail. Needs PG_URL (bench/run.sh sets it).
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDemo } from '../src/db/seed.ts';
import { createDeps } from '../src/deps.ts';
import { modules } from '../src/modules/index.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/chromium.ts';
import { BUDGET, formatFigures, measurePage, type PageFigures } from '../e2e/pages/phone-profile.ts';

const adminUrl = process.env.PG_URL;
if (!adminUrl) throw new Error('Set PG_URL to a PostgreSQL superuser URL (npm run bench does this)');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const name = `bench_phone_${randomUUID().replace(/-/g, '')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;

async function start(env: Record<string, string>) {
  const config = loadConfig({
    NODE_ENV: 'development',
    DATABASE_URL: url.toString(),
    JOBS_RUNNER: 'in-process',
    LOG_LEVEL: 'warn',
    ...env,
  });
  const deps = await createDeps(config);
  const app = await buildApp(deps, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return {
    deps,
    app,
    baseUrl: `http://localhost:${port}`,
    stop: async () => (await app.close(), await deps.database.close()),
  };
}

const seeded = await start({});
await migrate(seeded.deps.database);
await seedDemo(seeded.deps, modules);

// Part 1: the phone profile.
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
const slug = 'food-waste-collections';
const startPage = await (await browser.newContext({ baseURL: seeded.baseUrl })).newPage();
await startPage.goto(`/consultations/${slug}/respond`);
const firstQuestion =
  (await startPage.getByRole('button', { name: /start/i }).getAttribute('href')) ?? `/consultations/${slug}/respond`;
const rows: PageFigures[] = [];
for (const path of ['/', '/consultations', `/consultations/${slug}`, firstQuestion]) {
  rows.push(await measurePage(browser, seeded.baseUrl, path));
}
await browser.close();
console.log(
  `Phone profile (375 px, 150 ms, 1.6 Mbit/s); budgets: first ≤ ${BUDGET.firstVisitBytes / 1024} KiB, repeat ≤ ${BUDGET.repeatVisitBytes / 1024} KiB, LCP ≤ ${BUDGET.lcpMs} ms`,
);
console.log(formatFigures(rows));
await seeded.stop();

// Part 2: templates compiled once, against re-read on every request.
async function homeRate(env: Record<string, string>) {
  const site = await start({ PAGE_CACHE: 'false', ...env });
  await autocannon({ url: `${site.baseUrl}/`, connections: 20, duration: 2 });
  const result = await autocannon({ url: `${site.baseUrl}/`, connections: 20, duration: SECONDS });
  await site.stop();
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}
const watched = await homeRate({ TEMPLATES_WATCH: 'true' });
const compiled = await homeRate({});
const cached = await homeRate({ PAGE_CACHE: 'true' });
console.log('\nHome page, 20 connections, PostgreSQL (page cache off unless said):');
console.log('| settings | req/s | p99 ms | errors | × re-reading templates |');
console.log('|---|--:|--:|--:|--:|');
for (const [label, r] of [
  ['templates re-read each request (npm start before)', watched],
  ['templates compiled once (npm start now)', compiled],
  ['compiled once, page cache on (npm start now, default)', cached],
] as const) {
  console.log(`| ${label} | ${r.rps.toFixed(0)} | ${r.p99} | ${r.errors} | ${(r.rps / watched.rps).toFixed(1)} |`);
}

await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await admin.end();
