import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Browser, build, signedInBrowsers, textOf } from '../../../test/helpers.ts';
import { formatDate } from '../../web/format.ts';
import { feedbackDueDate } from '../consultations/index.ts';
import { dueStatus } from './feedback-due.ts';
import { sendFeedbackReminders } from './due.service.ts';
import { outbox } from './feedback.test-helpers.ts';

describe('feedback due dates', () => {
  it('falls due on the London calendar day the chosen weeks after closing', () => {
    const due = feedbackDueDate(new Date('2027-06-30T23:30:00Z'), 6); // already 1 July in London (BST)
    expect(due.toISOString()).toBe('2027-08-12T12:00:00.000Z');
    expect(feedbackDueDate(new Date('2027-01-10T12:00:00Z'), 8).toISOString()).toBe('2027-03-07T12:00:00.000Z');
  });
  it('is due soon within 14 days and overdue once the day has passed', () => {
    const due = new Date('2027-05-09T12:00:00Z');
    expect(dueStatus(due, new Date('2027-04-20T12:00:00Z'))).toBe('due');
    expect(dueStatus(due, new Date('2027-04-26T12:00:00Z'))).toBe('due-soon');
    expect(dueStatus(due, new Date('2027-05-09T22:00:00Z'))).toBe('due-soon');
    expect(dueStatus(due, new Date('2027-05-10T00:30:00Z'))).toBe('overdue');
  });
});

describe('the feedback due page and reminders', async () => {
  const { app, deps, clock } = await build();
  const as = signedInBrowsers(app);

  it('shows overdue feedback on time as the clock moves, per organisation', async () => {
    const officer = await as('engagement@council.example');
    const now = textOf((await officer.get('/staff/feedback-due')).body);
    expect(now).toContain('Barking and Dagenham Council');
    expect(now).toContain('Parks and open spaces strategy');
    expect(now).not.toContain('Overdue');
    clock.advance(40 * 86_400_000);
    const later = textOf((await officer.get('/staff/feedback-due')).body);
    expect(later).toMatch(/Parks and open spaces strategy .* Overdue/);
  });

  it('sends the lead officer one reminder when due soon and one when overdue', async () => {
    await sendFeedbackReminders(deps);
    await sendFeedbackReminders(deps);
    const reminders = await outbox(deps, 'feedback-reminder');
    const parks = reminders.filter((m) => m.personalisation.title === 'Parks and open spaces strategy');
    expect(parks).toHaveLength(1);
    expect(parks[0]).toMatchObject({ recipient: 'engagement@council.example' });
    expect(parks[0]!.personalisation.subject).toBe('Feedback overdue: Parks and open spaces strategy');
  });

  it('lets reviewers change an organisation’s weeks, and no one else', async () => {
    const officer = await as('engagement@council.example');
    await officer.get('/staff/feedback-due');
    const bad = await officer.post('/staff/feedback-due/weeks', { organisation: '', weeks: 'six' });
    expect(bad.statusCode).toBe(422);
    expect(textOf(bad.body)).toContain('Weeks must be a whole number, like 6');
    const [org] = await deps.database.query<{ id: string }>(`SELECT id FROM organisations WHERE slug = 'bd-council'`);
    expect((await officer.post('/staff/feedback-due/weeks', { organisation: org!.id, weeks: '12' })).statusCode).toBe(
      303,
    );
    expect(textOf((await officer.get('/staff/feedback-due')).body)).toContain('Barking and Dagenham Council: 12 weeks');
    const housing = await as('housing@council.example');
    const own = textOf((await housing.get('/staff/feedback-due')).body);
    expect(own).not.toContain('Weeks between closing and feedback');
    await housing.get('/staff/feedback-due');
    expect((await housing.post('/staff/feedback-due/weeks', { organisation: org!.id, weeks: '1' })).statusCode).toBe(
      403,
    );
  });
});

describe('one feedback promise per organisation', async () => {
  const { app, deps } = await build();
  const as = signedInBrowsers(app);
  const slug = 'parks-and-open-spaces-strategy';
  const [parks] = await deps.database.query<{ closes_at: Date | string; organisation_id: string }>(
    `SELECT closes_at, lead_organisation_id AS organisation_id FROM consultations WHERE slug = $1`,
    [slug],
  );
  const closesAt = new Date(parks!.closes_at);
  const due = (weeks: number) => formatDate(feedbackDueDate(closesAt, weeks));

  it('shows residents and staff the same date once the lead organisation changes its weeks', async () => {
    const resident = new Browser(app);
    const before = textOf((await resident.get(`/consultations/${slug}`)).body);
    expect(before).toContain(`Feedback due by ${due(6)}`);

    const officer = await as('engagement@council.example');
    await officer.get('/staff/feedback-due');
    const saved = await officer.post('/staff/feedback-due/weeks', { organisation: parks!.organisation_id, weeks: '8' });
    expect(saved.statusCode).toBe(303);

    // Eight weeks is two weeks later than six, on the London calendar.
    const eight = feedbackDueDate(closesAt, 8);
    expect(eight.getTime() - feedbackDueDate(closesAt, 6).getTime()).toBe(14 * 86_400_000);
    const page = (await resident.get(`/consultations/${slug}`)).body;
    expect(textOf(page)).toContain(`Feedback due by ${due(8)}`);
    expect(textOf(page)).toContain(`We will publish what we heard and what we decided by ${due(8)}.`);
    expect(textOf(page)).not.toContain(due(6));

    const staffList = textOf((await officer.get('/staff/feedback-due')).body);
    expect(staffList).toMatch(new RegExp(`Parks and open spaces strategy ${formatDate(closesAt)} ${due(8)} `));
    expect(staffList).toContain('Barking and Dagenham Council: 8 weeks');

    const [audit] = await deps.database.query<{ before: unknown; after: unknown }>(
      `SELECT before, after FROM audit_events WHERE action = 'feedback.weeks-set' AND entity_id = $1`,
      [parks!.organisation_id],
    );
    expect(audit).toMatchObject({ before: { weeks: 6 }, after: { weeks: 8 } });
  });

  it('keeps the weeks on the organisation within the form’s range', async () => {
    await expect(
      deps.database.query(`UPDATE organisations SET feedback_weeks = 27 WHERE id = $1`, [parks!.organisation_id]),
    ).rejects.toThrow();
  });

  it('migration 0021 carries feedback_settings over and is safe to run again', async () => {
    const script = fs.readFileSync(
      path.join(import.meta.dirname, '../../db/migrations/0021_organisation_feedback_weeks.sql'),
      'utf8',
    );
    // The table as 0020 made it, holding a value set before the move.
    await deps.database.exec(`CREATE TABLE feedback_settings (
      organisation_id uuid PRIMARY KEY REFERENCES organisations(id),
      feedback_weeks integer NOT NULL CHECK (feedback_weeks BETWEEN 1 AND 26),
      updated_at timestamptz NOT NULL DEFAULT now());
      INSERT INTO feedback_settings (organisation_id, feedback_weeks) VALUES ('${parks!.organisation_id}', 10);`);
    await deps.database.exec(script);
    await deps.database.exec(script);
    const [row] = await deps.database.query<{ feedback_weeks: number }>(
      `SELECT feedback_weeks FROM organisations WHERE id = $1`,
      [parks!.organisation_id],
    );
    expect(row!.feedback_weeks).toBe(10);
    const [others] = await deps.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM organisations WHERE id <> $1 AND feedback_weeks <> 6`,
      [parks!.organisation_id],
    );
    expect(others!.n).toBe(0);
    const [table] = await deps.database.query<{ t: string | null }>(
      `SELECT to_regclass('feedback_settings')::text AS t`,
    );
    expect(table!.t).toBeNull();
  });
});
