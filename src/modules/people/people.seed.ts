/**
 * Demo data: four panels, a citizens' panel of a few hundred GENERATED members (clearly fake names,
 * example.com addresses, 07700 900xxx drama numbers), community groups including the equalities
 * fora, and DEMO population targets (marked as demo on every page that shows them). Idempotent.
 */
import { count, eq } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { listOrganisations } from '../accounts/index.ts';
import { listWardNames } from '../geography/index.ts';
import { ABOUT_YOU_PAGE } from '../questionnaires/index.ts';
import * as groupsRepo from './groups.repository.ts';
import * as repo from './people.repository.ts';
import { people } from './people.tables.ts';
import { PRIVACY_NOTICE_VERSION } from './membership.service.ts';
import * as samplingRepo from './sampling.repository.ts';
import { seededRandom } from './sampling.ts';

export const DEMO_PANELS = [
  {
    slug: 'citizens-panel',
    name: 'Citizens’ panel',
    kind: 'citizens',
    description: 'About 1,000 residents, a mix that reflects the borough, asked for their views a few times a year.',
  },
  {
    slug: 'e-panel',
    name: 'E-panel',
    kind: 'e_panel',
    description: 'Hear by email about consultations on the topics you choose.',
  },
  {
    slug: 'leaseholder-panel',
    name: 'Leaseholder and resident panel',
    kind: 'leaseholder',
    description: 'Council tenants and leaseholders who help shape housing services.',
  },
  {
    slug: 'youth-panel',
    name: 'Youth panel',
    kind: 'youth',
    description: 'Young people aged 11 to 25 who advise on services for young people.',
  },
];

const FORA: [string, string[]][] = [
  ['Older People’s Forum (demo)', ['older-people', 'carers']],
  ['Young People’s Forum (demo)', ['young-people']],
  ['Disability Forum (demo)', ['disabled-people', 'carers']],
  ['LGBT+ Forum (demo)', ['lgbt']],
  ['Faith Forum (demo)', ['faith-communities']],
  ['Black and Minority Ethnic Communities Forum (demo)', ['ethnic-minorities']],
];

const FIRST = ['Demo', 'Sample', 'Test', 'Example', 'Fictional', 'Placeholder'];
const LAST = ['Resident', 'Member', 'Person', 'Neighbour', 'Participant', 'Panellist', 'Citizen'];

export const DEMO_MEMBERS = 300;

function pick<T>(random: () => number, weighted: [T, number][]): T {
  let r = random() * weighted.reduce((a, [, w]) => a + w, 0);
  for (const [value, weight] of weighted) if ((r -= weight) <= 0) return value;
  return weighted[0]![0];
}

/** Demo census shares: rounded figures of the right shape, NOT the ONS tables for the borough. */
function demoTargets(wardCodes: string[]) {
  const rows: { characteristic: string; category: string; proportion: number }[] = wardCodes.map((code) => ({
    characteristic: 'ward',
    category: code,
    proportion: 1 / wardCodes.length,
  }));
  const add = (characteristic: string, shares: Record<string, number>) =>
    Object.entries(shares).forEach(([category, proportion]) => rows.push({ characteristic, category, proportion }));
  add('age_band', {
    '16_to_24': 0.14,
    '25_to_34': 0.2,
    '35_to_44': 0.2,
    '45_to_54': 0.16,
    '55_to_64': 0.12,
    '65_to_74': 0.1,
    '75_or_over': 0.08,
  });
  add('sex', { female: 0.51, male: 0.49 });
  add('ethnic_group', {
    asian_asian_british_or_asian_welsh: 0.26,
    black_black_british_black_welsh_caribbean_or_african: 0.21,
    mixed_or_multiple_ethnic_groups: 0.05,
    white: 0.45,
    other_ethnic_group: 0.03,
  });
  add('disability', { yes: 0.16, no: 0.84 });
  return rows;
}

export async function seedPeople(deps: Deps) {
  for (const panel of DEMO_PANELS) await repo.upsertPanel(deps.db, panel);
  const organisations = new Map((await listOrganisations(deps.db)).map((o) => [o.slug, o.id]));
  const council = organisations.get('bd-council');
  const cvs = organisations.get('bd-cvs') ?? council;
  const wards = await listWardNames(deps.db);
  if (!council || !wards.length) return;

  if (!(await groupsRepo.findGroupByName(deps.db, FORA[0]![0]))) {
    const groups = [
      ...FORA.map(([name, communities]) => ({
        name,
        kind: 'equalities_forum',
        communities,
        boroughWide: true,
        organisationId: council,
      })),
      {
        name: 'Gascoigne Tenants’ and Residents’ Association (demo)',
        kind: 'tra',
        communities: ['council-tenants'],
        wardCodes: wards.slice(0, 2).map((w) => w.code),
        organisationId: council,
      },
      {
        name: 'Friends of Parsloes Park (demo)',
        kind: 'friends',
        communities: ['residents'],
        wardCodes: wards.slice(3, 5).map((w) => w.code),
        organisationId: cvs!,
      },
      {
        name: 'Dagenham Carers’ Network (demo)',
        kind: 'vcs',
        communities: ['carers', 'service-users'],
        boroughWide: true,
        organisationId: cvs!,
      },
      {
        name: 'Barking Parents’ Forum (demo)',
        kind: 'vcs',
        communities: ['parents', 'young-people'],
        wardCodes: wards.slice(6, 9).map((w) => w.code),
        organisationId: cvs!,
      },
    ];
    for (const [i, g] of groups.entries()) {
      const group = await groupsRepo.insertGroup(deps.db, {
        ...g,
        description: 'Demo group for trying Soundings.',
        email: `group${i + 1}@groups.example.com`,
      });
      await groupsRepo.insertContact(deps.db, {
        groupId: group.id,
        name: `Demo Chair ${i + 1}`,
        role: 'Chair',
        email: `chair${i + 1}@groups.example.com`,
      });
      await groupsRepo.insertContact(deps.db, {
        groupId: group.id,
        name: `Demo Secretary ${i + 1}`,
        role: 'Secretary',
        phone: `+447700900${String(100 + i).padStart(3, '0')}`,
      });
    }
  }

  if (!(await samplingRepo.listTargets(deps.db)).length) {
    await samplingRepo.replaceTargets(
      deps.db,
      demoTargets(wards.map((w) => w.code)).map((r) => ({
        ...r,
        proportion: Math.round(r.proportion * 1e6) / 1e6,
        source: 'DEMO targets (not ONS Census 2021 figures)',
        isDemo: true,
      })),
    );
  }

  const [{ total } = { total: 0 }] = await deps.db
    .select({ total: count() })
    .from(people)
    .where(eq(people.source, 'staff'));
  if (Number(total) > 0) return;
  const citizens = await repo.findPanelBySlug(deps.db, 'citizens-panel');
  const ePanel = await repo.findPanelBySlug(deps.db, 'e-panel');
  if (!citizens || !ePanel) return;
  const random = seededRandom(2026);
  const now = deps.clock.now();
  const optionsOf = (key: string) => ABOUT_YOU_PAGE.questions.find((q) => q.key === key)!.options!.map((o) => o.value);
  // Deliberately skewed towards older, white residents of a few wards: panel health then has something to show.
  const ages: [string, number][] = [
    ['16_to_24', 0.05],
    ['25_to_34', 0.1],
    ['35_to_44', 0.15],
    ['45_to_54', 0.2],
    ['55_to_64', 0.2],
    ['65_to_74', 0.18],
    ['75_or_over', 0.12],
  ];
  const ethnic: [string, number][] = optionsOf('ethnic_group')
    .filter((v) => v !== 'prefer_not_to_say')
    .map((v) => [v, v === 'white' ? 0.6 : 0.1]);
  for (let i = 0; i < DEMO_MEMBERS; i++) {
    const n = String(i + 1).padStart(3, '0');
    const ward = wards[Math.floor(random() ** 1.6 * wards.length)]!;
    const person = await repo.insertPerson(deps.db, {
      fullName: `${FIRST[i % FIRST.length]} ${LAST[i % LAST.length]} ${n}`,
      email: `panel.member.${n}@example.com`,
      phone: i % 3 === 0 ? `+447700900${n}` : null,
      wardCode: ward.code,
      topics: ['housing', 'environment', 'transport-and-streets'].slice(0, 1 + (i % 3)),
      channels: ['email'],
      consentAt: now,
      privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
      confirmedAt: now,
      source: 'staff',
      organisationIds: [council],
      lastActiveAt: now,
      createdAt: now,
    });
    await repo.saveEquality(
      deps.db,
      person.id,
      {
        age_band: pick(random, ages),
        sex: pick(random, [
          ['female', 0.45],
          ['male', 0.5],
          ['prefer_not_to_say', 0.05],
        ]),
        ethnic_group: pick(random, ethnic),
        disability: pick(random, [
          ['yes', 0.1],
          ['no', 0.85],
          ['prefer_not_to_say', 0.05],
        ]),
      },
      now,
    );
    await repo.addMembership(deps.db, citizens.id, person.id, i % 25 === 0 ? 'paused' : 'active', now);
    if (i % 4 === 0) await repo.addMembership(deps.db, ePanel.id, person.id, 'active', now);
    await repo.addEvent(deps.db, {
      personId: person.id,
      panelId: citizens.id,
      kind: 'joined',
      detail: 'demo data',
      occurredAt: now,
    });
  }
}
