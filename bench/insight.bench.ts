/**
 * Insight at scale, on a real PostgreSQL: 100,000 written answers to one question of a closed
 * demo consultation (the synthetic labelled set's sentences recombined, 2% of them a lightly
 * edited form letter, some in bursts from one marker), then
 *   1. theme suggestion for the question (the analysis job as the app runs it: read, fit, assign,
 *      save 100k+ suggestions): wall time and peak RSS;
 *   2. campaign detection over the consultation's responses: wall time and peak RSS;
 *   3. the coding page of the largest suggested theme (first page and a deep page), p50/p99 over
 *      sequential in-process requests, beside a bare baseline: a Fastify route doing one
 *      `SELECT 1` on the same database, in the same process.
 * Figures, not pass/fail. Needs PG_URL (bench/run.sh sets it). Knobs: BENCH_ANSWERS (100000),
 * BENCH_REQUESTS (200). Writes bench/results/insight-<timestamp>.json and prints a table.
 */
import fs from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDemo } from '../src/db/seed.ts';
import { createDeps } from '../src/deps.ts';
import { modules } from '../src/modules/index.ts';
import { SYNTHETIC_THEMES } from '../src/modules/insight/data/labelled-answers.synthetic.ts';
import { detectFor } from '../src/modules/insight/campaigns.service.ts';
import { seededRandom } from '../src/modules/insight/engine/random.ts';
import { runAnalysis, writtenQuestions } from '../src/modules/insight/insight.service.ts';
import * as repo from '../src/modules/insight/insight.repository.ts';
import { DEFAULT_SEED, METHOD, METHOD_VERSION } from '../src/modules/insight/engine/themes.ts';
import type { FastifyInstance } from 'fastify';
import { DEMO_PASSWORD } from '../src/modules/accounts/index.ts';

const ANSWERS = Number(process.env.BENCH_ANSWERS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const adminUrl = process.env.PG_URL;
if (!adminUrl) throw new Error('Set PG_URL to a PostgreSQL superuser URL (npm run bench does this)');

const OPENERS = ['I see this', 'My family notices this', 'We talk about this', 'It happens', 'Neighbours mention it', 'I worry about it', 'It matters', 'I have noticed it'];
const PLACES = ['near the station', 'on our road', 'by the school', 'outside the shops', 'round the estate', 'in the park', 'on the high street', 'by the library', 'near the health centre', 'at the bus garage'];
const TIMES = ['every day', 'most weekends', 'in the evenings', 'since last year', 'every morning', 'after school', 'on Sundays', 'all the time', 'in winter', 'now and then'];

const rssMb = () => Math.round(process.memoryUsage().rss / 1_048_576);

/** Wall time and the peak RSS seen (sampled every 50 ms) while fn runs. */
async function measured(fn: () => Promise<unknown>) {
  let peak = rssMb();
  const timer = setInterval(() => (peak = Math.max(peak, rssMb())), 50);
  const start = process.hrtime.bigint();
  await fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  clearInterval(timer);
  return { seconds, peakRssMb: Math.max(peak, rssMb()) };
}

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function latencies(fn: () => Promise<unknown>) {
  for (let i = 0; i < 10; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

/** A signed-in staff session over app.inject (test/helpers.ts imports vitest, so it cannot be used here). */
async function signIn(app: FastifyInstance, email: string) {
  let cookie = '';
  const keep = (res: { cookies: { name: string; value: string }[] }) => {
    const jar = new Map(cookie ? cookie.split('; ').map((c) => c.split('=') as [string, string]) : []);
    for (const c of res.cookies) jar.set(c.name, encodeURIComponent(c.value));
    cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  };
  const page = await app.inject({ method: 'GET', url: '/sign-in' });
  keep(page);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const res = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, email, password: DEMO_PASSWORD }).toString(),
  });
  if (res.statusCode !== 303) throw new Error(`sign-in ${res.statusCode}`);
  keep(res);
  return { get: (url: string) => app.inject({ method: 'GET', url, headers: { cookie } }) };
}

async function main() {
  const name = `bench_insight_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl!);
  url.pathname = `/${name}`;
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url.toString(), JOBS_RUNNER: 'in-process', LOG_LEVEL: 'silent' });
  const deps = await createDeps(config, { inMemory: true });
  await migrate(deps.database);
  await seedDemo(deps, modules);

  const [target] = await repo.rows<{ id: string; questionnaireId: string; version: number }>(
    deps.db,
    sql`SELECT c.id, q.id AS "questionnaireId", q.current_version AS version FROM consultations c
        JOIN questionnaires q ON q.owner_type = 'consultation' AND q.owner_id = c.id
        WHERE c.state = 'closed' ORDER BY c.closes_at DESC LIMIT 1`,
  );
  const questionKey = (await writtenQuestions(deps, target!.id))[0]!.key;

  // 100,000 answers: 1–3 sentences of one theme plus sometimes a sentence of another; 2% a form letter.
  const random = seededRandom(42);
  const themes = Object.values(SYNTHETIC_THEMES);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const letter = 'I object to the closure of the library on the high street. It is a lifeline for older people and children and it must stay open.';
  const start = Date.now() - 40 * 86_400_000;
  const seedStart = process.hrtime.bigint();
  for (let offset = 0; offset < ANSWERS; offset += 10_000) {
    const chunk = [];
    for (let i = offset; i < Math.min(ANSWERS, offset + 10_000); i++) {
      let text: string;
      if (i % 50 === 0) text = i % 150 === 0 ? `${letter} Please listen.` : letter;
      else {
        const own = pick(themes);
        text = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(own)).join(' ');
        if (random() < 0.15) text += ` ${pick(pick(themes))}`;
        // People word things their own way: a personal clause makes most answers unique, as real ones are.
        text += ` ${pick(OPENERS)} ${pick(PLACES)} ${pick(TIMES)}.`;
      }
      const inBurst = i % 1000 < 6;
      chunk.push({
        r: `BENCH-${i}`,
        a: { [questionKey]: text },
        t: new Date(start + (inBurst ? Math.floor(i / 1000) * 60_000 + (i % 1000) * 5000 : i * 30_000)).toISOString(),
        m: inBurst ? `burst${Math.floor(i / 1000)}` : null,
      });
    }
    await deps.db.execute(
      sql`INSERT INTO responses (questionnaire_id, version, reference, idempotency_key, answers, submitted_at, source_marker)
          SELECT ${target!.questionnaireId}, ${target!.version}, x.r, x.r, x.a, x.t, x.m
          FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS x(r text, a jsonb, t timestamptz, m text)`,
    );
  }
  await deps.database.query('ANALYZE');
  const seedSeconds = Number(process.hrtime.bigint() - seedStart) / 1e9;

  const run = await repo.insertRun(deps.db, {
    consultationId: target!.id,
    questionKey,
    method: METHOD,
    methodVersion: METHOD_VERSION,
    seed: DEFAULT_SEED,
    createdBy: null,
    now: new Date(),
  });
  const themed = await measured(() => runAnalysis(deps, run.id));
  const done = (await repo.findRun(deps.db, run.id))!;
  if (done.status !== 'done') throw new Error(`analysis ${done.status}: ${done.error}`);
  const campaigns = await measured(() => detectFor(deps, target!.id));
  const found = await repo.currentCampaigns(deps.db, target!.id);
  await deps.database.query('ANALYZE');

  const app = await buildApp(deps, { logger: false });
  await app.ready();
  const officer = await signIn(app, 'engagement@council.example');
  const [largest] = await repo.clustersOf(deps.db, run.id).then((c) => c.sort((a, b) => b.answerCount - a.answerCount));
  const coding = `/staff/consultations/${target!.id}/insight/clusters/${largest!.id}`;
  const check = await officer.get(coding);
  if (check.statusCode !== 200 || !check.body.includes('Confidence')) throw new Error(`coding page ${check.statusCode}`);
  const deepPage = Math.max(1, Math.floor(largest!.answerCount / 25 / 2));
  const firstPage = await latencies(() => officer.get(coding));
  const deep = await latencies(() => officer.get(`${coding}?page=${deepPage}`));
  const bare = Fastify();
  bare.get('/', async () => {
    await deps.db.execute(sql`SELECT 1`);
    return 'ok';
  });
  await bare.ready();
  const baseline = await latencies(() => bare.inject({ method: 'GET', url: '/' }));

  const result = {
    answers: ANSWERS,
    seedSeconds,
    theming: { ...themed, themes: done.themeCount, details: done.details },
    campaigns: { ...campaigns, groups: found.length, formLetters: found.filter((g) => g.kind === 'form_letter').map((g) => g.memberCount), bursts: found.filter((g) => g.kind === 'burst').length },
    codingPage: { largestTheme: largest!.answerCount, deepPage, firstPage, deep, baseline },
  };
  const r = (x: number) => x.toFixed(1);
  console.log(`| step | answers | wall time (s) | peak RSS (MB) |\n|---|---|---|---|`);
  console.log(`| theme suggestion (read, fit, assign, save) | ${ANSWERS} | ${r(themed.seconds)} | ${themed.peakRssMb} |`);
  console.log(`| campaigns and duplicates | ${ANSWERS} | ${r(campaigns.seconds)} | ${campaigns.peakRssMb} |`);
  console.log(`\n| page | p50 (ms) | p99 (ms) | p50 ratio to baseline |\n|---|---|---|---|`);
  console.log(`| baseline (bare Fastify, SELECT 1) | ${r(baseline.p50)} | ${r(baseline.p99)} | 1 |`);
  console.log(`| coding page 1 of a theme of ${largest!.answerCount} | ${r(firstPage.p50)} | ${r(firstPage.p99)} | ${r(firstPage.p50 / baseline.p50)} |`);
  console.log(`| coding page ${deepPage} | ${r(deep.p50)} | ${r(deep.p99)} | ${r(deep.p50 / baseline.p50)} |`);
  console.log(`\n${done.themeCount} themes; campaign groups: ${found.length} (form letters ${JSON.stringify(result.campaigns.formLetters)}, bursts ${result.campaigns.bursts}); seeding 100k answers took ${r(seedSeconds)} s`);
  const dir = process.env.BENCH_RESULTS_DIR ?? path.join(import.meta.dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `insight-${Date.now()}.json`), JSON.stringify(result, null, 2));
  await app.close();
  await bare.close();
  await deps.database.close();
  const drop = new pg.Client({ connectionString: adminUrl });
  await drop.connect();
  await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await drop.end();
}

await main();
