/**
 * An engagement officer types in a paper response and imports a CSV file with JavaScript off,
 * from the consultation's staff page. axe on every page, error states included.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible } from './axe.ts';
import { startSite } from './harness.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { createRespondable } from '../src/modules/questionnaires/responding.fixtures.ts';
import { londonDay } from '../src/modules/questionnaires/offline.schema.ts';

const site = await startSite();

async function go(page: Page, action: () => Promise<unknown>) {
  await Promise.all([page.waitForNavigation(), action()]);
}

describe('offline responses (JavaScript off)', () => {
  it('enters a paper response, then imports a file after fixing a bad row', async () => {
    const fixture = await createRespondable(site.deps);
    const responses = () =>
      site.deps.database.query<{ channel: string }>('SELECT channel FROM responses WHERE questionnaire_id = $1', [
        fixture.questionnaireId,
      ]);
    const page = await site.newPage({ javaScript: false });
    await new SignInPage(page).signInAs('engagement@council.example');
    await page.goto(`/staff/consultations/${fixture.consultationId}`);
    const entry = page.locator(`a[href="/staff/consultations/${fixture.consultationId}/responses/new"]`);
    expect(await entry.count()).toBe(1);
    await page.goto(`/staff/consultations/${fixture.consultationId}/responses/new`);
    await expectAccessible(page, 'offline entry');

    await go(page, () => page.getByRole('button', { name: 'Save response and enter another' }).click());
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Select how the response was received');
    await expectAccessible(page, 'offline entry: errors');

    await page.getByLabel('Paper form (by post or handed in)').check();
    await page.getByRole('group', { name: 'Do you support the proposal?' }).getByLabel('No').check();
    await page.getByLabel('What concerns you most?').fill('Parking');
    await page.getByLabel('No, do not publish my response').check();
    await go(page, () => page.getByRole('button', { name: 'Save response and enter another' }).click());
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
      'Response saved with reference SDG-',
    );
    await expectAccessible(page, 'offline entry: saved');
    expect(await responses()).toEqual([{ channel: 'paper' }]);

    await go(page, () => page.getByRole('link', { name: 'Import them from a CSV file' }).click());
    await expectAccessible(page, 'import');
    expect(await page.locator('main').innerText()).toContain('ward: optional. The ward’s name or its ONS code');
    const today = londonDay(site.deps.clock.now());
    const header = 'channel,received,support,concern_detail,ward';
    await page.getByLabel('Upload a CSV file').setInputFiles({
      name: 'responses.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${header}\nemail,${today},yes,,Abbey Rd\nphone,${today},no,,\n`),
    });
    await go(page, () => page.getByRole('button', { name: 'Check the file' }).click());
    const summary = await page.locator('.govuk-error-summary').innerText();
    expect(summary).toContain('Line 2: ward: “Abbey Rd” is not a ward in this area');
    expect(summary).toContain('Line 3: concern_detail');
    await expectAccessible(page, 'import: rows with problems');

    await page.getByLabel('Upload the corrected file').setInputFiles({
      name: 'responses.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${header}\nemail,${today},yes,,ABBEY\nphone,${today},no,"Traffic, mostly",E05014058\n`),
    });
    await go(page, () => page.getByRole('button', { name: 'Check the file' }).click());
    await expectAccessible(page, 'import: ready');
    await go(page, () => page.getByRole('button', { name: 'Import 2 responses' }).click());
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('2 responses imported');
    await expectAccessible(page, 'import: done');
    expect((await responses()).map((r) => r.channel).sort()).toEqual(['email', 'paper', 'phone']);
    const wards = await site.deps.database.query<{ channel: string; ward_code: string | null }>(
      'SELECT channel, ward_code FROM responses WHERE questionnaire_id = $1 ORDER BY channel',
      [fixture.questionnaireId],
    );
    // Abbey by name in capitals, Chadwell Heath by its code; the paper response typed in has none.
    expect(wards).toEqual([
      { channel: 'email', ward_code: 'E05014053' },
      { channel: 'paper', ward_code: null },
      { channel: 'phone', ward_code: 'E05014058' },
    ]);
  });
});
