/**
 * Staff entering offline responses as they would with JavaScript off: one paper copy at a time,
 * and a CSV file checked row by row and imported all at once or not at all.
 */
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { Browser, build, textOf } from '../../../test/helpers.ts';
import { londonParts } from '../../web/format.ts';
import { createRespondable, DAY } from './responding.fixtures.ts';
import { multipartBody } from '../../../test/multipart.ts';

let lastOctet = 0;
/** A browser from its own address, so sign-in rate limits in one test do not spill into the next. */
function browserFor(app: FastifyInstance) {
  const remoteAddress = `10.43.0.${++lastOctet}`;
  return new Browser({
    inject: (options: object) => app.inject({ ...options, remoteAddress }),
  } as unknown as FastifyInstance);
}

/** The CSV import form's body: its fields and, when given, the uploaded file. */
const multipart = (fields: Record<string, string>, file?: { filename: string; bytes: Buffer }) =>
  multipartBody(fields, file && { name: 'file', contentType: 'text/csv', ...file });

describe('offline responses', async () => {
  const { app, deps } = await build();
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);
  const responsesOf = (questionnaireId: string) =>
    q<{
      id: string;
      channel: string;
      entered_by: string | null;
      answers: Record<string, unknown>;
      reference: string;
      respondent_type: string;
      organisation_name: string | null;
    }>(
      'SELECT id, channel, entered_by, answers, reference, respondent_type, organisation_name FROM responses WHERE questionnaire_id = $1 ORDER BY reference',
      [questionnaireId],
    );
  const userId = async (email: string) =>
    (await q<{ id: string }>('SELECT id FROM staff_users WHERE email = $1', [email]))[0]!.id;
  async function signedIn(email: string) {
    const browser = browserFor(app);
    await browser.signIn(email);
    return browser;
  }
  const today = londonParts(deps.clock.now());
  const todayIso = `${today.year}-${today.month.padStart(2, '0')}-${today.day.padStart(2, '0')}`;
  const received = { 'receivedOn-day': today.day, 'receivedOn-month': today.month, 'receivedOn-year': today.year };

  async function keyFrom(browser: Browser, url: string) {
    const page = await browser.get(url);
    expect(page.statusCode, page.body).toBe(200);
    return /name="idempotencyKey" value="([^"]+)"/.exec(page.body)![1]!;
  }

  describe('entering one response', () => {
    it('stores a paper response with its channel, who entered it, About you apart, and an audit event', async () => {
      const f = await createRespondable(deps);
      const url = `/staff/consultations/${f.consultationId}/responses/new`;
      const officer = await signedIn('engagement@council.example');
      const page = await officer.get(url);
      expect(textOf(page.body)).toContain('Do you support the proposal?');
      expect(textOf(page.body)).toContain('What concerns you most?');
      expect(textOf(page.body)).toContain('What is your age?');
      const staffPage = await officer.get(`/staff/consultations/${f.consultationId}`);
      expect(staffPage.body).toContain(`href="${url}"`);
      expect(staffPage.body).toContain(`href="/staff/consultations/${f.consultationId}/responses/import"`);
      const key = /name="idempotencyKey" value="([^"]+)"/.exec(page.body)![1]!;

      const saved = await officer.post(url, {
        idempotencyKey: key,
        receivedVia: 'paper',
        ...received,
        support: 'no',
        concern_detail: 'Noise at night',
        priorities: ['parks', 'roads'],
        age_band: '25_to_34',
        respondentType: 'organisation',
        organisationName: 'Friends of Parsloes Park',
        publicationConsent: 'publish_anonymous',
      });
      expect(saved.statusCode, saved.body).toBe(303);
      expect(saved.headers.location).toBe(url);
      const next = await officer.get(url);
      const [row] = await responsesOf(f.questionnaireId);
      expect(textOf(next.body)).toContain(`Response saved with reference ${row!.reference}`);
      expect(next.body).not.toContain(key); // an empty form for the next paper copy, with a new key
      expect(row).toMatchObject({
        channel: 'paper',
        entered_by: await userId('engagement@council.example'),
        answers: { support: 'no', concern_detail: 'Noise at night', priorities: ['parks', 'roads'] },
        respondent_type: 'organisation',
        organisation_name: 'Friends of Parsloes Park',
      });
      expect(await q('SELECT answers FROM response_equalities WHERE response_id = $1', [row!.id])).toEqual([
        { answers: { age_band: '25_to_34' } },
      ]);
      const audit = await q<{ action: string; after: { channel: string } }>(
        'SELECT action, after FROM audit_events WHERE entity_id = $1',
        [row!.id],
      );
      expect(audit).toMatchObject([{ action: 'response.entered', after: { channel: 'paper', receivedOn: todayIso } }]);
    });

    it('shows every problem with the entered values kept, and stores nothing', async () => {
      const f = await createRespondable(deps);
      const url = `/staff/consultations/${f.consultationId}/responses/new`;
      const officer = await signedIn('engagement@council.example');
      const key = await keyFrom(officer, url);
      const response = await officer.post(url, {
        idempotencyKey: key,
        'receivedOn-day': '31',
        'receivedOn-month': '2',
        'receivedOn-year': '2026',
        comments: '<script>alert(1)</script>',
        visits: 'lots',
        publicationConsent: 'do_not_publish',
        respondentType: 'individual',
      });
      expect(response.statusCode).toBe(422);
      const text = textOf(response.body);
      expect(response.body).toContain('<title>Error: ');
      expect(text).toContain('Select how the response was received');
      expect(text).toContain('The date received must be a real date');
      expect(text).toContain('Select an answer to “Do you support the proposal”');
      expect(text).toContain('Enter a number, like 3 or 12.5');
      expect(response.body).toContain('href="#receivedVia"');
      expect(response.body).toContain('href="#support"');
      expect(response.body).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
      expect(response.body).toContain('value="lots"');
      expect(response.body).toContain(`value="${key}"`); // the same form, so a later fix still stores once
      expect(response.body).not.toContain('<script>alert(1)');
      expect(await responsesOf(f.questionnaireId)).toEqual([]);
    });

    it('ignores questions the answers hide, and drops their answers', async () => {
      const f = await createRespondable(deps);
      const url = `/staff/consultations/${f.consultationId}/responses/new`;
      const officer = await signedIn('housing@council.example');
      const key = await keyFrom(officer, url);
      const response = await officer.post(url, {
        idempotencyKey: key,
        receivedVia: 'phone',
        ...received,
        support: 'yes',
        why_not: 'typed by mistake',
        respondentType: 'individual',
        publicationConsent: 'do_not_publish',
      });
      expect(response.statusCode, response.body).toBe(303);
      expect((await responsesOf(f.questionnaireId))[0]).toMatchObject({
        channel: 'phone',
        answers: { support: 'yes' },
      });
      expect((await responsesOf(f.questionnaireId))[0]!.answers).not.toHaveProperty('why_not');
    });

    it('stores one response when the same form is posted twice, even at once', async () => {
      const f = await createRespondable(deps);
      const url = `/staff/consultations/${f.consultationId}/responses/new`;
      const officer = await signedIn('engagement@council.example');
      const key = await keyFrom(officer, url);
      const form = {
        idempotencyKey: key,
        receivedVia: 'email',
        ...received,
        support: 'yes',
        respondentType: 'individual',
        publicationConsent: 'do_not_publish',
      };
      const token = officer.csrfToken;
      const results = await Promise.all([1, 2, 3].map(() => officer.post(url, form, { csrf: token })));
      expect(results.map((r) => r.statusCode)).toEqual([303, 303, 303]);
      const again = await officer.post(url, form, { csrf: token });
      expect(again.statusCode).toBe(303);
      const rows = await responsesOf(f.questionnaireId);
      expect(rows).toHaveLength(1);
      expect(textOf((await officer.get(url)).body)).toContain(`Response ${rows[0]!.reference} was already saved`);
      expect(await q('SELECT 1 FROM audit_events WHERE entity_id = $1', [rows[0]!.id])).toHaveLength(1);
    });

    it('refuses councillors and other organisations’ officers, whatever the ID', async () => {
      const f = await createRespondable(deps);
      const url = `/staff/consultations/${f.consultationId}/responses/new`;
      const form = {
        receivedVia: 'paper',
        ...received,
        support: 'yes',
        respondentType: 'individual',
        publicationConsent: 'do_not_publish',
      };
      for (const email of ['councillor@council.example', 'officer@nhs.example']) {
        const browser = await signedIn(email);
        expect([403, 404]).toContain((await browser.get(url)).statusCode);
        await browser.get('/staff');
        expect([403, 404]).toContain((await browser.post(url, form)).statusCode);
        expect([403, 404]).toContain(
          (await browser.get(`/staff/consultations/${f.consultationId}/responses/import`)).statusCode,
        );
      }
      const officer = await signedIn('engagement@council.example');
      expect(
        (await officer.get('/staff/consultations/00000000-0000-4000-8000-000000000000/responses/new')).statusCode,
      ).toBe(404);
      expect(await responsesOf(f.questionnaireId)).toEqual([]);
      const anonymous = await app.inject({ method: 'GET', url });
      expect(anonymous.statusCode).toBe(303);
    });

    it('after closing, takes responses received by the closing date and refuses later ones', async () => {
      const now = deps.clock.now();
      const f = await createRespondable(deps, {
        state: 'closed',
        opensAt: new Date(now.getTime() - 30 * DAY),
        closesAt: new Date(now.getTime() - 3 * DAY),
      });
      const url = `/staff/consultations/${f.consultationId}/responses/new`;
      const officer = await signedIn('engagement@council.example');
      const dateParts = (d: Date) => {
        const p = londonParts(d);
        return { 'receivedOn-day': p.day, 'receivedOn-month': p.month, 'receivedOn-year': p.year };
      };
      const form = {
        receivedVia: 'paper',
        support: 'yes',
        respondentType: 'individual',
        publicationConsent: 'do_not_publish',
      };
      let key = await keyFrom(officer, url);
      const late = await officer.post(url, {
        ...form,
        idempotencyKey: key,
        ...dateParts(new Date(now.getTime() - DAY)),
      });
      expect(late.statusCode).toBe(422);
      expect(textOf(late.body)).toContain('when the consultation closed');
      key = await keyFrom(officer, url);
      const inTime = await officer.post(url, {
        ...form,
        idempotencyKey: key,
        ...dateParts(new Date(now.getTime() - 5 * DAY)),
      });
      expect(inTime.statusCode, inTime.body).toBe(303);
      const [row] = await q<{ submitted_at: Date }>('SELECT submitted_at FROM responses WHERE questionnaire_id = $1', [
        f.questionnaireId,
      ]);
      expect(new Date(row!.submitted_at).getTime()).toBeLessThan(now.getTime() - 3 * DAY);

      const published = await createRespondable(deps, {
        state: 'feedback_published',
        closesAt: new Date(now.getTime() - 3 * DAY),
      });
      const refused = await officer.get(`/staff/consultations/${published.consultationId}/responses/new`);
      expect(refused.statusCode).toBe(403);
      expect(textOf(refused.body)).toContain('You cannot enter responses');
    });
  });

  describe('CSV import', () => {
    async function upload(browser: Browser, consultationId: string, csv: string | Buffer) {
      await browser.get(`/staff/consultations/${consultationId}/responses/import`);
      const body = multipart(
        { _csrf: browser.csrfToken },
        { filename: 'responses.csv', bytes: Buffer.isBuffer(csv) ? csv : Buffer.from(csv) },
      );
      return inject(browser, `/staff/consultations/${consultationId}/responses/import`, body);
    }
    function inject(browser: Browser, url: string, body: { payload: Buffer; contentType: string }) {
      return app.inject({
        method: 'POST',
        url,
        headers: {
          cookie: [...browser['cookies']].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; '),
          'content-type': body.contentType,
        },
        payload: body.payload,
      });
    }
    async function confirm(browser: Browser, consultationId: string, report: string) {
      const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(report)![1]!;
      const body = multipart({ _csrf: field('_csrf'), batch: field('batch'), csv: field('csv') });
      return inject(browser, `/staff/consultations/${consultationId}/responses/import/confirm`, body);
    }
    const header =
      'channel,received,respondent_type,organisation_name,publication_consent,support,comments,priorities,moved_in,concern_detail';

    it('reports good and bad rows by line and stores nothing', async () => {
      const f = await createRespondable(deps);
      const officer = await signedIn('engagement@council.example');
      const csv = [
        header,
        `paper,${todayIso},individual,,do_not_publish,yes,Fine,parks,,`,
        `carrier pigeon,${todayIso},individual,,do_not_publish,maybe,,parks; roads; libraries,31/01/2020,`,
        `email,${todayIso},organisation,,do_not_publish,no,"multi`,
        `line",,,`,
        `phone,${todayIso},individual,,do_not_publish,no,,,,Too noisy`,
      ].join('\r\n');
      const report = await upload(officer, f.consultationId, csv);
      expect(report.statusCode, report.body).toBe(422);
      const text = textOf(report.body);
      expect(text).toContain('4 responses: 2 ready to import, 2 with problems');
      expect(text).toContain('Line 3: channel: Select how the response was received');
      expect(text).toContain('support: Select one of the options shown');
      expect(text).toContain('priorities: Select no more than 2 options');
      expect(text).toContain('moved_in: Enter the date as YYYY-MM-DD');
      expect(text).toContain('Line 4: organisation_name: Enter the name of your organisation or group');
      expect(text).toContain('concern_detail: Enter an answer to “What concerns you most”');
      expect(text).not.toContain('Line 2:');
      expect(report.body).not.toContain('name="csv"');
      expect(await responsesOf(f.questionnaireId)).toEqual([]);
    });

    it('imports a valid file in one go, keeping quoted commas, newlines and formula-looking text as typed', async () => {
      const f = await createRespondable(deps);
      const officer = await signedIn('housing@council.example');
      const csv =
        '\uFEFF' +
        [
          header,
          `paper,${todayIso},individual,,do_not_publish,Yes,"Good, but ""late"" and\nslow",Parks; Roads,2020-01-31,`,
          `event,${todayIso},organisation,"Tenants, Residents",publish_anonymous,no,"=HYPERLINK(""http://x"")",,,@risk`,
        ].join('\n');
      const report = await upload(officer, f.consultationId, csv);
      expect(report.statusCode, report.body).toBe(200);
      expect(textOf(report.body)).toContain('Import 2 responses');
      expect(await responsesOf(f.questionnaireId)).toEqual([]); // the dry run stores nothing

      const done = await confirm(officer, f.consultationId, report.body);
      expect(done.statusCode, done.body).toBe(303);
      const rows = await q<{
        channel: string;
        entered_by: string;
        answers: Record<string, unknown>;
        organisation_name: string | null;
      }>(
        'SELECT channel, entered_by, answers, organisation_name FROM responses WHERE questionnaire_id = $1 ORDER BY channel DESC',
        [f.questionnaireId],
      );
      expect(rows).toEqual([
        {
          channel: 'paper',
          entered_by: await userId('housing@council.example'),
          answers: {
            support: 'yes',
            comments: 'Good, but "late" and\nslow',
            priorities: ['parks', 'roads'],
            moved_in: '2020-01-31',
          },
          organisation_name: null,
        },
        {
          channel: 'event',
          entered_by: await userId('housing@council.example'),
          answers: { support: 'no', comments: '=HYPERLINK("http://x")', concern_detail: '@risk' },
          organisation_name: 'Tenants, Residents',
        },
      ]);
      const audit = await q<{ after: { count: number } }>(
        "SELECT after FROM audit_events WHERE action = 'responses.imported' AND entity_id = $1",
        [f.questionnaireId],
      );
      expect(audit).toMatchObject([{ after: { count: 2 } }]);

      // Confirming the same report again stores nothing more.
      const again = await confirm(officer, f.consultationId, report.body);
      expect(again.statusCode).toBe(303);
      expect(await responsesOf(f.questionnaireId)).toHaveLength(2);
    });

    it('offers a template whose columns it accepts', async () => {
      const f = await createRespondable(deps);
      const officer = await signedIn('engagement@council.example');
      const template = await officer.get(`/staff/consultations/${f.consultationId}/responses/import/template.csv`);
      expect(template.statusCode).toBe(200);
      expect(template.headers['content-type']).toContain('text/csv');
      expect(template.body.split('\r\n')[0]).toBe(
        'channel,received,respondent_type,organisation_name,publication_consent,respondent_name,ward,support,comments,concern_detail,why_not,postcode,visits,moved_in,priorities,age_band,sex,gender_identity,ethnic_group,disability,religion,sexual_orientation,unpaid_carer',
      );
      // The note line explains the ward column and is skipped on import.
      expect(template.body.split('\r\n')[1]).toMatch(
        /^"# Lines starting with # are not imported\. ward: optional\. The .*the ward of a postcode in our list, that ward is used instead"$/,
      );
      const report = await upload(officer, f.consultationId, template.body);
      expect(report.statusCode, report.body).toBe(200);
      expect(textOf(report.body)).toContain('Import 1 response');
    });

    it('refuses files that are too big, too long, or not a questionnaire’s columns', async () => {
      const f = await createRespondable(deps);
      const officer = await signedIn('engagement@council.example');
      const tooBig = await upload(officer, f.consultationId, Buffer.alloc(5 * 1024 * 1024 + 10, 'a'));
      expect(tooBig.statusCode).toBe(422);
      expect(textOf(tooBig.body)).toContain('The selected file must be smaller than 5.0 MB');
      const row = `paper,${todayIso},individual,,do_not_publish,yes,,,,`;
      const tooLong = await upload(
        officer,
        f.consultationId,
        [header, ...Array.from({ length: 5001 }, () => row)].join('\n'),
      );
      expect(tooLong.statusCode).toBe(422);
      expect(textOf(tooLong.body)).toContain('The file must have 5,000 responses or fewer');
      const manyBad = await upload(
        officer,
        f.consultationId,
        [header, ...Array.from({ length: 25 }, () => `paper,${todayIso},individual,,do_not_publish,maybe,,,,`)].join(
          '\n',
        ),
      );
      expect(manyBad.statusCode).toBe(422);
      expect(textOf(manyBad.body)).toContain('And 5 more rows with problems');
      expect(manyBad.body).toContain('id="line-26"');
      const unknown = await upload(
        officer,
        f.consultationId,
        'channel,received,favourite_colour\npaper,2026-01-01,blue',
      );
      expect(unknown.statusCode).toBe(422);
      expect(textOf(unknown.body)).toContain('Column 3 (“favourite_colour”) is not a question in this questionnaire');
      const none = await upload(officer, f.consultationId, '');
      expect(none.statusCode).toBe(422);
      expect(textOf(none.body)).toContain('Select a CSV file');
      expect(await responsesOf(f.questionnaireId)).toEqual([]);
    });
  });
});
