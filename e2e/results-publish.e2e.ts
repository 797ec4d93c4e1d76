/**
 * From a resident's response to published results. A resident answers online; the officer finds
 * the response on the results dashboard and downloads it as CSV, Excel and JSON (each file parsed
 * and checked); redacts a name from it; publishes the results once the consultation has closed.
 * A resident with JavaScript off then reads the public results (small numbers hidden) and the
 * published responses (redacted, named only as asked). axe on every page visited.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from './axe.ts';
import { startSite } from './harness.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { createRespondable } from '../src/modules/questionnaires/responding.fixtures.ts';

const site = await startSite();
const q = <T>(text: string, params: unknown[] = []) => site.deps.database.query<T>(text, params);

const consultation = await createRespondable(site.deps, {
  includeAboutYou: false,
  definition: {
    pages: [
      {
        key: 'views',
        title: 'Your views',
        questions: [
          {
            key: 'support',
            type: 'single_choice',
            text: 'Do you support the new opening hours?',
            required: true,
            options: [
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No' },
            ],
          },
          { key: 'comments', type: 'long_text', text: 'Tell us why', required: false, maxLength: 500 },
        ],
      },
    ],
  },
});
const base = `/consultations/${consultation.slug}/respond`;
const results = `/staff/consultations/${consultation.consultationId}/results`;
const COMMENT = 'My neighbour Jo Bloggs at 12 Oak Road agrees, "open later" please';

async function go(page: Page, action: () => Promise<unknown>) {
  await Promise.all([page.waitForNavigation(), action()]);
}

async function download(page: Page, link: string): Promise<{ download: Download; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: link }).click()]);
  const path = await file.path();
  return { download: file, bytes: fs.readFileSync(path) };
}

/** CSV as the export writes it: quoted cells may hold commas, quotes and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\n') endRow();
    else if (c !== '\r') cell += c;
  }
  if (cell || row.length) endRow();
  return rows;
}

let reference = '';

describe('from a response to published results', () => {
  it('a resident responds online', async () => {
    const page = await site.newPage({ width: 375, height: 812 });
    await page.goto(base);
    await expectAccessible(page, 'respond: start');
    await go(page, () => page.getByRole('button', { name: 'Start now' }).click());
    await page
      .getByRole('group', { name: 'Do you support the new opening hours?' })
      .getByLabel('Yes', { exact: true })
      .check();
    await page.locator('#comments').fill(COMMENT);
    await expectAccessible(page, 'respond: question page');
    await go(page, () => page.getByRole('button', { name: 'Continue' }).click());
    await page.getByLabel('As an individual').check();
    await page.getByLabel('Yes, publish my response with my name').check();
    await page.locator('#respondentName').fill('Ada Resident');
    await expectAccessible(page, 'respond: about your response');
    await go(page, () => page.getByRole('button', { name: 'Continue' }).click());
    await expectAccessible(page, 'respond: check answers');
    await go(page, () => page.getByRole('button', { name: 'Send your response' }).click());
    await expectAccessible(page, 'respond: confirmation');
    reference = /SDG-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(await page.locator('main').innerText())![0];
  });

  it('the officer sees it on the dashboard and downloads CSV, Excel and JSON', async () => {
    const page = await site.newPage();
    await new SignInPage(page).signInAs('engagement@council.example');
    await page.goto(results);
    await expectAccessible(page, 'results dashboard');
    const main = await page.locator('main').innerText();
    expect(await page.locator('#total').innerText()).toBe('1');
    expect(main).toMatch(/Yes\s+1\s+100%/);

    const csv = await download(page, 'Download responses (CSV)');
    expect(csv.download.suggestedFilename()).toBe(`responses-${consultation.slug}.csv`);
    const [header, ...rows] = parseCsv(csv.bytes.toString('utf8'));
    expect(rows).toHaveLength(1);
    const record = Object.fromEntries(header!.map((h, i) => [h, rows[0]![i]]));
    expect(record).toMatchObject({
      Reference: reference,
      Channel: 'Online',
      'Publication consent': 'Publish with name',
      Name: 'Ada Resident',
      'Do you support the new opening hours?': 'Yes',
      'Tell us why': COMMENT,
    });

    const xlsx = await download(page, 'Download responses (Excel spreadsheet)');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Responses')!;
    const head = (sheet.getRow(1).values as unknown[]).slice(1);
    const values = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(sheet.rowCount).toBe(2);
    expect(values[head.indexOf('Reference')]).toBe(reference);
    expect(values[head.indexOf('Tell us why')]).toBe(COMMENT);

    const json = await download(page, 'Download responses (JSON)');
    const body = JSON.parse(json.bytes.toString('utf8')) as { responses: Record<string, string>[] };
    expect(body.responses).toHaveLength(1);
    expect(Object.values(body.responses[0]!)).toContain(reference);
    expect(Object.values(body.responses[0]!)).toContain(COMMENT);

    // Every download is in the audit trail.
    const [audited] = await q<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_events WHERE action = 'results.exported' AND entity_id = $1",
      [consultation.questionnaireId],
    );
    expect(audited!.n).toBe(3);
  });

  it('the officer redacts the name, closes the consultation and publishes the results', async () => {
    // Eleven more (paper) responses and the close: enough people for some figures to be shown.
    for (let i = 0; i < 11; i++) {
      await q(
        `INSERT INTO responses (questionnaire_id, version, reference, idempotency_key, channel, answers, publication_consent)
         VALUES ($1, 1, $2, $3, 'paper', $4, 'publish_anonymous')`,
        [consultation.questionnaireId, `SDG-E2E-${i}`, randomUUID(), JSON.stringify({ support: i < 9 ? 'yes' : 'no' })],
      );
    }
    await q(`UPDATE consultations SET state = 'closed', closes_at = now() - interval '1 hour' WHERE id = $1`, [
      consultation.consultationId,
    ]);

    const page = await site.newPage({ javaScript: false });
    await new SignInPage(page).signInAs('engagement@council.example');
    await page.goto(results);
    const [row] = await q<{ id: string }>('SELECT id FROM responses WHERE reference = $1', [reference]);
    await page.goto(`${results}/responses/${row!.id}`);
    await expectAccessible(page, 'one response');
    await go(page, () => page.getByRole('link', { name: /Redact written answers/ }).click());
    await expectAccessible(page, 'redact');
    await page
      .getByLabel('Tell us why')
      .fill('My neighbour [name removed] at [address removed] agrees, "open later" please');
    await go(page, () => page.getByRole('button', { name: 'Save redactions' }).click());
    expect(await page.locator('main').innerText()).toContain('[name removed]');

    await page.goto(results);
    await go(page, () => page.getByRole('button', { name: 'Publish results' }).click());
    await expectAccessible(page, 'publish: confirm');
    expect(await page.locator('main').innerText()).toContain('1 with their name and 11 anonymously');
    await go(page, () => page.getByRole('button', { name: 'Publish results' }).click());
    await expectAccessible(page, 'results after publishing');
    expect(await page.locator('main').innerText()).toContain('the public results page');
  });

  it('a resident with JavaScript off reads the results and the published responses', async () => {
    const page = await site.newPage({ javaScript: false, width: 320, height: 640 });
    await page.goto(`/consultations/${consultation.slug}`);
    await expectAccessible(page, 'consultation page with results');
    await go(page, () => page.getByRole('link', { name: 'Read the results' }).click());
    await expectAccessible(page, 'public results');
    const text = await page.locator('main').innerText();
    expect(await page.locator('#total').innerText()).toBe('12');
    // 10 said yes, 2 said no: "no" is hidden, and so is "yes", which would give it away beside
    // the total. Likewise 1 online and 11 on paper; no email, phone or event responses at all.
    expect(text).toMatch(/Yes\s+fewer than 10/);
    expect(text).toMatch(/No\s+fewer than 10/);
    expect(text).toMatch(/Online\s+fewer than 10/);
    expect(text).toMatch(/Paper\s+fewer than 10/);
    expect(text).toMatch(/Email\s+0\s+0%/);
    await go(page, () => page.getByRole('link', { name: 'Read the responses people agreed to publish' }).click());
    await expectAccessible(page, 'published responses');
    const published = await page.locator('main').innerText();
    expect(published).toContain('Ada Resident');
    expect(published).toContain('[name removed]');
    expect(published).not.toContain('Jo Bloggs');
  });
});
