/** Start-up only: config → database → migrations → demo data → app → listen, and a graceful stop. */
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { MIGRATION_LOCK_KEY, migrate } from './db/migrate.ts';
import { seedDemo } from './db/seed.ts';
import { createDeps } from './deps.ts';
import { registerJobs } from './jobs/schedule.ts';
import { modules } from './modules/index.ts';
import { DEMO_PASSWORD, DEMO_USERS } from './modules/accounts/index.ts';
import { issueSetupCode } from './modules/council/index.ts';

const config = loadConfig();
const deps = await createDeps(config);
const applied = await migrate(deps.database);
if (config.seedDemo) await seedDemo(deps, modules);
const app = await buildApp(deps);
if (applied.length > 0) app.log.info({ applied }, 'migrations applied');
await registerJobs(deps, modules);
// pg-boss creates its schema and queues on start; two containers doing it at once deadlock on
// PostgreSQL (found by test/container-start.pg.test.ts), so they take turns as for migrations.
await deps.database.withAdvisoryLock(MIGRATION_LOCK_KEY + 1, () => deps.jobs.start());
await app.listen({ port: config.port, host: config.host });

// A fresh install: the first-run page asks for this code, so only someone who can read the log sets it up.
const setupCode = await issueSetupCode(deps);
if (setupCode) {
  app.log.warn({ setupUrl: `${config.baseUrl}/setup`, setupCode }, 'Soundings is not set up yet: open the set-up page and enter this one-time code (valid 24 hours), or run npm run setup');
}

const where = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`;
// Production logs are JSON lines on stdout, nothing else (a log collector reads every line).
if (config.env === 'production') app.log.info({ baseUrl: config.baseUrl, database: where }, 'Soundings is running');
else console.log(`\nSoundings is running at ${config.baseUrl} (database: ${where})`);
if (config.seedDemo) {
  console.log(`Staff sign in at ${config.baseUrl}/sign-in with any demo account, password "${DEMO_PASSWORD}":`);
  for (const user of DEMO_USERS) console.log(`  ${user.role.padEnd(20)} ${user.email}`);
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal }, 'shutting down');
  // Stop taking requests, let in-flight ones and running jobs finish, then close the database.
  await app.close();
  await deps.jobs.stop();
  await deps.database.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
