/**
 * Which forward plan activity an event is part of: offered by the policy, checked per record when
 * saved (another organisation's idea is refused with a GOV.UK error), audited with the event,
 * shown on the staff event page and listed on the activity's page.
 */
import { describe, expect, it } from 'vitest';
import { build, signedInBrowsers, textOf } from '../../../test/helpers.ts';

describe('events in the forward plan', async () => {
  const { app, deps } = await build({ now: '2027-03-01T10:00:00Z' });
  const as = signedInBrowsers(app);
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);
  const activityId = async (title: string) =>
    (await q<{ id: string }>(`SELECT id FROM plan_activities WHERE title = $1`, [title]))[0]!.id;
  const estate = await activityId('Gascoigne estate renewal: tenants’ views on phase 3'); // council, confirmed
  const gp = await activityId('GP access in Barking: what works for you'); // NHS, planned
  const grants = await activityId('Community grants: co-designing the criteria'); // CVS, an idea
  const knife = await activityId('Knife crime street surveys (cancelled)'); // police, cancelled

  const form = (fields: Record<string, string> = {}) => ({
    title: 'Estate drop-in with the GP practice',
    kind: 'drop-in',
    'date-day': '20',
    'date-month': '4',
    'date-year': '2027',
    startTime: '10:00',
    endTime: '12:00',
    venueName: 'Gascoigne Community Centre',
    stepFree: 'yes',
    capacity: '30',
    ...fields,
  });
  const optionValues = (html: string) =>
    [...(/<select[^>]*name="activityId"[\s\S]*?<\/select>/.exec(html)?.[0] ?? '').matchAll(/value="([^"]*)"/g)].map(
      (m) => m[1],
    );

  it('offers the event’s organisation’s activities and others’ shared ones, never others’ ideas or cancelled ones', async () => {
    const council = await as('housing@council.example');
    const page = await council.get('/staff/events/new');
    expect(textOf(page.body)).toContain('Which activity in the forward plan is this event part of? (optional)');
    const offered = optionValues(page.body);
    expect(offered[0]).toBe('');
    expect(offered).toContain(estate);
    expect(offered).toContain(gp);
    expect(offered).not.toContain(grants);
    expect(offered).not.toContain(knife);
    // The voluntary sector's own idea is theirs to link.
    const cvs = await as('officer@cvs.example');
    expect(optionValues((await cvs.get('/staff/events/new')).body)).toContain(grants);
  });

  it('refuses another organisation’s idea, an unknown activity and a malformed id with GOV.UK errors, storing nothing', async () => {
    const council = await as('housing@council.example');
    await council.get('/staff/events/new');
    const before = await q(`SELECT id FROM plan_events`);
    for (const [activity, message] of [
      [
        grants,
        'Select an activity of the event’s organisation, or another organisation’s activity that is no longer an idea',
      ],
      [
        knife,
        'Select an activity of the event’s organisation, or another organisation’s activity that is no longer an idea',
      ],
      ['00000000-0000-0000-0000-000000000000', 'Select an activity in the forward plan from the list'],
      ['not-an-id', 'Select an activity in the forward plan from the list'],
    ]) {
      const response = await council.post('/staff/events/new', form({ activityId: activity! }));
      expect(response.statusCode, activity).toBe(422);
      expect(textOf(response.body)).toContain(message!);
      expect(response.body).toContain('href="#activityId"');
      expect(response.body).toContain('value="Estate drop-in with the GP practice"'); // what was typed is kept
    }
    expect(await q(`SELECT id FROM plan_events`)).toHaveLength(before.length);
  });

  it('links an event, audits it with the event, and shows the link on both pages; the link can be changed and removed', async () => {
    const council = await as('housing@council.example');
    await council.get('/staff/events/new');
    const saved = await council.post('/staff/events/new', form({ activityId: estate }));
    expect(saved.statusCode).toBe(303);
    const id = saved.headers.location!.split('/').pop()!;
    const [row] = await q<{ activity_id: string }>(`SELECT activity_id FROM plan_events WHERE id = $1`, [id]);
    expect(row!.activity_id).toBe(estate);
    const [created] = await q<{ after: { activityId: string } }>(
      `SELECT after FROM audit_events WHERE action = 'plan.event-created' AND entity_id = $1`,
      [id],
    );
    expect(created!.after.activityId).toBe(estate);

    const eventPage = textOf((await council.get(`/staff/events/${id}`)).body);
    expect(eventPage).toContain(
      'Part of Gascoigne estate renewal: tenants’ views on phase 3 (Barking and Dagenham Council)',
    );
    const activityPage = textOf((await council.get(`/staff/plan/activities/${estate}`)).body);
    expect(activityPage).toMatch(
      /Events in the diary .*Estate drop-in with the GP practice ?, 20 April 2027 at 10:00am \(Barking and Dagenham Council\)/,
    );
    expect(activityPage).toContain('Gascoigne estate drop-in'); // the demo's own link

    // The edit form shows the link; another organisation's shared activity may replace it.
    const edit = await council.get(`/staff/events/${id}/edit`);
    expect(edit.body).toMatch(new RegExp(`<option value="${estate}" selected`));
    expect((await council.post(`/staff/events/${id}/edit`, form({ activityId: gp }))).statusCode).toBe(303);
    expect(textOf((await council.get(`/staff/plan/activities/${gp}`)).body)).toContain(
      'Estate drop-in with the GP practice',
    );
    expect(textOf((await council.get(`/staff/plan/activities/${estate}`)).body)).not.toContain(
      'Estate drop-in with the GP practice',
    );
    const refused = await council.post(`/staff/events/${id}/edit`, form({ activityId: grants }));
    expect(refused.statusCode).toBe(422);
    expect(
      (await q<{ activity_id: string }>(`SELECT activity_id FROM plan_events WHERE id = $1`, [id]))[0]!.activity_id,
    ).toBe(gp);

    expect((await council.post(`/staff/events/${id}/edit`, form({ activityId: '' }))).statusCode).toBe(303);
    const [unlinked] = await q<{ activity_id: string | null }>(`SELECT activity_id FROM plan_events WHERE id = $1`, [
      id,
    ]);
    expect(unlinked!.activity_id).toBeNull();
    const updates = await q<{ before: { activityId: string | null }; after: { activityId: string | null } }>(
      `SELECT before, after FROM audit_events WHERE action = 'plan.event-updated' AND entity_id = $1 ORDER BY occurred_at, id`,
      [id],
    );
    expect(updates.map((u) => [u.before.activityId, u.after.activityId])).toEqual([
      [estate, gp],
      [gp, null],
    ]);
    expect(textOf((await council.get(`/staff/events/${id}`)).body)).toContain('Not part of a forward plan activity.');
  });

  it('keeps an existing link when the activity is later cancelled, but takes no new events for it', async () => {
    const cvs = await as('officer@cvs.example');
    await cvs.get('/staff/events/new');
    const saved = await cvs.post('/staff/events/new', form({ title: 'Grants workshop', activityId: grants }));
    expect(saved.statusCode).toBe(303);
    const id = saved.headers.location!.split('/').pop()!;
    await q(`UPDATE plan_activities SET status = 'cancelled' WHERE id = $1`, [grants]);
    try {
      const edit = await cvs.get(`/staff/events/${id}/edit`);
      expect(optionValues(edit.body)).toContain(grants);
      expect(
        (await cvs.post(`/staff/events/${id}/edit`, form({ title: 'Grants workshop', activityId: grants }))).statusCode,
      ).toBe(303);
      const another = await cvs.post('/staff/events/new', form({ title: 'Second workshop', activityId: grants }));
      expect(another.statusCode).toBe(422);
    } finally {
      await q(`UPDATE plan_activities SET status = 'idea' WHERE id = $1`, [grants]);
    }
  });
});
