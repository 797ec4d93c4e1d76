/** Runs jobs inside the app process: for PGlite installs, development and tests. */
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import type { JobHandler, JobQueue } from './queue.ts';

export interface InProcessOptions {
  intervalMs: number;
  onError: (name: string, error: unknown) => void;
}

export function inProcessQueue(options: InProcessOptions): JobQueue & { drain(): Promise<void> } {
  const handlers = new Map<string, JobHandler>();
  const recurring = new Set<string>();
  const pending: { name: string; data: Record<string, unknown>; key?: string }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  /** False when the job failed because the database was unavailable (it should run again). */
  async function runOne(name: string, data: Record<string, unknown>): Promise<boolean> {
    const handler = handlers.get(name);
    if (!handler) throw new Error(`No handler registered for job "${name}"`);
    try {
      await handler(data);
    } catch (error) {
      options.onError(name, error);
      return !isDatabaseUnavailable(error);
    }
    return true;
  }

  /** Runs everything queued, then each recurring job once; serialised so ticks never overlap. */
  function drain(): Promise<void> {
    running = running.then(async () => {
      while (pending.length > 0) {
        const job = pending.shift()!;
        // While the database is down a job goes back to the front of the queue and waits for the
        // next tick, rather than being lost; recurring jobs simply run again next tick.
        if (!(await runOne(job.name, job.data))) {
          pending.unshift(job);
          break;
        }
      }
      for (const name of recurring) await runOne(name, {});
    });
    return running;
  }

  return {
    register: (name, handler) => void handlers.set(name, handler),
    async send(name, data = {}, opts = {}) {
      if (opts.singletonKey && pending.some((job) => job.name === name && job.key === opts.singletonKey)) return;
      pending.push({ name, data, key: opts.singletonKey });
    },
    async everyMinute(name) {
      recurring.add(name);
    },
    async start() {
      if (options.intervalMs > 0) timer = setInterval(() => void drain(), options.intervalMs);
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
    drain,
  };
}
