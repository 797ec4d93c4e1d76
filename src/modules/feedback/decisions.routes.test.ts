import { describe, expect, it } from 'vitest';
import { build, signedInBrowsers, textOf } from '../../../test/helpers.ts';
import { addResponses, consultationId, outbox } from './feedback.test-helpers.ts';

describe('decisions: log, themes considered, progress, consideration report', async () => {
  const { app, deps } = await build();
  const as = signedInBrowsers(app);
  const heathway = await consultationId(deps, 'dagenham-heathway-improvements');
  await addResponses(deps, 'dagenham-heathway-improvements', [
    {
      consent: 'do_not_publish',
      email: 'shopper@example.test',
      wantsUpdates: true,
      reasons: 'Crossings near the station',
    },
    { consent: 'do_not_publish', email: 'quiet@example.test', wantsUpdates: false },
  ]);
  const officer = await as('housing@council.example');
  await officer.get(`/staff/consultations/${heathway}/feedback`);
  for (const title of ['Safer crossings', 'More trees']) {
    expect((await officer.post(`/staff/consultations/${heathway}/feedback/themes`, { title })).statusCode).toBe(303);
  }
  const themes = await deps.database.query<{ id: string; title: string }>(
    'SELECT id, title FROM feedback_themes WHERE consultation_id = $1',
    [heathway],
  );
  const crossings = themes.find((t) => t.title === 'Safer crossings')!.id;
  let decisionId = '';

  it('records a decision, with errors for missing and malformed fields', async () => {
    await officer.get('/staff/decisions/new');
    const bad = await officer.post('/staff/decisions/new', {
      title: '',
      makerName: 'Cabinet',
      'decidedOn-day': '31',
      'decidedOn-month': '2',
      'decidedOn-year': '2027',
      decision: 'Agreed',
      reportUrl: 'javascript:alert(1)',
    });
    expect(bad.statusCode).toBe(422);
    const text = textOf(bad.body);
    expect(text).toContain('Enter a title');
    expect(text).toContain('Select who made the decision');
    expect(text).toContain('Date of the decision must be a real date');
    expect(text).toContain('Enter link to the report as a full web address');
    expect(text).toContain('Select at least one consultation the decision drew on');
    expect(bad.body).toContain('href="#decidedOn-day"');

    const parks = await consultationId(deps, 'parks-and-open-spaces-strategy');
    const police = await as('officer@police.example');
    await police.get('/staff/decisions/new');
    const foreign = await police.post('/staff/decisions/new', {
      title: 'Not mine',
      makerKind: 'partner_board',
      makerName: 'Board',
      'decidedOn-day': '1',
      'decidedOn-month': '3',
      'decidedOn-year': '2027',
      decision: 'Agreed',
      consultations: [parks],
    });
    expect(foreign.statusCode).toBe(422);

    const ok = await officer.post('/staff/decisions/new', {
      title: 'Heathway improvements go ahead',
      makerKind: 'cabinet',
      makerName: 'Cabinet',
      'decidedOn-day': '1',
      'decidedOn-month': '3',
      'decidedOn-year': '2027',
      decision: 'Cabinet agreed two new crossings and 40 trees.',
      reportUrl: 'https://council.example/reports/heathway',
      consultations: [heathway],
    });
    expect(ok.statusCode).toBe(303);
    decisionId = ok.headers.location!.split('/').pop()!;
    const told = await outbox(deps, 'decision-published');
    expect(told.map((m) => m.recipient)).toEqual(['shopper@example.test']);
  });

  it('cites themes with how they were considered; the report flags themes never considered', async () => {
    await officer.get(`/staff/decisions/${decisionId}`);
    expect(
      (
        await officer.post(`/staff/decisions/${decisionId}/themes`, {
          [`how-${crossings}`]: 'The report recommends two crossings because people asked for them.',
        })
      ).statusCode,
    ).toBe(303);
    const report = textOf((await officer.get(`/staff/consultations/${heathway}/feedback/consideration`)).body);
    expect(report).toContain('Safer crossings');
    expect(report).toContain('The report recommends two crossings');
    expect(report).toMatch(/More trees .*Never considered/);
    expect(report).toContain('1 theme has not been considered in any decision');
    const police = await as('officer@police.example');
    await police.get(`/staff/decisions/${decisionId}`);
    expect((await police.post(`/staff/decisions/${decisionId}/themes`, { [`how-${crossings}`]: 'x' })).statusCode).toBe(
      403,
    );
  });

  it('adds progress updates, with a reason when not going ahead, shown on the public timeline', async () => {
    await officer.get(`/staff/decisions/${decisionId}`);
    const noReason = await officer.post(`/staff/decisions/${decisionId}/updates`, {
      status: 'not_going_ahead',
      note: '',
      'occurredOn-day': '2',
      'occurredOn-month': '4',
      'occurredOn-year': '2027',
    });
    expect(noReason.statusCode).toBe(422);
    expect(textOf(noReason.body)).toContain('Enter why it is not going ahead');
    const added = await officer.post(`/staff/decisions/${decisionId}/updates`, {
      status: 'in_progress',
      note: 'Work on the first crossing has started.',
      'occurredOn-day': '2',
      'occurredOn-month': '4',
      'occurredOn-year': '2027',
    });
    expect(added.statusCode).toBe(303);
    const page = textOf((await app.inject({ url: '/consultations/dagenham-heathway-improvements' })).body);
    expect(page).toContain('Cabinet (Cabinet) decided on 1 March 2027');
    expect(page).toContain('How it considered “Safer crossings”');
    expect(page).toContain('2 April 2027: In progress. Work on the first crossing has started.');
  });

  it('lists decisions and answers 404 for unknown ones', async () => {
    expect(textOf((await officer.get('/staff/decisions')).body)).toContain('Heathway improvements go ahead');
    expect((await officer.get('/staff/decisions/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await officer.get('/staff/decisions/nope')).statusCode).toBe(404);
  });
});
