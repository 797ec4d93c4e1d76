import { describe, expect, it } from 'vitest';
import { build, signedInBrowsers, textOf } from '../../../test/helpers.ts';
import { dueStatus, feedbackDueOn } from './feedback-due.ts';
import { sendFeedbackReminders } from './due.service.ts';
import { outbox } from './feedback.test-helpers.ts';

describe('feedback due dates', () => {
  it('falls due on the London calendar day the chosen weeks after closing', () => {
    const due = feedbackDueOn(new Date('2027-06-30T23:30:00Z'), 6); // already 1 July in London (BST)
    expect(due.toISOString()).toBe('2027-08-12T12:00:00.000Z');
    expect(feedbackDueOn(new Date('2027-01-10T12:00:00Z'), 8).toISOString()).toBe('2027-03-07T12:00:00.000Z');
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
