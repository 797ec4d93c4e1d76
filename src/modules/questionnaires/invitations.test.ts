/** Private invitations: pasting a list (validated, de-duplicated, audited, emailed once), the status list, and who may. */
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { Browser, build, textOf } from '../../../test/helpers.ts';
import { parseEmailList } from './invitations.schema.ts';
import { createRespondable } from './responding.fixtures.ts';

describe('parseEmailList', () => {
  it('splits on lines, commas, semicolons and spaces, keeps addresses in angle brackets, lower-cases and de-duplicates', () => {
    expect(
      parseEmailList('a@example.com\nB@Example.com, c@example.com; a@example.com\r\nAda Lovelace <ada@example.com>'),
    ).toEqual({
      ok: true,
      emails: ['a@example.com', 'b@example.com', 'c@example.com', 'ada@example.com'],
      duplicates: 1,
    });
  });

  it('refuses the whole list when any address is wrong, naming it', () => {
    const parsed = parseEmailList('a@example.com\nnot-an-email\n<script>@x');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toContain('“not-an-email”');
    expect(parseEmailList('  \n ')).toEqual({ ok: false, error: 'Enter at least one email address' });
    expect(parseEmailList(Array.from({ length: 501 }, (_, i) => `p${i}@example.com`).join('\n'))).toEqual({
      ok: false,
      error: 'Enter 500 email addresses or fewer at a time',
    });
  });
});

let lastOctet = 0;
function browserFor(app: FastifyInstance) {
  const remoteAddress = `10.45.0.${++lastOctet}`;
  return new Browser({
    inject: (options: object) => app.inject({ ...options, remoteAddress }),
  } as unknown as FastifyInstance);
}

describe('private invitations page', async () => {
  const { app, deps } = await build();
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);
  const verified = await createRespondable(deps, { mode: 'verified' });
  const openQuestionnaire = await createRespondable(deps, {});
  const inReview = await createRespondable(deps, { state: 'in_review', private: true });
  const closed = await createRespondable(deps, { state: 'closed', mode: 'verified' });
  const url = (c: { consultationId: string }) => `/staff/consultations/${c.consultationId}/questionnaire/invitations`;
  const signedIn = async (email: string) => {
    const browser = browserFor(app);
    await browser.signIn(email);
    return browser;
  };
  const outbox = (recipient: string) =>
    q<{ id: string }>(`SELECT id FROM outbox_messages WHERE recipient = $1 AND template = 'response-invitation'`, [
      recipient,
    ]);

  it('invites each new address once, audited, and lists them with their status', async () => {
    const officer = await signedIn('housing@council.example');
    const form = await officer.get(url(verified));
    expect(form.statusCode).toBe(200);
    expect(textOf(form.body)).toContain('Nobody has been invited yet.');
    const sent = await officer.post(url(verified), {
      emails: 'tenant1@example.com\nTenant2@example.com, tenant1@example.com',
    });
    expect(sent.statusCode).toBe(303);
    const after = await officer.get(url(verified));
    const text = textOf(after.body);
    expect(text).toContain('2 invitations sent. 1 repeated address ignored.');
    expect(text).toContain('tenant2@example.com');
    expect(text).toContain('Not opened yet');
    expect(await outbox('tenant1@example.com')).toHaveLength(1);
    const [event] = await q<{ after: { sent: number } }>(
      `SELECT after FROM audit_events WHERE action = 'questionnaire.invitations_sent' AND entity_id = $1`,
      [verified.questionnaireId],
    );
    expect(event!.after.sent).toBe(2);
    expect(JSON.stringify(event)).not.toContain('tenant1');

    // Again with one new address: the others are not emailed twice.
    await officer.post(url(verified), { emails: 'tenant1@example.com\ntenant3@example.com' });
    expect(textOf((await officer.get(url(verified))).body)).toContain(
      '1 invitation sent. 1 person was already invited and not emailed again.',
    );
    expect(await outbox('tenant1@example.com')).toHaveLength(1);

    // A response by the invited (verified) person shows as responded.
    await q(
      `INSERT INTO responses (questionnaire_id, version, reference, idempotency_key, verified_email)
       VALUES ($1, 1, 'SDG-INV-1', 'inv-1', 'tenant2@example.com')`,
      [verified.questionnaireId],
    );
    const listed = textOf((await officer.get(url(verified))).body);
    expect(listed).toContain('3 invited, 0 opened their link, 1 responded.');
    expect(listed).toMatch(/tenant2@example\.com \S+ \S+ \S+ Responded/);
  });

  it('re-shows the list with an error, keeping what was typed and sending nothing', async () => {
    const officer = await signedIn('engagement@council.example');
    await officer.get(url(verified));
    const response = await officer.post(url(verified), { emails: 'good@example.com\nbad-address' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Error:');
    expect(response.body).toContain('href="#emails"');
    expect(textOf(response.body)).toContain('check “bad-address”');
    expect(response.body).toContain('good@example.com\nbad-address</textarea>');
    expect(await outbox('good@example.com')).toHaveLength(0);
    const empty = await officer.post(url(verified), { emails: '' });
    expect(textOf(empty.body)).toContain('Enter at least one email address');
  });

  it('decides per consultation who may see and send invitations', async () => {
    const nhs = await signedIn('officer@nhs.example');
    // Another organisation's in-review consultation: not even there.
    expect((await nhs.get(url(inReview))).statusCode).toBe(404);
    // An open one it can read but does not run: no list of names.
    expect((await nhs.get(url(verified))).statusCode).toBe(403);
    const councillor = await signedIn('councillor@council.example');
    expect((await councillor.get(url(verified))).statusCode).toBe(403);
    const officer = await signedIn('housing@council.example');
    // Closed: the list stays readable, but no more invitations.
    const closedPage = await officer.get(url(closed));
    expect(closedPage.statusCode).toBe(200);
    expect(textOf(closedPage.body)).toContain('Invitations can no longer be sent');
    expect((await officer.post(url(closed), { emails: 'late@example.com' })).statusCode).toBe(403);
    // An open questionnaire needs none.
    await officer.get(url(openQuestionnaire));
    expect((await officer.post(url(openQuestionnaire), { emails: 'x@example.com' })).statusCode).toBe(403);
    expect(await outbox('late@example.com')).toHaveLength(0);
    expect((await officer.get(`/staff/consultations/not-a-uuid/questionnaire/invitations`)).statusCode).toBe(404);
  });

  it('is linked from the consultation’s staff page for private and one-per-person questionnaires', async () => {
    const officer = await signedIn('engagement@council.example');
    const page = await officer.get(`/staff/consultations/${verified.consultationId}`);
    expect(textOf(page.body)).toContain('Private invitations');
    const open = await officer.get(`/staff/consultations/${openQuestionnaire.consultationId}`);
    expect(textOf(open.body)).not.toContain('Private invitations');
  });
});
