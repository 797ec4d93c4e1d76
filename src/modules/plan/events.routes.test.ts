import ICAL from 'ical.js';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { Browser, build, signedInBrowsers, textOf } from '../../../test/helpers.ts';
import { fromLondon } from '../../web/format.ts';
import { REMINDERS_JOB } from './index.ts';
import { planModule } from './index.ts';

describe('the engagement diary', async () => {
  const { app, deps, clock } = await build({ now: '2027-03-01T10:00:00Z' });
  const as = signedInBrowsers(app);
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);
  const eventId = async (title: string) =>
    (await q<{ id: string }>(`SELECT id FROM plan_events WHERE title = $1`, [title]))[0]!.id;
  const registrations = (id: string) =>
    q<{ name: string; email: string; status: string; answers: Record<string, unknown>; reference: string }>(
      `SELECT name, email, status, answers, reference FROM plan_registrations WHERE event_id = $1 ORDER BY created_at, id`,
      [id],
    );
  const outbox = (template: string) =>
    q<{ recipient: string; personalisation: { body: string; subject: string } }>(
      `SELECT recipient, personalisation FROM outbox_messages WHERE template = $1 ORDER BY created_at`,
      [template],
    );

  /** A resident's browser from its own address: registration is rate limited per address. */
  let lastOctet = 0;
  const residentBrowser = () => {
    const remoteAddress = `10.50.${Math.floor(++lastOctet / 250)}.${lastOctet % 250}`;
    return new Browser({
      inject: (options: object) => app.inject({ ...options, remoteAddress }),
    } as unknown as FastifyInstance);
  };

  /** Creates an event as the council's service officer; returns its id. */
  async function newEvent(fields: Record<string, string> = {}) {
    const officer = await as('housing@council.example');
    await officer.get('/staff/events/new');
    const response = await officer.post('/staff/events/new', {
      title: 'Test drop-in',
      kind: 'drop-in',
      'date-day': '14',
      'date-month': '4',
      'date-year': '2027',
      startTime: '10:00',
      endTime: '12:00',
      venueName: 'Town Hall',
      venueAddress: '1 Town Square',
      stepFree: 'yes',
      capacity: '2',
      ...fields,
    });
    expect(response.statusCode).toBe(303);
    return response.headers.location!.split('/').pop()!;
  }

  async function registerAs(id: string, name: string, email: string, extra: Record<string, string | string[]> = {}) {
    const resident = residentBrowser();
    const page = await resident.get(`/events/${id}/register`);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(page.body)![1]!;
    const response = await resident.post(`/events/${id}/register`, { idempotencyKey: key, name, email, ...extra });
    return { resident, response, key };
  }

  it('lists upcoming events with places left, and shows an event’s access information', async () => {
    const list = textOf((await app.inject({ url: '/events' })).body);
    expect(list).toContain('Housing forum: repairs and damp');
    expect(list).toContain('1 place left');
    expect(list).toContain('Full: waiting list');
    const id = await eventId('Housing forum: repairs and damp');
    const page = textOf((await app.inject({ url: `/events/${id}` })).body);
    expect(page).toContain('Step-free access Yes');
    expect(page).toContain('Lift to all floors. Hearing loop.');
    expect(page).toContain('1 of 12 places left');
    expect(page).toContain('Register for this event');
  });

  it('registers a resident with access needs, confirms on screen and by email with a cancel link', async () => {
    const id = await newEvent({ title: 'Access needs drop-in', capacity: '5' });
    const { resident, response } = await registerAs(id, 'Ada Resident', 'Ada@Example.com', {
      access_needs: ['step_free', 'bsl'],
      access_details: 'I use a wheelchair',
    });
    expect(response.statusCode).toBe(303);
    const confirmation = textOf((await resident.get(response.headers.location!)).body);
    expect(confirmation).toContain('You are registered');
    const [row] = await registrations(id);
    expect(row).toMatchObject({ name: 'Ada Resident', email: 'ada@example.com', status: 'confirmed' });
    expect(row!.answers.access_needs).toEqual(['step_free', 'bsl']);
    expect(row!.answers.access_details).toBe('I use a wheelchair');
    expect(confirmation).toContain(row!.reference);
    const [message] = (await outbox('event-registration-confirmed')).filter((m) => m.recipient === 'ada@example.com');
    expect(message!.personalisation.body).toContain(
      'Step-free access or a wheelchair space; A British Sign Language interpreter',
    );
    expect(message!.personalisation.body).toMatch(/\/events\/cancel\/[\w-]{40,}/);

    const officer = await as('housing@council.example');
    const list = textOf((await officer.get(`/staff/events/${id}/registrations`)).body);
    expect(list).toContain(
      'Ada Resident ada@example.com Step-free access or a wheelchair space; A British Sign Language interpreter; I use a wheelchair',
    );
  });

  it('refuses bad input with GOV.UK messages, keeping what was typed, storing nothing', async () => {
    const id = await newEvent({ title: 'Bad input drop-in' });
    const { response } = await registerAs(id, '<script>alert(1)</script>', 'not-an-email', { access_needs: 'made-up' });
    expect(response.statusCode).toBe(422);
    const text = textOf(response.body);
    expect(text).toContain('There is a problem');
    expect(text).toContain('Enter an email address in the correct format, like name@example.com');
    expect(text).toContain('Select only the options shown');
    expect(response.body).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(response.body).not.toContain('<script>alert(1)');
    expect(await registrations(id)).toEqual([]);
    const empty = await registerAs(id, '', '');
    expect(textOf(empty.response.body)).toContain('Enter an answer to “Your name”');
  });

  it('creates exactly one registration for a refresh and for parallel identical requests', async () => {
    const id = await newEvent({ title: 'Exactly once', capacity: '10' });
    const resident = residentBrowser();
    const page = await resident.get(`/events/${id}/register`);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(page.body)![1]!;
    const form = { idempotencyKey: key, name: 'Bo Resident', email: 'bo@example.com' };
    const responses = await Promise.all(Array.from({ length: 8 }, () => resident.post(`/events/${id}/register`, form)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(8).fill(303));
    expect(new Set(responses.map((r) => r.headers.location)).size).toBe(1);
    expect(await registrations(id)).toHaveLength(1);
    expect((await outbox('event-registration-confirmed')).filter((m) => m.recipient === 'bo@example.com')).toHaveLength(
      1,
    );
    // A second form (new key) with the same email is told they already have a place.
    const again = await registerAs(id, 'Bo Resident', 'BO@example.com');
    expect(again.response.statusCode).toBe(409);
    expect(textOf(again.response.body)).toContain('You have already registered');
  });

  it('never exceeds capacity under concurrency: the rest join the waiting list in order', async () => {
    const id = await newEvent({ title: 'Concurrency', capacity: '3' });
    const pages = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const resident = residentBrowser();
        const page = await resident.get(`/events/${id}/register`);
        return { resident, key: /name="idempotencyKey" value="([^"]+)"/.exec(page.body)![1]!, i };
      }),
    );
    const responses = await Promise.all(
      pages.map(({ resident, key, i }) =>
        resident.post(`/events/${id}/register`, {
          idempotencyKey: key,
          name: `Person ${i}`,
          email: `p${i}@example.com`,
        }),
      ),
    );
    expect(responses.every((r) => r.statusCode === 303)).toBe(true);
    const rows = await registrations(id);
    expect(rows).toHaveLength(10);
    expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(3);
    expect(rows.filter((r) => r.status === 'waiting')).toHaveLength(7);
    const waitingPage = textOf((await app.inject({ url: `/events/${id}` })).body);
    expect(waitingPage).toContain('Full: 7 on the waiting list');
    expect(waitingPage).toContain('Join the waiting list');
  });

  it('cancels by a single-use link and offers the place to the longest-waiting person', async () => {
    const id = await newEvent({ title: 'Cancel and promote', capacity: '1' });
    await registerAs(id, 'First Person', 'first@example.com');
    clock.advance(1000);
    const second = await registerAs(id, 'Second Person', 'second@example.com');
    clock.advance(1000);
    await registerAs(id, 'Third Person', 'third@example.com');
    const waitingPage = textOf((await second.resident.get(second.response.headers.location!)).body);
    expect(waitingPage).toContain('You are number 1 on the list');

    const [confirmation] = (await outbox('event-registration-confirmed')).filter(
      (m) => m.recipient === 'first@example.com',
    );
    const link = /\/events\/cancel\/[\w-]+/.exec(confirmation!.personalisation.body)![0];
    const resident = residentBrowser();
    const confirmPage = await resident.get(link);
    expect(textOf(confirmPage.body)).toContain('Cancel your place');
    const cancelled = await resident.post(link, {});
    expect(cancelled.statusCode).toBe(200);
    expect(textOf(cancelled.body)).toContain('Your place has been cancelled');

    const rows = await registrations(id);
    expect(rows.map((r) => [r.name, r.status])).toEqual([
      ['First Person', 'cancelled'],
      ['Second Person', 'confirmed'],
      ['Third Person', 'waiting'],
    ]);
    const [offer] = await outbox('event-place-offered');
    expect(offer!.recipient).toBe('second@example.com');
    expect(offer!.personalisation.subject).toBe('A place is now free for you: Cancel and promote');

    // The link works once.
    expect((await resident.get(link)).statusCode).toBe(410);
    expect((await resident.post(link, {})).statusCode).toBe(410);
    expect((await registrations(id)).filter((r) => r.status === 'confirmed')).toHaveLength(1);
    expect((await resident.get('/events/cancel/not-a-real-token-at-all-000000')).statusCode).toBe(404);
  });

  it('sends one reminder a day before, by the scheduled job', async () => {
    const id = await newEvent({ title: 'Reminder drop-in', capacity: '5' });
    await registerAs(id, 'Remi Resident', 'remi@example.com');
    const job = planModule.jobs!.find((j) => j.name === REMINDERS_JOB)!;
    await job.run(deps, {});
    expect((await outbox('event-reminder')).filter((m) => m.recipient === 'remi@example.com')).toHaveLength(0);
    clock.set(fromLondon(2027, 4, 13, 11)); // the event is 14 April at 10am
    await job.run(deps, {});
    await job.run(deps, {});
    const reminders = (await outbox('event-reminder')).filter((m) => m.recipient === 'remi@example.com');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.personalisation.body).toContain('14 April 2027 at 10:00am');
    clock.set('2027-03-01T10:00:00Z');
  });

  it('closes registration when the event is cancelled', async () => {
    const id = await newEvent({ title: 'To be cancelled' });
    const officer = await as('housing@council.example');
    await officer.get(`/staff/events/${id}/edit`);
    const edit = await officer.post(`/staff/events/${id}/edit`, {
      title: 'To be cancelled',
      kind: 'drop-in',
      'date-day': '14',
      'date-month': '4',
      'date-year': '2027',
      startTime: '10:00',
      endTime: '12:00',
      venueName: 'Town Hall',
      stepFree: 'yes',
      capacity: '2',
      status: 'cancelled',
    });
    expect(edit.statusCode).toBe(303);
    expect((await app.inject({ url: `/events/${id}/register` })).statusCode).toBe(410);
    expect(textOf((await app.inject({ url: `/events/${id}` })).body)).toContain('This event has been cancelled');
  });

  it('staff record attendance for their own events only; other organisations get 403', async () => {
    const id = await newEvent({ title: 'Attendance', capacity: '5' });
    await registerAs(id, 'Came Along', 'came@example.com');
    await registerAs(id, 'Stayed Home', 'stayed@example.com');
    const nhs = await as('officer@nhs.example');
    expect((await nhs.get(`/staff/events/${id}/registrations`)).statusCode).toBe(403);
    expect((await nhs.post(`/staff/events/${id}/registrations`, { attended: 'x' })).statusCode).toBe(403);
    const councillor = await as('councillor@council.example');
    expect((await councillor.get(`/staff/events/${id}/registrations`)).statusCode).toBe(403);

    const officer = await as('housing@council.example');
    await officer.get(`/staff/events/${id}/registrations`);
    const [came] = await q<{ id: string }>(`SELECT id FROM plan_registrations WHERE email = 'came@example.com'`);
    const saved = await officer.post(`/staff/events/${id}/registrations`, {
      attended: [came!.id, '00000000-0000-0000-0000-000000000000'],
    });
    expect(saved.statusCode).toBe(303);
    const rows = await q<{ email: string; attended: boolean }>(
      `SELECT email, attended FROM plan_registrations WHERE event_id = $1 ORDER BY email`,
      [id],
    );
    expect(rows).toEqual([
      { email: 'came@example.com', attended: true },
      { email: 'stayed@example.com', attended: false },
    ]);
    const [audit] = await q<{ after: { attended: string[] } }>(
      `SELECT after FROM audit_events WHERE action = 'plan.attendance-recorded' AND entity_id = $1`,
      [id],
    );
    expect(audit!.after.attended).toEqual([came!.id]);
    expect((await officer.get('/staff/events/00000000-0000-0000-0000-000000000000/registrations')).statusCode).toBe(
      404,
    );
    expect((await nhs.get(`/staff/events/${id}/edit`)).statusCode).toBe(403);
  });

  it('warns an officer when another organisation is already going to an event', async () => {
    const id = await eventId('Gascoigne estate drop-in'); // the council's housing officer is on the rota
    const nhs = await as('officer@nhs.example');
    await nhs.get(`/staff/events/${id}`);
    const first = await nhs.post(`/staff/events/${id}/rota`, { note: 'GP access stall' });
    expect(first.statusCode).toBe(409);
    expect(textOf(first.body)).toContain(
      'Staff from another organisation are already going: Sam Service, Barking and Dagenham Council',
    );
    expect(
      await q(
        `SELECT 1 FROM plan_rota r JOIN staff_users s ON s.id = r.staff_user_id WHERE r.event_id = $1 AND s.email = 'officer@nhs.example'`,
        [id],
      ),
    ).toHaveLength(0);
    const second = await nhs.post(`/staff/events/${id}/rota`, { note: 'GP access stall', acknowledged: 'yes' });
    expect(second.statusCode).toBe(303);
    const page = textOf((await nhs.get(`/staff/events/${id}`)).body);
    expect(page).toContain('Priya Partner, NHS North East London: GP access stall');
    expect(page).toContain('Sam Service, Barking and Dagenham Council: Presenting the plans');
    const councillor = await as('councillor@council.example');
    expect((await councillor.post(`/staff/events/${id}/rota`, {})).statusCode).toBe(403);
  });

  it('validates the staff event form', async () => {
    const officer = await as('housing@council.example');
    await officer.get('/staff/events/new');
    const response = await officer.post('/staff/events/new', {
      title: 'x'.repeat(121),
      kind: 'rave',
      'date-day': '31',
      'date-month': '2',
      'date-year': '2027',
      startTime: '12:00',
      endTime: '11:00',
      capacity: 'lots',
      onlineUrl: 'javascript:alert(1)',
      stepFree: '',
    });
    expect(response.statusCode).toBe(422);
    const text = textOf(response.body);
    for (const message of [
      'Title must be 120 characters or fewer',
      'Select the type of event',
      'Date must be a real date',
      'End time must be after the start time',
      'Capacity must be a whole number, like 40',
      'Enter an online link starting https://',
      'Select yes if the venue has step-free access',
    ])
      expect(text).toContain(message);
    expect(response.body).toContain('href="#date-day"');
  });

  it('publishes the diary as iCalendar (whole, per ward, per organisation) that ical.js reads', async () => {
    const whole = await app.inject({ url: '/events/diary.ics' });
    expect(whole.headers['content-type']).toContain('text/calendar');
    const parse = (text: string) => {
      const cal = new ICAL.Component(ICAL.parse(text) as unknown[]);
      ICAL.TimezoneService.register(new ICAL.Timezone(cal.getFirstSubcomponent('vtimezone')!));
      return cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    };
    const events = parse(whole.body);
    const forum = events.find((e) => e.summary === 'Housing forum: repairs and damp')!;
    const [row] = await q<{ starts_at: Date }>(
      `SELECT starts_at FROM plan_events WHERE title = 'Housing forum: repairs and damp'`,
    );
    expect(forum.startDate.toJSDate().toISOString()).toBe(new Date(row!.starts_at).toISOString());
    expect(forum.location).toBe('Barking Learning Centre, 2 Town Square, Barking IG11 7NB (or online)');

    const [abbey] = await q<{ code: string }>(`SELECT code FROM wards WHERE name = 'Abbey'`);
    const ward = parse((await app.inject({ url: `/events/wards/${abbey!.code}/diary.ics` })).body).map(
      (e) => e.summary,
    );
    expect(ward).toContain('Housing forum: repairs and damp');
    expect(ward).not.toContain('Gascoigne estate drop-in');
    const nhs = parse((await app.inject({ url: '/events/organisations/nhs-nel/diary.ics' })).body).map(
      (e) => e.summary,
    );
    expect(nhs).toEqual(['Youth forum: mental health support']);
    expect((await app.inject({ url: '/events/wards/nowhere/diary.ics' })).statusCode).toBe(404);
  });

  it('publishes Atom and RSS feeds of upcoming events', async () => {
    const atom = await app.inject({ url: '/events/feed.atom' });
    expect(atom.headers['content-type']).toContain('application/atom+xml');
    expect(atom.body).toContain('<title>Housing forum: repairs and damp</title>');
    const rss = await app.inject({ url: '/events/feed.rss' });
    expect(rss.body).toContain('<rss version="2.0"');
    expect(rss.body).toContain('Housing forum: repairs and damp');
  });

  it('erases residents’ details and their messages 90 days after the event, keeping the counts', async () => {
    const id = await newEvent({ title: 'Erasure drop-in', capacity: '5' });
    await registerAs(id, 'Erin Resident', 'erin@example.com', { access_needs: ['bsl'] });
    const job = planModule.jobs!.find((j) => j.name === REMINDERS_JOB)!;
    clock.set(fromLondon(2027, 7, 12, 12)); // 89 days after 14 April
    await job.run(deps, {});
    expect((await registrations(id))[0]!.name).toBe('Erin Resident');
    clock.set(fromLondon(2027, 7, 14, 12));
    await job.run(deps, {});
    const [row] = await registrations(id);
    expect(row).toMatchObject({ name: 'erased', status: 'confirmed', answers: {} });
    expect(row!.email).toMatch(/^erased:/);
    expect(await q(`SELECT 1 FROM outbox_messages WHERE recipient = 'erin@example.com'`)).toHaveLength(0);
    expect(await q(`SELECT 1 FROM audit_events WHERE action = 'plan.registrations-erased'`)).not.toHaveLength(0);
    clock.set('2027-03-01T10:00:00Z');
  });

  it('lists a consultation’s events on its public page and its plan entries on the staff page', async () => {
    const page = textOf((await app.inject({ url: '/consultations/safer-neighbourhood-priorities' })).body);
    expect(page).toContain('Events about this consultation');
    expect(page).toContain('Safer Neighbourhood panel: Abbey ward');
    const [consultation] = await q<{ id: string }>(
      `SELECT id FROM consultations WHERE slug = 'safer-neighbourhood-priorities'`,
    );
    const staffPage = textOf(
      (await (await as('engagement@council.example')).get(`/staff/consultations/${consultation!.id}`)).body,
    );
    expect(staffPage).toContain('In the forward plan');
    expect(staffPage).toContain('Safer Neighbourhood priorities survey (Metropolitan Police, Barking and Dagenham');
  });

  it('offers new places to the waiting list when capacity rises, and tells everyone when the event is cancelled', async () => {
    const id = await newEvent({ title: 'Growing drop-in', capacity: '1' });
    await registerAs(id, 'Una One', 'una@example.com');
    clock.advance(1000);
    await registerAs(id, 'Wes Two', 'wes@example.com');
    clock.advance(1000);
    await registerAs(id, 'Xia Three', 'xia@example.com');
    const officer = await as('housing@council.example');
    const form = {
      title: 'Growing drop-in',
      kind: 'drop-in',
      'date-day': '14',
      'date-month': '4',
      'date-year': '2027',
      startTime: '10:00',
      endTime: '12:00',
      venueName: 'Town Hall',
      stepFree: 'yes',
      capacity: '2',
      status: 'scheduled',
    };
    await officer.get(`/staff/events/${id}/edit`);
    expect((await officer.post(`/staff/events/${id}/edit`, form)).statusCode).toBe(303);
    expect((await registrations(id)).map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'waiting']);
    expect((await outbox('event-place-offered')).map((m) => m.recipient)).toContain('wes@example.com');

    expect((await officer.post(`/staff/events/${id}/edit`, { ...form, status: 'cancelled' })).statusCode).toBe(303);
    expect((await officer.post(`/staff/events/${id}/edit`, { ...form, status: 'cancelled' })).statusCode).toBe(303);
    const told = (await outbox('event-cancelled-by-organiser'))
      .map((m) => m.recipient)
      .filter((r) => ['una@example.com', 'wes@example.com', 'xia@example.com'].includes(r));
    expect(told.sort()).toEqual(['una@example.com', 'wes@example.com', 'xia@example.com']);
  });

  it('refuses a new event in the past', async () => {
    const officer = await as('housing@council.example');
    await officer.get('/staff/events/new');
    const response = await officer.post('/staff/events/new', {
      title: 'Too late',
      kind: 'drop-in',
      'date-day': '1',
      'date-month': '1',
      'date-year': '2027',
      startTime: '10:00',
      endTime: '12:00',
      venueName: 'Town Hall',
      stepFree: 'yes',
      capacity: '2',
    });
    expect(response.statusCode).toBe(422);
    expect(textOf(response.body)).toContain('Date must be in the future');
  });
});
