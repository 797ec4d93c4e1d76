/**
 * Questionnaires on a real PostgreSQL: (1) sustained submissions through the real responding
 * journey with 200 concurrent respondents, beside a bare Fastify route doing one INSERT in the
 * same run; (2) the results dashboard's time per summary for a consultation with 100,000
 * responses, bulk-loaded with generate_series. Figures, not pass/fail.
 *
 * Needs PG_URL (a superuser URL; bench/run.sh starts a throwaway server and sets it). Knobs:
 *   BENCH_SECONDS (60) measured seconds of submissions, BENCH_WARMUP (30) warm-up seconds,
 *   BENCH_RESPONDENTS (200) concurrent respondents, BENCH_RESPONSES (100000) bulk-loaded responses,
 *   BENCH_RUNS (7) timed runs per dashboard summary, BENCH_CPU_PROF=<dir> writes a V8 CPU profile of
 *   the app process there (the whole run: journeys and dashboard pages; open it in Chrome DevTools).
 * Writes bench/results/questionnaires-<timestamp>.json and prints Markdown tables.
 *
 * This file is also its own child processes: BENCH_ROLE=insert-baseline runs the bare route.
 */
import { execSync, fork, type ChildProcess } from 'node:child_process';
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
  // The bare baseline: one Fastify route, a form body, one INSERT of a jsonb row, a 303. No session,
  // no CSRF, no templates: what any submission costs at the least on this machine and database.
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  await pool.query(`CREATE TABLE IF NOT EXISTS bench_baseline_submissions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(), answers jsonb NOT NULL, submitted_at timestamptz NOT NULL DEFAULT now())`);
  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  app.post('/submit', async (request, reply) => {
    await pool.query('INSERT INTO bench_baseline_submissions (answers) VALUES ($1)', [JSON.stringify(request.body)]);
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
  // Longer than the hub's defaults: one journey is 11 requests, and 200 journeys at once take
  // tens of seconds on a busy two-core machine; the window must hold many of them.
  const SECONDS = num('BENCH_SECONDS', 60);
  const WARMUP = Number(process.env.BENCH_WARMUP ?? 30);
  const RESPONDENTS = num('BENCH_RESPONDENTS', 200);
  const RESPONSES = num('BENCH_RESPONSES', 100_000);
  const RUNS = num('BENCH_RUNS', 7);
  const adminUrl = process.env.PG_URL;
  if (!adminUrl) throw new Error('Set PG_URL to a PostgreSQL superuser URL (npm run bench does this)');

  // The app's modules are imported only here: the baseline child must not load them.
  const { loadConfig } = await import('../src/config.ts');
  const { createDeps } = await import('../src/deps.ts');
  const { migrate } = await import('../src/db/migrate.ts');
  const { seedDemo } = await import('../src/db/seed.ts');
  const { modules } = await import('../src/modules/index.ts');
  const { DEMO_PASSWORD } = await import('../src/modules/accounts/index.ts');
  const { createRespondable } = await import('../src/modules/questionnaires/responding.fixtures.ts');
  const results = await import('../src/modules/questionnaires/results.service.ts');
  const repo = await import('../src/modules/questionnaires/results.repository.ts');
  const { ABOUT_YOU_PAGE } = await import('../src/modules/questionnaires/about-you.ts');

  const startedAt = new Date();
  const databaseName = `bench_q_${startedAt.getTime()}`;
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
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'soundings-bench-q-')),
    JOBS_RUNNER: 'in-process',
    JOBS_INTERVAL_MS: '0',
  });
  const deps = await createDeps(config, { logError: () => undefined });
  await migrate(deps.database);
  await seedDemo(deps, modules);
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);

  // ---- 1. Submissions through the real journey -------------------------------------------------
  const open = await createRespondable(deps, {
    definition: {
      pages: [
        {
          key: 'views',
          title: 'Your views',
          questions: [
            {
              key: 'support',
              type: 'agreement',
              text: 'To what extent do you agree with the proposal?',
              required: true,
            },
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

  interface Server {
    child: ChildProcess;
    port: number;
    memory(): Promise<{ rss: number; heapUsed: number }>;
    stop(): Promise<void>;
  }
  const profileDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;
  async function startChild(
    name: string,
    file: string,
    env: Record<string, string>,
    execArgv: string[] = [],
  ): Promise<Server> {
    const child = fork(path.join(here, file), [], {
      execArgv: ['--import', 'tsx', ...execArgv],
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
      memory: () =>
        new Promise((resolve) => {
          const onMessage = (message: ToParent) => {
            if (message.type !== 'memory') return;
            child.off('message', onMessage);
            resolve({ rss: message.rss, heapUsed: message.heapUsed });
          };
          child.on('message', onMessage);
          child.send({ type: 'memory' });
        }),
      stop: () =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.disconnect();
        }),
    };
  }

  const appServer = await startChild(
    'app',
    'serve.ts',
    {
      DATABASE_URL: databaseUrl,
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'soundings-bench-q-app-')),
      SEED_DEMO: 'false',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      BASE_URL: 'http://127.0.0.1',
      // Messages are only queued: serve.ts runs no job runner, so nothing is sent anywhere.
      NOTIFY_API_KEY: `bench-${randomUUID()}-${randomUUID()}`,
      NOTIFY_EMAIL_TEMPLATE_ID: randomUUID(),
      JOBS_RUNNER: 'in-process',
      JOBS_INTERVAL_MS: '0',
    },
    profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  );
  const baseline = await startChild('insert baseline', 'questionnaires.bench.ts', {
    BENCH_ROLE: 'insert-baseline',
    DATABASE_URL: databaseUrl,
  });

  /** When each HTTP request finished: requests per second are counted in the measured window. */
  const requestDone: number[] = [];

  /** One browser: its cookies, the last form's CSRF token, and a forwarded address of its own (per-IP rate limits). */
  class Respondent {
    private cookies = new Map<string, string>();
    private csrf = '';
    constructor(
      private readonly origin: string,
      private readonly address: string,
    ) {}
    private headers(extra: Record<string, string> = {}) {
      return {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-forwarded-for': this.address,
        ...extra,
      };
    }
    private keep(response: Response) {
      for (const cookie of response.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const at = pair!.indexOf('=');
        this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
    }
    async get(pathname: string) {
      const response = await fetch(this.origin + pathname, { headers: this.headers(), redirect: 'manual' });
      this.keep(response);
      const body = await response.text();
      requestDone.push(performance.now());
      const token = /name="_csrf" value="([^"]+)"/.exec(body);
      if (token) this.csrf = token[1]!;
      return { status: response.status, body, location: response.headers.get('location') };
    }
    async post(pathname: string, form: [string, string][]) {
      const body = new URLSearchParams([['_csrf', this.csrf], ...form]);
      const response = await fetch(this.origin + pathname, {
        method: 'POST',
        headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
        body: body.toString(),
        redirect: 'manual',
      });
      this.keep(response);
      await response.text();
      requestDone.push(performance.now());
      return { status: response.status, location: response.headers.get('location') };
    }
  }

  const scale = ['strongly_agree', 'agree', 'neither', 'disagree', 'strongly_disagree', 'dont_know'];
  let addressCounter = 0;
  const nextAddress = () => {
    const n = ++addressCounter;
    return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  };

  /** One resident's whole journey; returns the submission's latency (the POST that commits the response). */
  async function journey(origin: string, i: number): Promise<void> {
    const r = new Respondent(origin, nextAddress());
    const base = `/consultations/${open.slug}/respond`;
    const expect = (ok: boolean, what: string) => {
      if (!ok) throw new Error(`Respondent ${i}: ${what}`);
    };
    expect((await r.get(base)).status === 200, 'start page');
    expect((await r.get(`${base}/views`)).status === 200, 'question page');
    let step = await r.post(`${base}/views`, [
      ['support', scale[i % scale.length]!],
      ...(i % 2
        ? ([
            ['priorities', 'parks'],
            ['priorities', 'libraries'],
          ] as [string, string][])
        : []),
      ['comments', `Comment from respondent ${i}: the park needs better lighting near the east gate.`],
    ]);
    expect(step.status === 303, `views ${step.status}`);
    await r.get(`${base}/about-you`);
    step = await r.post(`${base}/about-you`, [['age_band', '25_to_34']]);
    expect(step.status === 303, `about-you ${step.status}`);
    await r.get(`${base}/about-your-response`);
    step = await r.post(`${base}/about-your-response`, [
      ['respondentType', 'individual'],
      ['publicationConsent', 'publish_anonymous'],
    ]);
    expect(step.status === 303, `about-your-response ${step.status}`);
    expect((await r.get(`${base}/check-answers`)).status === 200, 'check answers');
    const started = performance.now();
    const sent = await r.post(`${base}/check-answers`, []);
    const submitMs = performance.now() - started;
    submitted.push({ at: performance.now(), ms: submitMs });
    expect(sent.status === 303 && sent.location?.endsWith('/confirmation') === true, `submit ${sent.status}`);
    const confirmation = await r.get(`${base}/confirmation`);
    expect(/SDG-/.test(confirmation.body), 'confirmation reference');
  }

  async function bareSubmit(origin: string, i: number): Promise<void> {
    const started = performance.now();
    const response = await fetch(`${origin}/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ support: scale[i % scale.length]!, comments: `Comment ${i}` }).toString(),
      redirect: 'manual',
    });
    await response.text();
    if (response.status !== 303) throw new Error(`baseline ${response.status}`);
    const at = performance.now();
    requestDone.push(at);
    submitted.push({ at, ms: at - started });
  }

  /** Each submission (the request that stores the response): when it finished and how long it took. */
  const submitted: { at: number; ms: number }[] = [];

  const percentile = (sorted: number[], p: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;

  /** RESPONDENTS loops, each doing one task after another: warm-up discarded, then SECONDS measured. */
  /**
   * RESPONDENTS loops, each doing one task after another, arriving spread over the warm-up (as
   * people do: started together they would move through the journey in lockstep and submit in
   * waves). Every submission and request finishing inside the SECONDS window counts, whether or
   * not its journey started there, so a journey longer than the window still measures.
   */
  async function load(task: (i: number) => Promise<unknown>) {
    let counter = 0;
    let stopping = false;
    let errors = 0;
    let firstError: string | undefined;
    submitted.length = 0;
    requestDone.length = 0;
    const loops = Array.from({ length: RESPONDENTS }, async (_, k) => {
      await new Promise((resolve) => setTimeout(resolve, (k / RESPONDENTS) * WARMUP * 1000));
      while (!stopping) {
        try {
          await task(counter++);
        } catch (error) {
          errors++;
          firstError ??= (error as Error).message;
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, WARMUP * 1000));
    const cpuBefore = process.cpuUsage();
    const from = performance.now();
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    const to = performance.now();
    const cpu = process.cpuUsage(cpuBefore);
    stopping = true;
    await Promise.all(loops);
    const inWindow = submitted.filter((s) => s.at >= from && s.at < to);
    const latencies = inWindow.map((s) => s.ms).sort((a, b) => a - b);
    const elapsed = (to - from) / 1000;
    return {
      submissions: latencies.length,
      perSecond: latencies.length / elapsed,
      requestsPerSecond: requestDone.filter((at) => at >= from && at < to).length / elapsed,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      errors,
      firstError,
      loadGeneratorCpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  }

  console.log(`Submissions: ${RESPONDENTS} concurrent respondents, ${WARMUP} s warm-up, ${SECONDS} s measured`);
  const bare = await load((i) => bareSubmit(`http://127.0.0.1:${baseline.port}`, i));
  const [baselineCount] = await q<{ n: number }>('SELECT count(*)::int AS n FROM bench_baseline_submissions');
  const before = await q<{ n: number }>('SELECT count(*)::int AS n FROM responses WHERE questionnaire_id = $1', [
    open.questionnaireId,
  ]);
  const real = await load((i) => journey(`http://127.0.0.1:${appServer.port}`, i));
  const after = await q<{ n: number }>('SELECT count(*)::int AS n FROM responses WHERE questionnaire_id = $1', [
    open.questionnaireId,
  ]);
  const appMemory = await appServer.memory();
  console.log(
    `  baseline: ${bare.perSecond.toFixed(0)} inserts/s (${baselineCount!.n} rows); app: ${real.perSecond.toFixed(1)} submissions/s ` +
      `(${after[0]!.n - before[0]!.n} responses stored during the run, errors ${real.errors}${real.firstError ? `: ${real.firstError}` : ''})`,
  );

  // ---- 2. The dashboard at 100,000 responses ---------------------------------------------------
  const closed = await createRespondable(deps, {
    state: 'closed',
    definition: {
      pages: [
        {
          key: 'views',
          title: 'Your views',
          questions: [
            { key: 'support', type: 'agreement', text: 'Do you agree with the proposal?', required: true },
            {
              key: 'use',
              type: 'single_choice',
              text: 'How often do you use the park?',
              required: true,
              allowOther: true,
              options: ['daily', 'weekly', 'monthly', 'rarely', 'never'].map((v) => ({ value: v, label: v })),
            },
            {
              key: 'priorities',
              type: 'multiple_choice',
              text: 'What matters most?',
              required: false,
              options: ['parks', 'roads', 'libraries', 'lighting', 'toilets', 'cafe'].map((v) => ({
                value: v,
                label: v,
              })),
            },
            {
              key: 'rating',
              type: 'matrix',
              text: 'How do you rate these?',
              required: false,
              rows: ['paths', 'lighting', 'play', 'toilets'].map((v) => ({ value: v, label: v })),
            },
            { key: 'home_ward', type: 'ward', text: 'Which ward do you live in?', required: false },
            { key: 'agree', type: 'consent', text: 'May we contact you?', required: false, body: 'Yes' },
            { key: 'comments', type: 'long_text', text: 'Anything else?', required: false, maxLength: 2000 },
          ],
        },
      ],
    },
  });
  const wards = (await q<{ code: string }>('SELECT code FROM wards ORDER BY code')).map((w) => w.code);
  console.log(
    `Bulk-loading ${RESPONSES.toLocaleString('en-GB')} responses (generate_series; triggers append tallies) ...`,
  );
  let t = performance.now();
  await q(
    `INSERT INTO responses (questionnaire_id, version, reference, idempotency_key, channel, respondent_type, ward_code,
       publication_consent, answers, submitted_at)
     SELECT $1, 1, 'BQ-' || i, 'bq-' || i,
       (ARRAY['online','online','online','paper','email','phone','event'])[1 + i % 7],
       CASE WHEN i % 23 = 0 THEN 'organisation' ELSE 'individual' END,
       CASE WHEN i % 17 = 0 THEN NULL ELSE ($2::text[])[1 + (i * 7) % array_length($2::text[], 1)] END,
       (ARRAY['publish_named','publish_anonymous','do_not_publish'])[1 + i % 3],
       jsonb_strip_nulls(jsonb_build_object(
         'support', (ARRAY['strongly_agree','agree','neither','disagree','strongly_disagree','dont_know'])[1 + (i * 13) % 6],
         'use', (ARRAY['daily','weekly','monthly','rarely','never','other'])[1 + (i * 7) % 6],
         'use_other', CASE WHEN (i * 7) % 6 = 5 THEN 'Only in summer' END,
         'priorities', CASE WHEN i % 4 = 0 THEN NULL ELSE ((ARRAY[
           '["parks"]', '["roads","lighting"]', '["libraries","toilets","cafe"]', '["parks","lighting"]'])[1 + (i * 5) % 4])::jsonb END,
         'rating', jsonb_build_object('paths', (ARRAY['agree','disagree','neither'])[1 + i % 3],
                                      'lighting', (ARRAY['strongly_agree','agree','disagree'])[1 + (i * 3) % 3],
                                      'play', 'agree', 'toilets', (ARRAY['disagree','strongly_disagree'])[1 + i % 2]),
         'home_ward', ($2::text[])[1 + (i * 11) % array_length($2::text[], 1)],
         'agree', CASE WHEN i % 2 = 0 THEN to_jsonb(true) END,
         'comments', 'Comment number ' || i || ': more benches and better lighting by the lake, please.')),
       timestamptz '2026-09-01 08:00:00+00' + (i % 60) * interval '1 day' + (i % 1440) * interval '1 minute'
     FROM generate_series(1, $3::int) AS i`,
    [closed.questionnaireId, wards, RESPONSES],
  );
  const ageBands = ABOUT_YOU_PAGE.questions.find((qq) => qq.key === 'age_band')!.options!.map((o) => o.value);
  await q(
    `INSERT INTO response_equalities (response_id, questionnaire_id, answers)
     SELECT id, questionnaire_id, jsonb_build_object('age_band', ($2::text[])[1 + abs(hashtext(id::text)) % array_length($2::text[], 1)],
       'sex', CASE WHEN abs(hashtext(reference)) % 2 = 0 THEN 'female' ELSE 'male' END)
     FROM responses WHERE questionnaire_id = $1 AND abs(hashtext(reference)) % 10 < 6`,
    [closed.questionnaireId, ageBands],
  );
  const loadSeconds = (performance.now() - t) / 1000;
  const [talliesBefore] = await q<{ n: number }>(
    'SELECT count(*)::int AS n FROM response_tallies WHERE questionnaire_id = $1',
    [closed.questionnaireId],
  );
  t = performance.now();
  await repo.compactTallies(deps.db, closed.questionnaireId);
  const compactSeconds = (performance.now() - t) / 1000;
  const [talliesAfter] = await q<{ n: number }>(
    'SELECT count(*)::int AS n FROM response_tallies WHERE questionnaire_id = $1',
    [closed.questionnaireId],
  );
  await q('ANALYZE');
  console.log(
    `  loaded in ${loadSeconds.toFixed(1)} s; tallies ${talliesBefore!.n.toLocaleString('en-GB')} rows → ${talliesAfter!.n.toLocaleString('en-GB')} after compaction (${compactSeconds.toFixed(1)} s)`,
  );

  const [engagement] = await q<{ role: string; organisation_id: string }>(
    "SELECT role, organisation_id FROM staff_users WHERE email = 'engagement@council.example'",
  );
  const found = await results.resultsFor(
    deps,
    { role: engagement!.role as 'engagement_officer', organisationId: engagement!.organisation_id },
    closed.consultationId,
  );
  if (!found.ok) throw new Error('No results access for the bench consultation');
  const access = found.access;
  const questions = results.allQuestions(access.definition).filter((qq) => results.CHART_TYPES.has(qq.type));
  const specs = questions.flatMap((qq) => results.specsFor(qq, access.wards));
  const aboutSpecs = ABOUT_YOU_PAGE.questions.flatMap((qq) => results.specsFor(qq, [], 'equalities'));
  const allSeries = [...specs, ...aboutSpecs].map((s) => s.series);
  const qid = access.questionnaire.id;

  async function time(fn: () => Promise<unknown>) {
    await fn();
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await fn();
      runs.push(performance.now() - started);
    }
    runs.sort((a, b) => a - b);
    return { median: percentile(runs, 50), max: runs[runs.length - 1]! };
  }

  const summaries: { name: string; how: string; median: number; max: number }[] = [];
  const measureSummary = async (name: string, how: string, fn: () => Promise<unknown>) => {
    const timing = await time(fn);
    summaries.push({ name, how, ...timing });
    console.log(`  ${name} (${how}): ${timing.median.toFixed(1)} ms median, ${timing.max.toFixed(1)} ms max`);
  };
  const paper = { channel: 'paper' };
  const group = { group: { key: 'age_band', value: ageBands[2]! } };
  await measureSummary('headline: totals by channel, type, ward, day', 'tallies', () =>
    repo.headline(deps.db, qid, {}),
  );
  for (const series of allSeries) {
    await measureSummary(`question: ${series.id}`, 'tallies', () => repo.countAnswers(deps.db, qid, {}, [series]));
  }
  await measureSummary(`every question at once (${allSeries.length} charts)`, 'tallies', () =>
    repo.countAnswers(deps.db, qid, {}, allSeries),
  );
  await measureSummary('whole dashboard (summarise)', 'tallies', () => results.summarise(deps, access, {}));
  await measureSummary('whole dashboard, channel = paper', 'tallies', () => results.summarise(deps, access, paper));
  await measureSummary('whole dashboard, About you group filter', 'scan (fallback)', () =>
    results.summarise(deps, access, group),
  );
  await measureSummary('headline', 'scan (before tallies)', () => repo.scanHeadline(deps.db, qid, {}));
  await measureSummary(`every question at once (${allSeries.length} charts)`, 'scan (before tallies)', () =>
    repo.scanAnswers(deps.db, qid, {}, allSeries),
  );

  // The page itself, over HTTP, as an engagement officer sees it.
  const officer = new Respondent(`http://127.0.0.1:${appServer.port}`, '10.255.255.1');
  await officer.get('/sign-in');
  const signIn = await officer.post('/sign-in', [
    ['email', 'engagement@council.example'],
    ['password', DEMO_PASSWORD],
  ]);
  if (signIn.status !== 303) throw new Error(`Sign-in failed: ${signIn.status}`);
  const dashboardPath = `/staff/consultations/${closed.consultationId}/results`;
  const page = await officer.get(dashboardPath);
  if (page.status !== 200 || !page.body.includes(`>${RESPONSES}</p>`))
    throw new Error(`Dashboard page did not show ${RESPONSES} responses (${page.status})`);
  await measureSummary('dashboard page over HTTP', 'tallies', () => officer.get(dashboardPath));
  const publicPage = `/consultations/${closed.slug}/results`;
  await q('UPDATE questionnaires SET results_published_at = now() WHERE id = $1', [qid]);
  await measureSummary('public results page over HTTP', 'tallies', () => officer.get(publicPage));

  await appServer.stop();
  await baseline.stop();
  await deps.database.close();

  // ---- Report ---------------------------------------------------------------------------------
  const fmt = (n: number, digits = 0) =>
    n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const submissionTable = [
    '| target | submissions/s | p50 ms | p99 ms | ÷ baseline (throughput) | × baseline (p99) | HTTP requests/s | errors |',
    '|---|--:|--:|--:|--:|--:|--:|--:|',
    `| bare Fastify route, one INSERT | ${fmt(bare.perSecond)} | ${fmt(bare.p50, 1)} | ${fmt(bare.p99, 1)} | 1 | 1 | ${fmt(bare.requestsPerSecond)} | ${bare.errors} |`,
    `| Soundings journey (submit = POST check-answers) | ${fmt(real.perSecond, 1)} | ${fmt(real.p50, 1)} | ${fmt(real.p99, 1)} | ${fmt(real.perSecond / bare.perSecond, 3)} | ${fmt(real.p99 / bare.p99, 1)} | ${fmt(real.requestsPerSecond)} | ${real.errors} |`,
  ].join('\n');
  const dashboardTable = [
    `| summary (${fmt(RESPONSES)} responses) | how | median ms | max ms |`,
    '|---|---|--:|--:|',
    ...summaries.map((s) => `| ${s.name} | ${s.how} | ${fmt(s.median, 1)} | ${fmt(s.max, 1)} |`),
  ].join('\n');
  console.log(`\n### Submissions (${RESPONDENTS} concurrent respondents, ${SECONDS} s)\n\n${submissionTable}`);
  console.log(`\nApp RSS after the run: ${fmt(appMemory.rss / 1024 / 1024)} MB\n`);
  console.log(`### Results dashboard\n\n${dashboardTable}\n`);

  const commit = (() => {
    if (process.env.BENCH_COMMIT) return process.env.BENCH_COMMIT;
    try {
      return execSync('git rev-parse --short HEAD', { cwd: here, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  const dir = process.env.BENCH_RESULTS_DIR ?? path.join(here, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `questionnaires-${startedAt.toISOString().replace(/[:.]/g, '-').slice(0, 19)}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        bench: 'questionnaires',
        startedAt: startedAt.toISOString(),
        commit,
        dirtyPaths: Number(process.env.BENCH_DIRTY ?? 0),
        machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadavg: os.loadavg(), node: process.version },
        postgres: pgVersion?.server_version,
        settings: { seconds: SECONDS, warmup: WARMUP, respondents: RESPONDENTS, responses: RESPONSES, runs: RUNS },
        submissions: {
          baseline: bare,
          app: real,
          ratio: { throughput: real.perSecond / bare.perSecond, p99: real.p99 / bare.p99 },
          appRssMb: appMemory.rss / 1024 / 1024,
          storedDuringRun: after[0]!.n - before[0]!.n,
        },
        dashboard: {
          loadSeconds,
          tallyRows: { beforeCompaction: talliesBefore!.n, afterCompaction: talliesAfter!.n },
          compactSeconds,
          summaries,
        },
      },
      null,
      2,
    ),
  );
  console.log(`Wrote ${path.relative(process.cwd(), file)}`);
  process.exit(0);
}
