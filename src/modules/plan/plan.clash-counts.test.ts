/**
 * The list page's clash counts (one query for the whole page) against the per-activity check the
 * activity page runs (clashCandidates + findClashes), over many activities built to hit the edges:
 * touching windows, borough-wide, shared wards or not, no shared audience or topic, cancelled.
 */
import { describe, expect, it } from 'vitest';
import { build, textOf, signedInBrowsers } from '../../../test/helpers.ts';
import { findClashes, type PlannedActivity } from './clash.ts';
import { clashCandidates } from './plan.repository.ts';
import { checkActivity, listClashCounts, toPlanned } from './plan.service.ts';

describe('clash counts for the list page', async () => {
  const { app, deps } = await build({ now: '2031-01-15T10:00:00Z' });
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);
  const [org] = await q<{ id: string }>(`SELECT id FROM organisations WHERE slug = 'nhs-nel'`);
  const wards = (await q<{ code: string }>(`SELECT code FROM wards ORDER BY code LIMIT 5`)).map((w) => w.code);

  // A small deterministic PRNG, so a failure names the same activities every run.
  let seed = 7;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const pick = <T>(values: readonly T[]) => values[Math.floor(rand() * values.length)]!;
  const day = (n: number) => new Date(Date.UTC(2031, 0, 1) + n * 86_400_000).toISOString();
  const AUDIENCES = ['council-tenants', 'parents', 'young-people'];
  const TOPICS = ['housing', 'transport-and-streets', 'education'];
  const MANY = 160;
  // Windows start on whole days and mostly last whole weeks, so many touch end-to-start; a few run
  // for months, so a short one is reached by one that started long before it.
  for (let i = 0; i < MANY; i++) {
    const boroughWide = rand() < 0.1;
    const start = Math.floor(rand() * 60);
    await q(
      `INSERT INTO plan_activities (organisation_id, title, ladder_rung, audiences, topics, ward_codes, borough_wide,
         uses_panel, starts_at, ends_at, status)
       VALUES ($1, $2, 'consult', $3, $4, $5, $6, false, $7, $8, $9)`,
      [
        org!.id,
        `Counted activity ${i}`,
        rand() < 0.2 ? [] : [pick(AUDIENCES)],
        rand() < 0.3 ? [] : [pick(TOPICS)],
        boroughWide ? [] : [...new Set([pick(wards), pick(wards)])],
        boroughWide,
        day(start),
        day(start + (rand() < 0.1 ? 60 + Math.floor(rand() * 60) : 7 * (1 + Math.floor(rand() * 3)))),
        rand() < 0.08 ? 'cancelled' : pick(['idea', 'planned', 'confirmed']),
      ],
    );
  }
  const listed = (
    await q<Parameters<typeof toPlanned>[0]>(
      `SELECT a.id, a.title, a.organisation_id, o.name AS organisation_name, a.status, a.audiences, a.topics,
              a.ward_codes, a.borough_wide, a.uses_panel, a.starts_at, a.ends_at
         FROM plan_activities a JOIN organisations o ON o.id = a.organisation_id
        WHERE a.title LIKE 'Counted activity %' ORDER BY a.title`,
    )
  ).map(toPlanned);

  it('gives every activity the count the per-activity check gives, cancelled ones included', async () => {
    expect(listed).toHaveLength(MANY);
    const counts = await listClashCounts(deps, listed);
    const perActivity = await Promise.all(
      listed.map(async (a: PlannedActivity) => (await checkActivity(deps, a)).clashes.length),
    );
    expect(listed.map((a) => counts.get(a.id))).toEqual(perActivity);
    // The data really does exercise the rules: some clash, some do not, some are cancelled.
    expect(perActivity.filter((n) => n > 0).length).toBeGreaterThan(20);
    expect(perActivity.filter((n) => n === 0).length).toBeGreaterThan(5);
    expect(listed.some((a) => a.status === 'cancelled')).toBe(true);
  });

  it('caps each count where the per-activity candidates are capped', async () => {
    const capped = await listClashCounts(deps, listed, 3);
    for (const a of listed) {
      const expected = findClashes(a, (await clashCandidates(deps.db, a, 3)).map(toPlanned)).length;
      expect(capped.get(a.id) ?? 0, a.title).toBe(expected);
    }
    expect([...capped.values()].some((n) => n === 3)).toBe(true);
  });

  it('shows the same counts on /staff/plan', async () => {
    const officer = await signedInBrowsers(app)('officer@nhs.example');
    const page = textOf((await officer.get('/staff/plan?quarter=2031-q1&organisation=nhs-nel')).body);
    const counts = await listClashCounts(deps, listed);
    const some = listed.find((a) => (counts.get(a.id) ?? 0) > 1)!;
    expect(page).toContain(`${some.title} NHS North East London`);
    expect(page).toMatch(new RegExp(`${some.title} .*? ${counts.get(some.id)} clashes`));
    expect(await listClashCounts(deps, [])).toEqual(new Map());
  });
});
