/**
 * Hub pages under concurrent load, on a real PostgreSQL holding 5,000 consultations, beside a
 * bare Fastify + govuk template baseline measured in the same run. Figures, not pass/fail.
 *
 * Needs PG_URL (a superuser URL; bench/run.sh starts a throwaway server and sets it). Knobs:
 *   BENCH_SECONDS (10) measured seconds per target, BENCH_WARMUP (2) warm-up seconds per target,
 *   BENCH_CONNECTIONS (50), BENCH_CONSULTATIONS (5000), BENCH_ONLY (comma list of target names),
 *   BENCH_NODE_ENV (production) the app's NODE_ENV.
 * Writes bench/results/hub-<timestamp>.json and prints a Markdown table.
 */
import { execSync, fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon, { type Result } from 'autocannon';
import pg from 'pg';
import type { ToParent } from './child-ipc.ts';
import { seedBenchDatabase } from './seed-consultations.ts';
import { num } from './knobs.ts';

const here = import.meta.dirname;
const SECONDS = num('BENCH_SECONDS', 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const CONNECTIONS = num('BENCH_CONNECTIONS', 50);
/** Seconds before autocannon gives up on a request; timed-out requests are missing from the latency figures. */
const TIMEOUT = num('BENCH_TIMEOUT', 30);
const CONSULTATIONS = num('BENCH_CONSULTATIONS', 5000);
const ONLY = process.env.BENCH_ONLY?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const NODE_ENV = process.env.BENCH_NODE_ENV ?? 'production';
/** BENCH_CPU_PROF=<dir>: write a V8 CPU profile of the hub process there (open it in Chrome DevTools). */
const PROFILE_DIR = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;
const adminUrl = process.env.PG_URL;
if (!adminUrl) throw new Error('Set PG_URL to a PostgreSQL superuser URL (npm run bench does this)');

interface Server {
  name: string;
  child: ChildProcess;
  port: number;
  memory(): Promise<{ rss: number; heapUsed: number }>;
  stop(): Promise<void>;
}

/** Forks a TypeScript child through tsx and waits for it to report its port over IPC. */
async function startChild(
  name: string,
  file: string,
  env: Record<string, string>,
  extraArgs: string[] = [],
): Promise<Server> {
  const child = fork(path.join(here, file), [], {
    execArgv: ['--import', 'tsx', ...extraArgs],
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
  const memory = () =>
    new Promise<{ rss: number; heapUsed: number }>((resolve) => {
      const onMessage = (message: ToParent) => {
        if (message.type !== 'memory') return;
        child.off('message', onMessage);
        resolve({ rss: message.rss, heapUsed: message.heapUsed });
      };
      child.on('message', onMessage);
      child.send({ type: 'memory' });
    });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.disconnect();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { name, child, port, memory, stop };
}

/** Peak resident set size of a process since it started, from /proc (Linux). */
function vmHwm(pid: number | undefined): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat; with children's when asked. */
function cpuSeconds(pid: number, withChildren = false): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime 14, stime 15, cutime 16, cstime 17.
    const ticks =
      Number(fields[11]) + Number(fields[12]) + (withChildren ? Number(fields[13]) + Number(fields[14]) : 0);
    return ticks / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
const CLOCK_TICKS = 100;

/** CPU seconds used so far by the PostgreSQL server: the postmaster, its live children, and exited ones. */
function postgresCpuSeconds(): number | undefined {
  const postmaster = Number(process.env.PG_PID);
  if (!postmaster) return undefined;
  let total = cpuSeconds(postmaster, true);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) total += cpuSeconds(Number(entry));
    } catch {
      // gone between readdir and read
    }
  }
  return total;
}

interface Target {
  name: string;
  server: 'baseline' | 'hub';
  /** One path, or several that the load generator rotates through. */
  paths: string[];
  /** What the page must contain for the figures to count (the page shows real data). */
  expect?: string | ((path: string) => string);
}

interface Row {
  name: string;
  server: string;
  path: string;
  status: 'ok' | 'skipped' | 'invalid';
  note?: string;
  bytes?: number;
  rps?: number;
  p50?: number;
  p99?: number;
  mean?: number;
  total?: number;
  non2xx?: number;
  errors?: number;
  timeouts?: number;
  statusCodes?: Record<string, number>;
  rssPeakMb?: number;
  heapPeakMb?: number;
  /** CPU milliseconds per request: the server child, PostgreSQL, and the load generator (this process). */
  cpuMsPerRequest?: { server: number; postgres?: number; loadGenerator: number };
  /** The mean of the baseline runs just before and just after this target. */
  reference?: { rps: number; p50: number; p99: number; cpuMs: number };
  /** Throughput, latency and CPU per request (server + PostgreSQL) relative to that reference. */
  ratio?: { rps: number; p50: number; p99: number; cpu: number };
}

/** Merges autocannon results from several servers loaded at once: sums, and percentiles as noted in the README. */
function merge(results: Result[]): Result {
  if (results.length === 1) return results[0]!;
  const total = results.reduce((a, r) => a + r.requests.total, 0);
  const weighted = (f: (r: Result) => number) =>
    results.reduce((a, r) => a + f(r) * r.requests.total, 0) / Math.max(1, total);
  const codes: Record<string, { count: number }> = {};
  for (const r of results)
    for (const [code, stat] of Object.entries(r.statusCodeStats))
      codes[code] = { count: (codes[code]?.count ?? 0) + stat.count };
  return {
    ...results[0]!,
    requests: { ...results[0]!.requests, average: results.reduce((a, r) => a + r.requests.average, 0), total },
    latency: {
      ...results[0]!.latency,
      p50: weighted((r) => r.latency.p50),
      p99: Math.max(...results.map((r) => r.latency.p99)),
      average: weighted((r) => r.latency.average),
    },
    non2xx: results.reduce((a, r) => a + r.non2xx, 0),
    errors: results.reduce((a, r) => a + r.errors, 0),
    timeouts: results.reduce((a, r) => a + r.timeouts, 0),
    statusCodeStats: codes,
  };
}

async function measure(servers: Server[], target: Target): Promise<Row> {
  const server = servers[0]!;
  const base = `http://127.0.0.1:${server.port}`;
  const row: Omit<Row, 'status'> = {
    name: target.name,
    server: servers.length > 1 ? `${server.name} ×${servers.length}` : server.name,
    path:
      target.paths.length > 1 ? `${target.paths[0]} (+${target.paths.length - 1} more, rotating)` : target.paths[0]!,
  };

  // Sanity: every path answers 200 once before we load it, and shows what it should.
  for (const p of target.paths.slice(0, 5)) {
    const response = await fetch(base + p, { redirect: 'manual' });
    const body = await response.text();
    row.bytes = Buffer.byteLength(body);
    if (response.status !== 200) return { ...row, status: 'skipped', note: `GET ${p} answered ${response.status}` };
    const expected = typeof target.expect === 'function' ? target.expect(p) : target.expect;
    if (expected && !body.includes(expected)) {
      return { ...row, status: 'skipped', note: `GET ${p} did not contain ${JSON.stringify(expected)}` };
    }
  }

  let next = 0;
  const options = {
    connections: Math.ceil(CONNECTIONS / servers.length),
    timeout: TIMEOUT,
    requests: [
      {
        method: 'GET',
        setupRequest: (request: { path?: string }) => ({
          ...request,
          path: target.paths[next++ % target.paths.length],
        }),
      },
    ],
  };
  // Several servers (two app processes behind one PostgreSQL): one autocannon per port, all at once.
  const load = async (duration: number) =>
    merge(
      await Promise.all(servers.map((s) => autocannon({ ...options, url: `http://127.0.0.1:${s.port}`, duration }))),
    );
  if (WARMUP > 0) await load(WARMUP);

  let rssPeak = 0;
  let heapPeak = 0;
  const sample = async () => {
    for (const s of servers) {
      const m = await s.memory();
      rssPeak = Math.max(rssPeak, m.rss);
      heapPeak = Math.max(heapPeak, m.heapUsed);
    }
  };
  const sampler = setInterval(() => void sample(), 250);
  const serversCpu = () => servers.reduce((a, s) => a + cpuSeconds(s.child.pid!), 0);
  const cpuBefore = { server: serversCpu(), postgres: postgresCpuSeconds(), self: process.cpuUsage() };
  let result: Result;
  try {
    result = await load(SECONDS);
  } finally {
    clearInterval(sampler);
  }
  const cpuAfter = {
    server: serversCpu(),
    postgres: postgresCpuSeconds(),
    self: process.cpuUsage(cpuBefore.self),
  };
  await sample();
  const perRequest = (seconds: number) => (seconds * 1000) / Math.max(1, result.requests.total);
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
  const invalid = result.non2xx > 0 || result.errors > 0 || result.timeouts > 0;
  return {
    ...row,
    status: invalid ? 'invalid' : 'ok',
    note: invalid ? `${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts` : undefined,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.average,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    rssPeakMb: rssPeak / 2 ** 20,
    heapPeakMb: heapPeak / 2 ** 20,
    cpuMsPerRequest: {
      server: perRequest(cpuAfter.server - cpuBefore.server),
      postgres:
        cpuAfter.postgres === undefined || cpuBefore.postgres === undefined
          ? undefined
          : perRequest(cpuAfter.postgres - cpuBefore.postgres),
      loadGenerator: perRequest((cpuAfter.self.user + cpuAfter.self.system) / 1e6),
    },
  };
}

function gitCommit(): string {
  if (process.env.BENCH_COMMIT) return process.env.BENCH_COMMIT;
  try {
    return execSync('git rev-parse --short HEAD', { cwd: here, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined ? '–' : n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const cpuCell = (r: Row) => {
  const cpu = r.cpuMsPerRequest;
  if (!cpu) return '–';
  if (r.server.startsWith('baseline')) return fmt(cpu.server, 2);
  return `${fmt(cpu.server, 2)} + ${fmt(cpu.postgres, 2)}${r.ratio ? ` (${fmt(r.ratio.cpu, 1)}×)` : ''}`;
};

function table(rows: Row[]): string {
  const lines = [
    '| target | path | req/s | p50 ms | p99 ms | req/s ÷ baseline | p99 × baseline | CPU ms/req: server + PostgreSQL (× baseline) | peak RSS MB | page KB | non-2xx / errors |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const r of rows) {
    if (r.status === 'skipped') {
      lines.push(`| ${r.name} | \`${r.path}\` | skipped: ${r.note} | | | | | | | | |`);
      continue;
    }
    lines.push(
      `| ${r.name}${r.status === 'invalid' ? ' **(INVALID)**' : ''} | \`${r.path}\` | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ` +
        `${r.ratio ? fmt(r.ratio.rps, 2) : '–'} | ${r.ratio ? fmt(r.ratio.p99, 1) : '–'} | ${cpuCell(r)} | ${fmt(r.rssPeakMb)} | ${fmt((r.bytes ?? 0) / 1024, 1)} | ` +
        `${r.non2xx ?? 0} / ${(r.errors ?? 0) + (r.timeouts ?? 0)} |`,
    );
  }
  return lines.join('\n');
}

const startedAt = new Date();
const loadBefore = os.loadavg();
console.log(`Seeding ${CONSULTATIONS} consultations on ${adminUrl.replace(/\/\/[^@]*@/, '//')} ...`);
const seed = await seedBenchDatabase(adminUrl, CONSULTATIONS);
console.log(`Seeded ${seed.databaseName} in ${seed.seconds.toFixed(1)} s: ${JSON.stringify(seed.byState)}`);

// Pick the inputs from the data, so the targets hit real rows.
const client = new pg.Client({ connectionString: seed.databaseUrl });
await client.connect();
const [pgVersion] = (await client.query<{ server_version: string }>('SHOW server_version')).rows;
const [busiestWard] = (
  await client.query<{ ward_code: string; n: string }>(
    `SELECT w.ward_code, count(*) AS n FROM consultation_wards w JOIN consultations c ON c.id = w.consultation_id
     WHERE c.state = 'closed' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
  )
).rows;
const slugs = (
  await client.query<{ slug: string; title: string }>(
    `SELECT slug, title FROM consultations WHERE state IN ('open', 'closed', 'feedback_published', 'scheduled')
     ORDER BY md5(slug) LIMIT 200`,
  )
).rows;
const totalByState = Object.fromEntries(
  (
    await client.query<{ state: string; n: string }>(
      'SELECT state, count(*) AS n FROM consultations GROUP BY 1 ORDER BY 1',
    )
  ).rows.map((r) => [r.state, Number(r.n)]),
);
const [published] = (
  await client.query<{ slug: string }>(
    `SELECT c.slug FROM questionnaires q JOIN consultations c ON c.id = q.owner_id AND q.owner_type = 'consultation'
     WHERE q.results_published_at IS NOT NULL ORDER BY c.slug LIMIT 1`,
  )
).rows;
const [respondable] = (
  await client.query<{ slug: string }>(
    `SELECT c.slug FROM questionnaires q JOIN consultations c ON c.id = q.owner_id AND q.owner_type = 'consultation'
     WHERE c.state = 'open' ORDER BY c.slug LIMIT 1`,
  )
).rows;
const [upcomingEvent] = (
  await client.query<{ id: string }>(
    `SELECT id FROM plan_events WHERE ends_at > now() AND status <> 'cancelled' ORDER BY starts_at LIMIT 1`,
  )
).rows;
await client.end();
const titles = new Map(slugs.map((s) => [`/consultations/${s.slug}`, s.title]));

const targets: Target[] = (
  [
    { name: 'app shell, no data (sign-in)', server: 'hub', paths: ['/sign-in'] },
    { name: 'hub home', server: 'hub', paths: ['/'], expect: 'href="/consultations/' },
    { name: 'find: default (open)', server: 'hub', paths: ['/consultations'], expect: 'href="/consultations/' },
    {
      name: 'find: search + topic',
      server: 'hub',
      paths: ['/consultations?q=library&topic=housing'],
      expect: 'href="/consultations/',
    },
    {
      name: 'find: ward + closed, page 3',
      server: 'hub',
      paths: [`/consultations?ward=${busiestWard!.ward_code}&status=closed&page=3`],
      expect: 'href="/consultations/',
    },
    {
      name: 'consultation page (200 slugs)',
      server: 'hub',
      paths: slugs.map((s) => `/consultations/${s.slug}`),
      expect: (p: string) => titles.get(p)!,
    },
    { name: 'feed (Atom)', server: 'hub', paths: ['/consultations/feed.atom'], expect: '<feed' },
    { name: 'results library', server: 'hub', paths: ['/results'] },
    { name: 'forward plan', server: 'hub', paths: ['/plan'] },
    { name: 'events diary', server: 'hub', paths: ['/events'] },
    ...(upcomingEvent ? [{ name: 'event page', server: 'hub' as const, paths: [`/events/${upcomingEvent.id}`] }] : []),
    ...(published
      ? [{ name: 'published results', server: 'hub' as const, paths: [`/consultations/${published.slug}/results`] }]
      : []),
    // The first journey step (not cached: every respondent gets their own draft and form).
    ...(respondable
      ? [{ name: 'journey: start page', server: 'hub' as const, paths: [`/consultations/${respondable.slug}/respond`] }]
      : []),
  ] satisfies Target[] as Target[]
).filter((t) => !ONLY || ONLY.some((o) => t.name.includes(o) || t.paths[0]!.includes(o)));
const baselineTarget: Target = { name: 'baseline', server: 'baseline', paths: ['/'], expect: 'govuk-template' };

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'soundings-bench-'));
const baseline = await startChild('baseline', 'baseline.ts', { NODE_ENV: 'production' });
const hubEnv = {
  NODE_ENV,
  DATABASE_URL: seed.databaseUrl,
  JOBS_RUNNER: 'in-process',
  LOG_LEVEL: 'silent',
  DATA_DIR: dataDir,
  SEED_DEMO: 'false',
  SESSION_SECRET: randomBytes(32).toString('hex'),
  BASE_URL: 'http://127.0.0.1',
  NOTIFY_API_KEY: `bench-${randomUUID()}-${randomUUID()}`,
  NOTIFY_EMAIL_TEMPLATE_ID: randomUUID(),
  ...(process.env.BENCH_PAGE_CACHE ? { PAGE_CACHE: process.env.BENCH_PAGE_CACHE } : {}),
};
const hub = await startChild(
  'hub',
  'serve.ts',
  hubEnv,
  PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [],
);

const rows: Row[] = [];
const baselineRuns: Row[] = [];
/** Which baseline runs each row sits between (indexes into baselineRuns). */
const between: [number, number][] = [];
let hwm: { baseline: number | null; hub: number | null } = { baseline: null, hub: null };
/** BENCH_PROCESSES=1,2 (default): the whole list on one app process, then again on two behind one PostgreSQL. */
const PROCESSES = (process.env.BENCH_PROCESSES ?? '1,2')
  .split(',')
  .map(Number)
  .filter((n) => n === 1 || n === 2);
const extra: Server[] = [];
const run = async (server: Server | Server[], target: Target, label: string) => {
  process.stdout.write(`${label} ... `);
  const row = await measure(Array.isArray(server) ? server : [server], target);
  console.log(
    row.status === 'skipped'
      ? `skipped (${row.note})`
      : `${fmt(row.rps)} req/s, p99 ${fmt(row.p99)} ms${row.note ? `, ${row.note}` : ''}`,
  );
  return row;
};
try {
  // Baseline, target, baseline, target, ..., baseline: each target is compared with the baseline runs either
  // side of it, so the machine getting busier or quieter during the run moves both sides of the ratio.
  for (const processes of PROCESSES) {
    let baselines = [baseline];
    let hubs = [hub];
    if (processes === 2) {
      // A second of each, as a second machine or container would run it: the app is stateless.
      extra.push(await startChild('baseline', 'baseline.ts', { NODE_ENV: 'production' }));
      extra.push(await startChild('hub', 'serve.ts', hubEnv));
      baselines = [baseline, extra[0]!];
      hubs = [hub, extra[1]!];
    }
    const suffix = processes === 2 ? ' ×2' : '';
    baselineRuns.push(await run(baselines, baselineTarget, `baseline${suffix} #${baselineRuns.length + 1}`));
    for (const target of targets) {
      rows.push({ ...(await run(hubs, target, target.name + suffix)), name: target.name + suffix });
      between.push([baselineRuns.length - 1, baselineRuns.length]);
      baselineRuns.push(await run(baselines, baselineTarget, `baseline${suffix} #${baselineRuns.length + 1}`));
    }
  }
} finally {
  hwm = { baseline: vmHwm(baseline.child.pid), hub: vmHwm(hub.child.pid) };
  await Promise.all([baseline.stop(), hub.stop(), ...extra.map((s) => s.stop())]);
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const referenceOf = (runs: Row[]) => {
  const ok = runs.filter((r) => r.status === 'ok');
  if (ok.length === 0) return undefined;
  return {
    rps: mean(ok.map((r) => r.rps!)),
    p50: mean(ok.map((r) => r.p50!)),
    p99: mean(ok.map((r) => r.p99!)),
    cpuMs: mean(ok.map((r) => r.cpuMsPerRequest!.server)),
  };
};
rows.forEach((row, i) => {
  const [before, after] = between[i]!;
  const reference = referenceOf([baselineRuns[before]!, baselineRuns[after]!].filter(Boolean));
  if (!reference || row.rps === undefined) return;
  row.reference = reference;
  const cpu = row.cpuMsPerRequest!;
  row.ratio = {
    rps: row.rps / reference.rps,
    p50: row.p50! / reference.p50,
    p99: row.p99! / reference.p99,
    cpu: (cpu.server + (cpu.postgres ?? 0)) / reference.cpuMs,
  };
});
const summarise = (server: string): Row | undefined => {
  const runs = baselineRuns.filter((r) => r.server === server);
  const okBaselines = runs.filter((r) => r.status === 'ok');
  return okBaselines.length
    ? {
        name: `baseline${server === 'baseline' ? '' : ' ×2'}: bare Fastify + govuk template, mean of ${okBaselines.length} runs`,
        server,
        path: '/',
        status: runs.every((r) => r.status === 'ok') ? 'ok' : 'invalid',
        bytes: okBaselines[0]!.bytes,
        rps: mean(okBaselines.map((r) => r.rps!)),
        p50: mean(okBaselines.map((r) => r.p50!)),
        p99: mean(okBaselines.map((r) => r.p99!)),
        non2xx: runs.reduce((a, r) => a + (r.non2xx ?? 0), 0),
        errors: runs.reduce((a, r) => a + (r.errors ?? 0), 0),
        timeouts: 0,
        rssPeakMb: Math.max(...okBaselines.map((r) => r.rssPeakMb!)),
        cpuMsPerRequest: {
          server: mean(okBaselines.map((r) => r.cpuMsPerRequest!.server)),
          loadGenerator: mean(okBaselines.map((r) => r.cpuMsPerRequest!.loadGenerator)),
        },
      }
    : undefined;
};
const baselineSummary = summarise('baseline');
const baselineSummary2 = summarise('baseline ×2');
const okBaselines = baselineRuns.filter((r) => r.status === 'ok' && r.server === 'baseline');
const baselineRange = okBaselines.length
  ? { min: Math.min(...okBaselines.map((r) => r.rps!)), max: Math.max(...okBaselines.map((r) => r.rps!)) }
  : undefined;

const report = {
  startedAt: startedAt.toISOString(),
  commit: gitCommit(),
  uncommittedSrcPaths: process.env.BENCH_DIRTY === undefined ? null : Number(process.env.BENCH_DIRTY),
  node: process.version,
  postgres: pgVersion?.server_version,
  machine: {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model,
    loadavgBefore: loadBefore,
    loadavgAfter: os.loadavg(),
  },
  settings: {
    seconds: SECONDS,
    warmupSeconds: WARMUP,
    connections: CONNECTIONS,
    timeoutSeconds: TIMEOUT,
    appNodeEnv: NODE_ENV,
    dbPoolSize: 10,
  },
  data: {
    consultations: seed.consultations,
    byState: seed.byState,
    /** Including the modules' own demo consultations. */
    totalByState,
    seedSeconds: seed.seconds,
    ward: busiestWard,
  },
  baseline: {
    summary: baselineSummary,
    summaryTwoProcesses: baselineSummary2,
    runs: baselineRuns,
    rpsRange: baselineRange,
  },
  peakRssMb: { baseline: hwm.baseline && hwm.baseline / 2 ** 20, hub: hwm.hub && hwm.hub / 2 ** 20 },
  targets: rows,
};
const resultsDir = process.env.BENCH_RESULTS_DIR ?? path.join(here, 'results');
fs.mkdirSync(resultsDir, { recursive: true });
const file = path.join(resultsDir, `hub-${startedAt.toISOString().replace(/[:.]/g, '-').slice(0, 19)}.json`);
fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');

console.log(
  `\n## Hub pages under load: ${CONNECTIONS} connections, ${SECONDS} s per target after ${WARMUP} s warm-up, ` +
    `${seed.consultations} consultations, PostgreSQL ${pgVersion?.server_version}, Node ${process.version}, commit ${report.commit}${report.uncommittedSrcPaths ? ` + ${report.uncommittedSrcPaths} uncommitted paths under src/` : ''}\n`,
);
console.log(
  table([
    ...(baselineSummary ? [baselineSummary] : []),
    ...rows.filter((r) => !r.server.includes('×')),
    ...(baselineSummary2 ? [baselineSummary2] : []),
    ...rows.filter((r) => r.server.includes('×')),
  ]),
);
console.log(
  `\nEach ratio is to the mean of the baseline runs just before and after that target; the baseline ran ` +
    `${okBaselines.length} times between ${fmt(baselineRange?.min)} and ${fmt(baselineRange?.max)} req/s (drift on this machine). ` +
    `Peak RSS over the whole run (VmHWM): hub ${fmt(report.peakRssMb.hub ?? undefined)} MB, baseline ${fmt(report.peakRssMb.baseline ?? undefined)} MB. ` +
    `Load average before/after: ${loadBefore.map((l) => l.toFixed(2)).join(' ')} / ${report.machine.loadavgAfter.map((l) => l.toFixed(2)).join(' ')}.`,
);
console.log(`Written ${file}`);
if ([...rows, ...baselineRuns].some((r) => r.status !== 'ok')) {
  console.log('\nNot a clean result: some targets were skipped or answered non-2xx (see the table).');
  process.exitCode = 1;
}
