import { describe, expect, it } from 'vitest';
import { systemActor } from '../../deps.ts';
import { build, Browser, signedInBrowsers } from '../../../test/helpers.ts';
import { inviteRespondent } from '../questionnaires/index.ts';
import { runRetention } from './erasure.service.ts';
import { answerJoinQuestions, linkFrom } from './people.test-helpers.ts';

const ctx = await build();
const { app, deps, clock } = ctx;
const staffBrowser = signedInBrowsers(app);

/** Every row of every table in the schema, as text, that contains the needle. */
async function tracesOf(needle: string) {
  const tables = await deps.database.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
  );
  const found: string[] = [];
  for (const { table_name } of tables) {
    const rows = await deps.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${table_name}" AS t WHERE t::text ILIKE $1`,
      [`%${needle}%`],
    );
    if (rows[0]!.n > 0) found.push(`${table_name} (${rows[0]!.n})`);
  }
  return found;
}

const PERSON = {
  fullName: 'Ottoline Erasable-Fixture',
  email: 'ottoline.erasable@example.test',
  phone: '07700 900 777',
  phoneNormalised: '+447700900777',
  // Not in the postcode lookup, so the lookup table cannot legitimately hold it.
  postcode: 'ZZ1 4QX',
};

const PENDING_EMAIL = 'ottoline.pending-change@example.test';

describe('erasure', () => {
  it('leaves no trace of the name, email, phone or postcode in any table, and keeps the anonymised counts', async () => {
    const resident = new Browser(app);
    const wards = await deps.database.query<{ code: string }>('SELECT code FROM wards ORDER BY code LIMIT 1');
    await answerJoinQuestions(resident, { ...PERSON, ward: wards[0]!.code });
    await resident.post('/panels/join/check', {});
    const confirm = await linkFrom(deps, 'people-confirm', PERSON.email);
    await resident.get(confirm);
    await resident.post(confirm, {});
    const [{ id }] = (await deps.database.query<{ id: string }>('SELECT id FROM people WHERE email = $1', [
      PERSON.email,
    ])) as [{ id: string }];

    // Their details are copied about the product: a partner's import, a private questionnaire link,
    // messages, a staff view of the record, a change of details.
    const partner = await staffBrowser('officer@nhs.example');
    await partner.get('/staff/people/import');
    const csv = `name,email,phone\n${PERSON.fullName},${PERSON.email.toUpperCase()},${PERSON.phone}\n`;
    // The dry run's confirm form posts the checked file back as a hidden field.
    const imported = await partner.post('/staff/people/import', {
      panel: 'e-panel',
      confirm: 'yes',
      csv: Buffer.from(csv).toString('base64'),
    });
    expect(imported.statusCode).toBe(303);
    const [questionnaire] = await deps.database.query<{ id: string }>(
      "SELECT q.id FROM questionnaires q JOIN consultations c ON c.id = q.owner_id WHERE c.state = 'open' LIMIT 1",
    );
    expect((await inviteRespondent(deps, questionnaire!.id, PERSON.email)).ok).toBe(true);
    const engagement = await staffBrowser('engagement@council.example');
    expect((await engagement.get(`/staff/people/members/${id}`)).statusCode).toBe(200);

    // A change of email address still waiting for its link: the new address is held (and written to) too.
    await resident.get('/panels/account/details');
    const changed = await resident.post('/panels/account/details', {
      fullName: PERSON.fullName,
      email: PENDING_EMAIL,
      phone: PERSON.phone,
      postcode: PERSON.postcode,
      topics: 'housing',
      channels: 'email',
    });
    expect(changed.headers.location).toBe('/panels/account');

    for (const needle of [PERSON.fullName, PERSON.email, PERSON.phoneNormalised, PERSON.postcode, PENDING_EMAIL]) {
      expect(await tracesOf(needle), needle).not.toEqual([]);
    }

    await engagement.get(`/staff/people/members/${id}/erase`);
    const erased = await engagement.post(`/staff/people/members/${id}/erase`, {});
    expect(erased.statusCode).toBe(303);

    for (const needle of [
      PERSON.fullName,
      PERSON.email,
      PERSON.phoneNormalised,
      '07700 900 777',
      PERSON.postcode,
      PENDING_EMAIL,
      'Erasable',
    ]) {
      expect(await tracesOf(needle), needle).toEqual([]);
    }
    const [row] = await deps.database.query<Record<string, unknown>>('SELECT * FROM people WHERE id = $1', [id]);
    expect(row).toMatchObject({ ward_code: wards[0]!.code, full_name: null, email: null });
    expect(row!.erased_at).toBeTruthy();
    const memberships = await deps.database.query<{ status: string }>(
      'SELECT status FROM people_memberships WHERE person_id = $1',
      [id],
    );
    expect(memberships.length).toBeGreaterThanOrEqual(2);
    expect(memberships.every((m) => m.status === 'left')).toBe(true);
    const audit = await deps.database.query(
      "SELECT 1 FROM audit_events WHERE action = 'person.erased' AND entity_id = $1",
      [id],
    );
    expect(audit).toHaveLength(1);
    // Erased people no longer open, for staff or by their old links.
    expect((await engagement.get(`/staff/people/members/${id}`)).statusCode).toBe(404);
  });
});

describe('retention', () => {
  it('reminds inactive members, erases them if they stay inactive, and keeps those who come back', async () => {
    const config = deps.config.people;
    const members = await deps.database.query<{ id: string; email: string }>(
      "SELECT id, email FROM people WHERE email IN ('panel.member.010@example.com', 'panel.member.011@example.com') ORDER BY email",
    );
    const [stays, goes] = [members[0]!, members[1]!];
    // Everyone else active just before the reminder is due, so only these two are affected.
    clock.advance((config.inactiveDays + 1) * 86_400_000);
    await deps.database.query(
      "UPDATE people SET last_active_at = $1 WHERE email NOT IN ('panel.member.010@example.com', 'panel.member.011@example.com')",
      [clock.now().toISOString()],
    );
    const first = await runRetention(deps);
    expect(first.reminded).toBe(2);
    const link = await linkFrom(deps, 'people-retention-reminder', stays.email);
    expect(await runRetention(deps)).toEqual({ reminded: 0, erased: 0 });

    clock.advance(5 * 86_400_000);
    const browser = new Browser(app);
    await browser.get(link);
    expect((await browser.post(link, {})).headers.location).toBe('/panels/account');

    clock.advance((config.eraseAfterReminderDays + 1) * 86_400_000);
    const second = await runRetention(deps);
    expect(second.erased).toBe(1);
    const rows = await deps.database.query<{ id: string; erased_at: Date | null }>(
      'SELECT id, erased_at FROM people WHERE id IN ($1, $2)',
      [stays.id, goes.id],
    );
    expect(rows.find((r) => r.id === stays.id)!.erased_at).toBeNull();
    expect(rows.find((r) => r.id === goes.id)!.erased_at).toBeTruthy();
    expect(await tracesOf(goes.email)).toEqual([]);
    const events = await deps.database.query(
      "SELECT 1 FROM audit_events WHERE action = 'person.erased' AND entity_id = $1 AND actor_label = $2",
      [goes.id, systemActor.label],
    );
    expect(events).toHaveLength(1);
  });
});
