/** pg-boss 10 on a PostgreSQL server: durable queues, retries, and cron schedules across processes. */
import PgBoss from 'pg-boss';
import type { JobHandler, JobQueue } from './queue.ts';

export function pgBossQueue(connectionString: string, onError: (error: unknown) => void): JobQueue {
  const boss = new PgBoss({ connectionString, schema: 'pgboss' });
  boss.on('error', onError);
  const handlers = new Map<string, JobHandler>();
  const schedules: string[] = [];
  return {
    register: (name, handler) => void handlers.set(name, handler),
    async send(name, data = {}, options = {}) {
      // pg-boss dedupes a key within a time slot; an hour is ample for "queued twice by a retry".
      // Exactly-once effects are still guaranteed by the database (e.g. outbox references).
      const singleton = options.singletonKey ? { singletonKey: options.singletonKey, singletonSeconds: 3_600 } : {};
      await boss.send(name, data, { ...singleton, retryLimit: 5, retryBackoff: true });
    },
    async everyMinute(name) {
      schedules.push(name);
    },
    async start() {
      await boss.start();
      for (const [name, handler] of handlers) {
        await boss.createQueue(name);
        await boss.work<Record<string, unknown>>(name, async (jobs) => {
          for (const job of jobs) await handler(job.data);
        });
      }
      for (const name of schedules) await boss.schedule(name, '* * * * *');
    },
    async stop() {
      await boss.stop({ graceful: true });
    },
  };
}
