/**
 * Demo petitions: one near the response threshold (480 of 500), one past 500 with a published
 * response, one near the debate threshold, one rejected with its reason, one gathering supporters
 * and one waiting for moderation; and a councillor call for action with its trail. Signatures are
 * inserted set-based (generate_series), their wards taken from the loaded geography and postcode
 * lookup, never named here. Dates are relative to the clock. Idempotent.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { listWardNames } from '../geography/index.ts';
import { councilOrganisation, rows } from './petitions.repository.ts';

const DAY = 86_400_000;
const ts = (value: Date) => sql`${value.toISOString()}::timestamptz`;

interface SeedPetition {
  title: string;
  action: string;
  background: string;
  creator: string;
  status: 'collecting' | 'moderation' | 'open' | 'rejected';
  signatures: number;
  openedDaysAgo?: number;
  rejection?: { code: string; details: string };
  response?: string;
  lead?: string;
  /** A burst from one network with disposable addresses, for the moderators' fraud signals. */
  burst?: number;
}

const PETITIONS: SeedPetition[] = [
  {
    title: 'Put a pedestrian crossing outside the primary school on the high road',
    action:
      'Install a zebra or signal-controlled crossing on the main road outside the school gates before the next school year.',
    background:
      'Children and parents cross four lanes of traffic at drop-off and pick-up. There have been two near misses this term.\n\nA crossing would make the school run safer for everyone.',
    creator: 'Amira Hassan',
    status: 'open',
    signatures: 480,
    openedDaysAgo: 40,
    lead: 'housing@council.example',
    burst: 24,
  },
  {
    title: 'Keep the library open on Sundays',
    action: 'Restore Sunday opening hours at the central library.',
    background: 'Sunday is the only day many working families and students can use the library.',
    creator: 'Tom Okafor',
    status: 'open',
    signatures: 620,
    openedDaysAgo: 90,
    lead: 'engagement@council.example',
    response:
      'Thank you to everyone who signed. From April the central library will open on Sundays from 11am to 4pm, funded from the libraries transformation budget.\n\nWe will review use after six months and publish the figures.',
  },
  {
    title: 'Plant 1,000 street trees in the borough by 2028',
    action: 'Commit to planting 1,000 new street trees, prioritising the wards with the least tree cover.',
    background: 'Trees cool streets in summer, clean the air and make walking more pleasant.',
    creator: 'Grace Lin',
    status: 'open',
    signatures: 1460,
    openedDaysAgo: 120,
    lead: 'engagement@council.example',
  },
  {
    title: 'Lower the speed limit on the motorway through the borough',
    action: 'Reduce the speed limit on the motorway to 50mph.',
    background: 'Noise and pollution from the motorway affect homes nearby.',
    creator: 'Pete Marsh',
    status: 'rejected',
    signatures: 6,
    rejection: {
      code: 'not-responsible',
      details:
        'Speed limits on motorways are set by National Highways, not the council. You can contact National Highways directly, or ask your MP to raise it.',
    },
  },
  {
    title: 'More bins and benches in the park',
    action: 'Add litter bins and benches along the main path through the park.',
    background: '',
    creator: 'Jo Bailey',
    status: 'collecting',
    signatures: 3,
  },
  {
    title: 'Free swimming for under-16s in the school holidays',
    action: 'Make swimming free for children under 16 at council leisure centres during school holidays.',
    background: 'Many families cannot afford swimming, and every child should learn to swim.',
    creator: 'Sam Patel',
    status: 'moderation',
    signatures: 6,
  },
];

export async function seedPetitions(deps: Deps) {
  const council = await councilOrganisation(deps.db);
  if (!council) return;
  const [existing] = await rows<{ n: number }>(deps.db, sql`SELECT count(*)::int AS n FROM petitions`);
  if (existing!.n > 0) return;
  const now = deps.clock.now();
  const wards = await listWardNames(deps.db);
  const lookup = await rows<{ postcode: string; wardCode: string }>(
    deps.db,
    sql`SELECT DISTINCT ON (ward_code) postcode, ward_code AS "wardCode" FROM postcodes ORDER BY ward_code, postcode`,
  );
  // One postcode per ward from the lookup; wards without one still count (by ward code alone).
  const places = wards.map((w) => ({
    wardCode: w.code,
    postcode: lookup.find((l) => l.wardCode === w.code)?.postcode ?? 'ZZ99 9ZZ',
  }));
  if (!places.length) return;
  const staff = new Map(
    (await rows<{ id: string; email: string }>(deps.db, sql`SELECT id, email FROM staff_users`)).map((s) => [
      s.email,
      s.id,
    ]),
  );
  const moderator = staff.get('engagement@council.example') ?? null;
  const wardCodes = sql`ARRAY[${sql.join(
    places.map((p) => sql`${p.wardCode}`),
    sql`, `,
  )}]::text[]`;
  const postcodes = sql`ARRAY[${sql.join(
    places.map((p) => sql`${p.postcode}`),
    sql`, `,
  )}]::text[]`;
  const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

  for (const [index, seed] of PETITIONS.entries()) {
    const openedAt = seed.openedDaysAgo ? new Date(now.getTime() - seed.openedDaysAgo * DAY) : null;
    const createdAt = new Date((openedAt ?? now).getTime() - 3 * DAY);
    const [petition] = await rows<{ id: string }>(
      deps.db,
      sql`INSERT INTO petitions (organisation_id, title, action, background, creator_name, status, rejection_code,
            rejection_details, moderated_by, moderated_at, lead_officer_id, opened_at, closes_at, response,
            response_published_at, created_at)
          VALUES (${council.id}, ${seed.title}, ${seed.action}, ${seed.background}, ${seed.creator}, ${seed.status},
            ${seed.rejection?.code ?? null}, ${seed.rejection?.details ?? null},
            ${seed.status === 'open' || seed.status === 'rejected' ? moderator : null},
            ${seed.status === 'open' || seed.status === 'rejected' ? ts(openedAt ?? now) : null},
            ${seed.lead ? (staff.get(seed.lead) ?? null) : null},
            ${openedAt ? ts(openedAt) : null}, ${openedAt ? ts(new Date(openedAt.getTime() + 182 * DAY)) : null},
            ${seed.response ?? null}, ${seed.response ? ts(new Date(now.getTime() - 5 * DAY)) : null}, ${ts(createdAt)})
          RETURNING id`,
    );
    const id = petition!.id;
    const span = Math.max(1, (openedAt ? now.getTime() - openedAt.getTime() : DAY) - 3600_000);
    // Signature 1 is the creator; the rest spread over the open period, wards by turn.
    await deps.db.execute(sql`
      INSERT INTO petition_signatures (petition_id, name, email, email_key, email_domain, postcode, ward_code, in_borough,
        notify_me, is_creator, status, token_hash, token_expires_at, token_sent_at, address_hash, network_hash,
        created_at, confirmed_at)
      SELECT ${id}, CASE WHEN g = 1 THEN ${seed.creator} ELSE 'Demo signer ' || g END,
        'signer' || g || '.p' || ${index} || '@example.com', 'signer' || g || '.p' || ${index} || '@example.com', 'example.com',
        (${postcodes})[1 + (g * 7) % ${places.length}], (${wardCodes})[1 + (g * 7) % ${places.length}], true,
        g % 3 = 0 OR g = 1, g = 1, 'confirmed', md5('demo-token-' || ${id} || '-' || g), ${ts(new Date(now.getTime() - DAY))},
        ${ts(createdAt)}, md5('demo-address-' || g), md5('demo-network-' || (g % 97)),
        ${ts(createdAt)}::timestamptz + g * ${Math.round(span / seed.signatures)}::bigint * interval '1 millisecond',
        ${ts(createdAt)}::timestamptz + g * ${Math.round(span / seed.signatures)}::bigint * interval '1 millisecond' + interval '3 minutes'
      FROM generate_series(1, ${seed.signatures}) AS g`);
    if (seed.burst) {
      const burstAt = new Date(now.getTime() - 2 * 3600_000);
      await deps.db.execute(sql`
        INSERT INTO petition_signatures (petition_id, name, email, email_key, email_domain, postcode, ward_code, in_borough,
          status, token_hash, token_expires_at, token_sent_at, address_hash, network_hash, created_at)
        SELECT ${id}, 'Burst signer ' || g, 'burst' || g || '@mailinator.com', 'burst' || g || '@mailinator.com', 'mailinator.com',
          (${postcodes})[1], (${wardCodes})[1], true, 'pending', md5('demo-burst-' || ${id} || g),
          ${ts(new Date(now.getTime() + 6 * DAY))}, ${ts(burstAt)}, ${hash('burst-address')}, ${hash('burst-network')},
          ${ts(burstAt)}::timestamptz + (g || ' seconds')::interval
        FROM generate_series(1, ${seed.burst}) AS g`);
    }
    if (seed.signatures >= 500 && seed.status === 'open') {
      await deps.db.execute(sql`
        INSERT INTO petition_thresholds_reached (petition_id, kind, threshold, signatures, reached_at)
        VALUES (${id}, 'response', 500, 500, ${ts(new Date(now.getTime() - 20 * DAY))})`);
    }
  }

  // A call for action with its trail, and one refused.
  const councillor = staff.get('councillor@council.example');
  if (!councillor) return;
  const [accepted] = await rows<{ id: string }>(
    deps.db,
    sql`INSERT INTO ccfas (organisation_id, councillor_id, councillor_name, ward_code, title, issue, steps_taken, status,
          decision_reasons, decided_by, decided_at, meeting_date, created_at)
        VALUES (${council.id}, ${councillor}, 'Cllr Chris Ward', ${places[0]!.wardCode},
          'Fly-tipping in the alleys behind the parade of shops',
          'Residents report fly-tipping in the rear alleys most weeks. Bags and furniture stay for days and attract rats.',
          'I have reported it to the street cleansing team eleven times since June, met the area manager, and asked for CCTV. Clearances happen, but the tipping returns within days.',
          'accepted',
          'The issue is local, persistent and has not been resolved through the service or the councillor’s casework. The committee will look at enforcement and prevention.',
          ${moderator}, ${ts(new Date(now.getTime() - 30 * DAY))}, ${new Date(now.getTime() - 14 * DAY).toISOString().slice(0, 10)},
          ${ts(new Date(now.getTime() - 45 * DAY))})
        RETURNING id`,
  );
  await deps.db.execute(sql`
    INSERT INTO ccfa_recommendations (ccfa_id, position, body, addressed_to, response, responded_at) VALUES
      (${accepted!.id}, 1, 'Install gates at both ends of the rear alleys, with keys for residents and businesses.',
       'Cabinet Member for Environment', 'Agreed. Gates will be fitted by the end of March, funded from the alley-gating programme.',
       ${ts(new Date(now.getTime() - 3 * DAY))}),
      (${accepted!.id}, 2, 'Run a month of targeted enforcement patrols with the police neighbourhood team.',
       'Head of Enforcement', NULL, NULL)`);
  await deps.db.execute(sql`
    INSERT INTO ccfas (organisation_id, councillor_id, councillor_name, ward_code, title, issue, steps_taken, status,
      decision_reasons, decided_by, decided_at, created_at)
    VALUES (${council.id}, ${councillor}, 'Cllr Chris Ward', ${places[Math.min(1, places.length - 1)]!.wardCode},
      'Parking permit charges', 'Residents object to the new borough-wide permit charges.',
      'I have written to the Cabinet Member.', 'refused',
      'Permit charges are a borough-wide policy decided by Cabinet, not a local issue in one ward. The committee suggests raising it through the overview and scrutiny work programme.',
      ${moderator}, ${ts(new Date(now.getTime() - 10 * DAY))}, ${ts(new Date(now.getTime() - 20 * DAY))})`);
  await deps.db.execute(
    sql`SELECT setval(pg_get_serial_sequence('petitions', 'number'), greatest(1000, (SELECT max(number) FROM petitions)))`,
  );
}
