/**
 * Residents' places at events: registration with a waiting list, the registration page, and
 * cancellation by a single-use link that offers the freed place to the next person waiting.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Deps } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Answers } from '../questionnaires/index.ts';
import { personalisation, registrationOpen } from './events-details.ts';
import { invalidatePages } from '../../web/page-cache.ts';
import * as repo from './events.repository.ts';
import type { PlanEvent, Registration } from './plan.tables.ts';
import { claimMessage } from '../../notifications/message-claims.ts';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** EVT-XXXX-XXXX in an alphabet without look-alike characters. */
function newReference(): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const bytes = randomBytes(8);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `EVT-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

const textAnswer = (value: unknown) => (typeof value === 'string' ? value : '');

export type RegisterOutcome =
  | { ok: true; registration: Registration; created: boolean }
  | { ok: false; reason: 'not-found' | 'closed' }
  | { ok: false; reason: 'already-registered'; registration: Registration };

/**
 * Registers a resident, or puts them on the waiting list when the event is full. The event row is
 * locked (SELECT ... FOR UPDATE) for the transaction, so parallel registrations for one event
 * take turns: the confirmed count cannot go stale and capacity is never exceeded. The
 * idempotency key from the form makes refreshes, double clicks and parallel identical requests
 * return the one registration; a second live registration with the same email is refused.
 */
export async function register(
  deps: Deps,
  eventId: string,
  idempotencyKey: string,
  answers: Answers,
): Promise<RegisterOutcome> {
  const now = deps.clock.now();
  try {
    return await deps.db.transaction(async (tx) => {
      const event = await repo.lockEvent(tx, eventId);
      if (!event) return { ok: false, reason: 'not-found' } as const;
      const existing = await repo.findRegistrationByKey(tx, idempotencyKey);
      if (existing && existing.eventId === eventId)
        return { ok: true, registration: existing, created: false } as const;
      if (!registrationOpen(event, now)) return { ok: false, reason: 'closed' } as const;
      const email = textAnswer(answers.email);
      const duplicate = await repo.findLiveRegistrationByEmail(tx, eventId, email);
      if (duplicate) return { ok: false, reason: 'already-registered', registration: duplicate } as const;
      // One confirmation per address and event every 15 minutes, and the address's daily cap
      // across the site: beyond them the place is still booked (its page shows the reference),
      // but no further email goes to an address someone else may have typed.
      const claim = await claimMessage(tx, { purpose: 'event-registration', scope: eventId, contact: email, now });
      const confirmed = await repo.countConfirmed(tx, eventId);
      const token = randomBytes(32).toString('base64url');
      const registration = await repo.insertRegistration(tx, {
        eventId,
        reference: newReference(),
        idempotencyKey,
        name: textAnswer(answers.name),
        email,
        answers,
        status: confirmed < event.capacity ? 'confirmed' : 'waiting',
        cancelTokenHash: hashToken(token),
        createdAt: now,
      });
      const position = registration.status === 'waiting' ? await repo.waitingPosition(tx, registration) : 0;
      if (claim.send)
        await deps.notifier.queue(tx, {
          reference: `event-registration:${registration.id}`,
          template: registration.status === 'confirmed' ? 'event-registration-confirmed' : 'event-registration-waiting',
          recipient: registration.email,
          personalisation: {
            ...personalisation(deps, event, registration),
            position: String(position),
            cancelLink: `${deps.config.baseUrl}/events/cancel/${token}`,
          },
        });
      // Places left show on the public event pages; last, so the version row is locked only until commit.
      await invalidatePages(tx, 'plan');
      return { ok: true, registration, created: true } as const;
    });
  } catch (error) {
    // The unique keys are the last line of defence when two requests slip past each other.
    if (!isUniqueViolation(error)) throw error;
    const existing = await repo.findRegistrationByKey(deps.db, idempotencyKey);
    if (existing) return { ok: true, registration: existing, created: false };
    const duplicate = await repo.findLiveRegistrationByEmail(deps.db, eventId, textAnswer(answers.email));
    if (duplicate) return { ok: false, reason: 'already-registered', registration: duplicate };
    throw error;
  }
}

export async function registrationPage(deps: Deps, eventId: string, reference: string) {
  const registration = await repo.findRegistrationByReference(deps.db, reference);
  if (!registration || registration.eventId !== eventId) return undefined;
  const position = registration.status === 'waiting' ? await repo.waitingPosition(deps.db, registration) : 0;
  return { registration, position };
}

export async function findByCancelToken(deps: Deps, token: string) {
  if (!/^[\w-]{20,100}$/.test(token)) return undefined;
  const registration = await repo.findRegistrationByTokenHash(deps.db, hashToken(token));
  if (!registration) return undefined;
  const event = await repo.findEvent(deps.db, registration.eventId);
  // The link expires when the event starts: a place can no longer be given up (or handed on) then.
  if (!event || event.event.startsAt <= deps.clock.now()) return undefined;
  return { registration, event };
}

export type CancelOutcome =
  | { ok: true; registration: Registration; promoted: Registration | null }
  | { ok: false; reason: 'invalid' | 'already-cancelled' };

/**
 * Cancels by the link from the confirmation email; the link works once. A confirmed place freed
 * goes to the longest-waiting person, who is told by email, in the same transaction.
 */
export async function cancelRegistration(deps: Deps, token: string): Promise<CancelOutcome> {
  const found = await findByCancelToken(deps, token);
  if (!found) return { ok: false, reason: 'invalid' };
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const event = await repo.lockEvent(tx, found.registration.eventId);
    const cancelled = await repo.cancelRegistration(tx, found.registration.id, now);
    if (!cancelled || !event) return { ok: false, reason: 'already-cancelled' } as const;
    await deps.notifier.queue(tx, {
      reference: `event-cancelled:${cancelled.id}`,
      template: 'event-cancelled-by-you',
      recipient: cancelled.email,
      personalisation: personalisation(deps, event, cancelled),
    });
    let promoted: Registration | null = null;
    if (found.registration.status === 'confirmed' && registrationOpen(event, now)) {
      promoted = await promoteIfRoom(deps, tx, event, now);
    }
    await invalidatePages(tx, 'plan');
    return { ok: true, registration: cancelled, promoted } as const;
  });
}

/** Offers a free place to the longest-waiting person, inside the caller's transaction (event row locked). */
export async function promoteIfRoom(deps: Deps, tx: Db, event: PlanEvent, now: Date) {
  if ((await repo.countConfirmed(tx, event.id)) >= event.capacity) return null;
  const promoted = await repo.promoteNextWaiting(tx, event.id, now);
  if (!promoted) return null;
  await deps.notifier.queue(tx, {
    reference: `event-place-offered:${promoted.id}`,
    template: 'event-place-offered',
    recipient: promoted.email,
    personalisation: personalisation(deps, event, promoted),
  });
  return promoted;
}
