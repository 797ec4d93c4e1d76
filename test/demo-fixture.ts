/**
 * The demo database, built once per test run: migrating and seeding it took most of every route
 * test file's start-up. build() starts from a copy whenever a test wants the plain demo (seeded,
 * today's clock, default settings): on PostgreSQL a CREATE DATABASE … TEMPLATE, on PGlite the
 * dumped data folder. Uploaded demo documents are copied with it.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDemo } from '../src/db/seed.ts';
import { createDeps } from '../src/deps.ts';
import { modules } from '../src/modules/index.ts';

export interface DemoFixture {
  /** PostgreSQL: the template database's name. */
  template?: string;
  /** PGlite: the dumped data folder's tarball. */
  pgliteTar?: string;
  /** The fixture's DATA_DIR, whose uploads every copy starts with. */
  dataDir: string;
  /** When the demo was seeded: its dates are relative to this. */
  seededAt: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    demoFixture: DemoFixture;
  }
}

export async function makeDemoFixture(adminUrl: string | undefined): Promise<DemoFixture> {
  const id = randomUUID().replace(/-/g, '');
  const dataDir = `/tmp/soundings-fixture-${id}`;
  const template = adminUrl ? `fixture_${id}` : undefined;
  let databaseUrl: string | undefined;
  if (adminUrl && template) {
    await adminQuery(adminUrl, `CREATE DATABASE ${template}`);
    const url = new URL(adminUrl);
    url.pathname = `/${template}`;
    databaseUrl = url.toString();
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    JOBS_INTERVAL_MS: '0',
    JOBS_RUNNER: 'in-process',
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const seededAt = new Date();
  const deps = await createDeps(config, { inMemory: true, logError: () => undefined });
  await migrate(deps.database);
  await seedDemo(deps, modules);
  const fixture: DemoFixture = { template, dataDir, seededAt: seededAt.toISOString() };
  if (!adminUrl) {
    fixture.pgliteTar = `${dataDir}.tar`;
    fs.writeFileSync(fixture.pgliteTar, Buffer.from(await (await deps.database.dump!()).arrayBuffer()));
  }
  await deps.jobs.stop?.();
  await deps.database.close();
  if (adminUrl && template) await adminQuery(adminUrl, `ALTER DATABASE ${template} WITH IS_TEMPLATE true`);
  return fixture;
}

export async function dropDemoFixture(adminUrl: string | undefined, fixture: DemoFixture) {
  if (adminUrl && fixture.template) {
    await adminQuery(adminUrl, `ALTER DATABASE ${fixture.template} WITH IS_TEMPLATE false`);
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${fixture.template} WITH (FORCE)`);
  }
  if (fixture.pgliteTar) fs.rmSync(fixture.pgliteTar, { force: true });
  fs.rmSync(fixture.dataDir, { recursive: true, force: true });
}

async function adminQuery(adminUrl: string, text: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
