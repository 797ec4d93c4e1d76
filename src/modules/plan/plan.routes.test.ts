import { describe, expect, it } from 'vitest';
import { build, signedInBrowsers, textOf } from '../../../test/helpers.ts';
import { countAsked, findClashes, type PlannedActivity } from './clash.ts';
import { quarterOf, quartersOverlapping } from './plan.catalogue.ts';
import { fatigueCounts } from './plan.repository.ts';

describe('the forward plan', async () => {
  // 1 March 2027: the demo plan runs from mid-March into the summer.
  const { app, deps } = await build({ now: '2027-03-01T10:00:00Z' });
  const as = signedInBrowsers(app);
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);
  const activityId = async (title: string) =>
    (await q<{ id: string }>(`SELECT id FROM plan_activities WHERE title = $1`, [title]))[0]!.id;
  const wardCode = async (name: string) =>
    (await q<{ code: string }>(`SELECT code FROM wards WHERE name = $1`, [name]))[0]!.code;

  const activityForm = async (fields: Record<string, string | string[]> = {}) => ({
    title: 'Pharmacy opening hours in Abbey',
    purpose: 'Ask people how late pharmacies should open.',
    ladderRung: 'consult',
    audiences: ['council-tenants'],
    topics: ['health-and-wellbeing'],
    wards: [await wardCode('Abbey')],
    'startDate-day': '1',
    'startDate-month': '4',
    'startDate-year': '2027',
    'endDate-day': '30',
    'endDate-month': '4',
    'endDate-year': '2027',
    status: 'planned',
    ...fields,
  });

  it('shows the public plan by quarter without ideas or cancelled plans, filtered by organisation, ward and topic', async () => {
    const page = textOf((await app.inject({ url: '/plan?quarter=2027-q1' })).body);
    expect(page).toContain('Consultation and engagement planned for January to March 2027');
    expect(page).toContain('Gascoigne estate renewal: tenants’ views on phase 3');
    expect(page).toContain('Safer Neighbourhood priorities survey');
    expect(page).not.toContain('Knife crime street surveys');
    expect(page).not.toContain('Community grants: co-designing the criteria'); // an idea
    const nhs = textOf((await app.inject({ url: '/plan?quarter=2027-q1&organisation=nhs-nel' })).body);
    expect(nhs).toContain('GP access in Barking');
    expect(nhs).not.toContain('Gascoigne estate renewal');
    const village = textOf((await app.inject({ url: `/plan?quarter=2027-q1&ward=${await wardCode('Village')}` })).body);
    expect(village).not.toContain('Gascoigne estate renewal');
    expect(village).toContain('Safer Neighbourhood priorities survey'); // borough-wide reaches every ward
    const topic = textOf((await app.inject({ url: '/plan?quarter=2027-q1&topic=housing' })).body);
    expect(topic).toContain('Gascoigne estate renewal');
    expect(topic).not.toContain('GP access');
    // Unknown filter values are ignored rather than breaking the page.
    expect((await app.inject({ url: '/plan?quarter=banana&ward=%3Cscript%3E' })).statusCode).toBe(200);
  });

  it('a partner officer plans an overlapping activity and sees the council’s clash with a suggestion to join up', async () => {
    const nhs = await as('officer@nhs.example');
    await nhs.get('/staff/plan/activities/new');
    const saved = await nhs.post('/staff/plan/activities/new', await activityForm());
    expect(saved.statusCode).toBe(303);
    const page = await nhs.get(saved.headers.location!);
    const text = textOf(page.body);
    expect(text).toContain('Activity added to the forward plan');
    expect(text).toContain('This activity may clash with');
    expect(text).toMatch(
      /Gascoigne estate renewal: tenants’ views on phase 3 Barking and Dagenham Council Both in Abbey Both ask Council tenants and leaseholders/,
    );
    expect(text).toContain('Join up');
    const [row] = await q<{ organisation_id: string; starts_at: Date; ends_at: Date }>(
      `SELECT organisation_id, starts_at, ends_at FROM plan_activities WHERE title = 'Pharmacy opening hours in Abbey'`,
    );
    expect(new Date(row!.starts_at).toISOString()).toBe('2027-03-31T23:00:00.000Z'); // midnight BST
    expect(new Date(row!.ends_at).toISOString()).toBe('2027-04-30T23:00:00.000Z'); // after the last day
    const [nhsOrg] = await q<{ id: string }>(`SELECT id FROM organisations WHERE slug = 'nhs-nel'`);
    expect(row!.organisation_id).toBe(nhsOrg!.id);

    // The council's officer sees the NHS plan as a clash on their own activity too.
    const council = await as('housing@council.example');
    const estate = textOf(
      (
        await council.get(
          `/staff/plan/activities/${await activityId('Gascoigne estate renewal: tenants’ views on phase 3')}`,
        )
      ).body,
    );
    expect(estate).toContain('Pharmacy opening hours in Abbey NHS North East London');
  });

  it('joins two activities up, comments, and audits both', async () => {
    const nhs = await as('officer@nhs.example');
    const gp = await activityId('GP access in Barking: what works for you');
    const estate = await activityId('Gascoigne estate renewal: tenants’ views on phase 3');
    await nhs.get(`/staff/plan/activities/${gp}`);
    const joined = await nhs.post(`/staff/plan/activities/${gp}/join-up`, { otherId: estate });
    expect(joined.statusCode).toBe(303);
    const again = await nhs.post(`/staff/plan/activities/${gp}/join-up`, { otherId: estate });
    expect(again.statusCode).toBe(303);
    expect(await q(`SELECT 1 FROM plan_links`)).toHaveLength(1);
    const estatePage = textOf((await nhs.get(`/staff/plan/activities/${estate}`)).body);
    expect(estatePage).toMatch(/Joined up with GP access in Barking: what works for you \(NHS North East London\)/);
    expect(estatePage).toContain('Already joined up');

    const empty = await nhs.post(`/staff/plan/activities/${estate}/comments`, { body: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(textOf(empty.body)).toContain('Enter a comment');
    const comment = await nhs.post(`/staff/plan/activities/${estate}/comments`, {
      body: 'We will bring <b>GP</b> leaflets',
    });
    expect(comment.statusCode).toBe(303);
    const withComment = await nhs.get(`/staff/plan/activities/${estate}`);
    expect(textOf(withComment.body)).toContain('Priya Partner , NHS North East London');
    expect(withComment.body).toContain('We will bring &#60;b&#62;GP&#60;/b&#62; leaflets');
    const actions = (
      await q<{ action: string }>(`SELECT action FROM audit_events WHERE action LIKE 'plan.%' ORDER BY occurred_at`)
    ).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['plan.joined-up', 'plan.comment-added']));
    expect(actions.filter((a) => a === 'plan.joined-up')).toHaveLength(1);

    const councillor = await as('councillor@council.example');
    expect((await councillor.post(`/staff/plan/activities/${estate}/comments`, { body: 'Hello' })).statusCode).toBe(
      403,
    );
    const cvs = await as('officer@cvs.example');
    expect((await cvs.post(`/staff/plan/activities/${gp}/join-up`, { otherId: estate })).statusCode).toBe(403);
  });

  it('refuses bad input on the activity form with GOV.UK messages and keeps the answers', async () => {
    const officer = await as('housing@council.example');
    await officer.get('/staff/plan/activities/new');
    const response = await officer.post('/staff/plan/activities/new', {
      title: '',
      purpose: '<script>alert(1)</script>',
      ladderRung: 'shout',
      audiences: ['aliens'],
      topics: [],
      'startDate-day': '30',
      'startDate-month': '2',
      'startDate-year': '2027',
      'endDate-day': '1',
      'endDate-month': '',
      'endDate-year': '2027',
      organisationId: 'someone-else',
      extra: 'ignored',
    });
    expect(response.statusCode).toBe(422);
    const text = textOf(response.body);
    for (const message of [
      'Enter a title',
      'Select the rung of the ladder of engagement',
      'Select only the audiences shown',
      'Select at least one topic',
      'Select the wards, or say the activity is borough-wide',
      'Start date must be a real date',
      'End date must include a month',
    ])
      expect(text).toContain(message);
    expect(response.body).toContain('href="#startDate-day"');
    expect(response.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;</textarea>');
    expect(response.body).toMatch(/<title>Error: /);
    expect(await q(`SELECT 1 FROM plan_activities WHERE purpose LIKE '%script%'`)).toHaveLength(0);
    const backwards = await officer.post(
      '/staff/plan/activities/new',
      await activityForm({ 'endDate-day': '1', 'endDate-month': '3' }),
    );
    expect(textOf(backwards.body)).toContain('End date must be the same as or after the start date');
  });

  it('lets officers change only their own organisation’s activities; IDs in URLs do not bypass that', async () => {
    const estate = await activityId('Gascoigne estate renewal: tenants’ views on phase 3');
    const nhs = await as('officer@nhs.example');
    expect((await nhs.get(`/staff/plan/activities/${estate}/edit`)).statusCode).toBe(403);
    expect((await nhs.post(`/staff/plan/activities/${estate}/edit`, await activityForm())).statusCode).toBe(403);
    expect((await nhs.get('/staff/plan/activities/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
    expect((await nhs.get('/staff/plan/activities/not-a-uuid')).statusCode).toBe(404);
    const councillor = await as('councillor@council.example');
    expect((await councillor.get('/staff/plan/activities/new')).statusCode).toBe(403);
    expect((await councillor.get(`/staff/plan/activities/${estate}`)).statusCode).toBe(200);
    expect((await app.inject({ url: `/staff/plan/activities/${estate}` })).statusCode).toBe(303);

    // A partner officer cannot plan on behalf of another organisation by posting its id.
    const [council] = await q<{ id: string }>(`SELECT id FROM organisations WHERE slug = 'bd-council'`);
    await nhs.get('/staff/plan/activities/new');
    const sneaky = await nhs.post(
      '/staff/plan/activities/new',
      await activityForm({ title: 'Sneaky', organisationId: council!.id }),
    );
    expect(sneaky.statusCode).toBe(303);
    const [row] = await q<{ slug: string }>(
      `SELECT o.slug FROM plan_activities a JOIN organisations o ON o.id = a.organisation_id WHERE a.title = 'Sneaky'`,
    );
    expect(row!.slug).toBe('nhs-nel');

    // The council officer changes their own: cancelling it removes its clashes, audited before and after.
    const council2 = await as('housing@council.example');
    const editPage = textOf((await council2.get(`/staff/plan/activities/${estate}/edit`)).body);
    expect(editPage).toContain('This activity may clash with');
    const cancelled = await council2.post(
      `/staff/plan/activities/${estate}/edit`,
      await activityForm({
        title: 'Gascoigne estate renewal: tenants’ views on phase 3',
        status: 'cancelled',
        wards: [await wardCode('Gascoigne'), await wardCode('Abbey')],
      }),
    );
    expect(cancelled.statusCode).toBe(303);
    const gpPage = textOf(
      (await nhs.get(`/staff/plan/activities/${await activityId('GP access in Barking: what works for you')}`)).body,
    );
    expect(gpPage).not.toMatch(
      /clash[\s\S]*Gascoigne estate renewal: tenants’ views on phase 3 Barking and Dagenham Council Both/,
    );
    const [audit] = await q<{ before: { status: string }; after: { status: string } }>(
      `SELECT before, after FROM audit_events WHERE action = 'plan.activity-updated' AND entity_id = $1`,
      [estate],
    );
    expect([audit!.before.status, audit!.after.status]).toEqual(['confirmed', 'cancelled']);
  });

  it('counts fatigue in SQL exactly as the pure rule does, and warns past the configurable limit', async () => {
    const rows = await q<{
      id: string;
      title: string;
      organisation_id: string;
      status: string;
      audiences: string[];
      topics: string[];
      ward_codes: string[];
      borough_wide: boolean;
      uses_panel: boolean;
      starts_at: Date;
      ends_at: Date;
    }>(`SELECT * FROM plan_activities`);
    const all: PlannedActivity[] = rows.map((r) => ({
      id: r.id,
      title: r.title,
      organisationId: r.organisation_id,
      status: r.status,
      audiences: r.audiences,
      topics: r.topics,
      wardCodes: r.ward_codes,
      boroughWide: r.borough_wide,
      usesPanel: r.uses_panel,
      startsAt: new Date(r.starts_at),
      endsAt: new Date(r.ends_at),
    }));
    const allWards = (await q<{ code: string }>(`SELECT code FROM wards`)).map((w) => w.code);
    for (const activity of all) {
      for (const quarter of quartersOverlapping(activity.startsAt, activity.endsAt)) {
        const { quarterWindow } = await import('./plan.catalogue.ts');
        const window = quarterWindow(quarter);
        const sqlCounts = await fatigueCounts(deps.db, {
          id: activity.id,
          start: window.start,
          end: window.end,
          wardCodes: activity.boroughWide ? allWards : activity.wardCodes,
          audiences: activity.audiences,
          usesPanel: activity.usesPanel,
        });
        const sorted = (list: { kind: string; key: string; others: number }[]) =>
          [...list].sort((a, b) => `${a.kind}${a.key}`.localeCompare(`${b.kind}${b.key}`));
        expect(sorted(sqlCounts)).toEqual(sorted(countAsked(activity, all, quarter, allWards)));
      }
    }
    expect(quarterOf(new Date('2027-03-01T10:00:00Z'))).toEqual({ year: 2027, q: 1 });

    const nhs = await as('officer@nhs.example');
    expect((await nhs.get('/staff/plan/settings')).statusCode).toBe(403);
    const admin = await as('engagement@council.example');
    await admin.get('/staff/plan/settings');
    const bad = await admin.post('/staff/plan/settings', { fatigueLimit: 'ten' });
    expect(bad.statusCode).toBe(422);
    expect(textOf(bad.body)).toContain('The limit must be a whole number, like 3');
    expect((await admin.post('/staff/plan/settings', { fatigueLimit: '1' })).statusCode).toBe(303);
    const page = textOf(
      (await admin.get(`/staff/plan/activities/${await activityId('Budget 2027/28: residents’ panel questions')}`))
        .body,
    );
    expect(page).toContain("The residents' panel: asked by");
    expect(page).toContain('(limit 1)');
    expect((await admin.post('/staff/plan/settings', { fatigueLimit: '50' })).statusCode).toBe(303);
    const calm = textOf(
      (await admin.get(`/staff/plan/activities/${await activityId('Budget 2027/28: residents’ panel questions')}`))
        .body,
    );
    expect(calm).toContain("No ward, audience or the residents' panel would be asked more than 50 times in a quarter");
  });

  it('shows the ward-by-month load as a chart with a table of the same numbers', async () => {
    const councillor = await as('councillor@council.example');
    const response = await councillor.get('/staff/plan/load?year=2027');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('role="img"');
    expect(response.body).toContain('<title id="load-chart-title">Engagement load by ward and month, 2027</title>');
    const text = textOf(response.body);
    expect(text).toContain('Activities by ward and month, 2027');
    // Village has only borough-wide activities; Abbey has those plus ward ones.
    const row = (name: string) => new RegExp(`${name} ((?:\\d+ ){12})(\\d+)`).exec(text)!;
    const village = row('Village');
    const abbey = row('Abbey');
    expect(Number(abbey[2])).toBeGreaterThan(Number(village[2]));
    const nhsOnly = textOf((await councillor.get('/staff/plan/load?year=2027&organisation=nhs-nel')).body);
    expect(nhsOnly).toContain('by NHS North East London');
  });

  it('shows the ladder dashboard by rung and organisation and over the year', async () => {
    const councillor = await as('councillor@council.example');
    const response = await councillor.get('/staff/plan/ladder?year=2027');
    const text = textOf(response.body);
    expect(response.body).toContain('aria-labelledby="ladder-chart-title ladder-chart-desc"');
    expect(text).toMatch(/Metropolitan Police, Barking and Dagenham 0 1 0 0 0 1 100%/);
    expect(text).toMatch(/Barking and Dagenham Council for Voluntary Service 0 0 0 1 0 1 0%/);
    expect(text).toContain('January to March 2027');
  });

  it('recommends methods from the toolkit and explains why', async () => {
    const officer = await as('housing@council.example');
    const response = await officer.get(
      '/staff/toolkit/picker?purpose=decide-together&rung=empower&audiences=residents&weeks=26&budget=high',
    );
    const text = textOf(response.body);
    expect(text).toMatch(
      /1\. Participatory budgeting .* Suits your purpose: let residents make the decision, such as sharing out money/,
    );
    const bad = await officer.get('/staff/toolkit/picker?weeks=lots&budget=gold');
    expect(bad.statusCode).toBe(422);
    expect(textOf(bad.body)).toContain('Weeks must be a whole number between 1 and 104');
    expect(textOf((await officer.get('/staff/toolkit')).body)).toContain('Door-knocking');
    expect((await officer.get('/staff/toolkit/nothing')).statusCode).toBe(404);
  });

  it('agrees with the pure rules: a touching activity does not clash', async () => {
    const estate = (
      await q<{ starts_at: Date; ends_at: Date; ward_codes: string[] }>(
        `SELECT starts_at, ends_at, ward_codes FROM plan_activities WHERE title LIKE 'Parks and play%'`,
      )
    )[0]!;
    const touching: PlannedActivity = {
      id: '00000000-0000-0000-0000-000000000001',
      title: 'x',
      organisationId: 'o',
      status: 'planned',
      audiences: ['parents'],
      topics: [],
      wardCodes: estate.ward_codes,
      boroughWide: false,
      usesPanel: false,
      startsAt: new Date(estate.ends_at),
      endsAt: new Date(new Date(estate.ends_at).getTime() + 86_400_000),
    };
    const { clashCandidates } = await import('./plan.repository.ts');
    const { toPlanned } = await import('./plan.service.ts');
    const candidates = (await clashCandidates(deps.db, touching)).map(toPlanned);
    expect(findClashes(touching, candidates).map((c) => c.other.title)).not.toContain(
      'Parks and play: Becontree summer walkabouts',
    );
    const overlapping = { ...touching, startsAt: new Date(new Date(estate.ends_at).getTime() - 86_400_000) };
    expect(
      findClashes(overlapping, (await clashCandidates(deps.db, overlapping)).map(toPlanned)).map((c) => c.other.title),
    ).toContain('Parks and play: Becontree summer walkabouts');
  });
});
