// Runs only in the PostgreSQL pass of the suite (vitest.config.ts includes *.pg.test.ts when TEST_DATABASE_URL is set).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { pgBossQueue } from './pg-boss-runner.ts';

describe('pg-boss job runner on PostgreSQL', async () => {
  const admin = process.env.TEST_DATABASE_URL!;
  const name = `t_${randomUUID().replace(/-/g, '')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  afterAll(async () => {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });

  it('delivers a job sent once to its handler exactly once', async () => {
    const queue = pgBossQueue(url.toString(), () => undefined);
    const received: unknown[] = [];
    let resolve: () => void = () => undefined;
    const done = new Promise<void>((r) => (resolve = r));
    queue.register('hello', async (data) => {
      received.push(data);
      resolve();
    });
    await queue.start();
    await queue.send('hello', { n: 1 }, { singletonKey: 'one' });
    await queue.send('hello', { n: 1 }, { singletonKey: 'one' });
    await done;
    await new Promise((r) => setTimeout(r, 2500));
    await queue.stop();
    expect(received).toEqual([{ n: 1 }]);
  });
});
