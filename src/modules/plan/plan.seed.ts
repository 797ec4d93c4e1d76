/**
 * Demo data: a forward plan across the four demo organisations (with a clash between the council
 * and the NHS in Gascoigne and Abbey, and the residents' panel asked often), events in the diary
 * (one nearly full, one full with a waiting list), a rota, and the toolkit's methods. Dates are
 * relative to the clock so the demo always looks current. Idempotent.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { fromLondon, londonParts } from '../../web/format.ts';
import { demoWards, pickWards } from './plan.deps.ts';
import { registrationDefinition } from './events-details.ts';
import { insertEvent, insertRegistration, insertRota } from './events.repository.ts';
import { insertActivity, insertComment, listOrganisationNames, rows } from './plan.repository.ts';
import { insertMissingMethods } from './toolkit.repository.ts';
import { METHODS } from './toolkit.methods.ts';
import type { ActivityStatus } from './plan.catalogue.ts';

interface SeedActivity {
  key: string;
  org: string;
  title: string;
  purpose: string;
  rung: string;
  audiences: string[];
  topics: string[];
  /** Wards by position in the demo council's list (demoWards). */
  wards?: number[];
  boroughWide?: boolean;
  usesPanel?: boolean;
  /** Days from today to the first day, and length in days. */
  start: number;
  days: number;
  status: ActivityStatus;
  consultation?: string;
}

const ACTIVITIES: SeedActivity[] = [
  {
    key: 'estate',
    org: 'bd-council',
    title: 'Gascoigne estate renewal: tenants’ views on phase 3',
    purpose: 'Ask tenants and leaseholders on the Gascoigne estate what matters most in the next phase of renewal.',
    rung: 'involve',
    audiences: ['council-tenants', 'ward-residents'],
    topics: ['housing', 'planning-and-regeneration'],
    wards: [8, 0],
    start: 14,
    days: 42,
    status: 'confirmed',
  },
  {
    key: 'gp-access',
    org: 'nhs-nel',
    title: 'GP access in Barking: what works for you',
    purpose:
      'Hear how residents book GP appointments and what would make it easier, before changing the booking system.',
    rung: 'consult',
    audiences: ['council-tenants', 'older-people', 'service-users'],
    topics: ['health-and-wellbeing'],
    wards: [0, 8, 7],
    start: 28,
    days: 35,
    status: 'planned',
  },
  {
    key: 'snp',
    org: 'met-police-bd',
    title: 'Safer Neighbourhood priorities survey',
    purpose: 'Set ward policing priorities for the year with residents.',
    rung: 'consult',
    audiences: ['residents'],
    topics: ['community-safety'],
    boroughWide: true,
    usesPanel: true,
    start: 7,
    days: 28,
    status: 'live',
    consultation: 'safer-neighbourhood-priorities',
  },
  {
    key: 'grants',
    org: 'bd-cvs',
    title: 'Community grants: co-designing the criteria',
    purpose: 'Work with voluntary groups to design how the 2027 community grants are shared out.',
    rung: 'collaborate',
    audiences: ['voluntary-sector', 'faith-communities'],
    topics: ['community-and-voluntary-sector'],
    boroughWide: true,
    start: 35,
    days: 56,
    status: 'idea',
    consultation: 'community-grants-2027',
  },
  {
    key: 'parks',
    org: 'bd-council',
    title: 'Parks and play: Becontree summer walkabouts',
    purpose: 'Walk the parks with residents to agree repairs and new play equipment.',
    rung: 'involve',
    audiences: ['parents', 'young-people', 'ward-residents'],
    topics: ['parks-and-open-spaces'],
    wards: [4, 16, 14],
    start: 60,
    days: 30,
    status: 'planned',
  },
  {
    key: 'budget',
    org: 'bd-council',
    title: 'Budget 2027/28: residents’ panel questions',
    purpose: 'Ask the residents’ panel which services matter most before the budget is set.',
    rung: 'consult',
    audiences: ['residents'],
    topics: ['council-budget'],
    boroughWide: true,
    usesPanel: true,
    start: 10,
    days: 21,
    status: 'planned',
  },
  {
    key: 'mental-health',
    org: 'nhs-nel',
    title: 'Young people’s mental health services: focus groups',
    purpose: 'Hear from young people about mental health support at school and online.',
    rung: 'involve',
    audiences: ['young-people'],
    topics: ['health-and-wellbeing', 'young-people'],
    boroughWide: true,
    usesPanel: true,
    start: 20,
    days: 30,
    status: 'planned',
  },
  {
    key: 'old-budget',
    org: 'bd-council',
    title: 'Library opening hours: drop-ins',
    purpose: 'Explain the changes proposed to library opening hours.',
    rung: 'inform',
    audiences: ['residents'],
    topics: ['culture-and-leisure'],
    boroughWide: true,
    start: -60,
    days: 30,
    status: 'done',
  },
  {
    key: 'cancelled',
    org: 'met-police-bd',
    title: 'Knife crime street surveys (cancelled)',
    purpose: 'Replaced by the Safer Neighbourhood priorities survey.',
    rung: 'consult',
    audiences: ['residents', 'young-people'],
    topics: ['community-safety'],
    wards: [0],
    start: 14,
    days: 14,
    status: 'cancelled',
  },
];

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function seedPlan(deps: Deps) {
  await insertMissingMethods(deps.db, METHODS);
  const [existing] = await rows<{ n: number | string }>(deps.db, sql`SELECT count(*) AS n FROM plan_activities`);
  if (Number(existing?.n ?? 0) > 0) return;

  const now = deps.clock.now();
  const today = londonParts(now);
  const day = (offset: number, hour = 0, minute = 0) => {
    const d = new Date(Date.UTC(Number(today.year), Number(today.month) - 1, Number(today.day) + offset));
    return fromLondon(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), hour, minute);
  };
  const organisations = new Map((await listOrganisationNames(deps.db)).map((o) => [o.slug, o.id]));
  const wards = await demoWards(deps.db);
  const consultations = new Map(
    (await rows<{ id: string; slug: string }>(deps.db, sql`SELECT id, slug FROM consultations`)).map((c) => [
      c.slug,
      c.id,
    ]),
  );
  const staff = new Map(
    (
      await rows<{ id: string; email: string; organisation_id: string }>(
        deps.db,
        sql`SELECT id, email, organisation_id FROM staff_users`,
      )
    ).map((s) => [s.email, s]),
  );

  const ids = new Map<string, string>();
  for (const a of ACTIVITIES) {
    const row = await insertActivity(deps.db, {
      organisationId: organisations.get(a.org)!,
      consultationId: (a.consultation && consultations.get(a.consultation)) || null,
      title: a.title,
      purpose: a.purpose,
      ladderRung: a.rung,
      audiences: a.audiences,
      topics: a.topics,
      wardCodes: pickWards(wards, a.wards ?? []).map((w) => w.code),
      boroughWide: a.boroughWide ?? false,
      usesPanel: a.usesPanel ?? false,
      startsAt: day(a.start),
      endsAt: day(a.start + a.days),
      status: a.status,
    });
    ids.set(a.key, row.id);
  }
  const engagement = staff.get('engagement@council.example');
  if (engagement) {
    await insertComment(deps.db, {
      activityId: ids.get('gp-access')!,
      authorId: engagement.id,
      body: 'The council is on the Gascoigne estate with tenants the same month. Could the GP access questions go into the estate drop-ins?',
    });
  }

  const event = async (values: {
    org: string;
    title: string;
    kind: string;
    description: string;
    start: number;
    hour: number;
    hours: number;
    venue: string;
    address: string;
    ward?: number;
    stepFree: boolean;
    access: string;
    online?: string;
    capacity: number;
    consultation?: string;
    extra?: string;
    /** The key of the forward plan activity it is part of. */
    activity?: string;
  }) =>
    insertEvent(deps.db, {
      organisationId: organisations.get(values.org)!,
      consultationId: (values.consultation && consultations.get(values.consultation)) || null,
      activityId: (values.activity && ids.get(values.activity)) || null,
      title: values.title,
      kind: values.kind,
      description: values.description,
      startsAt: day(values.start, values.hour),
      endsAt: day(values.start, values.hour + values.hours),
      venueName: values.venue,
      venueAddress: values.address,
      wardCode: values.ward !== undefined ? (pickWards(wards, [values.ward])[0]?.code ?? null) : null,
      stepFree: values.stepFree,
      accessInfo: values.access,
      onlineUrl: values.online ?? '',
      capacity: values.capacity,
      registrationDefinition: registrationDefinition(values.extra ?? ''),
      status: 'scheduled',
    });

  const dropIn = await event({
    org: 'bd-council',
    title: 'Gascoigne estate drop-in',
    kind: 'drop-in',
    description: 'See the plans for phase 3 of the estate renewal and tell us what you think. Tea and coffee provided.',
    start: 16,
    hour: 14,
    hours: 3,
    venue: 'Gascoigne Community Centre',
    address: '1 Gascoigne Road, Barking IG11 7LL',
    ward: 8,
    stepFree: true,
    access: 'Hearing loop in the main hall. Accessible toilet. Bus stops on Gascoigne Road (routes 5 and 287).',
    capacity: 40,
    activity: 'estate',
  });
  const forum = await event({
    org: 'bd-council',
    title: 'Housing forum: repairs and damp',
    kind: 'forum',
    description: 'The tenants’ and leaseholders’ housing forum meets with the repairs team.',
    start: 21,
    hour: 18,
    hours: 2,
    venue: 'Barking Learning Centre',
    address: '2 Town Square, Barking IG11 7NB',
    ward: 0,
    stepFree: true,
    access: 'Lift to all floors. Hearing loop. Accessible toilets.',
    online: 'https://meet.example.org/housing-forum',
    capacity: 12,
    extra: 'Is there a repair you would like us to look into before the forum?',
  });
  const youth = await event({
    org: 'nhs-nel',
    title: 'Youth forum: mental health support',
    kind: 'focus-group',
    description: 'A focus group for young people aged 13 to 19. Pizza provided.',
    start: 24,
    hour: 17,
    hours: 2,
    venue: 'Dagenham Library',
    address: '1 Church Elm Lane, Dagenham RM10 9QS',
    ward: 17,
    stepFree: false,
    access: 'The meeting room is on the first floor and there is no lift. Tell us if you need the ground floor room.',
    capacity: 3,
    activity: 'mental-health',
  });
  await event({
    org: 'met-police-bd',
    title: 'Safer Neighbourhood panel: Abbey ward',
    kind: 'safer-neighbourhood-panel',
    description: 'Meet your ward officers and set the panel’s priorities.',
    start: 9,
    hour: 19,
    hours: 1,
    venue: 'Abbey Community Centre',
    address: 'Axe Street, Barking IG11 7LZ',
    ward: 0,
    stepFree: true,
    access: 'Step-free entrance from Axe Street. Accessible toilet.',
    capacity: 60,
    consultation: 'safer-neighbourhood-priorities',
  });
  await event({
    org: 'bd-cvs',
    title: 'Community grants: online information session',
    kind: 'online',
    description: 'How the 2027 community grants will work, and how to get involved in designing them.',
    start: 30,
    hour: 12,
    hours: 1,
    venue: '',
    address: '',
    stepFree: true,
    access: 'Live captions. Slides sent in advance on request.',
    online: 'https://meet.example.org/cvs-grants',
    capacity: 100,
  });

  // The housing forum is nearly full (11 of 12), the youth focus group full with a waiting list.
  const people = (count: number, prefix: string) =>
    Array.from({ length: count }, (_, i) => ({
      name: `${prefix} Resident ${i + 1}`,
      email: `${prefix.toLowerCase()}${i + 1}@resident.example`,
    }));
  let n = 0;
  const book = async (
    eventId: string,
    person: { name: string; email: string },
    status: 'confirmed' | 'waiting',
    answers: Record<string, unknown> = {},
  ) =>
    insertRegistration(deps.db, {
      eventId,
      reference: `EVT-DEMO-${String(++n).padStart(4, '0')}`,
      idempotencyKey: randomUUID(),
      name: person.name,
      email: person.email,
      answers: { name: person.name, email: person.email, ...answers },
      status,
      cancelTokenHash: hash(randomUUID()),
      createdAt: new Date(now.getTime() - (100 - n) * 60_000),
    });
  for (const [i, person] of people(11, 'Forum').entries())
    await book(forum.id, person, 'confirmed', i === 0 ? { access_needs: ['hearing_loop'] } : {});
  for (const person of people(3, 'Youth')) await book(youth.id, person, 'confirmed');
  await book(youth.id, { name: 'Waiting Resident', email: 'waiting1@resident.example' }, 'waiting');

  const housing = staff.get('housing@council.example');
  const police = staff.get('officer@police.example');
  if (housing)
    await insertRota(deps.db, {
      eventId: dropIn.id,
      staffUserId: housing.id,
      organisationId: housing.organisation_id,
      note: 'Presenting the plans',
    });
  if (police)
    await insertRota(deps.db, {
      eventId: forum.id,
      staffUserId: police.id,
      organisationId: police.organisation_id,
      note: 'Anti-social behaviour questions',
    });
}
