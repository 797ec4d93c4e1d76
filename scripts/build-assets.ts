/**
 * Builds public/: the SCSS over govuk-frontend, and each browser script in assets/js bundled
 * with the GOV.UK Frontend components it imports (esbuild). Every file gets a content hash in
 * its name (app.3f9c1a2b.css), so browsers keep it for a year and a change is a new address,
 * plus Brotli and gzip copies that the server sends as they are. public/manifest.json maps
 * each source name to its hashed name for the templates' assetUrl().
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import * as esbuild from 'esbuild';
import * as sass from 'sass';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'public');

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
const manifest: Record<string, string> = {};

/** Writes one asset under its hashed name, with .br and .gz beside it. */
function emit(name: string, contents: string | Buffer) {
  const body = Buffer.from(contents);
  const hash = crypto.createHash('sha256').update(body).digest('hex').slice(0, 10);
  const ext = path.extname(name);
  const hashed = `${path.basename(name, ext)}.${hash}${ext}`;
  fs.writeFileSync(path.join(out, hashed), body);
  fs.writeFileSync(
    path.join(out, `${hashed}.br`),
    zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
  );
  fs.writeFileSync(path.join(out, `${hashed}.gz`), zlib.gzipSync(body, { level: 9 }));
  manifest[name] = hashed;
}

const css = sass.compile(path.join(root, 'assets/scss/app.scss'), {
  loadPaths: [path.join(root, 'node_modules')],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import'],
});
emit('app.css', css.css);

for (const file of fs.readdirSync(path.join(root, 'assets/js')).filter((f) => f.endsWith('.js'))) {
  const bundle = await esbuild.build({
    entryPoints: [path.join(root, 'assets/js', file)],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    write: false,
    legalComments: 'none',
  });
  emit(file, bundle.outputFiles[0]!.contents);
}

fs.writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`Assets built in ${path.relative(process.cwd(), out) || '.'}/ (${Object.values(manifest).join(', ')})`);
