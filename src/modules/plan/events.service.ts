/**
 * The engagement diary's use-cases: events, registration with a waiting list, cancellation by a
 * single-use link, reminders, attendance and the representation rota.
 */
import { createHash, randomBytes } from 'node:crypto';
import { systemActor, type Actor, type Deps } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { formatDateTime } from '../../web/format.ts';
import { recordAudit } from '../audit/index.ts';
import type { Answers, Question, QuestionnaireDefinition } from '../questionnaires/index.ts';
import * as repo from './events.repository.ts';
import { EVENT_KINDS } from './plan.catalogue.ts';
import type { EventInput } from './plan.schema.ts';
import type { PlanEvent, Registration } from './plan.tables.ts';
import { isUniqueViolation } from '../../db/errors.ts';

export const ACCESS_NEEDS = [
  { value: 'step_free', label: 'Step-free access or a wheelchair space' },
  { value: 'hearing_loop', label: 'A hearing loop' },
  { value: 'bsl', label: 'A British Sign Language interpreter' },
  { value: 'language', label: 'An interpreter for another language' },
  { value: 'large_print', label: 'Large print or easy read papers' },
  { value: 'quiet_space', label: 'A quiet space' },
  { value: 'companion', label: 'Space for a carer or companion' },
];

/**
 * Registration questions for the shared questionnaire engine: who is coming, how to reach them,
 * and what they need to take part; organisers may add one question of their own.
 */
export function registrationDefinition(extraQuestion = ''): QuestionnaireDefinition {
  const questions: Question[] = [
    { key: 'name', type: 'short_text', text: 'Your name', required: true, maxLength: 100 },
    {
      key: 'email',
      type: 'email',
      text: 'Email address',
      hint: 'We will send your confirmation and a reminder to this address',
      required: true,
    },
    {
      key: 'access_needs',
      type: 'multiple_choice',
      text: 'Will you need any of these to take part?',
      hint: 'Select all that apply',
      required: false,
      options: ACCESS_NEEDS,
    },
    {
      key: 'access_details',
      type: 'long_text',
      text: 'Tell us about anything else we can do to help you take part',
      required: false,
      maxLength: 1000,
    },
  ];
  if (extraQuestion)
    questions.push({
      key: 'organiser_question',
      type: 'long_text',
      text: extraQuestion,
      required: false,
      maxLength: 1000,
    });
  return { pages: [{ key: 'registration', title: 'Register for this event', questions }] };
}

export const questionsOf = (event: Pick<PlanEvent, 'registrationDefinition'>) =>
  (event.registrationDefinition as QuestionnaireDefinition).pages.flatMap((page) => page.questions);

const extraQuestionOf = (event: PlanEvent) =>
  questionsOf(event).find((q) => q.key === 'organiser_question')?.text ?? '';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** EVT-XXXX-XXXX in an alphabet without look-alike characters. */
function newReference(): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const bytes = randomBytes(8);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `EVT-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

export function locationOf(event: Pick<PlanEvent, 'venueName' | 'venueAddress' | 'onlineUrl'>): string {
  const place = [event.venueName, event.venueAddress.replace(/\n+/g, ', ')].filter(Boolean).join(', ');
  return place ? (event.onlineUrl ? `${place} (or online)` : place) : event.onlineUrl ? 'Online' : '';
}

const accessNeedsText = (answers: Answers) =>
  (Array.isArray(answers.access_needs) ? answers.access_needs : [])
    .map((value) => ACCESS_NEEDS.find((n) => n.value === value)?.label ?? value)
    .join('; ');

function personalisation(deps: Deps, event: PlanEvent, registration: Registration) {
  return {
    name: registration.name,
    title: event.title,
    reference: registration.reference,
    when: formatDateTime(event.startsAt),
    where: locationOf(event) || 'to be confirmed',
    access: [event.stepFree ? 'Step-free access' : 'Not step-free', event.accessInfo].filter(Boolean).join('. '),
    link: `${deps.config.baseUrl}/events/${event.id}`,
    accessNeeds: accessNeedsText(registration.answers as Answers),
  };
}

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

const textAnswer = (value: unknown) => (typeof value === 'string' ? value : '');

export type RegisterOutcome =
  | { ok: true; registration: Registration; created: boolean }
  | { ok: false; reason: 'not-found' | 'closed' }
  | { ok: false; reason: 'already-registered'; registration: Registration };

/** Registration is open until the event starts, unless it is cancelled. */
export const registrationOpen = (event: Pick<PlanEvent, 'status' | 'startsAt'>, now: Date) =>
  event.status === 'scheduled' && event.startsAt > now;

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
  return event ? { registration, event } : undefined;
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
    return { ok: true, registration: cancelled, promoted } as const;
  });
}

async function promoteIfRoom(deps: Deps, tx: Db, event: PlanEvent, now: Date) {
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

/** Records who came (the confirmed places ticked), audited with the ids before and after. */
export async function recordAttendance(
  deps: Deps,
  actor: Actor & { id: string },
  eventId: string,
  attendedIds: string[],
) {
  await deps.db.transaction(async (tx) => {
    const before = (await repo.listRegistrations(tx, eventId)).filter((r) => r.attended).map((r) => r.id);
    await repo.setAttendance(tx, eventId, attendedIds, actor.id);
    await recordAudit(tx, actor, {
      action: 'plan.attendance-recorded',
      entityType: 'plan_event',
      entityId: eventId,
      before: { attended: before },
      after: { attended: attendedIds },
    });
  });
}

export type RotaOutcome =
  | { ok: true }
  | { ok: false; reason: 'other-organisations'; others: { name: string; organisationName: string }[] }
  | { ok: false; reason: 'already-on-rota' };

/**
 * Puts a member of staff on an event's rota. When staff of another organisation are already
 * going, the first attempt is refused with who they are, so nobody turns up unknowingly; the
 * officer confirms they know (acknowledged) to go ahead.
 */
export async function joinRota(
  deps: Deps,
  actor: Actor & { id: string; organisationId: string },
  eventId: string,
  note: string,
  acknowledged: boolean,
): Promise<RotaOutcome> {
  const rota = await repo.listRota(deps.db, eventId);
  if (rota.some((r) => r.staffUserId === actor.id)) return { ok: false, reason: 'already-on-rota' };
  const others = rota.filter((r) => r.organisationId !== actor.organisationId);
  if (others.length && !acknowledged) return { ok: false, reason: 'other-organisations', others };
  await deps.db.transaction(async (tx) => {
    const row = { eventId, staffUserId: actor.id, organisationId: actor.organisationId, note };
    if (!(await repo.insertRota(tx, row))) return;
    await recordAudit(tx, actor, {
      action: 'plan.rota-joined',
      entityType: 'plan_event',
      entityId: eventId,
      after: row,
    });
  });
  return { ok: true };
}

export async function leaveRota(deps: Deps, actor: Actor & { id: string }, eventId: string) {
  await deps.db.transaction(async (tx) => {
    const removed = await repo.deleteRota(tx, eventId, actor.id);
    if (removed)
      await recordAudit(tx, actor, {
        action: 'plan.rota-left',
        entityType: 'plan_event',
        entityId: eventId,
        before: removed,
      });
  });
}

export const kindLabel = (kind: string) => EVENT_KINDS[kind as keyof typeof EVENT_KINDS] ?? kind;

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
