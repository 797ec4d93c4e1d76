/** The services every module's use-cases receive: built once in server.ts, or per test. */
import type { Config } from './config.ts';
import type { Database, Db } from './db/client.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { ConsultationLinkProvider, ConsultationPanelProvider } from './modules/module.ts';
import type { Notifier } from './notifications/notifier.ts';
import type { Storage } from './storage/storage.ts';

/** Time comes from here so tests can move the clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface Deps {
  config: Config;
  database: Database;
  db: Db;
  clock: Clock;
  notifier: Notifier;
  storage: Storage;
  jobs: JobQueue;
  /** Contributions modules make to each other's pages; filled in by buildApp from the manifests. */
  extensions?: { consultationLinks: ConsultationLinkProvider[]; consultationPanels: ConsultationPanelProvider[] };
}

/** Who is acting: staff user, or the system (jobs). Written into every audit event. */
export interface Actor {
  id: string | null;
  label: string;
  organisationId: string | null;
  requestId?: string;
}

export const systemActor: Actor = { id: null, label: 'Soundings (scheduled job)', organisationId: null };

export interface CreateDepsOptions {
  /** Keep PGlite in memory rather than DATA_DIR (tests). */
  inMemory?: boolean;
  clock?: Clock;
  logError?: (message: string, error: unknown) => void;
  /** PGlite: start from this dumped data folder instead of an empty one (tests' shared fixture). */
  loadDataDir?: Blob;
}

/** Opens the database and wires the runtime services for the given configuration. */
export async function createDeps(config: Config, options: CreateDepsOptions = {}): Promise<Deps> {
  const { openDatabase } = await import('./db/client.ts');
  const { createNotifier, outboxTransport } = await import('./notifications/notifier.ts');
  const { notifyTransport } = await import('./notifications/notify-transport.ts');
  const { diskStorage } = await import('./storage/storage.ts');
  const { inProcessQueue } = await import('./jobs/in-process-runner.ts');
  const { pgBossQueue } = await import('./jobs/pg-boss-runner.ts');
  const path = await import('node:path');

  const logError = options.logError ?? ((message, error) => console.error(message, error));
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: options.inMemory ? undefined : path.join(config.dataDir, 'pglite'),
    loadDataDir: options.loadDataDir,
  });
  const transport = config.notifyApiKey
    ? notifyTransport({
        apiKey: config.notifyApiKey,
        baseUrl: config.notifyBaseUrl,
        emailTemplateId: config.notifyEmailTemplateId,
        smsTemplateId: config.notifySmsTemplateId,
      })
    : outboxTransport;
  const jobs =
    config.databaseUrl && config.jobsRunner === 'pg-boss'
      ? pgBossQueue(config.databaseUrl, (error) => logError('job queue error', error))
      : inProcessQueue({
          intervalMs: config.jobsIntervalMs,
          onError: (name, error) => logError(`job ${name} failed`, error),
        });
  return {
    config,
    database,
    db: database.db,
    clock: options.clock ?? systemClock,
    notifier: createNotifier(transport),
    storage: diskStorage(path.join(config.dataDir, 'uploads')),
    jobs,
  };
}
