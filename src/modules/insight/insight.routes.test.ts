import { describe, expect, it } from 'vitest';
import { build, signedInBrowsers, textOf } from '../../../test/helpers.ts';
import { settleRuns } from './index.ts';

describe('insight: themes, coding, campaigns, who has been heard', async () => {
  const { app, deps } = await build();
  const as = signedInBrowsers(app);
  // The demo seed analyses closed consultations and plants a form letter in one of them.
  const [seeded] = await deps.database.query<{ consultationId: string; slug: string; questionKey: string }>(
    `SELECT r.consultation_id AS "consultationId", c.slug, r.question_key AS "questionKey"
       FROM insight_campaigns ic JOIN insight_runs r ON r.consultation_id = ic.consultation_id
       JOIN consultations c ON c.id = r.consultation_id
      WHERE ic.kind = 'form_letter' AND c.state = 'closed' ORDER BY r.created_at LIMIT 1`,
  );
  const { consultationId, slug, questionKey } = seeded!;
  const base = `/staff/consultations/${consultationId}/insight`;
  const question = `${base}/questions/${questionKey}`;

  it('is seen by the engagement team, and is not found for another organisation or a councillor', async () => {
    const officer = await as('engagement@council.example');
    const page = await officer.get(base);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Written answers');
    for (const email of ['officer@nhs.example', 'councillor@council.example']) {
      const other = await as(email);
      expect((await other.get(base)).statusCode).toBe(404);
      expect((await other.get(question)).statusCode).toBe(404);
      expect((await other.get(`${base}/heard`)).statusCode).toBe(404);
      expect((await other.get(`${base}/campaigns`)).statusCode).toBe(404);
    }
    expect((await officer.get('/staff/consultations/not-a-uuid/insight')).statusCode).toBe(404);
  });

  it('runs an analysis as a job, shows progress until done, then themes with words, counts and quotes', async () => {
    const officer = await as('engagement@council.example');
    await officer.get(question);
    const started = await officer.post(`${question}/runs`, {});
    expect(started.statusCode).toBe(303);
    await settleRuns();
    const progress = await officer.get(`${question}/progress.json`);
    expect(JSON.parse(progress.body)).toMatchObject({ status: 'done', progress: 100 });
    const page = await officer.get(question);
    const text = textOf(page.body);
    expect(text).toContain('Defining words');
    expect(text).toContain('Representative answers');
    expect(text).toContain('tfidf-bigram-spherical-kmeans');
    const [run] = await deps.database.query<{ method_version: string; theme_count: number }>(
      `SELECT method_version, theme_count FROM insight_runs WHERE consultation_id = $1 AND question_key = $2
        ORDER BY created_at DESC LIMIT 1`,
      [consultationId, questionKey],
    );
    expect(run!.method_version).toContain('wink-nlp');
    expect(run!.theme_count).toBeGreaterThan(1);
  });

  it('accepts a suggestion under a new name, merges another into it, and codes answers that a later run leaves alone', async () => {
    const officer = await as('engagement@council.example');
    await officer.get(question);
    const clusters = await deps.database.query<{ id: string }>(
      `SELECT c.id FROM insight_clusters c JOIN insight_runs r ON r.id = c.run_id
        WHERE r.consultation_id = $1 AND r.question_key = $2 AND r.status = 'done'
        ORDER BY r.finished_at DESC, c.position LIMIT 2`,
      [consultationId, questionKey],
    );
    const [first, second] = clusters.map((c) => c.id);
    const empty = await officer.post(`${base}/clusters/${first}/accept`, { into: 'new', title: '  ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('<title>Error:');
    expect(textOf(empty.body)).toContain('Enter a title for the theme');
    const accepted = await officer.post(`${base}/clusters/${first}/accept`, { into: 'new', title: 'Renamed by an officer' });
    expect(accepted.statusCode).toBe(303);
    const [theme] = await deps.database.query<{ id: string }>(
      `SELECT id FROM feedback_themes WHERE consultation_id = $1 AND title = 'Renamed by an officer'`,
      [consultationId],
    );
    expect(theme).toBeDefined();
    await officer.get(question);
    const merged = await officer.post(`${base}/clusters/${second}/accept`, { into: 'existing', themeId: theme!.id });
    expect(merged.statusCode).toBe(303);
    const linked = await deps.database.query<{ theme_id: string }>(
      'SELECT theme_id FROM insight_clusters WHERE id = ANY($1::uuid[])',
      [[first, second]],
    );
    expect(linked.map((l) => l.theme_id)).toEqual([theme!.id, theme!.id]);

    const coding = await officer.get(`${base}/clusters/${first}`);
    expect(coding.statusCode).toBe(200);
    const responseId = /name="responseIds" value="([0-9a-f-]{36})"/.exec(coding.body)![1]!;
    const decided = await officer.post(`${base}/clusters/${first}/answers`, { responseIds: responseId, decision: 'accepted', page: '1' });
    expect(decided.statusCode).toBe(303);
    const codings = await deps.database.query('SELECT 1 FROM feedback_codings WHERE theme_id = $1 AND response_id = $2', [theme!.id, responseId]);
    expect(codings).toHaveLength(1);
    expect(textOf((await officer.get(`${base}/clusters/${first}`)).body)).toContain('Accepted');

    // Another organisation cannot code, even with the right ids.
    const other = await as('officer@nhs.example');
    await other.get('/staff');
    expect((await other.post(`${base}/clusters/${first}/answers`, { responseIds: responseId, decision: 'rejected' })).statusCode).toBe(404);

    await officer.get(question);
    await officer.post(`${question}/runs`, {});
    await settleRuns();
    const [decision] = await deps.database.query<{ decision: string }>(
      'SELECT decision FROM insight_decisions WHERE response_id = $1 AND theme_id = $2',
      [responseId, theme!.id],
    );
    expect(decision!.decision).toBe('accepted');
    expect(await deps.database.query('SELECT 1 FROM feedback_codings WHERE theme_id = $1 AND response_id = $2', [theme!.id, responseId])).toHaveLength(1);
  });

  it('splits a suggested theme in two, for the lead organisation only', async () => {
    const officer = await as('engagement@council.example');
    await officer.get(question);
    const before = await deps.database.query<{ id: string; answer_count: number; run_id: string }>(
      `SELECT c.id, c.answer_count, c.run_id FROM insight_clusters c JOIN insight_runs r ON r.id = c.run_id
        WHERE r.consultation_id = $1 AND r.question_key = $2 AND r.status = 'done'
        ORDER BY r.finished_at DESC, c.answer_count DESC LIMIT 1`,
      [consultationId, questionKey],
    );
    const { id, answer_count: size, run_id: runId } = before[0]!;
    const count = async () =>
      Number((await deps.database.query<{ n: number }>('SELECT count(*)::int AS n FROM insight_clusters WHERE run_id = $1', [runId]))[0]!.n);
    const clustersBefore = await count();
    const other = await as('officer@nhs.example');
    await other.get('/staff');
    expect((await other.post(`${base}/clusters/${id}/split`, {})).statusCode).toBe(404);
    const split = await officer.post(`${base}/clusters/${id}/split`, {});
    expect(split.statusCode).toBe(303);
    expect(await count()).toBe(clustersBefore + 1);
    const parts = await deps.database.query<{ answer_count: number }>(
      'SELECT answer_count FROM insight_clusters WHERE run_id = $1 ORDER BY position DESC LIMIT 2',
      [runId],
    );
    expect(parts.reduce((a, p) => a + p.answer_count, 0)).toBeLessThanOrEqual(size);
    expect(textOf((await officer.get(question)).body)).toContain('Split into:');
  });

  it('shows the form letter as a group with its count; counting it as one voice shows on the public page', async () => {
    const officer = await as('engagement@council.example');
    const page = await officer.get(`${base}/campaigns`);
    expect(textOf(page.body)).toMatch(/Form letter: \d+ responses/);
    const [campaign] = await deps.database.query<{ id: string; member_count: number }>(
      `SELECT id, member_count FROM insight_campaigns WHERE consultation_id = $1 AND kind = 'form_letter' AND current
        ORDER BY member_count DESC LIMIT 1`,
      [consultationId],
    );
    const invalid = await officer.post(`${base}/campaigns/${campaign!.id}`, {});
    expect(invalid.statusCode).toBe(422);
    expect(textOf(invalid.body)).toContain('Select how to count this campaign');
    const saved = await officer.post(`${base}/campaigns/${campaign!.id}`, { counting: 'one' });
    expect(saved.statusCode).toBe(303);
    expect(textOf((await officer.get(`${base}/campaigns`)).body)).toContain('Counted as one voice');
    const publicPage = await app.inject({ method: 'GET', url: `/consultations/${slug}` });
    expect(textOf(publicPage.body)).toContain(`Form letter sent by ${campaign!.member_count} people: counted as one voice`);
    // Nothing deleted.
    const [members] = await deps.database.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM insight_campaign_members m JOIN responses r ON r.id = m.response_id WHERE m.campaign_id = $1',
      [campaign!.id],
    );
    expect(Number(members!.n)).toBe(campaign!.member_count);
    const other = await as('officer@nhs.example');
    await other.get('/staff');
    expect((await other.post(`${base}/campaigns/${campaign!.id}`, { counting: 'many' })).statusCode).toBe(404);
  });

  it('shows who has been heard against the population, and the equality report as HTML and CSV', async () => {
    const officer = await as('engagement@council.example');
    const heard = await officer.get(`${base}/heard`);
    expect(heard.statusCode).toBe(200);
    const text = textOf(heard.body);
    expect(text).toContain('Share of residents');
    expect(text).toContain('Race (ethnic group)');
    // The demo's respondents are not the borough's population: the gaps are named in words.
    expect(text).toMatch(/are (under|over)-represented: (\d+% of responses|fewer than 10 responses|no responses), \d+% of residents/);
    const report = await officer.get(`${base}/equality-report`);
    expect(textOf(report.body)).toContain('Equality evidence report');
    const csv = await officer.get(`${base}/equality-report.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toContain('"Characteristic","Category","Respondents"');
    expect(csv.body).toContain('"Age"');
  });
});
