/** Petition and participatory budgeting pages carry the same share metadata as consultation pages (issue 16). */
import { describe, expect, it } from 'vitest';
import { build } from './helpers.ts';

describe('share metadata on petitions and budgeting pages', async () => {
  const { app, deps } = await build();

  it('a petition page carries Open Graph and card tags with a signed share image', async () => {
    const [petition] = await deps.database.query<{ number: number; title: string }>(
      `SELECT number, title FROM petitions WHERE status = 'open' ORDER BY number LIMIT 1`,
    );
    const page = await app.inject({ url: `/petitions/${petition!.number}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      `<meta property="og:url" content="${deps.config.baseUrl}/petitions/${petition!.number}">`,
    );
    expect(page.body).toMatch(/<meta property="og:image" content="[^"]+\/share-image\.png\?p=[^"&]+&amp;s=[^"]+">/);
    expect(page.body).toContain('name="twitter:card"');
  });

  it('a budgeting process page and its results page do too', async () => {
    const [process] = await deps.database.query<{ slug: string }>(
      `SELECT slug FROM pb_processes WHERE results_published_at IS NOT NULL LIMIT 1`,
    );
    for (const path of [`/budgeting/${process!.slug}`, `/budgeting/${process!.slug}/results`]) {
      const page = await app.inject({ url: path });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`<meta property="og:url" content="${deps.config.baseUrl}${path}">`);
      expect(page.body).toContain('property="og:image"');
    }
  });
});
