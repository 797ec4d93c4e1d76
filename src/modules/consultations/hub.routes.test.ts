import { describe, expect, it } from 'vitest';
import { textOf } from '../../../test/helpers.ts';
import {
  ABBEY,
  BEAM,
  VILLAGE,
  addConsultation,
  buildHub,
  consultationDocuments,
  standardsChecks,
  standardsJustifications,
} from './hub.fixtures.ts';

describe('the public consultation hub', async () => {
  const { app, deps, council, nhs, officer } = await buildHub({ now: '2027-01-15T12:00:00Z' });
  const day = 86_400_000;
  const now = deps.clock.now().getTime();

  const libraries = await addConsultation(deps, council.id, {
    slug: 'library-opening-hours',
    title: 'Library opening hours',
    summary: 'Changing when our libraries open.',
    proposal: 'We propose to open Barking library on Sundays.\n\nAnd close earlier on Mondays.',
    background: 'Fewer people visit on Monday evenings.',
    whatCanChange: 'Which days change.',
    whatCannotChange: 'The total budget.',
    howResponsesUsed: 'A report to Cabinet.',
    decisionMaker: 'Cabinet',
    decisionDate: '2027-04-20',
    ladderRung: 'involve',
    topics: ['culture-and-leisure'],
    closesAt: new Date('2027-03-01T23:59:00Z'),
    offlineResponse: 'Ask for a paper form at any library.',
    contactDetails: 'Phone 020 8215 3000',
    leadOfficerId: officer.id,
    wards: [ABBEY, BEAM],
    partners: [nhs.id],
  });
  await addConsultation(deps, council.id, {
    title: 'Parking permits in Village',
    topics: ['transport-and-streets'],
    wards: [VILLAGE],
    closesAt: new Date(now + 3 * day),
  });
  await addConsultation(deps, nhs.id, {
    title: 'GP surgery merger',
    topics: ['health-and-wellbeing'],
    boroughWide: true,
    closesAt: new Date(now + 10 * day),
  });
  await addConsultation(deps, council.id, { slug: 'secret-draft', title: 'Secret draft plans', state: 'draft' });
  await addConsultation(deps, council.id, { slug: 'in-review-plan', title: 'Plan under review', state: 'in_review' });
  await addConsultation(deps, council.id, {
    slug: 'new-park',
    title: 'A new park for Beam',
    state: 'scheduled',
    wards: [BEAM],
    opensAt: new Date(now + 20 * day),
    closesAt: new Date(now + 100 * day),
  });
  await addConsultation(deps, council.id, {
    slug: 'bin-collections',
    title: 'Bin collections',
    state: 'closed',
    topics: ['waste-and-recycling'],
    opensAt: new Date(now - 90 * day),
    closesAt: new Date('2027-01-10T17:00:00Z'),
  });
  await addConsultation(deps, council.id, {
    slug: 'youth-centre',
    title: 'Youth centre',
    state: 'feedback_published',
    opensAt: new Date(now - 200 * day),
    closesAt: new Date(now - 100 * day),
    feedbackSummary: 'You said more evening sessions. We did add two evenings.',
  });
  await deps.db.insert(consultationDocuments).values({
    consultationId: libraries.id,
    title: 'Full proposal',
    filename: 'proposal v2.pdf',
    contentType: 'application/pdf',
    sizeBytes: Math.round(1.2 * 1024 * 1024),
    storageKey: 'k1',
  });
  await deps.db.insert(standardsChecks).values({
    consultationId: libraries.id,
    outcome: 'warnings',
    results: [
      {
        key: 'duration',
        principle: 'adequate-time',
        title: 'The consultation is open for at least 12 weeks',
        status: 'warning',
        message: '6 weeks',
        justification: 'The library contract ends in April.',
      },
      { key: 'purpose', principle: 'clear-purpose', title: 'The purpose is clear', status: 'pass', message: 'ok' },
      {
        key: 'plain',
        principle: 'plain-english',
        title: 'The summary is in plain English',
        status: 'pass',
        message: 'ok',
      },
      {
        key: 'equalities',
        principle: 'equalities-liaison',
        title: 'An equalities liaison is named',
        status: 'warning',
        message: 'none',
      },
    ],
  });
  await deps.db
    .insert(standardsJustifications)
    .values({
      consultationId: libraries.id,
      checkKey: 'equalities',
      justification: 'Covered by the library service review.',
    });

  describe('home page', () => {
    it('explains Soundings, counts consultations and lists those closing soonest', async () => {
      const response = await app.inject({ url: '/' });
      expect(response.statusCode).toBe(200);
      const text = textOf(response.body);
      expect(text).toContain('Have your say');
      expect(text).toContain('the council and its partners in Barking and Dagenham ask residents');
      expect(text).toContain('3 open consultations');
      expect(text).toContain('1 forthcoming');
      expect(text).toContain('2 closed');
      expect(response.body).toContain('action="/consultations"');
      const closing = text.slice(text.indexOf('Closing soon'));
      expect(closing.indexOf('Parking permits in Village')).toBeLessThan(closing.indexOf('GP surgery merger'));
      expect(closing.indexOf('GP surgery merger')).toBeLessThan(closing.indexOf('Library opening hours'));
      expect(text).toContain('A new park for Beam');
      expect(response.body).toContain(`href="/consultations?ward=${ABBEY}"`);
      expect(response.body).toContain('href="/consultations?topic=housing"');
      expect(text).not.toContain('Secret draft plans');
    });
  });

  describe('finding a consultation', () => {
    it('lists open consultations by default, closing soonest first, with status, dates and organisation', async () => {
      const response = await app.inject({ url: '/consultations' });
      expect(response.statusCode).toBe(200);
      const text = textOf(response.body);
      expect(text).toContain('3 open consultations');
      expect(text).toContain('Closes 1 March 2027 at 11:59pm');
      expect(text).toContain('Run by Test NHS Trust');
      expect(text.indexOf('Parking permits')).toBeLessThan(text.indexOf('Library opening hours'));
      expect(response.body).toMatch(/govuk-tag--green[^>]*>\s*Open/);
      expect(text).not.toContain('Secret draft plans');
      expect(text).not.toContain('Plan under review');
      expect(text).not.toContain('Clear filters');
    });

    it('shows forthcoming and closed consultations with their status in words', async () => {
      const forthcoming = textOf((await app.inject({ url: '/consultations?status=forthcoming' })).body);
      expect(forthcoming).toContain('1 forthcoming consultation');
      expect(forthcoming).toContain('Forthcoming');
      expect(forthcoming).toContain('A new park for Beam');
      const closed = textOf((await app.inject({ url: '/consultations?status=closed' })).body);
      expect(closed).toContain('2 closed consultations');
      expect(closed).toContain('Closed: feedback published');
      expect(closed).toContain('Closed 10 January 2027 at 5:00pm');
      expect(closed.indexOf('Bin collections')).toBeLessThan(closed.indexOf('Youth centre'));
    });

    it('searches the text, ranked, and shows the active filter with a way to clear it', async () => {
      const response = await app.inject({ url: '/consultations?q=library+sundays' });
      const text = textOf(response.body);
      expect(text).toContain('1 open consultation');
      expect(text).toContain('Library opening hours');
      expect(text).toContain('Containing “library sundays”');
      expect(response.body).toContain('href="/consultations">Clear filters');
      const none = textOf((await app.inject({ url: '/consultations?q=zebra+crossing' })).body);
      expect(none).toContain('0 open consultations');
      expect(none).toContain('There are no open consultations that match your search');
    });

    it('filters by ward, including borough-wide consultations', async () => {
      const text = textOf((await app.inject({ url: `/consultations?ward=${VILLAGE}` })).body);
      expect(text).toContain('2 open consultations');
      expect(text).toContain('Parking permits in Village');
      expect(text).toContain('GP surgery merger');
      expect(text).toContain('Ward: Village');
    });

    it('filters by topic and by lead or partner organisation', async () => {
      const topic = textOf((await app.inject({ url: '/consultations?topic=transport-and-streets' })).body);
      expect(topic).toContain('1 open consultation');
      expect(topic).toContain('Topic: Transport, roads and streets');
      const nhsLedOrPartnered = textOf((await app.inject({ url: '/consultations?organisation=test-nhs' })).body);
      expect(nhsLedOrPartnered).toContain('2 open consultations');
      expect(nhsLedOrPartnered).toContain('GP surgery merger');
      expect(nhsLedOrPartnered).toContain('Library opening hours');
      expect(nhsLedOrPartnered).toContain('Organisation: Test NHS Trust');
    });

    it('ignores unknown or malformed filters rather than failing, and never reflects input unescaped', async () => {
      for (const url of [
        '/consultations?ward=E99999999&topic=astrology&organisation=nobody&page=abc&status=weird',
        '/consultations?page=-4&ward[]=x&topic=%3Cscript%3E',
        '/consultations?ward=a&ward=b&page=1e9',
      ]) {
        const response = await app.inject({ url });
        expect(response.statusCode, url).toBe(200);
        expect(textOf(response.body)).toContain('3 open consultations');
        expect(response.body).not.toContain('<script>');
      }
      const xss = await app.inject({ url: '/consultations?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E' });
      expect(xss.statusCode).toBe(200);
      expect(xss.body).not.toContain('<script>alert(1)');
      expect(xss.body).toContain('&lt;script&gt;alert(1)');
      const sql = await app.inject({ url: '/consultations?q=%27%3B+DROP+TABLE+consultations%3B+--' });
      expect(sql.statusCode).toBe(200);
      const punctuation = await app.inject({ url: '/consultations?q=%21%21%21' });
      expect(textOf(punctuation.body)).toContain('3 open consultations');
    });

    it('reports a keyword that is too long and still shows results', async () => {
      const response = await app.inject({ url: `/consultations?q=${'a'.repeat(201)}` });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('<title>Error: Find a consultation');
      expect(response.body).toContain('href="#q"');
      expect(textOf(response.body)).toContain('Search terms must be 200 characters or fewer');
      expect(textOf(response.body)).toContain('3 open consultations');
    });
  });

  describe('the consultation page', () => {
    it('shows the proposal, dates, how to take part, who is consulting and how much residents can influence it', async () => {
      const response = await app.inject({ url: '/consultations/library-opening-hours' });
      expect(response.statusCode).toBe(200);
      const text = textOf(response.body);
      expect(response.body).toContain('<title>Library opening hours – Have your say – Your council</title>');
      expect(response.body.match(/<h1/g)).toHaveLength(1);
      expect(text).toContain('Closes 1 March 2027 at 11:59pm');
      expect(text).toContain('Expected decision 20 April 2027 by Cabinet');
      expect(text).toContain('Feedback due by 12 April 2027');
      expect(text).toContain('You can respond on paper or by phone');
      expect(text).toContain('Ask for a paper form at any library.');
      expect(text).toContain('Phone 020 8215 3000');
      expect(text).toContain('What we are proposing We propose to open Barking library on Sundays.');
      expect(text).toContain('What cannot change The total budget.');
      expect(text).toContain('Test Borough Council Lead officer: Olu Officer');
      expect(text).toContain('With: Test NHS Trust');
      expect(text).toContain('Involve. We are working with you while we develop options');
      expect(text).toContain('Culture, libraries and leisure');
    });

    it('lists the wards in text beside an accessible map highlighting them', async () => {
      const response = await app.inject({ url: '/consultations/library-opening-hours' });
      const text = textOf(response.body);
      expect(text).toContain('These wards: Abbey Beam');
      expect(response.body).toContain('role="img"');
      expect(response.body).toContain('Map highlighting the wards: Abbey, Beam');
      expect(response.body.match(/app-ward-map__ward--selected/g)).toHaveLength(2);
      const boroughWide = await app.inject({ url: '/consultations/consultation-3' });
      expect(textOf(boroughWide.body)).toContain('All of Barking and Dagenham (borough-wide)');
      expect(boroughWide.body.match(/app-ward-map__ward--selected/g)).toHaveLength(19);
    });

    it('links documents with their type and size, and summarises the standards check', async () => {
      const response = await app.inject({ url: '/consultations/library-opening-hours' });
      const text = textOf(response.body);
      expect(response.body).toMatch(
        /href="\/consultations\/library-opening-hours\/documents\/[0-9a-f-]{36}\/proposal%20v2\.pdf"/,
      );
      expect(text).toContain('Full proposal (PDF, 1.2 MB)');
      expect(text).toContain('Checked against the consultation principles: 2 passed, 2 explained');
      expect(text).toContain('Why: The library contract ends in April.');
      expect(text).toContain('Why: Covered by the library service review.');
    });

    it('tells residents when a forthcoming consultation opens', async () => {
      const text = textOf((await app.inject({ url: '/consultations/new-park' })).body);
      expect(text).toContain('Forthcoming');
      expect(text).toContain('This consultation has not opened yet. It opens on 4 February 2027 at midday.');
    });

    it('says when a closed consultation closed and when feedback is due', async () => {
      const text = textOf((await app.inject({ url: '/consultations/bin-collections' })).body);
      expect(text).toContain('This consultation closed on 10 January 2027 at 5:00pm');
      expect(text).toContain('by 21 February 2027');
    });

    it('shows the published feedback', async () => {
      const text = textOf((await app.inject({ url: '/consultations/youth-centre' })).body);
      expect(text).toContain('Closed: feedback published');
      expect(text).toContain('You said more evening sessions. We did add two evenings.');
    });

    it('never shows drafts or consultations in review, nor unknown slugs', async () => {
      for (const slug of ['secret-draft', 'in-review-plan', 'no-such-thing', 'UPPER%20case']) {
        const response = await app.inject({ url: `/consultations/${slug}` });
        expect(response.statusCode, slug).toBe(404);
        expect(response.body).not.toContain('Secret draft plans');
      }
    });
  });

  describe('cookies and accessibility', () => {
    it('explains the one essential cookie', async () => {
      const response = await app.inject({ url: '/cookies' });
      expect(response.statusCode).toBe(200);
      const text = textOf(response.body);
      expect(text).toContain('soundings_session');
      expect(text).toContain('We do not use analytics cookies');
      expect(text).toContain('Expires After 8 hours');
    });

    it('publishes an accessibility statement in the GOV.UK model', async () => {
      const response = await app.inject({ url: '/accessibility' });
      expect(response.statusCode).toBe(200);
      const text = textOf(response.body);
      expect(text).toContain('Web Content Accessibility Guidelines version 2.2');
      expect(text).toContain('Equality Advisory and Support Service (EASS)');
      expect(text).toContain('axe accessibility engine in the Chromium browser');
      expect(text).toContain('320 pixels');
      expect(text).toMatch(/This statement was prepared on \d{1,2} \w+ \d{4}/);
    });
  });
});
