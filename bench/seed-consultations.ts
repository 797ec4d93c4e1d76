/**
 * Bench data: a fresh database on the benchmark's PostgreSQL server holding the demo borough
 * (organisations, staff, 19 wards) plus N consultations (5,000 by default) in public states,
 * with varied topics, wards, partners, realistic text lengths and dates spread over three years.
 *
 * Text is generated in TypeScript from a seeded PRNG (the same data every run), then inserted
 * set-based: one INSERT ... SELECT FROM unnest($1::text[], ...) per 1,000 rows, and the ward,
 * partner and transition links with INSERT ... SELECT joins. Ends with ANALYZE.
 *
 * Used by hub.bench.ts; also runnable alone: PG_URL=postgres://... npx tsx bench/seed-consultations.ts
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { createDeps } from '../src/deps.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDemo } from '../src/db/seed.ts';
import { modules } from '../src/modules/index.ts';

export interface SeedResult {
  databaseUrl: string;
  databaseName: string;
  consultations: number;
  byState: Record<string, number>;
  seconds: number;
}

/** mulberry32: small, fast, deterministic. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBJECTS: Record<string, string[]> = {
  'adult-social-care': [
    'home care services',
    'day opportunities for adults with learning disabilities',
    'charging for adult social care',
    'the carers strategy',
    'extra care housing',
  ],
  'children-and-families': [
    'family hubs',
    'early help services',
    'children centre provision',
    'the SEND local offer',
    'holiday activities and food',
  ],
  'community-safety': [
    'the public spaces protection order',
    'anti-social behaviour powers',
    'CCTV coverage',
    'the violence against women and girls strategy',
    'neighbourhood policing priorities',
  ],
  'council-budget': [
    'the council budget',
    'council tax support scheme',
    'fees and charges',
    'savings proposals',
    'the medium term financial strategy',
  ],
  'culture-and-leisure': [
    'library opening hours',
    'the library service',
    'leisure centre fees',
    'the cultural strategy',
    'community halls and the library network',
  ],
  education: [
    'school admissions arrangements',
    'school place planning',
    'school streets',
    'adult education',
    'nursery provision',
  ],
  environment: [
    'the climate action plan',
    'tree planting',
    'air quality action plan',
    'the local nature recovery strategy',
    'flood risk management',
  ],
  'health-and-wellbeing': [
    'the health and wellbeing strategy',
    'GP access',
    'the pharmacy needs assessment',
    'mental health support',
    'healthy weight services',
  ],
  housing: [
    'the housing allocations policy',
    'the tenancy strategy',
    'estate regeneration',
    'the homelessness strategy',
    'selective licensing of private rented homes',
    'a new library and homes scheme',
  ],
  'parks-and-open-spaces': [
    'park improvements',
    'the playground renewal programme',
    'the parks and open spaces strategy',
    'allotments',
    'dog control orders in parks',
  ],
  'planning-and-regeneration': [
    'the draft local plan',
    'the town centre masterplan',
    'the statement of community involvement',
    'design codes',
    'the community infrastructure levy',
  ],
  'transport-and-streets': [
    'a low traffic neighbourhood',
    'controlled parking zones',
    'cycle lanes',
    'the 20mph speed limit',
    'electric vehicle charging points',
  ],
  'waste-and-recycling': [
    'bin collection days',
    'garden waste collections',
    'food waste recycling',
    'the reuse and recycling centre',
    'bulky waste charges',
  ],
  'young-people': [
    'youth services',
    'the youth zone',
    'the young people’s participation strategy',
    'apprenticeships',
    'the youth justice plan',
  ],
  'community-and-voluntary-sector': [
    'community grants',
    'the voluntary sector compact',
    'community asset transfer',
    'volunteering opportunities',
    'the social value policy',
  ],
};
const TITLE_PREFIX = [
  'Have your say on',
  'Proposed changes to',
  'Consultation on',
  'Review of',
  'Shaping',
  'The future of',
  'Draft proposals for',
];

const SENTENCES = [
  'We want to hear from everyone who lives, works or studies in the borough about {subject}.',
  'Over the last three years demand for {subject} has grown faster than the money available to pay for it.',
  'Residents told us they value local services such as the library, the health centre and the shops on the parade.',
  'The proposal has been developed with partners including the NHS, the police and the voluntary sector.',
  'We have looked at how other London boroughs manage {subject} and what worked well for their residents.',
  'No decision has been made yet, and we will consider every response before the decision maker decides.',
  'An equality impact assessment has been carried out and is available with the consultation documents.',
  'Some of the changes would affect older people, disabled people and families with young children more than others.',
  'The current arrangements were last reviewed in 2019 and no longer reflect how people use {subject}.',
  'We held drop-in sessions at community venues and spoke to people at the market before drafting these proposals.',
  'Any change would be introduced in stages so that people have time to adjust and to tell us how it is working.',
  'The council must make savings while protecting the services that matter most to residents.',
  'Our ward councillors have asked us to look again at {subject} in {ward}.',
  'Feedback from the previous engagement shaped the options set out below.',
  'If you need this information in another format or language, please contact us and we will help.',
  'Paper copies of the questionnaire are available at every library and at the civic centre reception.',
  'Evidence from surveys, complaints and service data suggests that the current approach is not meeting need in {ward}.',
  'We are proposing to spend more on prevention so that fewer people reach crisis point.',
  'Travel, cost and safety were the three things people mentioned most often in earlier conversations.',
  'The plan links to the borough manifesto and the priorities agreed by the health and wellbeing board.',
  'Young people from the youth forum helped us write the questions in plain English.',
  'Where the law sets out what we must do, we explain that clearly so that you know what can and cannot change.',
];
const CAN_CHANGE = [
  'The times, locations and order in which changes to {subject} are introduced.',
  'Which of the options we take forward, or a combination of them.',
  'How we support people who would be most affected, including through the library and community hubs.',
  'The priorities for spending within the budget available.',
];
const CANNOT_CHANGE = [
  'The overall budget, which was set by full council in February.',
  'Duties that the law places on the council, which we must continue to meet.',
  'Decisions already taken by the cabinet about neighbouring services.',
];
const DECISION_MAKERS = [
  'Cabinet',
  'Cabinet Member for Housing',
  'Cabinet Member for Community Leadership',
  'Health and Wellbeing Board',
  'Planning Committee',
  'Chief Executive under delegated powers',
  'Full Council',
];
const LADDER = ['inform', 'consult', 'consult', 'consult', 'involve', 'involve', 'collaborate', 'empower'];
const AUDIENCE_KEYS = [
  'residents',
  'ward-residents',
  'council-tenants',
  'businesses',
  'service-users',
  'voluntary-sector',
  'parents',
  'young-people',
  'older-people',
  'disabled-people',
  'ethnic-minorities',
  'faith-communities',
  'lgbt',
  'carers',
];
/** Public states, weighted: a borough with years of history is mostly closed and reported back. */
const STATE_WEIGHTS: [string, number][] = [
  ['open', 0.12],
  ['scheduled', 0.05],
  ['closed', 0.3],
  ['feedback_published', 0.45],
  ['archived', 0.08],
];

const DAY = 86_400_000;
const WEEK = 7 * DAY;

export async function seedBenchDatabase(adminUrl: string, count = 5000): Promise<SeedResult> {
  const started = Date.now();
  const databaseName = `bench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  const databaseUrl = url.toString();

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'soundings-bench-seed-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    JOBS_RUNNER: 'in-process',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
  });
  const deps = await createDeps(config);
  try {
    await migrate(deps.database);
    await seedDemo(deps, modules);
    const q = deps.database.query.bind(deps.database);

    const wards = await q<{ code: string; name: string }>('SELECT code, name FROM wards ORDER BY code');
    const orgs = await q<{ id: string; slug: string }>('SELECT id, slug FROM organisations ORDER BY slug');
    const officers = await q<{ id: string; organisation_id: string }>(
      'SELECT id, organisation_id FROM staff_users ORDER BY email',
    );
    if (wards.length === 0 || orgs.length === 0) throw new Error('demo seed produced no wards or organisations');
    const council = orgs.find((o) => o.slug === 'bd-council') ?? orgs[0]!;

    const rnd = prng(20260401);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
    const some = <T>(list: readonly T[], min: number, max: number): T[] => {
      const n = min + Math.floor(rnd() * (max - min + 1));
      const copy = [...list];
      const out: T[] = [];
      while (out.length < n && copy.length > 0) out.push(copy.splice(Math.floor(rnd() * copy.length), 1)[0]!);
      return out;
    };
    const pickState = () => {
      let r = rnd();
      for (const [state, weight] of STATE_WEIGHTS) if ((r -= weight) < 0) return state;
      return 'closed';
    };
    const topicKeys = Object.keys(SUBJECTS);
    const now = Date.now();

    const cols = {
      slug: [] as string[],
      title: [] as string[],
      summary: [] as string[],
      background: [] as string[],
      proposal: [] as string[],
      whatCan: [] as string[],
      whatCannot: [] as string[],
      howUsed: [] as string[],
      decisionMaker: [] as string[],
      decisionDate: [] as (string | null)[],
      ladder: [] as string[],
      lead: [] as string[],
      officer: [] as (string | null)[],
      topics: [] as string[],
      boroughWide: [] as boolean[],
      audiences: [] as string[],
      opensAt: [] as string[],
      closesAt: [] as string[],
      state: [] as string[],
      stateChangedAt: [] as string[],
      feedback: [] as string[],
      offline: [] as string[],
      contact: [] as string[],
      createdAt: [] as string[],
    };
    const wardLinks: { slug: string[]; code: string[] } = { slug: [], code: [] };
    const partnerLinks: { slug: string[]; org: string[] } = { slug: [], org: [] };
    const byState: Record<string, number> = {};

    for (let i = 0; i < count; i++) {
      const topics = some(topicKeys, 1, 3);
      const subject = pick(SUBJECTS[topics[0]!]!);
      const boroughWide = rnd() < 0.2;
      const linked = boroughWide ? [] : some(wards, 1, 3);
      const wardName = linked[0]?.name ?? 'the borough';
      const fill = (s: string) => s.replaceAll('{subject}', subject).replaceAll('{ward}', wardName);
      const sentences = (n: number) => Array.from({ length: n }, () => fill(pick(SENTENCES))).join(' ');
      const paragraphs = (p: number, min: number, max: number) =>
        Array.from({ length: p }, () => sentences(min + Math.floor(rnd() * (max - min + 1)))).join('\n\n');
      const title = `${pick(TITLE_PREFIX)} ${subject}${boroughWide ? '' : ` in ${wardName}`}`;
      const slug = `${title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')}-${(i + 1).toString(36)}`;

      const state = pickState();
      byState[state] = (byState[state] ?? 0) + 1;
      const length = (6 + Math.floor(rnd() * 7)) * WEEK;
      let opens: number;
      if (state === 'scheduled') opens = now + (1 + Math.floor(rnd() * 60)) * DAY;
      else if (state === 'open') opens = now - Math.floor(rnd() * (length - DAY));
      else if (state === 'closed') opens = now - length - Math.floor(rnd() * 120) * DAY;
      else opens = now - length - (60 + Math.floor(rnd() * (3 * 365 - 60))) * DAY; // up to three years back
      const closes = opens + length;
      const changed =
        state === 'scheduled'
          ? now - Math.floor(rnd() * 10) * DAY
          : state === 'open'
            ? opens
            : closes + (state === 'closed' ? DAY : 8 * WEEK);
      const lead = rnd() < 0.7 ? council : pick(orgs);
      const leadOfficers = officers.filter((o) => o.organisation_id === lead.id);

      cols.slug.push(slug);
      cols.title.push(title);
      cols.summary.push(sentences(2 + Math.floor(rnd() * 2)));
      cols.background.push(paragraphs(2 + Math.floor(rnd() * 3), 3, 6));
      cols.proposal.push(paragraphs(2 + Math.floor(rnd() * 2), 3, 5));
      cols.whatCan.push(some(CAN_CHANGE, 2, 3).map(fill).join('\n\n'));
      cols.whatCannot.push(some(CANNOT_CHANGE, 1, 2).join('\n\n'));
      cols.howUsed.push(
        'We will read every response and publish a summary of what you told us and what we will do as a result. ' +
          fill(pick(SENTENCES)),
      );
      cols.decisionMaker.push(pick(DECISION_MAKERS));
      cols.decisionDate.push(new Date(closes + (4 + Math.floor(rnd() * 8)) * WEEK).toISOString().slice(0, 10));
      cols.ladder.push(pick(LADDER));
      cols.lead.push(lead.id);
      cols.officer.push(leadOfficers.length > 0 ? pick(leadOfficers).id : null);
      cols.topics.push(topics.join(','));
      cols.boroughWide.push(boroughWide);
      cols.audiences.push(some(AUDIENCE_KEYS, 1, 3).join(','));
      cols.opensAt.push(new Date(opens).toISOString());
      cols.closesAt.push(new Date(closes).toISOString());
      cols.state.push(state);
      cols.stateChangedAt.push(new Date(Math.min(changed, now)).toISOString());
      cols.feedback.push(
        state === 'feedback_published' || state === 'archived'
          ? `You said: ${sentences(2)}\n\nWe did: ${sentences(3)}`
          : '',
      );
      cols.offline.push('Write to Freepost SOUNDINGS, or call 020 8215 3000 and we will post you a paper copy.');
      cols.contact.push('consultation@council.example, 020 8215 3000');
      cols.createdAt.push(new Date(opens - (2 + Math.floor(rnd() * 6)) * WEEK).toISOString());
      for (const ward of linked) {
        wardLinks.slug.push(slug);
        wardLinks.code.push(ward.code);
      }
      if (rnd() < 0.35) {
        for (const org of some(
          orgs.filter((o) => o.id !== lead.id),
          1,
          2,
        )) {
          partnerLinks.slug.push(slug);
          partnerLinks.org.push(org.id);
        }
      }
    }

    const CHUNK = 1000;
    for (let start = 0; start < count; start += CHUNK) {
      const s = (a: unknown[]) => a.slice(start, start + CHUNK);
      await q(
        `INSERT INTO consultations (slug, title, summary, background, proposal, what_can_change, what_cannot_change,
           how_responses_used, decision_maker, decision_date, ladder_rung, lead_organisation_id, lead_officer_id, topics,
           borough_wide, audiences, opens_at, closes_at, state, state_changed_at, feedback_summary, offline_response,
           contact_details, created_at, updated_at)
         SELECT slug, title, summary, background, proposal, can, cannot, used, maker, ddate, rung, lead, officer,
           string_to_array(topics, ','), wide, string_to_array(auds, ','), opens, closes, state, changed, feedback,
           offline, contact, created, changed
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
           $9::text[], $10::date[], $11::text[], $12::uuid[], $13::uuid[], $14::text[], $15::boolean[], $16::text[],
           $17::timestamptz[], $18::timestamptz[], $19::text[], $20::timestamptz[], $21::text[], $22::text[], $23::text[],
           $24::timestamptz[])
           AS t(slug, title, summary, background, proposal, can, cannot, used, maker, ddate, rung, lead, officer, topics,
             wide, auds, opens, closes, state, changed, feedback, offline, contact, created)`,
        [
          s(cols.slug),
          s(cols.title),
          s(cols.summary),
          s(cols.background),
          s(cols.proposal),
          s(cols.whatCan),
          s(cols.whatCannot),
          s(cols.howUsed),
          s(cols.decisionMaker),
          s(cols.decisionDate),
          s(cols.ladder),
          s(cols.lead),
          s(cols.officer),
          s(cols.topics),
          s(cols.boroughWide),
          s(cols.audiences),
          s(cols.opensAt),
          s(cols.closesAt),
          s(cols.state),
          s(cols.stateChangedAt),
          s(cols.feedback),
          s(cols.offline),
          s(cols.contact),
          s(cols.createdAt),
        ],
      );
    }
    await q(
      `INSERT INTO consultation_wards (consultation_id, ward_code)
       SELECT c.id, t.code FROM unnest($1::text[], $2::text[]) AS t(slug, code) JOIN consultations c ON c.slug = t.slug`,
      [wardLinks.slug, wardLinks.code],
    );
    await q(
      `INSERT INTO consultation_partners (consultation_id, organisation_id)
       SELECT c.id, t.org FROM unnest($1::text[], $2::uuid[]) AS t(slug, org) JOIN consultations c ON c.slug = t.slug`,
      [partnerLinks.slug, partnerLinks.org],
    );
    // The last step of each consultation's history, so pages that show a timeline have one.
    await q(
      `INSERT INTO consultation_transitions (consultation_id, from_state, to_state, reason, occurred_at)
       SELECT c.id,
              CASE c.state WHEN 'scheduled' THEN 'in_review' WHEN 'open' THEN 'scheduled' WHEN 'closed' THEN 'open'
                           WHEN 'feedback_published' THEN 'closed' ELSE 'feedback_published' END,
              c.state, 'bench seed', c.state_changed_at
       FROM consultations c WHERE c.slug = ANY($1::text[])`,
      [cols.slug],
    );
    // Steady state: visibility map set (index-only scans work) and fresh statistics, as autovacuum would leave it.
    await deps.database.exec('VACUUM ANALYZE');
    return { databaseUrl, databaseName, consultations: count, byState, seconds: (Date.now() - started) / 1000 };
  } finally {
    await deps.database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const adminUrl = process.env.PG_URL;
  if (!adminUrl) throw new Error('Set PG_URL to a PostgreSQL superuser URL (bench/run.sh does this)');
  const result = await seedBenchDatabase(adminUrl, Number(process.env.BENCH_CONSULTATIONS ?? 5000));
  console.log(JSON.stringify(result, null, 2));
}
