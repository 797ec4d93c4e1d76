/** The engagement diary's events: adding and changing them, and the form values for editing one. */
import type { Actor, Deps } from '../../deps.ts';
import { recordAudit } from '../audit/index.ts';
import { personalisation, questionsOf, registrationDefinition, registrationOpen } from './events-details.ts';
import { promoteIfRoom } from './events-registration.service.ts';
import * as repo from './events.repository.ts';
import type { EventInput } from './plan.schema.ts';
import type { PlanEvent } from './plan.tables.ts';

const extraQuestionOf = (event: PlanEvent) =>
  questionsOf(event).find((q) => q.key === 'organiser_question')?.text ?? '';

export type EventSaveOutcome = { ok: true; event: PlanEvent } | { ok: false; reason: 'not-found' };

const eventValues = (input: EventInput) => ({
  organisationId: input.organisationId,
  consultationId: input.consultationId,
  title: input.title,
  kind: input.kind,
  description: input.description,
  startsAt: input.startsAt,
  endsAt: input.endsAt,
  venueName: input.venueName,
  venueAddress: input.venueAddress,
  wardCode: input.wardCode,
  stepFree: input.stepFree,
  accessInfo: input.accessInfo,
  onlineUrl: input.onlineUrl,
  capacity: input.capacity,
  status: input.status,
  registrationDefinition: registrationDefinition(input.extraQuestion),
});

/** Adds an event to the diary, with the default registration questions, audited. */
export async function createEvent(deps: Deps, actor: Actor, input: EventInput): Promise<EventSaveOutcome> {
  const event = await deps.db.transaction(async (tx) => {
    const row = await repo.insertEvent(tx, { ...eventValues(input), status: 'scheduled', createdBy: actor.id });
    await recordAudit(tx, actor, {
      action: 'plan.event-created',
      entityType: 'plan_event',
      entityId: row.id,
      after: row,
    });
    return row;
  });
  return { ok: true, event };
}

/**
 * Changes an event. Existing places are kept if capacity is lowered; if it is raised, people on
 * the waiting list are offered the new places in order. Cancelling the event tells everyone booked
 * or waiting, once.
 */
export async function updateEvent(deps: Deps, actor: Actor, id: string, input: EventInput): Promise<EventSaveOutcome> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const before = await repo.lockEvent(tx, id);
    if (!before) return { ok: false, reason: 'not-found' } as const;
    const after = (await repo.updateEvent(tx, id, eventValues(input), now))!;
    await recordAudit(tx, actor, {
      action: 'plan.event-updated',
      entityType: 'plan_event',
      entityId: id,
      before,
      after,
    });
    if (after.status === 'cancelled' && before.status !== 'cancelled') {
      for (const registration of await repo.listRegistrations(tx, id)) {
        if (registration.status === 'cancelled') continue;
        await deps.notifier.queue(tx, {
          reference: `event-cancelled-by-organiser:${registration.id}`,
          template: 'event-cancelled-by-organiser',
          recipient: registration.email,
          personalisation: personalisation(deps, after, registration),
        });
      }
    } else if (registrationOpen(after, now)) {
      while (await promoteIfRoom(deps, tx, after, now));
    }
    return { ok: true, event: after } as const;
  });
}

export const formValuesFromEvent = (event: PlanEvent, londonParts: (d: Date) => Record<string, string>) => {
  const start = londonParts(event.startsAt);
  const end = londonParts(event.endsAt);
  return {
    title: event.title,
    kind: event.kind,
    description: event.description,
    'date-day': start.day!,
    'date-month': start.month!,
    'date-year': start.year!,
    startTime: `${start.hour}:${start.minute}`,
    endTime: `${end.hour}:${end.minute}`,
    venueName: event.venueName,
    venueAddress: event.venueAddress,
    ward: event.wardCode ?? '',
    stepFree: event.stepFree ? 'yes' : 'no',
    accessInfo: event.accessInfo,
    onlineUrl: event.onlineUrl,
    capacity: String(event.capacity),
    consultationId: event.consultationId ?? '',
    organisationId: event.organisationId,
    extraQuestion: extraQuestionOf(event),
    status: event.status,
  };
};
