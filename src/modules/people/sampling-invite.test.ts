import { describe, expect, it } from 'vitest';
import { systemActor, type Deps } from '../../deps.ts';
import { build } from '../../../test/helpers.ts';
import { drawPanelSample, inviteSample } from './sampling.service.ts';

const { deps } = await build();

async function panelId(slug: string) {
  const [row] = await deps.database.query<{ id: string }>('SELECT id FROM people_panels WHERE slug = $1', [slug]);
  return row!.id;
}

async function draw(seed: number, size = 8) {
  const outcome = await drawPanelSample(deps, systemActor, await panelId('citizens-panel'), {
    size,
    characteristics: ['sex'],
    excludeDays: 0,
    seed,
  });
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.sampleId;
}

const sampleEmails = async (sampleId: string) =>
  (
    await deps.database.query<{ email: string }>(
      'SELECT p.email FROM people_sample_members sm JOIN people p ON p.id = sm.person_id WHERE sm.sample_id = $1 ORDER BY p.email',
      [sampleId],
    )
  ).map((r) => r.email);

/** Everything an invitation leaves behind, for one sample. */
async function traces(sampleId: string, emails: string[]) {
  const q = async (sql: string, params: unknown[]) => (await deps.database.query<{ n: number }>(sql, params))[0]!.n;
  return {
    sampleInvited: await q('SELECT count(*)::int AS n FROM people_samples WHERE id = $1 AND invited_at IS NOT NULL', [
      sampleId,
    ]),
    membersMarked: await q(
      'SELECT count(*)::int AS n FROM people_sample_members WHERE sample_id = $1 AND (invited_at IS NOT NULL OR skipped_reason IS NOT NULL)',
      [sampleId],
    ),
    events: await q("SELECT count(*)::int AS n FROM people_events WHERE sample_id = $1 AND kind = 'invited'", [
      sampleId,
    ]),
    messages: await q(
      "SELECT count(*)::int AS n FROM outbox_messages WHERE recipient = ANY($1) AND template IN ('people-focus-group', 'response-invitation')",
      [emails],
    ),
    links: await q('SELECT count(*)::int AS n FROM questionnaire_invitations WHERE email = ANY($1)', [emails]),
  };
}

/** deps whose notifier refuses to queue anything for one recipient, as a crash part-way would. */
function failingFor(recipient: string): Deps {
  return {
    ...deps,
    notifier: {
      ...deps.notifier,
      async queue(tx, message) {
        if (message.recipient === recipient) throw new Error('outbox unavailable');
        return deps.notifier.queue(tx, message);
      },
    },
  };
}

const nothing = { sampleInvited: 0, membersMarked: 0, events: 0, messages: 0, links: 0 };

describe('inviting a sample is one transaction', () => {
  it('leaves nobody marked invited and nothing queued when one focus-group message cannot be queued', async () => {
    const sampleId = await draw(101);
    const emails = await sampleEmails(sampleId);
    expect(emails.length).toBe(8);
    const input = { purpose: 'focus_group' as const, questionnaire: '', focusGroup: 'Park benches' };
    await expect(inviteSample(failingFor(emails[5]!), systemActor, sampleId, input)).rejects.toThrow(
      'outbox unavailable',
    );
    expect(await traces(sampleId, emails)).toEqual(nothing);

    // Nothing was claimed, so the sample can be invited once the fault is gone.
    const outcome = await inviteSample(deps, systemActor, sampleId, input);
    expect(outcome).toEqual({ ok: true, invited: 8, skipped: 0 });
    expect(await traces(sampleId, emails)).toMatchObject({
      sampleInvited: 1,
      membersMarked: 8,
      events: 8,
      messages: 8,
    });
  });

  it('leaves no private link and no email when one consultation invitation cannot be queued', async () => {
    const sampleId = await draw(202);
    const emails = await sampleEmails(sampleId);
    const [questionnaire] = await deps.database.query<{ id: string }>(
      "SELECT q.id FROM questionnaires q JOIN consultations c ON c.id = q.owner_id WHERE c.state = 'open' LIMIT 1",
    );
    const input = { purpose: 'consultation' as const, questionnaire: questionnaire!.id, focusGroup: '' };
    const before = await traces(sampleId, emails);
    await expect(inviteSample(failingFor(emails[0]!), systemActor, sampleId, input)).rejects.toThrow();
    expect(await traces(sampleId, emails)).toEqual(before);
    expect(before).toMatchObject({ sampleInvited: 0, membersMarked: 0, events: 0 });

    const outcome = await inviteSample(deps, systemActor, sampleId, input);
    expect(outcome.ok && outcome.invited).toBe(8);
    const after = await traces(sampleId, emails);
    expect(after.events).toBe(8);
    expect(after.links - before.links).toBe(8);
  });

  it('keeps the contact limit when two samples with the same members are invited at once', async () => {
    const [first, second] = [await draw(303, 6), await draw(303, 6)];
    const emails = await sampleEmails(first);
    expect(await sampleEmails(second)).toEqual(emails);
    const { contactLimit } = deps.config.people;
    const ids = await deps.database.query<{ person_id: string }>(
      'SELECT person_id FROM people_sample_members WHERE sample_id = $1',
      [first],
    );
    // One invitation short of the limit: only one of the two samples may reach each member.
    // (Earlier tests here may have invited some of them already.)
    for (const { person_id } of ids)
      await deps.database.query(
        `INSERT INTO people_events (person_id, kind, detail, occurred_at)
         SELECT $1, 'invited', 'earlier', $2 FROM generate_series(1, $3::int - 1 -
           (SELECT count(*)::int FROM people_events WHERE person_id = $1 AND kind = 'invited'))`,
        [person_id, deps.clock.now().toISOString(), contactLimit],
      );
    const input = { purpose: 'focus_group' as const, questionnaire: '', focusGroup: 'Bus routes' };
    // A slow outbox keeps both transactions open together, so they overlap whatever the timing.
    const slow: Deps = {
      ...deps,
      notifier: {
        ...deps.notifier,
        async queue(tx, message) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          return deps.notifier.queue(tx, message);
        },
      },
    };
    const outcomes = await Promise.all([
      inviteSample(slow, systemActor, first, input),
      inviteSample(slow, systemActor, second, input),
    ]);
    const invited = outcomes.map((o) => (o.ok ? o.invited : -1)).sort();
    expect(invited).toEqual([0, 6]);
    const counts = await deps.database.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM people_events WHERE kind = 'invited' AND person_id = ANY($1) GROUP BY person_id",
      [ids.map((r) => r.person_id)],
    );
    expect(counts.every((c) => c.n === contactLimit)).toBe(true);
  });
});
