/** HTTP for councillor calls for action: the public trail, and staff pages for councillors and scrutiny. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireStaff, type CurrentUser } from '../../web/auth.ts';
import { toGovukErrors, type GovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { listWardNames } from '../geography/index.ts';
import { CCFA_STATUS_LABELS } from './petitions.catalogue.ts';
import * as policy from './petitions.policy.ts';
import { councilOrganisation } from './petitions.repository.ts';
import { valuesOf, type FormValues } from './petitions.schema.ts';
import {
  DECISION_FIELDS,
  decisionSchema,
  RAISE_FIELDS,
  raiseSchema,
  recommendationSchema,
  responseSchema,
} from './ccfa.schema.ts';
import {
  addRecommendation,
  decideCcfa,
  findCcfa,
  findCcfaByNumber,
  listCcfas,
  raiseCcfa,
  recommendationsOf,
  respondToRecommendation,
} from './ccfa.service.ts';
import type { Ccfa } from './petitions.tables.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const staff = (request: FastifyRequest) => request.user as CurrentUser;

export function ccfaRoutes(app: FastifyInstance, deps: Deps) {
  async function wards() {
    const list = await listWardNames(deps.db);
    const names = new Map(list.map((w) => [w.code, w.name]));
    return { list, name: (code: string) => names.get(code) ?? code };
  }
  const view = (ccfa: Ccfa, name: (code: string) => string) => ({
    ...ccfa,
    ward: name(ccfa.wardCode),
    statusLabel: CCFA_STATUS_LABELS[ccfa.status],
  });

  app.get(
    '/councillor-calls-for-action',
    { config: { pageCache: { tags: ['petitions'] } } },
    async (_request, reply) => {
      const council = await councilOrganisation(deps.db);
      const [list, w] = await Promise.all([council ? listCcfas(deps.db, council.id) : [], wards()]);
      return reply.render('petitions/ccfa-list.njk', { ccfas: list.map((c) => view(c, w.name)), staffArea: false });
    },
  );

  app.get(
    '/councillor-calls-for-action/:number',
    { config: { pageCache: { tags: ['petitions'] } } },
    async (request, reply) => {
      const raw = (request.params as { number: string }).number;
      const ccfa = /^\d{1,9}$/.test(raw) ? await findCcfaByNumber(deps.db, Number(raw)) : undefined;
      if (!ccfa) return notFound(reply);
      const [w, recommendations] = await Promise.all([wards(), recommendationsOf(deps.db, ccfa.id)]);
      return reply.render('petitions/ccfa.njk', { ccfa: view(ccfa, w.name), recommendations });
    },
  );

  app.get('/staff/ccfa', { preHandler: requireStaff }, async (request, reply) => {
    const user = staff(request);
    const [list, w] = await Promise.all([listCcfas(deps.db, user.organisationId), wards()]);
    return reply.render('petitions/ccfa-list.njk', {
      ccfas: list.filter((c) => policy.canSeeCcfa(user, c)).map((c) => view(c, w.name)),
      staffArea: true,
      canRaise: policy.canRaiseCcfa(user),
    });
  });

  const FORM = 'petitions/ccfa-form.njk';
  async function renderForm(reply: FastifyReply, values: FormValues, errors?: GovukErrors, status = 200) {
    const w = await wards();
    const wardItems = [
      { value: '', text: 'Choose the ward' },
      ...w.list.map((ward) => ({ value: ward.code, text: ward.name, selected: values.wardCode === ward.code })),
    ];
    return reply.render(FORM, { values, wardItems, errors }, status);
  }

  app.get('/staff/ccfa/new', { preHandler: requireStaff }, async (request, reply) => {
    if (!policy.canRaiseCcfa(staff(request))) return forbidden(reply);
    return renderForm(reply, {});
  });

  app.post('/staff/ccfa/new', { preHandler: requireStaff }, async (request, reply) => {
    const user = staff(request);
    if (!policy.canRaiseCcfa(user)) return forbidden(reply);
    const values = valuesOf(request.body, RAISE_FIELDS);
    const w = await wards();
    const parsed = raiseSchema(w.list.map((ward) => ward.code)).safeParse(values);
    if (!parsed.success) return renderForm(reply, values, toGovukErrors(parsed.error), 422);
    const ccfa = await raiseCcfa(deps, actorOf(request), user, parsed.data);
    flash(reply, 'Call for action sent to the scrutiny officer');
    return reply.redirect(`/staff/ccfa/${ccfa.id}`, 303);
  });

  async function load(request: FastifyRequest, reply: FastifyReply) {
    const id = (request.params as { id: string }).id;
    const ccfa = UUID.test(id) ? await findCcfa(deps.db, id) : undefined;
    if (!ccfa) return void notFound(reply);
    if (!policy.canSeeCcfa(staff(request), ccfa)) return void forbidden(reply);
    return ccfa;
  }

  async function renderStaff(
    request: FastifyRequest,
    reply: FastifyReply,
    ccfa: Ccfa,
    extra: { values?: FormValues; form?: string; errors?: GovukErrors } = {},
    status = 200,
  ) {
    const [w, recommendations] = await Promise.all([wards(), recommendationsOf(deps.db, ccfa.id)]);
    return reply.render(
      'petitions/staff-ccfa.njk',
      {
        ccfa: view(ccfa, w.name),
        recommendations,
        canManage: policy.canManageCcfa(staff(request), ccfa),
        values: extra.values ?? {},
        form: extra.form,
        errors: extra.errors,
      },
      status,
    );
  }

  app.get('/staff/ccfa/:id', { preHandler: requireStaff }, async (request, reply) => {
    const ccfa = await load(request, reply);
    if (ccfa) return renderStaff(request, reply, ccfa);
  });

  app.post('/staff/ccfa/:id/decision', { preHandler: requireStaff }, async (request, reply) => {
    const ccfa = await load(request, reply);
    if (!ccfa) return;
    const user = staff(request);
    if (!policy.canManageCcfa(user, ccfa)) return forbidden(reply);
    const values = valuesOf(request.body, DECISION_FIELDS);
    const parsed = decisionSchema.safeParse(values);
    if (!parsed.success)
      return renderStaff(
        request,
        reply,
        ccfa,
        { values, form: 'decision', errors: toGovukErrors(parsed.error, { meeting: 'meeting-day' }) },
        422,
      );
    const outcome = await decideCcfa(deps, { ...actorOf(request), id: user.id }, ccfa.id, parsed.data);
    flash(reply, outcome.ok ? 'Decision recorded' : 'This call for action has already been decided');
    return reply.redirect(`/staff/ccfa/${ccfa.id}`, 303);
  });

  app.post('/staff/ccfa/:id/recommendations', { preHandler: requireStaff }, async (request, reply) => {
    const ccfa = await load(request, reply);
    if (!ccfa) return;
    if (!policy.canManageCcfa(staff(request), ccfa)) return forbidden(reply);
    const values = valuesOf(request.body, ['body', 'addressedTo']);
    const parsed = recommendationSchema.safeParse(values);
    if (!parsed.success)
      return renderStaff(
        request,
        reply,
        ccfa,
        { values, form: 'recommendation', errors: toGovukErrors(parsed.error) },
        422,
      );
    const outcome = await addRecommendation(deps, actorOf(request), ccfa.id, parsed.data);
    flash(reply, outcome.ok ? 'Recommendation added' : 'Recommendations can be added once the call is accepted');
    return reply.redirect(`/staff/ccfa/${ccfa.id}`, 303);
  });

  app.post('/staff/ccfa/:id/recommendations/:rid/response', { preHandler: requireStaff }, async (request, reply) => {
    const ccfa = await load(request, reply);
    if (!ccfa) return;
    if (!policy.canManageCcfa(staff(request), ccfa)) return forbidden(reply);
    const rid = (request.params as { rid: string }).rid;
    if (!UUID.test(rid)) return notFound(reply);
    const values = valuesOf(request.body, ['response']);
    const parsed = responseSchema.safeParse(values);
    if (!parsed.success)
      return renderStaff(
        request,
        reply,
        ccfa,
        {
          values: { ...values, rid },
          form: 'response',
          errors: toGovukErrors(parsed.error, { response: `response-${rid}` }),
        },
        422,
      );
    const outcome = await respondToRecommendation(deps, actorOf(request), ccfa.id, rid, parsed.data.response);
    if (!outcome.ok) return notFound(reply);
    flash(reply, 'Response recorded');
    return reply.redirect(`/staff/ccfa/${ccfa.id}`, 303);
  });
}
