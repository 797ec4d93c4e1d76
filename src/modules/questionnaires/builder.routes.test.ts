/**
 * The builder as staff use it with JavaScript off: forms posted one at a time, stored definitions
 * checked, the compatibility guard once a response exists, and who may see and change what.
 */
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { Browser, build, textOf } from '../../../test/helpers.ts';
import type { QuestionnaireDefinition } from './questionnaire.types.ts';

let lastOctet = 0;
/** A browser from its own address, so sign-in rate limits in one test do not spill into the next. */
function browserFor(app: FastifyInstance) {
  const remoteAddress = `10.41.0.${++lastOctet}`;
  return new Browser({
    inject: (options: object) => app.inject({ ...options, remoteAddress }),
  } as unknown as FastifyInstance);
}

describe('questionnaire builder', async () => {
  const { app, deps } = await build();
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);
  const consultationId = async (slug: string) =>
    (await q<{ id: string }>('SELECT id FROM consultations WHERE slug = $1', [slug]))[0]!.id;
  const stored = async (id: string) => {
    const [row] = await q<{ qid: string; current_version: number; definition: QuestionnaireDefinition }>(
      `SELECT q.id AS qid, q.current_version, v.definition FROM questionnaires q
       JOIN questionnaire_versions v ON v.questionnaire_id = q.id AND v.version = q.current_version
       WHERE q.owner_type = 'consultation' AND q.owner_id = $1`,
      [id],
    );
    return row;
  };
  async function signedIn(email: string) {
    const browser = browserFor(app);
    await browser.signIn(email);
    return browser;
  }
  const officer = () => signedIn('engagement@council.example');

  /** Adds a page through the form and returns its key. */
  async function addPage(browser: Browser, base: string, title: string, form: Record<string, string> = {}) {
    await browser.get(`${base}/pages/new`);
    const response = await browser.post(`${base}/pages/new`, { title, description: '', ...form });
    expect(response.statusCode, response.body).toBe(303);
    const id = base.split('/')[3]!;
    return (await stored(id))!.definition.pages.at(-1)!.key;
  }

  async function addQuestion(
    browser: Browser,
    base: string,
    pageKey: string,
    type: string,
    form: Record<string, string>,
  ) {
    await browser.get(`${base}/pages/${pageKey}/questions/new`);
    const picked = await browser.post(`${base}/pages/${pageKey}/questions/new`, { type });
    expect(picked.statusCode).toBe(303);
    expect(picked.headers.location).toBe(`${base}/pages/${pageKey}/questions/new/${type}`);
    await browser.get(picked.headers.location as string);
    return browser.post(picked.headers.location as string, form);
  }

  it('builds a questionnaire with every question type using plain forms, and audits each save', async () => {
    const id = await consultationId('youth-services-review');
    const base = `/staff/consultations/${id}/questionnaire`;
    const browser = await officer();
    const empty = await browser.get(base);
    expect(empty.statusCode).toBe(200);
    expect(textOf(empty.body)).toContain('There are no pages yet');
    expect(await stored(id)).toBeUndefined(); // looking does not create anything

    const first = await addPage(browser, base, 'Your views');
    const forms: [string, Record<string, string>][] = [
      ['short_text', { text: 'What is your name?', required: 'no', maxLength: '80' }],
      [
        'long_text',
        { text: 'What do you think of youth services?', hint: 'Be honest', required: 'yes', maxLength: '1500' },
      ],
      ['single_choice', { text: 'Do you use a youth club?', required: 'yes', options: 'Yes\nNo', allowOther: 'yes' }],
      [
        'multiple_choice',
        {
          text: 'Which activities do you enjoy?',
          required: 'no',
          options: 'sport|Sport\nmusic|Music\nart|Art',
          maxChoices: '2',
        },
      ],
      [
        'dropdown',
        { text: 'Which youth centre is nearest?', required: 'no', options: 'Gascoigne\nMarks Gate\nSue Bramley' },
      ],
      ['agreement', { text: 'Youth centres should open at weekends', required: 'yes' }],
      [
        'matrix',
        { text: 'How do you rate these?', required: 'no', rows: 'Staff\nBuildings', options: 'good|Good\npoor|Poor' },
      ],
      ['number', { text: 'How old are you?', required: 'no', min: '11', max: '25', integer: 'yes' }],
      ['date', { text: 'When did you last visit?', required: 'no' }],
      ['ranking', { text: 'Rank these', required: 'no', options: 'Safety\nFun\nLearning' }],
      ['postcode', { text: 'What is your postcode?', required: 'no' }],
      ['ward', { text: 'Which ward do you live in?', required: 'no' }],
      ['email', { text: 'Your email address', required: 'no', key: 'contact_email' }],
      ['consent', { text: 'Taking part', required: 'yes', body: 'I am 11 or older, or my parent agrees.' }],
      ['information', { text: 'About the review', body: 'We are reviewing all youth services.' }],
      [
        'document_comment',
        {
          text: 'Comment on the draft plan',
          required: 'no',
          sections: '1 | Aims | What we want.\n\n2 | Places | Where we will be.',
        },
      ],
    ];
    for (const [type, form] of forms) {
      const response = await addQuestion(browser, base, first, type, form);
      expect(response.statusCode, `${type}: ${textOf(response.body).slice(0, 400)}`).toBe(303);
    }
    const { definition, current_version } = (await stored(id))!;
    expect(current_version).toBe(1);
    const questions = definition.pages[0]!.questions;
    expect(questions.map((x) => x.type)).toEqual(forms.map(([type]) => type));
    expect(questions[0]).toEqual({
      key: 'what_is_your_name',
      type: 'short_text',
      text: 'What is your name?',
      required: false,
      maxLength: 80,
    });
    expect(questions[2]).toMatchObject({
      options: [
        { value: 'yes', label: 'Yes' },
        { value: 'no', label: 'No' },
      ],
      allowOther: true,
    });
    expect(questions[3]).toMatchObject({
      maxChoices: 2,
      options: [
        { value: 'sport', label: 'Sport' },
        { value: 'music', label: 'Music' },
        { value: 'art', label: 'Art' },
      ],
    });
    expect(questions[6]).toMatchObject({
      rows: [
        { value: 'staff', label: 'Staff' },
        { value: 'buildings', label: 'Buildings' },
      ],
    });
    expect(questions[7]).toMatchObject({ min: 11, max: 25, integer: true });
    expect(questions[12]!.key).toBe('contact_email');
    expect(questions[14]).toMatchObject({
      type: 'information',
      required: false,
      body: 'We are reviewing all youth services.',
    });
    expect(questions[15]!.sections).toEqual([
      { number: '1', heading: 'Aims', text: 'What we want.' },
      { number: '2', heading: 'Places', text: 'Where we will be.' },
    ]);

    const overview = textOf((await browser.get(base)).body);
    expect(overview).toContain('Page 1: Your views');
    expect(overview).toContain('Which activities do you enjoy? Key: which_activities_do_you_enjoy');
    expect(overview).toContain('Multiple choice Optional');

    const [audit] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'questionnaire.definition-saved' AND entity_id = $1`,
      [(await stored(id))!.qid],
    );
    expect(audit!.n).toBe(forms.length + 1);

    // The preview uses the residents' partial for every type, on one page and page by page.
    const preview = await browser.get(`${base}/preview`);
    expect(preview.statusCode).toBe(200);
    for (const name of [
      'what_is_your_name',
      'do_you_use_a_youth_club_other',
      'how_do_you_rate_these__staff',
      'when_did_you_last_visit-day',
      'rank_these__safety',
      'comment_on_the_draft_plan__s1',
      'age_band',
      'publication_consent',
    ]) {
      expect(preview.body, name).toContain(`name="${name}"`);
    }
    expect(textOf(preview.body)).toContain('About you');
    const page2 = await browser.get(`${base}/preview/page/2`);
    expect(page2.statusCode).toBe(200);
    expect(textOf(page2.body)).toContain('Your views');
    expect((await browser.get(`${base}/preview/page/99`)).statusCode).toBe(404);
  });

  it('shows GOV.UK errors and keeps what was typed when a question form is wrong', async () => {
    const id = await consultationId('community-grants-2027');
    const base = `/staff/consultations/${id}/questionnaire`;
    const browser = await officer();
    const pageKey = await addPage(browser, base, 'Grants');

    const empty = await addQuestion(browser, base, pageKey, 'single_choice', {
      text: '',
      options: 'A\nA',
      maxChoices: 'x',
    });
    expect(empty.statusCode).toBe(422);
    expect(textOf(empty.body)).toContain('Error: ');
    expect(textOf(empty.body)).toContain('Enter the question text');
    expect(textOf(empty.body)).toContain('Select whether people must answer this question');

    // A question type or page that does not exist is not found, to look at or to post to.
    expect((await browser.get(`${base}/pages/${pageKey}/questions/new/essay`)).statusCode).toBe(404);
    expect((await browser.post(`${base}/pages/nope/questions/new/short_text`, { text: 'Q' })).statusCode).toBe(404);

    const dupOptions = await browser.post(`${base}/pages/${pageKey}/questions/new/single_choice`, {
      text: 'Pick one <script>alert(1)</script>',
      required: 'yes',
      options: 'Apple\nApple',
    });
    expect(dupOptions.statusCode).toBe(422);
    expect(textOf(dupOptions.body)).toContain('Each option must have a different value');
    expect(dupOptions.body).toContain('Pick one &lt;script&gt;');
    expect(dupOptions.body).toContain('href="#options"');

    expect(
      (await addQuestion(browser, base, pageKey, 'short_text', { text: 'Your name', required: 'no', key: 'name' }))
        .statusCode,
    ).toBe(303);
    const duplicate = await browser.post(`${base}/pages/${pageKey}/questions/new/short_text`, {
      text: 'Your other name',
      required: 'no',
      key: 'name',
    });
    expect(duplicate.statusCode).toBe(422);
    expect(textOf(duplicate.body)).toContain('Each question needs a different key: “name” is already used');

    const badRange = await browser.post(`${base}/pages/${pageKey}/questions/new/number`, {
      text: 'How many?',
      required: 'no',
      min: '10',
      max: '2',
    });
    expect(badRange.statusCode).toBe(422);
    expect(textOf(badRange.body)).toContain('The largest number must be the same as or more than the smallest');

    const tooMany = await browser.post(`${base}/pages/${pageKey}/questions/new/multiple_choice`, {
      text: 'Which?',
      required: 'no',
      options: 'A\nB',
      maxChoices: '3',
    });
    expect(tooMany.statusCode).toBe(422);
    expect(textOf(tooMany.body)).toContain('between 1 and the number of options (2)');

    const noType = await browser.post(`${base}/pages/${pageKey}/questions/new`, {});
    expect(noType.statusCode).toBe(422);
    expect(textOf(noType.body)).toContain('Select the type of question');
    expect((await browser.get(`${base}/pages/${pageKey}/questions/new/telepathy`)).statusCode).toBe(404);
    expect((await stored(id))!.definition.pages[0]!.questions).toHaveLength(1);
  });

  it('offers conditions only on earlier pages’ answers and refuses moves that would break them', async () => {
    const id = await consultationId('library-opening-hours');
    const base = `/staff/consultations/${id}/questionnaire`;
    const browser = await officer();
    const first = await addPage(browser, base, 'Using libraries');
    await addQuestion(browser, base, first, 'single_choice', {
      text: 'Do you use a library?',
      required: 'yes',
      options: 'Yes\nNo',
      key: 'uses_library',
    });

    // Same page: the picker offers nothing, and a hand-made post is refused.
    const samePage = await browser.post(`${base}/pages/${first}/questions/new/short_text`, {
      text: 'Which one?',
      required: 'no',
      conditionAnswer: 'uses_library::yes',
      conditionOperator: 'equals',
    });
    expect(samePage.statusCode).toBe(422);
    expect(textOf(samePage.body)).toContain('The condition must refer to a question on an earlier page');

    const form = await browser.get(`${base}/pages/new`);
    expect(form.body).toContain('value="uses_library::yes"');
    const second = await addPage(browser, base, 'Your library', {
      conditionAnswer: 'uses_library::yes',
      conditionOperator: 'equals',
    });
    const badValue = await browser.post(`${base}/pages/${second}`, {
      title: 'Your library',
      conditionAnswer: 'uses_library::maybe',
      conditionOperator: 'equals',
    });
    expect(badValue.statusCode).toBe(422);
    expect(textOf(badValue.body)).toContain('is not one of the options');
    const badOperator = await browser.post(`${base}/pages/${second}`, {
      title: 'Your library',
      conditionAnswer: 'uses_library::yes',
      conditionOperator: 'includes',
    });
    expect(badOperator.statusCode).toBe(422);

    const overview = textOf((await browser.get(base)).body);
    expect(overview).toContain('Shown only if “Do you use a library?” is “Yes”');

    const moved = await browser.post(`${base}/pages/${second}/move`, { direction: 'up' });
    expect(moved.statusCode).toBe(422);
    expect(textOf(moved.body)).toContain('The condition must refer to a question on an earlier page');
    const deleted = await browser.post(`${base}/questions/uses_library/delete`, {});
    expect(deleted.statusCode).toBe(422);
    expect((await stored(id))!.definition.pages.map((p) => p.key)).toEqual([first, second]);

    // Without the condition, the page moves and the question can go.
    expect((await browser.post(`${base}/pages/${second}`, { title: 'Your library' })).statusCode).toBe(303);
    expect((await browser.post(`${base}/pages/${second}/move`, { direction: 'up' })).statusCode).toBe(303);
    expect((await stored(id))!.definition.pages.map((p) => p.key)).toEqual([second, first]);
    await browser.get(`${base}/questions/uses_library/delete`);
    expect((await browser.post(`${base}/questions/uses_library/delete`, {})).statusCode).toBe(303);
    expect((await stored(id))!.definition.pages[1]!.questions).toHaveLength(0);
  });

  it('refuses changes that would corrupt stored answers once a response exists, and versions wording fixes', async () => {
    const id = await consultationId('food-waste-collections');
    const base = `/staff/consultations/${id}/questionnaire`;
    const before = (await stored(id))!;
    expect(before.current_version).toBe(1);
    await q(
      `INSERT INTO responses (questionnaire_id, version, reference, idempotency_key, answers)
       VALUES ($1, 1, 'SDG-TEST-0001', 'test-key-1', '{"agree_proposal":"agree","used_recently":"yes"}')`,
      [before.qid],
    );
    const browser = await officer();
    await browser.get(base);

    const removed = await browser.post(`${base}/questions/agree_proposal/delete`, {});
    expect(removed.statusCode).toBe(422);
    expect(textOf(removed.body)).toContain('has answers, so it cannot be removed');
    // A question others depend on is refused for that reason first.
    expect((await browser.post(`${base}/questions/used_recently/delete`, {})).statusCode).toBe(422);

    await browser.get(`${base}/questions/used_recently`);
    const lessOptions = await browser.post(`${base}/questions/used_recently`, {
      text: 'Have you used the places or services affected in the last 12 months?',
      required: 'yes',
      options: 'yes|Yes\nno|No',
    });
    expect(lessOptions.statusCode).toBe(422);
    expect(textOf(lessOptions.body)).toContain('its options cannot be removed');

    const rekeyed = await browser.post(`${base}/questions/used_recently`, {
      text: 'Have you used them?',
      required: 'yes',
      options: 'yes|Yes\nno|No\nnot_sure|Not sure',
      key: 'used_lately',
    });
    expect(rekeyed.statusCode).toBe(422);

    const reworded = await browser.post(`${base}/questions/used_recently`, {
      text: 'Have you used these places or services in the past year?',
      required: 'yes',
      options: 'yes|Yes\nno|No\nnot_sure|Not sure\nnever|Never heard of them',
    });
    expect(reworded.statusCode).toBe(303);
    const after = (await stored(id))!;
    expect(after.current_version).toBe(2);
    expect(after.definition.pages[0]!.questions.find((x) => x.key === 'used_recently')!.text).toBe(
      'Have you used these places or services in the past year?',
    );
    const [old] = await q<{ definition: QuestionnaireDefinition }>(
      'SELECT definition FROM questionnaire_versions WHERE questionnaire_id = $1 AND version = 1',
      [before.qid],
    );
    expect(old!.definition).toEqual(before.definition);
    const [response] = await q<{ version: number }>('SELECT version FROM responses WHERE questionnaire_id = $1', [
      before.qid,
    ]);
    expect(response!.version).toBe(1);
    expect(textOf((await browser.get(base)).body)).toContain('This is version 2');

    // A later save adds version 3, never touching version 2.
    await browser.get(`${base}/pages/new`);
    expect((await browser.post(`${base}/pages/new`, { title: 'Anything else' })).statusCode).toBe(303);
    expect((await stored(id))!.current_version).toBe(3);
  });

  it('overwrites the current version in place while nobody has responded', async () => {
    const id = await consultationId('barking-town-centre-parking');
    // The demo consultation has responses: take them away, so nobody has responded.
    await q(
      `DELETE FROM responses WHERE questionnaire_id = (SELECT id FROM questionnaires WHERE owner_id = $1)`,
      [id],
    );
    const base = `/staff/consultations/${id}/questionnaire`;
    const browser = await officer();
    await browser.get(`${base}/questions/agree_reasons`);
    const response = await browser.post(`${base}/questions/agree_reasons`, {
      text: 'Tell us why',
      required: 'no',
      maxLength: '2000',
    });
    expect(response.statusCode).toBe(303);
    const row = (await stored(id))!;
    expect(row.current_version).toBe(1);
    const [versions] = await q<{ n: number }>(
      'SELECT count(*)::int AS n FROM questionnaire_versions WHERE questionnaire_id = $1',
      [row.qid],
    );
    expect(versions!.n).toBe(1);

    // A resident's draft on version 1 must not change under them: the next save adds version 2.
    await q(
      `INSERT INTO response_drafts (questionnaire_id, version, answers, expires_at) VALUES ($1, 1, '{}', now() + interval '1 day')`,
      [row.qid],
    );
    const again = await browser.post(`${base}/questions/agree_reasons`, {
      text: 'Tell us why you think that',
      required: 'no',
    });
    expect(again.statusCode).toBe(303);
    const after = (await stored(id))!;
    expect(after.current_version).toBe(2);
    const [first] = await q<{ definition: QuestionnaireDefinition }>(
      'SELECT definition FROM questionnaire_versions WHERE questionnaire_id = $1 AND version = 1',
      [row.qid],
    );
    expect(first!.definition).toEqual(row.definition);
  });

  it('keeps every change when officers save at the same moment, creating the questionnaire once', async () => {
    const id = await consultationId('becontree-centenary-public-spaces');
    const base = `/staff/consultations/${id}/questionnaire`;
    const browser = await officer();
    await browser.get(`${base}/pages/new`);
    const titles = ['One', 'Two', 'Three', 'Four', 'Five'];
    const responses = await Promise.all(titles.map((title) => browser.post(`${base}/pages/new`, { title })));
    expect(responses.map((r) => r.statusCode)).toEqual(titles.map(() => 303));
    const { definition, qid } = (await stored(id))!;
    expect(definition.pages.map((p) => p.title).sort()).toEqual([...titles].sort());
    expect(new Set(definition.pages.map((p) => p.key)).size).toBe(5);
    const [created] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'questionnaire.created' AND entity_id = $1`,
      [qid],
    );
    expect(created!.n).toBe(1);
  });

  it('lets only the right people see and change a questionnaire', async () => {
    const draft = await consultationId('youth-services-review');
    const open = await consultationId('community-engagement-strategy');
    const closed = await consultationId('parks-and-open-spaces-strategy');
    const url = (id: string) => `/staff/consultations/${id}/questionnaire`;

    const nhs = await signedIn('officer@nhs.example');
    expect((await nhs.get(url(draft))).statusCode).toBe(404);
    expect((await nhs.get(`${url(draft)}/preview`)).statusCode).toBe(404);
    expect((await nhs.get(`${url(draft)}/print`)).statusCode).toBe(404);
    expect((await nhs.get(`${url(draft)}/pages/new`)).statusCode).toBe(404);
    const readable = await nhs.get(url(open));
    expect(readable.statusCode).toBe(200);
    expect(textOf(readable.body)).not.toContain('Add a page');
    expect((await nhs.get(`${url(open)}/pages/new`)).statusCode).toBe(403);
    expect((await nhs.post(`${url(open)}/pages/new`, { title: 'Sneaky' })).statusCode).toBe(403);
    expect((await nhs.post(`${url(open)}/questions/agree_proposal/delete`, {})).statusCode).toBe(403);
    expect((await nhs.get(`/staff/consultations/00000000-0000-0000-0000-000000000000/questionnaire`)).statusCode).toBe(
      404,
    );
    expect((await nhs.get(`/staff/consultations/not-a-uuid/questionnaire`)).statusCode).toBe(404);

    const councillor = await signedIn('councillor@council.example');
    const view = await councillor.get(url(open));
    expect(view.statusCode).toBe(200);
    expect(textOf(view.body)).toContain('You can read this questionnaire but not change it');
    expect((await councillor.post(`${url(open)}/settings`, { mode: 'open' })).statusCode).toBe(403);

    const officer = await signedIn('housing@council.example');
    const frozen = await officer.get(url(closed));
    expect(textOf(frozen.body)).toContain('The consultation has closed');
    expect((await officer.post(`${url(closed)}/pages/new`, { title: 'Late' })).statusCode).toBe(403);

    const anonymous = browserFor(app);
    const redirect = await anonymous.get(url(open));
    expect(redirect.statusCode).toBe(303);
    expect(redirect.headers.location).toContain('/sign-in');
  });

  it('saves settings through a validated, audited form', async () => {
    const id = await consultationId('barking-urgent-treatment-centre');
    const base = `/staff/consultations/${id}/questionnaire`;
    const browser = await signedIn('officer@nhs.example');
    await browser.get(`${base}/settings`);
    const invalid = await browser.post(`${base}/settings`, { mode: 'everyone', private: 'no' });
    expect(invalid.statusCode).toBe(422);
    expect(textOf(invalid.body)).toContain('Select who can respond');
    expect(textOf(invalid.body)).toContain('Select whether to include the About you questions');
    const saved = await browser.post(`${base}/settings`, {
      mode: 'verified',
      private: 'yes',
      includeAboutYou: 'no',
      askRespondentType: 'yes',
      askPublicationConsent: 'no',
    });
    expect(saved.statusCode).toBe(303);
    const [row] = await q<Record<string, unknown>>(
      `SELECT id, mode, private, include_about_you, ask_publication_consent FROM questionnaires WHERE owner_id = $1`,
      [id],
    );
    expect(row).toMatchObject({
      mode: 'verified',
      private: true,
      include_about_you: false,
      ask_publication_consent: false,
    });
    const [audit] = await q<{ after: Record<string, unknown> }>(
      `SELECT after FROM audit_events WHERE action = 'questionnaire.settings-changed' AND entity_id = $1`,
      [row!.id],
    );
    expect(audit!.after).toMatchObject({ mode: 'verified', private: true });
    const preview = textOf((await browser.get(`${base}/preview`)).body);
    expect(preview).not.toContain('What is your age?');
  });

  it('prints a paper copy for staff and, for public consultations, for anyone', async () => {
    const slug = 'community-engagement-strategy';
    const id = await consultationId(slug);
    const anonymous = browserFor(app);
    const paper = await anonymous.get(`/consultations/${slug}/questionnaire/print`);
    expect(paper.statusCode).toBe(200);
    const text = textOf(paper.body);
    expect(text).toContain('How to return this questionnaire');
    expect(text).toContain('Paper copies of the questionnaire');
    expect(text).toMatch(/\d+\. To what extent do you agree with the proposal\?/);
    expect(text).toContain('Tick up to 3 boxes.');
    expect(text).toContain('Other, please specify');
    expect(text).toContain('Section 2: Our principles');
    expect(text).toContain('What is your ethnic group?');
    expect(text).toMatch(/Only answer this if you answered “Yes” to question \d+/);
    expect(paper.body.match(/class="app-print-page"/g)!.length).toBeGreaterThanOrEqual(4);
    expect(paper.body).toContain('app-print-box');

    expect((await anonymous.get('/consultations/youth-services-review/questionnaire/print')).statusCode).toBe(404);
    expect((await anonymous.get('/consultations/no-such-thing/questionnaire/print')).statusCode).toBe(404);
    await q(`UPDATE questionnaires SET private = true WHERE owner_id = $1`, [id]);
    expect((await anonymous.get(`/consultations/${slug}/questionnaire/print`)).statusCode).toBe(404);
    const staff = await officer();
    expect((await staff.get(`/staff/consultations/${id}/questionnaire/print`)).statusCode).toBe(200);
  });

  it('seeds a questionnaire for every open, closed and feedback-published consultation, once', async () => {
    const counts = await q<{ state: string; n: number }>(
      `SELECT c.state, count(q.id)::int AS n FROM consultations c
       LEFT JOIN questionnaires q ON q.owner_id = c.id AND q.owner_type = 'consultation'
       WHERE c.slug NOT IN ('youth-services-review', 'community-grants-2027', 'library-opening-hours', 'becontree-centenary-public-spaces')
       GROUP BY c.state ORDER BY c.state`,
    );
    const { seedQuestionnaires } = await import('./questionnaires.seed.ts');
    await seedQuestionnaires(deps);
    const again = await q<{ n: number }>(`SELECT count(*)::int AS n FROM questionnaire_versions`);
    for (const row of counts) {
      const [total] = await q<{ n: number }>('SELECT count(*)::int AS n FROM consultations WHERE state = $1', [
        row.state,
      ]);
      if (['open', 'closed', 'feedback_published'].includes(row.state)) expect(row.n, row.state).toBe(total!.n);
      else if (['scheduled', 'archived'].includes(row.state)) expect(row.n, row.state).toBe(0);
    }
    await seedQuestionnaires(deps);
    expect(await q<{ n: number }>(`SELECT count(*)::int AS n FROM questionnaire_versions`)).toEqual(again);
    const [withDocument] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM questionnaire_versions WHERE definition::text LIKE '%document_comment%'`,
    );
    expect(withDocument!.n).toBeGreaterThanOrEqual(1);
  });
});
