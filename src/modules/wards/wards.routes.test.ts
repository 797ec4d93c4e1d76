import { describe, expect, it } from 'vitest';
import { build, signedInBrowsers, textOf } from '../../../test/helpers.ts';
import { importCensusTable } from './census.service.ts';
import { londonDate } from './wards.catalogue.ts';

describe('ward profiles', async () => {
  const { app, deps } = await build();
  const as = signedInBrowsers(app);
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);
  const wards = await q<{ code: string; name: string }>('SELECT code, name FROM wards ORDER BY code');
  const ward = wards[0]!;
  const councillorId = (
    await q<{ id: string }>(`SELECT id FROM staff_users WHERE email = 'councillor@council.example'`)
  )[0]!.id;

  it('compares every loaded ward on the public overview: a choropleth with a key, a chart and the table', async () => {
    const response = await app.inject({ url: '/wards' });
    expect(response.statusCode).toBe(200);
    const page = textOf(response.body);
    for (const w of wards) expect(page).toContain(w.name);
    expect(response.body).toContain('class="app-choropleth"');
    expect(response.body).toMatch(/<path fill="#[0-9a-f]{6}" d="M/);
    expect(response.body).toContain('aria-labelledby="wards-chart-title wards-chart-desc"');
    expect(page).toContain('Key');
    expect(page).toContain('Wards compared');
    expect(page).toContain('Residents per ward are demo figures, not census data');
    expect(page).toContain('Open Government Licence v3.0');
  });

  it('shows one ward: the map, the demo population labelled demo, engagement and what people raised', async () => {
    const response = await app.inject({ url: `/wards/${ward.code}` });
    expect(response.statusCode).toBe(200);
    const page = textOf(response.body);
    expect(page).toContain(`${ward.name} ward profile`);
    expect(response.body).toContain('class="app-ward-map__ward--selected"');
    expect(page).toContain('Demo figures: these are made up for the demonstration, not census data');
    expect(page).toContain('Usual residents');
    expect(page).toContain('Open consultations');
    expect(page).toContain('Past consultations');
    expect(page).toContain("active members of the residents' panel live here");
    expect(page).toContain('Topics residents raised with staff, by month');
    expect(page).toContain(`${ward.name} by month, last 12 months`);
    // The public never sees what staff wrote, only counts by topic.
    expect(page).not.toContain('Latest items');
  });

  it('counts a new intelligence item on the ward profile straight away', async () => {
    const before = textOf((await app.inject({ url: `/wards/${ward.code}` })).body);
    const total = (text: string) => Number(/they noted (\d+) items?/.exec(text)?.[1]);
    const officer = await as('officer@nhs.example');
    await officer.get('/staff/intelligence/new');
    const today = londonDate(deps.clock.now()).split('-');
    const response = await officer.post('/staff/intelligence/new', {
      channel: 'partner_meeting',
      wardCode: ward.code,
      topics: ['young-people'],
      summary: 'Young people want the youth club open on Saturdays',
      sentiment: 'mixed',
      needsAction: 'no',
      'heardOn-day': today[2]!,
      'heardOn-month': today[1]!,
      'heardOn-year': today[0]!,
    });
    expect(response.statusCode).toBe(303);
    const after = textOf((await app.inject({ url: `/wards/${ward.code}` })).body);
    expect(total(after)).toBe(total(before) + 1);
  });

  it('refuses wards that do not exist', async () => {
    expect((await app.inject({ url: '/wards/E05999999' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/wards/not-a-code' })).statusCode).toBe(404);
  });

  it('shows a councillor their own wards first, and marks them on the profile', async () => {
    const mine = (
      await q<{ ward_code: string }>('SELECT ward_code FROM councillor_wards WHERE staff_user_id = $1', [councillorId])
    ).map((r) => r.ward_code);
    expect(mine.length).toBeGreaterThan(0);
    const councillor = await as('councillor@council.example');
    const page = textOf((await councillor.get('/staff/wards')).body);
    const yours = page.slice(page.indexOf('Your wards'), page.indexOf('Other wards'));
    for (const code of mine) expect(yours).toContain(wards.find((w) => w.code === code)!.name);
    const profile = textOf((await councillor.get(`/staff/wards/${mine[0]}`)).body);
    expect(profile).toContain('Your ward');
    expect(profile).toContain('Latest items');
  });

  it('lets only administrators assign councillors to wards, audited', async () => {
    const officer = await as('engagement@council.example');
    expect((await officer.get('/staff/admin/councillor-wards')).statusCode).toBe(403);
    expect(
      (await officer.post(`/staff/admin/councillor-wards/${councillorId}`, { wards: [ward.code] })).statusCode,
    ).toBe(403);
    const admin = await as('admin@council.example');
    expect(textOf((await admin.get('/staff/admin/councillor-wards')).body)).toContain('Cllr Chris Ward');
    // Another member of staff's id is not a councillor: nothing to assign.
    const otherId = (await q<{ id: string }>(`SELECT id FROM staff_users WHERE email = 'officer@nhs.example'`))[0]!.id;
    expect((await admin.get(`/staff/admin/councillor-wards/${otherId}`)).statusCode).toBe(404);
    await admin.get(`/staff/admin/councillor-wards/${councillorId}`);
    const refused = await admin.post(`/staff/admin/councillor-wards/${councillorId}`, { wards: ['E05999999'] });
    expect(refused.statusCode).toBe(422);
    expect(textOf(refused.body)).toContain('Select wards from the list');
    const saved = await admin.post(`/staff/admin/councillor-wards/${councillorId}`, {
      wards: [wards[1]!.code, wards[3]!.code],
    });
    expect(saved.statusCode).toBe(303);
    const stored = await q<{ ward_code: string }>(
      'SELECT ward_code FROM councillor_wards WHERE staff_user_id = $1 ORDER BY ward_code',
      [councillorId],
    );
    expect(stored.map((s) => s.ward_code)).toEqual([wards[1]!.code, wards[3]!.code].sort());
    const audit = await q<{ after: { wards: string[] } }>(
      `SELECT after FROM audit_events WHERE action = 'wards.councillor-wards-set' AND entity_id = $1`,
      [councillorId],
    );
    expect(audit.at(-1)!.after.wards).toEqual([wards[1]!.code, wards[3]!.code].sort());
  });

  it('exports CSV with formula-looking cells neutralised and no personal data', async () => {
    await q(
      `UPDATE consultations SET title = '=HYPERLINK("http://x")', borough_wide = true WHERE id = (SELECT id FROM consultations WHERE state = 'open' ORDER BY created_at LIMIT 1)`,
    );
    const officer = await as('housing@council.example');
    const profile = await officer.get(`/staff/wards/${ward.code}/export.csv`);
    expect(profile.statusCode).toBe(200);
    expect(profile.headers['content-type']).toContain('text/csv');
    expect(profile.body).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(profile.body).not.toContain(',=HYPERLINK');
    expect(profile.body).toContain('DEMO figures, not census data');
    expect(profile.body).not.toMatch(/@/);
    const overview = await officer.get('/staff/wards/export.csv');
    expect(overview.body.split('\r\n')[0]).toBe(
      '\uFEFFWard code,Ward,Usual residents,Responses,"Responses per 1,000 residents",Intelligence items (12 months),Panel members',
    );
    expect(overview.body).toContain(ward.name);
    expect((await app.inject({ url: '/staff/wards/export.csv' })).statusCode).toBe(303);
  });

  it('replaces demo census figures with an imported Nomis table, ignoring wards not loaded here', async () => {
    const csv = [
      '"date","geography","geography code","Residence type: Total; measures: Value","Residence type: Lives in a household; measures: Value"',
      ...wards.map((w, i) => `"2021","${w.name}","${w.code}","${10000 + i}","${9900 + i}"`),
      '"2021","Elsewhere","E05999999","5000","4900"',
    ].join('\n');
    const result = await importCensusTable(deps, csv, { fileName: 'census2021-ts001-ward.csv' });
    expect(result).toMatchObject({ dataset: 'TS001', title: 'Residence type', imported: wards.length, skipped: 1 });
    const rows = await q<{ is_demo: boolean; n: string }>(
      'SELECT is_demo, count(*) AS n FROM ward_census WHERE dataset = $1 GROUP BY 1',
      ['TS001'],
    );
    expect(rows.map((r) => [r.is_demo, Number(r.n)])).toEqual([[false, wards.length * 2]]);
    const profile = textOf((await app.inject({ url: `/wards/${ward.code}` })).body);
    expect(profile).toContain('Residence type (TS001)');
    expect(profile).toContain('Lives in a household');
    expect(profile).toContain('Source: ONS Census 2021, TS001 (census2021-ts001-ward.csv)');
    expect(textOf((await app.inject({ url: '/wards' })).body)).not.toContain('Residents per ward are demo figures');
  });
});
