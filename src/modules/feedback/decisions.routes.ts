/** Staff pages for the decision log: record a decision, cite themes with how they were considered, add progress. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireStaff } from '../../web/auth.ts';
import { singleError, toGovukErrors, type GovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { dateParts, decisionSchema, MAKER_KINDS, UPDATE_STATUSES, updateSchema } from './decisions.schema.ts';
import * as service from './decisions.service.ts';
import { canEditDecision, canRecordDecisions } from './feedback.policy.ts';
import { formList, formStrings } from './feedback.schema.ts';
import type { Decision } from './feedback.tables.ts';

const FIELDS = ['title', 'makerKind', 'makerName', 'decision', 'reportUrl', 'minutesUrl'];
const DATE_ANCHORS = { decidedOn: 'decidedOn-day', occurredOn: 'occurredOn-day', consultations: 'consultations' };

export function decisionsRoutes(app: FastifyInstance, deps: Deps) {
  const staff = { preHandler: requireStaff };

  app.get('/staff/decisions', staff, async (request, reply) =>
    reply.render('feedback/decisions.njk', {
      decisions: await service.listDecisions(deps),
      canRecord: canRecordDecisions(request.user!),
    }),
  );

  async function form(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: GovukErrors,
    status = 200,
  ) {
    const chosen = new Set((values.consultations as string[] | undefined) ?? []);
    const citable = await service.citableConsultations(deps, request.user!);
    return reply.render(
      'feedback/decision-form.njk',
      {
        values,
        errors,
        makerKinds: Object.entries(MAKER_KINDS).map(([value, text]) => ({
          value,
          text,
          checked: values.makerKind === value,
        })),
        consultations: citable.map((c) => ({ value: c.id, text: c.title, checked: chosen.has(c.id) })),
      },
      status,
    );
  }

  app.get('/staff/decisions/new', staff, async (request, reply) => {
    if (!canRecordDecisions(request.user!)) return forbidden(reply);
    const q = (request.query as { consultation?: string }).consultation;
    return form(request, reply, { consultations: q ? [q] : [] });
  });

  app.post('/staff/decisions/new', staff, async (request, reply) => {
    if (!canRecordDecisions(request.user!)) return forbidden(reply);
    const body = request.body as Record<string, unknown>;
    const values = {
      ...formStrings(body, FIELDS),
      decidedOn: dateParts(body, 'decidedOn'),
      consultations: formList(body, 'consultations'),
    };
    const parsed = decisionSchema.safeParse(values);
    if (!parsed.success) return form(request, reply, values, toGovukErrors(parsed.error, DATE_ANCHORS), 422);
    const outcome = await service.recordDecision(deps, actorOf(request), request.user!, parsed.data);
    if (!outcome.ok) {
      if (outcome.reason === 'not-allowed') return forbidden(reply);
      return form(request, reply, values, singleError('consultations', 'Select consultations you may cite'), 422);
    }
    flash(reply, 'Decision recorded. Now say how it considered each theme.');
    return reply.redirect(`/staff/decisions/${outcome.decision.id}`, 303);
  });

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    decision: Decision,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const view = await service.decisionView(deps, decision);
    const values = (extra.values as Record<string, unknown> | undefined) ?? {};
    return reply.render(
      'feedback/decision.njk',
      {
        ...view,
        makerKinds: MAKER_KINDS,
        statusLabels: UPDATE_STATUSES,
        canEdit: canEditDecision(request.user!, decision),
        statuses: Object.entries(UPDATE_STATUSES).map(([value, text]) => ({
          value,
          text,
          checked: values.status === value,
        })),
        ...extra,
        values,
      },
      status,
    );
  }

  async function loadDecision(request: FastifyRequest, reply: FastifyReply) {
    const decision = await service.decisionForUser(deps, (request.params as { id: string }).id);
    if (!decision) {
      await notFound(reply);
      return null;
    }
    return decision;
  }

  app.get('/staff/decisions/:id', staff, async (request, reply) => {
    const decision = await loadDecision(request, reply);
    return decision && show(request, reply, decision);
  });

  app.post('/staff/decisions/:id/themes', staff, async (request, reply) => {
    const decision = await loadDecision(request, reply);
    if (!decision) return;
    const body = request.body as Record<string, unknown>;
    const how = Object.fromEntries(
      Object.entries(body)
        .filter(([key, value]) => key.startsWith('how-') && typeof value === 'string')
        .map(([key, value]) => [key.slice(4), value as string]),
    );
    const outcome = await service.saveCitations(deps, actorOf(request), request.user!, decision.id, how);
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') return notFound(reply);
      if (outcome.reason === 'not-allowed') return forbidden(reply);
      return show(
        request,
        reply,
        decision,
        { errors: singleError('themes', 'How each theme was considered must be 2000 characters or fewer') },
        422,
      );
    }
    flash(reply, 'How the decision considered each theme has been saved');
    return reply.redirect(`/staff/decisions/${decision.id}`, 303);
  });

  app.post('/staff/decisions/:id/updates', staff, async (request, reply) => {
    const decision = await loadDecision(request, reply);
    if (!decision) return;
    if (!canEditDecision(request.user!, decision)) return forbidden(reply);
    const body = request.body as Record<string, unknown>;
    const values = { ...formStrings(body, ['status', 'note']), occurredOn: dateParts(body, 'occurredOn') };
    const parsed = updateSchema.safeParse(values);
    if (!parsed.success) {
      return show(
        request,
        reply,
        decision,
        { values, errors: toGovukErrors(parsed.error, { ...DATE_ANCHORS, status: 'status' }) },
        422,
      );
    }
    const outcome = await service.addUpdate(deps, actorOf(request), request.user!, decision.id, parsed.data);
    if (!outcome.ok) return outcome.reason === 'not-found' ? notFound(reply) : forbidden(reply);
    flash(reply, 'Progress update added');
    return reply.redirect(`/staff/decisions/${decision.id}#progress`, 303);
  });
}
