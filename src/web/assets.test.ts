import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { build } from '../../test/helpers.ts';
import { govukAssetPath } from './assets.ts';
import { withoutUnneededScript } from './render.ts';

const manifest = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, '../../public/manifest.json'), 'utf8'),
) as Record<string, string>;

describe('assets and compression', async () => {
  const { app } = await build();

  it('links the hashed CSS and script, and serves them precompressed with a year of immutable caching', async () => {
    const page = await app.inject({ url: '/consultations' });
    expect(page.body).toContain(`href="/static/${manifest['app.css']}"`);
    expect(page.body).toContain(`src="/static/${manifest['app.js']}"`);
    const css = await app.inject({ url: `/static/${manifest['app.css']}`, headers: { 'accept-encoding': 'br, gzip' } });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-encoding']).toBe('br');
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const built = fs.readFileSync(path.resolve(import.meta.dirname, '../../public', manifest['app.css']!));
    expect(zlib.brotliDecompressSync(css.rawPayload).equals(built)).toBe(true);
    const gzip = await app.inject({ url: `/static/${manifest['app.js']}`, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const plain = await app.inject({
      url: `/static/${manifest['app.js']}`,
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toContain('govuk-service-navigation');
  });

  it('does not serve unversioned asset names, which could not be cached for a year', async () => {
    expect((await app.inject({ url: '/static/app.css' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/static/manifest.json' })).statusCode).toBe(404);
  });

  it('serves GOV.UK Frontend files under its pinned version, cached for good', async () => {
    const icon = await app.inject({ url: `${govukAssetPath}/images/favicon.svg` });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toContain('immutable');
  });

  it('compresses pages with Brotli, or gzip when that is all the browser takes, and not at all otherwise', async () => {
    const br = await app.inject({ url: '/consultations', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    const html = zlib.brotliDecompressSync(br.rawPayload).toString('utf8');
    expect(html).toContain('<h1');
    expect(br.rawPayload.length).toBeLessThan(html.length / 3);
    const gzip = await app.inject({ url: '/consultations', headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    // The same page, bar its per-response CSP nonce.
    const unNonced = (text: string) => text.replace(/nonce="[^"]+"/g, '');
    expect(unNonced(zlib.gunzipSync(gzip.rawPayload).toString('utf8'))).toBe(unNonced(html));
    const none = await app.inject({ url: '/consultations' });
    expect(none.headers['content-encoding']).toBeUndefined();
  });

  it('compresses feeds too', async () => {
    const feed = await app.inject({ url: '/consultations/feed.atom', headers: { 'accept-encoding': 'br' } });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-encoding']).toBe('br');
  });

  it('sends the script where a component needs it', async () => {
    const signIn = await app.inject({ url: '/sign-in' });
    expect(signIn.body).toContain('data-module="govuk-button"');
    expect(signIn.body).toContain('data-app-script');
  });
});

describe('pages with nothing to enhance', () => {
  const script = '  <script type="module" src="/static/app.abc.js" data-app-script></script>\n';
  it('lose the script tag, so the browser downloads no JavaScript', () => {
    const page = `<a href="#main" class="govuk-skip-link" data-module="govuk-skip-link">Skip</a>\n${script}</body>`;
    expect(withoutUnneededScript(page)).toBe(
      '<a href="#main" class="govuk-skip-link" data-module="govuk-skip-link">Skip</a>\n</body>',
    );
  });
  it('keep it when any other component is on the page', () => {
    const page = `<button data-module="govuk-button">Go</button>\n${script}</body>`;
    expect(withoutUnneededScript(page)).toBe(page);
  });
});
