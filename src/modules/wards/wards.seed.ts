/**
 * Demo data: census figures (generated and marked demo), the demo councillor's wards, community
 * intelligence across every ward and the last 14 months (with one rising issue), and the Barking
 * and Dagenham engagement strategy's action plan with dated updates. Wards are picked by position
 * from whatever geography is loaded (SOUNDINGS_DEMO_COUNCIL may put the demo on another borough);
 * dates are relative to the clock. Bulk inserts; idempotent.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { seedDemoCensus } from './census.service.ts';
import { ACTION_PLAN, STRATEGY_FIRST_YEAR } from './action-plan.seed-data.ts';
import * as planRepo from './action-plan.repository.ts';
import * as intelRepo from './intelligence.repository.ts';
import { rows } from './wards.repository.ts';
import * as repo from './wards.repository.ts';
import { londonDate, type ActionStatus, type Channel, type Sentiment } from './wards.catalogue.ts';
import { listOrganisations, listWardNames } from './wards.deps.ts';

/** The demo's wards in code order, so positions pick the same wards on every run and any borough. */
async function wardsInCodeOrder(deps: Deps) {
  return (await listWardNames(deps.db)).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

const n = (seed: string) => createHash('sha256').update(seed).digest().readUInt32BE(0);

const PHRASES: Record<string, string[]> = {
  housing: [
    'Damp and mould in flats on the estate; residents say repairs take months',
    'Worries about rent rises and service charges for leaseholders',
    'Overcrowding in family homes; people asked how the housing register works',
  ],
  'community-safety': [
    'People feel unsafe walking past the station after dark',
    'Reports of drug dealing near the parade of shops',
    'Parents worried about young people being drawn into gangs',
  ],
  'waste-and-recycling': [
    'Fly-tipping on the back alleys is getting worse',
    'Missed bin collections after the round changed',
    'Residents want more recycling bins near the flats',
  ],
  'transport-and-streets': [
    'Potholes on the main road; cyclists say it is dangerous',
    'Buses are unreliable in the mornings',
    'Pavement parking makes it hard for wheelchair users and buggies',
  ],
  'health-and-wellbeing': [
    'Hard to get a GP appointment; people go to A&E instead',
    'Older residents feel isolated since the day centre closed',
    'Praise for the new mental health drop-in at the library',
  ],
  'parks-and-open-spaces': [
    'The play area in the park needs repairing',
    'People enjoy the park improvements and want more benches',
  ],
  'young-people': ['Young people say there is nowhere to go in the evenings', 'Parents want more holiday clubs'],
  'council-budget': ['Residents asked why council tax is going up while services are cut'],
};
const TOPIC_KEYS = Object.keys(PHRASES);
const CHANNEL_KEYS: Channel[] = ['street', 'surgery', 'casework', 'complaint', 'social_media', 'partner_meeting'];
const NEGATIVE_FIRST: Sentiment[] = ['negative', 'negative', 'mixed', 'neutral', 'positive'];

const dayBefore = (today: string, days: number) => {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
};

async function seedIntelligence(deps: Deps, wards: { code: string; name: string }[], today: string) {
  const [existing] = await rows<{ n: string | number }>(deps.db, sql`SELECT count(*) AS n FROM intelligence_items`);
  if (Number(existing?.n ?? 0) > 0 || wards.length === 0) return;
  const orgs = await listOrganisations(deps.db);
  if (orgs.length === 0) return;
  const [consultation] = await rows<{ id: string }>(
    deps.db,
    sql`SELECT id FROM consultations WHERE state = 'open' ORDER BY created_at LIMIT 1`,
  );
  const [activity] = await rows<{ id: string }>(
    deps.db,
    sql`SELECT id FROM plan_activities WHERE status IN ('planned', 'confirmed', 'live') ORDER BY starts_at LIMIT 1`,
  );
  const items: intelRepo.ItemValues[] = [];
  // About 420 days back, 1 to 3 items a day somewhere in the borough.
  for (let day = 420; day >= 29; day--) {
    const count = 1 + (n(`count${day}`) % 3);
    for (let k = 0; k < count; k++) {
      const seed = `${day}:${k}`;
      const ward = n(`w${seed}`) % 7 === 0 ? null : wards[n(`ward${seed}`) % wards.length]!;
      const topic = TOPIC_KEYS[n(`t${seed}`) % TOPIC_KEYS.length]!;
      const phrases = PHRASES[topic]!;
      const channel = CHANNEL_KEYS[n(`c${seed}`) % CHANNEL_KEYS.length]!;
      const needsAction = n(`a${seed}`) % 4 === 0;
      items.push({
        organisationId: orgs[n(`o${seed}`) % orgs.length]!.id,
        channel,
        wardCode: ward?.code ?? null,
        topics:
          n(`t2${seed}`) % 5 === 0
            ? [topic, TOPIC_KEYS[(TOPIC_KEYS.indexOf(topic) + 1) % TOPIC_KEYS.length]!]
            : [topic],
        summary: phrases[n(`p${seed}`) % phrases.length]!,
        sentiment: NEGATIVE_FIRST[n(`s${seed}`) % NEGATIVE_FIRST.length]!,
        needsAction,
        actionBy: needsAction ? 'Neighbourhood services' : '',
        heardOn: dayBefore(today, day),
        consultationId: topic === 'housing' && consultation && n(`l${seed}`) % 3 === 0 ? consultation.id : null,
        activityId: topic === 'health-and-wellbeing' && activity && n(`l${seed}`) % 3 === 0 ? activity.id : null,
      });
    }
  }
  // The last four weeks: the usual trickle, plus one issue rising in one ward (see intelligence.rising.ts).
  const rising = wards[2 % wards.length]!;
  for (let day = 27; day >= 0; day -= 3) {
    const ward = wards[n(`recent${day}`) % wards.length]!;
    items.push({
      organisationId: orgs[day % orgs.length]!.id,
      channel: CHANNEL_KEYS[day % CHANNEL_KEYS.length]!,
      wardCode: ward.code,
      topics: ['waste-and-recycling'],
      summary: PHRASES['waste-and-recycling']![day % 3]!,
      sentiment: 'negative',
      needsAction: false,
      actionBy: '',
      heardOn: dayBefore(today, day),
    });
  }
  for (let day = 20; day >= 1; day -= 4)
    items.push({
      organisationId: orgs[day % orgs.length]!.id,
      channel: day % 2 ? 'surgery' : 'street',
      wardCode: rising.code,
      topics: ['community-safety'],
      summary: 'Residents report more anti-social behaviour around the shopping parade in the evenings',
      sentiment: 'negative',
      needsAction: true,
      actionBy: 'Community safety team and the police',
      heardOn: dayBefore(today, day),
    });
  await intelRepo.insertImported(deps.db, items);
}

async function seedCouncillorWards(deps: Deps, wards: { code: string }[]) {
  const councillors = await repo.listCouncillors(deps.db);
  for (const [i, councillor] of councillors.entries()) {
    if (councillor.wardCodes.length) continue;
    const picked = [...new Set([wards[(2 * i) % wards.length]?.code, wards[(2 * i + 2) % wards.length]?.code])].filter(
      (c): c is string => !!c,
    );
    await repo.setWardsOfCouncillor(deps.db, councillor.id, picked);
  }
}

/** "2011-11" in the strategy → the last day of that month, moved to run across the demo's year. */
function dueDate(due: string, shift: number) {
  const m = /^(\d{4})-(\d{2})$/.exec(due);
  if (!m) return null;
  const year = Number(m[1]) + shift;
  const month = Number(m[2]);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${m[2]}-${String(last).padStart(2, '0')}`;
}

const UPDATE_NOTES: Record<ActionStatus, string> = {
  not_started: 'Not started yet: waiting for the new financial year.',
  on_track: 'Work is under way and the next milestone is on course.',
  at_risk: 'Staff changes have slowed progress; the milestone may slip by a month.',
  late: 'The milestone was missed; a revised date goes to the Engagement Officers Group.',
  done: 'Completed and reported to the Engagement Officers Group.',
};

async function seedActionPlan(deps: Deps, today: string) {
  if ((await planRepo.countAims(deps.db)) > 0) return;
  const orgs = await listOrganisations(deps.db);
  const council = orgs.find((o) => o.kind === 'council') ?? orgs[0];
  if (!council) return;
  const [officer] = await rows<{ id: string }>(
    deps.db,
    sql`SELECT id FROM staff_users WHERE organisation_id = ${council.id}::uuid AND role = 'engagement_officer' AND active ORDER BY email LIMIT 1`,
  );
  const shift = Number(today.slice(0, 4)) - STRATEGY_FIRST_YEAR;
  const actions: Parameters<typeof planRepo.insertActions>[1] = [];
  const milestones: Parameters<typeof planRepo.insertMilestones>[1] = [];
  const updates: Parameters<typeof planRepo.insertUpdates>[1] = [];
  let position = 0;
  for (const [aimIndex, aim] of ACTION_PLAN.entries()) {
    const aimRow = await planRepo.insertAim(deps.db, { position: aimIndex + 1, title: aim.title });
    for (const a of aim.actions) {
      const id = randomUUID();
      const mine = a.milestones.map((m, j) => {
        const dueOn = dueDate(m.due, shift);
        // Milestones due more than a month ago are mostly done; a few are left overdue.
        const doneOn = dueOn && dueOn < dayBefore(today, 30) && n(`${a.title}${j}`) % 4 !== 0 ? dueOn : null;
        return { actionId: id, position: j + 1, title: m.title, dueOn, ongoing: !dueOn, doneOn };
      });
      milestones.push(...mine);
      const status: ActionStatus = mine.every((m) => m.doneOn)
        ? 'done'
        : mine.some((m) => !m.doneOn && m.dueOn && m.dueOn < today)
          ? n(a.title) % 2
            ? 'late'
            : 'at_risk'
          : mine.some((m) => m.dueOn && m.dueOn < today) || mine.every((m) => m.ongoing)
            ? 'on_track'
            : 'not_started';
      actions.push({
        id,
        aimId: aimRow.id,
        position: ++position,
        priority: a.priority,
        title: a.title,
        leadRole: a.lead,
        leadOfficerId: a.lead.includes('Policy & Performance') ? (officer?.id ?? null) : null,
        organisationId: council.id,
        status,
      });
      if (status === 'not_started') continue;
      const last =
        mine
          .map((m) => m.doneOn)
          .filter((d): d is string => !!d)
          .sort()
          .at(-1) ?? dayBefore(today, 40);
      updates.push(
        {
          actionId: id,
          status: 'on_track',
          note: 'Work started; lead officer named.',
          evidence: '',
          writtenOn: dayBefore(last, 60),
          authorId: officer?.id ?? null,
        },
        {
          actionId: id,
          status,
          note: UPDATE_NOTES[status],
          evidence: status === 'done' ? "Minutes of the Engagement Officers' Group" : '',
          writtenOn: last,
          authorId: officer?.id ?? null,
        },
      );
    }
  }
  await planRepo.insertActions(deps.db, actions);
  await planRepo.insertMilestones(deps.db, milestones);
  await planRepo.insertUpdates(deps.db, updates);
}

export async function seedWards(deps: Deps) {
  const today = londonDate(deps.clock.now());
  const wards = await wardsInCodeOrder(deps);
  await seedDemoCensus(deps);
  await seedCouncillorWards(deps, wards);
  await seedIntelligence(deps, wards, today);
  await seedActionPlan(deps, today);
}
