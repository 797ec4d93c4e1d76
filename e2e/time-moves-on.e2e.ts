/**
 * Closed means closed: the clock moves past a consultation's closing date and the scheduled tick
 * runs; a resident (JavaScript off, 320px) then finds it among closed consultations, not open ones.
 */
import { describe, expect, it } from 'vitest';
import { tickConsultations } from '../src/modules/consultations/index.ts';
import { expectAccessible, expectNoHorizontalScroll } from './axe.ts';
import { startSite } from './harness.ts';
import { FindPage } from './pages/find.page.ts';

const site = await startSite();
const PARKING = 'Parking in Barking town centre';
const WEEK = 7 * 24 * 60 * 60 * 1000;

describe('time moves on', () => {
  it('after its closing date a consultation is shown as closed, with when feedback is due', async () => {
    const page = await site.newPage({ javaScript: false, width: 320, height: 640 });
    await page.goto('/consultations');
    const find = new FindPage(page);
    expect(await find.resultTitles()).toContain(PARKING);

    // The demo parking consultation opened three weeks ago for twelve weeks.
    site.clock.advance(10 * WEEK);
    const { closed } = await tickConsultations(site.deps);
    expect(closed.length).toBeGreaterThan(0);

    await page.goto('/consultations');
    expect(await find.resultTitles()).not.toContain(PARKING);
    await expectAccessible(page, 'find: open, after closing');
    await page.getByRole('radio', { name: 'Closed' }).check();
    await find.filter({});
    expect(new URL(page.url()).searchParams.get('status')).toBe('closed');
    expect(await find.resultTitles()).toContain(PARKING);
    await expectAccessible(page, 'find: closed');
    await expectNoHorizontalScroll(page);

    await find.open(PARKING);
    const body = await page.locator('main').innerText();
    expect(body).toMatch(/This consultation closed on \d{1,2} \w+ \d{4}/);
    expect(body).toMatch(/We will publish what we heard and what we decided by \d{1,2} \w+ \d{4}/);
    expect(body).not.toContain('This consultation is open');
    await expectAccessible(page, 'closed consultation');
    await expectNoHorizontalScroll(page);
  });
});
