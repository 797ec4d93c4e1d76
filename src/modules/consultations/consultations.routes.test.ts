import { describe, expect, it } from 'vitest';
import type { Browser } from '../../../test/helpers.ts';
import { build, signedInBrowsers, textOf } from '../../../test/helpers.ts';
import { consultationsModule } from './index.ts';
import { consultationBySlug, countConsultations, demoIds, validForm } from './consultations.test-helpers.ts';

describe('consultations: staff pages', async () => {
  const { app, deps } = await build({ now: '2027-01-15T10:00:00Z' });
  const ids = await demoIds(deps);
  const housingId = ids.user('housing@council.example');

  const signedIn = signedInBrowsers(app);

  async function createAs(browser: Browser, form: Record<string, string | string[]>) {
    await browser.get('/staff/consultations/new');
    const response = await browser.post('/staff/consultations/new', form);
    expect(response.statusCode, textOf(response.body).slice(0, 2000)).toBe(303);
    return response.headers.location as string;
  }

  describe('the demo seed', () => {
    it('has consultations in every state, with the ones the hub relies on', async () => {
      const rows = await deps.database.query<{ state: string; n: number }>(
        'SELECT state, count(*)::int AS n FROM consultations GROUP BY state',
      );
      const counts = Object.fromEntries(rows.map((r) => [r.state, r.n]));
      expect(counts).toEqual({
        draft: 2,
        in_review: 1,
        scheduled: 2,
        open: 4,
        closed: 2,
        feedback_published: 1,
        archived: 1,
      });
      const abbey = await deps.database.query(
        `SELECT c.slug FROM consultations c JOIN consultation_wards w ON w.consultation_id = c.id
         WHERE w.ward_code = 'E05014053' AND 'transport-and-streets' = ANY(c.topics) AND c.state = 'open'`,
      );
      expect(abbey.length).toBeGreaterThan(0);
      const boroughWide = await deps.database.query(
        `SELECT 1 FROM consultations WHERE borough_wide AND state = 'open'`,
      );
      expect(boroughWide.length).toBeGreaterThan(0);
    });

    it('stores a passing standards check for every consultation past draft, and loads only once', async () => {
      const failing = await deps.database.query(
        `SELECT c.slug FROM consultations c WHERE c.state <> 'draft' AND NOT EXISTS
           (SELECT 1 FROM standards_checks s WHERE s.consultation_id = c.id AND s.outcome = 'pass')`,
      );
      expect(failing).toEqual([]);
      const before = await countConsultations(deps);
      await consultationsModule.seed!(deps);
      expect(await countConsultations(deps)).toBe(before);
    });
  });

  describe('staff home and list', () => {
    it('puts consultations waiting for review first for engagement officers', async () => {
      const browser = await signedIn('engagement@council.example');
      const page = textOf((await browser.get('/staff')).body);
      expect(page).toContain('Create a consultation');
      expect(page.indexOf('Waiting for review')).toBeLessThan(page.indexOf('Open ('));
      expect(page).toContain('Library opening hours');
    });

    it('shows councillors only public consultations, without a create button', async () => {
      const browser = await signedIn('councillor@council.example');
      const page = textOf((await browser.get('/staff')).body);
      expect(page).not.toContain('Create a consultation');
      expect(page).not.toContain('Youth services review');
      expect(page).toContain('Parking in Barking town centre');
    });

    it('shows partner officers their own organisation’s work', async () => {
      const browser = await signedIn('officer@nhs.example');
      const page = textOf((await browser.get('/staff')).body);
      expect(page).toContain('Urgent treatment centre');
      expect(page).not.toContain('Youth services review');
    });

    it('filters the list by state and organisation, and ignores unknown filter values', async () => {
      const browser = await signedIn('engagement@council.example');
      const open = textOf((await browser.get('/staff/consultations?state=open')).body);
      expect(open).toContain('4 consultations found');
      const nhs = textOf((await browser.get(`/staff/consultations?organisation=${ids.org('nhs-nel')}`)).body);
      expect(nhs).toContain('1 consultation found');
      const junk = await browser.get('/staff/consultations?state=%3Cscript%3E&page=-4');
      expect(junk.statusCode).toBe(200);
      expect(textOf(junk.body)).toContain('13 consultations found');
    });

    it('sends people who are not signed in to sign in', async () => {
      const response = await app.inject({ method: 'GET', url: '/staff/consultations' });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toContain('/sign-in');
    });
  });

  describe('creating a consultation', () => {
    it('stores a valid draft with its partners and wards, audited, and escapes script tags', async () => {
      const browser = await signedIn('housing@council.example');
      const location = await createAs(
        browser,
        validForm(housingId, {
          title: 'Lighting <script>alert(1)</script>',
          partnerOrganisationIds: [ids.org('nhs-nel')],
          wards: ['E05014053', 'E05014054'],
        }),
      );
      const id = location.split('/').pop()!;
      const [row] = await deps.database.query<{
        title: string;
        state: string;
        slug: string;
        opens_at: Date;
        lead_organisation_id: string;
      }>('SELECT title, state, slug, opens_at, lead_organisation_id FROM consultations WHERE id = $1', [id]);
      expect(row!.title).toBe('Lighting <script>alert(1)</script>');
      expect(row!.state).toBe('draft');
      expect(row!.slug).toMatch(/^lighting-script-alert-1-script-[0-9a-f]{6}$/);
      expect(row!.lead_organisation_id).toBe(ids.org('bd-council'));
      expect(new Date(row!.opens_at).toISOString()).toBe('2027-03-01T09:00:00.000Z');
      const wards = await deps.database.query('SELECT ward_code FROM consultation_wards WHERE consultation_id = $1', [
        id,
      ]);
      expect(wards.length).toBe(2);
      const partners = await deps.database.query(
        'SELECT organisation_id FROM consultation_partners WHERE consultation_id = $1',
        [id],
      );
      expect(partners.length).toBe(1);
      const audit = await deps.database.query(
        `SELECT 1 FROM audit_events WHERE action = 'consultation.created' AND entity_id = $1`,
        [id],
      );
      expect(audit.length).toBe(1);
      const page = await browser.get(location);
      expect(page.body).not.toContain('<script>alert(1)</script>');
      expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    });

    it('reads opening times in London time during British Summer Time', async () => {
      const browser = await signedIn('housing@council.example');
      const location = await createAs(
        browser,
        validForm(housingId, {
          title: 'Summer opening',
          'opensAt-month': '4',
          'opensAt-day': '5',
          'closesAt-month': '7',
          'closesAt-day': '5',
        }),
      );
      const [row] = await deps.database.query<{ opens_at: Date }>('SELECT opens_at FROM consultations WHERE id = $1', [
        location.split('/').pop(),
      ]);
      expect(new Date(row!.opens_at).toISOString()).toBe('2027-04-05T08:00:00.000Z');
    });

    const bad: [string, Record<string, string | string[]>, string, string][] = [
      ['an empty title', { title: '  ' }, 'Enter a title', '#title'],
      ['a title too long', { title: 'x'.repeat(121) }, 'Title must be 120 characters or fewer', '#title'],
      ['a summary too long', { summary: 'x'.repeat(601) }, 'Summary must be 600 characters or fewer', '#summary'],
      [
        'an impossible date',
        { 'opensAt-day': '31', 'opensAt-month': '2' },
        'Opening date must be a real date',
        '#opensAt-day',
      ],
      [
        'a date missing its year',
        { 'decisionDate-year': '' },
        'Expected decision date must include a year',
        '#decisionDate-day',
      ],
      ['letters in a date', { 'closesAt-day': 'ab' }, 'Closing date must be a real date', '#closesAt-day'],
      [
        'closing before opening',
        { 'closesAt-month': '2' },
        'Closing date must be after the opening date',
        '#closesAt-day',
      ],
      ['a time not offered', { opensAtTime: '25:00' }, 'Select the opening time from the list', '#opensAt-day'],
      [
        'an unknown topic',
        { topics: ['transport-and-streets', 'space-travel'] },
        'Select topics from the list',
        '#topics',
      ],
      ['an unknown ward', { wards: ['E05999999'] }, 'Select wards from the list', '#wards'],
      ['an unknown audience', { audiences: ['martians'] }, 'Select audiences from the list', '#audiences'],
      [
        'an unknown ladder rung',
        { ladderRung: 'dictate' },
        'Select how much influence people will have',
        '#ladderRung',
      ],
      [
        'an unknown partner',
        { partnerOrganisationIds: ['00000000-0000-0000-0000-000000000000'] },
        'Select partner organisations from the list',
        '#partnerOrganisationIds',
      ],
      [
        'borough-wide and wards together',
        { boroughWide: 'yes' },
        'Select either the whole borough or the wards affected, not both',
        '#wards',
      ],
    ];
    for (const [name, overrides, message, href] of bad) {
      it(`refuses ${name}, keeps the answers and stores nothing`, async () => {
        const browser = await signedIn('housing@council.example');
        await browser.get('/staff/consultations/new');
        const before = await countConsultations(deps);
        const response = await browser.post(
          '/staff/consultations/new',
          validForm(housingId, { ...overrides, summary: overrides.summary ?? 'Kept summary text' }),
        );
        expect(response.statusCode).toBe(422);
        expect(response.body).toContain('<title>Error: Create a consultation');
        expect(textOf(response.body)).toContain(message);
        expect(response.body).toContain(`href="${href}"`);
        if (!overrides.summary) expect(response.body).toContain('Kept summary text');
        expect(await countConsultations(deps)).toBe(before);
      });
    }

    it('refuses another organisation’s officer as lead officer, or another lead organisation', async () => {
      const browser = await signedIn('housing@council.example');
      await browser.get('/staff/consultations/new');
      const officer = await browser.post('/staff/consultations/new', validForm(ids.user('officer@nhs.example')));
      expect(officer.statusCode).toBe(422);
      expect(textOf(officer.body)).toContain('Select a lead officer who works for the lead organisation');
      const org = await browser.post(
        '/staff/consultations/new',
        validForm(housingId, { leadOrganisationId: ids.org('nhs-nel') }),
      );
      expect(org.statusCode).toBe(422);
      expect(textOf(org.body)).toContain('You can only create consultations for your own organisation');
    });

    it('lets an engagement officer create for a partner with that partner’s officer', async () => {
      const browser = await signedIn('engagement@council.example');
      const location = await createAs(
        browser,
        validForm(ids.user('officer@police.example'), {
          title: 'Police contact points',
          leadOrganisationId: ids.org('met-police-bd'),
        }),
      );
      const [row] = await deps.database.query<{ lead_organisation_id: string }>(
        'SELECT lead_organisation_id FROM consultations WHERE id = $1',
        [location.split('/').pop()],
      );
      expect(row!.lead_organisation_id).toBe(ids.org('met-police-bd'));
    });

    it('refuses the form without a CSRF token and does not let councillors create', async () => {
      const browser = await signedIn('housing@council.example');
      await browser.get('/staff/consultations/new');
      const noToken = await browser.post('/staff/consultations/new', validForm(housingId), { csrf: null });
      expect(noToken.statusCode).toBe(403);
      const councillor = await signedIn('councillor@council.example');
      expect((await councillor.get('/staff/consultations/new')).statusCode).toBe(403);
    });
  });

  describe('editing and access to other organisations’ records', () => {
    it('saves changes to a draft, audited with before and after', async () => {
      const browser = await signedIn('housing@council.example');
      const location = await createAs(browser, validForm(housingId, { title: 'Before the edit' }));
      const form = await browser.get(`${location}/edit`);
      expect(form.body).toContain('value="Before the edit"');
      expect(form.body).toContain('value="24"');
      const saved = await browser.post(
        `${location}/edit`,
        validForm(housingId, { title: 'After the edit', wards: [], boroughWide: 'yes' }),
      );
      expect(saved.statusCode).toBe(303);
      const id = location.split('/').pop();
      const [row] = await deps.database.query<{ title: string; borough_wide: boolean }>(
        'SELECT title, borough_wide FROM consultations WHERE id = $1',
        [id],
      );
      expect(row).toEqual({ title: 'After the edit', borough_wide: true });
      const [audit] = await deps.database.query<{ before: { title: string }; after: { title: string } }>(
        `SELECT before, after FROM audit_events WHERE action = 'consultation.updated' AND entity_id = $1`,
        [id],
      );
      expect(audit!.before.title).toBe('Before the edit');
      expect(audit!.after.title).toBe('After the edit');
    });

    it('hides a council draft from the NHS partner officer and councillors (404), and 404s nonsense ids', async () => {
      const draft = await consultationBySlug(deps, 'youth-services-review');
      const nhs = await signedIn('officer@nhs.example');
      for (const url of [
        `/staff/consultations/${draft.id}`,
        `/staff/consultations/${draft.id}/edit`,
        `/staff/consultations/${draft.id}/standards`,
        `/staff/consultations/${draft.id}/documents`,
      ]) {
        expect((await nhs.get(url)).statusCode, url).toBe(404);
      }
      await nhs.get('/staff');
      expect((await nhs.post(`/staff/consultations/${draft.id}/edit`, validForm(housingId))).statusCode).toBe(404);
      expect((await nhs.post(`/staff/consultations/${draft.id}/submit`, {})).statusCode).toBe(404);
      const councillor = await signedIn('councillor@council.example');
      expect((await councillor.get(`/staff/consultations/${draft.id}`)).statusCode).toBe(404);
      expect((await councillor.get('/staff/consultations/not-a-uuid')).statusCode).toBe(404);
    });

    it('lets the council see a partner-led draft it partners on', async () => {
      const cvsDraft = await consultationBySlug(deps, 'community-grants-2027');
      const housing = await signedIn('housing@council.example');
      const page = await housing.get(`/staff/consultations/${cvsDraft.id}`);
      expect(page.statusCode).toBe(200);
      expect(textOf(page.body)).not.toContain('Submit for review');
      expect((await housing.get(`/staff/consultations/${cvsDraft.id}/edit`)).statusCode).toBe(403);
    });

    it('refuses to edit once in review, and refuses councillors editing a public consultation', async () => {
      const inReview = await consultationBySlug(deps, 'library-opening-hours');
      const housing = await signedIn('housing@council.example');
      expect((await housing.get(`/staff/consultations/${inReview.id}/edit`)).statusCode).toBe(403);
      await housing.get('/staff');
      expect((await housing.post(`/staff/consultations/${inReview.id}/edit`, validForm(housingId))).statusCode).toBe(
        403,
      );
      const open = await consultationBySlug(deps, 'barking-town-centre-parking');
      const councillor = await signedIn('councillor@council.example');
      expect((await councillor.get(`/staff/consultations/${open.id}`)).statusCode).toBe(200);
      expect((await councillor.get(`/staff/consultations/${open.id}/edit`)).statusCode).toBe(403);
      await councillor.get('/staff');
      expect((await councillor.post(`/staff/consultations/${open.id}/close`, { reason: 'No' })).statusCode).toBe(403);
    });
  });
});
