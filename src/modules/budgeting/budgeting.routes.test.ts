import { describe, expect, it } from 'vitest';
import { Browser, build, signedInBrowsers, textOf } from '../../../test/helpers.ts';
import { multipartBody } from '../../../test/multipart.ts';
import { parsePb } from './pabulib.ts';
import { castBallot, requestCode } from './budgeting.service.ts';
import { findProcessBySlug } from './budgeting.repository.ts';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a2b8d2a30000000049454e44ae426082',
  'hex',
);
const DAY = 86_400_000;

describe('participatory budgeting', async () => {
  const start = new Date('2027-03-01T10:00:00Z');
  const { app, deps, clock } = await build({ now: start });
  const as = signedInBrowsers(app);
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);
  const processId = async (slug: string) =>
    (await q<{ id: string }>(`SELECT id FROM pb_processes WHERE slug = $1`, [slug]))[0]!.id;
  const cookieOf = (browser: Browser) =>
    [...(browser as unknown as { cookies: Map<string, string> }).cookies]
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join('; ');
  const code = async (recipient: string) => {
    const rows = await q<{ personalisation: { code: string } }>(
      `SELECT personalisation FROM outbox_messages WHERE recipient = $1 AND template LIKE 'pb-voting-code-%' ORDER BY created_at DESC LIMIT 1`,
      [recipient],
    );
    return rows[0]?.personalisation.code;
  };
  const postcodeIn = async (ward: string | null) =>
    (
      await q<{ postcode: string }>(
        ward ? `SELECT postcode FROM postcodes WHERE ward_code = $1 LIMIT 1` : `SELECT postcode FROM postcodes LIMIT 1`,
        ward ? [ward] : [],
      )
    )[0]!.postcode;

  it('lists the demo rounds and explains a published count in plain words, with a chart and table', async () => {
    const list = textOf((await app.inject({ url: '/budgeting' })).body);
    expect(list).toContain('Borough community budget');
    expect(list).toContain('Voting open');
    const page = await app.inject({ url: '/budgeting/ward-budget-round-1/results' });
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toMatch(/Funded: [\d,]+ voters shared its £[\d,]+ cost\./);
    expect(text).toMatch(/Not funded: /);
    expect(page.body).toContain('<svg');
    expect(text).toContain('Every project on the ballot');
    const [p] = await q<{ budget: number; count_result: { result: { spent: number } } }>(
      `SELECT budget, count_result FROM pb_processes WHERE slug = 'ward-budget-round-1'`,
    );
    expect(p!.count_result.result.spent).toBeLessThanOrEqual(p!.budget);
    // The export reads back and names the same funded projects.
    const pb = parsePb((await app.inject({ url: '/budgeting/ward-budget-round-1/results.pb' })).body);
    if (!pb.ok) throw new Error(pb.reason);
    expect(pb.file.votes.length).toBeGreaterThan(1000);
    expect(pb.file.meta.rule).toBe('equalshares/add1');
    expect(pb.file.projects.filter((x) => x.selected).length).toBeGreaterThan(0);
    // Not published yet: no results page.
    expect((await app.inject({ url: '/budgeting/borough-budget/results' })).statusCode).toBe(404);
  });

  it('a resident proposes a project with a photo; a file that only claims to be a photo is refused', async () => {
    const resident = new Browser(app);
    await resident.get('/budgeting/ward-budget-ideas/propose');
    const send = (file: { filename: string; bytes: Buffer }) => {
      const body = multipartBody(
        {
          _csrf: resident.csrfToken,
          title: 'Hanging baskets on the parade',
          description: 'Flowers on the lamp posts of the shopping parade.',
          estimatedCost: '1,200',
          proposerName: 'Ada Resident',
          proposerEmail: 'ada@example.com',
        },
        { name: 'photos', contentType: 'image/png', ...file },
      );
      return app.inject({
        method: 'POST',
        url: '/budgeting/ward-budget-ideas/propose',
        headers: { cookie: cookieOf(resident), 'content-type': body.contentType },
        payload: body.payload,
      });
    };
    const fake = await send({ filename: 'photo.png', bytes: Buffer.from('<html>not a photo</html>') });
    expect(fake.statusCode).toBe(422);
    expect(textOf(fake.body)).toContain('Each photo must be a JPEG or PNG');
    const ok = await send({ filename: 'baskets.png', bytes: PNG });
    expect(ok.statusCode).toBe(303);
    const [project] = await q<{ id: string; estimated_cost: number; status: string }>(
      `SELECT id, estimated_cost, status FROM pb_projects WHERE title = 'Hanging baskets on the parade'`,
    );
    expect(project).toMatchObject({ estimated_cost: 1200, status: 'proposed' });
    const page = await app.inject({ url: `/budgeting/ward-budget-ideas/projects/${project!.id}` });
    const photo = /\/budgeting\/ward-budget-ideas\/photos\/([0-9a-f-]+)/.exec(page.body)![0];
    const served = await app.inject({ url: photo });
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.rawPayload.equals(PNG)).toBe(true);
    // Proposals close with the ideas phase.
    expect((await app.inject({ url: '/budgeting/borough-budget/propose' })).statusCode).toBe(409);
  });

  it('an officer checks a project, with the reason shown publicly; others’ organisations and partners cannot', async () => {
    const id = await processId('ward-budget-ideas');
    const [project] = await q<{ id: string }>(
      `SELECT id FROM pb_projects WHERE process_id = $1 ORDER BY created_at LIMIT 1`,
      [id],
    );
    const url = `/staff/budgeting/${id}/projects/${project!.id}`;
    const partner = await as('officer@nhs.example');
    expect((await partner.get(url)).statusCode).toBe(403);
    const housing = await as('housing@council.example');
    await housing.get(url);
    const missing = await housing.post(url, { decision: 'feasible', reason: '' });
    expect(missing.statusCode).toBe(422);
    expect(textOf(missing.body)).toContain('Enter the reason, which residents will see');
    const saved = await housing.post(url, {
      decision: 'not_feasible',
      reason: 'The land belongs to the railway, which has said no.',
    });
    expect(saved.statusCode).toBe(303);
    const page = textOf((await app.inject({ url: '/budgeting/ward-budget-ideas' })).body);
    expect(page).toContain('Does not go to the vote: The land belongs to the railway, which has said no.');
    const [audit] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'budgeting.project-assessed' AND entity_id = $1`,
      [project!.id],
    );
    expect(audit!.n).toBe(1);

    // Another organisation's process: the council's service officer may look but not change it.
    const [nhs] = await q<{ id: string }>(`SELECT id FROM organisations WHERE slug = 'nhs-nel'`);
    const [other] = await q<{ id: string }>(
      `INSERT INTO pb_processes (organisation_id, slug, title, ward_code, budget_mode, budget, ballot_type, rule, ideas_from, feasibility_from, voting_from, voting_until, delivery_from)
       SELECT $1, 'nhs-health-budget', 'Health budget', NULL, 'fixed', 10000, 'knapsack', 'mes', $2, $2, $3, $4, $4 RETURNING id`,
      [
        nhs!.id,
        new Date(start.getTime() - 10 * DAY),
        new Date(start.getTime() - DAY),
        new Date(start.getTime() + 10 * DAY),
      ],
    );
    const [otherProject] = await q<{ id: string }>(
      `INSERT INTO pb_projects (process_id, title, description, estimated_cost) VALUES ($1, 'Clinic garden', 'A garden', 500) RETURNING id`,
      [other!.id],
    );
    expect((await housing.get(`/staff/budgeting/${other!.id}`)).statusCode).toBe(200);
    for (const path of ['edit', 'paper', `projects/${otherProject!.id}`])
      expect((await housing.get(`/staff/budgeting/${other!.id}/${path}`)).statusCode).toBe(403);
    expect((await housing.post(`/staff/budgeting/${other!.id}/count`, {})).statusCode).toBe(403);
    expect((await housing.post(`/staff/budgeting/${other!.id}/publish`, {})).statusCode).toBe(403);
    // A project of another process through this process's URL is not found.
    expect((await housing.get(`/staff/budgeting/${id}/projects/${otherProject!.id}`)).statusCode).toBe(404);
  });

  it('a resident votes with JavaScript off: postcode, code, a ballot over budget shown with its total, then changes their vote', async () => {
    const id = await processId('borough-budget');
    const voter = new Browser(app);
    await voter.get('/budgeting/borough-budget/vote');
    const bad = await voter.post('/budgeting/borough-budget/vote', { postcode: 'XX1', contact: 'nope', oldEnough: '' });
    expect(bad.statusCode).toBe(422);
    expect(textOf(bad.body)).toContain('Error:');
    const young = await voter.post('/budgeting/borough-budget/vote', {
      postcode: await postcodeIn(null),
      contact: 'bea@example.com',
      oldEnough: 'no',
    });
    expect(textOf(young.body)).toContain('You need to be aged 16 or over to vote');
    const asked = await voter.post('/budgeting/borough-budget/vote', {
      postcode: await postcodeIn(null),
      contact: 'Bea@Example.com',
      oldEnough: 'yes',
    });
    expect(asked.statusCode).toBe(303);
    // Asking again at once sends no second code.
    await voter.post('/budgeting/borough-budget/vote', {
      postcode: await postcodeIn(null),
      contact: 'bea@example.com',
      oldEnough: 'yes',
    });
    const [sent] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE recipient = 'bea@example.com'`,
    );
    expect(sent!.n).toBe(1);
    await voter.get('/budgeting/borough-budget/vote/code');
    expect(
      (
        await voter.post('/budgeting/borough-budget/vote/code', {
          code: '000000' === (await code('bea@example.com')) ? '111111' : '000000',
        })
      ).statusCode,
    ).toBe(422);
    expect(
      (await voter.post('/budgeting/borough-budget/vote/code', { code: (await code('bea@example.com'))! })).statusCode,
    ).toBe(303);
    const ballot = await voter.get('/budgeting/borough-budget/vote/ballot');
    const projects = await q<{ id: string; cost: number }>(
      `SELECT id, assessed_cost AS cost FROM pb_projects WHERE process_id = $1 AND status = 'feasible' ORDER BY assessed_cost DESC`,
      [id],
    );
    expect(ballot.body).toContain(`value="${projects[0]!.id}"`);
    const all = projects.map((p) => p.id);
    const total = projects.reduce((s, p) => s + p.cost, 0);
    const over = await voter.post('/budgeting/borough-budget/vote/ballot', { projects: all });
    expect(over.statusCode).toBe(422);
    expect(textOf(over.body)).toContain(`You chose projects costing £${total.toLocaleString('en-GB')} of £250,000`);
    expect(over.body).toContain('checked'); // the choices are kept
    const first = await voter.post('/budgeting/borough-budget/vote/ballot', { projects: [projects[0]!.id] });
    expect(first.statusCode).toBe(303);
    expect(textOf((await voter.get(first.headers.location!)).body)).toContain('Your vote has been recorded');
    const changed = await voter.post('/budgeting/borough-budget/vote/ballot', {
      projects: [projects[1]!.id, projects[2]!.id],
    });
    expect(changed.statusCode).toBe(303);
    expect(textOf((await voter.get(changed.headers.location!)).body)).toContain('Your vote has been changed');
    const rows = await q<{ selections: { projectId: string }[] }>(
      `SELECT b.selections FROM pb_ballots b JOIN pb_voters v ON b.voter_key = 'voter:' || v.id WHERE v.contact = 'bea@example.com'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.selections.map((s) => s.projectId)).toEqual([projects[1]!.id, projects[2]!.id]);
  });

  it('refuses a voter outside the ward, and a used code', async () => {
    const voter = new Browser(app);
    await voter.get('/budgeting/borough-budget/vote');
    const outside = await voter.post('/budgeting/borough-budget/vote', {
      postcode: 'SW1A 1AA',
      contact: '07700 900123',
      oldEnough: 'yes',
    });
    expect(textOf(outside.body)).toContain('We cannot find that postcode in the borough');
  });

  it('many identical ballots sent at once make one ballot', async () => {
    const p = (await findProcessBySlug(deps.db, 'borough-budget'))!;
    const [project] = await q<{ id: string }>(
      `SELECT id FROM pb_projects WHERE process_id = $1 AND status = 'feasible' LIMIT 1`,
      [p.id],
    );
    const [voter] = await q<{ id: string }>(
      `INSERT INTO pb_voters (process_id, contact, contact_kind, postcode, verified_at) VALUES ($1, 'twin@example.com', 'email', 'RM10 7BB', now()) RETURNING id`,
      [p.id],
    );
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, () => castBallot(deps, p, voter!.id, { projects: [project!.id] })),
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const [n] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM pb_ballots WHERE voter_key = $1`, [
      `voter:${voter!.id}`,
    ]);
    expect(n!.n).toBe(1);
  });

  it('an officer starts a ward round at £2 a head with cumulative points; only that ward’s residents may vote', async () => {
    const housing = await as('housing@council.example');
    const [ward, other] = await q<{ code: string }>(`SELECT code FROM wards ORDER BY name LIMIT 2 OFFSET 2`);
    await housing.get('/staff/budgeting/new');
    const date = (field: string, d: Date) => ({
      [`${field}-day`]: String(d.getUTCDate()),
      [`${field}-month`]: String(d.getUTCMonth() + 1),
      [`${field}-year`]: String(d.getUTCFullYear()),
    });
    const form = {
      title: 'Points round',
      slug: 'points-round',
      description: '',
      area: ward!.code,
      budgetMode: 'per_head',
      perHeadPounds: '2.00',
      population: '11,500',
      ballotType: 'cumulative',
      maxPoints: '5',
      rule: 'mes',
      minAge: '16',
      ...date('ideasFrom', new Date(start.getTime() - 20 * DAY)),
      ...date('feasibilityFrom', new Date(start.getTime() - 10 * DAY)),
      ...date('votingFrom', new Date(start.getTime() - 2 * DAY)),
      ...date('votingLast', new Date(start.getTime() - 3 * DAY)),
      ...date('deliveryFrom', new Date(start.getTime() + 60 * DAY)),
    };
    const wrong = await housing.post('/staff/budgeting/new', form);
    expect(wrong.statusCode).toBe(422);
    expect(textOf(wrong.body)).toContain('Population must be a whole number');
    expect(textOf(wrong.body)).toContain('The last day of voting must be on or after the day voting opens');
    const created = await housing.post('/staff/budgeting/new', {
      ...form,
      population: '11500',
      ...date('votingLast', new Date(start.getTime() + 9 * DAY)),
    });
    expect(created.statusCode).toBe(303);
    const [p] = await q<{ id: string; budget: number; organisation_id: string }>(
      `SELECT id, budget, organisation_id FROM pb_processes WHERE slug = 'points-round'`,
    );
    expect(p!.budget).toBe(23000);
    await q(
      `INSERT INTO pb_projects (process_id, title, description, estimated_cost, status, assessed_cost) VALUES
       ($1, 'Play street', 'Close the road for play on Sundays', 3000, 'feasible', 3000),
       ($1, 'Book swap', 'Book swap boxes', 800, 'feasible', 800)`,
      [p!.id],
    );
    const voter = new Browser(app);
    await voter.get('/budgeting/points-round/vote');
    const outside = await voter.post('/budgeting/points-round/vote', {
      postcode: await postcodeIn(other!.code),
      contact: 'cy@example.com',
      oldEnough: 'yes',
    });
    expect(textOf(outside.body)).toContain('Only people who live in');
    await voter.post('/budgeting/points-round/vote', {
      postcode: await postcodeIn(ward!.code),
      contact: 'cy@example.com',
      oldEnough: 'yes',
    });
    await voter.get('/budgeting/points-round/vote/code');
    await voter.post('/budgeting/points-round/vote/code', { code: (await code('cy@example.com'))! });
    const ballot = await voter.get('/budgeting/points-round/vote/ballot');
    expect(textOf(ballot.body)).toContain('Share out 5 points');
    const ids = await q<{ id: string }>(
      `SELECT id FROM pb_projects WHERE process_id = $1 ORDER BY estimated_cost DESC`,
      [p!.id],
    );
    const tooMany = await voter.post('/budgeting/points-round/vote/ballot', {
      [`points-${ids[0]!.id}`]: '4',
      [`points-${ids[1]!.id}`]: '2',
    });
    expect(tooMany.statusCode).toBe(422);
    expect(textOf(tooMany.body)).toContain('You gave 6 points. Give no more than 5 points in total');
    expect(
      (
        await voter.post('/budgeting/points-round/vote/ballot', {
          [`points-${ids[0]!.id}`]: '3',
          [`points-${ids[1]!.id}`]: '2',
        })
      ).statusCode,
    ).toBe(303);
    const [row] = await q<{ selections: { points: number }[]; ward_code: string }>(
      `SELECT selections, ward_code FROM pb_ballots WHERE process_id = $1`,
      [p!.id],
    );
    expect(row!.selections.map((x) => x.points).sort()).toEqual([2, 3]);
    expect(row!.ward_code).toBe(ward!.code);
  });

  it('many identical code requests at once send one code, through one message per person', async () => {
    const p = (await findProcessBySlug(deps.db, 'borough-budget'))!;
    const postcode = await postcodeIn(null);
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () =>
        requestCode(deps, p, { postcode, contact: { kind: 'email', value: 'rush@example.com' }, oldEnough: true }),
      ),
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(outcomes.filter((o) => o.ok && o.sent)).toHaveLength(1);
    const [sent] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE recipient = 'rush@example.com'`,
    );
    expect(sent!.n).toBe(1);
    const [voters] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM pb_voters WHERE contact = 'rush@example.com'`,
    );
    expect(voters!.n).toBe(1);
  });

  it('freezes the rules once voting opens, refuses ballots after the close, then counts and publishes within the budget', async () => {
    const id = await processId('borough-budget');
    const housing = await as('housing@council.example');
    const edit = await housing.get(`/staff/budgeting/${id}/edit`);
    expect(textOf(edit.body)).toContain('Voting has opened');
    const form = Object.fromEntries(
      [...edit.body.matchAll(/name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
    );
    const values = {
      ...form,
      title: 'Borough community budget',
      area: 'borough',
      budgetMode: 'fixed',
      ballotType: 'knapsack',
      rule: 'greedy', // was mes
    };
    delete (values as Record<string, string>)._csrf;
    const refused = await housing.post(`/staff/budgeting/${id}/edit`, values);
    expect(refused.statusCode).toBe(422);
    expect(textOf(refused.body)).toContain('cannot change');
    expect((await q<{ rule: string }>(`SELECT rule FROM pb_processes WHERE id = $1`, [id]))[0]!.rule).toBe('mes');
    // A title change is still fine.
    expect(
      (
        await housing.post(`/staff/budgeting/${id}/edit`, {
          ...values,
          rule: 'mes',
          title: 'Borough community budget 2027',
        })
      ).statusCode,
    ).toBe(303);

    // Counting before the close is refused.
    expect((await housing.post(`/staff/budgeting/${id}/count`, {})).statusCode).toBe(422);

    // A voter verified before the close cannot vote after it.
    const voter = new Browser(app);
    await voter.get('/budgeting/borough-budget/vote');
    await voter.post('/budgeting/borough-budget/vote', {
      postcode: await postcodeIn(null),
      contact: 'late@example.com',
      oldEnough: 'yes',
    });
    await voter.get('/budgeting/borough-budget/vote/code');
    await voter.post('/budgeting/borough-budget/vote/code', { code: (await code('late@example.com'))! });
    const ballot = await voter.get('/budgeting/borough-budget/vote/ballot');
    expect(ballot.statusCode).toBe(200);
    const [project] = await q<{ id: string }>(
      `SELECT id FROM pb_projects WHERE process_id = $1 AND status = 'feasible' LIMIT 1`,
      [id],
    );
    const before = (await q<{ n: number }>(`SELECT count(*)::int AS n FROM pb_ballots WHERE process_id = $1`, [id]))[0]!
      .n;
    clock.set(new Date(start.getTime() + 22 * DAY));
    const late = await voter.post('/budgeting/borough-budget/vote/ballot', { projects: [project!.id] });
    expect(late.statusCode).toBe(409);
    expect(textOf(late.body)).toContain('Voting has closed');
    expect(
      (await q<{ n: number }>(`SELECT count(*)::int AS n FROM pb_ballots WHERE process_id = $1`, [id]))[0]!.n,
    ).toBe(before);

    // Paper ballots handed in by the close can still be entered until the count.
    await housing.get(`/staff/budgeting/${id}/paper`);
    const paper = await housing.post(`/staff/budgeting/${id}/paper`, {
      reference: 'P-0001',
      postcode: await postcodeIn(null),
      projects: [project!.id],
    });
    expect(paper.statusCode).toBe(303);
    expect(
      (await q<{ channel: string }>(`SELECT channel FROM pb_ballots WHERE voter_key = 'paper:P-0001'`))[0]!.channel,
    ).toBe('paper');

    await housing.get(`/staff/budgeting/${id}`);
    expect((await housing.post(`/staff/budgeting/${id}/count`, {})).statusCode).toBe(303);
    const staffPage = textOf((await housing.get(`/staff/budgeting/${id}`)).body);
    expect(staffPage).toMatch(/Counted .*projects funded/);
    expect((await housing.post(`/staff/budgeting/${id}/publish`, {})).statusCode).toBe(303);
    const [row] = await q<{
      budget: number;
      count_result: { result: { spent: number; funded: string[] }; ballots: { paper: number } };
    }>(`SELECT budget, count_result FROM pb_processes WHERE id = $1`, [id]);
    expect(row!.count_result.result.spent).toBeLessThanOrEqual(row!.budget);
    expect(row!.count_result.ballots.paper).toBeGreaterThan(0);
    // Paper entry closes with the count.
    expect(
      (
        await housing.post(`/staff/budgeting/${id}/paper`, {
          reference: 'P-0002',
          postcode: await postcodeIn(null),
          projects: [project!.id],
        })
      ).statusCode,
    ).toBe(422);
    const results = textOf((await app.inject({ url: '/budgeting/borough-budget/results' })).body);
    expect(results).toContain('Results: Borough community budget 2027');

    // Delivery updates on a funded project appear on its public page.
    const funded = row!.count_result.result.funded[0]!;
    await housing.get(`/staff/budgeting/${id}`);
    expect(
      (
        await housing.post(`/staff/budgeting/${id}/projects/${funded}/updates`, {
          stage: 'planning',
          body: 'Design work has started.',
        })
      ).statusCode,
    ).toBe(303);
    expect(textOf((await app.inject({ url: `/budgeting/borough-budget/projects/${funded}` })).body)).toContain(
      'Planning: ',
    );
  });

  it('checks a real pabulib file uploaded by staff', async () => {
    const { readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const housing = await as('housing@council.example');
    await housing.get('/staff/budgeting/pabulib');
    const body = multipartBody(
      { _csrf: housing.csrfToken },
      {
        name: 'file',
        filename: 'marysin.pb',
        contentType: 'application/octet-stream',
        bytes: readFileSync(path.join(import.meta.dirname, 'fixtures', 'poland_warszawa_2017_marysin-poludniowy.pb')),
      },
    );
    const response = await app.inject({
      method: 'POST',
      url: '/staff/budgeting/pabulib',
      headers: { cookie: cookieOf(housing), 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(response.statusCode).toBe(200);
    expect(textOf(response.body)).toContain(
      'Most votes first matches the file’s selected projects; the Method of Equal Shares does not match',
    );
  });
});
