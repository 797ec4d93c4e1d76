/**
 * The questionnaire builder for staff: plain GOV.UK forms, one small change per form, every
 * change saved through the same use-case (and so the same validation and compatibility guard).
 * This file: the overview, settings, pages, the preview as a resident and the printable paper
 * copy; questions are in builder-questions.routes.ts.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, notFound, requireStaff } from '../../web/auth.ts';
import { toGovukErrors, type GovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { moveSchema, pageFormSchema, settingsFormSchema } from './builder.schema.ts';
import {
  loadQuestionnaire,
  questionnaireForPublicPrint,
  saveSettings,
  wardOptions,
  type BuilderState,
} from './builder.service.ts';
import {
  allPages,
  conditionChoices,
  conditionForPaper,
  conditionInWords,
  conditionValue,
  echo,
  numberQuestions,
} from './builder.view-model.ts';
import { addPage, deletePage, movePage, updatePage } from './definition-edits.ts';
import type { Consultation } from '../consultations/index.ts';
import { BASE, builderHelpers, baseUrl, PAGE_FIELDS, SETTINGS_FIELDS, type Params } from './builder-route-helpers.ts';
import { builderQuestionRoutes } from './builder-questions.routes.ts';

export function builderRoutes(app: FastifyInstance, deps: Deps) {
  const { access, renderOverview, save, renderDelete } = builderHelpers(deps);

  app.get<{ Params: Params }>(BASE, { preHandler: requireStaff }, async (request, reply) => {
    const a = await access(request, reply, false);
    if (!a) return reply;
    return renderOverview(reply, a.consultation, a.canEdit);
  });

  // ----- settings

  const renderSettings = (
    reply: FastifyReply,
    consultation: Consultation,
    values: Record<string, string>,
    errors?: GovukErrors,
  ) =>
    reply.render(
      'questionnaires/builder/settings.njk',
      { consultation, base: baseUrl(consultation), values, errors },
      errors ? 422 : 200,
    );

  app.get<{ Params: Params }>(`${BASE}/settings`, { preHandler: requireStaff }, async (request, reply) => {
    const a = await access(request, reply, true);
    if (!a) return reply;
    const { settings } = await loadQuestionnaire(deps, a.consultation.id);
    const yn = (value: boolean) => (value ? 'yes' : 'no');
    return renderSettings(reply, a.consultation, {
      mode: settings.mode,
      private: yn(settings.private),
      includeAboutYou: yn(settings.includeAboutYou),
      askRespondentType: yn(settings.askRespondentType),
      askPublicationConsent: yn(settings.askPublicationConsent),
    });
  });

  app.post<{ Params: Params }>(`${BASE}/settings`, { preHandler: requireStaff }, async (request, reply) => {
    const a = await access(request, reply, true);
    if (!a) return reply;
    const parsed = settingsFormSchema.safeParse(request.body ?? {});
    if (!parsed.success)
      return renderSettings(reply, a.consultation, echo(request.body, SETTINGS_FIELDS), toGovukErrors(parsed.error));
    await saveSettings(deps, actorOf(request), a.consultation, parsed.data);
    flash(reply, 'Questionnaire settings saved');
    return reply.redirect(baseUrl(a.consultation), 303);
  });

  // ----- pages

  async function renderPageForm(
    reply: FastifyReply,
    consultation: Consultation,
    state: BuilderState,
    pageIndex: number,
    values: Record<string, string>,
    errors?: GovukErrors,
  ) {
    const wards = await wardOptions(deps);
    const page = state.definition.pages[pageIndex];
    return reply.render(
      'questionnaires/builder/page-form.njk',
      {
        consultation,
        base: baseUrl(consultation),
        page,
        values,
        errors,
        conditionItems: conditionChoices(state.definition, pageIndex, wards, values.conditionAnswer ?? ''),
      },
      errors ? 422 : 200,
    );
  }

  app.get<{ Params: Params }>(`${BASE}/pages/new`, { preHandler: requireStaff }, async (request, reply) => {
    const a = await access(request, reply, true);
    if (!a) return reply;
    const state = await loadQuestionnaire(deps, a.consultation.id);
    return renderPageForm(reply, a.consultation, state, state.definition.pages.length, { conditionOperator: 'equals' });
  });

  app.post<{ Params: Params }>(`${BASE}/pages/new`, { preHandler: requireStaff }, async (request, reply) => {
    const a = await access(request, reply, true);
    if (!a) return reply;
    const state = await loadQuestionnaire(deps, a.consultation.id);
    const index = state.definition.pages.length;
    const values = echo(request.body, PAGE_FIELDS);
    const parsed = pageFormSchema.safeParse(request.body ?? {});
    if (!parsed.success)
      return renderPageForm(reply, a.consultation, state, index, values, toGovukErrors(parsed.error));
    return save(
      request,
      reply,
      a.consultation,
      addPage(parsed.data),
      { message: 'Page added' },
      (errors) => renderPageForm(reply, a.consultation, state, index, values, errors),
      { page: index },
    );
  });

  app.get<{ Params: Params }>(`${BASE}/pages/:pageKey`, { preHandler: requireStaff }, async (request, reply) => {
    const a = await access(request, reply, true);
    if (!a) return reply;
    const state = await loadQuestionnaire(deps, a.consultation.id);
    const index = state.definition.pages.findIndex((p) => p.key === request.params.pageKey);
    if (index < 0) return notFound(reply);
    const page = state.definition.pages[index]!;
    return renderPageForm(reply, a.consultation, state, index, {
      title: page.title,
      description: page.description ?? '',
      conditionOperator: 'equals',
      ...conditionValue(page.condition),
    });
  });

  app.post<{ Params: Params }>(`${BASE}/pages/:pageKey`, { preHandler: requireStaff }, async (request, reply) => {
    const a = await access(request, reply, true);
    if (!a) return reply;
    const state = await loadQuestionnaire(deps, a.consultation.id);
    const index = state.definition.pages.findIndex((p) => p.key === request.params.pageKey);
    if (index < 0) return notFound(reply);
    const values = echo(request.body, PAGE_FIELDS);
    const parsed = pageFormSchema.safeParse(request.body ?? {});
    if (!parsed.success)
      return renderPageForm(reply, a.consultation, state, index, values, toGovukErrors(parsed.error));
    return save(
      request,
      reply,
      a.consultation,
      updatePage(request.params.pageKey, parsed.data),
      { message: 'Page saved', anchor: request.params.pageKey },
      (errors) => renderPageForm(reply, a.consultation, state, index, values, errors),
      { page: index },
    );
  });

  app.post<{ Params: Params }>(`${BASE}/pages/:pageKey/move`, { preHandler: requireStaff }, async (request, reply) => {
    const a = await access(request, reply, true);
    if (!a) return reply;
    const parsed = moveSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.redirect(baseUrl(a.consultation), 303);
    return save(
      request,
      reply,
      a.consultation,
      movePage(request.params.pageKey, parsed.data.direction),
      { message: 'Page moved', anchor: request.params.pageKey },
      (errors) => renderOverview(reply, a.consultation, a.canEdit, errors, 422),
      null,
      'pages',
    );
  });

  app.get<{ Params: Params }>(`${BASE}/pages/:pageKey/delete`, { preHandler: requireStaff }, async (request, reply) => {
    const a = await access(request, reply, true);
    if (!a) return reply;
    const { definition } = await loadQuestionnaire(deps, a.consultation.id);
    const page = definition.pages.find((p) => p.key === request.params.pageKey);
    if (!page) return notFound(reply);
    return renderDelete(reply, a.consultation, { kind: 'page', text: page.title, hasQuestions: page.questions.length });
  });

  app.post<{ Params: Params }>(
    `${BASE}/pages/:pageKey/delete`,
    { preHandler: requireStaff },
    async (request, reply) => {
      const a = await access(request, reply, true);
      if (!a) return reply;
      const { definition } = await loadQuestionnaire(deps, a.consultation.id);
      const page = definition.pages.find((p) => p.key === request.params.pageKey);
      if (!page) return notFound(reply);
      return save(
        request,
        reply,
        a.consultation,
        deletePage(page.key),
        { message: 'Page deleted' },
        (errors) =>
          renderDelete(
            reply,
            a.consultation,
            { kind: 'page', text: page.title, hasQuestions: page.questions.length },
            errors,
          ),
        null,
      );
    },
  );

  // ----- preview and print

  app.get<{ Params: Params }>(`${BASE}/preview`, { preHandler: requireStaff }, async (request, reply) => {
    const a = await access(request, reply, false);
    if (!a) return reply;
    const [state, wards] = await Promise.all([loadQuestionnaire(deps, a.consultation.id), wardOptions(deps)]);
    const pages = allPages(state.definition, state.settings).map((page, index) => ({
      ...page,
      number: index + 1,
      conditionText: conditionInWords(page.condition, state.definition, wards),
      questions: page.questions.map((q) => ({
        question: q,
        conditionText: conditionInWords(q.condition, state.definition, wards),
      })),
    }));
    return reply.render('questionnaires/preview.njk', {
      consultation: a.consultation,
      base: baseUrl(a.consultation),
      pages,
      wards,
      all: true,
    });
  });

  app.get<{ Params: Params }>(`${BASE}/preview/page/:n`, { preHandler: requireStaff }, async (request, reply) => {
    const a = await access(request, reply, false);
    if (!a) return reply;
    const [state, wards] = await Promise.all([loadQuestionnaire(deps, a.consultation.id), wardOptions(deps)]);
    const pages = allPages(state.definition, state.settings);
    const n = Number(request.params.n);
    if (!Number.isInteger(n) || n < 1 || n > pages.length) return notFound(reply);
    const page = pages[n - 1]!;
    return reply.render('questionnaires/preview.njk', {
      consultation: a.consultation,
      base: baseUrl(a.consultation),
      wards,
      all: false,
      page: {
        ...page,
        number: n,
        conditionText: conditionInWords(page.condition, state.definition, wards),
        questions: page.questions.map((q) => ({
          question: q,
          conditionText: conditionInWords(q.condition, state.definition, wards),
        })),
      },
      pageCount: pages.length,
    });
  });

  async function renderPrint(reply: FastifyReply, consultation: Consultation, state: BuilderState, staff: boolean) {
    const wards = await wardOptions(deps);
    const pages = allPages(state.definition, state.settings);
    const numbers = numberQuestions(pages);
    return reply.render('questionnaires/print.njk', {
      consultation,
      staff,
      base: staff ? baseUrl(consultation) : `/consultations/${consultation.slug}`,
      wards,
      pages: pages.map((page) => ({
        ...page,
        conditionText: conditionForPaper(page.condition, pages, numbers, wards),
        questions: page.questions.map((q) => ({
          question: q,
          number: numbers[q.key],
          conditionText: conditionForPaper(q.condition, pages, numbers, wards),
        })),
      })),
    });
  }

  app.get<{ Params: Params }>(`${BASE}/print`, { preHandler: requireStaff }, async (request, reply) => {
    const a = await access(request, reply, false);
    if (!a) return reply;
    return renderPrint(reply, a.consultation, await loadQuestionnaire(deps, a.consultation.id), true);
  });

  app.get<{ Params: { slug: string } }>('/consultations/:slug/questionnaire/print', async (request, reply) => {
    const outcome = await questionnaireForPublicPrint(deps, request.params.slug);
    if (!outcome.ok) return notFound(reply);
    return renderPrint(reply, outcome.consultation, outcome.state, false);
  });

  builderQuestionRoutes(app, deps);
}
