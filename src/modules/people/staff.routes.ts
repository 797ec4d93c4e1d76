/** Staff pages for panels and their members: the overview, a panel's list and health, member records. */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, notFound, requireStaff } from '../../web/auth.ts';
import { flash } from '../../web/render.ts';
import { TOPICS } from '../consultations/index.ts';
import { ABOUT_YOU_PAGE } from '../questionnaires/index.ts';
import { formBody, isUuid } from './form.ts';
import { healthChart } from './health-chart.ts';
import * as policy from './people.policy.ts';
import * as sampling from './sampling.service.ts';
import { officers, panelOr404, partnership, pct, points } from './staff-route-helpers.ts';
import * as staff from './staff.service.ts';

export function staffRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/staff/people', { preHandler: requireStaff }, async (request, reply) => {
    const user = request.user!;
    return reply.render('people/staff/overview.njk', {
      panels: await staff.panelsOverview(deps),
      canListMembers: policy.canSeeGroups(user),
      canSeeGroups: policy.canSeeGroups(user),
      canImport: policy.canImport(user),
      runsPanels: policy.runsPanels(user),
      statusLabels: staff.STATUS_LABELS,
    });
  });

  app.get<{ Params: { slug: string }; Querystring: { status?: string; page?: string } }>(
    '/staff/people/panels/:slug',
    { preHandler: officers },
    async (request, reply) => {
      const panel = await panelOr404(deps, request.params.slug, reply);
      if (!panel) return reply;
      const status = (staff.STATUSES as readonly string[]).includes(request.query.status ?? '')
        ? request.query.status
        : undefined;
      const page = Math.max(1, Math.min(10_000, Number.parseInt(request.query.page ?? '1', 10) || 1));
      const list = await staff.listMembers(deps, request.user!, panel.id, status, page);
      const wards = await staff.wardNames(deps);
      const base = `/staff/people/panels/${panel.slug}?${status ? `status=${status}&` : ''}page=`;
      return reply.render('people/staff/panel.njk', {
        panel,
        status,
        list,
        page,
        wards: Object.fromEntries(wards),
        statusLabels: staff.STATUS_LABELS,
        statuses: staff.STATUSES,
        pagination: {
          previous: page > 1 ? { href: `${base}${page - 1}` } : undefined,
          next: page < list.pageCount ? { href: `${base}${page + 1}` } : undefined,
        },
        runsPanels: policy.runsPanels(request.user!),
        samples: policy.runsPanels(request.user!) ? await sampling.listPanelSamples(deps, panel.id) : [],
      });
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/staff/people/panels/:slug/health',
    { preHandler: requireStaff },
    async (request, reply) => {
      const panel = await panelOr404(deps, request.params.slug, reply);
      if (!panel) return reply;
      const health = await sampling.panelHealth(deps, panel.id);
      const sections = health.sections.map((s, i) => ({
        ...s,
        chart: healthChart(`${s.label}: share of panel beside target`, s.rows, String(i)),
        tableRows: s.rows.map((r) => [
          { text: r.label },
          { text: String(r.count), format: 'numeric' },
          { text: pct(r.share), format: 'numeric' },
          { text: pct(r.target), format: 'numeric' },
          { text: points(r.gap), format: 'numeric' },
          { html: r.underRepresented ? '<strong class="govuk-tag govuk-tag--red">Under-represented</strong>' : 'No' },
        ]),
        under: s.rows.filter((r) => r.underRepresented).map((r) => r.label),
      }));
      return reply.render('people/staff/health.njk', {
        panel,
        health,
        sections,
        runsPanels: policy.runsPanels(request.user!),
      });
    },
  );

  // Member records: 404 for anyone who may not see this person, so an ID in a URL reveals nothing.
  app.get<{ Params: { id: string } }>('/staff/people/members/:id', { preHandler: officers }, async (request, reply) => {
    if (!isUuid(request.params.id)) return notFound(reply);
    const outcome = await staff.viewMemberRecord(deps, request.user!, actorOf(request), request.params.id);
    if (!outcome.ok) return notFound(reply);
    const wards = await staff.wardNames(deps);
    const { view } = outcome;
    return reply.render('people/staff/member.njk', {
      view,
      wardName: view.person.wardCode ? wards.get(view.person.wardCode) : undefined,
      topicNames: view.person.topics.map((t) => TOPICS[t as keyof typeof TOPICS] ?? t),
      showEquality: outcome.showEquality,
      equality: ABOUT_YOU_PAGE.questions.map((q) => ({
        question: q.text,
        answer: q.options?.find((o) => o.value === view.equality[q.key])?.label ?? 'Not answered',
      })),
      statusLabels: staff.STATUS_LABELS,
      statusItems: staff.STATUSES.map((s) => ({ value: s, text: staff.STATUS_LABELS[s] })),
      canManage: policy.canManageMembers(request.user!),
    });
  });

  app.post<{ Params: { id: string } }>(
    '/staff/people/members/:id/status',
    { preHandler: partnership },
    async (request, reply) => {
      if (!isUuid(request.params.id)) return notFound(reply);
      const body = formBody(request.body);
      const status = typeof body.status === 'string' ? body.status : '';
      const panelId = typeof body.panel === 'string' ? body.panel : '';
      if (!(staff.STATUSES as readonly string[]).includes(status) || !isUuid(panelId))
        return reply.code(400).render('pages/400.njk', {}, 400);
      const outcome = await staff.changeMembershipStatus(
        deps,
        actorOf(request),
        request.params.id,
        panelId,
        status as staff.MembershipStatus,
      );
      if (!outcome.ok) {
        if (outcome.reason === 'unconfirmed')
          flash(reply, 'Only the person can make their membership active, by confirming from the link we sent');
        else return notFound(reply);
      } else
        flash(reply, `Membership changed to ${staff.STATUS_LABELS[status as staff.MembershipStatus].toLowerCase()}`);
      return reply.redirect(`/staff/people/members/${request.params.id}`, 303);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/staff/people/members/:id/erase',
    { preHandler: partnership },
    async (request, reply) => {
      if (!isUuid(request.params.id)) return notFound(reply);
      return reply.render('people/staff/erase.njk', { id: request.params.id });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/staff/people/members/:id/erase',
    { preHandler: partnership },
    async (request, reply) => {
      if (!isUuid(request.params.id)) return notFound(reply);
      const outcome = await staff.eraseByStaff(deps, request.user!, actorOf(request), request.params.id);
      if (!outcome.ok && outcome.reason === 'not-found') return notFound(reply);
      flash(reply, 'The person’s personal data has been erased');
      return reply.redirect('/staff/people', 303);
    },
  );
}
