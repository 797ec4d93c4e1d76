/**
 * Nunjucks over govuk-frontend's templates. A module's views are named by the module:
 * "consultations/edit.njk" is modules/consultations/views/edit.njk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { formatDate, formatDateTime, formatBytes } from './format.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const govukDist = path.join(
  path.dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')),
  'dist',
);

/** Resolves "<module>/<file>" inside that module's views folder. */
class ModuleViewsLoader extends nunjucks.FileSystemLoader {
  constructor(
    private readonly dirs: Record<string, string>,
    private readonly watch: boolean,
  ) {
    super(Object.values(dirs), { noCache: watch });
  }
  override getSource(name: string) {
    const slash = name.indexOf('/');
    const dir = slash > 0 ? this.dirs[name.slice(0, slash)] : undefined;
    if (!dir) return null as unknown as nunjucks.LoaderSource;
    const fullPath = path.join(dir, name.slice(slash + 1));
    if (!fullPath.startsWith(dir) || !fs.existsSync(fullPath)) return null as unknown as nunjucks.LoaderSource;
    return { src: fs.readFileSync(fullPath, 'utf8'), path: fullPath, noCache: this.watch };
  }
}

export function createViewEnvironment(moduleViewDirs: Record<string, string>, options: { watch?: boolean } = {}) {
  const noCache = options.watch ?? false;
  const loaders = [
    new ModuleViewsLoader(moduleViewDirs, noCache),
    new nunjucks.FileSystemLoader([path.join(here, 'views'), govukDist], { noCache }),
  ];
  for (const loader of loaders) memoiseResolve(loader);
  const env = new nunjucks.Environment(loaders, { autoescape: true, throwOnUndefined: false });
  // Nunjucks's own trim is a /^\s*|\s*$/g replace, and govuk-frontend trims every component's
  // output: a profile of the responding journey put it at about 5% of all CPU. String trim()
  // removes exactly the characters \s matches, and keeps a safe string safe the same way.
  const { copySafeness } = nunjucks.runtime as unknown as { copySafeness: (from: unknown, to: string) => unknown };
  env.addFilter('trim', (value: string) => copySafeness(value, value.trim()));
  env.addFilter('date', (value: Date | string | null) => (value ? formatDate(value) : ''));
  env.addFilter('dateTime', (value: Date | string | null) => (value ? formatDateTime(value) : ''));
  env.addFilter('bytes', (value: number) => formatBytes(value));
  env.addFilter('json', (value: unknown) => JSON.stringify(value, null, 2));
  // Paragraphs from plain text that staff typed: escape first, then break on blank lines.
  env.addFilter('paragraphs', (value: string | null) => {
    const escaped = escapeHtml(value ?? '');
    const html = escaped
      .split(/\n\s*\n/)
      .map((para: string) => para.trim())
      .filter(Boolean)
      .map((para: string) => `<p class="govuk-body">${para.replace(/\n/g, '<br>')}</p>`)
      .join('\n');
    return new nunjucks.runtime.SafeString(html);
  });
  return env;
}

/**
 * Nunjucks resolves a relative include or import ("./template.njk", as govuk-frontend's macros
 * use) with path.resolve on every call, for every loader; the answer never changes, so keep it.
 */
function memoiseResolve(loader: nunjucks.FileSystemLoader) {
  const resolve = loader.resolve.bind(loader);
  const known = new Map<string, Map<string, string>>();
  loader.resolve = (from: string, to: string) => {
    let fromHere = known.get(from);
    if (!fromHere) known.set(from, (fromHere = new Map<string, string>()));
    let resolved = fromHere.get(to);
    if (resolved === undefined) fromHere.set(to, (resolved = resolve(from, to)));
    return resolved;
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
