/**
 * Child process for hub.bench.ts: the real Soundings app (createDeps + buildApp, as server.ts
 * builds it) on an already-migrated and seeded PostgreSQL, listening on 127.0.0.1:0.
 * No migrations, no demo seed and no job runner: the database must not change under the bench.
 * Talks to the parent over IPC: sends { type: 'listening', port }, answers { type: 'memory' }.
 */
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createDeps } from '../src/deps.ts';
import { answerParent } from './child-ipc.ts';

const config = loadConfig();
if (!config.databaseUrl) throw new Error('bench/serve.ts needs DATABASE_URL');
const deps = await createDeps(config);
const app = await buildApp(deps);
await app.listen({ port: 0, host: '127.0.0.1' });
answerParent(app, async () => {
  await app.close();
  await deps.database.close();
});
