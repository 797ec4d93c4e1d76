import { describe, expect, it } from 'vitest';
import { build, signedInBrowsers, textOf } from '../../../test/helpers.ts';
import { multipartBody } from '../../../test/multipart.ts';

const ctx = await build();
const { app, deps } = ctx;
const as = signedInBrowsers(app);

const memberId = async (email: string) =>
  (await deps.database.query<{ id: string }>('SELECT id FROM people WHERE email = $1', [email]))[0]!.id;

async function upload(
  browser: Awaited<ReturnType<typeof as>>,
  url: string,
  fields: Record<string, string>,
  file?: { name: string; content: string },
) {
  await browser.get(url);
  const body = multipartBody(
    { _csrf: browser.csrfToken, ...fields },
    file && { name: 'file', filename: file.name, contentType: 'text/csv', bytes: Buffer.from(file.content) },
  );
  // The Browser keeps its cookies privately; this reads them the way documents.routes.test.ts does.
  const cookie = [...(browser as unknown as { cookies: Map<string, string> }).cookies]
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('; ');
  return app.inject({
    method: 'POST',
    url,
    headers: { cookie, 'content-type': body.contentType },
    payload: body.payload,
  });
}

describe('who sees personal data', () => {
  it('lets engagement officers open a record, and audits every view', async () => {
    const id = await memberId('panel.member.003@example.com');
    const browser = await as('engagement@council.example');
    const page = await browser.get(`/staff/people/members/${id}`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('panel.member.003@example.com');
    expect(text).toContain('special category data');
    await browser.get(`/staff/people/members/${id}`);
    const views = await deps.database.query<{ after: { equalityShown: boolean } }>(
      "SELECT after FROM audit_events WHERE action = 'person.viewed' AND entity_id = $1",
      [id],
    );
    expect(views).toHaveLength(2);
    expect(JSON.stringify(views)).not.toContain('@example.com');
  });

  it('never shows members to councillors, and hides other organisations’ people behind a 404', async () => {
    const id = await memberId('panel.member.004@example.com');
    const councillor = await as('councillor@council.example');
    expect((await councillor.get(`/staff/people/members/${id}`)).statusCode).toBe(403);
    expect((await councillor.get('/staff/people/panels/citizens-panel')).statusCode).toBe(403);
    expect((await councillor.get('/staff/people/contacts.csv')).statusCode).toBe(403);
    // Councillors do see aggregate panel health.
    const health = await councillor.get('/staff/people/panels/citizens-panel/health');
    expect(health.statusCode).toBe(200);
    expect(health.body).not.toContain('@example.com');

    const partner = await as('officer@nhs.example');
    expect((await partner.get(`/staff/people/members/${id}`)).statusCode).toBe(404);
    expect((await partner.get('/staff/people/members/not-a-uuid')).statusCode).toBe(404);
    const list = await partner.get('/staff/people/panels/citizens-panel');
    expect(list.statusCode).toBe(200);
    expect(textOf(list.body)).not.toContain('Demo Resident');
    expect(textOf(list.body)).toContain('Held by another organisation');
    // Partnership-only actions.
    expect((await partner.get('/staff/people/panels/citizens-panel/samples/new')).statusCode).toBe(403);
    await partner.get('/staff/people');
    expect((await partner.post(`/staff/people/members/${id}/erase`, {})).statusCode).toBe(403);
  });

  it('lets staff change a membership status with an audit of before and after', async () => {
    const id = await memberId('panel.member.005@example.com');
    const panel = (
      await deps.database.query<{ id: string }>("SELECT id FROM people_panels WHERE slug = 'citizens-panel'")
    )[0]!.id;
    const browser = await as('engagement@council.example');
    await browser.get(`/staff/people/members/${id}`);
    const response = await browser.post(`/staff/people/members/${id}/status`, { panel, status: 'paused' });
    expect(response.statusCode).toBe(303);
    const [m] = await deps.database.query<{ status: string }>(
      'SELECT status FROM people_memberships WHERE person_id = $1 AND panel_id = $2',
      [id, panel],
    );
    expect(m!.status).toBe('paused');
    const [event] = await deps.database.query<{ before: unknown; after: unknown }>(
      "SELECT before, after FROM audit_events WHERE action = 'membership.status-changed' AND entity_id = $1",
      [id],
    );
    expect(event).toMatchObject({ before: { status: 'active' }, after: { status: 'paused' } });
  });
});

describe('importing an existing list', () => {
  const csv = [
    'Name,Email,Phone,Postcode',
    'Imported Person One,One.Imported@Example.test,,IG11 0AP',
    'Imported Person Two,,07700 900 901,',
    'Same As One,one.imported@example.test ,,',
    'No Contact,,,',
    'Bad Email,not-an-email,,',
    '=HYPERLINK("x"),formula@example.test,,',
    'Existing Demo,PANEL.MEMBER.006@example.com,,',
  ].join('\n');

  it('dry-runs with row errors and duplicates, stores nothing, then imports and de-duplicates', async () => {
    const browser = await as('officer@cvs.example');
    const empty = await upload(browser, '/staff/people/import', { panel: 'citizens-panel' });
    expect(empty.statusCode).toBe(422);
    expect(textOf(empty.body)).toContain('Select a CSV file');
    const before = await deps.database.query('SELECT id FROM people');
    const dry = await upload(
      browser,
      '/staff/people/import',
      { panel: 'citizens-panel' },
      { name: 'list.csv', content: csv },
    );
    expect(dry.statusCode).toBe(200);
    const text = textOf(dry.body);
    expect(text).toContain('Row 5: enter an email address or a phone number');
    expect(text).toContain('Row 6: the email address is not in the correct format');
    expect(text).toContain('Row 4 is the same person as row 2');
    expect(await deps.database.query('SELECT id FROM people')).toHaveLength(before.length);

    const encoded = /name="csv" value="([^"]+)"/.exec(dry.body)![1]!;
    const done = await browser.post('/staff/people/import', { panel: 'citizens-panel', confirm: 'yes', csv: encoded });
    expect(done.statusCode).toBe(303);
    const imported = await deps.database.query<{
      email: string | null;
      phone: string | null;
      source: string;
      ward_code: string | null;
      confirmed_at: Date | null;
    }>("SELECT email, phone, source, ward_code, confirmed_at FROM people WHERE source = 'import' ORDER BY email");
    expect(imported.map((p) => p.email ?? p.phone)).toEqual([
      'formula@example.test',
      'one.imported@example.test',
      '+447700900901',
    ]);
    expect(imported.find((p) => p.email === 'one.imported@example.test')!.ward_code).toBe('E05014066');
    expect(imported.every((p) => p.confirmed_at === null)).toBe(true);
    // The existing demo member (held by the council, not CVS) is neither duplicated nor given to
    // CVS: they are asked instead (cross-organisation.routes.test.ts follows the invitation).
    const existing = await deps.database.query<{ organisation_ids: string[] }>(
      "SELECT organisation_ids FROM people WHERE email = 'panel.member.006@example.com'",
    );
    expect(existing).toHaveLength(1);
    expect(existing[0]!.organisation_ids).toHaveLength(1);
    // Imported people are asked to confirm, and are only "invited" until they do.
    const messages = await deps.notifier.recent(deps.db, 100);
    expect(
      messages.some((m) => m.template === 'people-invited-to-confirm' && m.recipient === 'one.imported@example.test'),
    ).toBe(true);
    const audit = await deps.database.query<{ after: Record<string, number> }>(
      "SELECT after FROM audit_events WHERE action = 'people.imported'",
    );
    expect(audit.at(-1)!.after).toMatchObject({
      created: 3,
      linked: 0,
      invitedToShare: 1,
      rowErrors: 2,
      duplicatesInFile: 1,
    });
    expect(JSON.stringify(audit)).not.toContain('@example');

    // The importing organisation may now open the people it holds; other partners may not.
    const id = await memberId('one.imported@example.test');
    expect((await browser.get(`/staff/people/members/${id}`)).statusCode).toBe(200);
    expect((await (await as('officer@nhs.example')).get(`/staff/people/members/${id}`)).statusCode).toBe(404);

    // Importing the same list again (another organisation) creates nobody new.
    const nhs = await as('officer@nhs.example');
    const again = await nhs.post('/staff/people/import', { panel: 'e-panel', confirm: 'yes', csv: encoded });
    expect(again.statusCode).toBe(303);
    expect(await deps.database.query("SELECT id FROM people WHERE source = 'import'")).toHaveLength(3);
  });
});

describe('groups, contact lists and early liaison', () => {
  it('adds a group and a contact, filters, exports a formula-safe audited CSV', async () => {
    const browser = await as('officer@cvs.example');
    await browser.get('/staff/people/groups/new');
    const invalid = await browser.post('/staff/people/groups/new', { name: '', kind: 'nonsense' });
    expect(invalid.statusCode).toBe(422);
    expect(textOf(invalid.body)).toContain('Enter the group’s name');
    expect(textOf(invalid.body)).toContain('Select the kind of group');
    const created = await browser.post('/staff/people/groups/new', {
      name: 'Thames Ward Allotment Society',
      kind: 'friends',
      communities: ['residents', 'older-people'],
      wards: 'E05014066',
      email: '',
    });
    expect(created.statusCode).toBe(303);
    const groupUrl = String(created.headers.location);
    await browser.get(groupUrl);
    const contact = await browser.post(`${groupUrl}/contacts`, {
      name: '@Sneaky Contact',
      role: 'Chair',
      email: 'chair@allotments.example.test',
      phone: '',
    });
    expect(contact.statusCode).toBe(303);

    const engagement = await as('engagement@council.example');
    const list = await engagement.get('/staff/people/groups?community=older-people');
    expect(textOf(list.body)).toContain('Thames Ward Allotment Society');
    expect(textOf(list.body)).toContain('Older People’s Forum (demo)');
    expect(textOf(list.body)).not.toContain('LGBT+ Forum');
    const exported = await engagement.get('/staff/people/contacts.csv?community=older-people');
    expect(exported.headers['content-type']).toContain('text/csv');
    expect(exported.body).toContain("'@Sneaky Contact");
    const audit = await deps.database.query("SELECT 1 FROM audit_events WHERE action = 'contacts.exported'");
    expect(audit).toHaveLength(1);

    // Another organisation cannot add contacts to CVS's group.
    const nhs = await as('officer@nhs.example');
    await nhs.get(groupUrl);
    expect((await nhs.post(`${groupUrl}/contacts`, { name: 'X', role: '', email: 'x@example.test' })).statusCode).toBe(
      403,
    );
  });

  it('suggests groups representing the consultation’s audiences on its staff page', async () => {
    const [c] = await deps.database.query<{ id: string }>(
      "SELECT id FROM consultations WHERE slug = 'youth-services-review'",
    );
    const browser = await as('engagement@council.example');
    const page = await browser.get(`/staff/consultations/${c!.id}`);
    const text = textOf(page.body);
    expect(text).toContain('Groups to involve early');
    expect(text).toContain('Young People’s Forum (demo)');
    expect(text).not.toContain('Disability Forum (demo)');
  });
});

describe('targets, panel health and samples', () => {
  it('imports census-style targets, validating each row', async () => {
    const browser = await as('engagement@council.example');
    const bad = await upload(
      browser,
      '/staff/people/targets',
      { source: 'Test census' },
      { name: 't.csv', content: 'characteristic,category,count\nsex,female,100\nshoe_size,9,3\nsex,male,-1\n' },
    );
    expect(bad.statusCode).toBe(422);
    expect(textOf(bad.body)).toContain('Row 3: "shoe_size" is not a characteristic we hold');
    expect(textOf(bad.body)).toContain('Row 4: the count must be a number of 0 or more');
    const good = await upload(
      browser,
      '/staff/people/targets',
      { source: 'ONS Census 2021 (test extract)' },
      { name: 't.csv', content: 'characteristic,category,count\nsex,female,"52,000"\nsex,male,"48,000"\n' },
    );
    expect(good.statusCode).toBe(303);
    const rows = await deps.database.query<{ category: string; proportion: string; is_demo: boolean }>(
      "SELECT category, proportion, is_demo FROM people_targets WHERE characteristic = 'sex' ORDER BY category",
    );
    expect(rows.map((r) => [r.category, Number(r.proportion), r.is_demo])).toEqual([
      ['female', 0.52, false],
      ['male', 0.48, false],
    ]);
    const page = await browser.get('/staff/people/targets');
    expect(textOf(page.body)).toContain('DEMO targets');
    expect((await (await as('officer@nhs.example')).get('/staff/people/targets')).statusCode).toBe(200);
  });

  it('shows panel health with under-represented groups in words and a table', async () => {
    const browser = await as('councillor@council.example');
    const page = await browser.get('/staff/people/panels/citizens-panel/health');
    const text = textOf(page.body);
    expect(text).toContain('Under-represented:');
    expect(text).toContain('16 to 24');
    expect(page.body).toContain('<svg');
    expect(page.body).toContain('govuk-table');
  });

  it('draws a reproducible sample, shows deviations, invites within contact limits, and tracks responses', async () => {
    const browser = await as('engagement@council.example');
    await browser.get('/staff/people/panels/citizens-panel/samples/new');
    const invalid = await browser.post('/staff/people/panels/citizens-panel/samples/new', {
      size: 'lots',
      excludeDays: '',
      seed: 'abc',
    });
    expect(invalid.statusCode).toBe(422);
    expect(textOf(invalid.body)).toContain('Number of members must be a whole number');
    expect(textOf(invalid.body)).toContain('Select at least one characteristic to match');

    const form = { size: '40', characteristics: ['sex', 'age_band'], excludeDays: '90', seed: '4242' };
    const first = await browser.post('/staff/people/panels/citizens-panel/samples/new', form);
    expect(first.statusCode).toBe(303);
    const second = await browser.post('/staff/people/panels/citizens-panel/samples/new', form);
    const ids = [first, second].map((r) => String(r.headers.location).split('/').pop()!);
    const members = await Promise.all(
      ids.map(async (id) =>
        (
          await deps.database.query<{ person_id: string }>(
            'SELECT person_id FROM people_sample_members WHERE sample_id = $1 ORDER BY person_id',
            [id],
          )
        ).map((r) => r.person_id),
      ),
    );
    expect(members[0]).toHaveLength(40);
    expect(members[1]).toEqual(members[0]);
    const page = await browser.get(`/staff/people/samples/${ids[0]}`);
    const text = textOf(page.body);
    expect(text).toContain('4242');
    expect(text).toContain('Largest difference from a target');
    const [sample] = await deps.database.query<{ deviations: { target: number; achieved: number }[] }>(
      'SELECT deviations FROM people_samples WHERE id = $1',
      [ids[0]],
    );
    for (const d of sample!.deviations) expect(Math.abs(d.achieved - d.target)).toBeLessThanOrEqual(0.05);

    // Contact limit: one member already invited up to the limit is skipped with a reason.
    const limited = members[0]![0]!;
    for (let i = 0; i < deps.config.people.contactLimit; i++) {
      await deps.database.query(
        "INSERT INTO people_events (person_id, kind, detail, occurred_at) VALUES ($1, 'invited', 'earlier', now())",
        [limited],
      );
    }
    const [questionnaire] = await deps.database.query<{ id: string }>(
      "SELECT q.id FROM questionnaires q JOIN consultations c ON c.id = q.owner_id WHERE c.state = 'open' LIMIT 1",
    );
    const noChoice = await browser.post(`/staff/people/samples/${ids[0]}/invite`, {
      purpose: 'consultation',
      questionnaire: '',
    });
    expect(noChoice.statusCode).toBe(422);
    expect(textOf(noChoice.body)).toContain('Select a consultation');
    const invited = await browser.post(`/staff/people/samples/${ids[0]}/invite`, {
      purpose: 'consultation',
      questionnaire: questionnaire!.id,
    });
    expect(invited.statusCode).toBe(303);
    const again = await browser.post(`/staff/people/samples/${ids[0]}/invite`, {
      purpose: 'consultation',
      questionnaire: questionnaire!.id,
    });
    expect(again.statusCode).toBe(303);
    const invitations = await deps.database.query(
      'SELECT 1 FROM questionnaire_invitations WHERE questionnaire_id = $1',
      [questionnaire!.id],
    );
    expect(invitations).toHaveLength(39);
    const [skipped] = await deps.database.query<{ skipped_reason: string }>(
      'SELECT skipped_reason FROM people_sample_members WHERE sample_id = $1 AND person_id = $2',
      [ids[0], limited],
    );
    expect(skipped!.skipped_reason).toContain('contact limit reached');

    // A response from an invited member is counted in the response rates and their history.
    const [target] = await deps.database.query<{ person_id: string; email: string }>(
      'SELECT sm.person_id, p.email FROM people_sample_members sm JOIN people p ON p.id = sm.person_id WHERE sm.sample_id = $1 AND sm.invited_at IS NOT NULL LIMIT 1',
      [ids[0]],
    );
    await deps.database.query(
      "INSERT INTO responses (questionnaire_id, version, reference, idempotency_key, verified_email, answers, redactions) VALUES ($1, 1, 'TEST-REF-1', 'test-key-1', $2, '{}', '{}')",
      [questionnaire!.id, target!.email],
    );
    const report = await browser.get(`/staff/people/samples/${ids[0]}`);
    expect(textOf(report.body)).toContain('39 invited, 1 responded, 1 not invited');
    const history = await deps.database.query(
      "SELECT 1 FROM people_events WHERE person_id = $1 AND kind = 'responded'",
      [target!.person_id],
    );
    expect(history).toHaveLength(1);
  });
});

describe('focus groups and demo data', () => {
  it('invites a sample to a focus group by email, recording the invitation in each history', async () => {
    const browser = await as('engagement@council.example');
    await browser.get('/staff/people/panels/e-panel/samples/new');
    const drawn = await browser.post('/staff/people/panels/e-panel/samples/new', {
      size: '10',
      characteristics: 'ward',
      excludeDays: '0',
      seed: '',
    });
    expect(drawn.statusCode).toBe(303);
    const url = String(drawn.headers.location);
    const page = await browser.get(url);
    const seed = /Seed\s*<\/dt>\s*<dd[^>]*>\s*(\d+)/.exec(page.body)?.[1];
    expect(seed).toMatch(/^\d+$/);
    const missing = await browser.post(`${url}/invite`, { purpose: 'focus_group', focusGroup: '' });
    expect(missing.statusCode).toBe(422);
    expect(textOf(missing.body)).toContain('Enter the focus group’s name');
    expect(
      (await browser.post(`${url}/invite`, { purpose: 'focus_group', focusGroup: 'Library opening hours' })).statusCode,
    ).toBe(303);
    const messages = (await deps.notifier.recent(deps.db, 200)).filter((m) => m.template === 'people-focus-group');
    const invited = await deps.database.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM people_events WHERE kind = 'invited' AND detail = 'Library opening hours'",
    );
    expect(messages.length).toBe(invited[0]!.n);
    expect(messages.length).toBeGreaterThan(0);
    expect((messages[0]!.personalisation as Record<string, string>).body).toContain('Library opening hours');
  });

  it('loads the demo people idempotently', async () => {
    const { seedPeople } = await import('./people.seed.ts');
    const count = async () =>
      (
        await deps.database.query<{ n: number }>(
          'SELECT (SELECT count(*) FROM people) + (SELECT count(*) FROM people_groups) + (SELECT count(*) FROM people_targets) + (SELECT count(*) FROM people_panels) AS n',
        )
      )[0]!.n;
    const before = Number(await count());
    await seedPeople(deps);
    expect(Number(await count())).toBe(before);
  });
});
