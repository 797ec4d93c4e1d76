/**
 * A large CSV import stored in batches: every row exactly once with its About you answers, a
 * second confirmation of the same file stores nothing, and a bad row still stores nothing at all.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { build } from '../../../test/helpers.ts';
import type { CurrentUser } from '../../web/auth.ts';
import { londonDay } from './offline.schema.ts';
import { importResponses, openEntry, type EntryTarget } from './offline.service.ts';
import { createRespondable } from './responding.fixtures.ts';

describe('importing many responses', async () => {
  const { deps } = await build();
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);
  const [user] = await q<CurrentUser>(
    `SELECT s.id, s.name, s.email, s.role, s.organisation_id AS "organisationId", o.name AS "organisationName"
     FROM staff_users s JOIN organisations o ON o.id = s.organisation_id WHERE s.email = 'engagement@council.example'`,
  );
  const actor = { id: user!.id, label: user!.email, organisationId: user!.organisationId };
  const fixture = await createRespondable(deps);
  const access = await openEntry(deps, user!, fixture.consultationId);
  if (!access.ok) throw new Error('no entry access');
  const target: EntryTarget = access.target;
  const today = londonDay(deps.clock.now());
  const header = 'channel,received,respondent_type,publication_consent,support,comments,age_band';
  const row = (i: number) =>
    `paper,${today},individual,do_not_publish,yes,"Row ${i}, with a comma",${i % 3 ? '25_to_34' : ''}`;
  const csv = (rows: string[]) => [header, ...rows].join('\r\n');
  const count = async () =>
    (
      await q<{ n: number }>('SELECT count(*)::int AS n FROM responses WHERE questionnaire_id = $1', [
        fixture.questionnaireId,
      ])
    )[0]!.n;

  // Three INSERT batches of 500, the last part-full.
  const rows = Array.from({ length: 1201 }, (_, i) => row(i + 1));

  it('stores every row once, in batches, with About you kept apart', async () => {
    const batch = randomUUID();
    const outcome = await importResponses(deps, actor, target, csv(rows), batch);
    expect(outcome).toEqual({ ok: true, count: 1201 });
    expect(await count()).toBe(1201);
    const [equalities] = await q<{ n: number }>(
      'SELECT count(*)::int AS n FROM response_equalities WHERE questionnaire_id = $1',
      [fixture.questionnaireId],
    );
    expect(equalities!.n).toBe(1201 - Math.floor(1201 / 3));
    const [comment] = await q<{ comments: string; channel: string }>(
      `SELECT answers->>'comments' AS comments, channel FROM responses WHERE questionnaire_id = $1 AND answers->>'comments' = 'Row 1000, with a comma'`,
      [fixture.questionnaireId],
    );
    expect(comment).toEqual({ comments: 'Row 1000, with a comma', channel: 'paper' });
    // Confirming the same checked file again stores nothing more.
    expect(await importResponses(deps, actor, target, csv(rows), batch)).toEqual({
      ok: false,
      reason: 'already_imported',
    });
    expect(await count()).toBe(1201);
    const [audit] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'responses.imported' AND entity_id = $1`,
      [fixture.questionnaireId],
    );
    expect(audit!.n).toBe(1);
  });

  it('stores nothing when one row of many is wrong, reporting it by line', async () => {
    const bad = [...rows.slice(0, 700), 'paper,not-a-date,individual,do_not_publish,yes,,', ...rows.slice(700, 900)];
    const outcome = await importResponses(deps, actor, target, csv(bad), randomUUID());
    expect(outcome.ok).toBe(false);
    if (!outcome.ok && outcome.reason === 'invalid' && outcome.check.ok) {
      expect(outcome.check.invalid.map((r) => r.line)).toEqual([702]);
    } else throw new Error('expected a row report');
    expect(await count()).toBe(1201);
  });
});
