/**
 * Background work behind one interface: pg-boss on a PostgreSQL server, an in-process runner on
 * PGlite (one process owns the embedded database, so nothing else could pick jobs up anyway).
 */
export type JobHandler = (data: Record<string, unknown>) => Promise<void>;

export interface JobQueue {
  /** Registers the code that runs a named job. */
  register(name: string, handler: JobHandler): void;
  /** Queues one run of a job; singletonKey stops the same logical job being queued twice (best effort, within an hour). */
  send(name: string, data?: Record<string, unknown>, options?: { singletonKey?: string }): Promise<void>;
  /** Runs a job every minute (cron granularity); the schedulers are idempotent. */
  everyMinute(name: string): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
