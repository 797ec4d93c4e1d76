/** Exactly once under parallel calls, straight at the use-cases (on PostgreSQL these run on separate connections). */
import { describe, expect, it } from 'vitest';
import { build } from '../../../test/helpers.ts';
import { checkThresholds, confirmByToken, signPetition } from './petitions.service.ts';
import { findPetitionByNumber } from './petitions.repository.ts';

describe('petitions under parallel requests', async () => {
  const { deps } = await build({ now: '2027-02-01T10:00:00Z' });
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);
  const [near] = await q<{ number: number }>(
    `SELECT number FROM petitions WHERE title LIKE 'Put a pedestrian crossing%'`,
  );
  const petition = (await findPetitionByNumber(deps.db, near!.number))!;
  const input = (email: string) => ({ name: 'Pat', email, postcode: 'RM10 7BB', inBorough: true, notifyMe: false });
  const tokenOf = async (email: string) => {
    const [m] = await q<{ personalisation: { link: string } }>(
      `SELECT personalisation FROM outbox_messages WHERE recipient = $1 AND template = 'petition-signature-confirm'`,
      [email],
    );
    return m!.personalisation.link.split('/').pop()!;
  };

  it('20 identical signatures at once: one row, one message', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        signPetition(deps, petition, input('same@example.com'), { ip: `192.0.2.${i}` }),
      ),
    );
    expect(outcomes.filter((o) => o.ok && o.sent)).toHaveLength(1);
    expect(await q(`SELECT 1 FROM petition_signatures WHERE email_key = 'same@example.com'`)).toHaveLength(1);
    expect(await q(`SELECT 1 FROM outbox_messages WHERE recipient = 'same@example.com'`)).toHaveLength(1);
  });

  it('one link pressed 20 times at once counts once', async () => {
    const token = await tokenOf('same@example.com');
    const before = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM petition_signatures WHERE petition_id = $1 AND status = 'confirmed'`,
      [petition.id],
    );
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => confirmByToken(deps, token)));
    expect(outcomes.filter((o) => o.ok && o.first)).toHaveLength(1);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const after = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM petition_signatures WHERE petition_id = $1 AND status = 'confirmed'`,
      [petition.id],
    );
    expect(after[0]!.n).toBe(before[0]!.n + 1);
  });

  it('crossing the threshold with parallel confirmations records it once and tells the lead officer once', async () => {
    const emails = Array.from({ length: 25 }, (_, i) => `crowd${i}@example.com`);
    await Promise.all(emails.map((e, i) => signPetition(deps, petition, input(e), { ip: `198.51.100.${i}` })));
    const tokens = await Promise.all(emails.map(tokenOf));
    await Promise.all(tokens.map((t) => confirmByToken(deps, t)));
    await Promise.all(Array.from({ length: 10 }, () => checkThresholds(deps, petition.id)));
    expect(await q(`SELECT 1 FROM petition_thresholds_reached WHERE petition_id = $1`, [petition.id])).toHaveLength(1);
    expect(
      await q(`SELECT 1 FROM outbox_messages WHERE template = 'petition-threshold-officer' AND reference LIKE $1`, [
        `petition-threshold:${petition.id}:%`,
      ]),
    ).toHaveLength(1);
  });
});

describe('signers’ details after a petition closes', async () => {
  const { deps, clock } = await build({ now: '2027-02-01T10:00:00Z' });
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);

  it('are erased a year after the close, the counts by ward unchanged', async () => {
    const { eraseOldSigners } = await import('./petitions.service.ts');
    const byWard = () =>
      q(
        `SELECT p.title, s.ward_code, s.status, count(*)::int AS n FROM petition_signatures s JOIN petitions p ON p.id = s.petition_id
         GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      );
    const before = await byWard();
    expect(await eraseOldSigners(deps)).toBe(0);
    clock.advance(600 * 86_400_000);
    expect(await eraseOldSigners(deps)).toBeGreaterThan(1000);
    expect(await byWard()).toEqual(before);
    const left = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM petition_signatures s JOIN petitions p ON p.id = s.petition_id
       WHERE p.status IN ('open', 'rejected') AND (s.email <> '' OR s.name <> '' OR s.postcode <> '')`,
    );
    expect(left[0]!.n).toBe(0);
    expect(await eraseOldSigners(deps)).toBe(0);
  });
});
