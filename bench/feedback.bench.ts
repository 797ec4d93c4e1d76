/**
 * Telling people at scale, on a real PostgreSQL: announcing a new consultation to N ward
 * subscribers (fan-out into the outbox), then delivering the queue with one worker and with four
 * in parallel (claims with SKIP LOCKED), through the outbox transport and through the fake Notify
 * HTTP server. The baseline, measured in the same run, is N plain one-row INSERTs of the same
 * shape in one transaction. Figures, not pass/fail.
 *
 * Needs PG_URL (bench/run.sh sets it). Knobs: BENCH_SUBSCRIBERS (20000), BENCH_NOTIFY_MESSAGES (2000).
 * Writes bench/results/feedback-<timestamp>.json and prints a Markdown table.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDemo } from '../src/db/seed.ts';
import { createDeps, type Deps } from '../src/deps.ts';
import { modules } from '../src/modules/index.ts';
import { announceOpened } from '../src/modules/channels/index.ts';
import { createNotifier, outboxTransport } from '../src/notifications/notifier.ts';
import { notifyTransport } from '../src/notifications/notify-transport.ts';
import { startFakeNotify } from '../test/fake-notify.ts';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 20_000);
const NOTIFY_MESSAGES = Number(process.env.BENCH_NOTIFY_MESSAGES ?? 2_000);
const adminUrl = process.env.PG_URL;
if (!adminUrl) throw new Error('Set PG_URL to a PostgreSQL superuser URL (npm run bench does this)');

interface Row {
  step: string;
  items: number;
  seconds: number;
  perSecond: number;
  ratio: number;
  rssMb: number;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const rssMb = () => Math.round(process.memoryUsage().rss / 1_048_576);

async function main() {
  const name = `bench_feedback_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl!);
  url.pathname = `/${name}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url.toString(),
    JOBS_RUNNER: 'in-process',
    LOG_LEVEL: 'silent',
  });
  const deps: Deps = await createDeps(config, { inMemory: true });
  await migrate(deps.database);
  await seedDemo(deps, modules);
  const rows: Row[] = [];
  const q = deps.database.query.bind(deps.database);

  // Baseline: the same number of one-row INSERTs, in one transaction, of an outbox-shaped row.
  await q(
    `CREATE TABLE bench_baseline (LIKE outbox_messages INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`,
  );
  const { sql } = await import('drizzle-orm');
  const baseline = await timed(() =>
    deps.db.transaction(async (tx) => {
      for (let i = 0; i < SUBSCRIBERS; i++) {
        await tx.execute(
          sql`INSERT INTO bench_baseline (reference, channel, template, recipient, personalisation)
              VALUES (${`b-${i}`}, 'email', 'x', ${`p${i}@example.test`}, ${JSON.stringify({ subject: 's', body: 'b' })}::jsonb)`,
        );
      }
    }),
  );
  const baselineRate = SUBSCRIBERS / baseline;
  rows.push({
    step: 'baseline: one-row INSERTs in one transaction',
    items: SUBSCRIBERS,
    seconds: baseline,
    perSecond: baselineRate,
    ratio: 1,
    rssMb: rssMb(),
  });

  // N confirmed subscribers to one ward; a consultation there opens.
  const [ward] = await q<{ code: string }>(`SELECT code FROM wards WHERE name = 'Becontree'`);
  await q(
    `INSERT INTO subscriptions (channel, contact, wards, frequency, confirmed_at)
     SELECT CASE WHEN i % 5 = 0 THEN 'sms' ELSE 'email' END,
            CASE WHEN i % 5 = 0 THEN '07700' || lpad(i::text, 6, '0') ELSE 'sub' || i || '@example.test' END,
            ARRAY[$1], 'immediate', now()
     FROM generate_series(1, $2) AS i`,
    [ward!.code, SUBSCRIBERS],
  );
  await q(`ANALYZE`);
  const [c] = await q<{ id: string }>(`SELECT id FROM consultations WHERE slug = 'becontree-centenary-public-spaces'`);
  const fanOut = await timed(() => announceOpened(deps, c!.id));
  const [{ n: queued }] = (await q<{ n: number }>(
    `SELECT count(*)::int AS n FROM outbox_messages WHERE status = 'queued'`,
  )) as [{ n: number }];
  rows.push({
    step: 'announce a new consultation (fan-out into the outbox)',
    items: queued,
    seconds: fanOut,
    perSecond: queued / fanOut,
    ratio: queued / fanOut / baselineRate,
    rssMb: rssMb(),
  });

  // Deliver half with one worker and half with four at once (outbox transport: the cost is ours alone).
  const notifier = createNotifier(outboxTransport);
  const drain = async (workers: number, limit: number) => {
    let done = 0;
    while (done < limit) {
      const counts = await Promise.all(Array.from({ length: workers }, () => notifier.deliverQueued(deps.db)));
      const sum = counts.reduce((a, b) => a + b, 0);
      if (!sum) break;
      done += sum;
    }
    return done;
  };
  let sent = 0;
  const one = await timed(async () => (sent = await drain(1, Math.floor(queued / 2))));
  rows.push({
    step: 'deliver, 1 worker (outbox transport)',
    items: sent,
    seconds: one,
    perSecond: sent / one,
    ratio: sent / one / baselineRate,
    rssMb: rssMb(),
  });
  const four = await timed(async () => (sent = await drain(4, queued)));
  rows.push({
    step: 'deliver, 4 workers (outbox transport)',
    items: sent,
    seconds: four,
    perSecond: sent / four,
    ratio: sent / four / baselineRate,
    rssMb: rssMb(),
  });
  const [{ n: twice }] = (await q<{ n: number }>(
    `SELECT count(*)::int AS n FROM outbox_messages WHERE attempts > 1`,
  )) as [{ n: number }];

  // Through the Notify client to the local fake server: HTTP, JWT signing and JSON on top.
  const fake = await startFakeNotify();
  const viaNotify = createNotifier(
    notifyTransport({
      apiKey: fake.apiKey,
      baseUrl: fake.baseUrl,
      emailTemplateId: '2b6f3c4e-0e3a-4c5e-9d2a-5c1f0e6b7a10',
      smsTemplateId: '9a1d8e2f-6b3c-4d7e-8f90-1a2b3c4d5e6f',
    }),
  );
  await q(
    `UPDATE outbox_messages SET status = 'queued', attempts = 0 WHERE id IN (SELECT id FROM outbox_messages ORDER BY created_at LIMIT $1)`,
    [NOTIFY_MESSAGES],
  );
  let notified = 0;
  const http = await timed(async () => {
    for (;;) {
      const counts = await Promise.all(Array.from({ length: 4 }, () => viaNotify.deliverQueued(deps.db)));
      const sum = counts.reduce((a, b) => a + b, 0);
      if (!sum) break;
      notified += sum;
    }
  });
  rows.push({
    step: 'deliver, 4 workers, Notify client to a local fake',
    items: fake.accepted.length,
    seconds: http,
    perSecond: fake.accepted.length / http,
    ratio: fake.accepted.length / http / baselineRate,
    rssMb: rssMb(),
  });
  const duplicates = fake.accepted.length - new Set(fake.accepted.map((m) => m.reference)).size;
  await fake.close();
  await deps.database.close();
  const drop = new pg.Client({ connectionString: adminUrl });
  await drop.connect();
  await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await drop.end();

  console.log(`\nfeedback: ${SUBSCRIBERS} subscribers, commit ${process.env.BENCH_COMMIT ?? 'unknown'}\n`);
  console.log('| step | items | seconds | per second | ÷ baseline | RSS MB |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.step} | ${r.items} | ${r.seconds.toFixed(2)} | ${Math.round(r.perSecond)} | ${r.ratio.toFixed(2)} | ${r.rssMb} |`,
    );
  }
  console.log(
    `\nRows claimed more than once: ${twice}. Duplicate references at the fake Notify: ${duplicates} (of ${notified}).`,
  );
  const dir = process.env.BENCH_RESULTS_DIR ?? path.join(import.meta.dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `feedback-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify(
      { subscribers: SUBSCRIBERS, commit: process.env.BENCH_COMMIT, rows, claimedTwice: twice, duplicates },
      null,
      2,
    ),
  );
  console.log(`Written to ${file}`);
}

await main();
