import { describe, expect, it } from 'vitest';
import { Browser, build, textOf } from './helpers.ts';

describe('links between a consultation and its questionnaire', async () => {
  const { app, deps } = await build();
  const [open] = await deps.database.query<{ id: string; slug: string }>(
    `SELECT c.id, c.slug FROM consultations c JOIN questionnaires q ON q.owner_id = c.id
      WHERE c.state = 'open' AND NOT q.private ORDER BY c.slug LIMIT 1`,
  );
  const [draft] = await deps.database.query<{ id: string; slug: string }>(
    `SELECT id, slug FROM consultations WHERE state = 'draft' ORDER BY slug LIMIT 1`,
  );

  it('invites residents to respond online, or on paper, from an open consultation', async () => {
    const page = await app.inject({ url: `/consultations/${open!.slug}` });
    expect(page.body).toContain(`href="/consultations/${open!.slug}/respond"`);
    expect(textOf(page.body)).toContain('Respond online');
    expect(page.body).toContain(`href="/consultations/${open!.slug}/questionnaire/print"`);
    const start = await app.inject({ url: `/consultations/${open!.slug}/respond` });
    expect(start.statusCode).toBe(200);
  });

  it('takes staff from a consultation to its questionnaire builder', async () => {
    const browser = new Browser(app);
    await browser.signIn('engagement@council.example');
    const withQuestionnaire = await browser.get(`/staff/consultations/${open!.id}`);
    expect(withQuestionnaire.body).toContain(`href="/staff/consultations/${open!.id}/questionnaire"`);
    const withoutQuestionnaire = await browser.get(`/staff/consultations/${draft!.id}`);
    expect(textOf(withoutQuestionnaire.body)).toContain('Create a questionnaire');
  });
});
