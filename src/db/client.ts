/**
 * One SQL dialect from laptop to production: embedded PGlite when DATABASE_URL is unset,
 * node-postgres when it is set. Both sit behind the same Drizzle type.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** Drizzle over either driver; a transaction is assignable to it too. */
export type Db = PgDatabase<PgQueryResultHKT>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Runs a multi-statement SQL script (migrations). */
  exec(script: string): Promise<void>;
  /** Returns rows of a raw query; for health checks and tests. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
  /**
   * Runs fn while holding a session-level advisory lock (PostgreSQL), so processes starting together
   * take turns (migrations). PGlite is one process's own database: fn just runs.
   */
  withAdvisoryLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  /** PGlite only: the whole data folder as a tarball, to start another database from. */
  dump?(): Promise<Blob>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  /** Folder for PGlite's files; undefined keeps the database in memory (tests). */
  dataDir?: string;
  /** A PGlite data folder dumped by dumpDataDir() to start from (tests' shared demo fixture). */
  loadDataDir?: Blob;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : openPglite(options.dataDir, options.loadDataDir);
}

async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (dataDir) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const client = new PGlite({ dataDir, loadDataDir });
  await client.waitReady;
  return {
    db: drizzle(client) as unknown as Db,
    kind: 'pglite',
    exec: async (script) => {
      await client.exec(script);
    },
    query: async <T>(text: string, params: unknown[] = []) => (await client.query<T>(text, params)).rows,
    close: () => client.close(),
    withAdvisoryLock: (_key, fn) => fn(),
    dump: async () => client.dumpDataDir('none'),
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pg = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const pool = new pg.default.Pool({ connectionString: url, max: poolSize });
  // A connection the server ends (restart, failover, a dropped test database) emits 'error' on its
  // client; queries on it still reject, but an unheard event would crash the process.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return {
    db: drizzle(pool) as unknown as Db,
    kind: 'postgres',
    exec: async (script) => {
      await pool.query(script);
    },
    query: async <T>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as T[],
    close: () => pool.end(),
    withAdvisoryLock: async (key, fn) => {
      // The lock belongs to one connection: hold it on a client of its own until fn settles.
      const lockClient = await pool.connect();
      try {
        await lockClient.query('SELECT pg_advisory_lock($1)', [key]);
        try {
          return await fn();
        } finally {
          await lockClient.query('SELECT pg_advisory_unlock($1)', [key]);
        }
      } finally {
        lockClient.release();
      }
    },
  };
}
