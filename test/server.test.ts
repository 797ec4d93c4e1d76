// The quick-start path itself: start the real server process on the embedded database, then stop it gracefully.
import { spawn } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('server process', () => {
  it('starts on PGlite with demo data, prints where to sign in, answers /health and stops on SIGTERM', async () => {
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'soundings-server-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
    };
    // Vitest sets Vite's BASE_URL=/ in the environment; the server must not mistake it for its address.
    delete env.DATABASE_URL;
    delete env.BASE_URL;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let running = true;
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => {
        running = false;
        resolve(code);
      }),
    );

    for (let i = 0; i < 240 && running && !output.includes('Soundings is running'); i++)
      await new Promise((r) => setTimeout(r, 250));
    expect(output).toContain(`Soundings is running at http://localhost:${port}`);
    expect(output).toContain(`http://localhost:${port}/sign-in`);
    expect(output).toContain('engagement@council.example');

    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as {
      status: string;
      database: string;
    };
    expect(health).toEqual({ status: 'ok', database: 'pglite' });
    expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(true);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 90_000);
});
