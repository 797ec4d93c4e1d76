/**
 * The only reader of process.env. Every key is typed and documented here, has an embedded
 * default that works on a laptop, and production mode refuses to start without real secrets.
 */
import path from 'node:path';

export type Environment = 'development' | 'test' | 'production';

export interface Config {
  /** NODE_ENV: development (default), test or production. */
  env: Environment;
  /** PORT: HTTP port (3000). */
  port: number;
  /** HOST: interface to listen on (127.0.0.1; use 0.0.0.0 in a container). */
  host: string;
  /** BASE_URL: public address used in emails and feeds (http://localhost:PORT). */
  baseUrl: string;
  /** DATABASE_URL: a PostgreSQL server; unset means embedded PGlite in DATA_DIR/pglite. */
  databaseUrl: string | undefined;
  /** DATA_DIR: where embedded data and uploads live (./data). */
  dataDir: string;
  /** SESSION_SECRET: 64 hex characters (32 bytes) sealing the session cookie. */
  sessionSecret: string;
  /** COOKIE_SECURE: mark cookies Secure (true; browsers accept it on http://localhost). */
  cookieSecure: boolean;
  /** NOTIFY_API_KEY: GOV.UK Notify key; unset means messages go to the outbox. */
  notifyApiKey: string | undefined;
  /** NOTIFY_BASE_URL: Notify API address (for a local fake server in tests). */
  notifyBaseUrl: string | undefined;
  /**
   * NOTIFY_INBOUND_TOKEN: the bearer token GOV.UK Notify sends with received text messages
   * (its "callback for received text messages" setting); unset turns the callback off (404).
   */
  notifyInboundToken: string | undefined;
  /** NOTIFY_EMAIL_TEMPLATE_ID / NOTIFY_SMS_TEMPLATE_ID: generic Notify templates with ((subject)) and ((body)). */
  notifyEmailTemplateId: string;
  notifySmsTemplateId: string;
  /** JOBS_RUNNER: pg-boss (default with DATABASE_URL) or in-process (always with PGlite). */
  jobsRunner: 'pg-boss' | 'in-process';
  /** LOG_LEVEL: pino level (info; silent in tests). */
  logLevel: string;
  /** SEED_DEMO: load the demo borough at start-up (true outside production). */
  seedDemo: boolean;
  /** SOUNDINGS_DEMO_COUNCIL: GSS code of the council the demo runs on (E09000002, Barking and Dagenham). */
  demoCouncil: string;
  /** JOBS_INTERVAL_MS: how often the in-process scheduler ticks (30000). */
  jobsIntervalMs: number;
  /** TEMPLATES_WATCH: re-read templates on every request, for editing them (false; `npm run dev` sets true). */
  watchTemplates: boolean;
  /** PAGE_CACHE: keep rendered public pages in memory (true; false in tests unless set, see src/web/page-cache.ts). */
  pageCache: boolean;
  /** UPLOAD_MAX_BYTES: largest document upload (20 MiB). */
  uploadMaxBytes: number;
  /** Standards check thresholds (weeks); see the consultations module. */
  standards: {
    /** STANDARDS_BLOCK_WEEKS: an open period shorter than this blocks publication (2). */
    blockWeeks: number;
    /** STANDARDS_MIN_WEEKS: the partnership's minimum open period (6). */
    minimumWeeks: number;
    /** STANDARDS_RECOMMENDED_WEEKS: below this a justification is asked for (12). */
    recommendedWeeks: number;
    /** STANDARDS_ANALYSIS_WEEKS: time needed between close and decision (4). */
    analysisWeeks: number;
  };
  /** Residents' panels (people module). */
  people: {
    /** PEOPLE_INACTIVE_DAYS: a member not active for this long is reminded (730). */
    inactiveDays: number;
    /** PEOPLE_ERASE_AFTER_REMINDER_DAYS: still inactive this long after the reminder, erased (30). */
    eraseAfterReminderDays: number;
    /** PEOPLE_CONTACT_LIMIT / PEOPLE_CONTACT_PERIOD_DAYS: at most this many invitations per period (3 per 90). */
    contactLimit: number;
    contactPeriodDays: number;
  };
}

const DEV_SESSION_SECRET = 'a'.repeat(64);

type Env = Record<string, string | undefined>;

function int(env: Env, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${key} must be a number, got "${raw}"`);
  return value;
}

function bool(env: Env, key: string, fallback: boolean): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  return raw === 'true' || raw === '1';
}

export function loadConfig(env: Env = process.env): Config {
  const environment = (env.NODE_ENV ?? 'development') as Environment;
  if (!['development', 'test', 'production'].includes(environment)) {
    throw new Error(`NODE_ENV must be development, test or production, got "${environment}"`);
  }
  const production = environment === 'production';
  const port = int(env, 'PORT', 3000);
  const config: Config = {
    env: environment,
    port,
    host: env.HOST ?? '127.0.0.1',
    baseUrl: (env.BASE_URL || `http://localhost:${port}`).replace(/\/$/, ''),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR ?? 'data'),
    sessionSecret: env.SESSION_SECRET ?? (production ? '' : DEV_SESSION_SECRET),
    cookieSecure: bool(env, 'COOKIE_SECURE', true),
    notifyApiKey: env.NOTIFY_API_KEY || undefined,
    notifyBaseUrl: env.NOTIFY_BASE_URL || undefined,
    notifyInboundToken: env.NOTIFY_INBOUND_TOKEN || undefined,
    notifyEmailTemplateId: env.NOTIFY_EMAIL_TEMPLATE_ID ?? '',
    notifySmsTemplateId: env.NOTIFY_SMS_TEMPLATE_ID ?? '',
    jobsRunner: env.JOBS_RUNNER === 'in-process' ? 'in-process' : 'pg-boss',
    logLevel: env.LOG_LEVEL ?? (environment === 'test' ? 'silent' : 'info'),
    seedDemo: bool(env, 'SEED_DEMO', !production),
    demoCouncil: (env.SOUNDINGS_DEMO_COUNCIL || 'E09000002').toUpperCase(),
    jobsIntervalMs: int(env, 'JOBS_INTERVAL_MS', 30_000),
    watchTemplates: bool(env, 'TEMPLATES_WATCH', false),
    pageCache: bool(env, 'PAGE_CACHE', environment !== 'test'),
    uploadMaxBytes: int(env, 'UPLOAD_MAX_BYTES', 20 * 1024 * 1024),
    standards: {
      blockWeeks: int(env, 'STANDARDS_BLOCK_WEEKS', 2),
      minimumWeeks: int(env, 'STANDARDS_MIN_WEEKS', 6),
      recommendedWeeks: int(env, 'STANDARDS_RECOMMENDED_WEEKS', 12),
      analysisWeeks: int(env, 'STANDARDS_ANALYSIS_WEEKS', 4),
    },
    people: {
      inactiveDays: int(env, 'PEOPLE_INACTIVE_DAYS', 730),
      eraseAfterReminderDays: int(env, 'PEOPLE_ERASE_AFTER_REMINDER_DAYS', 30),
      contactLimit: int(env, 'PEOPLE_CONTACT_LIMIT', 3),
      contactPeriodDays: int(env, 'PEOPLE_CONTACT_PERIOD_DAYS', 90),
    },
  };
  if (production) assertProductionReady(config, env);
  return config;
}

/** Fail fast: a production start with a missing secret is a misconfiguration, not a default. */
function assertProductionReady(config: Config, env: Env): void {
  const missing: string[] = [];
  if (!/^[0-9a-f]{64}$/i.test(config.sessionSecret) || config.sessionSecret === DEV_SESSION_SECRET) {
    missing.push('SESSION_SECRET (64 hex characters)');
  }
  if (!config.databaseUrl) missing.push('DATABASE_URL');
  if (!config.notifyApiKey) missing.push('NOTIFY_API_KEY');
  if (!config.notifyEmailTemplateId) missing.push('NOTIFY_EMAIL_TEMPLATE_ID');
  if (!env.BASE_URL) missing.push('BASE_URL');
  if (missing.length > 0) {
    throw new Error(`Production configuration is incomplete: set ${missing.join(', ')}`);
  }
}
