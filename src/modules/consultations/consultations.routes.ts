/** Staff pages for preparing, reviewing and running consultations. HTTP only: parse, policy, use-case, render. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { consultationLinks, consultationPanels } from './consultation-links.ts';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireStaff, type CurrentUser } from '../../web/auth.ts';
import { singleError, toGovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { listOrganisations } from '../accounts/index.ts';
import { AUDIENCES, STATES, TOPICS } from './catalogue.ts';
import * as lifecycle from './consultations-lifecycle.service.ts';
import { allowedActions, canCreate, canEdit, canTransition } from './consultations.policy.ts';
import {
  consultationSchema,
  FORM_ANCHORS,
  formValuesFrom,
  formValuesOf,
  reasonSchema,
  reopenSchema,
  reopenValues,
  TIMES,
  type FormOptions,
  type FormValues,
} from './consultations.schema.ts';
import * as service from './consultations.service.ts';
import type { Consultation } from './consultations.tables.ts';
import { documentUrl } from './document-types.ts';
import {
  ACTIONS,
  actionFromPath,
  groupResults,
  isPageAction,
  labels,
  type PageAction,
} from './consultations.view-model.ts';

type Params = { id: string };

function currentUser(request: FastifyRequest): CurrentUser {
  return request.user!;
}

/** The checkbox and select items for the form, built from what this user is offered. */
function formItems(options: FormOptions, values: FormValues) {
  const selected = (field: string) => new Set(Array.isArray(values[field]) ? values[field] : []);
  const leadOrg = options.fixedLeadOrganisationId ?? (values.leadOrganisationId as string);
  return {
    organisations: options.organisations.map((o) => ({ value: o.id, text: o.name, selected: o.id === leadOrg })),
    partners: options.organisations
      .filter((o) => o.id !== options.fixedLeadOrganisationId)
      .map((o) => ({ value: o.id, text: o.name, checked: selected('partnerOrganisationIds').has(o.id) })),
    staff: [
      { value: '', text: 'Select the lead officer' },
      ...options.staff.map((s) => ({
        value: s.id,
        text: options.fixedLeadOrganisationId ? s.name : `${s.name} (${s.organisationName})`,
        selected: s.id === values.leadOfficerId,
      })),
    ],
    topics: Object.entries(TOPICS).map(([value, text]) => ({ value, text, checked: selected('topics').has(value) })),
    wards: options.wards.map((w) => ({ value: w.code, text: w.name, checked: selected('wards').has(w.code) })),
    audiences: (['place', 'interest', 'identity'] as const).map((kind) => ({
      kind,
      legend: {
        place: 'Communities of place',
        interest: 'Communities of interest',
        identity: 'Communities of identity',
      }[kind],
      items: Object.entries(AUDIENCES)
        .filter(([, a]) => a.kind === kind)
        .map(([value, a]) => ({ value, text: a.label, checked: selected('audiences').has(value) })),
    })),
    ladder: labels.ladder.map((r) => ({
      value: r.value,
      text: r.label,
      hint: { text: r.plain },
      checked: values.ladderRung === r.value,
    })),
    opensTimes: TIMES.map((t) => ({ ...t, selected: t.value === (values.opensAtTime || '09:00') })),
    closesTimes: TIMES.map((t) => ({ ...t, selected: t.value === (values.closesAtTime || '23:59') })),
  };
}

export function consultationsStaffRoutes(app: FastifyInstance, deps: Deps) {
  const staff = { preHandler: requireStaff };

  /** Loads the consultation in :id if this user may know it exists; otherwise answers 404. */
  async function readable(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) {
    const found = await service.findReadable(deps, currentUser(request), request.params.id);
    if (!found) {
      await notFound(reply);
      return undefined;
    }
    return found;
  }

  /** A lifecycle action this user may take on this consultation, or the 404/403 page already sent. */
  async function actionAllowed(request: FastifyRequest<{ Params: Params & { action: string } }>, reply: FastifyReply) {
    const action = actionFromPath(request.params.action);
    if (!action) {
      await notFound(reply);
      return undefined;
    }
    const found = await readable(request, reply);
    if (!found) return undefined;
    if (!canTransition(currentUser(request), found.consultation, action)) {
      await forbidden(reply);
      return undefined;
    }
    return { action, found };
  }

  app.get('/staff', staff, async (request, reply) => {
    const user = currentUser(request);
    const groups = await service.staffHome(deps, user);
    return reply.render('consultations/staff/home.njk', { groups, labels, canCreate: canCreate(user) });
  });

  app.get('/staff/consultations', staff, async (request, reply) => {
    const user = currentUser(request);
    const query = request.query as Record<string, string | undefined>;
    const state = STATES.includes(query.state as never) ? query.state! : '';
    const organisations = await listOrganisations(deps.db);
    const organisationId = organisations.some((o) => o.id === query.organisation) ? query.organisation! : '';
    const page = Math.max(1, Number.parseInt(query.page ?? '1', 10) || 1);
    const list = await service.listForUser(deps, user, {
      states: state ? [state] : undefined,
      organisationId: organisationId || undefined,
      page,
    });
    const link = (p: number) =>
      `/staff/consultations?${new URLSearchParams({ ...(state ? { state } : {}), ...(organisationId ? { organisation: organisationId } : {}), page: String(p) })}`;
    return reply.render('consultations/staff/list.njk', {
      ...list,
      labels,
      canCreate: canCreate(user),
      filter: { state, organisationId },
      stateItems: [
        { value: '', text: 'All states' },
        ...STATES.map((s) => ({ value: s, text: labels.states[s], selected: s === state })),
      ],
      organisationItems: [
        { value: '', text: 'All organisations' },
        ...organisations.map((o) => ({ value: o.id, text: o.name, selected: o.id === organisationId })),
      ],
      pagination: {
        previous: list.page > 1 ? { href: link(list.page - 1) } : undefined,
        next: list.page < list.pages ? { href: link(list.page + 1) } : undefined,
        items: Array.from({ length: list.pages }, (_, i) => ({
          number: i + 1,
          href: link(i + 1),
          current: i + 1 === list.page,
        })),
      },
    });
  });

  function renderForm(
    reply: FastifyReply,
    options: FormOptions,
    values: FormValues,
    extra: Record<string, unknown>,
    status = 200,
  ) {
    return reply.render(
      'consultations/staff/form.njk',
      { values, items: formItems(options, values), fixedLead: Boolean(options.fixedLeadOrganisationId), ...extra },
      status,
    );
  }

  app.get('/staff/consultations/new', staff, async (request, reply) => {
    const user = currentUser(request);
    if (!canCreate(user)) return forbidden(reply);
    const options = await service.loadFormOptions(deps, user);
    const values: FormValues = {
      ladderRung: 'consult',
      leadOrganisationId: user.organisationId,
      leadOfficerId: user.role === 'councillor' ? '' : user.id,
    };
    return renderForm(reply, options, values, { mode: 'create' });
  });

  app.post('/staff/consultations/new', staff, async (request, reply) => {
    const user = currentUser(request);
    if (!canCreate(user)) return forbidden(reply);
    const options = await service.loadFormOptions(deps, user);
    const values = formValuesOf((request.body ?? {}) as Record<string, unknown>);
    const parsed = consultationSchema(options).safeParse(values);
    if (!parsed.success)
      return renderForm(
        reply,
        options,
        values,
        { mode: 'create', errors: toGovukErrors(parsed.error, FORM_ANCHORS) },
        422,
      );
    const outcome = await service.createConsultation(deps, actorOf(request), parsed.data);
    flash(reply, 'Consultation created as a draft');
    return reply.redirect(`/staff/consultations/${outcome.consultation.id}`, 303);
  });

  app.get<{ Params: Params }>('/staff/consultations/:id/edit', staff, async (request, reply) => {
    const found = await readable(request, reply);
    if (!found) return reply;
    const user = currentUser(request);
    if (!canEdit(user, found.consultation)) return forbidden(reply);
    const options = await service.loadFormOptions(deps, user);
    const details = await service.loadDetails(deps, found.consultation.id);
    const values = formValuesFrom(found.consultation, details.wardCodes, found.partnerIds);
    return renderForm(reply, options, values, { mode: 'edit', consultation: found.consultation });
  });

  app.post<{ Params: Params }>('/staff/consultations/:id/edit', staff, async (request, reply) => {
    const found = await readable(request, reply);
    if (!found) return reply;
    const user = currentUser(request);
    if (!canEdit(user, found.consultation)) return forbidden(reply);
    const options = await service.loadFormOptions(deps, user);
    const values = formValuesOf((request.body ?? {}) as Record<string, unknown>);
    const parsed = consultationSchema(options).safeParse(values);
    if (!parsed.success) {
      return renderForm(
        reply,
        options,
        values,
        { mode: 'edit', consultation: found.consultation, errors: toGovukErrors(parsed.error, FORM_ANCHORS) },
        422,
      );
    }
    const outcome = await service.updateConsultation(deps, actorOf(request), user, found.consultation.id, parsed.data);
    if (!outcome.ok) return forbidden(reply);
    flash(reply, 'Changes saved');
    return reply.redirect(`/staff/consultations/${found.consultation.id}`, 303);
  });

  app.get<{ Params: Params }>('/staff/consultations/:id', staff, async (request, reply) => {
    const found = await readable(request, reply);
    if (!found) return reply;
    return renderShow(request, reply, found.consultation, found.partnerIds);
  });

  async function renderShow(
    request: FastifyRequest,
    reply: FastifyReply,
    c: Consultation,
    partnerIds: string[],
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const user = currentUser(request);
    const [details, links, panels] = await Promise.all([
      service.loadDetails(deps, c.id),
      consultationLinks(deps, c, 'staff'),
      consultationPanels(deps, c, 'staff'),
    ]);
    const orgName = (id: string | null) => details.organisations.find((o) => o.id === id)?.name ?? '';
    const actions = allowedActions(user, c)
      .filter(isPageAction)
      .map((action) => ({ action, ...ACTIONS[action] }));
    return reply.render(
      'consultations/staff/show.njk',
      {
        c,
        labels,
        panels,
        leadOrganisationName: orgName(c.leadOrganisationId),
        leadOfficerName: details.staff.find((s) => s.id === c.leadOfficerId)?.name ?? '',
        partnerNames: partnerIds.map(orgName).filter(Boolean),
        topicNames: c.topics.map((t) => TOPICS[t as keyof typeof TOPICS] ?? t),
        audienceNames: c.audiences.map((a) => AUDIENCES[a as keyof typeof AUDIENCES]?.label ?? a),
        wardNames: details.wardCodes.map((code) => details.wards.find((w) => w.code === code)?.name ?? code),
        transitions: details.transitions,
        links,
        documents: details.documents.map((d) => ({ ...d, url: documentUrl(c.slug, d.id, d.filename) })),
        latestCheck: details.latestCheck,
        failing:
          details.latestCheck?.results.filter(
            (r) => r.status === 'block' || (r.status === 'warning' && !r.justification),
          ) ?? [],
        canEdit: canEdit(user, c),
        actions,
        ...extra,
      },
      status,
    );
  }

  app.get<{ Params: Params }>('/staff/consultations/:id/standards', staff, async (request, reply) => {
    const found = await readable(request, reply);
    if (!found) return reply;
    const run = await service.computeCheck(deps, deps.db, found.consultation);
    const latest = await service.latestStandardsCheck(deps.db, found.consultation.id);
    return reply.render('consultations/staff/standards.njk', {
      c: found.consultation,
      run,
      groups: groupResults(run.results),
      latest,
      labels,
      canJustify:
        canEdit(currentUser(request), found.consultation) ||
        canTransition(currentUser(request), found.consultation, 'approve'),
    });
  });

  app.post<{ Params: Params }>('/staff/consultations/:id/standards', staff, async (request, reply) => {
    const found = await readable(request, reply);
    if (!found) return reply;
    const user = currentUser(request);
    if (!(canEdit(user, found.consultation) || canTransition(user, found.consultation, 'approve')))
      return forbidden(reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const entries: Record<string, string> = {};
    const tooLong: string[] = [];
    for (const [key, value] of Object.entries(body)) {
      if (!key.startsWith('justification.') || typeof value !== 'string') continue;
      if (value.length > 2000) tooLong.push(key);
      entries[key.slice('justification.'.length)] = value;
    }
    if (tooLong.length > 0) {
      const run = await service.computeCheck(deps, deps.db, found.consultation);
      const errors = singleError(
        tooLong[0]!,
        'Justification must be 2,000 characters or fewer',
        tooLong[0]!.replace('.', '-'),
      );
      return reply.render(
        'consultations/staff/standards.njk',
        {
          c: found.consultation,
          run,
          groups: groupResults(run.results),
          labels,
          canJustify: true,
          entered: entries,
          errors,
        },
        422,
      );
    }
    const outcome = await service.saveJustifications(deps, actorOf(request), found.consultation.id, entries);
    if (!outcome.ok) return notFound(reply);
    flash(reply, `Standards check saved: ${labels.outcomes[outcome.run.outcome]}`);
    return reply.redirect(`/staff/consultations/${found.consultation.id}/standards`, 303);
  });

  // Lifecycle actions: a confirmation page (with a reason, date or summary where needed) and its POST.
  app.get<{ Params: Params & { action: string } }>(
    '/staff/consultations/:id/:action',
    staff,
    async (request, reply) => {
      const allowed = await actionAllowed(request, reply);
      if (!allowed) return reply;
      const { action, found } = allowed;
      return reply.render('consultations/staff/action.njk', {
        c: found.consultation,
        action: ACTIONS[action],
        values: {},
        times: TIMES,
        labels,
      });
    },
  );

  app.post<{ Params: Params & { action: string } }>(
    '/staff/consultations/:id/:action',
    staff,
    async (request, reply) => {
      const allowed = await actionAllowed(request, reply);
      if (!allowed) return reply;
      const { action, found } = allowed;
      const user = currentUser(request);
      const c = found.consultation;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const actor = actorOf(request);
      const formPage = (values: Record<string, unknown>, errors: unknown) =>
        reply.render(
          'consultations/staff/action.njk',
          { c, action: ACTIONS[action], values, errors, times: TIMES, labels },
          422,
        );

      let outcome: lifecycle.LifecycleOutcome;
      switch (ACTIONS[action].form) {
        case 'reason': {
          const parsed = reasonSchema.safeParse({ reason: typeof body.reason === 'string' ? body.reason : '' });
          if (!parsed.success) return formPage({ reason: body.reason }, toGovukErrors(parsed.error));
          const run = { return: lifecycle.returnToDraft, withdraw: lifecycle.withdraw, close: lifecycle.closeEarly }[
            action as 'return' | 'withdraw' | 'close'
          ];
          outcome = await run(deps, actor, user, c.id, parsed.data.reason);
          break;
        }
        case 'reopen': {
          const values = reopenValues(body);
          const parsed = reopenSchema(deps.clock.now()).safeParse(values);
          if (!parsed.success) return formPage(values, toGovukErrors(parsed.error, { closesAt: 'closesAt-day' }));
          outcome = await lifecycle.reopen(deps, actor, user, c.id, parsed.data.reason, parsed.data.closesAt);
          break;
        }
        default: {
          const run = { submit: lifecycle.submitForReview, approve: lifecycle.approve, archive: lifecycle.archive }[
            action as 'submit' | 'approve' | 'archive'
          ];
          outcome = await run(deps, actor, user, c.id);
        }
      }
      if (outcome.ok) {
        flash(reply, DONE_MESSAGES[action](outcome.consultation.state));
        return reply.redirect(`/staff/consultations/${c.id}`, 303);
      }
      const refusal = refusalMessage(action, outcome.reason);
      const href = outcome.reason === 'standards-not-met' ? `/staff/consultations/${c.id}/standards` : '#actions';
      const latest = await service.findReadable(deps, user, c.id);
      return renderShow(
        request,
        reply,
        latest?.consultation ?? c,
        found.partnerIds,
        { errors: { list: [{ text: refusal, href }], fields: {} } },
        outcome.reason === 'not-allowed' ? 403 : 422,
      );
    },
  );
}

const DONE_MESSAGES: Record<PageAction, (state: string) => string> = {
  submit: () => 'Submitted for review',
  return: () => 'Returned to draft',
  approve: (state) =>
    state === 'open'
      ? 'Approved: the consultation is now open'
      : 'Approved: the consultation will open on its opening date',
  withdraw: () => 'Withdrawn to draft',
  close: () => 'The consultation is closed',
  reopen: () => 'The consultation is open again',
  archive: () => 'Archived',
};

function refusalMessage(action: PageAction, reason: string): string {
  switch (reason) {
    case 'standards-not-met':
      return 'The standards check has not passed. Fix everything marked "Must fix" and write a justification for each warning, then try again.';
    case 'own-submission':
      return 'You submitted this consultation, so another engagement officer or administrator must approve it.';
    case 'closing-date-passed':
      return 'The closing date has passed. Change the closing date before approving.';
    case 'wrong-state':
      return `This consultation has changed since you opened the page, so it could not be ${ACTIONS[action].heading.toLowerCase()}.`;
    default:
      return 'You cannot do that.';
  }
}
