import { describe, expect, it } from 'vitest';
import type { Browser } from '../../../test/helpers.ts';
import { build, signedInBrowsers, textOf } from '../../../test/helpers.ts';
import { loadCurrentUser } from '../accounts/index.ts';
import { systemActor } from '../../deps.ts';
import { publishFeedback, TICK_JOB, tickConsultations } from './index.ts';
import { consultationBySlug, demoIds, validForm } from './consultations.test-helpers.ts';

describe('consultation lifecycle', async () => {
  const { app, deps, clock } = await build({ now: '2027-01-15T10:00:00Z' });
  const ids = await demoIds(deps);
  const housingId = ids.user('housing@council.example');

  const signedInBrowser = signedInBrowsers(app);
  // Each use starts from a fresh page, so the browser holds a current CSRF token.
  async function signedIn(email: string) {
    const browser = await signedInBrowser(email);
    await browser.get('/staff');
    return browser;
  }

  const stateOf = async (id: string) =>
    (await deps.database.query<{ state: string }>('SELECT state FROM consultations WHERE id = $1', [id]))[0]!.state;

  async function draft(email: string, form: Record<string, string | string[]>) {
    const browser = await signedIn(email);
    await browser.get('/staff/consultations/new');
    const response = await browser.post('/staff/consultations/new', form);
    expect(response.statusCode).toBe(303);
    return (response.headers.location as string).split('/').pop()!;
  }

  async function justifyAll(browser: Browser, id: string, text = 'Acceptable for this one.') {
    const page = await browser.get(`/staff/consultations/${id}/standards`);
    const keys = [...page.body.matchAll(/name="justification\.([^"]+)"/g)].map((m) => m[1]!);
    return browser.post(
      `/staff/consultations/${id}/standards`,
      Object.fromEntries(keys.map((k) => [`justification.${k}`, text])),
    );
  }

  it('refuses to submit until the standards check passes, then submits with a transition and audit event', async () => {
    const housing = await signedIn('housing@council.example');
    const id = await draft('housing@council.example', {
      title: 'Half-written idea',
      ladderRung: 'consult',
      leadOfficerId: housingId,
    });
    await housing.get(`/staff/consultations/${id}`);
    const blocked = await housing.post(`/staff/consultations/${id}/submit`, {});
    expect(blocked.statusCode).toBe(422);
    expect(textOf(blocked.body)).toContain('The standards check has not passed');
    expect(await stateOf(id)).toBe('draft');
    const stored = await deps.database.query<{ outcome: string }>(
      'SELECT outcome FROM standards_checks WHERE consultation_id = $1',
      [id],
    );
    expect(stored.map((s) => s.outcome)).toEqual(['blocked']);

    // Fill everything in; the only warning left is "no documents", which needs a justification.
    await housing.get(`/staff/consultations/${id}/edit`);
    expect((await housing.post(`/staff/consultations/${id}/edit`, validForm(housingId))).statusCode).toBe(303);
    await housing.get(`/staff/consultations/${id}`);
    expect((await housing.post(`/staff/consultations/${id}/submit`, {})).statusCode).toBe(422);
    const checkPage = textOf((await housing.get(`/staff/consultations/${id}/standards`)).body);
    expect(checkPage).toContain('Supporting documents are attached');
    expect(checkPage).toContain('Warnings to justify');
    const saved = await justifyAll(housing, id, 'The proposal is short and fully described on the page.');
    expect(saved.statusCode).toBe(303);
    const justification = await deps.database.query(
      'SELECT justification FROM standards_justifications WHERE consultation_id = $1',
      [id],
    );
    expect(justification).toEqual([{ justification: 'The proposal is short and fully described on the page.' }]);

    await housing.get(`/staff/consultations/${id}`);
    const submitted = await housing.post(`/staff/consultations/${id}/submit`, {});
    expect(submitted.statusCode).toBe(303);
    expect(await stateOf(id)).toBe('in_review');
    const transitions = await deps.database.query(
      'SELECT from_state, to_state, actor_id FROM consultation_transitions WHERE consultation_id = $1',
      [id],
    );
    expect(transitions).toEqual([{ from_state: 'draft', to_state: 'in_review', actor_id: housingId }]);
    const audit = await deps.database.query(
      `SELECT 1 FROM audit_events WHERE action = 'consultation.submit' AND entity_id = $1`,
      [id],
    );
    expect(audit.length).toBe(1);
    // Officers cannot review their own organisation's work.
    expect((await housing.post(`/staff/consultations/${id}/approve`, {})).statusCode).toBe(403);
  });

  it('returns a consultation to draft only with a written reason', async () => {
    const review = await consultationBySlug(deps, 'library-opening-hours');
    const engagement = await signedIn('engagement@council.example');
    const form = await engagement.get(`/staff/consultations/${review.id}/return`);
    expect(textOf(form.body)).toContain('Return to draft');
    const empty = await engagement.post(`/staff/consultations/${review.id}/return`, { reason: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(textOf(empty.body)).toContain('Enter a reason');
    expect(await stateOf(review.id)).toBe('in_review');
    const done = await engagement.post(`/staff/consultations/${review.id}/return`, {
      reason: 'Add the Saturday options <b>please</b>',
    });
    expect(done.statusCode).toBe(303);
    expect(await stateOf(review.id)).toBe('draft');
    const [t] = await deps.database.query<{ reason: string }>(
      `SELECT reason FROM consultation_transitions WHERE consultation_id = $1 AND to_state = 'draft'`,
      [review.id],
    );
    expect(t!.reason).toBe('Add the Saturday options <b>please</b>');
    const page = await engagement.get(`/staff/consultations/${review.id}`);
    expect(page.body).toContain('Add the Saturday options &lt;b&gt;please&lt;/b&gt;');
  });

  it('applies the four-eyes rule: the submitter cannot approve, another reviewer can', async () => {
    const engagement = await signedIn('engagement@council.example');
    const id = await draft(
      'engagement@council.example',
      validForm(ids.user('engagement@council.example'), {
        title: 'Four eyes',
        leadOrganisationId: ids.org('bd-council'),
      }),
    );
    const justified = await justifyAll(engagement, id);
    expect(justified.statusCode, textOf(justified.body).slice(0, 1500)).toBe(303);
    await engagement.get(`/staff/consultations/${id}`);
    const submitted = await engagement.post(`/staff/consultations/${id}/submit`, {});
    expect(submitted.statusCode, textOf(submitted.body).slice(0, 3000)).toBe(303);
    const own = await engagement.post(`/staff/consultations/${id}/approve`, {});
    expect(own.statusCode).toBe(422);
    expect(textOf(own.body)).toContain('You submitted this consultation');
    expect(await stateOf(id)).toBe('in_review');
    const admin = await signedIn('admin@council.example');
    await admin.get(`/staff/consultations/${id}`);
    expect((await admin.post(`/staff/consultations/${id}/approve`, {})).statusCode).toBe(303);
    expect(await stateOf(id)).toBe('scheduled');
  });

  it('approves straight to open when the opening time has passed', async () => {
    const housing = await signedIn('housing@council.example');
    const id = await draft(
      'housing@council.example',
      validForm(housingId, {
        title: 'Already open',
        'opensAt-day': '10',
        'opensAt-month': '1',
        'closesAt-month': '4',
        'closesAt-day': '10',
        'decisionDate-month': '6',
      }),
    );
    await justifyAll(housing, id);
    await housing.get(`/staff/consultations/${id}`);
    expect((await housing.post(`/staff/consultations/${id}/submit`, {})).statusCode).toBe(303);
    const engagement = await signedIn('engagement@council.example');
    expect((await engagement.post(`/staff/consultations/${id}/approve`, {})).statusCode).toBe(303);
    expect(await stateOf(id)).toBe('open');
  });

  it('closes early with a reason, reopens only with a reason and a future closing date', async () => {
    const open = await consultationBySlug(deps, 'food-waste-collections');
    const engagement = await signedIn('engagement@council.example');
    expect((await engagement.post(`/staff/consultations/${open.id}/close`, { reason: '' })).statusCode).toBe(422);
    expect(
      (await engagement.post(`/staff/consultations/${open.id}/close`, { reason: 'Law changed; proposal withdrawn' }))
        .statusCode,
    ).toBe(303);
    expect(await stateOf(open.id)).toBe('closed');

    const noReason = await engagement.post(`/staff/consultations/${open.id}/reopen`, {
      reason: '',
      'closesAt-day': '1',
      'closesAt-month': '3',
      'closesAt-year': '2027',
      closesAtTime: '23:59',
    });
    expect(noReason.statusCode).toBe(422);
    expect(textOf(noReason.body)).toContain('Enter a reason');
    const past = await engagement.post(`/staff/consultations/${open.id}/reopen`, {
      reason: 'More time',
      'closesAt-day': '1',
      'closesAt-month': '1',
      'closesAt-year': '2027',
      closesAtTime: '23:59',
    });
    expect(past.statusCode).toBe(422);
    expect(textOf(past.body)).toContain('New closing date must be in the future');
    expect(past.body).toContain('href="#closesAt-day"');
    const done = await engagement.post(`/staff/consultations/${open.id}/reopen`, {
      reason: 'More time',
      'closesAt-day': '1',
      'closesAt-month': '3',
      'closesAt-year': '2027',
      closesAtTime: '23:59',
    });
    expect(done.statusCode).toBe(303);
    const [row] = await deps.database.query<{ state: string; closes_at: Date }>(
      'SELECT state, closes_at FROM consultations WHERE id = $1',
      [open.id],
    );
    expect(row!.state).toBe('open');
    expect(new Date(row!.closes_at).toISOString()).toBe('2027-03-01T23:59:00.000Z');
  });

  it('leaves publishing feedback to the feedback module, then archives', async () => {
    const closed = await consultationBySlug(deps, 'parks-and-open-spaces-strategy');
    const engagement = await signedIn('engagement@council.example');
    // The feedback module publishes (it checks every theme has an answer first); this module's own route is gone.
    expect(textOf((await engagement.get(`/staff/consultations/${closed.id}`)).body)).not.toContain('Publish feedback');
    expect((await engagement.post(`/staff/consultations/${closed.id}/publish-feedback`, {})).statusCode).toBe(404);
    const { user } = ids;
    const officer = await loadCurrentUser(deps, user('engagement@council.example'), 1, 'a-session-id');
    const published = await publishFeedback(
      deps,
      systemActor,
      officer!,
      closed.id,
      'You said more toilets; we will add four.',
    );
    expect(published.ok).toBe(true);
    expect(await stateOf(closed.id)).toBe('feedback_published');
    expect((await engagement.post(`/staff/consultations/${closed.id}/archive`, {})).statusCode).toBe(303);
    expect(await stateOf(closed.id)).toBe('archived');
    // An action that does not fit the state is refused.
    expect((await engagement.post(`/staff/consultations/${closed.id}/archive`, {})).statusCode).toBe(403);
  });

  it('withdraws a scheduled consultation to draft with a reason; the lead organisation may too', async () => {
    const scheduled = await consultationBySlug(deps, 'becontree-centenary-public-spaces');
    const housing = await signedIn('housing@council.example');
    const page = textOf((await housing.get(`/staff/consultations/${scheduled.id}`)).body);
    expect(page).toContain('Withdraw to draft');
    expect((await housing.post(`/staff/consultations/${scheduled.id}/withdraw`, { reason: '' })).statusCode).toBe(422);
    expect(
      (await housing.post(`/staff/consultations/${scheduled.id}/withdraw`, { reason: 'Budget not yet confirmed' }))
        .statusCode,
    ).toBe(303);
    expect(await stateOf(scheduled.id)).toBe('draft');
    const police = await signedIn('officer@police.example');
    expect((await police.get(`/staff/consultations/${scheduled.id}`)).statusCode).toBe(404);
  });

  it('lets only one of two identical approvals through', async () => {
    const housing = await signedIn('housing@council.example');
    const id = await draft('housing@council.example', validForm(housingId, { title: 'Double click' }));
    await justifyAll(housing, id);
    await housing.get(`/staff/consultations/${id}`);
    expect((await housing.post(`/staff/consultations/${id}/submit`, {})).statusCode).toBe(303);
    const admin = await signedIn('admin@council.example');
    await admin.get(`/staff/consultations/${id}`);
    const results = await Promise.all([
      admin.post(`/staff/consultations/${id}/approve`, {}),
      admin.post(`/staff/consultations/${id}/approve`, {}),
    ]);
    // The loser is refused either before (403: no longer in review) or inside its transaction (422: changed meanwhile).
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes[0]).toBe(303);
    expect([403, 422]).toContain(codes[1]);
    const transitions = await deps.database.query(
      `SELECT 1 FROM consultation_transitions WHERE consultation_id = $1 AND to_state = 'scheduled'`,
      [id],
    );
    expect(transitions.length).toBe(1);
  });

  it('opens scheduled consultations and closes open ones on time, once', async () => {
    const scheduled = await consultationBySlug(deps, 'safer-neighbourhood-priorities');
    const open = await consultationBySlug(deps, 'barking-urgent-treatment-centre');
    const [times] = await deps.database
      .query<{ opens_at: Date; closes_at: Date }>('SELECT opens_at FROM consultations WHERE id = $1', [scheduled.id])
      .then(async (r) => [
        {
          opens_at: r[0]!.opens_at,
          closes_at: (
            await deps.database.query<{ closes_at: Date }>('SELECT closes_at FROM consultations WHERE id = $1', [
              open.id,
            ])
          )[0]!.closes_at,
        },
      ]);
    const jobs = deps.jobs as typeof deps.jobs & { drain(): Promise<void> };

    clock.set(new Date(new Date(times!.opens_at).getTime() - 60_000));
    await jobs.drain();
    expect(await stateOf(scheduled.id)).toBe('scheduled');

    clock.set(times!.opens_at);
    await jobs.drain();
    expect(await stateOf(scheduled.id)).toBe('open');
    expect(await stateOf(open.id)).toBe('open');

    clock.set(new Date(new Date(times!.closes_at).getTime() + 1));
    await jobs.drain();
    await jobs.drain();
    expect(await stateOf(open.id)).toBe('closed');
    const transitions = await deps.database.query<{ to_state: string; actor_id: string | null }>(
      `SELECT to_state, actor_id FROM consultation_transitions WHERE consultation_id = $1 AND reason = 'Scheduled' AND occurred_at >= $2`,
      [open.id, new Date(times!.opens_at).toISOString()],
    );
    expect(transitions).toEqual([{ to_state: 'closed', actor_id: null }]);
    const audit = await deps.database.query<{ actor_label: string }>(
      `SELECT actor_label FROM audit_events WHERE action = 'consultation.closed' AND entity_id = $1`,
      [open.id],
    );
    expect(audit).toEqual([{ actor_label: 'Soundings (scheduled job)' }]);
    expect(TICK_JOB).toBe('consultations-tick');
    expect(await tickConsultations(deps)).toEqual({ opened: [], closed: [] });
  });
});
