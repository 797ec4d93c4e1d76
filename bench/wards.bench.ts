/**
 * Ward profiles under concurrent load, on a real PostgreSQL holding 5,000 consultations, 100,000
 * responses (spread over the wards and 18 months) and 50,000 community intelligence items, beside
 * the bare Fastify + govuk template baseline measured in the same run. Figures, not pass/fail.
 *
 * The app runs twice: with the page cache off (every request does the profile's queries and
 * renders it: the cost of the page itself) and with it on (as deployed: a resident's repeat view).
 *
 * Needs PG_URL (bench/run.sh sets it). Knobs: BENCH_SECONDS (10), BENCH_WARMUP (2),
 * BENCH_CONNECTIONS (50), BENCH_RESPONSES (100000), BENCH_ITEMS (50000), BENCH_CONSULTATIONS (5000).
 * Writes bench/results/wards-<timestamp>.json and prints a Markdown table.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import type { ToParent } from './child-ipc.ts';
import { seedBenchDatabase } from './seed-consultations.ts';
import { num } from './knobs.ts';

const here = import.meta.dirname;
const SECONDS = num('BENCH_SECONDS', 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const CONNECTIONS = num('BENCH_CONNECTIONS', 50);
const RESPONSES = num('BENCH_RESPONSES', 100_000);
const ITEMS = num('BENCH_ITEMS', 50_000);
const CONSULTATIONS = num('BENCH_CONSULTATIONS', 5000);
const adminUrl = process.env.PG_URL;
if (!adminUrl) throw new Error('Set PG_URL to a PostgreSQL superuser URL (npm run bench does this)');

interface Server {
  name: string;
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
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.disconnect();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { name, child, port, stop };
}

interface Row {
  name: string;
  path: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  bytes: number;
  ratio?: { rps: number; p50: number; p99: number };
}

async function measure(server: Server, name: string, paths: string[], expect?: string): Promise<Row> {
  const base = `http://127.0.0.1:${server.port}`;
  const first = await fetch(base + paths[0]!);
  const body = await first.text();
  if (first.status !== 200 || (expect && !body.includes(expect)))
    throw new Error(
      `${name}: GET ${paths[0]} answered ${first.status}${expect ? ` without ${JSON.stringify(expect)}` : ''}`,
    );
  let next = 0;
  const options = {
    url: base,
    connections: CONNECTIONS,
    timeout: 30,
    requests: [
      { method: 'GET', setupRequest: (r: { path?: string }) => ({ ...r, path: paths[next++ % paths.length] }) },
    ],
  };
  if (WARMUP > 0) await autocannon({ ...options, duration: WARMUP });
  const result = await autocannon({ ...options, duration: SECONDS });
  const row: Row = {
    name,
    path: paths.length > 1 ? `${paths[0]} (+${paths.length - 1} more, rotating)` : paths[0]!,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    bytes: Buffer.byteLength(body),
  };
  console.log(`${name}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms`);
  return row;
}

const startedAt = new Date();
console.log(`Seeding ${CONSULTATIONS} consultations ...`);
const seed = await seedBenchDatabase(adminUrl, CONSULTATIONS);
const client = new pg.Client({ connectionString: seed.databaseUrl });
await client.connect();
const wards = (await client.query<{ code: string }>('SELECT code FROM wards ORDER BY code')).rows.map((w) => w.code);

// Every public consultation gets a questionnaire; responses spread over them, the wards (a tenth
// without a ward) and the last 18 months, set-based.
const seedStarted = Date.now();
await client.query(`INSERT INTO questionnaires (owner_type, owner_id, title)
  SELECT 'consultation', id, title FROM consultations WHERE state IN ('open', 'closed', 'feedback_published', 'archived')
  ON CONFLICT (owner_type, owner_id) DO NOTHING`);
await client.query(
  `WITH q AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM questionnaires)
   INSERT INTO responses (questionnaire_id, version, reference, idempotency_key, ward_code, answers, submitted_at)
   SELECT q.id, 1, 'BENCH-' || g, 'bench-' || g,
          CASE WHEN g % 10 = 0 THEN NULL ELSE ($2::text[])[1 + (g::bigint * 7919) % array_length($2::text[], 1)] END,
          '{}'::jsonb, now() - ((g::bigint * 104729) % (548 * 24)) * interval '1 hour'
   FROM generate_series(1, $1::int) AS g JOIN q ON q.rn = g % (SELECT count(*) FROM q)`,
  [RESPONSES, wards],
);
await client.query(
  `WITH o AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM organisations)
   INSERT INTO intelligence_items (organisation_id, channel, ward_code, topics, summary, sentiment, needs_action, heard_on)
   SELECT o.id,
          (ARRAY['street', 'surgery', 'casework', 'complaint', 'social_media', 'partner_meeting'])[1 + g % 6],
          CASE WHEN g % 8 = 0 THEN NULL ELSE ($2::text[])[1 + (g * 31) % array_length($2::text[], 1)] END,
          ARRAY[(ARRAY['housing', 'community-safety', 'waste-and-recycling', 'transport-and-streets', 'health-and-wellbeing', 'young-people'])[1 + (g * 13) % 6]],
          'Residents raised this at the bench, item ' || g,
          (ARRAY['positive', 'neutral', 'mixed', 'negative'])[1 + g % 4],
          g % 5 = 0, (current_date - (g % 540))
   FROM generate_series(1, $1::int) AS g JOIN o ON o.rn = g % (SELECT count(*) FROM o)`,
  [ITEMS, wards],
);
// As autovacuum would after 150,000 inserts: sets the visibility map, so counts can be index-only.
await client.query('VACUUM ANALYZE');
const counts = (
  await client.query<{ responses: string; items: string; consultations: string }>(
    `SELECT (SELECT count(*) FROM responses) AS responses, (SELECT count(*) FROM intelligence_items) AS items,
            (SELECT count(*) FROM consultations) AS consultations`,
  )
).rows[0]!;
const [busiest] = (
  await client.query<{ ward_code: string; n: string }>(
    `SELECT ward_code, count(*) AS n FROM responses WHERE ward_code IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
  )
).rows;
await client.end();
console.log(
  `Seeded ${counts.consultations} consultations, ${counts.responses} responses, ${counts.items} intelligence items in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s (plus ${seed.seconds.toFixed(1)} s for the consultations)`,
);

const appEnv = (pageCache: boolean) => ({
  NODE_ENV: 'production',
  DATABASE_URL: seed.databaseUrl,
  JOBS_RUNNER: 'in-process',
  LOG_LEVEL: 'silent',
  DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'soundings-bench-')),
  SEED_DEMO: 'false',
  SESSION_SECRET: randomBytes(32).toString('hex'),
  BASE_URL: 'http://127.0.0.1',
  NOTIFY_API_KEY: `bench-${randomUUID()}-${randomUUID()}`,
  NOTIFY_EMAIL_TEMPLATE_ID: randomUUID(),
  PAGE_CACHE: String(pageCache),
});
const baseline = await startChild('baseline', 'baseline.ts', { NODE_ENV: 'production' });
const uncached = await startChild('app (page cache off)', 'serve.ts', appEnv(false));
const cached = await startChild('app (page cache on)', 'serve.ts', appEnv(true));

const rows: Row[] = [];
const baselines: Row[] = [];
const runBaseline = async () => {
  const row = await measure(baseline, 'baseline', ['/'], 'govuk-template');
  baselines.push(row);
  rows.push(row);
  return row;
};
try {
  const profile = `/wards/${busiest!.ward_code}`;
  const targets: [Server, string, string[], string][] = [
    [uncached, 'ward profile, busiest ward (cache off)', [profile], 'Engagement in'],
    [uncached, 'ward profiles, every ward rotating (cache off)', wards.map((w) => `/wards/${w}`), 'Engagement in'],
    [uncached, 'borough overview (cache off)', ['/wards'], 'Wards compared'],
    [cached, 'ward profile, busiest ward (cache on)', [profile], 'Engagement in'],
    [cached, 'borough overview (cache on)', ['/wards'], 'Wards compared'],
  ];
  let before = await runBaseline();
  for (const [server, name, paths, expect] of targets) {
    const row = await measure(server, name, paths, expect);
    const after = await runBaseline();
    const ref = {
      rps: (before.rps + after.rps) / 2,
      p50: (before.p50 + after.p50) / 2,
      p99: (before.p99 + after.p99) / 2,
    };
    row.ratio = { rps: row.rps / ref.rps, p50: row.p50 / Math.max(1, ref.p50), p99: row.p99 / Math.max(1, ref.p99) };
    rows.splice(rows.length - 1, 0, row);
    before = after;
  }
} finally {
  await Promise.all([baseline.stop(), uncached.stop(), cached.stop()]);
}

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined ? '–' : n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const lines = [
  `Wards bench, ${startedAt.toISOString()}: ${counts.consultations} consultations, ${counts.responses} responses, ${counts.items} intelligence items; ${CONNECTIONS} connections, ${SECONDS} s per target; load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
  '',
  '| target | path | req/s | p50 ms | p99 ms | req/s ÷ baseline | p50 × baseline | p99 × baseline | page KB | non-2xx / errors |',
  '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  ...rows.map(
    (r) =>
      `| ${r.name} | \`${r.path}\` | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.ratio ? fmt(r.ratio.rps, 2) : '–'} | ${r.ratio ? fmt(r.ratio.p50, 1) : '–'} | ${r.ratio ? fmt(r.ratio.p99, 1) : '–'} | ${fmt(r.bytes / 1024, 1)} | ${r.non2xx} / ${r.errors} |`,
  ),
];
console.log(lines.join('\n'));
const dir = process.env.BENCH_RESULTS_DIR ?? path.join(here, 'results');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(
  path.join(dir, `wards-${startedAt.toISOString().replace(/\D/g, '').slice(0, 14)}.json`),
  JSON.stringify({ startedAt, counts, connections: CONNECTIONS, seconds: SECONDS, rows }, null, 2),
);
