/**
 * Staying up: resident submissions under load while the app is killed (SIGKILL) and restarted, then while
 * PostgreSQL is killed (immediate stop) and restarted; then oversized and malformed input. Figures and counts,
 * not timings; exits 1 if a confirmed response is missing or stored twice, or the app did not recover.
 *
 *   BENCH_FILE=faults npm run bench       (about a minute; knobs: BENCH_RESPONDENTS 30, BENCH_PHASE_SECONDS 6)
 *
 * It runs its own PostgreSQL (initdb in a temp folder, a free port) so restarting it disturbs nobody, and the app
 * as bench/serve.ts children (production mode, no job runner) with one session secret, so sessions and CSRF
 * tokens survive the app's restart as they would behind a load balancer.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { ToParent } from './child-ipc.ts';

const here = import.meta.dirname;
const RESPONDENTS = Number(process.env.BENCH_RESPONDENTS ?? 30);
const PHASE = Number(process.env.BENCH_PHASE_SECONDS ?? 6) * 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const t0 = performance.now();
const at = () => Math.round(performance.now() - t0);

// ---- Our own PostgreSQL --------------------------------------------------------------------------
const bin = fs
  .readdirSync('/usr/lib/postgresql')
  .map((v) => `/usr/lib/postgresql/${v}/bin`)
  .sort()
  .pop()!;
const pgDir = fs.mkdtempSync('/tmp/soundings-faults-pg.');
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
const pgPort = await freePort();
const asPostgres = (command: string) => {
  const root = process.getuid?.() === 0;
  if (root) execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', command], { stdio: 'ignore' });
  else execFileSync('/bin/sh', ['-c', command], { stdio: 'ignore' });
};
if (process.getuid?.() === 0) execFileSync('chown', ['postgres', pgDir]);
asPostgres(`${bin}/initdb -D ${pgDir}/data -U postgres -A trust --no-sync -E UTF8`);
const pgStart = () =>
  asPostgres(
    `${bin}/pg_ctl -D ${pgDir}/data -o '-p ${pgPort} -k ${pgDir} -c listen_addresses=127.0.0.1 -c fsync=off' -l ${pgDir}/log -w start`,
  );
const pgStop = (mode: 'immediate' | 'fast') => asPostgres(`${bin}/pg_ctl -D ${pgDir}/data -m ${mode} -w stop`);
pgStart();
// Whatever happens next, our server goes with us.
let pgRunning = true;
process.on('exit', () => {
  if (!pgRunning) return;
  try {
    pgStop('immediate');
  } catch {
    // already stopped
  }
  fs.rmSync(pgDir, { recursive: true, force: true });
});
const adminUrl = `postgres://postgres@127.0.0.1:${pgPort}/postgres`;
const databaseUrl = `postgres://postgres@127.0.0.1:${pgPort}/faults`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query('CREATE DATABASE faults');
await admin.end();

// ---- Schema, demo data and one open questionnaire ---------------------------------------------
const { loadConfig } = await import('../src/config.ts');
const { createDeps } = await import('../src/deps.ts');
const { migrate } = await import('../src/db/migrate.ts');
const { seedDemo } = await import('../src/db/seed.ts');
const { modules } = await import('../src/modules/index.ts');
const { createRespondable } = await import('../src/modules/questionnaires/responding.fixtures.ts');
const seeding = await createDeps(
  loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'soundings-faults-')),
    JOBS_RUNNER: 'in-process',
    JOBS_INTERVAL_MS: '0',
  }),
  { logError: () => undefined },
);
await migrate(seeding.database);
await seedDemo(seeding, modules);
const open = await createRespondable(seeding, {
  definition: {
    pages: [
      {
        key: 'views',
        title: 'Your views',
        questions: [
          { key: 'support', type: 'agreement', text: 'To what extent do you agree?', required: true },
          { key: 'comments', type: 'long_text', text: 'Why do you say that?', required: false, maxLength: 2000 },
        ],
      },
    ],
  },
});
await seeding.database.close();

// ---- The app, as children we can kill ----------------------------------------------------------
const appEnv = {
  NODE_ENV: 'production',
  DATABASE_URL: databaseUrl,
  JOBS_RUNNER: 'in-process',
  LOG_LEVEL: 'silent',
  DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'soundings-faults-app-')),
  SEED_DEMO: 'false',
  SESSION_SECRET: randomBytes(32).toString('hex'),
  BASE_URL: 'http://127.0.0.1',
  NOTIFY_API_KEY: `bench-${randomUUID()}-${randomUUID()}`,
  NOTIFY_EMAIL_TEMPLATE_ID: randomUUID(),
};
let app: { child: ChildProcess; origin: string } | undefined;
async function startApp() {
  const child = fork(path.join(here, 'serve.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...appEnv },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`app exited with ${code} before listening`)));
    child.on('message', (m: ToParent) => m.type === 'listening' && resolve(m.port));
  });
  app = { child, origin: `http://127.0.0.1:${port}` };
  return app;
}
await startApp();
const firstPid = app!.child.pid;

// ---- Residents --------------------------------------------------------------------------------
const counts = { requests: 0, refused: 0, serverErrors: 0, retriedSubmits: 0, journeys: 0 };
const confirmed: { reference: string; at: number }[] = [];
/** Answers by request and status, to show what the residents met. */
const answers: Record<string, number> = {};
let stopping = false;
let address = 0;

class Resident {
  private cookies = new Map<string, string>();
  private csrf = '';
  private readonly ip = `10.77.${(++address >> 8) & 255}.${address & 255}`;
  /** One request; a refused connection or a 5xx is retried (as a resident presses the button again). */
  async send(method: 'GET' | 'POST', pathname: string, form?: [string, string][]) {
    for (;;) {
      try {
        counts.requests++;
        const response = await fetch(app!.origin + pathname, {
          method,
          redirect: 'manual',
          headers: {
            cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
            'x-forwarded-for': this.ip,
            ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          },
          body: form ? new URLSearchParams([['_csrf', this.csrf], ...form]).toString() : undefined,
          signal: AbortSignal.timeout(15_000),
        });
        const body = await response.text();
        const key = `${method} ${pathname.split('/').pop()} ${response.status}`;
        answers[key] = (answers[key] ?? 0) + 1;
        if (response.status >= 500) {
          counts.serverErrors++;
          if (method === 'POST') counts.retriedSubmits++;
          await sleep(250);
          continue;
        }
        for (const cookie of response.headers.getSetCookie()) {
          const [pair] = cookie.split(';');
          const i = pair!.indexOf('=');
          this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
        }
        const token = /name="_csrf" value="([^"]+)"/.exec(body);
        if (token) this.csrf = token[1]!;
        return { status: response.status, body, location: response.headers.get('location') ?? '' };
      } catch {
        counts.refused++;
        if (method === 'POST') counts.retriedSubmits++;
        await sleep(250);
      }
    }
  }
}

async function resident(i: number) {
  const base = `/consultations/${open.slug}/respond`;
  while (!stopping) {
    const r = new Resident();
    try {
      await r.send('GET', `${base}/views`);
      const step = await r.send('POST', `${base}/views`, [
        ['support', 'agree'],
        ['comments', `Resident ${i}: more benches by the pond, please.`],
      ]);
      if (step.status !== 303) continue;
      await r.send('GET', `${base}/about-you`);
      await r.send('POST', `${base}/about-you`, [['age_band', '25_to_34']]);
      await r.send('GET', `${base}/about-your-response`);
      await r.send('POST', `${base}/about-your-response`, [
        ['respondentType', 'individual'],
        ['publicationConsent', 'publish_anonymous'],
      ]);
      await r.send('GET', `${base}/check-answers`);
      // Sending is retried through faults with the same session, so the same draft: stored at most once.
      const sent = await r.send('POST', `${base}/check-answers`, []);
      if (!sent.location.endsWith('/confirmation')) continue;
      const page = await r.send('GET', `${base}/confirmation`);
      const reference = /SDG-[A-Z0-9-]+/.exec(page.body)?.[0];
      if (page.status === 200 && reference) confirmed.push({ reference, at: at() });
      counts.journeys++;
    } catch {
      return;
    }
  }
}

// ---- /health, watched throughout --------------------------------------------------------------
const health: { at: number; status: number | 'refused' }[] = [];
let watching = true;
const watcher = (async () => {
  while (watching) {
    try {
      const response = await fetch(`${app!.origin}/health`, { signal: AbortSignal.timeout(3000) });
      await response.text();
      health.push({ at: at(), status: response.status });
    } catch {
      health.push({ at: at(), status: 'refused' });
    }
    await sleep(200);
  }
})();

// ---- The run ------------------------------------------------------------------------------------
const events: { at: number; what: string }[] = [];
const mark = (what: string) => {
  events.push({ at: at(), what });
  console.log(`${(at() / 1000).toFixed(1)} s: ${what}`);
};
const load = Array.from({ length: RESPONDENTS }, (_, i) => resident(i));
mark(`load: ${RESPONDENTS} residents responding`);
await sleep(PHASE);
const beforeKill = confirmed.length;
app!.child.kill('SIGKILL');
mark(`app killed with SIGKILL (${beforeKill} confirmed so far)`);
await sleep(1000);
await startApp();
mark('app restarted');
await sleep(PHASE);
const beforeDbKill = confirmed.length;
const appPidDuringDb = app!.child.pid;
pgStop('immediate');
mark(`PostgreSQL stopped (immediate: as a crash) (${beforeDbKill} confirmed so far)`);
await sleep(3000);
const healthDuringOutage = health.filter((h) => h.at >= events.at(-1)!.at + 500).map((h) => h.status);
pgStart();
mark('PostgreSQL started again');
await sleep(PHASE);
stopping = true;
mark('load stopping');
await Promise.all(load);
const afterDb = confirmed.filter((c) => c.at > events.find((e) => e.what.startsWith('PostgreSQL started'))!.at);
mark(`load stopped: ${confirmed.length} confirmed`);

// ---- Oversized and malformed input ------------------------------------------------------------
const probe = new Resident();
await probe.send('GET', `/consultations/${open.slug}/respond/views`);
const token = (probe as unknown as { csrf: string }).csrf;
const cookie = [...(probe as unknown as { cookies: Map<string, string> }).cookies]
  .map(([k, v]) => `${k}=${v}`)
  .join('; ');
const views = `/consultations/${open.slug}/respond/views`;
const form = (fields: string) => `_csrf=${encodeURIComponent(token)}&${fields}`;
const boundary = '----soundingsfaults';
const multipart = (size: number) =>
  Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nA playground\r\n--${boundary}\r\n` +
        `Content-Disposition: form-data; name="photos"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    Buffer.alloc(size, 0xff),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
const malformed: { name: string; path: string; type: string; body: Buffer | string; accept?: boolean }[] = [
  {
    name: '10 MB urlencoded body',
    path: views,
    type: 'application/x-www-form-urlencoded',
    body: form(`comments=${'a'.repeat(10 * 2 ** 20)}`),
  },
  {
    name: '10 MB JSON body',
    path: views,
    type: 'application/json',
    body: JSON.stringify({ comments: 'a'.repeat(10 * 2 ** 20) }),
  },
  {
    name: '30 MB photo upload (multipart)',
    path: '/budgeting/anything/propose',
    type: `multipart/form-data; boundary=${boundary}`,
    body: multipart(30 * 2 ** 20),
  },
  {
    name: '100,000-character field',
    path: views,
    type: 'application/x-www-form-urlencoded',
    body: form(`support=agree&comments=${'b'.repeat(100_000)}`),
  },
  {
    name: 'repeated field with two different answers',
    path: views,
    type: 'application/x-www-form-urlencoded',
    body: form('support=agree&support=disagree'),
  },
  {
    name: 'repeated fields (support × 5,000)',
    path: views,
    type: 'application/x-www-form-urlencoded',
    body: form('support=agree&'.repeat(5000)),
  },
  {
    name: 'broken multipart (no closing boundary)',
    path: '/budgeting/anything/propose',
    type: `multipart/form-data; boundary=${boundary}`,
    body: `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nhalf`,
  },
  { name: 'multipart without a boundary', path: '/budgeting/anything/propose', type: 'multipart/form-data', body: 'x' },
  {
    name: 'invalid UTF-8 (percent-encoded)',
    path: views,
    type: 'application/x-www-form-urlencoded',
    body: form('support=agree&comments=%FF%FE%C3'),
  },
  {
    name: 'invalid UTF-8 (raw bytes)',
    path: views,
    type: 'application/x-www-form-urlencoded',
    body: Buffer.concat([Buffer.from(form('support=agree&comments=')), Buffer.from([0xff, 0xfe, 0xc3])]),
  },
  // Stripped at the edge by design (src/web/body-parsing.ts), then an ordinary answer: any non-5xx will do.
  {
    name: 'NUL and control characters (stripped, then accepted)',
    accept: true,
    path: views,
    type: 'application/x-www-form-urlencoded',
    body: form('support=agree&comments=a%00b%07c'),
  },
];
/**
 * A POST that reads the answer even when the server stops reading the body early (as it should for one over
 * the limit: a browser then shows the 413 page; fetch would only report EPIPE).
 */
function rawPost(pathname: string, type: string, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(app!.origin + pathname, {
      method: 'POST',
      headers: { 'content-type': type, 'content-length': body.length, cookie, 'x-forwarded-for': '10.99.0.1' },
      timeout: 30_000,
    });
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    // The server may answer and close while we are still writing: its answer can still arrive after the error.
    request.on('error', (error) => setTimeout(() => reject(error), 5000));
    // EPIPE/ECONNRESET while writing is expected once the server has answered; the answer still arrives.
    request.write(body, () => request.end());
  });
}
const malformedResults: {
  name: string;
  status: number | string;
  ms: number;
  healthAfter: number | string;
  accept?: boolean;
}[] = [];
for (const m of malformed) {
  const started = performance.now();
  let status: number | string;
  try {
    status = await rawPost(m.path, m.type, typeof m.body === 'string' ? Buffer.from(m.body) : m.body);
  } catch (error) {
    status = `no answer (${(error as Error).message})`;
  }
  const ms = performance.now() - started;
  let healthAfter: number | string;
  try {
    healthAfter = (await fetch(`${app!.origin}/health`)).status;
  } catch {
    healthAfter = 'down';
  }
  malformedResults.push({ name: m.name, status, ms, healthAfter, accept: m.accept });
}
watching = false;
await watcher;

// ---- What was stored --------------------------------------------------------------------------
const check = new pg.Client({ connectionString: databaseUrl });
await check.connect();
const stored = (
  await check.query<{ reference: string; n: string }>(
    `SELECT reference, count(*) AS n FROM responses WHERE questionnaire_id = $1 GROUP BY reference`,
    [open.questionnaireId],
  )
).rows;
const duplicateKeys = Number(
  (
    await check.query<{ n: string }>(
      `SELECT count(*) AS n FROM (SELECT idempotency_key FROM responses GROUP BY 1 HAVING count(*) > 1) d`,
    )
  ).rows[0]!.n,
);
await check.end();
const storedCount = new Map(stored.map((r) => [r.reference, Number(r.n)]));
const missing = confirmed.filter((c) => !storedCount.has(c.reference)).length;
const twice = confirmed.filter((c) => (storedCount.get(c.reference) ?? 0) > 1).length;
const confirmedSet = new Set(confirmed.map((c) => c.reference));
const storedNotConfirmed = stored.filter((r) => !confirmedSet.has(r.reference)).length;

app!.child.kill('SIGTERM');
pgStop('fast');
pgRunning = false;
fs.rmSync(pgDir, { recursive: true, force: true });

const outageStatuses = [...new Set(healthDuringOutage.map(String))];
const recovered = afterDb.length > 0 && app!.child.pid === appPidDuringDb;
const report = {
  startedAt: new Date(Date.now() - at()).toISOString(),
  respondents: RESPONDENTS,
  phaseSeconds: PHASE / 1000,
  events,
  counts,
  answers,
  confirmed: confirmed.length,
  storedResponses: stored.reduce((a, r) => a + Number(r.n), 0),
  confirmedMissing: missing,
  confirmedStoredTwice: twice,
  duplicateIdempotencyKeys: duplicateKeys,
  storedButNeverConfirmed: storedNotConfirmed,
  confirmedAfterDatabaseRestart: afterDb.length,
  appRestartedForDatabase: app!.child.pid !== appPidDuringDb,
  firstAppPid: firstPid,
  healthDuringDatabaseOutage: outageStatuses,
  health: health.map((h) => `${h.at}:${h.status}`),
  malformed: malformedResults,
};
const resultsDir = process.env.BENCH_RESULTS_DIR ?? path.join(here, 'results');
fs.mkdirSync(resultsDir, { recursive: true });
const file = path.join(resultsDir, `faults-${report.startedAt.replace(/[:.]/g, '-').slice(0, 19)}.json`);
fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');

console.log(`\n## Faults: ${RESPONDENTS} residents responding, app SIGKILL + restart, PostgreSQL crash + restart\n`);
console.log('| figure | count |');
console.log('|---|--:|');
for (const [k, v] of [
  ['responses the residents saw confirmed (reference on the confirmation page)', confirmed.length],
  ['  … of which missing from the database', missing],
  ['  … of which stored more than once', twice],
  ['idempotency keys stored more than once', duplicateKeys],
  ['stored but never confirmed to the resident (their confirmation request was cut off)', storedNotConfirmed],
  ['confirmed after PostgreSQL came back, same app process', afterDb.length],
  [
    'requests refused (app down) / 5xx answers (database down), all retried',
    `${counts.refused} / ${counts.serverErrors}`,
  ],
] as const)
  console.log(`| ${k} | ${v} |`);
console.log(`\nAnswers the residents met: ${JSON.stringify(answers)}`);
console.log(`\n/health while PostgreSQL was down: ${outageStatuses.join(', ')} (200 before and after)`);
console.log(
  `The app ${recovered ? 'recovered from the database restart without being restarted' : 'did NOT recover'}.\n`,
);
console.log('| oversized or malformed input | status | ms | /health after |');
console.log('|---|--:|--:|--:|');
for (const m of malformedResults) console.log(`| ${m.name} | ${m.status} | ${m.ms.toFixed(0)} | ${m.healthAfter} |`);
console.log(`Written ${file}`);
const bad =
  missing > 0 ||
  twice > 0 ||
  duplicateKeys > 0 ||
  !recovered ||
  !outageStatuses.every((s) => s === '503') ||
  malformedResults.some(
    (m) => typeof m.status !== 'number' || (!m.accept && m.status < 400) || m.status >= 500 || m.healthAfter !== 200,
  );
if (bad) {
  console.log('\nNot clean: see the figures above.');
  process.exitCode = 1;
}
process.exit();
