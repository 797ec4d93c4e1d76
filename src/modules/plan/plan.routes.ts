/** HTTP for the forward plan: the public page, the staff (Engagement Officers' Group) view, activities, load, ladder, settings. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireStaff, type CurrentUser } from '../../web/auth.ts';
import { singleError, toGovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import {
  findActivity,
  listActivities,
  listComments,
  listLinkedActivities,
  getSettings,
  listOrganisationNames,
} from './plan.repository.ts';
import * as policy from './plan.policy.ts';
import {
  PUBLIC_ACTIVITY_STATUSES,
  parseQuarterKey,
  quarterKey,
  quarterLabel,
  quarterOf,
  quarterWindow,
  shiftQuarter,
} from './plan.catalogue.ts';
import { ladderBars, loadHeatmap } from './plan.charts.ts';
import {
  ACTIVITY_ANCHORS,
  activitySchema,
  activityValuesOf,
  commentSchema,
  joinUpSchema,
  one,
  settingsSchema,
  type FormValues,
} from './plan.schema.ts';
import {
  addComment,
  checkActivity,
  createActivity,
  formOptions,
  joinUp,
  ladderView,
  setFatigueLimit,
  listClashCounts,
  updateActivity,
  wardMonthLoad,
  wardNamer,
} from './plan.service.ts';
import {
  activitySummary,
  audienceItems,
  rungItems,
  selectItems,
  statusItems,
  topicItems,
  wardItems,
} from './plan.view-model.ts';
import { TOPICS, LADDER_LABELS } from './plan.deps.ts';
import { eventsOfActivity } from './events.service.ts';
import { londonParts } from '../../web/format.ts';
import type { Activity } from './plan.tables.ts';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const body = (request: FastifyRequest) =>
  request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
const staff = (request: FastifyRequest) => request.user as CurrentUser;
const staffActor = (request: FastifyRequest) => ({
  ...actorOf(request),
  id: staff(request).id,
  organisationId: staff(request).organisationId,
});

interface PlanFilters {
  quarter: ReturnType<typeof quarterOf>;
  organisation: string;
  ward: string;
  topic: string;
}

/** Filters from the query string; values that are not offered are ignored, like any search filter. */
async function readFilters(deps: Deps, query: Record<string, unknown>) {
  const [organisations, wards] = await Promise.all([listOrganisationNames(deps.db), wardNamer(deps)]);
  const quarter = parseQuarterKey(one(query.quarter)) ?? quarterOf(deps.clock.now());
  const organisation = organisations.find((o) => o.slug === one(query.organisation));
  const ward = wards.wards.find((w) => w.code === one(query.ward));
  const topic = one(query.topic) in TOPICS ? one(query.topic) : '';
  const filters: PlanFilters = { quarter, organisation: organisation?.slug ?? '', ward: ward?.code ?? '', topic };
  const quarters = Array.from({ length: 9 }, (_, i) => shiftQuarter(quarterOf(deps.clock.now()), i - 4)).map((q) => ({
    value: quarterKey(q),
    text: quarterLabel(q),
    selected: quarterKey(q) === quarterKey(quarter),
  }));
  if (!quarters.some((q) => q.selected))
    quarters.push({ value: quarterKey(quarter), text: quarterLabel(quarter), selected: true });
  const link = (q: typeof quarter) => {
    const params = new URLSearchParams({ quarter: quarterKey(q) });
    if (filters.organisation) params.set('organisation', filters.organisation);
    if (filters.ward) params.set('ward', filters.ward);
    if (filters.topic) params.set('topic', filters.topic);
    return `?${params}`;
  };
  return {
    filters,
    organisationId: organisation?.id,
    wards,
    page: {
      filters,
      quarterLabel: quarterLabel(quarter),
      previous: { href: link(shiftQuarter(quarter, -1)), labelText: quarterLabel(shiftQuarter(quarter, -1)) },
      next: { href: link(shiftQuarter(quarter, 1)), labelText: quarterLabel(shiftQuarter(quarter, 1)) },
      quarterItems: quarters,
      organisationItems: selectItems(
        organisations.map((o) => ({ value: o.slug, text: o.name })),
        filters.organisation,
        'All organisations',
      ),
      wardItems: selectItems(
        wards.wards.map((w) => ({ value: w.code, text: w.name })),
        filters.ward,
        'All wards',
      ),
      topicItems: selectItems(
        Object.entries(TOPICS).map(([value, text]) => ({ value, text })),
        filters.topic,
        'All topics',
      ),
    },
  };
}

async function loadEditable(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const { id } = request.params as { id: string };
  if (!UUID.test(id)) return void notFound(reply);
  const row = await findActivity(deps.db, id);
  if (!row) return void notFound(reply);
  if (!policy.canEdit(staff(request), row.activity)) return void forbidden(reply);
  return row;
}

function valuesFromActivity(a: Activity): FormValues {
  const start = londonParts(a.startsAt);
  const last = londonParts(new Date(a.endsAt.getTime() - 60_000));
  return {
    title: a.title,
    purpose: a.purpose,
    ladderRung: a.ladderRung,
    status: a.status,
    organisationId: a.organisationId,
    consultationId: a.consultationId ?? '',
    boroughWide: a.boroughWide ? 'yes' : '',
    usesPanel: a.usesPanel ? 'yes' : '',
    audiences: a.audiences,
    topics: a.topics,
    wards: a.wardCodes,
    'startDate-day': start.day,
    'startDate-month': start.month,
    'startDate-year': start.year,
    'endDate-day': last.day,
    'endDate-month': last.month,
    'endDate-year': last.year,
  };
}

export function planRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/plan', { config: { pageCache: { tags: ['plan'] } } }, async (request, reply) => {
    const { filters, organisationId, wards, page } = await readFilters(deps, request.query as Record<string, unknown>);
    const window = quarterWindow(filters.quarter);
    const rows = await listActivities(deps.db, {
      ...window,
      organisationId,
      wardCode: filters.ward || undefined,
      topic: filters.topic || undefined,
      statuses: PUBLIC_ACTIVITY_STATUSES,
    });
    return reply.render('plan/public-plan.njk', {
      ...page,
      activities: rows.map((r) => activitySummary(r, wards.name)),
    });
  });

  app.get('/staff/plan', { preHandler: requireStaff }, async (request, reply) => {
    const { filters, organisationId, wards, page } = await readFilters(deps, request.query as Record<string, unknown>);
    const window = quarterWindow(filters.quarter);
    const rows = await listActivities(deps.db, {
      ...window,
      organisationId,
      wardCode: filters.ward || undefined,
      topic: filters.topic || undefined,
    });
    const clashCounts = await listClashCounts(
      deps,
      rows.map((row) => row.activity),
    );
    const activities = rows.map((row) => ({
      ...activitySummary(row, wards.name),
      clashCount: clashCounts.get(row.activity.id) ?? 0,
    }));
    return reply.render('plan/staff-plan.njk', { ...page, activities, canPlan: policy.canPlan(staff(request)) });
  });

  const FORM = 'plan/activity-form.njk';
  async function formContext(request: FastifyRequest, values: FormValues, extra: Record<string, unknown> = {}) {
    const user = staff(request);
    const options = await formOptions(deps, policy.canChooseOrganisation(user) ? null : user.organisationId);
    return {
      options,
      values,
      rungItems: rungItems(values.ladderRung),
      statusItems: statusItems(values.status || 'planned'),
      audienceItems: audienceItems(values.audiences),
      topicItems: topicItems(values.topics),
      wardItems: wardItems(options.wards, values.wards),
      organisationItems: selectItems(
        options.organisations.map((o) => ({ value: o.id, text: o.name })),
        values.organisationId,
        'Choose the organisation',
      ),
      consultationItems: selectItems(
        options.consultations.map((c) => ({ value: c.id, text: c.title })),
        values.consultationId,
        'Not linked to a consultation yet',
      ),
      chooseOrganisation: options.fixedOrganisationId === null,
      ...extra,
    };
  }

  app.get('/staff/plan/activities/new', { preHandler: requireStaff }, async (request, reply) => {
    if (!policy.canPlan(staff(request))) return forbidden(reply);
    return reply.render(FORM, await formContext(request, { status: 'planned' }, { isNew: true }));
  });

  app.post('/staff/plan/activities/new', { preHandler: requireStaff }, async (request, reply) => {
    const user = staff(request);
    if (!policy.canPlan(user)) return forbidden(reply);
    const values = activityValuesOf(body(request));
    const context = await formContext(request, values, { isNew: true });
    const parsed = activitySchema(context.options).safeParse(values);
    if (!parsed.success)
      return reply.render(FORM, { ...context, errors: toGovukErrors(parsed.error, ACTIVITY_ANCHORS) }, 422);
    if (!policy.canEdit(user, parsed.data)) return forbidden(reply);
    const outcome = await createActivity(deps, actorOf(request), parsed.data);
    if (!outcome.ok) return notFound(reply);
    flash(reply, 'Activity added to the forward plan');
    return reply.redirect(`/staff/plan/activities/${outcome.activity.id}`, 303);
  });

  async function renderActivity(
    request: FastifyRequest,
    reply: FastifyReply,
    row: NonNullable<Awaited<ReturnType<typeof findActivity>>>,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const id = row.activity.id;
    const user = staff(request);
    const wards = await wardNamer(deps);
    const [check, comments, linked, nearby, events] = await Promise.all([
      checkActivity(deps, row.activity),
      listComments(deps.db, id),
      listLinkedActivities(deps.db, id),
      listActivities(deps.db, { start: row.activity.startsAt, end: row.activity.endsAt }),
      eventsOfActivity(deps, id),
    ]);
    const linkedIds = new Set(linked.map((l) => l.id));
    return reply.render(
      'plan/activity.njk',
      {
        activity: activitySummary(row, wards.name),
        clashes: check.clashes.map((c) => ({
          ...c,
          linked: linkedIds.has(c.other.id),
          canJoinUp: policy.canJoinUp(user, row.activity, c.other),
        })),
        fatigue: check.fatigue,
        fatigueLimit: check.fatigueLimit,
        comments,
        linked,
        events: events.map((e) => ({
          id: e.event.id,
          title: e.event.title,
          startsAt: e.event.startsAt,
          organisationName: e.organisationName,
          cancelled: e.event.status === 'cancelled',
        })),
        joinUpItems: selectItems(
          nearby
            .filter(
              (n) =>
                n.activity.id !== id &&
                !linkedIds.has(n.activity.id) &&
                policy.canJoinUp(user, row.activity, n.activity),
            )
            .map((n) => ({ value: n.activity.id, text: `${n.activity.title} (${n.organisationName})` })),
          (extra.values as Record<string, string> | undefined)?.otherId ?? '',
          'Choose an activity',
        ),
        canEdit: policy.canEdit(user, row.activity),
        canComment: policy.canComment(user),
        values: {},
        ...extra,
      },
      status,
    );
  }

  app.get('/staff/plan/activities/:id', { preHandler: requireStaff }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) return notFound(reply);
    const row = await findActivity(deps.db, id);
    if (!row) return notFound(reply);
    return renderActivity(request, reply, row);
  });

  app.get('/staff/plan/activities/:id/edit', { preHandler: requireStaff }, async (request, reply) => {
    const row = await loadEditable(deps, request, reply);
    if (!row) return reply;
    const check = await checkActivity(deps, row.activity);
    return reply.render(
      FORM,
      await formContext(request, valuesFromActivity(row.activity), { activityId: row.activity.id, check }),
    );
  });

  app.post('/staff/plan/activities/:id/edit', { preHandler: requireStaff }, async (request, reply) => {
    const row = await loadEditable(deps, request, reply);
    if (!row) return reply;
    const values = activityValuesOf(body(request));
    if (!policy.canChooseOrganisation(staff(request))) values.organisationId = row.activity.organisationId;
    const context = await formContext(request, values, { activityId: row.activity.id });
    const parsed = activitySchema({
      ...context.options,
      fixedOrganisationId: policy.canChooseOrganisation(staff(request)) ? null : row.activity.organisationId,
    }).safeParse(values);
    if (!parsed.success)
      return reply.render(FORM, { ...context, errors: toGovukErrors(parsed.error, ACTIVITY_ANCHORS) }, 422);
    await updateActivity(deps, actorOf(request), row.activity.id, parsed.data);
    flash(reply, 'Activity saved');
    return reply.redirect(`/staff/plan/activities/${row.activity.id}`, 303);
  });

  app.post('/staff/plan/activities/:id/comments', { preHandler: requireStaff }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const row = UUID.test(id) ? await findActivity(deps.db, id) : undefined;
    if (!row) return notFound(reply);
    if (!policy.canComment(staff(request))) return forbidden(reply);
    const values = { body: one(body(request).body) };
    const parsed = commentSchema.safeParse(values);
    if (!parsed.success)
      return renderActivity(request, reply, row, { values, errors: toGovukErrors(parsed.error) }, 422);
    await addComment(deps, staffActor(request), id, parsed.data.body);
    flash(reply, 'Comment added');
    return reply.redirect(`/staff/plan/activities/${id}#comments`, 303);
  });

  app.post('/staff/plan/activities/:id/join-up', { preHandler: requireStaff }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const row = UUID.test(id) ? await findActivity(deps.db, id) : undefined;
    if (!row) return notFound(reply);
    const values = { otherId: one(body(request).otherId), note: one(body(request).note) };
    const parsed = joinUpSchema.safeParse(values);
    const other = parsed.success ? await findActivity(deps.db, parsed.data.otherId) : undefined;
    if (!parsed.success || !other || other.activity.id === id) {
      const errors = parsed.success
        ? singleError('otherId', 'Select an activity to join up with')
        : toGovukErrors(parsed.error);
      return renderActivity(request, reply, row, { values, errors }, 422);
    }
    if (!policy.canJoinUp(staff(request), row.activity, other.activity)) return forbidden(reply);
    await joinUp(deps, staffActor(request), id, other.activity.id, parsed.data.note);
    flash(reply, `Joined up with ${other.activity.title}`);
    return reply.redirect(`/staff/plan/activities/${id}`, 303);
  });

  app.get('/staff/plan/load', { preHandler: requireStaff }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const year = /^\d{4}$/.test(one(query.year)) ? Number(one(query.year)) : Number(londonParts(deps.clock.now()).year);
    const organisations = await listOrganisationNames(deps.db);
    const organisation = organisations.find((o) => o.slug === one(query.organisation));
    const grid = await wardMonthLoad(deps, year, organisation?.id);
    return reply.render('plan/load.njk', {
      grid,
      chart: loadHeatmap(grid),
      year,
      organisationItems: selectItems(
        organisations.map((o) => ({ value: o.slug, text: o.name })),
        organisation?.slug ?? '',
        'All organisations',
      ),
      organisationName: organisation?.name,
      previousYear: year - 1,
      nextYear: year + 1,
      organisationSlug: organisation?.slug ?? '',
    });
  });

  app.get('/staff/plan/ladder', { preHandler: requireStaff }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const year = /^\d{4}$/.test(one(query.year)) ? Number(one(query.year)) : Number(londonParts(deps.clock.now()).year);
    const view = await ladderView(deps, year);
    const labels = view.rungs.map((r) => LADDER_LABELS[r as keyof typeof LADDER_LABELS].label);
    return reply.render('plan/ladder.njk', {
      view,
      labels,
      chart: ladderBars(view, labels),
      year,
      previousYear: year - 1,
      nextYear: year + 1,
    });
  });

  app.get('/staff/plan/settings', { preHandler: requireStaff }, async (request, reply) => {
    if (!policy.canChangeSettings(staff(request))) return forbidden(reply);
    const settings = await getSettings(deps.db);
    return reply.render('plan/settings.njk', { values: { fatigueLimit: String(settings.fatigueLimit) } });
  });

  app.post('/staff/plan/settings', { preHandler: requireStaff }, async (request, reply) => {
    if (!policy.canChangeSettings(staff(request))) return forbidden(reply);
    const values = { fatigueLimit: one(body(request).fatigueLimit) };
    const parsed = settingsSchema.safeParse(values);
    if (!parsed.success) return reply.render('plan/settings.njk', { values, errors: toGovukErrors(parsed.error) }, 422);
    await setFatigueLimit(deps, staffActor(request), parsed.data.fatigueLimit);
    flash(reply, `The fatigue limit is now ${parsed.data.fatigueLimit} a quarter`);
    return reply.redirect('/staff/plan/settings', 303);
  });
}
