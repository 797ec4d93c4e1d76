import { describe, expect, it } from 'vitest';
import { build, signedInBrowsers, textOf, type Browser } from '../../../test/helpers.ts';
import { multipartBody } from '../../../test/multipart.ts';
import { londonDate } from './wards.catalogue.ts';

describe('community intelligence', async () => {
  const { app, deps } = await build();
  const as = signedInBrowsers(app);
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);
  const [ward, other] = await q<{ code: string; name: string }>('SELECT code, name FROM wards ORDER BY code LIMIT 2');
  const orgId = async (slug: string) =>
    (await q<{ id: string }>('SELECT id FROM organisations WHERE slug = $1', [slug]))[0]!.id;
  const today = londonDate(deps.clock.now()).split('-');
  const form = (fields: Record<string, string | string[]> = {}) => ({
    channel: 'street',
    wardCode: ward!.code,
    topics: ['waste-and-recycling'],
    summary: 'Fly-tipping behind the shops again',
    sentiment: 'negative',
    needsAction: 'yes',
    actionBy: 'Street cleansing',
    'heardOn-day': today[2]!,
    'heardOn-month': today[1]!,
    'heardOn-year': today[0]!,
    ...fields,
  });
  const itemOf = async (organisation: string) =>
    (
      await q<{ id: string; summary: string }>(
        'SELECT id, summary FROM intelligence_items WHERE organisation_id = $1 ORDER BY created_at LIMIT 1',
        [await orgId(organisation)],
      )
    )[0]!;

  it('records what a partner officer heard for their own organisation, audited, and shows it on the ward trend', async () => {
    const police = await as('officer@police.example');
    await police.get(`/staff/intelligence/new?ward=${ward!.code}`);
    const response = await police.post(
      '/staff/intelligence/new',
      form({ summary: 'Parents worried about the underpass at night' }),
    );
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/staff/intelligence?ward=${ward!.code}#trend`);
    const [stored] = await q<{ id: string; organisation_id: string; needs_action: boolean; action_by: string }>(
      `SELECT id, organisation_id, needs_action, action_by FROM intelligence_items WHERE summary = 'Parents worried about the underpass at night'`,
    );
    expect(stored!.organisation_id).toBe(await orgId('met-police-bd'));
    expect(stored!.action_by).toBe('Street cleansing');
    expect(
      await q(`SELECT 1 FROM audit_events WHERE action = 'intelligence.recorded' AND entity_id = $1`, [stored!.id]),
    ).toHaveLength(1);
    const trend = textOf((await police.get(response.headers.location as string)).body);
    expect(trend).toContain(`Trend in ${ward!.name}`);
    expect(trend).toContain('Parents worried about the underpass at night');
  });

  it('warns about personal details and keeps what was typed until they are taken out', async () => {
    const nhs = await as('officer@nhs.example');
    await nhs.get('/staff/intelligence/new');
    const before = (await q('SELECT id FROM intelligence_items')).length;
    for (const summary of [
      'Mrs Smith (smith@example.com) says the lift is broken',
      'Call back on 07700 900123',
      'Lives in IG11 7LU',
    ]) {
      const response = await nhs.post('/staff/intelligence/new', form({ summary }));
      expect(response.statusCode).toBe(422);
      const page = textOf(response.body);
      expect(page).toMatch(/^Error: /);
      expect(page).toContain('do not record anything that could identify a person');
      expect(page).toContain('The summary seems to contain personal details');
      expect(response.body).toContain(summary.replace(/'/g, '&#39;'));
    }
    const actionBy = await nhs.post('/staff/intelligence/new', form({ actionBy: 'ring 020 8227 2786' }));
    expect(actionBy.statusCode).toBe(422);
    expect((await q('SELECT id FROM intelligence_items')).length).toBe(before);
  });

  it('refuses bad input in plain words', async () => {
    const nhs = await as('officer@nhs.example');
    await nhs.get('/staff/intelligence/new');
    const response = await nhs.post('/staff/intelligence/new', {
      channel: 'carrier-pigeon',
      wardCode: 'E05999999',
      summary: '<script>alert(1)</script>'.repeat(100),
      needsAction: 'yes',
      'heardOn-day': '31',
      'heardOn-month': '2',
      'heardOn-year': '2026',
      consultationId: '00000000-0000-0000-0000-000000000000',
    });
    expect(response.statusCode).toBe(422);
    const page = textOf(response.body);
    for (const message of [
      'Select where you heard this',
      'Select a ward from the list',
      'Select at least one topic',
      'Summary must be 1,000 characters or fewer',
      'Select how people felt',
      'Enter who needs to act',
      'Date you heard this must be a real date',
      'Select a consultation from the list',
    ])
      expect(page).toContain(message);
    expect(response.body).not.toContain('<script>alert(1)</script>');
  });

  it("lets an organisation change only its own items: another organisation's ID is refused and nothing changes", async () => {
    const councilItem = await itemOf('bd-council');
    const nhs = await as('officer@nhs.example');
    expect((await nhs.get(`/staff/intelligence/${councilItem.id}`)).statusCode).toBe(200); // everyone reads
    expect(textOf((await nhs.get(`/staff/intelligence/${councilItem.id}`)).body)).toContain(
      'Only Barking and Dagenham Council can change this item',
    );
    expect((await nhs.get(`/staff/intelligence/${councilItem.id}/edit`)).statusCode).toBe(403);
    await nhs.get('/staff/intelligence/new');
    expect(
      (await nhs.post(`/staff/intelligence/${councilItem.id}/edit`, form({ summary: 'Overwritten by the NHS' })))
        .statusCode,
    ).toBe(403);
    // Reviewers of the council cannot reword a partner's item either.
    const nhsItem = await itemOf('nhs-nel');
    const engagement = await as('engagement@council.example');
    expect((await engagement.get(`/staff/intelligence/${nhsItem.id}/edit`)).statusCode).toBe(403);
    await engagement.get('/staff/intelligence/new');
    expect(
      (await engagement.post(`/staff/intelligence/${nhsItem.id}/edit`, form({ summary: 'Overwritten by the council' })))
        .statusCode,
    ).toBe(403);
    expect(
      (await q<{ summary: string }>('SELECT summary FROM intelligence_items WHERE id = $1', [councilItem.id]))[0]!
        .summary,
    ).toBe(councilItem.summary);
    expect(
      (await q<{ summary: string }>('SELECT summary FROM intelligence_items WHERE id = $1', [nhsItem.id]))[0]!.summary,
    ).toBe(nhsItem.summary);
    // Its own organisation may.
    await nhs.get(`/staff/intelligence/${nhsItem.id}/edit`);
    const saved = await nhs.post(
      `/staff/intelligence/${nhsItem.id}/edit`,
      form({ summary: 'Reworded by the NHS', wardCode: other!.code }),
    );
    expect(saved.statusCode).toBe(303);
    expect(
      (await q<{ summary: string }>('SELECT summary FROM intelligence_items WHERE id = $1', [nhsItem.id]))[0]!.summary,
    ).toBe('Reworded by the NHS');
    expect((await nhs.get('/staff/intelligence/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
    expect((await nhs.get('/staff/intelligence/not-an-id/edit')).statusCode).toBe(404);
  });

  it('links an item to a consultation, and the consultation staff page says "we already heard this"', async () => {
    const [consultation] = await q<{ id: string; title: string }>(
      `SELECT id, title FROM consultations WHERE state = 'open' ORDER BY created_at LIMIT 1`,
    );
    const council = await as('housing@council.example');
    await council.get('/staff/intelligence/new');
    const response = await council.post(
      '/staff/intelligence/new',
      form({
        wardCode: '',
        summary: 'Tenants ask when the estate plans will be decided',
        consultationId: consultation!.id,
        needsAction: 'no',
        actionBy: '',
      }),
    );
    expect(response.statusCode).toBe(303);
    const item = textOf((await council.get(response.headers.location as string)).body);
    expect(item).toContain(`Consultation: ${consultation!.title}`);
    const page = textOf((await council.get(`/staff/consultations/${consultation!.id}`)).body);
    expect(page).toContain('We already heard this');
    expect(page).toContain('Tenants ask when the estate plans will be decided');
  });

  it('flags rising issues to the engagement team only', async () => {
    const engagement = await as('engagement@council.example');
    const page = textOf((await engagement.get('/staff/intelligence/rising')).body);
    expect(page).toContain('at least 3 times in the last 4 weeks');
    expect(page).toContain('Community safety'); // the demo's rising issue
    expect(textOf((await engagement.get('/staff/intelligence')).body)).toMatch(/\d+ issues? (is|are) rising/);
    expect((await (await as('officer@police.example')).get('/staff/intelligence/rising')).statusCode).toBe(403);
  });

  describe('importing a casework extract', () => {
    const csv = [
      'Reference,Date,Ward,Topics,Summary,Sentiment,Needs action,Action by',
      `CW-1,01/${today[1]}/${today[0]},${ward!.name},Housing,Damp in the flats,negative,yes,Housing repairs`,
      `CW-2,01/${today[1]}/${today[0]},,Waste and recycling,Bins missed,,,`,
      `CW-3,01/${today[1]}/${today[0]},,Housing,Email me at a@b.com,,,`,
      `CW-1,01/${today[1]}/${today[0]},,Housing,Repeated,,,`,
    ].join('\n');

    async function post(browser: Browser, url: string, fields: Record<string, string>, file?: string) {
      const body = multipartBody(
        fields,
        file === undefined
          ? undefined
          : { name: 'file', filename: 'cases.csv', contentType: 'text/csv', bytes: Buffer.from(file) },
      );
      return app.inject({
        method: 'POST',
        url,
        headers: {
          cookie: [...(browser as unknown as { cookies: Map<string, string> }).cookies]
            .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
            .join('; '),
          'content-type': body.contentType,
        },
        payload: body.payload,
      });
    }
    const field = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)![1]!;
    const imported = async (organisation: string) =>
      q<{ source_ref: string }>(
        `SELECT source_ref FROM intelligence_items WHERE organisation_id = $1 AND channel = 'casework' AND source_ref IS NOT NULL ORDER BY source_ref`,
        [await orgId(organisation)],
      );

    it('checks first (a dry run that stores nothing), imports the good rows, and never imports a case twice', async () => {
      const council = await as('housing@council.example');
      await council.get('/staff/intelligence/import');
      const check = await post(
        council,
        '/staff/intelligence/import',
        { _csrf: council.csrfToken, channel: 'casework' },
        csv,
      );
      expect(check.statusCode).toBe(200);
      const report = textOf(check.body);
      expect(report).toContain('2 cases ready to import');
      expect(report).toContain('1 duplicate to skip');
      expect(report).toContain('Line 4: remove the email address');
      expect(await imported('bd-council')).toEqual([]);
      const confirm = await post(council, '/staff/intelligence/import/confirm', {
        _csrf: field(check.body, '_csrf'),
        channel: field(check.body, 'channel'),
        fileName: field(check.body, 'fileName'),
        csv: field(check.body, 'csv'),
      });
      expect(confirm.statusCode).toBe(303);
      expect((await imported('bd-council')).map((r) => r.source_ref)).toEqual(['CW-1', 'CW-2']);
      // The same file again: everything is a duplicate now.
      await council.get('/staff/intelligence/import');
      const again = await post(
        council,
        '/staff/intelligence/import',
        { _csrf: council.csrfToken, channel: 'casework' },
        csv,
      );
      expect(textOf(again.body)).toContain('0 cases ready to import');
      const replay = await post(council, '/staff/intelligence/import/confirm', {
        _csrf: field(check.body, '_csrf'),
        channel: 'casework',
        fileName: 'cases.csv',
        csv: field(check.body, 'csv'),
      });
      expect(replay.statusCode).toBe(303);
      expect((await imported('bd-council')).map((r) => r.source_ref)).toEqual(['CW-1', 'CW-2']);
      expect(await q(`SELECT 1 FROM audit_events WHERE action = 'intelligence.imported'`)).toHaveLength(2);
      // References are the organisation's own: another partner's CW-1 is a different case.
      const nhs = await as('officer@nhs.example');
      await nhs.get('/staff/intelligence/import');
      expect(
        textOf(
          (await post(nhs, '/staff/intelligence/import', { _csrf: nhs.csrfToken, channel: 'casework' }, csv)).body,
        ),
      ).toContain('2 cases ready to import');
    });

    it('asks for a channel and a file, and refuses councillors', async () => {
      const council = await as('housing@council.example');
      await council.get('/staff/intelligence/import');
      const noFile = await post(council, '/staff/intelligence/import', {
        _csrf: council.csrfToken,
        channel: 'complaint',
      });
      expect(noFile.statusCode).toBe(422);
      expect(textOf(noFile.body)).toContain('Select a CSV file');
      await council.get('/staff/intelligence/import');
      const noChannel = await post(
        council,
        '/staff/intelligence/import',
        { _csrf: council.csrfToken, channel: 'street' },
        csv,
      );
      expect(textOf(noChannel.body)).toContain('Select what the extract is');
      await council.get('/staff/intelligence/import');
      const badFile = await post(
        council,
        '/staff/intelligence/import',
        { _csrf: council.csrfToken, channel: 'complaint' },
        'just,some\ncolumns,here',
      );
      expect(textOf(badFile.body)).toContain('The file must have columns called reference, date, topics, summary');
      expect((await (await as('councillor@council.example')).get('/staff/intelligence/import')).statusCode).toBe(403);
    });
  });
});
