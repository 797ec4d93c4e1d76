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
import os from 'node:os';
import { createRequire } from 'node:module';

const root = path.resolve(import.meta.dirname, '..');
const govukComponents = path.join(
  path.dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')),
  'dist/govuk/components',
);
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

const generated = fs.mkdtempSync(path.join(os.tmpdir(), 'soundings-scss-'));
const components = usedGovukComponents();
fs.writeFileSync(
  path.join(generated, '_used-govuk-components.scss'),
  components.map((name) => `@use "govuk-frontend/dist/govuk/components/${name}";\n`).join(''),
);
const css = sass.compile(path.join(root, 'assets/scss/app.scss'), {
  loadPaths: [generated, path.join(root, 'node_modules')],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import'],
});
fs.rmSync(generated, { recursive: true, force: true });
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
  emit(file, Buffer.from(bundle.outputFiles[0]!.contents));
}

fs.writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`GOV.UK Frontend components styled: ${components.join(', ')}`);
console.log(`Assets built in ${path.relative(process.cwd(), out) || '.'}/ (${Object.values(manifest).join(', ')})`);

/**
 * The GOV.UK Frontend components whose styles the product needs: every component named by a
 * `govuk-<component>` class or macro in our templates, scripts and code, and those that those
 * components' own templates use in turn (a date input draws inputs and a fieldset). A class
 * we build at run time still starts with its component's name (govuk-tag--green), so it is found.
 */
function usedGovukComponents(): string[] {
  const all = fs.readdirSync(govukComponents).filter((name) => !name.startsWith('_'));
  const mentioned = (text: string) =>
    all.filter((name) =>
      new RegExp(`govuk-${name}(?![a-z-]*[a-z])|govuk-${name}(__|--)|components/${name}/`).test(text),
    );
  const ours = ['src', 'assets/js']
    .flatMap((dir) =>
      fs.readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' }).map((f) => path.join(root, dir, f)),
    )
    .filter((file) => /\.(njk|ts|js)$/.test(file) && fs.statSync(file).isFile())
    .map((file) => fs.readFileSync(file, 'utf8'))
    .join('\n');
  const used = new Set(mentioned(ours));
  // The page template itself draws the skip link, and GOV.UK's layout classes need no component.
  used.add('skip-link');
  // A Set iterates over what is added while it iterates: this follows nested components to the end.
  for (const name of used) {
    const template = path.join(govukComponents, name, 'template.njk');
    if (fs.existsSync(template)) for (const inner of mentioned(fs.readFileSync(template, 'utf8'))) used.add(inner);
  }
  return all.filter((name) => used.has(name));
}
