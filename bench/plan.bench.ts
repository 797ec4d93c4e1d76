/**
 * Clash detection and the ward-by-month load view over 50,000 forward plan activities, on a real
 * PostgreSQL, beside bare queries measured in the same run. Figures, not pass/fail.
 *
 * Needs PG_URL (a superuser URL; bench/run.sh starts a throwaway server and sets it). Knobs:
 *   BENCH_ACTIVITIES (50000), BENCH_CHECKS (400) clash checks measured, BENCH_LOADS (40) load views measured,
 *   BENCH_PAGES (16) list pages' clash counts measured.
 * Runs in-process (the use-cases the pages call, through the app's own pool): no HTTP, so the
 * figures are the database work and the TypeScript rules, not rendering.
 * Writes bench/results/plan-<timestamp>.json and prints a Markdown table.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { createDeps } from '../src/deps.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDemo } from '../src/db/seed.ts';
import { modules } from '../src/modules/index.ts';
import { findClashes } from '../src/modules/plan/clash.ts';
import { quarterWindow, shiftQuarter } from '../src/modules/plan/plan.catalogue.ts';
import { clashCandidates, listActivities } from '../src/modules/plan/plan.repository.ts';
import { checkActivity, listClashCounts, toPlanned, wardMonthLoad } from '../src/modules/plan/plan.service.ts';
import { num } from './knobs.ts';

const here = import.meta.dirname;
const ACTIVITIES = num('BENCH_ACTIVITIES', 50_000);
const CHECKS = num('BENCH_CHECKS', 400);
const LOADS = num('BENCH_LOADS', 40);
const PAGES = num('BENCH_PAGES', 16);
const adminUrl = process.env.PG_URL;
if (!adminUrl) throw new Error('Set PG_URL to a PostgreSQL superuser URL (npm run bench does this)');

const databaseName = `plan_bench_${Date.now()}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${databaseName}`);
const url = new URL(adminUrl);
url.pathname = `/${databaseName}`;

const deps = await createDeps(
  loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url.toString(),
    JOBS_RUNNER: 'in-process',
    JOBS_INTERVAL_MS: '0',
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'plan-bench-')),
    LOG_LEVEL: 'silent',
  }),
  { inMemory: true, logError: () => undefined },
);

const seedStart = performance.now();
await migrate(deps.database);
await seedDemo(deps, modules);
// Set-based and deterministic (setseed in the same session): windows of 1 to 13 weeks spread over
// five years, 1-3 wards (10% borough-wide), 1-2 audiences and topics, 5% cancelled, 15% ask the panel.
await deps.database.exec(`
  SELECT setseed(0.42);
  WITH orgs AS (SELECT array_agg(id ORDER BY slug) AS ids FROM organisations),
       wards AS (SELECT array_agg(code ORDER BY code) AS codes FROM wards),
       g AS (SELECT i, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6,
                    random() AS r7, random() AS r8, random() AS r9 FROM generate_series(1, ${ACTIVITIES}) AS i)
  INSERT INTO plan_activities (organisation_id, title, purpose, ladder_rung, audiences, topics, ward_codes,
                               borough_wide, uses_panel, starts_at, ends_at, status)
  SELECT orgs.ids[1 + (g.i % array_length(orgs.ids, 1))],
         'Bench activity ' || g.i, 'Generated for the benchmark.',
         (ARRAY['inform','consult','consult','involve','collaborate','empower'])[1 + floor(g.r1 * 6)::int],
         CASE WHEN g.r2 < 0.5
           THEN ARRAY[(ARRAY['residents','ward-residents','council-tenants','businesses','service-users','voluntary-sector','parents','young-people','older-people','disabled-people','ethnic-minorities','faith-communities','lgbt','carers'])[1 + floor(g.r3 * 14)::int]]
           ELSE ARRAY[(ARRAY['residents','ward-residents','council-tenants','businesses','service-users','voluntary-sector','parents'])[1 + floor(g.r3 * 7)::int],
                      (ARRAY['young-people','older-people','disabled-people','ethnic-minorities','faith-communities','lgbt','carers'])[1 + floor(g.r4 * 7)::int]] END,
         ARRAY[(ARRAY['adult-social-care','children-and-families','community-safety','council-budget','culture-and-leisure','education','environment','health-and-wellbeing','housing','parks-and-open-spaces','planning-and-regeneration','transport-and-streets','waste-and-recycling','young-people','community-and-voluntary-sector'])[1 + floor(g.r5 * 15)::int]],
         CASE WHEN g.r6 < 0.1 THEN '{}'::text[]
              ELSE (SELECT array_agg(DISTINCT wards.codes[1 + ((floor(g.r7 * 19)::int + k * 7) % 19)]) FROM generate_series(0, floor(g.r8 * 3)::int) AS k) END,
         g.r6 < 0.1,
         g.r9 < 0.15,
         timestamptz '2025-01-01 00:00 Europe/London' + make_interval(days => floor(g.r1 * 1000 + g.r2 * 800)::int),
         timestamptz '2025-01-01 00:00 Europe/London' + make_interval(days => floor(g.r1 * 1000 + g.r2 * 800)::int + 7 + floor(g.r4 * 84)::int),
         CASE WHEN g.r7 < 0.05 THEN 'cancelled' WHEN g.r7 < 0.2 THEN 'idea' WHEN g.r7 < 0.6 THEN 'planned' ELSE 'confirmed' END
  FROM g, orgs, wards;
  ANALYZE;
`);
const seedSeconds = (performance.now() - seedStart) / 1000;
const [counted] = await deps.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM plan_activities`);
const total = counted?.n ?? 0;

interface Figure {
  target: string;
  runs: number;
  p50: number;
  p99: number;
  mean: number;
  opsPerSecond: number;
  note?: string;
}

async function measure(
  target: string,
  runs: number,
  warmup: number,
  task: (i: number) => Promise<unknown>,
  note?: string,
): Promise<Figure> {
  for (let i = 0; i < warmup; i++) await task(i);
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await task(i + warmup);
    times.push(performance.now() - t0);
  }
  const elapsed = performance.now() - started;
  times.sort((a, b) => a - b);
  const pick = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return {
    target,
    runs,
    p50: pick(0.5),
    p99: pick(0.99),
    mean: times.reduce((a, b) => a + b, 0) / times.length,
    opsPerSecond: runs / (elapsed / 1000),
    note,
  };
}

// Activities to check: a fixed sample, spread over the five years.
const sample = (
  await deps.database.query<Parameters<typeof toPlanned>[0]>(
    `SELECT a.id, a.title, a.organisation_id, o.name AS organisation_name, a.status, a.audiences, a.topics, a.ward_codes,
            a.borough_wide, a.uses_panel, a.starts_at, a.ends_at
       FROM plan_activities a JOIN organisations o ON o.id = a.organisation_id
      WHERE a.status <> 'cancelled' ORDER BY md5(a.id::text) LIMIT ${CHECKS + 50}`,
  )
).map(toPlanned);

let candidatesSeen = 0;
let clashesSeen = 0;
let fatigueSeen = 0;
const explain = await deps.database.query<{ 'QUERY PLAN': string }>(
  `EXPLAIN SELECT id FROM plan_activities a WHERE a.status <> 'cancelled'
     AND tstzrange(a.starts_at, a.ends_at, '[)') && tstzrange(now(), now() + interval '30 days', '[)')`,
);
const usesWindowIndex = explain.some((row) => row['QUERY PLAN'].includes('plan_activities_window_idx'));
const samplePk = sample.map((a) => a.id);

const figures: Figure[] = [];
figures.push(await measure('baseline: SELECT 1', 2000, 200, () => deps.database.query('SELECT 1')));
figures.push(
  await measure('baseline: one activity by primary key', 2000, 200, (i) =>
    deps.database.query('SELECT * FROM plan_activities WHERE id = $1', [samplePk[i % samplePk.length]]),
  ),
);
figures.push(
  await measure('clash candidates (SQL) + findClashes', CHECKS, 20, async (i) => {
    const activity = sample[i % sample.length]!;
    const candidates = (await clashCandidates(deps.db, activity)).map(toPlanned);
    candidatesSeen += candidates.length;
    clashesSeen += findClashes(activity, candidates).length;
  }),
);
const clashRuns = CHECKS + 20;
const candidateNote = `mean ${(candidatesSeen / clashRuns).toFixed(0)} candidates, ${(clashesSeen / clashRuns).toFixed(0)} clashes per check (candidates capped at 200)`;
figures[figures.length - 1]!.note = candidateNote;
figures.push(
  await measure('full check: clashes + fatigue (as the activity page)', CHECKS, 20, async (i) => {
    const result = await checkActivity(deps, sample[i % sample.length]!);
    fatigueSeen += result.fatigue.length;
  }),
);
figures[figures.length - 1]!.note = `mean ${(fatigueSeen / clashRuns).toFixed(1)} fatigue warnings per check`;
// The staff list page's clash column: every activity of a quarter (as listed, up to 500) counted
// at once. Eight quarters from mid-2025, listed before timing so only the clash work is measured.
const pages = await Promise.all(
  Array.from({ length: 8 }, (_, i) =>
    listActivities(deps.db, quarterWindow(shiftQuarter({ year: 2025, q: 3 }, i))).then((rows) =>
      rows.map((row) => row.activity),
    ),
  ),
);
let pageActivitiesSeen = 0;
let pageClashesSeen = 0;
figures.push(
  await measure('list page clash counts: one quarter (/staff/plan)', PAGES, 2, async (i) => {
    const activities = pages[i % pages.length]!;
    const counts = await listClashCounts(deps, activities);
    pageActivitiesSeen += activities.length;
    for (const n of counts.values()) pageClashesSeen += n;
  }),
);
figures[figures.length - 1]!.note =
  `mean ${(pageActivitiesSeen / (PAGES + 2)).toFixed(0)} activities, ${(pageClashesSeen / (PAGES + 2)).toFixed(0)} clashes counted per page`;
figures.push(
  await measure('ward-by-month load view, 2027 (19 wards × 12 months)', LOADS, 3, () => wardMonthLoad(deps, 2027)),
);
const org = (await deps.database.query<{ id: string }>(`SELECT id FROM organisations WHERE slug = 'nhs-nel'`))[0]!.id;
figures.push(
  await measure('ward-by-month load view, 2027, one organisation', LOADS, 3, () => wardMonthLoad(deps, 2027, org)),
);

const baseline = figures[0]!;
const rows = figures.map(
  (f) =>
    `| ${f.target} | ${f.runs} | ${f.p50.toFixed(2)} | ${f.p99.toFixed(2)} | ${f.opsPerSecond.toFixed(0)} | ${(f.p50 / baseline.p50).toFixed(1)} | ${(f.p99 / baseline.p99).toFixed(1)} |${f.note ? ` ${f.note}` : ''}`,
);
const gitCommit = () => {
  try {
    return process.env.BENCH_COMMIT ?? execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};
const [pgVersion] = await deps.database.query<{ server_version: string }>('SHOW server_version');
const report = {
  bench: 'plan',
  at: new Date().toISOString(),
  commit: gitCommit(),
  uncommittedSrcPaths: process.env.BENCH_DIRTY === undefined ? null : Number(process.env.BENCH_DIRTY),
  activities: total,
  seedSeconds,
  usesWindowIndex,
  postgres: pgVersion?.server_version,
  node: process.version,
  loadAverage: os.loadavg(),
  figures,
};
const resultsDir = process.env.BENCH_RESULTS_DIR ?? path.join(here, 'results');
fs.mkdirSync(resultsDir, { recursive: true });
const file = path.join(resultsDir, `plan-${report.at.replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(file, JSON.stringify(report, null, 2));

console.log(
  `\nPlan: ${total} activities (seeded in ${seedSeconds.toFixed(1)} s), PostgreSQL ${report.postgres}, Node ${process.version}, commit ${report.commit}, load average ${os.loadavg()[0]!.toFixed(1)}; window index used: ${usesWindowIndex ? 'yes' : 'no'}\n`,
);
console.log('| target | runs | p50 ms | p99 ms | ops/s | p50 × baseline | p99 × baseline | notes |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const row of rows) console.log(row.endsWith('|') ? `${row} |` : `${row} |`);
console.log(`\nWritten to ${path.relative(process.cwd(), file)}`);

await deps.database.close();
await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
await admin.end();
