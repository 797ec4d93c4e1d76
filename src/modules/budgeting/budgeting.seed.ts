/**
 * Demo data: one ward's round counted and published (about 1,400 ballots, some on paper, delivery
 * under way), a borough-wide round in its voting phase (a few hundred ballots so far) and a ward
 * collecting ideas. Wards are taken from the loaded geography, never named here; dates follow the
 * clock. Ballots go in with one INSERT each round. Idempotent.
 */
import { sql } from 'drizzle-orm';
import { systemActor, type Deps } from '../../deps.ts';
import { fromLondon, londonParts } from '../../web/format.ts';
import { listWardNames } from '../geography/index.ts';
import * as repo from './budgeting.repository.ts';
import { countVotes, publishResults } from './budgeting.service.ts';
import type { Selection } from './budgeting.tables.ts';
import { prng } from './synthetic.ts';

const DAY = 86_400_000;

interface SeedProject {
  title: string;
  description: string;
  cost: number;
  status?: 'feasible' | 'not_feasible' | 'proposed';
  reason?: string;
  /** Relative popularity among voters. */
  weight: number;
}

const WARD_PROJECTS: SeedProject[] = [
  {
    title: 'New benches and planters on the high street',
    description: 'Ten benches and planters along the high street so older residents can rest on the way to the shops.',
    cost: 6500,
    weight: 9,
    reason: 'Highways agreed the positions; the cost includes two years of planting.',
  },
  {
    title: 'Outdoor gym in the park',
    description: 'Six pieces of outdoor gym equipment beside the playground, free to use.',
    cost: 9000,
    weight: 8,
    reason: 'Parks confirmed a site with level access.',
  },
  {
    title: 'Youth club summer programme',
    description: 'Eight weeks of evening sessions for 11 to 18 year olds: sport, music and cooking.',
    cost: 5000,
    weight: 7,
    reason: 'The youth service can run it with the community centre.',
  },
  {
    title: 'Community fridge at the library',
    description: 'A fridge and volunteers so surplus food from local shops reaches people who need it.',
    cost: 2500,
    weight: 5,
    reason: 'The library has space and a food safety plan.',
  },
  {
    title: 'Murals on the underpass',
    description: 'Local artists and schoolchildren paint the underpass to make it feel safer.',
    cost: 4000,
    weight: 4,
    reason: 'The cost went up after a survey found the walls need cleaning first.',
  },
  {
    title: 'Bike repair station',
    description: 'A free bike repair stand with tools and a pump outside the station.',
    cost: 1800,
    weight: 3,
    reason: 'Transport for London agreed the site.',
  },
  {
    title: 'Tree planting on residential streets',
    description: 'Forty street trees where residents have asked for them.',
    cost: 12000,
    weight: 6,
    reason: 'Tree officers found 40 suitable pits.',
  },
  {
    title: 'New football pitch with floodlights',
    description: 'A full-size all-weather pitch with floodlights.',
    cost: 180000,
    weight: 0,
    status: 'not_feasible',
    reason: 'It would cost far more than the whole budget, and the park has no room for floodlights next to homes.',
  },
];

const BOROUGH_PROJECTS: SeedProject[] = [
  {
    title: 'Free swimming lessons for every Year 4 child',
    description: 'Ten weeks of lessons at the leisure centres for every child in Year 4.',
    cost: 60000,
    weight: 9,
    reason: 'Leisure centres have the pool time.',
  },
  {
    title: 'Warm spaces in community centres this winter',
    description: 'Heating, hot drinks and activities in eight community centres on winter weekdays.',
    cost: 45000,
    weight: 8,
    reason: 'Eight centres have agreed to open.',
  },
  {
    title: 'Cycle lanes to the town centre',
    description: 'Protected cycle lanes on two roads into the town centre.',
    cost: 120000,
    weight: 5,
    reason: 'Highways checked both roads; the cost is for the first phase.',
  },
  {
    title: 'Litter-picking kits for street champions',
    description: 'Kits and bags for 300 volunteer street champions.',
    cost: 8000,
    weight: 6,
    reason: 'The street cleansing team will collect the bags.',
  },
  {
    title: 'Digital skills classes for older residents',
    description: 'Weekly classes at libraries on using phones, email and online services.',
    cost: 20000,
    weight: 5,
    reason: 'Libraries can host the classes.',
  },
  {
    title: 'Wildflower meadows in parks',
    description: 'Turn mown grass into wildflower meadows in five parks.',
    cost: 15000,
    weight: 4,
    reason: 'Parks agreed five sites.',
  },
  {
    title: 'Food growing in school grounds',
    description: 'Raised beds, tools and a gardener for ten primary schools.',
    cost: 30000,
    weight: 4,
    reason: 'Ten schools have signed up.',
  },
  {
    title: 'CCTV at three hotspots',
    description: 'New cameras where residents report antisocial behaviour.',
    cost: 55000,
    weight: 3,
    reason: 'The community safety team confirmed the three sites.',
  },
  {
    title: 'Public toilets in the main parks',
    description: 'Reopen and staff the toilets in the three largest parks.',
    cost: 70000,
    weight: 6,
    reason: 'The cost covers two years of cleaning.',
  },
  {
    title: 'Holiday activities with free lunches',
    description: 'Activities and lunch in the Easter and summer holidays for children on free school meals.',
    cost: 50000,
    weight: 7,
    reason: 'Runs alongside the national programme without doubling it.',
  },
];

/** Ballots within the budget, each voter choosing among the projects by their popularity. */
function makeBallots(
  seed: number,
  voters: number,
  projects: { id: string; cost: number; weight: number }[],
  budget: number,
) {
  const rand = prng(seed);
  const total = projects.reduce((s, p) => s + p.weight, 0);
  return Array.from({ length: voters }, (): Selection[] => {
    const want = 1 + Math.floor(rand() * 4);
    const chosen: Selection[] = [];
    let spent = 0;
    for (let tries = 0; chosen.length < want && tries < 12; tries++) {
      let r = rand() * total;
      const p = projects.find((x) => (r -= x.weight) < 0) ?? projects[0]!;
      if (chosen.some((c) => c.projectId === p.id) || spent + p.cost > budget) continue;
      chosen.push({ projectId: p.id, points: 1 });
      spent += p.cost;
    }
    return chosen;
  }).filter((s) => s.length > 0);
}

async function insertBallots(
  deps: Deps,
  processId: string,
  ballots: Selection[][],
  wardCodes: string[],
  paperShare: number,
) {
  const records = ballots.map((selections, i) => {
    const paper = i < ballots.length * paperShare;
    return {
      voter_key: paper ? `paper:DEMO-${i + 1}` : `demo:${processId.slice(0, 8)}:${i + 1}`,
      channel: paper ? 'paper' : 'online',
      selections,
      ward_code: wardCodes[i % wardCodes.length] ?? null,
    };
  });
  await deps.db.execute(sql`
    INSERT INTO pb_ballots (process_id, voter_key, channel, selections, ward_code)
    SELECT ${processId}, x.voter_key, x.channel, x.selections, x.ward_code
    FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS x(voter_key text, channel text, selections jsonb, ward_code text)
    ON CONFLICT (process_id, voter_key) DO NOTHING`);
}

async function insertProjects(
  deps: Deps,
  processId: string,
  wardCode: string | null,
  list: SeedProject[],
  assessedAt: Date | null,
) {
  const created = [];
  for (const p of list) {
    const status = assessedAt ? (p.status ?? 'feasible') : 'proposed';
    const row = await repo.insertProject(deps.db, {
      processId,
      title: p.title,
      description: p.description,
      wardCode,
      estimatedCost: p.cost,
      proposerName: 'Demo resident',
      proposerEmail: 'resident@example.com',
      status,
      assessedCost: status === 'feasible' ? p.cost : null,
      feasibilityReason: assessedAt ? (p.reason ?? '') : '',
      assessedAt,
    });
    created.push({ ...row, weight: p.weight, cost: p.cost });
  }
  return created;
}

export async function seedBudgeting(deps: Deps) {
  if (await repo.findProcessBySlug(deps.db, 'ward-budget-round-1')) return;
  const wards = await listWardNames(deps.db);
  const [org] = await repo.rows<{ id: string }>(
    deps.db,
    sql`SELECT id FROM organisations ORDER BY created_at, slug LIMIT 1`,
  );
  if (!org || wards.length < 2) return;
  const now = deps.clock.now().getTime();
  // Phases start at London midnight, as the staff form sets them.
  const at = (days: number) => {
    const d = londonParts(new Date(now + days * DAY));
    return fromLondon(Number(d.year), Number(d.month), Number(d.day));
  };
  const base = {
    organisationId: org.id,
    budgetMode: 'per_head',
    perHeadPounds: '2.00',
    ballotType: 'knapsack',
    maxProjects: null,
    maxPoints: null,
    rule: 'mes',
    minAge: 16,
  } as const;

  // 1. A ward's round, counted and published, with delivery under way.
  const ward = wards[0]!;
  const done = await repo.insertProcess(deps.db, {
    ...base,
    slug: 'ward-budget-round-1',
    title: `${ward.name} ward budget: round 1`,
    description: `£2 a head for ${ward.name}, decided by the people who live there.`,
    wardCode: ward.code,
    population: 12_400,
    budget: 24_800,
    ideasFrom: at(-150),
    feasibilityFrom: at(-120),
    votingFrom: at(-90),
    votingUntil: at(-60),
    deliveryFrom: at(-30),
  });
  const doneProjects = await insertProjects(deps, done.id, ward.code, WARD_PROJECTS, at(-100));
  const feasible = doneProjects.filter((p) => p.status === 'feasible');
  await insertBallots(deps, done.id, makeBallots(13, 1400, feasible, done.budget), [ward.code], 0.08);
  const counted = await countVotes(deps, systemActor, done);
  if (counted.ok) {
    const published = await publishResults(deps, systemActor, counted.process);
    const funded = counted.count.result.funded;
    if (published.ok && funded.length) {
      await repo.insertDeliveryUpdate(deps.db, {
        projectId: funded[0]!,
        stage: 'completed',
        body: 'Installed and open to everyone.',
        createdAt: at(-5),
      });
      if (funded[1])
        await repo.insertDeliveryUpdate(deps.db, {
          projectId: funded[1],
          stage: 'in_progress',
          body: 'Suppliers chosen; work starts next month.',
          createdAt: at(-10),
        });
    }
  }

  // 2. Borough-wide, voting now.
  const open = await repo.insertProcess(deps.db, {
    ...base,
    budgetMode: 'fixed',
    perHeadPounds: null,
    population: null,
    slug: 'borough-budget',
    title: 'Borough community budget',
    description: 'A quarter of a million pounds for projects across the borough, chosen by residents.',
    wardCode: null,
    budget: 250_000,
    ideasFrom: at(-60),
    feasibilityFrom: at(-30),
    votingFrom: at(-7),
    votingUntil: at(21),
    deliveryFrom: at(60),
  });
  const openProjects = await insertProjects(deps, open.id, null, BOROUGH_PROJECTS, at(-20));
  await insertBallots(
    deps,
    open.id,
    makeBallots(29, 420, openProjects, open.budget),
    wards.map((w) => w.code),
    0.05,
  );

  // 3. Another ward collecting ideas.
  const next = wards[1]!;
  const ideas = await repo.insertProcess(deps.db, {
    ...base,
    slug: 'ward-budget-ideas',
    title: `${next.name} ward budget`,
    description: `£2 a head for ${next.name}. Share your ideas.`,
    wardCode: next.code,
    population: 10_900,
    budget: 21_800,
    ballotType: 'approval',
    maxProjects: 3,
    ideasFrom: at(-10),
    feasibilityFrom: at(20),
    votingFrom: at(45),
    votingUntil: at(75),
    deliveryFrom: at(100),
  });
  await insertProjects(deps, ideas.id, next.code, WARD_PROJECTS.slice(0, 3), null);
}
