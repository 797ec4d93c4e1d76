import { describe, expect, it } from 'vitest';
import { build, signedInBrowsers, textOf } from '../../../test/helpers.ts';
import { londonDate, quarterKey, quarterOfDate } from './wards.catalogue.ts';

describe('the strategy action plan', async () => {
  const { app, deps } = await build();
  const as = signedInBrowsers(app);
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);
  const today = londonDate(deps.clock.now());
  const [year, month, day] = today.split('-');
  const quarter = quarterKey(quarterOfDate(today));
  const action = (
    await q<{ id: string; title: string; status: string }>(
      `SELECT id, title, status FROM action_plan_actions WHERE title LIKE 'Develop the use of text messaging%'`,
    )
  )[0]!;
  const update = (fields: Record<string, string | string[]> = {}) => ({
    status: 'at_risk',
    note: 'The SMS supplier contract is delayed until the new year.',
    evidence: 'Procurement board minutes, item 4',
    'writtenOn-day': String(Number(day)),
    'writtenOn-month': String(Number(month)),
    'writtenOn-year': year!,
    ...fields,
  });

  it('holds the Barking and Dagenham action plan: three aims, their actions, leads and milestones', async () => {
    const page = textOf((await (await as('councillor@council.example')).get('/staff/action-plan')).body);
    expect(page).toContain('Aim 1: Deepening our relationship with the public');
    expect(page).toContain('Aim 2: Developing new methods for engaging');
    expect(page).toContain('Aim 3: Working better together');
    expect(page).toContain("Implement a 'Social Media Acceptable Use Policy' and communicate it across the council");
    expect(page).toContain('Group Manager Marketing & Communications');
    expect(await q('SELECT 1 FROM action_plan_actions')).toHaveLength(21);
    expect((await q('SELECT 1 FROM action_plan_updates')).length).toBeGreaterThan(10);
  });

  it("refuses an update from another organisation's officer, and from a councillor, storing nothing", async () => {
    for (const email of ['officer@nhs.example', 'councillor@council.example']) {
      const browser = await as(email);
      expect((await browser.get(`/staff/action-plan/actions/${action.id}/update`)).statusCode).toBe(403);
      await browser.get('/staff/action-plan');
      expect((await browser.post(`/staff/action-plan/actions/${action.id}/update`, update())).statusCode).toBe(403);
    }
    expect(
      (await q<{ status: string }>('SELECT status FROM action_plan_actions WHERE id = $1', [action.id]))[0]!.status,
    ).toBe(action.status);
    expect(await q(`SELECT 1 FROM action_plan_updates WHERE note LIKE 'The SMS supplier%'`)).toHaveLength(0);
  });

  it('takes a dated update with evidence from the lead organisation, and the quarterly report shows it', async () => {
    const officer = await as('housing@council.example');
    await officer.get(`/staff/action-plan/actions/${action.id}/update`);
    const invalid = await officer.post(
      `/staff/action-plan/actions/${action.id}/update`,
      update({ status: '', note: '', 'writtenOn-year': '2999' }),
    );
    expect(invalid.statusCode).toBe(422);
    expect(textOf(invalid.body)).toContain('Select the status of the action');
    expect(textOf(invalid.body)).toContain('Enter what has happened since the last update');
    expect(textOf(invalid.body)).toContain('Date of the update must be between 2000 and 2100');
    const milestone = (
      await q<{ id: string }>('SELECT id FROM action_plan_milestones WHERE action_id = $1', [action.id])
    )[0]!;
    const saved = await officer.post(
      `/staff/action-plan/actions/${action.id}/update`,
      update({ milestonesDone: [milestone.id] }),
    );
    expect(saved.statusCode).toBe(303);
    expect(
      (await q<{ status: string }>('SELECT status FROM action_plan_actions WHERE id = $1', [action.id]))[0]!.status,
    ).toBe('at_risk');
    expect(
      (
        await q<{ done_on: string | null }>(
          `SELECT to_char(done_on, 'YYYY-MM-DD') AS done_on FROM action_plan_milestones WHERE id = $1`,
          [milestone.id],
        )
      )[0]!.done_on,
    ).toBe(today);
    expect(
      await q(`SELECT 1 FROM audit_events WHERE action = 'action-plan.updated' AND entity_id = $1`, [action.id]),
    ).toHaveLength(1);
    const report = textOf((await officer.get(`/staff/action-plan/report?quarter=${quarter}`)).body);
    const section = report.slice(report.indexOf(action.title));
    expect(section).toContain('At risk');
    expect(section).toContain('The SMS supplier contract is delayed until the new year.');
    expect(section).toContain('Evidence: Procurement board minutes, item 4');
    // A milestone of another action cannot be ticked through this one.
    const foreign = (
      await q<{ id: string }>(
        'SELECT id FROM action_plan_milestones WHERE action_id <> $1 AND done_on IS NULL LIMIT 1',
        [action.id],
      )
    )[0]!;
    await officer.get(`/staff/action-plan/actions/${action.id}/update`);
    expect(
      (await officer.post(`/staff/action-plan/actions/${action.id}/update`, update({ milestonesDone: [foreign.id] })))
        .statusCode,
    ).toBe(422);
  });

  it('publishes the quarterly report on the hub as a snapshot, by reviewers only', async () => {
    expect((await app.inject({ url: `/action-plan/reports/${quarter}` })).statusCode).toBe(404);
    const officer = await as('housing@council.example');
    await officer.get('/staff/action-plan/report');
    expect((await officer.post('/staff/action-plan/report/publish', { quarter })).statusCode).toBe(403);
    const engagement = await as('engagement@council.example');
    await engagement.get('/staff/action-plan/report');
    expect((await engagement.post('/staff/action-plan/report/publish', { quarter })).statusCode).toBe(303);
    expect(textOf((await app.inject({ url: '/action-plan' })).body)).toContain('Progress report,');
    const published = textOf((await app.inject({ url: `/action-plan/reports/${quarter}` })).body);
    expect(published).toContain('Report to cabinet and scrutiny');
    expect(published).toContain('The SMS supplier contract is delayed until the new year.');
    expect(published).not.toContain('Publish on the hub');
    expect((await app.inject({ url: '/action-plan/reports/2026-q9' })).statusCode).toBe(404);
  });
});
