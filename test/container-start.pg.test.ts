// Runs only in the PostgreSQL pass (vitest.config.ts includes *.pg.test.ts when TEST_DATABASE_URL is set).
// No Docker daemon in CI: this runs the image's own CMD, with its ENV, against a real PostgreSQL,
// two processes at once on one empty database, as two app containers starting together would.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerCmd, dockerEnv, lintDockerfile } from '../scripts/lint-dockerfile.ts';

const root = path.resolve(import.meta.dirname, '..');
const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');

describe('the container start command on PostgreSQL', async () => {
  const admin = process.env.TEST_DATABASE_URL!;
  const name = `t_${randomUUID().replace(/-/g, '')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });

  function start(port: number) {
    const [command, ...args] = dockerCmd(dockerfile);
    const child = spawn(command === 'node' ? process.execPath : command!, args, {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        ...dockerEnv(dockerfile),
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: `/tmp/soundings-container-${port}`,
        DATABASE_URL: url.toString(),
        BASE_URL: `http://localhost:${port}`,
        SESSION_SECRET: randomBytes(32).toString('hex'),
        NOTIFY_API_KEY: `test-${randomUUID()}-${randomUUID()}`,
        NOTIFY_EMAIL_TEMPLATE_ID: randomUUID(),
        NOTIFY_BASE_URL: 'http://127.0.0.1:9',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    return { child, output: () => out };
  }

  async function healthy(port: number, child: ChildProcess) {
    for (let i = 0; i < 240; i++) {
      if (child.exitCode !== null) return false;
      try {
        const response = await fetch(`http://127.0.0.1:${port}/health`);
        if (response.ok) return (await response.json()) as { status: string; database: string };
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    return false;
  }

  it(
    'lints clean, and two processes started together migrate once, answer /health and log only JSON',
    { timeout: 120_000 },
    async () => {
      expect(lintDockerfile(dockerfile)).toEqual([]);
      const port = 41_000 + Math.floor(Math.random() * 2_000);
      const a = start(port);
      const b = start(port + 1);
      const [ha, hb] = await Promise.all([healthy(port, a.child), healthy(port + 1, b.child)]);
      expect(ha, a.output()).toEqual({ status: 'ok', database: 'postgres' });
      expect(hb, b.output()).toEqual({ status: 'ok', database: 'postgres' });

      const db = new pg.Client({ connectionString: url.toString() });
      await db.connect();
      const applied = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM schema_migrations`);
      await db.end();
      const files = fs
        .readdirSync(path.join(root, 'src/db/migrations'))
        .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f));
      expect(applied.rows[0]!.n).toBe(files.length);

      for (const run of [a, b]) {
        const lines = run
          .output()
          .split('\n')
          .filter((l) => l.trim());
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
      }
      // Exactly one of them applied the migrations; both print a set-up code for the fresh install.
      const appliedBy = [a, b].filter((r) => r.output().includes('"migrations applied"'));
      expect(appliedBy).toHaveLength(1);
      for (const run of [a, b]) expect(run.output()).toMatch(/"setupCode":"[0-9A-F-]{24}"/);
      const page = await fetch(`http://127.0.0.1:${port}/setup`);
      expect(page.status).toBe(200);
    },
  );
});
