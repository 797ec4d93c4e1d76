/**
 * Channels: how fast a bulletin is queued for N subscribers (each person claimed in
 * bulletin_recipients and their message queued in the outbox, in batches), against a bare outbox
 * insert in the same run; then a send that "dies" after a few batches and is resumed, counting
 * anyone queued twice; then a share image rendered cold and from cache. Figures, not pass/fail.
 *   BENCH_FILE=channels npm run bench        (BENCH_SUBSCRIBERS, default 5000)
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDemo } from '../src/db/seed.ts';
import { createDeps, systemActor, type Deps } from '../src/deps.ts';
import { modules } from '../src/modules/index.ts';
import { runBulletinSend, startDraft } from '../src/modules/channels/bulletins.service.ts';
import { renderShareImage } from '../src/modules/channels/share-image.ts';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 5_000);
const adminUrl = process.env.PG_URL;
if (!adminUrl) throw new Error('Set PG_URL to a PostgreSQL superuser URL (npm run bench does this)');

interface Row {
  step: string;
  items: number;
  seconds: number;
  perSecond: number;
  ratio: number;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function main() {
  const name = `bench_channels_${Date.now()}`;
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
  const q = deps.database.query.bind(deps.database);
  const { sql } = await import('drizzle-orm');
  const rows: Row[] = [];

  // Baseline: one-row INSERTs of an outbox-shaped row with a bulletin-sized body, batches of 200 per transaction.
  await q(
    `CREATE TABLE bench_baseline (LIKE outbox_messages INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`,
  );
  const body = 'x'.repeat(1500);
  const baseline = await timed(async () => {
    for (let start = 0; start < SUBSCRIBERS; start += 200) {
      await deps.db.transaction(async (tx) => {
        for (let i = start; i < Math.min(start + 200, SUBSCRIBERS); i++) {
          await tx.execute(
            sql`INSERT INTO bench_baseline (reference, channel, template, recipient, personalisation)
                VALUES (${`b-${i}`}, 'email', 'bulletin', ${`p${i}@example.test`}, ${JSON.stringify({ subject: 's', body })}::jsonb)`,
          );
        }
      });
    }
  });
  const baselineRate = SUBSCRIBERS / baseline;
  rows.push({
    step: 'baseline: bare outbox-row INSERTs, 200 per transaction',
    items: SUBSCRIBERS,
    seconds: baseline,
    perSecond: baselineRate,
    ratio: 1,
  });

  // Subscribers: a third get everything, the rest one ward.
  const wards = (await q<{ code: string }>(`SELECT code FROM wards ORDER BY code`)).map((w) => w.code);
  await q(`UPDATE subscriptions SET unsubscribed_at = now()`);
  await q(
    `INSERT INTO subscriptions (channel, contact, wards, frequency, confirmed_at)
     SELECT 'email', 'sub' || i || '@example.test', CASE WHEN i % 3 = 0 THEN '{}'::text[] ELSE ARRAY[($1::text[])[1 + i % $2]] END, 'weekly', now()
     FROM generate_series(1, $3) AS i`,
    [`{${wards.join(',')}}`, wards.length, SUBSCRIBERS],
  );
  await q('ANALYZE');
  const [org] = await q<{ id: string }>(`SELECT id FROM organisations ORDER BY name LIMIT 1`);
  const draft = async (title: string) => {
    const now = new Date();
    const b = await startDraft(deps, systemActor, {
      title,
      intro: 'Bench',
      periodStart: new Date(now.getTime() - 90 * 86_400_000),
      periodEnd: now,
      organisationId: org!.id,
    });
    await q(
      `INSERT INTO bulletin_items (bulletin_id, position, kind, title, body, link, wards)
       SELECT $1, 100 + g, 'note', 'Ward news ' || g, 'Something for one ward.', '/events', ARRAY[($2::text[])[g]] FROM generate_series(1, $3) g`,
      [b.id, `{${wards.join(',')}}`, wards.length],
    );
    await q(`UPDATE bulletins SET status = 'sending' WHERE id = $1`, [b.id]);
    return b.id;
  };

  const first = await draft('Bench bulletin');
  let queued = 0;
  const send = await timed(async () => (queued = await runBulletinSend(deps, first)));
  rows.push({
    step: 'bulletin send: claim each person + queue their message (batches of 200)',
    items: queued,
    seconds: send,
    perSecond: queued / send,
    ratio: queued / send / baselineRate,
  });

  // A worker dies after 5 batches; a second run resumes. Nobody may be queued twice.
  const second = await draft('Bench bulletin, interrupted');
  let before = 0;
  let after = 0;
  const resumed = await timed(async () => {
    before = await runBulletinSend(deps, second, { maxBatches: 5 });
    await q(`UPDATE bulletins SET status = 'sending' WHERE id = $1`, [second]);
    after = await runBulletinSend(deps, second);
  });
  rows.push({
    step: 'interrupted after 5 batches, then resumed',
    items: before + after,
    seconds: resumed,
    perSecond: (before + after) / resumed,
    ratio: (before + after) / resumed / baselineRate,
  });
  const [dupes] = await q<{ n: number }>(
    `SELECT (SELECT count(*) FROM outbox_messages WHERE reference LIKE $1)::int - (SELECT count(DISTINCT recipient) FROM outbox_messages WHERE reference LIKE $1)::int AS n`,
    [`%-bulletin-${second}`],
  );

  // Share images: one cold render (resvg), then the cached copy.
  const dir = fs.mkdtempSync('/tmp/share-bench-');
  const input = {
    title: 'Parks and open spaces strategy: help us plan the next ten years',
    line: 'Closes 3 March 2027',
    councilName: 'Example Council',
    colour: '#1d70b8',
  };
  const cold = await timed(async () => renderShareImage(input, dir));
  const warm = await timed(async () => {
    for (let i = 0; i < 1000; i++) renderShareImage(input, dir);
  });
  fs.rmSync(dir, { recursive: true, force: true });

  await deps.database.close();
  const drop = new pg.Client({ connectionString: adminUrl });
  await drop.connect();
  await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await drop.end();

  console.log(`\nchannels: ${SUBSCRIBERS} subscribers, commit ${process.env.BENCH_COMMIT ?? 'unknown'}\n`);
  console.log('| step | messages | seconds | per second | ÷ baseline |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of rows)
    console.log(
      `| ${r.step} | ${r.items} | ${r.seconds.toFixed(2)} | ${Math.round(r.perSecond)} | ${r.ratio.toFixed(2)} |`,
    );
  console.log(
    `\nInterrupted send: ${before} queued before the "crash", ${after} after resuming; people queued twice: ${dupes!.n}.`,
  );
  console.log(
    `Share image: cold render ${(cold * 1000).toFixed(0)} ms; cached ${((warm / 1000) * 1e6).toFixed(1)} µs each.`,
  );
  const out = process.env.BENCH_RESULTS_DIR ?? path.join(import.meta.dirname, 'results');
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, `channels-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        subscribers: SUBSCRIBERS,
        commit: process.env.BENCH_COMMIT,
        rows,
        before,
        after,
        duplicates: dupes!.n,
        shareImageColdMs: cold * 1000,
      },
      null,
      2,
    ),
  );
  console.log(`Written to ${file}`);
}

await main();
