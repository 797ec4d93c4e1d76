import { describe, expect, it } from 'vitest';
import { build, signedInBrowsers, textOf } from '../../../test/helpers.ts';

// The demo on another borough (Havering): wards, census, intelligence and councillors' wards all come
// from whatever geography is loaded, never from Barking and Dagenham's ward names.
describe('ward profiles on another council', async () => {
  const { app, deps } = await build({ env: { SOUNDINGS_DEMO_COUNCIL: 'E09000016' } });
  const as = signedInBrowsers(app);
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);
  const wards = await q<{ code: string; name: string; authority_code: string }>(
    'SELECT code, name, authority_code FROM wards WHERE retired_at IS NULL ORDER BY code',
  );

  it('seeds and shows the loaded borough', async () => {
    expect(wards.length).toBeGreaterThan(10);
    expect(new Set(wards.map((w) => w.authority_code))).toEqual(new Set(['E09000016']));
    const overview = textOf((await app.inject({ url: '/wards' })).body);
    for (const w of wards) expect(overview).toContain(w.name);
    expect(overview).not.toContain('Abbey');
    const [census] = await q<{ n: string }>(
      `SELECT count(DISTINCT ward_code) AS n FROM ward_census WHERE is_demo AND ward_code IN (SELECT code FROM wards WHERE authority_code = 'E09000016')`,
    );
    expect(Number(census!.n)).toBe(wards.length);
    const [items] = await q<{ n: string }>('SELECT count(DISTINCT ward_code) AS n FROM intelligence_items');
    expect(Number(items!.n)).toBeGreaterThan(wards.length / 2);
    const profile = textOf((await app.inject({ url: `/wards/${wards[0]!.code}` })).body);
    expect(profile).toContain(`${wards[0]!.name} ward profile`);
    const councillor = await as('councillor@council.example');
    const staffList = textOf((await councillor.get('/staff/wards')).body);
    const yours = staffList.slice(staffList.indexOf('Your wards'), staffList.indexOf('Other wards'));
    expect(wards.some((w) => yours.includes(w.name))).toBe(true);
  });
});
