/**
 * Representative sampling on a real PostgreSQL: draw a 1,000-member sample matching targets on
 * four characteristics at once (ward, age band, sex, ethnic group) from a panel of 100,000 active
 * members, several times with different seeds, beside a bare baseline measured in the same run:
 * a plain `SELECT id … ORDER BY random() LIMIT 1000` over the same members. Figures, not pass/fail.
 *
 * Needs PG_URL (a superuser URL; bench/run.sh starts a throwaway server and sets it). Knobs:
 *   BENCH_PEOPLE (100000) panel size, BENCH_SAMPLE (1000) sample size, BENCH_DRAWS (7) timed draws.
 * Writes bench/results/people-<timestamp>.json and prints a Markdown table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import type { Deps } from '../src/deps.ts';
import { loadPool } from '../src/modules/people/sampling.service.ts';
import { drawSample, seededRandom, type Targets } from '../src/modules/people/sampling.ts';

const num = (key: string, fallback: number) => {
  const value = Number(process.env[key] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${key} must be a positive whole number`);
  return value;
};
const MEMBERS = num('BENCH_PEOPLE', 100_000);
const SAMPLE = num('BENCH_SAMPLE', 1000);
const DRAWS = num('BENCH_DRAWS', 7);
const adminUrl = process.env.PG_URL;
if (!adminUrl) throw new Error('Set PG_URL to a PostgreSQL superuser URL (npm run bench does this)');

const WARDS = Array.from({ length: 19 }, (_, i) => `E050140${String(50 + i).padStart(2, '0')}`);
const AGES = ['16_to_24', '25_to_34', '35_to_44', '45_to_54', '55_to_64', '65_to_74', '75_or_over'];
const ETHNIC = [
  'asian_asian_british_or_asian_welsh',
  'black_black_british_black_welsh_caribbean_or_african',
  'mixed_or_multiple_ethnic_groups',
  'white',
  'other_ethnic_group',
];

/** Targets unlike the panel (which leans old, white and towards the first wards), so the draw has work to do. */
const TARGETS: Targets = {
  ward: Object.fromEntries(WARDS.map((w) => [w, 1 / WARDS.length])),
  age_band: {
    '16_to_24': 0.14,
    '25_to_34': 0.2,
    '35_to_44': 0.2,
    '45_to_54': 0.16,
    '55_to_64': 0.12,
    '65_to_74': 0.1,
    '75_or_over': 0.08,
  },
  sex: { female: 0.51, male: 0.49 },
  ethnic_group: {
    asian_asian_british_or_asian_welsh: 0.26,
    black_black_british_black_welsh_caribbean_or_african: 0.21,
    mixed_or_multiple_ethnic_groups: 0.05,
    white: 0.45,
    other_ethnic_group: 0.03,
  },
};

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};
const ms = (n: number) => n.toFixed(1);

async function main() {
  const name = `bench_people_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl!);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  try {
    await migrate(database);
    const started = performance.now();
    const [panel] = await database.query<{ id: string }>(
      "INSERT INTO people_panels (slug, name, kind) VALUES ('citizens-panel', 'Citizens’ panel', 'citizens') RETURNING id",
    );
    // Set-based and deterministic (setseed): skewed ward, age and ethnicity; 5% prefer not to say sex.
    await database.query('SELECT setseed(0.42)');
    await database.query(
      `INSERT INTO people (full_name, email, ward_code, confirmed_at, consent_at, privacy_notice_version, source)
       SELECT 'Bench Member ' || g, 'bench.' || g || '@example.test',
              ($1::text[])[1 + floor(power(random(), 1.5) * 19)::int], now(), now(), 'bench', 'staff'
         FROM generate_series(1, $2::int) g`,
      [WARDS, MEMBERS],
    );
    await database.query(
      `INSERT INTO people_equality (person_id, answers)
       SELECT id, jsonb_build_object(
         'age_band', ($1::text[])[1 + floor(power(random(), 0.7) * 7)::int],
         'sex', (ARRAY['female','male','prefer_not_to_say'])[1 + floor(random() * 2.1)::int],
         'ethnic_group', CASE WHEN random() < 0.6 THEN 'white' ELSE ($2::text[])[1 + floor(random() * 5)::int] END)
         FROM people`,
      [AGES, ETHNIC],
    );
    await database.query(
      `INSERT INTO people_memberships (panel_id, person_id, status) SELECT $1, id, 'active' FROM people`,
      [panel!.id],
    );
    // A tenth were invited recently: the 90-day exclusion leaves them out.
    await database.query(
      `INSERT INTO people_events (person_id, panel_id, kind, occurred_at)
       SELECT id, $1, 'invited', now() - (random() * 200 || ' days')::interval FROM people WHERE random() < 0.2`,
      [panel!.id],
    );
    await database.query('ANALYZE');
    const seeded = performance.now() - started;

    const deps = { db: database.db } as Deps;
    const exclude = new Date(Date.now() - 90 * 86_400_000);
    // Warm-up: one of each, not measured.
    await database.query('SELECT id FROM people ORDER BY random() LIMIT $1', [SAMPLE]);
    drawSample(await loadPool(deps, panel!.id), {
      size: SAMPLE,
      seed: 1,
      targets: TARGETS,
      excludeContactedSince: exclude,
    });

    const baseline: number[] = [];
    const load: number[] = [];
    const draw: number[] = [];
    const total: number[] = [];
    const worst: number[] = [];
    let eligible = 0;
    const seeds = Array.from({ length: DRAWS }, (_, i) => Math.floor(seededRandom(i + 100)() * 2 ** 31));
    for (const seed of seeds) {
      let t = performance.now();
      await database.query('SELECT id FROM people ORDER BY random() LIMIT $1', [SAMPLE]);
      baseline.push(performance.now() - t);
      t = performance.now();
      const pool = await loadPool(deps, panel!.id);
      const loaded = performance.now();
      const result = drawSample(pool, { size: SAMPLE, seed, targets: TARGETS, excludeContactedSince: exclude });
      const done = performance.now();
      load.push(loaded - t);
      draw.push(done - loaded);
      total.push(done - t);
      worst.push(result.worstDeviation);
      eligible = result.eligible;
      if (result.selected.length !== SAMPLE) throw new Error(`drew ${result.selected.length}, not ${SAMPLE}`);
    }
    const report = {
      at: new Date().toISOString(),
      commit: process.env.BENCH_COMMIT ?? null,
      members: MEMBERS,
      eligibleAfterExclusion: eligible,
      sample: SAMPLE,
      draws: DRAWS,
      characteristics: Object.keys(TARGETS),
      targets: Object.values(TARGETS).reduce((n, t) => n + Object.keys(t).length, 0),
      seedSeconds: seeded / 1000,
      ms: {
        baseline: { p50: quantile(baseline, 0.5), p99: quantile(baseline, 0.99) },
        loadPool: { p50: quantile(load, 0.5), p99: quantile(load, 0.99) },
        draw: { p50: quantile(draw, 0.5), p99: quantile(draw, 0.99) },
        total: { p50: quantile(total, 0.5), p99: quantile(total, 0.99) },
      },
      ratio: { totalP50OverBaselineP50: quantile(total, 0.5) / quantile(baseline, 0.5) },
      worstDeviationPoints: { max: Math.max(...worst) * 100, perDraw: worst.map((w) => w * 100) },
      rssMb: process.memoryUsage().rss / 1024 / 1024,
    };
    const resultsDir = process.env.BENCH_RESULTS_DIR ?? path.join(import.meta.dirname, 'results');
    fs.mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `people-${report.at.replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
    console.log(
      `\nSampling ${SAMPLE} from ${MEMBERS} members (${eligible} eligible after the 90-day exclusion), ${report.targets} targets on ${report.characteristics.length} characteristics, ${DRAWS} draws\n`,
    );
    console.log('| step | p50 ms | p99 ms |');
    console.log('| --- | ---: | ---: |');
    console.log(
      `| baseline: SELECT 1,000 random ids | ${ms(report.ms.baseline.p50)} | ${ms(report.ms.baseline.p99)} |`,
    );
    console.log(`| load the pool (SQL) | ${ms(report.ms.loadPool.p50)} | ${ms(report.ms.loadPool.p99)} |`);
    console.log(`| draw (quota selection, JS) | ${ms(report.ms.draw.p50)} | ${ms(report.ms.draw.p99)} |`);
    console.log(`| total | ${ms(report.ms.total.p50)} | ${ms(report.ms.total.p99)} |`);
    console.log(
      `\ntotal ÷ baseline (p50): ${report.ratio.totalP50OverBaselineP50.toFixed(1)}×; worst deviation from any target: ${report.worstDeviationPoints.max.toFixed(2)} percentage points; RSS ${report.rssMb.toFixed(0)} MB`,
    );
    console.log(`Written to ${file}`);
  } finally {
    await database.close();
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  }
}

await main();
