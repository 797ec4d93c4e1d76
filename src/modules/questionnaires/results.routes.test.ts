/**
 * Results as staff see them: counts computed by the database from stored answers, filters that
 * narrow every number, free text with literal search, one response in full, exports that escape
 * formulas and are audited, and who may see what (other organisations' IDs lead nowhere).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { build, textOf } from '../../../test/helpers.ts';
import type { Answers, QuestionnaireDefinition } from './questionnaire.types.ts';
import { createRespondable } from './responding.fixtures.ts';
import {
  AGREE,
  browsersFrom,
  COMMENTS,
  PLAN,
  PRIORITIES,
  RATING,
  resultsDefinition,
  SUPPORT,
  withOptions,
} from './results.test-fixtures.ts';

// Libraries as a third priority (counted at 0 below) and a consent question someone answered.
const DEFINITION = resultsDefinition([
  SUPPORT,
  withOptions(PRIORITIES, { value: 'libraries', label: 'Libraries' }),
  RATING,
  AGREE,
  COMMENTS,
  PLAN,
]);

const browserFor = browsersFrom('10.43.0');

describe('results', async () => {
  const { app, deps } = await build();
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);
  const [ward1, ward2] = await q<{ code: string; name: string }>('SELECT code, name FROM wards ORDER BY name LIMIT 2');

  async function respond(
    questionnaireId: string,
    answers: Answers,
    extra: {
      channel?: string;
      ward?: string;
      type?: string;
      name?: string;
      email?: string;
      aboutYou?: Answers;
      at?: string;
      org?: string;
    } = {},
  ) {
    const reference = `SDG-${randomUUID().slice(0, 8).toUpperCase()}`;
    const [row] = await q<{ id: string }>(
      `INSERT INTO responses (questionnaire_id, version, reference, idempotency_key, answers, channel, ward_code,
         respondent_type, respondent_name, respondent_email, organisation_name, submitted_at, publication_consent)
       VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'publish_anonymous') RETURNING id`,
      [
        questionnaireId,
        reference,
        randomUUID(),
        JSON.stringify(answers),
        extra.channel ?? 'online',
        extra.ward ?? null,
        extra.type ?? 'individual',
        extra.name ?? null,
        extra.email ?? null,
        extra.org ?? null,
        extra.at ?? '2026-11-10T12:00:00Z',
      ],
    );
    if (extra.aboutYou) {
      await q('INSERT INTO response_equalities (response_id, questionnaire_id, answers) VALUES ($1, $2, $3)', [
        row!.id,
        questionnaireId,
        JSON.stringify(extra.aboutYou),
      ]);
    }
    return { id: row!.id, reference };
  }

  // An in-review consultation: only reviewers and its own organisation's officers may read it.
  const fixture = await createRespondable(deps, { definition: DEFINITION, state: 'in_review' });
  const base = `/staff/consultations/${fixture.consultationId}/results`;
  const first = await respond(
    fixture.questionnaireId,
    {
      support: 'yes',
      priorities: ['parks', 'roads'],
      rating: { paths: 'agree', lighting: 'disagree' },
      agree: true,
      comments: 'Love the 100% new paths_and lighting',
      plan: { '1': 'More trees', '2': '=HYPERLINK("http://evil")' },
    },
    {
      ward: ward1!.code,
      name: 'Ada Resident',
      email: 'ada@example.com',
      aboutYou: { age_band: '25_to_34', sex: 'female' },
      at: '2026-11-09T23:30:00Z',
    },
  );
  await respond(
    fixture.questionnaireId,
    { support: 'no', priorities: ['parks'], rating: { paths: 'disagree' }, comments: '+44 call me, "quoted", ok' },
    { ward: ward2!.code, channel: 'paper', aboutYou: { age_band: '65_to_74' } },
  );
  await respond(
    fixture.questionnaireId,
    { support: 'other', support_other: 'Maybe', comments: 'Nothing much' },
    { ward: ward1!.code, type: 'organisation', org: '@Residents Group' },
  );

  async function signedIn(email: string) {
    const browser = browserFor(app);
    await browser.signIn(email);
    return browser;
  }
  const officer = () => signedIn('engagement@council.example');

  describe('dashboard', () => {
    it('counts answers per question from the stored responses, with charts and tables', async () => {
      const browser = await officer();
      const response = await browser.get(base);
      expect(response.statusCode, response.body).toBe(200);
      const text = textOf(response.body);
      expect(response.body).toMatch(/<p[^>]*id="total">3<\/p>/);
      // Channel and type headline tables.
      expect(text).toContain('By channel Channel Responses Percentage Online 2 67% Paper 1 33%');
      expect(text).toContain('Individual 2 67% Organisation 1 33%');
      expect(text).toContain(`${ward1!.name} 2 67%`);
      // Single choice with other: base is the 3 who answered.
      expect(text).toContain('Yes 1 33% No 1 33% Other 1 33%');
      // Multiple choice: percentages of the 2 who answered.
      expect(text).toContain('2 people answered. People could choose more than one answer');
      expect(text).toContain('Parks 2 100% Roads 1 50% Libraries 0 0%');
      // Matrix per row, on the agreement scale.
      expect(text).toContain(
        'Figures: Paths Answer Responses Percentage Strongly agree 0 0% Agree 1 50% Neither agree nor disagree 0 0% Disagree 1 50%',
      );
      expect(text).toContain('Figures: Lighting');
      expect(text).toContain('Agreed 1 100%');
      // Days in Europe/London: 23:30 UTC on 9 November is still 9 November in winter.
      expect(text).toContain('2026-11-09 1 33% 2026-11-10 2 67%');
      // Accessible charts: one image with a title it is labelled by.
      expect(response.body).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="chart-support-title chart-support-desc"/);
      expect(response.body).toContain(
        '<title id="chart-support-title">Do you support the proposal?: bar chart of 3 answers</title>',
      );
      // About you breakdowns for an engagement officer.
      expect(text).toContain('About you (equality monitoring)');
      expect(text).toContain('25 to 34 1 50%');
    });

    it('applies filters to every summary', async () => {
      const browser = await officer();
      const byWard = textOf((await browser.get(`${base}?ward=${ward1!.code}`)).body);
      expect(byWard).toContain('Yes 1 50% No 0 0% Other 1 50%');
      const byChannel = textOf((await browser.get(`${base}?channel=paper`)).body);
      expect(byChannel).toContain('Yes 0 0% No 1 100%');
      expect(byChannel).toContain('Parks 1 100% Roads 0 0%');
      const byType = await browser.get(`${base}?respondentType=organisation`);
      expect(byType.body).toMatch(/id="total">1</);
      const byGroup = await browser.get(`${base}?group=age_band:65_to_74`);
      expect(byGroup.body).toMatch(/id="total">1</);
      expect(textOf(byGroup.body)).toContain('Yes 0 0% No 1 100%');
      // A made-up value is ignored rather than breaking the page.
      const bogus = await browser.get(`${base}?ward=nowhere&channel=fax&group=age_band:'%20OR%201=1`);
      expect(bogus.body).toMatch(/id="total">3</);
    });

    it('keeps About you and its filter from roles that may not see special category data', async () => {
      const browser = await signedIn('housing@council.example');
      const response = await browser.get(`${base}?group=age_band:65_to_74`);
      expect(response.statusCode).toBe(200);
      const text = textOf(response.body);
      expect(text).not.toContain('About you');
      expect(text).not.toContain('25 to 34');
      // The group filter is ignored: all three responses still count.
      expect(response.body).toMatch(/id="total">3</);
    });

    it('is not found for another organisation’s officer, an unknown id, or a visitor', async () => {
      const partner = await signedIn('officer@nhs.example');
      expect((await partner.get(base)).statusCode).toBe(404);
      expect((await partner.get(`${base}/export.csv`)).statusCode).toBe(404);
      expect((await partner.get(`${base}/responses/${first.id}`)).statusCode).toBe(404);
      expect((await partner.get(`${base}/text/comments`)).statusCode).toBe(404);
      const browser = await officer();
      expect((await browser.get(`/staff/consultations/${randomUUID()}/results`)).statusCode).toBe(404);
      expect((await browser.get('/staff/consultations/not-a-uuid/results')).statusCode).toBe(404);
      const visitor = await app.inject({ method: 'GET', url: base });
      expect(visitor.statusCode).toBe(303);
      expect(visitor.headers.location).toContain('/sign-in');
    });
  });

  it('is linked from the consultation’s staff page', async () => {
    const browser = await officer();
    const page = await browser.get(`/staff/consultations/${fixture.consultationId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="${base}"`);
    expect(textOf(page.body)).toContain('Results and downloads');
  });

  it('escapes question text and stored values in charts and tables, and says when nobody has responded', async () => {
    const hostile: QuestionnaireDefinition = {
      pages: [
        {
          key: 'p',
          title: 'P',
          questions: [
            {
              key: 'pick',
              type: 'dropdown',
              text: 'Pick <script>alert(1)</script>',
              required: false,
              options: [{ value: 'a', label: 'A & B' }],
            },
          ],
        },
      ],
    };
    const empty = await createRespondable(deps, { definition: hostile, state: 'in_review' });
    const browser = await officer();
    const url = `/staff/consultations/${empty.consultationId}/results`;
    expect(textOf((await browser.get(url)).body)).toContain('No responses yet.');
    // A value no longer offered (an earlier version's option) is still counted, under its stored value.
    await respond(empty.questionnaireId, { pick: '<img src=x onerror=alert(2)>' });
    const page = await browser.get(url);
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).toContain('Pick &lt;script&gt;alert(1)&lt;/script&gt;: bar chart of 1 answer<');
    expect(textOf(page.body)).toContain('A & B 0 0% &lt;img src=x onerror=alert(2)&gt; 1 100%');
  });

  describe('free text', () => {
    it('lists answers, searches literally and links to each response', async () => {
      const browser = await officer();
      const all = await browser.get(`${base}/text/comments`);
      expect(all.statusCode).toBe(200);
      expect(textOf(all.body)).toContain('3 answers');
      expect(all.body).toContain(`href="${base}/responses/${first.id}"`);
      // % and _ are searched for as characters, not wildcards.
      const percent = textOf((await browser.get(`${base}/text/comments?search=${encodeURIComponent('100%')}`)).body);
      expect(percent).toContain('1 answer containing “100%”');
      const underscore = textOf((await browser.get(`${base}/text/comments?search=${encodeURIComponent('s_a')}`)).body);
      expect(underscore).toContain('1 answer containing');
      const none = textOf((await browser.get(`${base}/text/comments?search=${encodeURIComponent('o_e')}`)).body);
      expect(none).toContain('0 answers');
      const caseless = textOf((await browser.get(`${base}/text/comments?search=NOTHING`)).body);
      expect(caseless).toContain('1 answer containing');
      expect(caseless).toContain('Nothing much');
      // Filters carry through.
      const paper = textOf((await browser.get(`${base}/text/comments?channel=paper`)).body);
      expect(paper).toContain('1 answer');
      expect((await browser.get(`${base}/text/support`)).statusCode).toBe(404);
    });

    it('pages through many answers', async () => {
      const extra = await createRespondable(deps, { definition: DEFINITION, state: 'in_review' });
      for (let i = 0; i < 45; i++) await respond(extra.questionnaireId, { comments: `Answer number ${i}` });
      const browser = await officer();
      const url = `/staff/consultations/${extra.consultationId}/results/text/comments`;
      const page1 = await browser.get(url);
      expect(textOf(page1.body)).toContain('45 answers');
      expect(page1.body).toContain('govuk-pagination');
      expect(page1.body.match(/Answer number/g)).toHaveLength(20);
      const page3 = await browser.get(`${url}?page=3`);
      expect(page3.body.match(/Answer number/g)).toHaveLength(5);
    });
  });

  describe('one response', () => {
    it('shows every answer with its question, and personal data and About you only to those allowed', async () => {
      const browser = await officer();
      const response = await browser.get(`${base}/responses/${first.id}`);
      expect(response.statusCode).toBe(200);
      const text = textOf(response.body);
      expect(text).toContain(`Response ${first.reference}`);
      expect(text).toContain('Do you support the proposal? Yes');
      expect(text).toContain('What matters most? Parks; Roads');
      expect(text).toContain('Paths: Agree; Lighting: Disagree');
      expect(text).toContain('Ada Resident');
      expect(text).toContain('What is your age? 25 to 34');
      expect(text).toContain('Channel Online');

      const service = await signedIn('housing@council.example');
      const limited = textOf((await service.get(`${base}/responses/${first.id}`)).body);
      expect(limited).toContain('Parks; Roads');
      expect(limited).not.toContain('Ada Resident');
      expect(limited).not.toContain('ada@example.com');
      expect(limited).not.toContain('25 to 34');
    });

    it('is not found for a response of another consultation', async () => {
      const other = await createRespondable(deps, { definition: DEFINITION, state: 'in_review' });
      const elsewhere = await respond(other.questionnaireId, { support: 'yes' });
      const browser = await officer();
      expect((await browser.get(`${base}/responses/${elsewhere.id}`)).statusCode).toBe(404);
      expect((await browser.get(`${base}/responses/nonsense`)).statusCode).toBe(404);
    });
  });
});
