/**
 * Participatory budgeting: (1) counting a 60,000-voter, 80-project approval election by greedy and by
 * the Method of Equal Shares with Add1 (pure code, identical ballots grouped); (2) casting ballots under
 * concurrency through the castBallot use-case (eligibility read, ballot check, the open-window upsert)
 * beside bare one-row INSERTs through the same pool, 50 in flight each, in the same run. In-process: no
 * HTTP, so (2) is the database work and the rules, not rendering. Figures, not pass/fail.
 *
 * Needs PG_URL for (2) (bench/run.sh sets it); without it only (1) runs. Knobs: BENCH_VOTERS (60000),
 * BENCH_PROJECTS (80), BENCH_BALLOTS (4000), BENCH_CONCURRENCY (50).
 */
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
import { count } from '../src/modules/budgeting/counting.ts';
import { syntheticElection } from '../src/modules/budgeting/synthetic.ts';
import { castBallot } from '../src/modules/budgeting/budgeting.service.ts';
import { findProcessBySlug } from '../src/modules/budgeting/budgeting.repository.ts';

const num = (key: string, fallback: number) => Number(process.env[key] ?? fallback);
const VOTERS = num('BENCH_VOTERS', 60_000);
const PROJECTS = num('BENCH_PROJECTS', 80);
const BALLOTS = num('BENCH_BALLOTS', 4000);
const CONCURRENCY = num('BENCH_CONCURRENCY', 50);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results: Record<string, unknown> = { voters: VOTERS, projects: PROJECTS, load: os.loadavg()[0] };

// ---- 1. Counting ----
const election = syntheticElection(VOTERS, PROJECTS, 1_000_000, 1);
// Wall time and this process's CPU time: on a shared machine the CPU figure is the steadier one.
const timings: Record<string, number[]> = { greedy: [], mes: [], mesNoAdd1: [] };
const cpuTimings: Record<string, number[]> = { greedy: [], mes: [], mesNoAdd1: [] };
const time = <T>(key: string, f: () => T): T => {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const out = f();
  timings[key]!.push(performance.now() - t);
  const used = process.cpuUsage(cpu);
  cpuTimings[key]!.push((used.user + used.system) / 1000);
  return out;
};
const mes = [0, 1, 2].map(() => {
  time('greedy', () => count(election, { rule: 'greedy' }));
  time('mesNoAdd1', () => count(election, { rule: 'mes', add1: false }));
  return time('mes', () => count(election, { rule: 'mes' }));
})[2]!;
results.counting = {
  greedyMs: median(timings.greedy!),
  mesOneRunMs: median(timings.mesNoAdd1!),
  mesAdd1Ms: median(timings.mes!),
  cpuMs: {
    greedy: median(cpuTimings.greedy!),
    mesOneRun: median(cpuTimings.mesNoAdd1!),
    mesAdd1: median(cpuTimings.mes!),
  },
  distinctBallots: mes.groups,
  add1Rounds: mes.add1Rounds,
  perVoterShare: mes.perVoterBudget,
  funded: mes.funded.length,
  spent: mes.spent,
};
console.log(
  `\n| counting ${VOTERS.toLocaleString('en-GB')} voters × ${PROJECTS} projects (grouping included) | wall ms | CPU ms |`,
);
console.log('|---|---|---|');
console.log(`| distinct ballots after grouping: ${mes.groups.toLocaleString('en-GB')} | | |`);
const row = (label: string, key: string) =>
  console.log(`| ${label} | ${median(timings[key]!).toFixed(0)} | ${median(cpuTimings[key]!).toFixed(0)} |`);
row('greedy', 'greedy');
row('MES, one run', 'mesNoAdd1');
row(`MES + Add1 (${mes.add1Rounds} Add1 runs, share £${mes.perVoterBudget.toFixed(2)})`, 'mes');
console.log(`(load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`);

// ---- 2. Casting ballots under concurrency ----
const adminUrl = process.env.PG_URL;
if (adminUrl) {
  const name = `pb_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const deps = await createDeps(
    loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: url.toString(),
      JOBS_RUNNER: 'in-process',
      JOBS_INTERVAL_MS: '0',
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'pb-bench-')),
      LOG_LEVEL: 'silent',
    }),
    { inMemory: true, logError: () => undefined },
  );
  try {
    await migrate(deps.database);
    await seedDemo(deps, modules);
    const p = (await findProcessBySlug(deps.db, 'borough-budget'))!;
    const projects = await deps.database.query<{ id: string }>(
      `SELECT id FROM pb_projects WHERE process_id = $1 AND status = 'feasible' ORDER BY assessed_cost LIMIT 4`,
      [p.id],
    );
    const voters = await deps.database.query<{ id: string }>(
      `INSERT INTO pb_voters (process_id, contact, contact_kind, postcode, verified_at)
       SELECT $1, 'bench' || i || '@example.com', 'email', 'RM10 7BB', now() FROM generate_series(1, $2) AS i RETURNING id`,
      [p.id, BALLOTS],
    );
    await deps.database.exec(
      `CREATE TABLE bench_bare (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), voter_key text NOT NULL UNIQUE, selections jsonb NOT NULL)`,
    );
    const run = async (label: string, one: (i: number) => Promise<unknown>) => {
      let next = 0;
      const t = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let i = next++; i < BALLOTS; i = next++) await one(i);
        }),
      );
      const ms = performance.now() - t;
      return { label, perSecond: (BALLOTS / ms) * 1000, ms };
    };
    const body = (i: number) => ({
      projects: [projects[i % projects.length]!.id, projects[(i + 1) % projects.length]!.id],
    });
    const bare1 = await run('bare INSERT', (i) =>
      deps.database.query(`INSERT INTO bench_bare (voter_key, selections) VALUES ($1, $2)`, [
        `a${i}`,
        JSON.stringify(body(i)),
      ]),
    );
    const cast = await run('castBallot', (i) => castBallot(deps, p, voters[i]!.id, body(i)));
    const change = await run('castBallot (changing a vote)', (i) => castBallot(deps, p, voters[i]!.id, body(i + 1)));
    const bare2 = await run('bare INSERT again', (i) =>
      deps.database.query(`INSERT INTO bench_bare (voter_key, selections) VALUES ($1, $2)`, [
        `b${i}`,
        JSON.stringify(body(i)),
      ]),
    );
    const base = (bare1.perSecond + bare2.perSecond) / 2;
    const [ballots] = await deps.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pb_ballots WHERE process_id = $1 AND voter_key LIKE 'voter:%'`,
      [p.id],
    );
    console.log(`\n| casting ${BALLOTS} ballots, ${CONCURRENCY} in flight | per second | ÷ bare INSERT |`);
    console.log('|---|---|---|');
    for (const r of [bare1, cast, change, bare2])
      console.log(`| ${r.label} | ${r.perSecond.toFixed(0)} | ${(r.perSecond / base).toFixed(2)} |`);
    console.log(`(ballot rows afterwards: ${ballots!.n}, one per voter)`);
    results.casting = {
      bare1,
      cast,
      change,
      bare2,
      ratio: cast.perSecond / base,
      changeRatio: change.perSecond / base,
      rows: ballots!.n,
    };
  } finally {
    await deps.database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
results.loadAfter = os.loadavg()[0];
const dir = process.env.BENCH_RESULTS_DIR ?? path.join(import.meta.dirname, 'results');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, `budgeting-${Date.now()}.json`), JSON.stringify(results, null, 2));
