import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { Browser, build, signedInBrowsers, textOf } from '../../../test/helpers.ts';
import { checkAllThresholds, checkThresholds } from './petitions.service.ts';

describe('petitions', async () => {
  const { app, deps, clock } = await build({ now: '2027-02-01T10:00:00Z' });
  const as = signedInBrowsers(app);
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);

  let lastOctet = 0;
  /** A resident's browser from its own address (the forms are rate limited per address). */
  const resident = (remoteAddress = `10.80.${Math.floor(++lastOctet / 250)}.${lastOctet % 250}`) =>
    new Browser({
      inject: (options: object) => app.inject({ ...options, remoteAddress }),
    } as unknown as FastifyInstance);

  const linksTo = async (email: string, template: string) =>
    (
      await q<{ personalisation: { link: string } }>(
        `SELECT personalisation FROM outbox_messages WHERE recipient = $1 AND template = $2 ORDER BY created_at, id`,
        [email, template],
      )
    ).map((m) => new URL(m.personalisation.link).pathname);
  const confirmed = async (petitionId: string) =>
    (
      await q<{ n: number }>(
        `SELECT count(*)::int AS n FROM petition_signatures WHERE petition_id = $1 AND status = 'confirmed'`,
        [petitionId],
      )
    )[0]!.n;
  const petitionByTitle = async (title: string) =>
    (
      await q<{ id: string; number: number; status: string }>(
        `SELECT id, number, status FROM petitions WHERE title = $1`,
        [title],
      )
    )[0]!;

  const signer = (email: string, extra: Record<string, string> = {}) => ({
    name: 'Rita Resident',
    email,
    postcode: 'rm10 7bb',
    inBorough: 'yes',
    ...extra,
  });

  async function sign(number: number, email: string, browser = resident()) {
    // A closed petition's sign page has no form: take a session's token from another form first.
    await browser.get('/petitions/start');
    await browser.get(`/petitions/${number}/sign`);
    return browser.post(`/petitions/${number}/sign`, signer(email));
  }

  /** Follows the email's link and presses the button, as a person would. */
  async function confirm(path: string, browser = resident()) {
    const page = await browser.get(path);
    expect(page.statusCode).toBe(200);
    expect(page.headers['set-cookie']).toBeUndefined();
    return follow(browser, await browser.post(path, {}));
  }
  /** Post/redirect/get: the page after a 303. */
  async function follow(browser: Browser, response: Awaited<ReturnType<Browser['post']>>) {
    return response.statusCode === 303 ? browser.get(response.headers.location as string) : response;
  }

  async function signAndConfirm(number: number, email: string) {
    expect((await sign(number, email)).statusCode).toBe(303);
    const [link] = (await linksTo(email, 'petition-signature-confirm')).slice(-1);
    return confirm(link!);
  }

  async function startedPetition(title: string) {
    const creator = resident();
    await creator.get('/petitions/start');
    const email = `creator-${title.length}-${Date.now()}@example.org`;
    const started = await creator.post('/petitions/start', {
      title,
      action: 'Do the thing we ask for.',
      background: 'Because it matters.',
      ...signer(email, { name: 'Cara Creator' }),
    });
    expect(started.statusCode).toBe(303);
    const [link] = await linksTo(email, 'petition-creator-confirm');
    const done = await confirm(link!);
    expect(textOf(done.body)).toContain('Petition confirmed');
    return { ...(await petitionByTitle(title)), creatorEmail: email };
  }

  async function openPetition(title: string) {
    const petition = await startedPetition(title);
    for (let i = 0; i < 5; i++) await signAndConfirm(petition.number, `supporter${i}.${petition.number}@example.org`);
    expect((await petitionByTitle(title)).status).toBe('moderation');
    const moderator = await as('engagement@council.example');
    const page = await moderator.get(`/staff/petitions/${petition.id}`);
    const officer = /<option value="([0-9a-f-]{36})"[^>]*>Sam Service/.exec(page.body)![1]!;
    const published = await moderator.post(`/staff/petitions/${petition.id}/moderate`, {
      decision: 'publish',
      leadOfficerId: officer,
    });
    expect(published.statusCode).toBe(303);
    return petition;
  }

  it('shows the demo petitions, their counts by ward, a published response and a rejection reason', async () => {
    const list = textOf((await app.inject({ url: '/petitions' })).body);
    expect(list).toContain('Put a pedestrian crossing outside the primary school');
    expect(list).toContain('480 signatures');
    const library = await petitionByTitle('Keep the library open on Sundays');
    const page = textOf((await app.inject({ url: `/petitions/${library.number}` })).body);
    expect(page).toContain('620 signatures');
    expect(page).toContain('The council’s response');
    expect(page).toContain('Signatures by ward');
    const rejected = await petitionByTitle('Lower the speed limit on the motorway through the borough');
    const rejectedPage = textOf((await app.inject({ url: `/petitions/${rejected.number}` })).body);
    expect(rejectedPage).toContain('This is not something the council or its partners are responsible for');
    expect(rejectedPage).toContain('National Highways');
    const standards = textOf((await app.inject({ url: '/petitions/standards' })).body);
    expect(standards).toContain('duplicates a petition that is already open');
  });

  it('starts a petition: unseen until confirmed, then gathers 5 supporters before moderators see it', async () => {
    const creator = resident();
    await creator.get('/petitions/start');
    const invalid = await creator.post('/petitions/start', {
      title: '',
      action: '',
      name: '',
      email: 'nope',
      postcode: 'XYZ',
    });
    expect(invalid.statusCode).toBe(422);
    const errors = textOf(invalid.body);
    expect(errors).toContain('Error:');
    expect(errors).toContain('Enter a title for your petition');
    expect(errors).toContain('Enter a full UK postcode, like RM10 7BB');
    expect(errors).toContain('Confirm that you live, work or study in the borough');

    const petition = await startedPetition('Open the community centre at weekends');
    expect(petition.status).toBe('collecting');
    const moderator = await as('engagement@council.example');
    const queue = textOf((await moderator.get('/staff/petitions')).body);
    expect(queue).toContain('Open the community centre at weekends');
    const page = textOf((await app.inject({ url: `/petitions/${petition.number}` })).body);
    expect(page).toContain('It needs 5 more');
    for (let i = 0; i < 4; i++) await signAndConfirm(petition.number, `cc${i}@example.net`);
    expect((await petitionByTitle('Open the community centre at weekends')).status).toBe('collecting');
    await signAndConfirm(petition.number, 'cc4@example.net');
    expect((await petitionByTitle('Open the community centre at weekends')).status).toBe('moderation');
    expect(await linksTo('engagement@council.example', 'petition-awaiting-moderation')).toHaveLength(
      (await q(`SELECT 1 FROM petitions WHERE status = 'moderation'`)).length - 1,
    );
  });

  it('opening the link does not confirm; the button does, once, however often the link is replayed', async () => {
    const petition = await openPetition('Resurface the footpaths in the cemetery');
    expect((await sign(petition.number, 'Replay.Person@Example.com')).statusCode).toBe(303);
    const [link] = await linksTo('Replay.Person@Example.com', 'petition-signature-confirm');
    const before = await confirmed(petition.id);
    const browser = resident();
    for (let i = 0; i < 3; i++) expect((await browser.get(link!)).statusCode).toBe(200);
    expect(await confirmed(petition.id)).toBe(before);
    const first = await follow(browser, await browser.post(link!, {}));
    expect(textOf(first.body)).toContain('Signature confirmed');
    const replays = await Promise.all([1, 2, 3, 4, 5].map(() => confirm(link!).catch(() => undefined)));
    expect(await confirmed(petition.id)).toBe(before + 1);
    const again = await resident().get(link!);
    expect(textOf(again.body)).toContain('You have already confirmed this');
    expect(replays.length).toBe(5);
  });

  it('N parallel identical signatures make one signature and one email; the address cannot sign twice', async () => {
    const petition = await openPetition('Bring back the Saturday market');
    const browsers = Array.from({ length: 12 }, () => resident());
    await Promise.all(browsers.map((b) => b.get(`/petitions/${petition.number}/sign`)));
    const responses = await Promise.all(
      browsers.map((b) => b.post(`/petitions/${petition.number}/sign`, signer('twin@example.com'))),
    );
    expect(responses.every((r) => r.statusCode === 303)).toBe(true);
    const rows = await q(
      `SELECT 1 FROM petition_signatures WHERE petition_id = $1 AND email_key = 'twin@example.com'`,
      [petition.id],
    );
    expect(rows).toHaveLength(1);
    expect(await linksTo('twin@example.com', 'petition-signature-confirm')).toHaveLength(1);
    // Gmail spellings of one mailbox are one person.
    await signAndConfirm(petition.number, 'a.n.other+market@googlemail.com');
    const before = await confirmed(petition.id);
    expect((await sign(petition.number, 'anot.her@gmail.com')).statusCode).toBe(303);
    expect(await linksTo('anot.her@gmail.com', 'petition-signature-confirm')).toHaveLength(0);
    expect(await confirmed(petition.id)).toBe(before);
  });

  it('refuses a signature, and a confirmation, after the petition closes', async () => {
    const petition = await openPetition('Extend the cycle lane to the station');
    expect((await sign(petition.number, 'late@example.com')).statusCode).toBe(303);
    const [link] = await linksTo('late@example.com', 'petition-signature-confirm');
    const page = await resident().get(link!);
    const before = await confirmed(petition.id);
    clock.advance(183 * 86_400_000);
    try {
      const closed = await sign(petition.number, 'later@example.com');
      expect(closed.statusCode).toBe(410);
      expect(page.statusCode).toBe(200);
      const browser = resident();
      await browser.get('/petitions/start');
      expect((await browser.get(link!)).statusCode).toBe(410);
      const late = await browser.post(link!, {});
      expect(late.statusCode).toBe(410);
      expect(textOf(late.body)).toContain('This petition is not taking signatures');
      expect(await confirmed(petition.id)).toBe(before);
      expect(textOf((await app.inject({ url: `/petitions/${petition.number}` })).body)).toContain(
        'This petition is closed',
      );
    } finally {
      clock.advance(-183 * 86_400_000);
    }
  });

  it('records a threshold once, tells the lead officer and creator, and tells signers about the response', async () => {
    const petition = await openPetition('Light the underpass at night');
    await deps.database.query(`UPDATE petition_settings SET response_threshold = 8, debate_threshold = 20`);
    await deps.database.query(
      `INSERT INTO petition_settings (organisation_id, response_threshold, debate_threshold)
       SELECT organisation_id, 8, 20 FROM petitions WHERE id = $1 ON CONFLICT (organisation_id) DO UPDATE SET response_threshold = 8, debate_threshold = 20`,
      [petition.id],
    );
    const notify = resident();
    await notify.get(`/petitions/${petition.number}/sign`);
    await notify.post(`/petitions/${petition.number}/sign`, signer('tell.me@example.com', { notifyMe: 'yes' }));
    await confirm((await linksTo('tell.me@example.com', 'petition-signature-confirm'))[0]!);
    await signAndConfirm(petition.number, 'eighth@example.com');
    expect(await confirmed(petition.id)).toBe(8);
    await Promise.all([
      checkThresholds(deps, petition.id),
      checkThresholds(deps, petition.id),
      checkAllThresholds(deps),
    ]);
    await checkThresholds(deps, petition.id);
    const reached = await q(`SELECT kind FROM petition_thresholds_reached WHERE petition_id = $1`, [petition.id]);
    expect(reached).toEqual([{ kind: 'response' }]);
    expect(
      await q(`SELECT 1 FROM outbox_messages WHERE template = 'petition-threshold-officer' AND reference LIKE $1`, [
        `petition-threshold:${petition.id}:%`,
      ]),
    ).toHaveLength(1);
    expect(await linksTo(petition.creatorEmail, 'petition-threshold-creator')).toHaveLength(1);
    expect(textOf((await app.inject({ url: `/petitions/${petition.number}` })).body)).toContain(
      'The council will publish its response here',
    );

    // The lead officer (not a moderator) publishes the response; a partner officer may not.
    const partner = await as('officer@nhs.example');
    await partner.get('/staff/petitions');
    expect((await partner.post(`/staff/petitions/${petition.id}/response`, { response: 'No' })).statusCode).toBe(403);
    const lead = await as('housing@council.example');
    await lead.get(`/staff/petitions/${petition.id}`);
    const empty = await lead.post(`/staff/petitions/${petition.id}/response`, { response: '' });
    expect(empty.statusCode).toBe(422);
    expect(textOf(empty.body)).toContain('Enter the council’s response');
    expect(
      (
        await lead.post(`/staff/petitions/${petition.id}/response`, {
          response: 'We will light the underpass by June.',
        })
      ).statusCode,
    ).toBe(303);
    expect(textOf((await app.inject({ url: `/petitions/${petition.number}` })).body)).toContain(
      'We will light the underpass by June.',
    );
    const told = await q<{ recipient: string }>(
      `SELECT recipient FROM outbox_messages WHERE template = 'petition-response' AND reference LIKE $1 ORDER BY recipient`,
      [`petition-response:${petition.id}:%`],
    );
    expect(told.map((t) => t.recipient)).toEqual([petition.creatorEmail, 'tell.me@example.com'].sort());
    // Corrections do not tell people twice.
    await lead.post(`/staff/petitions/${petition.id}/response`, { response: 'We will light the underpass by May.' });
    expect(
      await q(`SELECT 1 FROM outbox_messages WHERE template = 'petition-response' AND reference LIKE $1`, [
        `petition-response:${petition.id}:%`,
      ]),
    ).toHaveLength(2);
    const audit = await q(`SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY occurred_at`, [petition.id]);
    expect(audit.map((a) => (a as { action: string }).action)).toContain('petition.response-published');
    await deps.database.query(`UPDATE petition_settings SET response_threshold = 500, debate_threshold = 1500`);
  });

  it('rejects a duplicate with its reason shown publicly and the open petition linked', async () => {
    const petition = await startedPetition('Another crossing outside the primary school');
    for (let i = 0; i < 5; i++) await signAndConfirm(petition.number, `dup${i}@example.org`);
    const original = await petitionByTitle('Put a pedestrian crossing outside the primary school on the high road');
    const moderator = await as('engagement@council.example');
    await moderator.get(`/staff/petitions/${petition.id}`);
    const missing = await moderator.post(`/staff/petitions/${petition.id}/moderate`, {
      decision: 'reject',
      rejectionCode: 'duplicate',
    });
    expect(missing.statusCode).toBe(422);
    expect(textOf(missing.body)).toContain('Select the open petition it duplicates');
    const done = await moderator.post(`/staff/petitions/${petition.id}/moderate`, {
      decision: 'reject',
      rejectionCode: 'duplicate',
      duplicateOf: original.id,
    });
    expect(done.statusCode).toBe(303);
    const page = textOf((await app.inject({ url: `/petitions/${petition.number}` })).body);
    expect(page).toContain('There is already a petition about this that is open for signatures.');
    expect(page).toContain('Put a pedestrian crossing outside the primary school on the high road');
    expect((await sign(petition.number, 'toolate@example.com')).statusCode).toBe(410);
    expect(await linksTo(petition.creatorEmail, 'petition-rejected')).toHaveLength(1);
  });

  it('shows moderators the fraud signals and invalidates a burst with a reason; counts stay exact', async () => {
    const petition = await petitionByTitle('Put a pedestrian crossing outside the primary school on the high road');
    const moderator = await as('engagement@council.example');
    const page = await moderator.get(`/staff/petitions/${petition.id}`);
    const text = textOf(page.body);
    expect(text).toContain('Fraud signals');
    expect(text).toContain('Burst');
    expect(text).toContain('mailinator.com (24)');
    expect(page.body).not.toMatch(/\b10\.\d+\.\d+\.\d+\b/);
    // A burst from one network in the app itself: the stored hashes are of the network, not the address.
    const burst = Array.from({ length: 3 }, (_, i) => resident(`10.99.1.${i + 1}`));
    for (const [i, b] of burst.entries()) await sign(petition.number, `net${i}@example.com`, b);
    const hashes = await q<{ networkHash: string; addressHash: string }>(
      `SELECT network_hash AS "networkHash", address_hash AS "addressHash" FROM petition_signatures WHERE email_key LIKE 'net%@example.com'`,
    );
    expect(new Set(hashes.map((h) => h.networkHash)).size).toBe(1);
    expect(new Set(hashes.map((h) => h.addressHash)).size).toBe(3);
    const stored = JSON.stringify(await q(`SELECT * FROM petition_signatures WHERE email_key LIKE 'net%@example.com'`));
    expect(stored).not.toContain('10.99.1');

    const before = await confirmed(petition.id);
    await moderator
      .post(`/staff/petitions/${petition.id}/invalidate`, { group: 'disposable', reason: '' })
      .then((r) => {
        expect(r.statusCode).toBe(422);
        expect(textOf(r.body)).toContain('Enter why these signatures are invalid');
      });
    const confirmedOne = await q<{ id: string }>(
      `SELECT id FROM petition_signatures WHERE petition_id = $1 AND status = 'confirmed' AND NOT is_creator LIMIT 1`,
      [petition.id],
    );
    await moderator.post(`/staff/petitions/${petition.id}/invalidate`, {
      group: 'disposable',
      reason: 'Throwaway addresses in a burst',
    });
    await moderator.post(`/staff/petitions/${petition.id}/invalidate`, {
      group: 'signature',
      value: confirmedOne[0]!.id,
      reason: 'Signed twice under two names',
    });
    expect(await confirmed(petition.id)).toBe(before - 1);
    const invalid = await q(`SELECT 1 FROM petition_signatures WHERE petition_id = $1 AND status = 'invalidated'`, [
      petition.id,
    ]);
    expect(invalid).toHaveLength(25);
    const audit = await q<{ after: { reason: string; signatures: number; confirmed: number } }>(
      `SELECT after FROM audit_events WHERE action = 'petition.signatures-invalidated' AND entity_id = $1 ORDER BY occurred_at`,
      [petition.id],
    );
    expect(audit.map((a) => [a.after.reason, a.after.signatures, a.after.confirmed])).toEqual([
      ['Throwaway addresses in a burst', 24, 0],
      ['Signed twice under two names', 1, 1],
    ]);
    expect(textOf((await app.inject({ url: `/petitions/${petition.number}` })).body)).toContain(
      `${before - 1} signatures`,
    );
  });

  it('keeps staff pages to the council’s own staff, and moderation to its reviewers', async () => {
    const petition = await petitionByTitle('Free swimming for under-16s in the school holidays');
    const partner = await as('officer@nhs.example');
    expect((await partner.get(`/staff/petitions/${petition.id}`)).statusCode).toBe(403);
    expect((await partner.get('/staff/petitions')).statusCode).toBe(403);
    const service = await as('housing@council.example');
    const page = await service.get(`/staff/petitions/${petition.id}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).not.toContain('Fraud signals');
    expect(
      (
        await service.post(`/staff/petitions/${petition.id}/moderate`, {
          decision: 'reject',
          rejectionCode: 'other',
          details: 'x',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await service.post(`/staff/petitions/${petition.id}/invalidate`, { group: 'disposable', reason: 'x' }))
        .statusCode,
    ).toBe(403);
    expect((await service.get('/staff/petitions/settings')).statusCode).toBe(403);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await (await as('engagement@council.example')).get(`/staff/petitions/${unknown}`)).statusCode).toBe(404);
  });

  it('settings: the council sets the open period and thresholds, audited', async () => {
    const admin = await as('admin@council.example');
    await admin.get('/staff/petitions/settings');
    const bad = await admin.post('/staff/petitions/settings', {
      openDays: '3',
      responseThreshold: '500',
      debateThreshold: '100',
      supportersNeeded: '5',
    });
    expect(bad.statusCode).toBe(422);
    expect(textOf(bad.body)).toContain('must be between 7 and 730');
    const ok = await admin.post('/staff/petitions/settings', {
      openDays: '90',
      responseThreshold: '500',
      debateThreshold: '1500',
      supportersNeeded: '5',
    });
    expect(ok.statusCode).toBe(303);
    expect(textOf((await app.inject({ url: '/petitions/standards' })).body)).toContain(
      'open for signatures for 90 days',
    );
    await admin.post('/staff/petitions/settings', {
      openDays: '182',
      responseThreshold: '500',
      debateThreshold: '1500',
      supportersNeeded: '5',
    });
  });
});
