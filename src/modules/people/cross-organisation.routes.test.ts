/**
 * No organisation is granted a person it does not already hold (people.policy.ts): the outside
 * tester's scenario (a partner officer imports a resident's email and reads their access needs)
 * and each other staff path to people data, on PGlite and PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { Browser, build, signedInBrowsers, textOf } from '../../../test/helpers.ts';
import { multipartBody } from '../../../test/multipart.ts';
import { answerJoinQuestions, linkFrom } from './people.test-helpers.ts';

const ctx = await build();
const { app, deps } = ctx;
const as = signedInBrowsers(app);

const RESIDENT = 'own.record.resident@example.test';

async function upload(browser: Browser, fields: Record<string, string>, csv?: string) {
  await browser.get('/staff/people/import');
  const body = multipartBody(
    { _csrf: browser.csrfToken, ...fields },
    csv === undefined
      ? undefined
      : { name: 'file', filename: 'list.csv', contentType: 'text/csv', bytes: Buffer.from(csv) },
  );
  const cookie = [...(browser as unknown as { cookies: Map<string, string> }).cookies]
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('; ');
  return app.inject({
    method: 'POST',
    url: '/staff/people/import',
    headers: { cookie, 'content-type': body.contentType },
    payload: body.payload,
  });
}

async function residentRecord() {
  const [row] = await deps.database.query<{ id: string; organisation_ids: string[]; access_needs: string }>(
    'SELECT id, organisation_ids, access_needs FROM people WHERE email = $1',
    [RESIDENT],
  );
  return row!;
}

/** The dry run's page with what differs between any two uploads (the file itself) taken out. */
const summaryOf = (html: string) => textOf(html.replace(/name="csv" value="[^"]*"/, ''));

describe('a partner officer importing a resident’s own record', async () => {
  // The resident joins the partnership's panel themselves and gives access needs (health data).
  const resident = new Browser(app);
  const [ward] = await deps.database.query<{ code: string }>('SELECT code FROM wards ORDER BY code LIMIT 1');
  await answerJoinQuestions(resident, { email: RESIDENT, phone: '', ward: ward!.code });
  await resident.post('/panels/join/check', {});
  const confirm = await linkFrom(deps, 'people-confirm', RESIDENT);
  await resident.get(confirm);
  await resident.post(confirm, {});

  it('shows the match exactly like a new person in the dry run', async () => {
    const nhs = await as('officer@nhs.example');
    const known = await upload(nhs, { panel: 'citizens-panel' }, `Name,Email\nA Resident,${RESIDENT.toUpperCase()}\n`);
    const unknown = await upload(
      nhs,
      { panel: 'citizens-panel' },
      'Name,Email\nA Resident,nobody.known@example.test\n',
    );
    expect(known.statusCode).toBe(200);
    expect(summaryOf(known.body)).toBe(summaryOf(unknown.body));
    expect(textOf(known.body)).toContain('New people 1');
    expect(textOf(known.body)).toContain('Already held (will be linked) 0');
  });

  it('grants the partner nothing on import: the resident is asked, and only their agreement shares the record', async () => {
    const nhs = await as('officer@nhs.example');
    const before = await residentRecord();
    const dry = await upload(nhs, { panel: 'citizens-panel' }, `Name,Email\nA Resident,${RESIDENT}\n`);
    const csv = /name="csv" value="([^"]+)"/.exec(dry.body)![1]!;
    const done = await nhs.post('/staff/people/import', { panel: 'citizens-panel', confirm: 'yes', csv });
    expect(done.statusCode).toBe(303);
    const flashPage = await nhs.get(String(done.headers.location));
    expect(textOf(flashPage.body)).toContain('Imported: 1 new, 0 already held and linked');

    const after = await residentRecord();
    expect(after.organisation_ids).toEqual(before.organisation_ids);
    expect(after.access_needs).toBe('Large print');
    const record = await nhs.get(`/staff/people/members/${after.id}`);
    expect(record.statusCode).toBe(404);
    expect(record.body).not.toContain('Large print');

    // Importing the same list again within 15 minutes sends the resident nothing more.
    await nhs.post('/staff/people/import', { panel: 'citizens-panel', confirm: 'yes', csv });
    const invitations = (await deps.notifier.recent(deps.db, 500)).filter(
      (m) => m.template === 'people-share-invitation' && m.recipient === RESIDENT,
    );
    expect(invitations).toHaveLength(1);
    expect((invitations[0]!.personalisation as Record<string, string>).body).toContain('NHS');

    // The resident agrees: only now does the NHS hold them. The link works once.
    const link = await linkFrom(deps, 'people-share-invitation', RESIDENT);
    const stored = await deps.database.query('SELECT 1 FROM people_tokens WHERE token_hash = $1', [
      link.split('/').pop(),
    ]);
    expect(stored).toHaveLength(0); // only the hash is kept
    const own = new Browser(app);
    expect((await own.get(link)).statusCode).toBe(200);
    expect((await own.post(link, {})).headers.location).toBe('/panels/account');
    const replay = new Browser(app);
    await replay.get('/panels/sign-in');
    expect((await replay.post(link, {})).statusCode).toBe(410);
    expect((await residentRecord()).organisation_ids).toHaveLength(before.organisation_ids.length + 1);
    expect((await nhs.get(`/staff/people/members/${after.id}`)).statusCode).toBe(200);
  });
});

describe('the other staff paths to people data', () => {
  it('member lists show names only of people the organisation holds; records of others are 404', async () => {
    const police = await as('officer@police.example');
    const [someone] = await deps.database.query<{ id: string; full_name: string }>(
      `SELECT p.id, p.full_name FROM people p WHERE p.erased_at IS NULL AND p.full_name IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM organisations o WHERE o.id = ANY(p.organisation_ids) AND o.slug = 'met-police-bd')
       LIMIT 1`,
    );
    const list = await police.get('/staff/people/panels/citizens-panel');
    expect(list.statusCode).toBe(200);
    expect(textOf(list.body)).not.toContain(someone!.full_name);
    expect((await police.get(`/staff/people/members/${someone!.id}`)).statusCode).toBe(404);
    expect([403, 404]).toContain((await police.get(`/staff/people/members/${someone!.id}/erase`)).statusCode);
  });

  it('samples and their invitations are for the partnership roles only, and change nobody’s holders', async () => {
    const before = await deps.database.query<{ ids: string }>(
      "SELECT string_agg(organisation_ids::text, ',' ORDER BY id) AS ids FROM people",
    );
    const nhs = await as('officer@nhs.example');
    expect((await nhs.get('/staff/people/panels/citizens-panel/samples/new')).statusCode).toBe(403);
    const engagement = await as('engagement@council.example');
    const page = await engagement.get('/staff/people/panels/citizens-panel/samples/new');
    expect(page.statusCode).toBe(200);
    const after = await deps.database.query<{ ids: string }>(
      "SELECT string_agg(organisation_ids::text, ',' ORDER BY id) AS ids FROM people",
    );
    expect(after).toEqual(before);
  });

  it('the group contacts export is the partnership’s shared groups, never panel members', async () => {
    const nhs = await as('officer@nhs.example');
    const csv = await nhs.get('/staff/people/contacts.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).not.toContain(RESIDENT);
    expect(csv.body).not.toContain('panel.member.');
  });
});
