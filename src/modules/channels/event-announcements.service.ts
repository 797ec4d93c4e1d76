/**
 * Telling subscribers about new events in the engagement diary (issue 4: "new consultations and
 * events"). The plan module need not change: the announcements job finds events published since
 * a person subscribed and tells them once, at once or in their weekly digest.
 */
import type { Deps } from '../../deps.ts';
import { formatDateTime } from '../../web/format.ts';
import { subscriptionReferencePrefix, unsubscribeUrl } from './announcements.service.ts';
import * as repo from './event-announcements.repository.ts';
import type { EventTarget } from './event-announcements.repository.ts';
import * as subscriptionsRepo from './subscriptions.repository.ts';

const eventLink = (deps: Deps, id: string) => `${deps.config.baseUrl}/events/${id}`;

/** The reference of an immediate event message: also the claim that it is sent once only. */
export const eventReference = (subscriptionId: string, eventId: string) =>
  `${subscriptionReferencePrefix(subscriptionId)}event-${eventId}`;

function eventPersonalisation(deps: Deps, e: EventTarget) {
  return {
    title: e.title,
    summary: e.description || 'Details of the event are on its page.',
    when: formatDateTime(e.startsAt),
    where: e.venueName || (e.onlineUrl ? 'Online' : 'See the event page'),
    link: eventLink(deps, e.id),
  };
}

/** One line of a weekly digest for an event. */
export function eventDigestLine(deps: Deps, e: EventTarget): string {
  const p = eventPersonalisation(deps, e);
  return `New event: ${p.title} (${p.when}, ${p.where})\n${p.link}`;
}

/**
 * Sends each immediate subscriber every matching event they have not been told of. The outbox
 * reference makes a second run, or a second worker, queue nothing.
 * @returns how many messages were queued
 */
export async function announceEvents(deps: Deps): Promise<number> {
  const pending = await repo.unannouncedEvents(deps.db, deps.clock.now());
  let queued = 0;
  for (const item of pending) {
    await deps.db.transaction(async (tx) => {
      const s = await subscriptionsRepo.findSubscription(tx, item.subscriptionId);
      if (!s || s.unsubscribedAt || !s.confirmedAt) return;
      const unsubscribe = unsubscribeUrl(deps, s.id);
      await deps.notifier.queue(tx, {
        reference: eventReference(s.id, item.id),
        template: s.channel === 'sms' ? 'subscription-new-event-sms' : 'subscription-new-event',
        recipient: s.contact,
        personalisation: {
          ...eventPersonalisation(deps, item),
          reason: 'You subscribed to updates about consultations and events.',
          unsubscribe,
        },
        ...(s.channel === 'email' ? { unsubscribeUrl: unsubscribe } : {}),
      });
      queued++;
    });
  }
  return queued;
}
