/** The diary job's work: reminders before events, and forgetting residents' details after them. */
import { systemActor, type Deps } from '../../deps.ts';
import { recordAudit } from '../audit/index.ts';
import { personalisation } from './events-details.ts';
import * as repo from './events.repository.ts';

/** Sends one reminder per confirmed place for events starting in the next 24 hours. */
export async function sendReminders(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const due = await repo.dueReminders(deps.db, now, new Date(now.getTime() + 24 * 3_600_000));
  let sent = 0;
  for (const { registration, event } of due) {
    await deps.db.transaction(async (tx) => {
      if (!(await repo.markReminded(tx, registration.id, now))) return;
      await deps.notifier.queue(tx, {
        reference: `event-reminder:${registration.id}`,
        template: 'event-reminder',
        recipient: registration.email,
        personalisation: personalisation(deps, event, registration),
      });
      sent += 1;
    });
  }
  return sent;
}

/** How long residents' registration details are kept after an event ends (said on the registration page). */
export const KEEP_REGISTRATIONS_DAYS = 90;

/**
 * Erases registrations' personal data 90 days after their event ended, and the messages sent to
 * them, keeping the rows so attendance and waiting-list figures stay true. Run by the diary job.
 */
export async function eraseOldRegistrations(deps: Deps): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - KEEP_REGISTRATIONS_DAYS * 86_400_000);
  const due = await repo.registrationsToErase(deps.db, before);
  if (!due.length) return 0;
  await deps.db.transaction(async (tx) => {
    await repo.eraseRegistrations(
      tx,
      due.map((r) => r.id),
    );
    // An address may still have a booking for a later event: only forget it when nothing live remains.
    const stillBooked = new Set(
      (
        await repo.liveEmails(
          tx,
          due.map((r) => r.email),
        )
      ).map((email) => email.toLowerCase()),
    );
    await deps.notifier.forgetRecipients(
      tx,
      [...new Set(due.map((r) => r.email))].filter((email) => !stillBooked.has(email.toLowerCase())),
    );
    await recordAudit(tx, systemActor, {
      action: 'plan.registrations-erased',
      entityType: 'plan_registration',
      after: { count: due.length, olderThanDays: KEEP_REGISTRATIONS_DAYS },
    });
  });
  return due.length;
}
