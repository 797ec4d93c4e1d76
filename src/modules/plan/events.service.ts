/** The engagement diary's events: adding and changing them, and the form values for editing one. */
import type { Db } from '../../db/client.ts';
import type { Actor, Deps } from '../../deps.ts';
import { recordAudit } from '../audit/index.ts';
import { personalisation, questionsOf, registrationDefinition, registrationOpen } from './events-details.ts';
import { promoteIfRoom } from './events-registration.service.ts';
import * as repo from './events.repository.ts';
import { findActivity, listActivityChoices } from './plan.repository.ts';
import { canLinkEventToActivity } from './plan.policy.ts';
import { windowText } from './plan.view-model.ts';
import type { EventInput } from './plan.schema.ts';
import type { PlanEvent } from './plan.tables.ts';

const extraQuestionOf = (event: PlanEvent) =>
  questionsOf(event).find((q) => q.key === 'organiser_question')?.text ?? '';

export type EventSaveOutcome =
  { ok: true; event: PlanEvent } | { ok: false; reason: 'not-found' | 'activity-not-found' | 'activity-not-allowed' };

const eventValues = (input: EventInput) => ({
  organisationId: input.organisationId,
  consultationId: input.consultationId,
  activityId: input.activityId,
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

/**
 * Checks the forward plan activity an event says it is part of, inside the event's transaction. A
 * link the event already has, to the same organisation's event, is kept even if the activity has
 * since been cancelled; a new or changed one must pass the policy.
 */
async function activityRefusal(tx: Db, input: EventInput, before?: PlanEvent) {
  if (!input.activityId) return null;
  if (before && before.activityId === input.activityId && before.organisationId === input.organisationId) return null;
  const activity = (await findActivity(tx, input.activityId))?.activity;
  if (!activity) return 'activity-not-found' as const;
  return canLinkEventToActivity(input, activity) ? null : ('activity-not-allowed' as const);
}

/** Adds an event to the diary, with the default registration questions, audited. */
export async function createEvent(deps: Deps, actor: Actor, input: EventInput): Promise<EventSaveOutcome> {
  return deps.db.transaction(async (tx) => {
    const refused = await activityRefusal(tx, input);
    if (refused) return { ok: false, reason: refused } as const;
    const row = await repo.insertEvent(tx, { ...eventValues(input), status: 'scheduled', createdBy: actor.id });
    await recordAudit(tx, actor, {
      action: 'plan.event-created',
      entityType: 'plan_event',
      entityId: row.id,
      after: row,
    });
    return { ok: true, event: row } as const;
  });
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
    const refused = await activityRefusal(tx, input, before);
    if (refused) return { ok: false, reason: refused } as const;
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
    activityId: event.activityId ?? '',
    organisationId: event.organisationId,
    extraQuestion: extraQuestionOf(event),
    status: event.status,
  };
};

/**
 * The event form's activity choices for an event of this organisation (null: not chosen yet),
 * with the current link kept even when it would not be offered any more.
 */
export async function activityChoices(deps: Deps, organisationId: string | null, currentId: string | null) {
  const since = new Date(deps.clock.now().getTime() - 90 * 86_400_000);
  const offered = (await listActivityChoices(deps.db, { organisationId, since })).filter((a) =>
    canLinkEventToActivity({ organisationId: organisationId ?? '' }, a),
  );
  if (currentId && !offered.some((a) => a.id === currentId)) {
    const current = await findActivity(deps.db, currentId);
    if (current) offered.unshift({ ...current.activity, organisationName: current.organisationName });
  }
  return offered.map((a) => ({
    value: a.id,
    text: `${a.title} (${a.organisationName}, ${windowText(a.startsAt, a.endsAt)})`,
  }));
}

/** The activity an event is part of, for the staff event page. */
export async function linkedActivity(deps: Deps, event: PlanEvent) {
  return event.activityId ? findActivity(deps.db, event.activityId) : undefined;
}

/** The events that are part of an activity, for its staff page: every one, earliest first. */
export const eventsOfActivity = (deps: Deps, activityId: string) => repo.listEvents(deps.db, { activityId }, 500);
