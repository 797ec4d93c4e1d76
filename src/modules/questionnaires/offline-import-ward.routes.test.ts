/**
 * The CSV import's ward column: a ward by code or by name in any capitals and spacing, an unknown
 * ward reported by line so nothing is stored, a known postcode winning over the column as it wins
 * over the entry form's ward, and imported wards counted by the dashboard's ward filter.
 */
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { Browser, build, textOf } from '../../../test/helpers.ts';
import { londonDay } from './offline.schema.ts';
import { createRespondable } from './responding.fixtures.ts';
import { multipartBody } from '../../../test/multipart.ts';

/** The CSV import form's body: its fields and, when given, the uploaded file. */
const multipart = (fields: Record<string, string>, file?: { filename: string; bytes: Buffer }) =>
  multipartBody(fields, file && { name: 'file', contentType: 'text/csv', ...file });

describe('CSV import: the ward column', async () => {
  const { app, deps } = await build();
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);
  const f = await createRespondable(deps); // SAMPLE_DEFINITION asks a postcode and no ward
  const base = `/staff/consultations/${f.consultationId}`;
  const [known] = await q<{ postcode: string; ward_code: string }>('SELECT postcode, ward_code FROM postcodes LIMIT 1');
  const wards = await q<{ code: string; name: string }>(
    `SELECT code, name FROM wards WHERE code <> $1 AND name LIKE '% %' ORDER BY name LIMIT 3`,
    [known!.ward_code],
  );
  const [byCode, byName, byOddCase] = wards as [
    { code: string; name: string },
    { code: string; name: string },
    { code: string; name: string },
  ];
  const today = londonDay(deps.clock.now());
  const browser = new Browser({
    inject: (options: object) => app.inject({ ...options, remoteAddress: '10.47.0.1' }),
  } as unknown as FastifyInstance);
  await browser.signIn('engagement@council.example');

  function post(url: string, body: { payload: Buffer; contentType: string }) {
    return app.inject({
      method: 'POST',
      url,
      remoteAddress: '10.47.0.1',
      headers: {
        cookie: [...browser['cookies']].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; '),
        'content-type': body.contentType,
      },
      payload: body.payload,
    });
  }
  async function upload(csv: string) {
    await browser.get(`${base}/responses/import`);
    return post(
      `${base}/responses/import`,
      multipart({ _csrf: browser.csrfToken }, { filename: 'responses.csv', bytes: Buffer.from(csv) }),
    );
  }
  function confirm(report: string) {
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(report)![1]!;
    return post(
      `${base}/responses/import/confirm`,
      multipart({ _csrf: field('_csrf'), batch: field('batch'), csv: field('csv') }),
    );
  }
  const stored = () =>
    q<{ comments: string; ward_code: string | null }>(
      `SELECT answers->>'comments' AS comments, ward_code FROM responses WHERE questionnaire_id = $1 ORDER BY answers->>'comments'`,
      [f.questionnaireId],
    );

  // Lines 2 to 8; line 6 is wrong until fixed.
  const oddCase = `"  ${byOddCase.name.toUpperCase().replace(' ', '   ')} "`;
  const rows = (line6: string) => [
    'channel,received,support,comments,postcode,ward',
    `paper,${today},yes,a code,,${byCode.code.toLowerCase()}`,
    `paper,${today},yes,b name,,${byName.name}`,
    `event,${today},yes,c odd case,,${oddCase}`,
    `phone,${today},yes,d blank,,`,
    `paper,${today},yes,e fixed,,${line6}`,
    `paper,${today},yes,f known postcode,${known!.postcode},${byCode.name}`,
    `paper,${today},yes,g unknown postcode,SW1A 1AA,${byName.code}`,
  ];

  it('explains the column and what wins over it on the import page', async () => {
    const page = await browser.get(`${base}/responses/import`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain(
      'ward : optional. The ward’s name or its ONS code (E05…); capitals and spaces do not matter. If there is the ward of a postcode in our list, that ward is used instead. Leave it empty when the ward is not known',
    );
  });

  it('reports an unknown ward by line in plain words and stores nothing', async () => {
    const report = await upload(rows('Abbey Rd').join('\r\n'));
    expect(report.statusCode, report.body).toBe(422);
    const text = textOf(report.body);
    expect(text).toContain('7 responses: 6 ready to import, 1 with problems');
    expect(text).toContain(
      'Line 6: ward: “Abbey Rd” is not a ward in this area. Use the ward’s name or its code (E05…), or leave it empty',
    );
    expect(report.body).not.toContain('name="csv"'); // no way to import while a row has problems
    expect(await stored()).toEqual([]);
  });

  it('after the fix, stores each ward code, the postcode’s ward winning over the column', async () => {
    const report = await upload(rows('').join('\r\n'));
    expect(report.statusCode, report.body).toBe(200);
    expect(textOf(report.body)).toContain('On line 7 the ward column is not used: the postcode');
    const done = await confirm(report.body);
    expect(done.statusCode, done.body).toBe(303);
    expect(await stored()).toEqual([
      { comments: 'a code', ward_code: byCode.code },
      { comments: 'b name', ward_code: byName.code },
      { comments: 'c odd case', ward_code: byOddCase.code },
      { comments: 'd blank', ward_code: null },
      { comments: 'e fixed', ward_code: null },
      { comments: 'f known postcode', ward_code: known!.ward_code },
      { comments: 'g unknown postcode', ward_code: byName.code },
    ]);
  });

  it('counts the imported responses in the dashboard’s ward filter', async () => {
    const total = async (ward?: string) => {
      const page = await browser.get(`${base}/results${ward ? `?ward=${ward}` : ''}`);
      expect(page.statusCode, page.body).toBe(200);
      return Number(/id="total">(\d+)</.exec(page.body)![1]);
    };
    expect(await total()).toBe(7);
    expect(await total(byCode.code)).toBe(1);
    expect(await total(byName.code)).toBe(2);
    expect(await total(byOddCase.code)).toBe(1);
    expect(await total(known!.ward_code)).toBe(1);
  });
});
