/** HTTP for the strategy's action plan: the plan, actions and their updates, the quarterly report, publishing it. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireStaff, type CurrentUser } from '../../web/auth.ts';
import { toGovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { UPDATE_ANCHORS, updateSchema, updateValuesOf } from './action-plan.schema.ts';
import {
  actionDetail,
  actionPlanView,
  listPublishedReports,
  publishReport,
  publishedReport,
  quarterlyReport,
  recordUpdate,
} from './action-plan.service.ts';
import type { FormValues } from './intelligence.schema.ts';
import { one } from './intelligence.schema.ts';
import {
  ACTION_STATUSES,
  STATUS_TAG_CLASSES,
  londonDate,
  parseQuarter,
  quarterKey,
  quarterLabel,
  quarterOfDate,
  shiftQuarter,
  type ActionStatus,
} from './wards.catalogue.ts';
import * as policy from './wards.policy.ts';
import { UUID } from './wards.routes.ts';

const staff = (request: FastifyRequest) => request.user as CurrentUser;
const body = (request: FastifyRequest) =>
  request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
const tag = (status: string) => ({
  text: ACTION_STATUSES[status as ActionStatus] ?? status,
  classes: STATUS_TAG_CLASSES[status as ActionStatus] ?? '',
});

export function actionPlanRoutes(app: FastifyInstance, deps: Deps) {
  const thisQuarter = () => quarterOfDate(londonDate(deps.clock.now()));
  const quarterFrom = (value: unknown) => parseQuarter(one(value)) ?? thisQuarter();

  app.get('/staff/action-plan', { preHandler: requireStaff }, async (request, reply) => {
    const view = await actionPlanView(deps);
    const user = staff(request);
    return reply.render('wards/action-plan.njk', {
      ...view,
      statusCounts: Object.entries(ACTION_STATUSES).map(([key, label]) => ({
        key,
        label,
        n: view.counts[key as ActionStatus],
        tag: tag(key),
      })),
      tag,
      canPublish: policy.canPublishReport(user),
      quarter: quarterKey(thisQuarter()),
      quarterLabel: quarterLabel(thisQuarter()),
    });
  });

  async function renderAction(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const { id } = request.params as { id: string };
    const detail = UUID.test(id) ? await actionDetail(deps, id) : undefined;
    if (!detail) return notFound(reply);
    return reply.render(
      'wards/action.njk',
      { ...detail, tag, canUpdate: policy.canUpdateAction(staff(request), detail.action), ...extra },
      status,
    );
  }

  app.get('/staff/action-plan/actions/:id', { preHandler: requireStaff }, (request, reply) =>
    renderAction(request, reply),
  );

  async function loadForUpdate(request: FastifyRequest, reply: FastifyReply) {
    const { id } = request.params as { id: string };
    const detail = UUID.test(id) ? await actionDetail(deps, id) : undefined;
    if (!detail) return void notFound(reply);
    if (!policy.canUpdateAction(staff(request), detail.action)) return void forbidden(reply);
    return detail;
  }

  const updateForm = (
    detail: NonNullable<Awaited<ReturnType<typeof actionDetail>>>,
    values: FormValues,
    errors?: unknown,
  ) => ({
    action: detail.action,
    organisationName: detail.organisationName,
    values,
    errors,
    statusItems: Object.entries(ACTION_STATUSES).map(([value, text]) => ({
      value,
      text,
      checked: one(values.status) === value,
    })),
    milestoneItems: detail.milestones
      .filter((m) => !m.doneOn)
      .map((m) => ({
        value: m.id,
        text: m.title,
        hint: { text: m.ongoing ? 'Ongoing' : `Due ${m.dueOn}` },
        checked: ([] as string[]).concat(values.milestonesDone ?? []).includes(m.id),
      })),
  });

  app.get('/staff/action-plan/actions/:id/update', { preHandler: requireStaff }, async (request, reply) => {
    const detail = await loadForUpdate(request, reply);
    if (!detail) return reply;
    const [year, month, day] = londonDate(deps.clock.now()).split('-');
    return reply.render(
      'wards/action-update.njk',
      updateForm(detail, {
        status: detail.action.status,
        'writtenOn-day': String(Number(day)),
        'writtenOn-month': String(Number(month)),
        'writtenOn-year': year!,
      }),
    );
  });

  app.post('/staff/action-plan/actions/:id/update', { preHandler: requireStaff }, async (request, reply) => {
    const detail = await loadForUpdate(request, reply);
    if (!detail) return reply;
    const values = updateValuesOf(body(request));
    const parsed = updateSchema({
      milestoneIds: new Set(detail.milestones.filter((m) => !m.doneOn).map((m) => m.id)),
      today: londonDate(deps.clock.now()),
    }).safeParse(values);
    if (!parsed.success)
      return reply.render(
        'wards/action-update.njk',
        updateForm(detail, values, toGovukErrors(parsed.error, UPDATE_ANCHORS)),
        422,
      );
    const outcome = await recordUpdate(deps, staff(request), actorOf(request), detail.action.id, parsed.data);
    if (!outcome.ok) return outcome.reason === 'forbidden' ? forbidden(reply) : notFound(reply);
    flash(reply, 'Update added');
    return reply.redirect(`/staff/action-plan/actions/${detail.action.id}`, 303);
  });

  app.get('/staff/action-plan/report', { preHandler: requireStaff }, async (request, reply) => {
    const quarter = quarterFrom((request.query as Record<string, unknown>).quarter);
    const [report, published] = await Promise.all([
      quarterlyReport(deps, quarter),
      publishedReport(deps, quarterKey(quarter)),
    ]);
    return reply.render('wards/report.njk', {
      report,
      tag,
      area: 'staff',
      published,
      canPublish: policy.canPublishReport(staff(request)),
      previous: quarterKey(shiftQuarter(quarter, -1)),
      next: quarterKey(shiftQuarter(quarter, 1)),
      previousLabel: quarterLabel(shiftQuarter(quarter, -1)),
      nextLabel: quarterLabel(shiftQuarter(quarter, 1)),
    });
  });

  app.post('/staff/action-plan/report/publish', { preHandler: requireStaff }, async (request, reply) => {
    const user = staff(request);
    if (!policy.canPublishReport(user)) return forbidden(reply);
    const quarter = parseQuarter(one(body(request).quarter));
    if (!quarter) return notFound(reply);
    await publishReport(deps, user, actorOf(request), quarter);
    flash(reply, `Progress report for ${quarterLabel(quarter)} published on the hub`);
    return reply.redirect(`/staff/action-plan/report?quarter=${quarterKey(quarter)}`, 303);
  });

  // ----- the hub

  const HUB = { pageCache: { tags: ['wards'] as const } };

  app.get('/action-plan', { config: HUB }, async (_request, reply) => {
    const reports = await listPublishedReports(deps);
    return reply.render('wards/public-action-plan.njk', {
      reports: reports.map((r) => ({ ...r, label: quarterLabel(parseQuarter(r.quarter)!) })),
    });
  });

  app.get('/action-plan/reports/:quarter', { config: HUB }, async (request, reply) => {
    const { quarter } = request.params as { quarter: string };
    const found = parseQuarter(quarter) ? await publishedReport(deps, quarter) : undefined;
    if (!found) return notFound(reply);
    return reply.render('wards/report.njk', {
      report: found.report,
      publishedAt: found.publishedAt,
      tag,
      area: 'public',
    });
  });
}
