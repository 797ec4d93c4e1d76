/**
 * SQL statements and Node CPU per request of the responding journey, one request at a time in-process
 * (app.inject, no HTTP), on a fresh database on PG_URL. Figures, not pass/fail.
 *
 *   BENCH_FILE=journey-statements npm run bench      BENCH_JOURNEYS (30) journeys walked, after 3 warm-ups
 *
 * Every statement the app sends to PostgreSQL is counted (node-postgres Client.query: BEGIN and COMMIT count too),
 * per journey step. Writes bench/results/journey-statements-<timestamp>.json and prints a Markdown table.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const adminUrl = process.env.PG_URL;
if (!adminUrl) throw new Error('Set PG_URL to a PostgreSQL superuser URL (npm run bench does this)');
const JOURNEYS = Number(process.env.BENCH_JOURNEYS ?? 30);

let statements = 0;
// Every query node-postgres sends goes through Client.prototype.query (pool.query included).
const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
const original = proto.query;
proto.query = function counted(this: unknown, ...args: unknown[]) {
  statements++;
  return original.apply(this, args);
};

const { loadConfig } = await import('../src/config.ts');
const { createDeps } = await import('../src/deps.ts');
const { migrate } = await import('../src/db/migrate.ts');
const { seedDemo } = await import('../src/db/seed.ts');
const { modules } = await import('../src/modules/index.ts');
const { buildApp } = await import('../src/app.ts');
const { createRespondable } = await import('../src/modules/questionnaires/responding.fixtures.ts');

const startedAt = new Date();
const databaseName = `bench_js_${startedAt.getTime()}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${databaseName}`);
await admin.end();
const url = new URL(adminUrl);
url.pathname = `/${databaseName}`;
const testEnv = {
  NODE_ENV: 'production',
  DATABASE_URL: url.toString(),
  DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'soundings-bench-js-')),
  JOBS_RUNNER: 'in-process',
  JOBS_INTERVAL_MS: '0',
  LOG_LEVEL: 'silent',
  SESSION_SECRET: 'ab'.repeat(32),
  BASE_URL: 'http://127.0.0.1',
  NOTIFY_API_KEY: `bench-${'0'.repeat(36)}-${'1'.repeat(36)}`,
  NOTIFY_EMAIL_TEMPLATE_ID: '00000000-0000-4000-8000-000000000000',
  SEED_DEMO: 'false',
};
const config = loadConfig(testEnv);
// Seeded as a test run (the demo seed refuses production), then served in production mode (cached templates).
const seeding = await createDeps(loadConfig({ ...testEnv, NODE_ENV: 'test' }), { logError: () => undefined });
await migrate(seeding.database);
await seedDemo(seeding, modules);
const open = await createRespondable(seeding, {
  definition: {
    pages: [
      {
        key: 'views',
        title: 'Your views',
        questions: [
          { key: 'support', type: 'agreement', text: 'To what extent do you agree with the proposal?', required: true },
          {
            key: 'priorities',
            type: 'multiple_choice',
            text: 'What matters most to you?',
            required: false,
            options: [
              { value: 'parks', label: 'Parks' },
              { value: 'roads', label: 'Roads' },
              { value: 'libraries', label: 'Libraries' },
            ],
          },
          { key: 'comments', type: 'long_text', text: 'Why do you say that?', required: false, maxLength: 2000 },
        ],
      },
    ],
  },
});
await seeding.database.close();
const deps = await createDeps(config, { logError: () => undefined });
const app = await buildApp(deps, { logger: false });
await app.ready();

interface Step {
  name: string;
  statements: number[];
  cpuMs: number[];
  bytes: number;
}
const steps = new Map<string, Step>();
let address = 0;

async function walk(record: boolean) {
  const cookies = new Map<string, string>();
  let csrf = '';
  const remoteAddress = `10.9.${(++address >> 8) & 255}.${address & 255}`;
  const call = async (name: string, method: 'GET' | 'POST', url: string, form?: [string, string][]) => {
    const before = statements;
    const cpu = process.cpuUsage();
    const response = await app.inject({
      method,
      url,
      remoteAddress,
      headers: {
        cookie: [...cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      payload: form ? new URLSearchParams([['_csrf', csrf], ...form]).toString() : undefined,
    });
    const used = process.cpuUsage(cpu);
    const count = statements - before;
    for (const c of response.cookies) cookies.set(c.name, c.value);
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (token) csrf = token[1]!;
    if (response.statusCode >= 400) throw new Error(`${name}: ${response.statusCode}`);
    if (record) {
      const step = steps.get(name) ?? { name, statements: [], cpuMs: [], bytes: 0 };
      step.statements.push(count);
      step.cpuMs.push((used.user + used.system) / 1000);
      step.bytes = Buffer.byteLength(response.body);
      steps.set(name, step);
    }
    return response;
  };
  const base = `/consultations/${open.slug}/respond`;
  await call('GET start page', 'GET', base);
  await call('GET question page', 'GET', `${base}/views`);
  await call('POST question page', 'POST', `${base}/views`, [
    ['support', 'agree'],
    ['priorities', 'parks'],
    ['comments', 'The park needs better lighting near the east gate.'],
  ]);
  await call('GET About you', 'GET', `${base}/about-you`);
  await call('POST About you', 'POST', `${base}/about-you`, [['age_band', '25_to_34']]);
  await call('GET About your response', 'GET', `${base}/about-your-response`);
  await call('POST About your response', 'POST', `${base}/about-your-response`, [
    ['respondentType', 'individual'],
    ['publicationConsent', 'publish_anonymous'],
  ]);
  await call('GET check answers', 'GET', `${base}/check-answers`);
  const sent = await call('POST check answers (submit)', 'POST', `${base}/check-answers`, []);
  if (!String(sent.headers.location).endsWith('/confirmation')) throw new Error('submit did not confirm');
  const confirmation = await call('GET confirmation', 'GET', `${base}/confirmation`);
  if (!/SDG-/.test(confirmation.body)) throw new Error('no reference on the confirmation page');
}

for (let i = 0; i < 3; i++) await walk(false);
for (let i = 0; i < JOURNEYS; i++) await walk(true);
await app.close();
await deps.database.close();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows = [...steps.values()].map((s) => ({
  step: s.name,
  statements: median(s.statements),
  maxStatements: Math.max(...s.statements),
  cpuMsMedian: median(s.cpuMs),
  kb: s.bytes / 1024,
}));
const total = rows.reduce((a, r) => a + r.statements, 0);
console.log(`\n## Responding journey: SQL statements and Node CPU per request (${JOURNEYS} journeys, in-process)\n`);
console.log('| step | statements (median / max) | Node CPU ms (median) | page KB |');
console.log('|---|--:|--:|--:|');
for (const r of rows)
  console.log(
    `| ${r.step} | ${r.statements} / ${r.maxStatements} | ${r.cpuMsMedian.toFixed(2)} | ${r.kb.toFixed(1)} |`,
  );
console.log(
  `| **whole journey (${rows.length} requests)** | **${total}** (${(total / rows.length).toFixed(1)} per request) | ${rows.reduce((a, r) => a + r.cpuMsMedian, 0).toFixed(1)} | |`,
);
const resultsDir = process.env.BENCH_RESULTS_DIR ?? path.join(import.meta.dirname, 'results');
fs.mkdirSync(resultsDir, { recursive: true });
const file = path.join(
  resultsDir,
  `journey-statements-${startedAt.toISOString().replace(/[:.]/g, '-').slice(0, 19)}.json`,
);
fs.writeFileSync(file, JSON.stringify({ startedAt, journeys: JOURNEYS, rows, total }, null, 2) + '\n');
console.log(`Written ${file}`);
const cleanup = new pg.Client({ connectionString: adminUrl });
await cleanup.connect();
await cleanup.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
await cleanup.end();
