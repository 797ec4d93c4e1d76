/** Budgeting's public pages under the page cache: served from it, refreshed by an officer's check and by a phase change. */
import { describe, expect, it } from 'vitest';
import { build, signedInBrowsers, textOf } from '../../../test/helpers.ts';

describe('budgeting pages in the page cache', async () => {
  const start = new Date('2027-03-01T10:00:00Z');
  const { app, deps, clock } = await build({ now: start, env: { PAGE_CACHE: 'true' } });
  const as = signedInBrowsers(app);
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);
  const page = async (url: string) => textOf((await app.inject({ url })).body);

  it('serves the process page from the cache and shows an officer’s check at once', async () => {
    const url = '/budgeting/ward-budget-ideas';
    expect(await page(url)).toContain('Not checked yet');
    const hits = app.pageCache.stats().hits;
    await page(url);
    expect(app.pageCache.stats().hits).toBe(hits + 1);
    const [p] = await q<{ id: string }>(`SELECT id FROM pb_processes WHERE slug = 'ward-budget-ideas'`);
    const projects = await q<{ id: string }>(`SELECT id FROM pb_projects WHERE process_id = $1`, [p!.id]);
    const housing = await as('housing@council.example');
    for (const x of projects) {
      await housing.get(`/staff/budgeting/${p!.id}/projects/${x.id}`);
      expect(
        (
          await housing.post(`/staff/budgeting/${p!.id}/projects/${x.id}`, {
            decision: 'feasible',
            reason: 'Checked by parks.',
          })
        ).statusCode,
      ).toBe(303);
    }
    const after = await page(url);
    expect(after).not.toContain('Not checked yet');
    expect(after).toContain('Goes to the vote');
  });

  it('moves on to the next phase when its date comes, without a write', async () => {
    const url = '/budgeting/borough-budget';
    expect(await page(url)).toContain('Vote now');
    await page(url);
    const [p] = await q<{ voting_until: Date }>(`SELECT voting_until FROM pb_processes WHERE slug = 'borough-budget'`);
    clock.set(new Date(new Date(p!.voting_until).getTime() + 1000));
    const closed = await page(url);
    expect(closed).not.toContain('Vote now');
    expect(closed).toContain('Voting closed');
  });
});
