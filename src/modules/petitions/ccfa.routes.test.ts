import { describe, expect, it } from 'vitest';
import { build, signedInBrowsers, textOf } from '../../../test/helpers.ts';

describe('councillor calls for action', async () => {
  const { app, deps } = await build({ now: '2027-02-01T10:00:00Z' });
  const as = signedInBrowsers(app);
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);

  it('shows the demo trail publicly: decision, meeting, recommendations and responses', async () => {
    const list = textOf((await app.inject({ url: '/councillor-calls-for-action' })).body);
    expect(list).toContain('Fly-tipping in the alleys behind the parade of shops');
    const [demo] = await q<{ number: number }>(`SELECT number FROM ccfas WHERE status = 'accepted'`);
    const page = textOf((await app.inject({ url: `/councillor-calls-for-action/${demo!.number}` })).body);
    expect(page).toContain('Accepted for scrutiny');
    expect(page).toContain('Install gates at both ends of the rear alleys');
    expect(page).toContain('Agreed. Gates will be fitted');
    expect(page).toContain('No response yet.');
  });

  it('a councillor raises one; the scrutiny officer accepts it with a meeting, recommendations and responses', async () => {
    const councillor = await as('councillor@council.example');
    await councillor.get('/staff/ccfa/new');
    const invalid = await councillor.post('/staff/ccfa/new', {
      wardCode: 'nowhere',
      title: '',
      issue: '',
      stepsTaken: '',
    });
    expect(invalid.statusCode).toBe(422);
    expect(textOf(invalid.body)).toContain('Select the ward the issue is in');
    const [ward] = await q<{ code: string; name: string }>(`SELECT code, name FROM wards ORDER BY name LIMIT 1`);
    const raised = await councillor.post('/staff/ccfa/new', {
      wardCode: ward!.code,
      title: 'Broken street lights on the estate',
      issue: 'Half the lights on the estate have been out since October.',
      stepsTaken: 'Reported each one and chased the contractor twice.',
    });
    expect(raised.statusCode).toBe(303);
    const id = raised.headers.location!.split('/').pop()!;
    // The councillor cannot decide it; another organisation cannot see it.
    expect((await councillor.post(`/staff/ccfa/${id}/decision`, { status: 'accepted', reasons: 'x' })).statusCode).toBe(
      403,
    );
    const partner = await as('officer@nhs.example');
    expect((await partner.get(`/staff/ccfa/${id}`)).statusCode).toBe(403);

    const officer = await as('engagement@council.example');
    await officer.get(`/staff/ccfa/${id}`);
    const noDate = await officer.post(`/staff/ccfa/${id}/decision`, {
      status: 'accepted',
      reasons: 'Local and unresolved.',
    });
    expect(noDate.statusCode).toBe(422);
    expect(textOf(noDate.body)).toContain('Enter the date of the committee meeting as a real date');
    expect(
      (
        await officer.post(`/staff/ccfa/${id}/decision`, {
          status: 'accepted',
          reasons: 'Local and unresolved.',
          'meeting-day': '10',
          'meeting-month': '3',
          'meeting-year': '2027',
        })
      ).statusCode,
    ).toBe(303);
    const again = await officer.post(`/staff/ccfa/${id}/decision`, { status: 'refused', reasons: 'Changed my mind' });
    expect(again.statusCode).toBe(303);
    await officer.post(`/staff/ccfa/${id}/recommendations`, {
      body: 'Replace every failed light by April.',
      addressedTo: 'Head of Highways',
    });
    const [rec] = await q<{ id: string }>(`SELECT id FROM ccfa_recommendations WHERE ccfa_id = $1`, [id]);
    await officer.get(`/staff/ccfa/${id}`);
    expect(
      (
        await officer.post(`/staff/ccfa/${id}/recommendations/${rec!.id}/response`, {
          response: 'Agreed: all replaced by 31 March.',
        })
      ).statusCode,
    ).toBe(303);
    const [row] = await q<{ number: number; status: string }>(`SELECT number, status FROM ccfas WHERE id = $1`, [id]);
    expect(row!.status).toBe('accepted');
    const page = textOf((await app.inject({ url: `/councillor-calls-for-action/${row!.number}` })).body);
    expect(page).toContain(ward!.name);
    expect(page).toContain('10 March 2027');
    expect(page).toContain('Why the committee accepted it Local and unresolved.');
    expect(page).toContain('Replace every failed light by April.');
    expect(page).toContain('Agreed: all replaced by 31 March.');
    const audit = await q<{ action: string }>(
      `SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY occurred_at`,
      [id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'ccfa.raised',
      'ccfa.accepted',
      'ccfa.recommendation-added',
      'ccfa.response-recorded',
    ]);
  });
});
