/**
 * Static assets and compression (ADR 0010). The build names every asset by its content hash
 * (public/manifest.json), so /static/ answers with a year's immutable caching and a change is
 * a new address; GOV.UK Frontend's own files (icons, manifest) sit under its pinned version for
 * the same reason. Brotli and gzip copies made at build time are sent as they are. Every other
 * text response (pages, feeds, CSV) is compressed on the way out, Brotli first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';

const root = path.resolve(import.meta.dirname, '../..');
const publicDir = path.join(root, 'public');
const govukPackage = createRequire(import.meta.url).resolve('govuk-frontend/package.json');
const govukVersion = (JSON.parse(fs.readFileSync(govukPackage, 'utf8')) as { version: string }).version;

/** Where the layout finds GOV.UK Frontend's files: versioned, so they can be cached for good. */
export const govukAssetPath = `/assets/${govukVersion}`;

function readManifest(): Record<string, string> {
  try {
    return JSON.parse(fs.readFileSync(path.join(publicDir, 'manifest.json'), 'utf8')) as Record<string, string>;
  } catch {
    throw new Error('public/manifest.json is missing: run `npm run build:assets` first');
  }
}

export async function setUpAssets(app: FastifyInstance): Promise<{ assetUrl: (name: string) => string }> {
  const manifest = readManifest();
  const hashedNames = new Set(Object.values(manifest));
  await app.register(compress, { encodings: ['br', 'gzip'] });
  await app.register(fastifyStatic, {
    root: path.join(path.dirname(govukPackage), 'dist/govuk/assets'),
    prefix: `${govukAssetPath}/`,
    immutable: true,
    maxAge: '365d',
  });
  await app.register(fastifyStatic, {
    root: publicDir,
    prefix: '/static/',
    decorateReply: false,
    preCompressed: true,
    // Only hashed names are served: an unversioned address could not be cached for a year.
    allowedPath: (pathName) => hashedNames.has(pathName.replace(/^\//, '')),
    immutable: true,
    maxAge: '365d',
  });
  return {
    assetUrl: (name: string) => {
      const hashed = manifest[name];
      if (!hashed) throw new Error(`Unknown asset "${name}": is it in assets/ and built?`);
      return `/static/${hashed}`;
    },
  };
}
