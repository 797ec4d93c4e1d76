/** Compiles the SCSS over govuk-frontend and copies browser JavaScript into public/. */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as sass from 'sass';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'public');
const govukDist = path.join(
  path.dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')),
  'dist',
);

fs.mkdirSync(out, { recursive: true });
const css = sass.compile(path.join(root, 'assets/scss/app.scss'), {
  loadPaths: [path.join(root, 'node_modules')],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import'],
});
fs.writeFileSync(path.join(out, 'app.css'), css.css);
fs.copyFileSync(path.join(govukDist, 'govuk/govuk-frontend.min.js'), path.join(out, 'govuk-frontend.min.js'));
for (const file of fs.readdirSync(path.join(root, 'assets/js'))) {
  fs.copyFileSync(path.join(root, 'assets/js', file), path.join(out, file));
}
console.log(`Assets built in ${path.relative(process.cwd(), out) || '.'}/`);
