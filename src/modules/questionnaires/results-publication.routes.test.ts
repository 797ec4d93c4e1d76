/**
 * Publishing results: only reviewers, only once closed, audited; the public results page with
 * small numbers hidden; redaction by those allowed (audited without the text); published
 * responses that respect each respondent's choice.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { build, textOf } from '../../../test/helpers.ts';
import type { Answers } from './questionnaire.types.ts';
import { createRespondable } from './responding.fixtures.ts';
import {
  browsersFrom,
  COMMENTS,
  PLAN,
  POSTCODE,
  resultsDefinition,
  SUPPORT,
  withOptions,
} from './results.test-fixtures.ts';

// "Not sure" as a third answer (hidden beside a small "no"), and a postcode that must never be published.
const DEFINITION = resultsDefinition([
  withOptions(SUPPORT, { value: 'unsure', label: 'Not sure' }),
  COMMENTS,
  POSTCODE,
  PLAN,
]);

const browserFor = browsersFrom('10.44.0');

describe('publishing results', async () => {
  const { app, deps } = await build();
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);

  async function respond(
    questionnaireId: string,
    answers: Answers,
    consent = 'publish_anonymous',
    name?: string,
    type = 'individual',
    org?: string,
  ) {
    const [row] = await q<{ id: string }>(
      `INSERT INTO responses (questionnaire_id, version, reference, idempotency_key, answers, publication_consent,
         respondent_name, respondent_type, organisation_name)
       VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        questionnaireId,
        `SDG-${randomUUID().slice(0, 8)}`,
        randomUUID(),
        JSON.stringify(answers),
        consent,
        name ?? null,
        type,
        org ?? null,
      ],
    );
    return row!.id;
  }

  // Closed: 16 yes, 3 no, 8 not sure, 1 other → "no" is under 10 and "not sure" is hidden beside it.
  const closed = await createRespondable(deps, { definition: DEFINITION, state: 'closed' });
  const named = await respond(
    closed.questionnaireId,
    {
      support: 'yes',
      comments: 'My neighbour John Smith at 4 Elm Road agrees',
      postcode: 'RM9 6XX',
      plan: { '1': 'Call me on 07700 900123', '2': 'Fine' },
    },
    'publish_named',
    'Ada Resident',
  );
  const hidden = await respond(
    closed.questionnaireId,
    { support: 'yes', comments: 'Please keep this private' },
    'do_not_publish',
    'Bo Private',
  );
  await respond(
    closed.questionnaireId,
    { support: 'other', support_other: 'Only on Sundays', comments: 'From our group' },
    'publish_named',
    'Cy Chair',
    'organisation',
    'Friends of the Park',
  );
  for (let i = 0; i < 14; i++) await respond(closed.questionnaireId, { support: 'yes' });
  for (let i = 0; i < 3; i++) await respond(closed.questionnaireId, { support: 'no' });
  for (let i = 0; i < 8; i++) await respond(closed.questionnaireId, { support: 'unsure' });
  const open = await createRespondable(deps, { definition: DEFINITION, state: 'open' });
  const inReview = await createRespondable(deps, { definition: DEFINITION, state: 'in_review' });
  const inReviewResponse = await respond(inReview.questionnaireId, { support: 'yes', comments: 'hello' });

  const signedIn = async (email: string) => {
    const browser = browserFor(app);
    await browser.signIn(email);
    return browser;
  };
  const staff = (c: { consultationId: string }) => `/staff/consultations/${c.consultationId}/results`;
  const audit = (action: string) =>
    q<{ entity_id: string; before: unknown; after: unknown }>(
      'SELECT entity_id, before, after FROM audit_events WHERE action = $1',
      [action],
    );

  it('keeps results private until published', async () => {
    expect((await app.inject(`/consultations/${closed.slug}/results`)).statusCode).toBe(404);
    expect((await app.inject(`/consultations/${closed.slug}/results/responses`)).statusCode).toBe(404);
    expect(textOf((await app.inject(`/consultations/${closed.slug}`)).body)).not.toContain('Read the results');
  });

  it('lets only reviewers publish, and only once the consultation has closed', async () => {
    const housing = await signedIn('housing@council.example');
    expect((await housing.get(`${staff(closed)}/publish`)).statusCode).toBe(403);
    const councillor = await signedIn('councillor@council.example');
    await councillor.get(staff(closed));
    expect((await councillor.post(`${staff(closed)}/publish`, {})).statusCode).toBe(403);
    const officer = await signedIn('engagement@council.example');
    expect((await officer.get(`${staff(open)}/publish`)).statusCode).toBe(403);
    await officer.get(staff(open));
    expect((await officer.post(`${staff(open)}/publish`, {})).statusCode).toBe(403);
    // Another organisation's officer cannot even see an in-review consultation's results.
    const nhs = await signedIn('officer@nhs.example');
    expect((await nhs.get(`${staff(inReview)}/publish`)).statusCode).toBe(404);
    expect((await nhs.get(`${staff(inReview)}/responses/${inReviewResponse}/redact`)).statusCode).toBe(404);
    expect(await audit('questionnaire.results_published')).toHaveLength(0);
  });

  it('redacts a written answer: stored apart from the original, audited without the text', async () => {
    const housing = await signedIn('housing@council.example');
    const url = `${staff(closed)}/responses/${named}/redact`;
    const form = await housing.get(url);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('My neighbour John Smith at 4 Elm Road agrees');
    const tooLong = await housing.post(url, { 'r-comments': 'x'.repeat(10_001) });
    expect(tooLong.statusCode).toBe(422);
    expect(textOf(tooLong.body)).toContain('Published text must be 10,000 characters or fewer');
    const saved = await housing.post(url, {
      'r-comments': 'My neighbour [name removed] at [address removed] agrees',
      'r-plan--0': 'Call me on [phone number removed]',
      'r-plan--1': 'Fine',
    });
    expect(saved.statusCode).toBe(303);
    const [row] = await q<{ answers: Answers; redactions: Record<string, unknown> }>(
      'SELECT answers, redactions FROM responses WHERE id = $1',
      [named],
    );
    expect(row!.answers.comments).toBe('My neighbour John Smith at 4 Elm Road agrees');
    // Same shape as the answer: quoting `redactions[key] ?? answers[key]` works for every type.
    expect(row!.redactions).toEqual({
      comments: 'My neighbour [name removed] at [address removed] agrees',
      plan: { '1': 'Call me on [phone number removed]', '2': 'Fine' },
    });
    const [event] = await audit('response.redacted');
    expect(event!.entity_id).toBe(named);
    expect(JSON.stringify(event)).not.toContain('John Smith');
    expect(JSON.stringify(event!.after)).toContain('comments');
    const view = textOf((await housing.get(`${staff(closed)}/responses/${named}`)).body);
    expect(view).toContain('My neighbour John Smith at 4 Elm Road agrees');
    expect(view).toContain('My neighbour [name removed] at [address removed] agrees');
  });

  it('refuses redaction to staff outside the consultation’s organisation and the reviewers', async () => {
    const nhs = await signedIn('officer@nhs.example');
    const url = `${staff(closed)}/responses/${named}/redact`;
    expect((await nhs.get(url)).statusCode).toBe(403);
    await nhs.get(staff(closed));
    expect((await nhs.post(url, { 'r-comments': 'changed' })).statusCode).toBe(403);
    const other = await createRespondable(deps, { definition: DEFINITION, state: 'closed' });
    const officer = await signedIn('engagement@council.example');
    // A response of another questionnaire through this consultation's URL.
    expect((await officer.get(`${staff(other)}/responses/${named}/redact`)).statusCode).toBe(404);
  });

  it('publishes, audited, with a public page whose small numbers are hidden', async () => {
    const officer = await signedIn('engagement@council.example');
    const confirm = await officer.get(`${staff(closed)}/publish`);
    expect(confirm.statusCode).toBe(200);
    expect(textOf(confirm.body)).toContain(
      '2 with their name and 25 anonymously. 1 respondent asked for their response not to be published.',
    );
    const published = await officer.post(`${staff(closed)}/publish`, {});
    expect(published.statusCode).toBe(303);
    const [event] = await audit('questionnaire.results_published');
    expect(event!.entity_id).toBe(closed.questionnaireId);
    // A second click changes nothing and records nothing.
    await officer.get(staff(closed));
    expect((await officer.post(`${staff(closed)}/publish`, {})).statusCode).toBe(303);
    expect(await audit('questionnaire.results_published')).toHaveLength(1);

    expect(textOf((await app.inject(`/consultations/${closed.slug}`)).body)).toContain('Read the results');
    const page = await app.inject(`/consultations/${closed.slug}/results`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(page.body).toMatch(/id="total">28<\/p>/);
    // 16 yes shown; no (3), not sure (8) and other (1) all hidden, with no percentage to back-calculate from.
    expect(text).toContain(
      'Yes 16 57% No fewer than 10 not shown Not sure fewer than 10 not shown Other fewer than 10 not shown',
    );
    expect(text).toContain('Online 28 100% Paper 0 0% Email 0 0%');
    // No bars drawn for hidden figures.
    expect(page.body).toContain('Do you support the proposal?: bar chart of 28 answers');
    expect((page.body.match(/<rect /g) ?? []).length).toBe(1); // the one chart: only "Yes" has a bar
    expect(text).not.toContain('About you');
  });

  it('shows only responses people agreed to publish, redacted, named only when asked', async () => {
    const page = await app.inject(`/consultations/${closed.slug}/results/responses`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('27 people agreed to have their response published');
    expect(text).toContain('Response 1: Ada Resident');
    expect(text).toContain('My neighbour [name removed] at [address removed] agrees');
    expect(text).toContain('Call me on [phone number removed]');
    expect(text).not.toContain('John Smith');
    expect(text).not.toContain('07700');
    // Postcodes are never published; nor is anything from someone who asked not to be.
    expect(text).not.toContain('RM9 6XX');
    expect(text).not.toContain('Bo Private');
    expect(text).not.toContain('Please keep this private');
    expect(text).toMatch(/Response \d+: Cy Chair \(Friends of the Park\)/);
    expect(text).toContain('Other: Only on Sundays');
    expect(text).toMatch(/Response \d+ Anonymous\./);
    expect(page.body).toContain('?page=2');
    expect((await app.inject(`/consultations/${closed.slug}/results/responses?page=3`)).statusCode).toBe(404);
    expect(hidden).toBeTruthy();
  });

  it('withdraws results from the public pages', async () => {
    const officer = await signedIn('engagement@council.example');
    await officer.get(staff(closed));
    expect((await officer.post(`${staff(closed)}/withdraw`, {})).statusCode).toBe(303);
    expect((await app.inject(`/consultations/${closed.slug}/results`)).statusCode).toBe(404);
    expect(await audit('questionnaire.results_withdrawn')).toHaveLength(1);
  });
});
