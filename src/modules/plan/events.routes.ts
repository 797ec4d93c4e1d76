/** HTTP for the engagement diary: public events, registration, cancellation, feeds; staff events, rota and attendance. */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireStaff, type CurrentUser } from '../../web/auth.ts';
import { singleError, toGovukErrors, type GovukErrors } from '../../web/errors.ts';
import { formatDateTime, londonParts } from '../../web/format.ts';
import { shareMeta } from '../../web/share-meta.ts';
import { flash } from '../../web/render.ts';
import { optionsFor, parsePage } from '../questionnaires/index.ts';

type FormBody = Parameters<typeof parsePage>[1];
import { listOrganisationNames } from './plan.repository.ts';
import { findEvent, listEvents, listRegistrations, listRota, nextEventChange } from './events.repository.ts';
import * as policy from './plan.policy.ts';
import {
  ACTIVITY_NOT_ALLOWED,
  ACTIVITY_NOT_FOUND,
  EVENT_ANCHORS,
  eventSchema,
  eventValuesOf,
  one,
  rotaSchema,
  TIMES,
  type FormValues,
} from './plan.schema.ts';
import { formOptions, wardNamer } from './plan.service.ts';
import { ACCESS_NEEDS, kindLabel, locationOf, questionsOf, registrationOpen } from './events-details.ts';
import { cancelRegistration, findByCancelToken, register, registrationPage } from './events-registration.service.ts';
import { joinRota, leaveRota, recordAttendance } from './events-rota.service.ts';
import {
  activityChoices,
  createEvent,
  formValuesFromEvent,
  linkedActivity,
  updateEvent,
  type EventSaveOutcome,
} from './events.service.ts';
import { kindItems, selectItems, statusTag } from './plan.view-model.ts';
import { EVENT_KINDS } from './plan.catalogue.ts';
import { UUID } from './plan.routes.ts';
import { diaryFeeds } from './events.feeds.ts';

type EventRow = NonNullable<Awaited<ReturnType<typeof findEvent>>>;
const body = (request: FastifyRequest) =>
  request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
const staff = (request: FastifyRequest) => request.user as CurrentUser;

/** What every event page shows, in words. */
export function eventView(row: EventRow, wardName: (code: string) => string, now: Date) {
  const e = row.event;
  const placesLeft = Math.max(0, e.capacity - row.confirmed);
  return {
    id: e.id,
    title: e.title,
    kind: kindLabel(e.kind),
    description: e.description,
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    endTime: londonParts(e.endsAt),
    venueName: e.venueName,
    venueAddress: e.venueAddress,
    location: locationOf(e),
    ward: e.wardCode ? wardName(e.wardCode) : '',
    wardCode: e.wardCode,
    stepFree: e.stepFree,
    accessInfo: e.accessInfo,
    onlineUrl: e.onlineUrl,
    capacity: e.capacity,
    confirmed: row.confirmed,
    waiting: row.waiting,
    placesLeft,
    full: placesLeft === 0,
    cancelled: e.status === 'cancelled',
    past: e.endsAt <= now,
    open: registrationOpen(e, now),
    organisationId: e.organisationId,
    organisationName: row.organisationName,
    organisationSlug: row.organisationSlug,
    consultation:
      row.consultationTitle && row.consultationState && !['draft', 'in_review'].includes(row.consultationState)
        ? { title: row.consultationTitle, slug: row.consultationSlug }
        : null,
  };
}

async function loadEvent(deps: Deps, id: string) {
  return UUID.test(id) ? findEvent(deps.db, id) : undefined;
}

export function eventsRoutes(app: FastifyInstance, deps: Deps) {
  // An event leaves the upcoming lists when it ends, and says it is on when it starts.
  app.pageCache.schedule('plan', (d, now) => nextEventChange(d.db, now));
  diaryFeeds(app, deps);

  app.get('/events', { config: { pageCache: { tags: ['plan'] } } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const [organisations, wards] = await Promise.all([listOrganisationNames(deps.db), wardNamer(deps)]);
    const organisation = organisations.find((o) => o.slug === one(query.organisation));
    const ward = wards.wards.find((w) => w.code === one(query.ward));
    const kind = one(query.kind) in EVENT_KINDS ? one(query.kind) : '';
    const now = deps.clock.now();
    const rows = await listEvents(deps.db, {
      from: now,
      organisationId: organisation?.id,
      wardCode: ward?.code,
      kind: kind || undefined,
    });
    return reply.render('plan/diary.njk', {
      events: rows.map((r) => eventView(r, wards.name, now)),
      organisationItems: selectItems(
        organisations.map((o) => ({ value: o.slug, text: o.name })),
        organisation?.slug,
        'All organisations',
      ),
      wardItems: selectItems(
        wards.wards.map((w) => ({ value: w.code, text: w.name })),
        ward?.code,
        'All wards',
      ),
      kindItems: selectItems(
        Object.entries(EVENT_KINDS).map(([value, text]) => ({ value, text })),
        kind,
        'All types of event',
      ),
      ward,
      organisation,
    });
  });

  app.get('/events/:id', { config: { pageCache: { tags: ['plan', 'consultations'] } } }, async (request, reply) => {
    const row = await loadEvent(deps, (request.params as { id: string }).id);
    if (!row) return notFound(reply);
    const wards = await wardNamer(deps);
    const event = eventView(row, wards.name, deps.clock.now());
    const share = shareMeta(deps.config, {
      title: row.event.title,
      description: row.event.description,
      path: `/events/${row.event.id}`,
      note: formatDateTime(row.event.startsAt),
    });
    return reply.render('plan/event.njk', { event, share });
  });

  const REGISTER = 'plan/register.njk';
  async function renderRegister(
    reply: FastifyReply,
    row: EventRow,
    values: FormBody,
    idempotencyKey: string,
    errors?: GovukErrors,
    fieldErrors: Record<string, string> = {},
    status = 200,
  ) {
    const wards = await wardNamer(deps);
    const items = questionsOf(row.event).map((question) => ({
      question,
      value: values[question.key],
      error: fieldErrors[question.key],
      wards: optionsFor(question, { wards: [] }),
    }));
    return reply.render(
      REGISTER,
      { event: eventView(row, wards.name, deps.clock.now()), items, idempotencyKey, errors },
      status,
    );
  }

  app.get('/events/:id/register', async (request, reply) => {
    const row = await loadEvent(deps, (request.params as { id: string }).id);
    if (!row) return notFound(reply);
    if (!registrationOpen(row.event, deps.clock.now()))
      return reply.render('plan/registration-closed.njk', { event: row.event }, 410);
    return renderRegister(reply, row, {}, randomUUID());
  });

  app.post(
    '/events/:id/register',
    { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const row = await loadEvent(deps, (request.params as { id: string }).id);
      if (!row) return notFound(reply);
      const form = body(request) as FormBody;
      const key = one(form.idempotencyKey);
      const idempotencyKey = UUID.test(key) ? key : randomUUID();
      const questions = questionsOf(row.event);
      const { answers, errors } = parsePage(questions, form, { wards: [] });
      if (errors.length) {
        const govuk: GovukErrors = {
          list: errors.map((e) => ({ text: e.text, href: `#${e.anchor}` })),
          fields: Object.fromEntries(errors.map((e) => [e.key, { text: e.text }])),
        };
        const entered = Object.fromEntries(
          questions.map((q) => [
            q.key,
            q.type === 'multiple_choice' ? ([] as string[]).concat(form[q.key] ?? []) : one(form[q.key]),
          ]),
        );
        return renderRegister(
          reply,
          row,
          entered,
          idempotencyKey,
          govuk,
          Object.fromEntries(errors.map((e) => [e.key, e.text])),
          422,
        );
      }
      const outcome = await register(deps, row.event.id, idempotencyKey, answers);
      if (!outcome.ok) {
        if (outcome.reason === 'not-found') return notFound(reply);
        if (outcome.reason === 'closed') return reply.render('plan/registration-closed.njk', { event: row.event }, 410);
        return reply.render('plan/already-registered.njk', { event: row.event }, 409);
      }
      return reply.redirect(`/events/${row.event.id}/registrations/${outcome.registration.reference}`, 303);
    },
  );

  app.get('/events/:id/registrations/:reference', async (request, reply) => {
    const { id, reference } = request.params as { id: string; reference: string };
    const row = await loadEvent(deps, id);
    const found =
      row && /^EVT-[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(reference) ? await registrationPage(deps, id, reference) : undefined;
    if (!row || !found) return notFound(reply);
    const wards = await wardNamer(deps);
    return reply.render('plan/registered.njk', {
      event: eventView(row, wards.name, deps.clock.now()),
      registration: { reference: found.registration.reference, status: found.registration.status },
      position: found.position,
    });
  });

  app.get('/events/cancel/:token', async (request, reply) => {
    const found = await findByCancelToken(deps, (request.params as { token: string }).token);
    if (!found) return reply.render('plan/cancel-invalid.njk', {}, 404);
    if (found.registration.status === 'cancelled')
      return reply.render('plan/cancel-used.njk', { event: found.event.event }, 410);
    const wards = await wardNamer(deps);
    return reply.render('plan/cancel.njk', {
      event: eventView(found.event, wards.name, deps.clock.now()),
      registration: { reference: found.registration.reference, status: found.registration.status },
    });
  });

  app.post('/events/cancel/:token', async (request, reply) => {
    const token = (request.params as { token: string }).token;
    const outcome = await cancelRegistration(deps, token);
    if (!outcome.ok) {
      if (outcome.reason === 'invalid') return reply.render('plan/cancel-invalid.njk', {}, 404);
      const found = await findByCancelToken(deps, token);
      return reply.render('plan/cancel-used.njk', { event: found?.event.event }, 410);
    }
    const row = await findEvent(deps.db, outcome.registration.eventId);
    return reply.render('plan/cancelled.njk', { event: row?.event, reference: outcome.registration.reference });
  });

  // Staff: the diary, events, the rota and attendance.
  app.get('/staff/events', { preHandler: requireStaff }, async (request, reply) => {
    const now = deps.clock.now();
    const wards = await wardNamer(deps);
    const rows = await listEvents(deps.db, { from: new Date(now.getTime() - 30 * 86_400_000) }, 500);
    return reply.render('plan/staff-events.njk', {
      events: rows.map((r) => eventView(r, wards.name, now)),
      canPlan: policy.canPlan(staff(request)),
    });
  });

  const FORM = 'plan/event-form.njk';
  /** `current`: the event being changed, whose organisation and link decide what is offered. */
  async function formContext(
    request: FastifyRequest,
    values: FormValues,
    extra: Record<string, unknown> = {},
    current?: EventRow['event'],
  ) {
    const user = staff(request);
    const fixedOrganisationId = policy.canChooseOrganisation(user)
      ? null
      : (current?.organisationId ?? user.organisationId);
    const [options, activities] = await Promise.all([
      formOptions(deps, policy.canChooseOrganisation(user) ? null : user.organisationId),
      activityChoices(
        deps,
        fixedOrganisationId ?? (UUID.test(one(values.organisationId)) ? one(values.organisationId) : null),
        current?.activityId ?? null,
      ),
    ]);
    return {
      options,
      values,
      kindItems: kindItems(values.kind),
      wardItems: selectItems(
        options.wards.map((w) => ({ value: w.code, text: w.name })),
        values.ward,
        'No particular ward (online or borough-wide)',
      ),
      organisationItems: selectItems(
        options.organisations.map((o) => ({ value: o.id, text: o.name })),
        values.organisationId,
        'Choose the organisation',
      ),
      consultationItems: selectItems(
        options.consultations.map((c) => ({ value: c.id, text: c.title })),
        values.consultationId,
        'Not linked to a consultation',
      ),
      activityItems: selectItems(activities, values.activityId, 'Not part of a forward plan activity'),
      startTimeItems: selectItems(TIMES, values.startTime, 'Choose a time'),
      endTimeItems: selectItems(TIMES, values.endTime, 'Choose a time'),
      chooseOrganisation: options.fixedOrganisationId === null,
      ...extra,
    };
  }

  app.get('/staff/events/new', { preHandler: requireStaff }, async (request, reply) => {
    if (!policy.canPlan(staff(request))) return forbidden(reply);
    return reply.render(FORM, await formContext(request, {}, { isNew: true }));
  });

  app.post('/staff/events/new', { preHandler: requireStaff }, async (request, reply) => {
    const user = staff(request);
    if (!policy.canPlan(user)) return forbidden(reply);
    const values = eventValuesOf(body(request));
    const context = await formContext(request, values, { isNew: true });
    const parsed = eventSchema(context.options).safeParse(values);
    if (!parsed.success)
      return reply.render(FORM, { ...context, errors: toGovukErrors(parsed.error, EVENT_ANCHORS) }, 422);
    if (parsed.data.startsAt <= deps.clock.now()) {
      return reply.render(
        FORM,
        { ...context, errors: singleError('date', 'Date must be in the future', 'date-day') },
        422,
      );
    }
    if (!policy.canEdit(user, parsed.data)) return forbidden(reply);
    const outcome = await createEvent(deps, actorOf(request), parsed.data);
    if (!outcome.ok && outcome.reason !== 'not-found') return reply.render(FORM, activityError(context, outcome), 422);
    if (!outcome.ok) return notFound(reply);
    flash(reply, 'Event added to the diary');
    return reply.redirect(`/staff/events/${outcome.event.id}`, 303);
  });

  /** The form again, with the activity refused by the use-case as the one error. */
  const activityError = (context: object, outcome: Extract<EventSaveOutcome, { ok: false }>) => ({
    ...context,
    errors: singleError(
      'activityId',
      outcome.reason === 'activity-not-allowed' ? ACTIVITY_NOT_ALLOWED : ACTIVITY_NOT_FOUND,
    ),
  });

  async function editable(request: FastifyRequest, reply: FastifyReply) {
    const row = await loadEvent(deps, (request.params as { id: string }).id);
    if (!row) return void notFound(reply);
    if (!policy.canEdit(staff(request), row.event)) return void forbidden(reply);
    return row;
  }

  app.get('/staff/events/:id/edit', { preHandler: requireStaff }, async (request, reply) => {
    const row = await editable(request, reply);
    if (!row) return reply;
    return reply.render(
      FORM,
      await formContext(request, formValuesFromEvent(row.event, londonParts), { eventId: row.event.id }, row.event),
    );
  });

  app.post('/staff/events/:id/edit', { preHandler: requireStaff }, async (request, reply) => {
    const row = await editable(request, reply);
    if (!row) return reply;
    const values = eventValuesOf(body(request));
    const context = await formContext(request, values, { eventId: row.event.id }, row.event);
    const fixed = policy.canChooseOrganisation(staff(request)) ? null : row.event.organisationId;
    const parsed = eventSchema({ ...context.options, fixedOrganisationId: fixed }).safeParse(values);
    if (!parsed.success)
      return reply.render(FORM, { ...context, errors: toGovukErrors(parsed.error, EVENT_ANCHORS) }, 422);
    const outcome = await updateEvent(deps, actorOf(request), row.event.id, parsed.data);
    if (!outcome.ok && outcome.reason !== 'not-found') return reply.render(FORM, activityError(context, outcome), 422);
    if (!outcome.ok) return notFound(reply);
    flash(reply, 'Event saved');
    return reply.redirect(`/staff/events/${row.event.id}`, 303);
  });

  async function renderStaffEvent(
    request: FastifyRequest,
    reply: FastifyReply,
    row: EventRow,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const user = staff(request);
    const [wards, rota, activity] = await Promise.all([
      wardNamer(deps),
      listRota(deps.db, row.event.id),
      linkedActivity(deps, row.event),
    ]);
    return reply.render(
      'plan/staff-event.njk',
      {
        event: eventView(row, wards.name, deps.clock.now()),
        rota,
        activity: activity && {
          id: activity.activity.id,
          title: activity.activity.title,
          organisationName: activity.organisationName,
          statusTag: statusTag(activity.activity.status),
        },
        onRota: rota.some((r) => r.staffUserId === user.id),
        canEdit: policy.canEdit(user, row.event),
        canJoinRota: policy.canJoinRota(user),
        canSeeRegistrations: policy.canSeeRegistrations(user, row.event),
        values: {},
        ...extra,
      },
      status,
    );
  }

  app.get('/staff/events/:id', { preHandler: requireStaff }, async (request, reply) => {
    const row = await loadEvent(deps, (request.params as { id: string }).id);
    if (!row) return notFound(reply);
    return renderStaffEvent(request, reply, row);
  });

  app.post('/staff/events/:id/rota', { preHandler: requireStaff }, async (request, reply) => {
    const row = await loadEvent(deps, (request.params as { id: string }).id);
    if (!row) return notFound(reply);
    const user = staff(request);
    if (!policy.canJoinRota(user)) return forbidden(reply);
    const values = { note: one(body(request).note), acknowledged: one(body(request).acknowledged) };
    const parsed = rotaSchema.safeParse(values);
    if (!parsed.success)
      return renderStaffEvent(request, reply, row, { values, errors: toGovukErrors(parsed.error) }, 422);
    const outcome = await joinRota(
      deps,
      { ...actorOf(request), id: user.id, organisationId: user.organisationId },
      row.event.id,
      parsed.data.note,
      parsed.data.acknowledged === 'yes',
    );
    if (!outcome.ok && outcome.reason === 'other-organisations') {
      // Not an error in the form: a check that the officer knows who else is going.
      return renderStaffEvent(request, reply, row, { values, othersGoing: outcome.others }, 409);
    }
    flash(reply, outcome.ok ? 'You are on the rota for this event' : 'You were already on the rota for this event');
    return reply.redirect(`/staff/events/${row.event.id}#rota`, 303);
  });

  app.post('/staff/events/:id/rota/leave', { preHandler: requireStaff }, async (request, reply) => {
    const row = await loadEvent(deps, (request.params as { id: string }).id);
    if (!row) return notFound(reply);
    await leaveRota(deps, { ...actorOf(request), id: staff(request).id }, row.event.id);
    flash(reply, 'You are no longer on the rota for this event');
    return reply.redirect(`/staff/events/${row.event.id}#rota`, 303);
  });

  async function registrationsPage(request: FastifyRequest, reply: FastifyReply) {
    const row = await loadEvent(deps, (request.params as { id: string }).id);
    if (!row) return void notFound(reply);
    if (!policy.canSeeRegistrations(staff(request), row.event)) return void forbidden(reply);
    return row;
  }

  app.get('/staff/events/:id/registrations', { preHandler: requireStaff }, async (request, reply) => {
    const row = await registrationsPage(request, reply);
    if (!row) return reply;
    const [wards, registrations] = await Promise.all([wardNamer(deps), listRegistrations(deps.db, row.event.id)]);
    const needs = (answers: unknown) => {
      const a = (answers ?? {}) as Record<string, unknown>;
      const chosen = Array.isArray(a.access_needs) ? (a.access_needs as string[]) : [];
      return [
        ...chosen.map((v) => ACCESS_NEEDS.find((n) => n.value === v)?.label ?? v),
        ...(typeof a.access_details === 'string' ? [a.access_details] : []),
      ].join('; ');
    };
    const view = registrations.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      reference: r.reference,
      status: r.status,
      attended: r.attended,
      needs: needs(r.answers),
      extra: (r.answers as Record<string, unknown>).organiser_question ?? '',
    }));
    return reply.render('plan/registrations.njk', {
      event: eventView(row, wards.name, deps.clock.now()),
      confirmed: view.filter((r) => r.status === 'confirmed'),
      waiting: view.filter((r) => r.status === 'waiting'),
      cancelled: view.filter((r) => r.status === 'cancelled').length,
      extraQuestion: questionsOf(row.event).find((q) => q.key === 'organiser_question')?.text,
    });
  });

  app.post('/staff/events/:id/registrations', { preHandler: requireStaff }, async (request, reply) => {
    const row = await registrationsPage(request, reply);
    if (!row) return reply;
    const confirmedIds = new Set(
      (await listRegistrations(deps.db, row.event.id)).filter((r) => r.status === 'confirmed').map((r) => r.id),
    );
    const raw = body(request).attended;
    const attended = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
      (v): v is string => typeof v === 'string' && confirmedIds.has(v),
    );
    await recordAttendance(deps, { ...actorOf(request), id: staff(request).id }, row.event.id, attended);
    flash(reply, `Attendance saved: ${attended.length} of ${confirmedIds.size} came`);
    return reply.redirect(`/staff/events/${row.event.id}/registrations`, 303);
  });
}
