/**
 * Erasure and retention. Personal data is held in three places only (people, people_equality,
 * people_tokens, which also holds a new email address waiting for its link) plus copies the
 * product made elsewhere: messages sent to the person (outbox) and private questionnaire
 * invitations. Erasure blanks all of them in one transaction. The person's row stays with its
 * ward, dates and memberships, so panel statistics stay true; audit events never held personal
 * values in the first place (they list changed fields by name).
 */
import type { Actor, Deps } from '../../deps.ts';
import { systemActor } from '../../deps.ts';
import { formatDate } from '../../web/format.ts';
import { recordAudit } from '../audit/index.ts';
import { forgetRespondent } from '../questionnaires/index.ts';
import * as repo from './people.repository.ts';
import { hashToken, newToken } from './tokens.ts';

export type EraseOutcome = { ok: true } | { ok: false; reason: 'not-found' | 'already-erased' };

/** Erases one person's personal data everywhere it is held; keeps anonymised statistics. */
export async function erasePerson(deps: Deps, personId: string, actor: Actor, reason: string): Promise<EraseOutcome> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const person = await repo.findPerson(tx, personId);
    if (!person) return { ok: false, reason: 'not-found' } as const;
    if (person.erasedAt) return { ok: false, reason: 'already-erased' } as const;
    const contacts = [person.email, person.phone].filter((c): c is string => Boolean(c));
    // Addresses they asked to change to were written to as well; one that is now another
    // member's is left alone (its messages are that member's).
    for (const email of await repo.requestedEmails(tx, personId)) {
      const holder = await repo.findPersonByContact(tx, email, null);
      if (!holder || holder.id === personId) contacts.push(email);
    }
    await deps.notifier.forgetRecipients(tx, contacts);
    if (person.email) await forgetRespondent(tx, person.email);
    await repo.deleteEquality(tx, personId);
    await repo.deleteTokens(tx, personId);
    await repo.updatePerson(tx, personId, {
      fullName: null,
      email: null,
      phone: null,
      postcode: null,
      address: null,
      language: null,
      accessNeeds: null,
      topics: [],
      channels: [],
      erasedAt: now,
      updatedAt: now,
    });
    const left = await repo.setMembershipStatus(tx, personId, 'left', now, { from: ['invited', 'active', 'paused'] });
    for (const m of left)
      await repo.addEvent(tx, { personId, panelId: m.panelId, kind: 'left', detail: reason, occurredAt: now });
    await recordAudit(tx, actor, {
      action: 'person.erased',
      entityType: 'person',
      entityId: personId,
      after: { reason },
    });
    return { ok: true } as const;
  });
}

export const RETENTION_JOB = 'people-retention';

/**
 * The retention job: members inactive for PEOPLE_INACTIVE_DAYS are emailed a sign-in link asking
 * whether to stay; still inactive PEOPLE_ERASE_AFTER_REMINDER_DAYS later, they are erased. Requests
 * to join never confirmed are erased after the confirmation period too (we may not contact them).
 */
export async function runRetention(deps: Deps): Promise<{ reminded: number; erased: number }> {
  const now = deps.clock.now();
  const { inactiveDays, eraseAfterReminderDays } = deps.config.people;
  const day = 86_400_000;
  let reminded = 0;
  for (const person of await repo.toRemind(deps.db, new Date(now.getTime() - inactiveDays * day))) {
    await deps.db.transaction(async (tx) => {
      await repo.updatePerson(tx, person.id, { remindedAt: now });
      const recipient = person.email ?? person.phone;
      if (recipient) {
        const token = newToken();
        await repo.insertToken(tx, {
          personId: person.id,
          purpose: 'sign-in',
          tokenHash: hashToken(token),
          expiresAt: new Date(now.getTime() + eraseAfterReminderDays * day),
        });
        await deps.notifier.queue(tx, {
          reference: `people-retention:${person.id}:${now.toISOString().slice(0, 10)}`,
          template: 'people-retention-reminder',
          recipient,
          personalisation: {
            name: person.fullName ?? '',
            link: `${deps.config.baseUrl}/panels/sign-in/${token}`,
            eraseOn: formatDate(new Date(now.getTime() + eraseAfterReminderDays * day)),
          },
        });
      }
      await repo.addEvent(tx, { personId: person.id, kind: 'retention-reminder', occurredAt: now });
      await recordAudit(tx, systemActor, {
        action: 'person.retention-reminded',
        entityType: 'person',
        entityId: person.id,
      });
    });
    reminded++;
  }
  let erased = 0;
  const due = [
    ...(await repo.toErase(deps.db, new Date(now.getTime() - eraseAfterReminderDays * day))),
    ...(await repo.unconfirmedBefore(deps.db, new Date(now.getTime() - eraseAfterReminderDays * day))),
  ];
  for (const { id } of due) {
    const outcome = await erasePerson(deps, id, systemActor, 'retention-period-ended');
    if (outcome.ok) erased++;
  }
  return { reminded, erased };
}
