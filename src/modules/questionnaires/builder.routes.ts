/**
 * The questionnaire builder for staff: plain GOV.UK forms, one small change per form, every
 * change saved through the same use-case (and so the same validation and compatibility guard).
 * Also the preview as a resident and the printable paper copy.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireStaff } from '../../web/auth.ts';
import { toGovukErrors, type GovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import {
  moveSchema,
  pageFormSchema,
  questionFormSchema,
  questionTypeSchema,
  settingsFormSchema,
  TYPE_LABELS,
} from './builder.schema.ts';
import {
  consultationForStaff,
  editDefinition,
  loadQuestionnaire,
  questionnaireForPublicPrint,
  saveSettings,
  wardOptions,
  type BuilderState,
  type SaveOutcome,
} from './builder.service.ts';
import {
  allPages,
  conditionChoices,
  conditionForPaper,
  conditionInWords,
  conditionValue,
  echo,
  numberQuestions,
  questionFormValues,
  saveErrors,
  typeLabel,
} from './builder.view-model.ts';
import {
  addPage,
  addQuestion,
  deletePage,
  deleteQuestion,
  findQuestion,
  movePage,
  moveQuestion,
  updatePage,
  updateQuestion,
  type Edit,
} from './definition-edits.ts';
import { QUESTION_TYPES, type Option, type QuestionType } from './questionnaire.types.ts';
import type { Consultation } from '../consultations/index.ts';

type Params = { id: string; pageKey: string; questionKey: string; type: string; n: string };
type Req = FastifyRequest<{ Params: Params }>;

const PAGE_FIELDS = ['title', 'description', 'conditionAnswer', 'conditionOperator'];
const QUESTION_FIELDS = [
  'text',
  'hint',
  'key',
  'required',
  'options',
  'allowOther',
  'maxChoices',
  'maxLength',
  'min',
  'max',
  'integer',
  'rows',
  'body',
  'sections',
  'conditionAnswer',
  'conditionOperator',
];
const SETTINGS_FIELDS = ['mode', 'private', 'includeAboutYou', 'askRespondentType', 'askPublicationConsent'];

const baseUrl = (c: Consultation) => `/staff/consultations/${c.id}/questionnaire`;

function savedMessage(what: string, outcome: Extract<SaveOutcome, { ok: true }>) {
  if (outcome.unchanged) return `${what}: nothing changed`;
  return outcome.newVersion
    ? `${what}. This is version ${outcome.version}: responses so far keep the version they answered`
    : what;
}

export function builderRoutes(app: FastifyInstance, deps: Deps) {
  const BASE = '/staff/consultations/:id/questionnaire';

  /** The consultation if this user may see it (404 otherwise, so IDs reveal nothing), and 403 for read-only users on writes. */
  async function access(request: Req, reply: FastifyReply, write: boolean) {
    const outcome = await consultationForStaff(deps, request.user!, request.params.id);
    if (!outcome.ok) {
      await notFound(reply);
      return null;
    }
    if (write && !outcome.canEdit) {
      await forbidden(reply);
      return null;
    }
    return outcome;
  }

  /** An editable questionnaire and one of its questions, or the 404/403 page already sent. */
  async function editableQuestion(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) {
    const a = await access(request, reply, true);
    if (!a) return null;
    const state = await loadQuestionnaire(deps, a.consultation.id);
    const found = findQuestion(state.definition, request.params.questionKey);
    if (!found) {
      await notFound(reply);
      return null;
    }
    return { consultation: a.consultation, state, found };
  }

  async function renderOverview(
    reply: FastifyReply,
    consultation: Consultation,
    canEdit: boolean,
    errors?: GovukErrors,
    status = 200,
  ) {
    const [state, wards] = await Promise.all([loadQuestionnaire(deps, consultation.id), wardOptions(deps)]);
    const pages = state.definition.pages.map((page, index) => ({
      ...page,
      number: index + 1,
      conditionText: conditionInWords(page.condition, state.definition, wards),
      questions: page.questions.map((question) => ({
        ...question,
        typeLabel: typeLabel(question),
        conditionText: conditionInWords(question.condition, state.definition, wards),
      })),
    }));
    return reply.render(
      'questionnaires/builder/overview.njk',
      { consultation, state, pages, canEdit, base: baseUrl(consultation), errors },
      status,
    );
  }

  /** Runs an edit and answers the way every builder form does: 303 on success, the form again with errors on refusal. */
  async function save(
    request: Req,
    reply: FastifyReply,
    consultation: Consultation,
    edit: Edit,
    done: { message: string; anchor?: string },
    refused: (errors: GovukErrors) => Promise<FastifyReply> | FastifyReply,
    at: { page: number; question?: number } | null,
    fallbackAnchor = 'main-content',
  ) {
    const outcome = await editDefinition(deps, actorOf(request), consultation, edit);
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') return notFound(reply);
      return refused(saveErrors(outcome, at, fallbackAnchor));
    }
    flash(reply, savedMessage(done.message, outcome));
    return reply.redirect(`${baseUrl(consultation)}${done.anchor ? `#${done.anchor}` : ''}`, 303);
  }

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

  async function renderDelete(
    reply: FastifyReply,
    consultation: Consultation,
    what: { kind: 'page' | 'question'; text: string; hasQuestions?: number },
    errors?: GovukErrors,
  ) {
    return reply.render(
      'questionnaires/builder/confirm-delete.njk',
      { consultation, base: baseUrl(consultation), what, errors },
      errors ? 422 : 200,
    );
  }

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

  // ----- questions

  app.get<{ Params: Params }>(
    `${BASE}/pages/:pageKey/questions/new`,
    { preHandler: requireStaff },
    async (request, reply) => {
      const a = await access(request, reply, true);
      if (!a) return reply;
      const { definition } = await loadQuestionnaire(deps, a.consultation.id);
      const page = definition.pages.find((p) => p.key === request.params.pageKey);
      if (!page) return notFound(reply);
      return reply.render('questionnaires/builder/question-type.njk', {
        consultation: a.consultation,
        base: baseUrl(a.consultation),
        page,
        types: TYPE_LABELS,
        values: {},
      });
    },
  );

  app.post<{ Params: Params }>(
    `${BASE}/pages/:pageKey/questions/new`,
    { preHandler: requireStaff },
    async (request, reply) => {
      const a = await access(request, reply, true);
      if (!a) return reply;
      const { definition } = await loadQuestionnaire(deps, a.consultation.id);
      const page = definition.pages.find((p) => p.key === request.params.pageKey);
      if (!page) return notFound(reply);
      const parsed = questionTypeSchema.safeParse(request.body ?? {});
      if (!parsed.success) {
        return reply.render(
          'questionnaires/builder/question-type.njk',
          {
            consultation: a.consultation,
            base: baseUrl(a.consultation),
            page,
            types: TYPE_LABELS,
            values: {},
            errors: toGovukErrors(parsed.error),
          },
          422,
        );
      }
      return reply.redirect(`${baseUrl(a.consultation)}/pages/${page.key}/questions/new/${parsed.data.type}`, 303);
    },
  );

  async function renderQuestionForm(
    reply: FastifyReply,
    consultation: Consultation,
    state: BuilderState,
    form: { type: QuestionType; pageIndex: number; action: string; isNew: boolean; originalKey?: string },
    values: Record<string, string>,
    errors?: GovukErrors,
  ) {
    const wards: Option[] = await wardOptions(deps);
    return reply.render(
      'questionnaires/builder/question-form.njk',
      {
        consultation,
        base: baseUrl(consultation),
        page: state.definition.pages[form.pageIndex],
        ...form,
        typeLabel: TYPE_LABELS[form.type].label,
        hasResponses: state.hasResponses,
        values,
        errors,
        conditionItems: conditionChoices(state.definition, form.pageIndex, wards, values.conditionAnswer ?? ''),
      },
      errors ? 422 : 200,
    );
  }

  const isType = (value: string): value is QuestionType => (QUESTION_TYPES as readonly string[]).includes(value);

  app.get<{ Params: Params }>(
    `${BASE}/pages/:pageKey/questions/new/:type`,
    { preHandler: requireStaff },
    async (request, reply) => {
      const a = await access(request, reply, true);
      if (!a) return reply;
      const state = await loadQuestionnaire(deps, a.consultation.id);
      const pageIndex = state.definition.pages.findIndex((p) => p.key === request.params.pageKey);
      const { type } = request.params;
      if (pageIndex < 0 || !isType(type)) return notFound(reply);
      return renderQuestionForm(
        reply,
        a.consultation,
        state,
        { type, pageIndex, action: request.url, isNew: true },
        { conditionOperator: 'equals' },
      );
    },
  );

  app.post<{ Params: Params }>(
    `${BASE}/pages/:pageKey/questions/new/:type`,
    { preHandler: requireStaff },
    async (request, reply) => {
      const a = await access(request, reply, true);
      if (!a) return reply;
      const state = await loadQuestionnaire(deps, a.consultation.id);
      const pageIndex = state.definition.pages.findIndex((p) => p.key === request.params.pageKey);
      const { type } = request.params;
      if (pageIndex < 0 || !isType(type)) return notFound(reply);
      const form = { type, pageIndex, action: request.url, isNew: true };
      const values = echo(request.body, QUESTION_FIELDS);
      const parsed = questionFormSchema(type).safeParse(request.body ?? {});
      if (!parsed.success)
        return renderQuestionForm(reply, a.consultation, state, form, values, toGovukErrors(parsed.error));
      const at = { page: pageIndex, question: state.definition.pages[pageIndex]!.questions.length };
      return save(
        request,
        reply,
        a.consultation,
        addQuestion(request.params.pageKey, parsed.data),
        { message: 'Question added', anchor: request.params.pageKey },
        (errors) => renderQuestionForm(reply, a.consultation, state, form, values, errors),
        at,
      );
    },
  );

  app.get<{ Params: Params }>(
    `${BASE}/questions/:questionKey`,
    { preHandler: requireStaff },
    async (request, reply) => {
      const q = await editableQuestion(request, reply);
      if (!q) return reply;
      const { consultation, state, found } = q;
      const form = editQuestionForm(found, request.url);
      return renderQuestionForm(reply, consultation, state, form, questionFormValues(found.question));
    },
  );

  app.post<{ Params: Params }>(
    `${BASE}/questions/:questionKey`,
    { preHandler: requireStaff },
    async (request, reply) => {
      const q = await editableQuestion(request, reply);
      if (!q) return reply;
      const { consultation, state, found } = q;
      const form = editQuestionForm(found, request.url);
      const values = echo(request.body, QUESTION_FIELDS);
      const parsed = questionFormSchema(found.question.type).safeParse(request.body ?? {});
      if (!parsed.success)
        return renderQuestionForm(reply, consultation, state, form, values, toGovukErrors(parsed.error));
      return save(
        request,
        reply,
        consultation,
        updateQuestion(found.question.key, parsed.data),
        { message: 'Question saved', anchor: found.page.key },
        (errors) => renderQuestionForm(reply, consultation, state, form, values, errors),
        { page: found.pageIndex, question: found.questionIndex },
      );
    },
  );

  app.post<{ Params: Params }>(
    `${BASE}/questions/:questionKey/move`,
    { preHandler: requireStaff },
    async (request, reply) => {
      const a = await access(request, reply, true);
      if (!a) return reply;
      const parsed = moveSchema.safeParse(request.body ?? {});
      if (!parsed.success) return reply.redirect(baseUrl(a.consultation), 303);
      return save(
        request,
        reply,
        a.consultation,
        moveQuestion(request.params.questionKey, parsed.data.direction),
        { message: 'Question moved', anchor: `question-${request.params.questionKey}` },
        (errors) => renderOverview(reply, a.consultation, a.canEdit, errors, 422),
        null,
        'pages',
      );
    },
  );

  app.get<{ Params: Params }>(
    `${BASE}/questions/:questionKey/delete`,
    { preHandler: requireStaff },
    async (request, reply) => {
      const q = await editableQuestion(request, reply);
      if (!q) return reply;
      const { consultation, found } = q;
      return renderDelete(reply, consultation, { kind: 'question', text: found.question.text });
    },
  );

  app.post<{ Params: Params }>(
    `${BASE}/questions/:questionKey/delete`,
    { preHandler: requireStaff },
    async (request, reply) => {
      const q = await editableQuestion(request, reply);
      if (!q) return reply;
      const { consultation, found } = q;
      return save(
        request,
        reply,
        consultation,
        deleteQuestion(found.question.key),
        { message: 'Question deleted', anchor: found.page.key },
        (errors) => renderDelete(reply, consultation, { kind: 'question', text: found.question.text }, errors),
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
}

/** The form settings for editing an existing question (its type and key are fixed by what it already is). */
function editQuestionForm(found: { question: { type: QuestionType; key: string }; pageIndex: number }, action: string) {
  return {
    type: found.question.type,
    pageIndex: found.pageIndex,
    action,
    isNew: false,
    originalKey: found.question.key,
  };
}
