import { describe, expect, it } from 'vitest';
import { Browser, build, signedInBrowsers, textOf } from '../../../test/helpers.ts';
import { consultationId, outbox } from './feedback.test-helpers.ts';
import { PRINCIPLES } from './evaluation.ts';

describe('evaluation, right to challenge, results library', async () => {
  const { app, deps } = await build();
  const as = signedInBrowsers(app);
  const parks = await consultationId(deps, 'parks-and-open-spaces-strategy');

  it('asks “How was taking part?” with the questionnaire engine’s validation', async () => {
    const resident = new Browser(app);
    const page = await resident.get('/consultations/parks-and-open-spaces-strategy/how-was-it');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('How easy was it to take part?');
    const empty = await resident.post('/consultations/parks-and-open-spaces-strategy/how-was-it', {
      improve: 'x'.repeat(2001),
    });
    expect(empty.statusCode).toBe(422);
    expect(textOf(empty.body)).toContain('Select an answer to “How easy was it to take part”');
    expect(textOf(empty.body)).toContain('Your answer must be 2000 characters or fewer');
    const wrong = await resident.post('/consultations/parks-and-open-spaces-strategy/how-was-it', {
      ease: "'; DROP TABLE x; --",
    });
    expect(wrong.statusCode).toBe(422);
    const ok = await resident.post('/consultations/parks-and-open-spaces-strategy/how-was-it', {
      ease: 'easy',
      improve: 'Hold a drop-in at the library',
    });
    expect(ok.statusCode).toBe(303);
    expect((await resident.get('/consultations/youth-services-review/how-was-it')).statusCode).toBe(404);
  });

  it('records the lead officer’s evaluation against every principle, and shows the partnership view', async () => {
    const officer = await as('engagement@council.example');
    const page = await officer.get(`/staff/consultations/${parks}/evaluation`);
    expect(textOf(page.body)).toContain('Hold a drop-in at the library');
    const partial = await officer.post(`/staff/consultations/${parks}/evaluation`, { 'rating-timely': 'met' });
    expect(partial.statusCode).toBe(422);
    expect(textOf(partial.body)).toContain('Enter the evidence for timely');
    expect(textOf(partial.body)).toContain('Select how well the engagement was value for money');
    const form: Record<string, string> = { lessons: 'Start earlier with schools.' };
    for (const key of Object.keys(PRINCIPLES)) {
      form[`rating-${key}`] = key === 'inclusive' ? 'partly' : 'met';
      form[`evidence-${key}`] = `Evidence for ${key}`;
    }
    expect((await officer.post(`/staff/consultations/${parks}/evaluation`, form)).statusCode).toBe(303);
    const view = textOf((await officer.get('/staff/evaluations')).body);
    expect(view).toContain('Parks and open spaces strategy');
    expect(view).toMatch(/Inclusive 0 1 0/);
    const police = await as('officer@police.example');
    await police.get(`/staff/consultations/${parks}/evaluation`);
    expect((await police.post(`/staff/consultations/${parks}/evaluation`, form)).statusCode).toBe(403);
  });

  it('takes a challenge, queues it with a deadline, and sends the answer once', async () => {
    const resident = new Browser(app);
    await resident.get('/consultations/parks-and-open-spaces-strategy/challenge');
    const bad = await resident.post('/consultations/parks-and-open-spaces-strategy/challenge', {
      kind: 'rant',
      name: '',
      email: 'x',
      body: '',
    });
    expect(bad.statusCode).toBe(422);
    expect(textOf(bad.body)).toContain('Select whether this is a comment or a complaint');
    const sent = await resident.post('/consultations/parks-and-open-spaces-strategy/challenge', {
      kind: 'complaint',
      name: 'Sam Resident',
      email: 'sam@example.test',
      body: 'The consultation was only online; my mother could not take part.',
    });
    expect(sent.statusCode).toBe(200);
    const reference = /CH-[0-9A-F]{8}/.exec(textOf(sent.body))![0];
    expect((await outbox(deps, 'challenge-received'))[0]).toMatchObject({ recipient: 'sam@example.test' });

    const housing = await as('housing@council.example');
    expect((await housing.get('/staff/challenges')).statusCode).toBe(403);
    const officer = await as('engagement@council.example');
    const queue = await officer.get('/staff/challenges');
    expect(textOf(queue.body)).toContain(reference);
    const id = new RegExp(`/staff/challenges/([0-9a-f-]{36})">${reference}`).exec(queue.body)![1]!;
    await officer.get(`/staff/challenges/${id}`);
    expect((await officer.post(`/staff/challenges/${id}`, { answer: '' })).statusCode).toBe(422);
    expect(
      (await officer.post(`/staff/challenges/${id}`, { answer: 'We will add paper copies and a phone line.' }))
        .statusCode,
    ).toBe(303);
    const again = await officer.post(`/staff/challenges/${id}`, { answer: 'Second answer' });
    expect(again.statusCode).toBe(409);
    const answers = await outbox(deps, 'challenge-answer');
    expect(answers).toHaveLength(1);
    expect(answers[0]!.personalisation.body).toContain('We will add paper copies');
  });

  it('searches the results library by keyword, including what people said and what we did', async () => {
    const all = textOf((await app.inject({ url: '/results' })).body);
    expect(all).toContain('Council Tax Support scheme');
    expect(all).toContain('Parks and open spaces strategy');
    expect(all).not.toContain('Youth services review');
    const carers = textOf((await app.inject({ url: '/results?q=carers%27+band' })).body);
    expect(carers).toContain('Council Tax Support scheme');
    expect(carers).not.toContain('Parks and open spaces strategy');
    const topic = textOf((await app.inject({ url: '/results?topic=council-budget' })).body);
    expect(topic).toMatch(/1 consultation /);
    const junk = await app.inject({ url: '/results?q=%27%3B+DROP+TABLE+consultations%3B--&topic=nope&page=-4' });
    expect(junk.statusCode).toBe(200);
  });

  it('shows the public timeline of the demo decision, and past consultations on a draft’s staff page', async () => {
    const page = textOf((await app.inject({ url: '/consultations/council-tax-support-scheme' })).body);
    expect(page).toContain('You said: Protect unpaid carers');
    expect(page).toContain('We cannot do this: Council Tax levels are set in the budget');
    // The decision follows the consultation: after it closed, and not in the future.
    const decided = /Full Council \(Full Council\) decided on (\d{1,2} \w+ \d{4})/.exec(page)?.[1];
    expect(decided).toBeDefined();
    const [closes] = await deps.database.query<{ closes_at: Date | string }>(
      `SELECT closes_at FROM consultations WHERE slug = 'council-tax-support-scheme'`,
    );
    const decidedAt = new Date(`${decided} 12:00 UTC`);
    expect(decidedAt.getTime()).toBeGreaterThan(new Date(closes!.closes_at).getTime());
    expect(decidedAt.getTime()).toBeLessThanOrEqual(Date.now() + 86_400_000);
    const officer = await as('engagement@council.example');
    const draft = await consultationId(deps, 'youth-services-review');
    const staffPage = await officer.get(`/staff/consultations/${draft}`);
    expect(textOf(staffPage.body)).toContain('Use what we already know');
    const past = /action="\/staff\/consultations\/[0-9a-f-]{36}\/related\/([0-9a-f-]{36})"/.exec(staffPage.body)?.[1];
    expect(past).toBeDefined();
    expect(
      (
        await officer.post(`/staff/consultations/${draft}/related/${past}`, {
          note: 'Same young people; reuse their views.',
        })
      ).statusCode,
    ).toBe(303);
    expect(textOf((await officer.get(`/staff/consultations/${draft}`)).body)).toContain(
      'Same young people; reuse their views.',
    );
    // Not on the same topics or wards: not offered, so no note can be attached to it.
    const heathway = await consultationId(deps, 'dagenham-heathway-improvements');
    expect((await officer.post(`/staff/consultations/${draft}/related/${heathway}`, { note: 'x' })).statusCode).toBe(
      404,
    );
    const police = await as('officer@police.example');
    await police.get('/staff/decisions/new');
    // The token is good (the same token gets a 422 from another form), so the 403 is the policy's.
    expect((await police.post('/staff/decisions/new', {})).statusCode).toBe(422);
    expect((await police.post(`/staff/consultations/${draft}/related/${past}`, { note: 'x' })).statusCode).toBe(403);
  });
});
