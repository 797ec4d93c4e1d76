/** Registers every module's jobs with the queue, binding each to the app's deps. */
import type { Deps } from '../deps.ts';
import type { ModuleManifest } from '../modules/module.ts';
import { DELIVER_JOB } from '../notifications/notifier.ts';
import { pruneMessageClaims } from '../notifications/message-claims.ts';

export async function registerJobs(deps: Deps, modules: ModuleManifest[]) {
  deps.jobs.register(DELIVER_JOB, async () => {
    await deps.notifier.deliverQueued(deps.db);
    await pruneMessageClaims(deps.db, deps.clock.now());
  });
  await deps.jobs.everyMinute(DELIVER_JOB);
  for (const module of modules) {
    for (const job of module.jobs ?? []) {
      deps.jobs.register(job.name, (data) => job.run(deps, data));
      if (job.everyMinute) await deps.jobs.everyMinute(job.name);
    }
  }
}
