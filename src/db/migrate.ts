/**
 * Applies the committed SQL files in db/migrations in name order, each once. Each file runs as
 * one simple-protocol script, which PostgreSQL treats as one implicit transaction: the marker
 * row is inserted first, so a second process starting at the same moment blocks on it and then
 * fails with a unique violation, which we read as "already applied". On PostgreSQL the whole run
 * also holds an advisory lock, so a second process waits rather than racing file by file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './client.ts';
import { isUniqueViolation } from './errors.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Any fixed number: every Soundings process asks for the same advisory lock before migrating. */
export const MIGRATION_LOCK_KEY = 0x534f554e; // "SOUN"

export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  // Two app containers starting together: the second waits here, then finds nothing left to apply.
  return database.withAdvisoryLock(MIGRATION_LOCK_KEY, () => applyPending(database, dir));
}

async function applyPending(database: Database, dir: string): Promise<string[]> {
  const files = fs
    .readdirSync(dir)
    .filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name))
    .sort();
  await database.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now())`);
  const done = new Set(
    (await database.query<{ name: string }>('SELECT name FROM schema_migrations')).map((row) => row.name),
  );
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const script = fs.readFileSync(path.join(dir, file), 'utf8');
    try {
      await database.exec(`INSERT INTO schema_migrations (name) VALUES ('${file}');\n${script}`);
      applied.push(file);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return applied;
}
