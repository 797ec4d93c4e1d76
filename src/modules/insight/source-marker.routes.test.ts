import { describe, expect, it } from 'vitest';
import { Browser, build } from '../../../test/helpers.ts';
import { createRespondable } from '../questionnaires/responding.fixtures.ts';
import { detectFor, sourceMarker } from './campaigns.service.ts';

/** Sends one response to the fixture's questionnaire the simplest way. */
async function respond(browser: Browser, base: string, comments: string) {
  await browser.get(`${base}/views`);
  await browser.post(`${base}/views`, { support: 'yes', comments });
  await browser.post(`${base}/details`, { postcode: '' });
  await browser.get(`${base}/about-you`);
  await browser.post(`${base}/about-you`, {});
  await browser.get(`${base}/about-your-response`);
  await browser.post(`${base}/about-your-response`, { respondentType: 'individual', publicationConsent: 'do_not_publish', email: '' });
  await browser.get(`${base}/check-answers`);
  return browser.post(`${base}/check-answers`, {});
}

describe('hashed network and device marker', async () => {
  const { app, deps } = await build();
  const fixture = await createRespondable(deps);
  const base = `/consultations/${fixture.slug}/respond`;

  it('is a keyed hash that never contains the address, the same for one network and browser on one day', () => {
    const a = sourceMarker('secret', '203.0.113.7', 'Firefox', '2026-12-04');
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(a).not.toContain('203');
    expect(sourceMarker('secret', '203.0.113.7', 'Firefox', '2026-12-04')).toBe(a);
    expect(sourceMarker('secret', '203.0.113.7', 'Firefox', '2026-12-05')).not.toBe(a);
    expect(sourceMarker('secret', '203.0.113.8', 'Firefox', '2026-12-04')).not.toBe(a);
    expect(sourceMarker('other', '203.0.113.7', 'Firefox', '2026-12-04')).not.toBe(a);
  });

  it('is stored on responses sent online, and five from one device within a minute are flagged as a burst', async () => {
    for (let i = 0; i < 5; i++) {
      const sent = await respond(new Browser(app), base, `Different words each time, number ${i} of the morning`);
      expect(sent.statusCode).toBe(303);
    }
    const rows = await deps.database.query<{ source_marker: string | null }>(
      'SELECT source_marker FROM responses WHERE questionnaire_id = $1',
      [fixture.questionnaireId],
    );
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.source_marker)).size).toBe(1);
    expect(rows[0]!.source_marker).toMatch(/^[0-9a-f]{16}$/);
    await detectFor(deps, fixture.consultationId);
    const groups = await deps.database.query<{ kind: string; member_count: number }>(
      'SELECT kind, member_count FROM insight_campaigns WHERE consultation_id = $1 AND current',
      [fixture.consultationId],
    );
    expect(groups).toEqual([{ kind: 'burst', member_count: 5 }]);
  });
});
