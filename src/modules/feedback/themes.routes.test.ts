import { describe, expect, it } from 'vitest';
import { build, signedInBrowsers, textOf } from '../../../test/helpers.ts';
import { addResponses, consultationId, outbox } from './feedback.test-helpers.ts';

describe('you said, we did: themes, coding, publishing', async () => {
  const { app, deps } = await build();
  const as = signedInBrowsers(app);
  const parks = await consultationId(deps, 'parks-and-open-spaces-strategy');
  const [named, anonymous, privateOne] = await addResponses(deps, 'parks-and-open-spaces-strategy', [
    {
      consent: 'publish_named',
      name: 'Ada Park',
      email: 'ada@example.test',
      wantsUpdates: true,
      reasons: 'We need more benches near the lake.',
    },
    { consent: 'publish_anonymous', reasons: 'Benches please, and toilets.', channel: 'paper' },
    {
      consent: 'do_not_publish',
      email: 'private@example.test',
      wantsUpdates: true,
      reasons: 'My neighbour at number 4 keeps the bench to himself.',
    },
  ]);
  const base = `/staff/consultations/${parks}/feedback`;
  let themeId = '';

  it('adds a theme, with GOV.UK errors for bad input', async () => {
    const officer = await as('engagement@council.example');
    await officer.get(base);
    const empty = await officer.post(`${base}/themes`, { title: '   ', description: '' });
    expect(empty.statusCode).toBe(422);
    expect(textOf(empty.body)).toContain('Enter the theme');
    expect(empty.body).toContain('<title>Error:');
    const long = await officer.post(`${base}/themes`, { title: 'x'.repeat(121) });
    expect(textOf(long.body)).toContain('Theme must be 120 characters or fewer');
    const added = await officer.post(`${base}/themes`, {
      title: 'More benches <script>alert(1)</script>',
      description: '',
    });
    expect(added.statusCode).toBe(303);
    const [row] = await deps.database.query<{ id: string; title: string }>(
      'SELECT id, title FROM feedback_themes WHERE consultation_id = $1',
      [parks],
    );
    themeId = row!.id;
    const page = await officer.get(base);
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(textOf(page.body)).toContain('Needs an answer');
  });

  it('codes responses to themes; quotes only from people who allowed publication', async () => {
    const officer = await as('engagement@council.example');
    const list = await officer.get(`${base}/responses`);
    expect(textOf(list.body)).toContain('We need more benches near the lake.');
    expect(textOf(list.body)).toContain('Must not be quoted');
    for (const id of [named!, anonymous!]) {
      const coded = await officer.post(`${base}/responses/${id}`, { themes: [themeId], quoteKey: 'agree_reasons' });
      expect(coded.statusCode).toBe(303);
    }
    const refused = await officer.post(`${base}/responses/${privateOne}`, {
      themes: [themeId],
      quoteKey: 'agree_reasons',
    });
    expect(refused.statusCode).toBe(422);
    expect(textOf(refused.body)).toContain('did not agree to publication');
    expect(
      (await officer.post(`${base}/responses/${privateOne}`, { themes: [themeId], quoteKey: '' })).statusCode,
    ).toBe(303);
    const foreign = await officer.post(`${base}/responses/${privateOne}`, {
      themes: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(foreign.statusCode).toBe(422);
    expect(textOf((await officer.get(base)).body)).toMatch(/More benches .* 3 /);
  });

  it('refuses writes to officers of other organisations, and hides drafts of other organisations', async () => {
    const police = await as('officer@police.example');
    const page = await police.get(base);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Add theme');
    await police.get(base);
    expect((await police.post(`${base}/themes`, { title: 'Sneaky' })).statusCode).toBe(403);
    const draft = await consultationId(deps, 'youth-services-review');
    expect((await police.get(`/staff/consultations/${draft}/feedback`)).statusCode).toBe(404);
    expect((await police.get(`/staff/consultations/not-a-uuid/feedback`)).statusCode).toBe(404);
    const housing = await as('housing@council.example');
    expect((await housing.get(`${base}/publish`)).statusCode).toBe(403);
  });

  it('blocks publishing while a theme has no answer', async () => {
    const officer = await as('engagement@council.example');
    await officer.get(`${base}/publish`);
    const blocked = await officer.post(`${base}/publish`, { summary: '3 people responded.' });
    expect(blocked.statusCode).toBe(422);
    expect(textOf(blocked.body)).toContain('Enter what we did, or why we cannot, for “More benches');
    const [c] = await deps.database.query<{ state: string }>('SELECT state FROM consultations WHERE id = $1', [parks]);
    expect(c!.state).toBe('closed');
  });

  it('answers the theme, publishes, shows it publicly and tells respondents who asked', async () => {
    const officer = await as('engagement@council.example');
    await officer.get(`${base}/themes/${themeId}`);
    const missing = await officer.post(`${base}/themes/${themeId}`, {
      title: 'More benches',
      responseKind: 'cannot',
      responseText: '',
    });
    expect(missing.statusCode).toBe(422);
    expect(textOf(missing.body)).toContain('Enter why we cannot do this');
    expect(
      (
        await officer.post(`${base}/themes/${themeId}`, {
          title: 'More benches',
          responseKind: 'we_will',
          responseText: 'We will put 40 new benches in the five largest parks.',
        })
      ).statusCode,
    ).toBe(303);
    await officer.get(`${base}/publish`);
    const published = await officer.post(`${base}/publish`, {
      summary: 'Three people told us they want more benches.',
    });
    expect(published.statusCode).toBe(303);

    const page = textOf((await app.inject({ url: '/consultations/parks-and-open-spaces-strategy' })).body);
    expect(page).toContain('We asked, you said, we did');
    expect(page).toMatch(/We asked .*To what extent do you agree with the proposal\?/);
    expect(page).toContain('You said: More benches');
    expect(page).toContain('Raised by 3 people');
    expect(page).toContain('We need more benches near the lake.');
    expect(page).toContain('Ada Park, response');
    expect(page).toContain('Benches please, and toilets.');
    expect(page).not.toContain('My neighbour at number 4');
    expect(page).toContain('We will do this: We will put 40 new benches');
    expect(page).toMatch(/Paper 1 33%/);
    expect(page).toContain('What we did: published');

    const told = await outbox(deps, 'feedback-published');
    expect(told.map((m) => m.recipient).sort()).toEqual(['ada@example.test', 'private@example.test']);
    // Running the announcement job again tells nobody twice.
    const { runAnnouncements } = await import('../channels/index.ts');
    await runAnnouncements(deps);
    expect(await outbox(deps, 'feedback-published')).toHaveLength(2);
  });
});
