import { beforeAll, describe, expect, it } from 'vitest';
import { Browser, build, textOf, type TestContext } from '../../../test/helpers.ts';
import { inviteRespondent } from './responding-invitations.service.ts';
import { createRespondable, DAY, type Fixture } from './responding.fixtures.ts';

const KNOWN_POSTCODE = 'RM8 0FW'; // in the generated demo fixture, ward E05014057 (Becontree)
const UNKNOWN_POSTCODE = 'IG11 9ZZ'; // a valid UK postcode the fixture does not hold

async function responsesOf(ctx: TestContext, questionnaireId: string) {
  return ctx.deps.database.query<Record<string, unknown>>(
    'SELECT * FROM responses WHERE questionnaire_id = $1 ORDER BY submitted_at',
    [questionnaireId],
  );
}

async function outbox(ctx: TestContext, template: string, recipient: string) {
  return ctx.deps.database.query<{ reference: string; personalisation: Record<string, string> }>(
    'SELECT reference, personalisation FROM outbox_messages WHERE template = $1 AND recipient = $2',
    [template, recipient],
  );
}

/** Answers every step the simplest way and lands on check answers. */
async function walkToCheckAnswers(browser: Browser, base: string, options: { postcode?: string; email?: string } = {}) {
  await browser.get(`${base}/views`);
  expect((await browser.post(`${base}/views`, { support: 'yes', comments: 'More benches' })).headers.location).toBe(`${base}/details`);
  const details = await browser.post(`${base}/details`, { postcode: options.postcode ?? '' });
  expect(details.statusCode).toBe(303);
  if (details.headers.location === `${base}/your-ward`) {
    await browser.get(`${base}/your-ward`);
    await browser.post(`${base}/your-ward`, { ward: 'E05014067' });
  }
  await browser.get(`${base}/about-you`);
  expect((await browser.post(`${base}/about-you`, { age_band: '35_to_44' })).headers.location).toBe(`${base}/about-your-response`);
  await browser.get(`${base}/about-your-response`);
  const about = await browser.post(`${base}/about-your-response`, {
    respondentType: 'individual',
    publicationConsent: 'publish_anonymous',
    email: options.email ?? '',
  });
  expect(about.headers.location).toBe(`${base}/check-answers`);
  return browser.get(`${base}/check-answers`);
}

describe('responding to an open consultation', async () => {
  const ctx = await build();
  let fixture: Fixture;
  let base: string;
  beforeAll(async () => {
    fixture = await createRespondable(ctx.deps);
    base = `/consultations/${fixture.slug}/respond`;
  });

  it('walks from the start page to a confirmation, storing one response, its equality answers apart, and a receipt', async () => {
    const browser = new Browser(ctx.app);
    const start = await browser.get(base);
    expect(start.statusCode).toBe(200);
    expect(textOf(start.body)).toContain('Improving Parsloes Park');
    expect(start.body).toContain(`href="${base}/views"`);

    const check = await walkToCheckAnswers(browser, base, { postcode: 'rm80fw', email: 'Resident@Example.com' });
    expect(check.statusCode).toBe(200);
    const text = textOf(check.body);
    expect(text).toContain('Check your answers before sending your response');
    expect(text).toContain('Do you support the proposal? Yes');
    expect(text).toContain(`What is your postcode? ${KNOWN_POSTCODE}`);
    expect(text).toContain('What is your age? 35 to 44');

    const sent = await browser.post(`${base}/check-answers`, {});
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`${base}/confirmation`);
    const confirmation = await browser.get(`${base}/confirmation`);
    const reference = /SDG-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}/.exec(confirmation.body)?.[0];
    expect(reference).toBeDefined();
    expect(textOf(confirmation.body)).toContain('Response sent');

    const [response, ...others] = await responsesOf(ctx, fixture.questionnaireId);
    expect(others).toHaveLength(0);
    expect(response).toMatchObject({
      reference,
      postcode: KNOWN_POSTCODE,
      ward_code: 'E05014057',
      respondent_type: 'individual',
      publication_consent: 'publish_anonymous',
      respondent_email: 'resident@example.com',
      answers: { support: 'yes', comments: 'More benches', postcode: KNOWN_POSTCODE },
    });
    expect(response!.answers).not.toHaveProperty('age_band');
    const equalities = await ctx.deps.database.query<{ answers: unknown }>(
      'SELECT answers FROM response_equalities WHERE response_id = $1',
      [response!.id],
    );
    expect(equalities[0]?.answers).toEqual({ age_band: '35_to_44' });
    const receipts = await outbox(ctx, 'response-receipt', 'resident@example.com');
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.personalisation.body).toContain(reference!);
    expect(receipts[0]!.personalisation.body).toContain(`/consultations/${fixture.slug}`);

    // Back to a question page after sending: the journey leads to the confirmation, not a second response.
    expect((await browser.get(`${base}/views`)).headers.location).toBe(`${base}/confirmation`);
  });

  it('shows an error summary linked to the field for each kind of bad input, keeping what was typed', async () => {
    const browser = new Browser(ctx.app);
    await browser.get(`${base}/views`);
    const empty = await browser.post(`${base}/views`, { comments: 'kept text' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('<title>Error: ');
    expect(empty.body).toMatch(/<a href="#support">Enter an answer|<a href="#support">Select an answer/);
    expect(empty.body).toContain('value="kept text"');

    const cases: [string, Record<string, string | string[]>, string, string][] = [
      ['views', { support: 'yes', comments: 'x'.repeat(51) }, '#comments', 'Your answer must be 50 characters or fewer'],
      ['views', { support: 'maybe' }, '#support', 'Select one of the options shown'],
    ];
    for (const [page, form, href, message] of cases) {
      const response = await browser.post(`${base}/${page}`, form);
      expect(response.statusCode, message).toBe(422);
      expect(response.body).toContain(`<a href="${href}">${message}</a>`);
    }

    await browser.post(`${base}/views`, { support: 'yes' });
    await browser.get(`${base}/details`);
    const details = await browser.post(`${base}/details`, {
      postcode: 'not a postcode',
      visits: '40',
      'moved_in-day': '31',
      'moved_in-month': '2',
      'moved_in-year': '2020',
      priorities: ['parks', 'roads', 'libraries'],
    });
    expect(details.statusCode).toBe(422);
    expect(details.body).toContain('<a href="#postcode">Enter a full UK postcode, like RM10 7BB</a>');
    expect(details.body).toContain('<a href="#visits">Enter a number between 0 and 31</a>');
    expect(details.body).toContain('<a href="#moved_in-day">The date must be a real date, like 27 3 2007</a>');
    expect(details.body).toContain('<a href="#priorities">Select no more than 2 options</a>');
    expect(details.body).toContain('value="not a postcode"');

    const offered = await browser.post(`${base}/details`, { priorities: ['parks', 'casino'] });
    expect(offered.body).toContain('<a href="#priorities">Select only the options shown</a>');
  });

  it('stores script tags as text and escapes them on every page', async () => {
    const browser = new Browser(ctx.app);
    await browser.get(`${base}/views`);
    const script = '<script>alert(1)</script>';
    const tooLong = await browser.post(`${base}/views`, { support: 'yes', comments: `${script}${'x'.repeat(40)}` });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.body).not.toContain(script);
    expect(tooLong.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    await browser.post(`${base}/views`, { support: 'yes', comments: script });
    await browser.post(`${base}/details`, {});
    await browser.post(`${base}/about-you`, {});
    await browser.post(`${base}/about-your-response`, { respondentType: 'individual', publicationConsent: 'do_not_publish' });
    const check = await browser.get(`${base}/check-answers`);
    expect(check.body).not.toContain(script);
    expect(check.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    await browser.post(`${base}/check-answers`, {});
    const rows = await ctx.deps.database.query<{ answers: Record<string, string> }>(
      `SELECT answers FROM responses WHERE questionnaire_id = $1 AND answers->>'comments' = $2`,
      [fixture.questionnaireId, script],
    );
    expect(rows).toHaveLength(1);
  });

  it('validates About your response: organisation name, name to publish, email for updates', async () => {
    const browser = new Browser(ctx.app);
    await browser.get(`${base}/views`);
    await browser.post(`${base}/views`, { support: 'yes' });
    await browser.get(`${base}/about-your-response`);
    const none = await browser.post(`${base}/about-your-response`, {});
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('href="#respondentType"');
    expect(none.body).toContain('href="#publicationConsent"');
    const partial = await browser.post(`${base}/about-your-response`, {
      respondentType: 'organisation',
      publicationConsent: 'publish_named',
      email: 'not-an-email',
      wantsUpdates: 'yes',
    });
    expect(partial.statusCode).toBe(422);
    expect(partial.body).toContain('<a href="#organisationName">Enter the name of your organisation or group</a>');
    expect(partial.body).toContain('<a href="#respondentName">Enter the name to publish with your response</a>');
    expect(partial.body).toContain('<a href="#email">Enter an email address in the correct format, like name@example.com</a>');
  });

  it('does not store answers to questions the person can no longer see', async () => {
    const browser = new Browser(ctx.app);
    await browser.get(`${base}/views`);
    expect((await browser.post(`${base}/views`, { support: 'no' })).headers.location).toBe(`${base}/concerns`);
    expect((await browser.get(`${base}/concerns`)).statusCode).toBe(200);
    await browser.post(`${base}/concerns`, { concern_detail: 'Noise', why_not: 'Late events' });
    // Changing their mind hides the concerns page; its answers go.
    expect((await browser.post(`${base}/views`, { support: 'yes' })).headers.location).toBe(`${base}/details`);
    expect((await browser.get(`${base}/concerns`)).headers.location).toBe(base);
    await browser.post(`${base}/details`, {});
    await browser.post(`${base}/about-you`, {});
    await browser.post(`${base}/about-your-response`, { respondentType: 'individual', publicationConsent: 'do_not_publish' });
    const check = await browser.get(`${base}/check-answers`);
    expect(textOf(check.body)).not.toContain('Noise');
    await browser.post(`${base}/check-answers`, {});
    const reference = /SDG-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec((await browser.get(`${base}/confirmation`)).body)![0];
    const [row] = await ctx.deps.database.query<{ answers: Record<string, unknown> }>(
      'SELECT answers FROM responses WHERE reference = $1',
      [reference],
    );
    expect(row!.answers).toEqual({ support: 'yes' });
  });

  it('check answers links each answer to its page and comes back to check answers', async () => {
    const browser = new Browser(ctx.app);
    const check = await walkToCheckAnswers(browser, base);
    expect(check.body).toContain(`href="${base}/views?return=check#support"`);
    expect(check.body).toContain(`href="${base}/details?return=check#postcode"`);
    expect(check.body).toContain(`href="${base}/about-your-response?return=check#publicationConsent"`);
    const change = await browser.get(`${base}/views?return=check`);
    expect(change.body).toContain(`action="${base}/views?return=check"`);
    expect(change.body).toMatch(/value="yes" checked/);
    expect((await browser.post(`${base}/views?return=check`, { support: 'yes', comments: 'Changed' })).headers.location).toBe(
      `${base}/check-answers`,
    );
    expect(textOf((await browser.get(`${base}/check-answers`)).body)).toContain('Anything else? Changed');
    // A change that reveals a page with a required question goes there first.
    expect((await browser.post(`${base}/views?return=check`, { support: 'no' })).headers.location).toBe(`${base}/concerns`);
    expect((await browser.post(`${base}/check-answers`, {})).headers.location).toBe(`${base}/concerns`);
  });

  it('turns 10 simultaneous identical submissions, a refresh and a resubmit into exactly one response', async () => {
    const browser = new Browser(ctx.app);
    await walkToCheckAnswers(browser, base, { email: 'parallel@example.com' });
    const before = (await responsesOf(ctx, fixture.questionnaireId)).length;
    const results = await Promise.all(Array.from({ length: 10 }, () => browser.post(`${base}/check-answers`, {})));
    for (const result of results) {
      expect(result.statusCode).toBe(303);
      expect(result.headers.location).toBe(`${base}/confirmation`);
    }
    expect(await responsesOf(ctx, fixture.questionnaireId)).toHaveLength(before + 1);
    const first = await browser.get(`${base}/confirmation`);
    const refreshed = await browser.get(`${base}/confirmation`);
    const reference = /SDG-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(first.body)![0];
    expect(refreshed.body).toContain(reference);
    // Back button and send again, or a second tab still on check answers.
    expect((await browser.post(`${base}/check-answers`, {})).headers.location).toBe(`${base}/confirmation`);
    expect(await responsesOf(ctx, fixture.questionnaireId)).toHaveLength(before + 1);
    expect(await outbox(ctx, 'response-receipt', 'parallel@example.com')).toHaveLength(1);
  });

  it('asks for the ward when the postcode is not known, and counts the response there', async () => {
    const browser = new Browser(ctx.app);
    await browser.get(`${base}/views`);
    await browser.post(`${base}/views`, { support: 'yes' });
    const details = await browser.post(`${base}/details`, { postcode: UNKNOWN_POSTCODE });
    expect(details.headers.location).toBe(`${base}/your-ward`);
    const wardPage = await browser.get(`${base}/your-ward`);
    expect(textOf(wardPage.body)).toContain('Which ward do you live in?');
    expect(textOf(wardPage.body)).toContain('Parsloes');
    expect((await browser.post(`${base}/your-ward`, {})).statusCode).toBe(422);
    expect((await browser.post(`${base}/your-ward`, { ward: 'E05014067' })).headers.location).toBe(`${base}/about-you`);
    await browser.post(`${base}/about-you`, {});
    await browser.post(`${base}/about-your-response`, { respondentType: 'individual', publicationConsent: 'do_not_publish' });
    await browser.post(`${base}/check-answers`, {});
    const reference = /SDG-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec((await browser.get(`${base}/confirmation`)).body)![0];
    const [row] = await ctx.deps.database.query<{ postcode: string; ward_code: string }>(
      'SELECT postcode, ward_code FROM responses WHERE reference = $1',
      [reference],
    );
    expect(row).toEqual({ postcode: UNKNOWN_POSTCODE, ward_code: 'E05014067' });
  });

  it('emails a single-use link that restores the saved answers in another browser', async () => {
    const browser = new Browser(ctx.app);
    await browser.get(`${base}/views`);
    const saved = await browser.post(`${base}/views`, { support: 'yes', comments: 'Saved for later', action: 'save' });
    expect(saved.headers.location).toBe(`${base}/save-and-return`);
    await browser.get(`${base}/save-and-return`);
    expect((await browser.post(`${base}/save-and-return`, { email: 'nope' })).statusCode).toBe(422);
    const sent = await browser.post(`${base}/save-and-return`, { email: 'later@example.com' });
    expect(sent.headers.location).toBe(`${base}/save-and-return/sent`);
    expect(textOf((await browser.get(sent.headers.location as string)).body)).toContain('later@example.com');

    const [message] = await outbox(ctx, 'response-resume', 'later@example.com');
    const link = /https?:\/\/[^\s]+\/respond\/resume\/[A-Za-z0-9_-]{43}/.exec(message!.personalisation.body!)![0];
    const path = new URL(link).pathname;
    const token = path.split('/').pop()!;
    const [stored] = await ctx.deps.database.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM response_drafts WHERE resume_token_hash = $1 OR resume_token_hash = $2',
      [token, token],
    );
    expect(stored!.n).toBe(0); // only the hash is kept

    const other = new Browser(ctx.app);
    expect((await other.get(path)).statusCode).toBe(200);
    const resumed = await other.post(path, {});
    expect(resumed.headers.location).toBe(`${base}/about-your-response`);
    expect((await other.get(`${base}/views`)).body).toContain('value="Saved for later"');

    const third = new Browser(ctx.app);
    expect((await third.get(path)).statusCode).toBe(410);
    await third.get(`${base}/views`);
    const again = await third.post(path, {}, { csrf: third.csrfToken });
    expect(again.statusCode).toBe(410);
    expect(textOf(again.body)).toContain('This link has already been used or has expired');
  });
});

describe('closing time and opening time', async () => {
  const ctx = await build();

  it('refuses answers, saved drafts and the final send once the clock passes closes_at', async () => {
    const fixture = await createRespondable(ctx.deps, { closesAt: new Date(ctx.clock.now().getTime() + DAY) });
    const base = `/consultations/${fixture.slug}/respond`;
    const browser = new Browser(ctx.app);
    await walkToCheckAnswers(browser, base);
    await browser.post(`${base}/views?return=check`, { support: 'yes', action: 'save' });
    await browser.post(`${base}/save-and-return`, { email: 'closing@example.com' });
    const [message] = await outbox(ctx, 'response-resume', 'closing@example.com');
    const resumePath = new URL(/https?:\/\/\S+/.exec(message!.personalisation.body!)![0]).pathname;

    ctx.clock.advance(DAY + 1000); // the state still says open: the clock decides
    for (const response of [
      await browser.get(`${base}/views`),
      await browser.post(`${base}/views`, { support: 'no' }),
      await browser.post(`${base}/check-answers`, {}),
      await new Browser(ctx.app).get(resumePath),
    ]) {
      expect(response.statusCode).toBe(410);
      expect(textOf(response.body)).toContain('This consultation has closed');
      expect(textOf(response.body)).toMatch(/closed on \d{1,2} \w+ \d{4}/);
    }
    expect(await responsesOf(ctx, fixture.questionnaireId)).toHaveLength(0);
  });

  it('says when a forthcoming consultation opens', async () => {
    const now = ctx.clock.now().getTime();
    const fixture = await createRespondable(ctx.deps, {
      state: 'scheduled',
      opensAt: new Date(now + 2 * DAY),
      closesAt: new Date(now + 30 * DAY),
    });
    const response = await new Browser(ctx.app).get(`/consultations/${fixture.slug}/respond/views`);
    expect(response.statusCode).toBe(403);
    expect(textOf(response.body)).toContain('This consultation has not opened yet');
  });

  it('does not show draft consultations at all', async () => {
    const fixture = await createRespondable(ctx.deps, { state: 'draft' });
    expect((await new Browser(ctx.app).get(`/consultations/${fixture.slug}/respond`)).statusCode).toBe(404);
  });
});

describe('invitations: one response per person, and private questionnaires', async () => {
  const ctx = await build();

  it('lets each invited person respond once', async () => {
    const fixture = await createRespondable(ctx.deps, { mode: 'verified' });
    const base = `/consultations/${fixture.slug}/respond`;
    const stranger = await new Browser(ctx.app).get(`${base}/views`);
    expect(stranger.statusCode).toBe(403);
    expect(textOf(stranger.body)).toContain('You need your invitation link');

    const invited = await inviteRespondent(ctx.deps, fixture.questionnaireId, 'Tenant@Example.com');
    expect(invited.ok).toBe(true);
    const path = new URL(invited.ok ? invited.link : '').pathname;
    expect(await outbox(ctx, 'response-invitation', 'tenant@example.com')).toHaveLength(1);

    // The same person on two devices, both part way through.
    const laptop = new Browser(ctx.app);
    const phone = new Browser(ctx.app);
    expect((await laptop.get(path)).headers.location).toBe(base);
    expect((await phone.get(path)).headers.location).toBe(base);
    await walkToCheckAnswers(laptop, base);
    await walkToCheckAnswers(phone, base);
    expect((await laptop.post(`${base}/check-answers`, {})).headers.location).toBe(`${base}/confirmation`);
    const reference = /SDG-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec((await laptop.get(`${base}/confirmation`)).body)![0];

    const second = await phone.post(`${base}/check-answers`, {});
    expect(second.statusCode).toBe(409);
    expect(textOf(second.body)).toContain('You have already responded');
    expect(second.body).toContain(reference);
    const reopened = await new Browser(ctx.app).get(path);
    expect(reopened.statusCode).toBe(409);
    expect(reopened.body).toContain(reference);

    const rows = await responsesOf(ctx, fixture.questionnaireId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.verified_email).toBe('tenant@example.com');
    expect((await new Browser(ctx.app).get(`${base}/invite/${'A'.repeat(43)}`)).statusCode).toBe(404);
  });

  it('hides a private questionnaire from anyone without an invitation', async () => {
    const fixture = await createRespondable(ctx.deps, { private: true });
    const base = `/consultations/${fixture.slug}/respond`;
    expect((await new Browser(ctx.app).get(base)).statusCode).toBe(404);
    expect((await new Browser(ctx.app).get(`${base}/views`)).statusCode).toBe(404);
    const invited = await inviteRespondent(ctx.deps, fixture.questionnaireId, 'partner@example.com');
    const browser = new Browser(ctx.app);
    await browser.get(new URL(invited.ok ? invited.link : '').pathname);
    expect((await browser.get(base)).statusCode).toBe(200);
    await walkToCheckAnswers(browser, base);
    expect((await browser.post(`${base}/check-answers`, {})).headers.location).toBe(`${base}/confirmation`);
  });
});
