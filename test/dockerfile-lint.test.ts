import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockerCmd, lintDockerfile } from '../scripts/lint-dockerfile.ts';

const ours = fs.readFileSync(path.resolve(import.meta.dirname, '..', 'Dockerfile'), 'utf8');
const rules = (text: string) => lintDockerfile(text).map((f) => f.rule);

describe('the Dockerfile check CI runs', () => {
  it('passes the project’s Dockerfile and reads its start command', () => {
    expect(lintDockerfile(ours)).toEqual([]);
    expect(dockerCmd(ours)).toEqual(['node', '--import', 'tsx', 'src/server.ts']);
  });

  it('finds a single stage, root user, no health check, an unpinned base, shell-form CMD and dev dependencies', () => {
    const bad = 'FROM node\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD npm start\n';
    expect(rules(bad)).toEqual(expect.arrayContaining(['SND001', 'DL3007', 'DL3002', 'SND002', 'SND004', 'DL3025']));
  });

  it('finds node_modules copied from a stage with dev dependencies, root as last user, secrets and ADD', () => {
    const bad = [
      'FROM node:20-slim AS deps',
      'RUN npm ci',
      'FROM node:20-slim',
      'ENV SESSION_SECRET=abc',
      'ADD https://example.com/x.tgz /x.tgz',
      'COPY --from=deps /app/node_modules ./node_modules',
      'RUN apt-get update && apt-get install -y curl',
      'USER root',
      'HEALTHCHECK CMD ["true"]',
      'CMD ["node", "server.js"]',
    ].join('\n');
    expect(rules(bad)).toEqual(expect.arrayContaining(['SND006', 'DL3020', 'SND007', 'DL3015', 'DL3009', 'DL3002']));
  });
});
