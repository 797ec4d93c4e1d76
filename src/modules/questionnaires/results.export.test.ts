/**
 * Exports as an officer would open them: the CSV parsed back cell by cell (formulas neutralised,
 * quotes and commas intact), the JSON checked value by value, an audit event for every export,
 * and personal data only for the roles allowed it.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { build } from '../../../test/helpers.ts';
import type { Answers } from './questionnaire.types.ts';
import { createRespondable } from './responding.fixtures.ts';
import { csvCell } from './results-export.ts';
import {
  browsersFrom,
  COMMENTS,
  PLAN,
  PRIORITIES,
  RATING,
  resultsDefinition,
  SUPPORT,
} from './results.test-fixtures.ts';

// No consent question and two priorities: the CSV and JSON are checked column by column.
const DEFINITION = resultsDefinition([SUPPORT, PRIORITIES, RATING, COMMENTS, PLAN]);

/** RFC 4180 parser: enough to read back what the export wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && input[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

const browserFor = browsersFrom('10.44.0');

describe('results exports', async () => {
  const { app, deps } = await build();
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);
  const [ward] = await q<{ code: string; name: string }>('SELECT code, name FROM wards ORDER BY name LIMIT 1');
  const fixture = await createRespondable(deps, { definition: DEFINITION, state: 'in_review' });
  const base = `/staff/consultations/${fixture.consultationId}/results`;

  async function respond(answers: Answers, extra: Record<string, string | null> = {}, aboutYou?: Answers) {
    const reference = `SDG-${randomUUID().slice(0, 8).toUpperCase()}`;
    const [row] = await q<{ id: string }>(
      `INSERT INTO responses (questionnaire_id, version, reference, idempotency_key, answers, channel, ward_code,
         respondent_type, organisation_name, respondent_name, respondent_email, submitted_at, publication_consent)
       VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        fixture.questionnaireId,
        reference,
        randomUUID(),
        JSON.stringify(answers),
        extra.channel ?? 'online',
        extra.ward ?? null,
        extra.type ?? 'individual',
        extra.org ?? null,
        extra.name ?? null,
        extra.email ?? null,
        extra.at ?? '2026-11-10T12:00:00Z',
        extra.consent ?? 'do_not_publish',
      ],
    );
    if (aboutYou) {
      await q('INSERT INTO response_equalities (response_id, questionnaire_id, answers) VALUES ($1, $2, $3)', [
        row!.id,
        fixture.questionnaireId,
        JSON.stringify(aboutYou),
      ]);
    }
    return reference;
  }

  const ada = await respond(
    {
      support: 'yes',
      priorities: ['parks', 'roads'],
      rating: { paths: 'agree', lighting: 'strongly_disagree' },
      comments: '=HYPERLINK("http://evil.example","click")',
      plan: { '1': 'More trees, please', '2': '-1 for roads' },
    },
    {
      ward: ward!.code,
      name: 'Ada Resident',
      email: 'ada@example.com',
      consent: 'publish_anonymous',
      at: '2026-11-09T10:00:00Z',
    },
    { age_band: '25_to_34' },
  );
  const group = await respond(
    { support: 'other', support_other: '@mention me', comments: 'Line one\nLine two "quoted"' },
    { channel: 'paper', type: 'organisation', org: '+Friends of the Park' },
  );

  const auditRows = () =>
    q<{ action: string; entity_id: string; after: { format: string; filters: unknown; responses: number } }>(
      `SELECT action, entity_id, after FROM audit_events WHERE action = 'results.exported' ORDER BY occurred_at, id`,
    );

  async function signedIn(email: string) {
    const browser = browserFor(app);
    await browser.signIn(email);
    return browser;
  }

  it('neutralises spreadsheet formulas and quotes what needs quoting', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+44')).toBe("'+44");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@x')).toBe("'@x");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
    expect(csvCell('plain')).toBe('plain');
  });

  it('exports a CSV with one row per response and one column per answer, audited', async () => {
    const before = (await auditRows()).length;
    const browser = await signedIn('engagement@council.example');
    const response = await browser.get(`${base}/export.csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toMatch(
      /attachment; filename="responses-respond-test-[\w-]+\.csv"/,
    );
    const [header, ...rows] = parseCsv(response.body);
    expect(rows).toHaveLength(2);
    const record = (row: string[]) => Object.fromEntries(header!.map((h, i) => [h, row[i]]));
    const first = record(rows[0]!);
    expect(first).toMatchObject({
      Reference: ada,
      'Submitted at': '2026-11-09T10:00:00.000Z',
      Channel: 'Online',
      Ward: ward!.name,
      'Respondent type': 'Individual',
      'Publication consent': 'Publish anonymously',
      Name: 'Ada Resident',
      Email: 'ada@example.com',
      'Do you support the proposal?': 'Yes',
      'What matters most?': 'Parks; Roads',
      'How do you rate these? – Paths': 'Agree',
      'How do you rate these? – Lighting': 'Strongly disagree',
      'Anything else?': `'=HYPERLINK("http://evil.example","click")`,
      'Comment on the plan – 1 Parks': 'More trees, please',
      'Comment on the plan – 2 Roads': "'-1 for roads",
      'About you – What is your age?': '25 to 34',
    });
    const second = record(rows[1]!);
    expect(second).toMatchObject({
      Reference: group,
      Channel: 'Paper',
      Organisation: "'+Friends of the Park",
      'Do you support the proposal?': 'Other',
      'Do you support the proposal? – other': "'@mention me",
      'Anything else?': 'Line one\nLine two "quoted"',
      'What matters most?': '',
    });
    const audits = await auditRows();
    expect(audits).toHaveLength(before + 1);
    expect(audits.at(-1)!.entity_id).toBe(fixture.questionnaireId);
    expect(audits.at(-1)!.after).toMatchObject({ format: 'csv', filters: {}, responses: 2 });
  });

  it('exports JSON keyed by question, with the filters applied and recorded', async () => {
    const browser = await signedIn('admin@council.example');
    const response = await browser.get(`${base}/export.json?channel=paper`);
    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body) as { responses: Record<string, string>[]; columns: { id: string }[] };
    expect(body.responses).toHaveLength(1);
    expect(body.responses[0]).toMatchObject({
      reference: group,
      organisation: '+Friends of the Park',
      support: 'Other',
      support_other: '@mention me',
      'rating.paths': '',
    });
    expect(body.columns.map((c) => c.id)).toContain('email');
    expect((await auditRows()).at(-1)!.after).toMatchObject({
      format: 'json',
      filters: { channel: 'paper' },
      responses: 1,
    });
  });

  it('exports an Excel workbook that reads back with the same values, audited', async () => {
    const browser = await signedIn('engagement@council.example');
    const response = await browser.get(`${base}/export.xlsx?respondentType=individual`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Responses')!;
    expect(sheet.rowCount).toBe(2);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const values = (sheet.getRow(2).values as unknown[]).slice(1);
    const cell = (label: string) => values[header.indexOf(label)];
    expect(cell('Reference')).toBe(ada);
    expect(cell('Email')).toBe('ada@example.com');
    expect(cell('What matters most?')).toBe('Parks; Roads');
    expect(cell('Anything else?')).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect((await auditRows()).at(-1)!.after).toMatchObject({
      format: 'xlsx',
      filters: { respondentType: 'individual' },
      responses: 1,
    });
  });

  it('leaves out personal data and About you for other roles', async () => {
    const browser = await signedIn('housing@council.example');
    const csv = await browser.get(`${base}/export.csv`);
    expect(csv.statusCode).toBe(200);
    const [header, ...rows] = parseCsv(csv.body);
    expect(header).not.toContain('Name');
    expect(header).not.toContain('Email');
    expect(header!.some((h) => h.startsWith('About you'))).toBe(false);
    expect(csv.body).not.toContain('ada@example.com');
    expect(csv.body).not.toContain('25 to 34');
    expect(rows).toHaveLength(2);
    const json = JSON.parse((await browser.get(`${base}/export.json`)).body) as { responses: Record<string, string>[] };
    expect(json.responses[0]).not.toHaveProperty('email');
    expect(json.responses[0]).not.toHaveProperty('about_you.age_band');
  });

  it('refuses other organisations and unknown formats, and audits nothing then', async () => {
    const before = (await auditRows()).length;
    const partner = await signedIn('officer@nhs.example');
    expect((await partner.get(`${base}/export.csv`)).statusCode).toBe(404);
    expect((await partner.get(`${base}/export.json`)).statusCode).toBe(404);
    const officer = await signedIn('engagement@council.example');
    expect((await officer.get(`${base}/export.exe`)).statusCode).toBe(404);
    expect(await auditRows()).toHaveLength(before);
  });
});
