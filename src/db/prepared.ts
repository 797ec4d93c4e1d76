/**
 * Statements prepared once per database handle, and so planned once per connection on
 * PostgreSQL. For the busiest public queries, building Drizzle's SQL anew on every request costs
 * more CPU than running it.
 */
import type { Db } from './client.ts';

export interface Executable<T> {
  execute(values?: Record<string, unknown>): Promise<T>;
}

const statements = new WeakMap<Db, Map<string, Executable<unknown>>>();
/**
 * One name per key for the whole process: a connection may serve several handles (the pool and
 * its transactions), and PostgreSQL refuses one name for two different statements.
 */
const names = new Map<string, string>();

function nameOf(key: string): string {
  let name = names.get(key);
  if (!name) {
    name = `q${names.size}_${key.replace(/[^a-z]/g, '_').slice(0, 40)}`;
    names.set(key, name);
  }
  return name;
}

/**
 * The statement for `key` (one query shape, named after its module) on this database, built the
 * first time it is asked for. `build` receives the key's statement name.
 */
export function prepared<T>(db: Db, key: string, build: (name: string) => Executable<T>): Executable<T> {
  let byKey = statements.get(db);
  if (!byKey) {
    byKey = new Map();
    statements.set(db, byKey);
  }
  let statement = byKey.get(key);
  if (!statement) {
    statement = build(nameOf(key));
    byKey.set(key, statement);
  }
  return statement as Executable<T>;
}
